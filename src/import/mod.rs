//! `roadmap import`: the roadmaps teams already have (Markdown, Mermaid
//! `gantt` blocks, tracker CSV exports) read into a plan.
//!
//! Two stages: a parser per format ([`markdown`], [`mermaid`], [`csv`])
//! builds a [`Roadmap`], an intermediate value in which every entry keeps its
//! source line; [`emit`] writes it as commented YAML. What a parser cannot
//! read becomes a [`Warning`] with its line, never a guess. [`import_bytes`]
//! runs both and loads the result with the library before handing it back,
//! so a plan that would not load is never written. See docs/import.md.

pub mod cells;
pub mod csv;
pub mod emit;
pub mod markdown;
pub mod mermaid;

use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Inputs larger than the loader accepts are refused before parsing.
pub const MAX_INPUT_BYTES: u64 = crate::plan::load::MAX_FILE_BYTES;

/// Something in the input that was not read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The line (1-based) in the input.
    pub line: usize,
    /// What was not read, and why.
    pub message: String,
}

/// Why an import produced no plan. `Display` gives the message the tool prints.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Larger than [`MAX_INPUT_BYTES`].
    #[error("{path}: the file is larger than {limit} MiB", limit = MAX_INPUT_BYTES / (1024 * 1024))]
    TooLarge {
        /// The file as shown.
        path: String,
    },
    /// A NUL byte: the input is binary.
    #[error("{path}:{line}: the file is binary, not text (a NUL byte)")]
    Binary {
        /// The file as shown.
        path: String,
        /// The line of the first NUL byte (1-based).
        line: usize,
    },
    /// The input is not UTF-8; the first bad byte's position.
    #[error("{path}:{line}:{column}: the file is not UTF-8 text")]
    NotUtf8 {
        /// The file as shown.
        path: String,
        /// The line of the first bad byte (1-based).
        line: usize,
        /// Its column, in characters (1-based).
        column: usize,
    },
    /// No task, item or milestone could be read.
    #[error("{path}: not a roadmap: {found}")]
    NotARoadmap {
        /// The file as shown.
        path: String,
        /// What the document holds instead, for the user.
        found: String,
    },
    /// The CSV export could not be read; the line is `source.line()`.
    #[error("{path}:{}: {source}", .source.line())]
    Csv {
        /// The file as shown.
        path: String,
        /// What is wrong.
        #[source]
        source: csv::CsvError,
    },
    /// A `--map` argument that is not `COLUMN=FIELD` with a known field.
    #[error("--map {0}")]
    BadMap(String),
    /// The YAML written would not load: a bug in the importer.
    #[error(
        "{path}: the imported plan does not load ({message}); please report this with the input file"
    )]
    DoesNotLoad {
        /// The file as shown.
        path: String,
        /// The first error the loader gave.
        message: String,
    },
}

impl ImportError {
    /// Input the tool cannot read as a roadmap (exit 1), as opposed to a
    /// command it cannot run (a bad `--map`, exit 2).
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, ImportError::BadMap(_))
    }
}

/// The input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A Markdown document, with tables, lists and Mermaid blocks.
    Markdown,
    /// A CSV (or TSV) export from a tracker.
    Csv,
    /// A Mermaid `gantt` chart.
    Mermaid,
}

impl Format {
    /// By file name: `.csv`/`.tsv` are CSV, `.mmd`/`.mermaid` Mermaid, the rest Markdown.
    pub fn of_path(path: &Path) -> Format {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "tsv" => Format::Csv,
            "mmd" | "mermaid" => Format::Mermaid,
            _ => Format::Markdown,
        }
    }
}

/// Options of one import.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--map COLUMN=FIELD`: CSV and table columns read as the given field.
    pub map: Vec<(String, cells::Field)>,
}

impl Options {
    /// Parse `COLUMN=FIELD` pairs.
    pub fn with_maps(maps: &[String]) -> Result<Options, ImportError> {
        let mut map = Vec::new();
        for m in maps {
            let (col, field) = m.split_once('=').ok_or_else(|| {
                ImportError::BadMap(format!("`{m}`: write COLUMN=FIELD, e.g. \"Story=name\""))
            })?;
            let f = cells::Field::parse(field.trim()).ok_or_else(|| {
                ImportError::BadMap(format!(
                    "`{m}`: `{}` is not a field; use one of {}",
                    field.trim(),
                    cells::Field::NAMES.join(", ")
                ))
            })?;
            map.push((col.trim().to_string(), f));
        }
        Ok(Options { map })
    }
}

/// A bucket (sprint, phase, quarter, release) as read.
#[derive(Debug, Clone, Default)]
pub struct Bucket {
    /// Its id, made unique among buckets.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its `kind:` (`sprint`, `iteration`, `release`, `quarter`); `None` when not known.
    pub kind: Option<&'static str>,
    /// Free text under its heading.
    pub description: Option<String>,
    /// Its `period:` as written in the plan's form.
    pub period: Option<String>,
    /// Its start date in the plan's form (a date, or a relative form such as `week 3`).
    pub start: Option<String>,
    /// Its end date in the plan's form (a date, or a relative form such as `week 3`).
    pub end: Option<String>,
    /// The index in [`Roadmap::buckets`] of the bucket it is nested in.
    pub within: Option<usize>,
    /// A declared count of its items.
    pub total: Option<u64>,
    /// The line it was read from (1-based).
    pub line: usize,
    /// The heading label it is known by (`Sprint 2`, `Post-Launch`), normalised.
    pub key: String,
}

/// A milestone as read.
#[derive(Debug, Clone, Default)]
pub struct Milestone {
    /// Its id, unique among tasks and milestones.
    pub id: String,
    /// Its name.
    pub name: String,
    /// A gate (written `kind: gate`).
    pub gate: bool,
    /// Free text about it.
    pub description: Option<String>,
    /// Ids it depends on.
    pub after: Vec<String>,
    /// Ids of the milestones it groups.
    pub members: Vec<String>,
    /// Its duration as written (`2w`).
    pub duration: Option<String>,
    /// Its date in the plan's form (a date, or a relative form such as `week 3`).
    pub date: Option<String>,
    /// Its start date in the plan's form (a date, or a relative form such as `week 3`).
    pub start: Option<String>,
    /// Its end date in the plan's form (a date, or a relative form such as `week 3`).
    pub end: Option<String>,
    /// Its criteria, one per entry.
    pub criteria: Vec<String>,
    /// Who owns it.
    pub owner: Option<String>,
    /// Its tags.
    pub tags: Vec<String>,
    /// A declared count of its items.
    pub total: Option<u64>,
    /// The line it was read from (1-based).
    pub line: usize,
    /// Its short key (`A` of "Milestone A", `M0` of "M0: Repo"), lower case.
    pub key: Option<String>,
}

/// A task (an item, or a group of tasks) as read.
#[derive(Debug, Clone, Default)]
pub struct Task {
    /// Its id, unique among tasks and milestones.
    pub id: String,
    /// Its name; a blank one is left out with a warning.
    pub name: String,
    /// Free text about it.
    pub description: Option<String>,
    /// Its status in the plan's words (`todo`, `in-progress`, `done`, `blocked`, `cancelled`).
    pub status: Option<&'static str>,
    /// Who owns it.
    pub owner: Option<String>,
    /// Its priority as written.
    pub priority: Option<String>,
    /// Its tags.
    pub tags: Vec<String>,
    /// The index in [`Roadmap::buckets`] of its bucket.
    pub bucket: Option<usize>,
    /// The index in [`Roadmap::milestones`] of its milestone.
    pub milestone: Option<usize>,
    /// Its duration as written (`3d`).
    pub duration: Option<String>,
    /// Its start date in the plan's form (a date, or a relative form such as `week 3`).
    pub start: Option<String>,
    /// Its end date in the plan's form (a date, or a relative form such as `week 3`).
    pub end: Option<String>,
    /// Its due date in the plan's form (a date, or a relative form such as `week 3`).
    pub due: Option<String>,
    /// Ids it depends on.
    pub after: Vec<String>,
    /// A declared count of its items.
    pub total: Option<u64>,
    /// Its subtasks; a task with subtasks is a group.
    pub tasks: Vec<Task>,
    /// The line it was read from (1-based).
    pub line: usize,
}

/// A stream (a team, an epic, a section) and its tasks.
#[derive(Debug, Clone, Default)]
pub struct Stream {
    /// Its id, unique among streams.
    pub id: String,
    /// Its name (its id when blank).
    pub name: String,
    /// Free text about it.
    pub description: Option<String>,
    /// A declared count of its items.
    pub total: Option<u64>,
    /// Its tasks, in document order.
    pub tasks: Vec<Task>,
    /// The line it was read from (1-based).
    pub line: usize,
}

/// A risk as read.
#[derive(Debug, Clone, Default)]
pub struct Risk {
    /// Its id, unique among risks.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its probability as written.
    pub probability: Option<String>,
    /// Its impact as written.
    pub impact: Option<String>,
    /// How it is mitigated.
    pub mitigation: Option<String>,
    /// Who owns it.
    pub owner: Option<String>,
    /// Its status as written.
    pub status: Option<String>,
    /// The line it was read from (1-based).
    pub line: usize,
}

/// A plan as read from a document, before it is written as YAML.
#[derive(Debug, Clone, Default)]
pub struct Roadmap {
    /// The plan's title; `None` when the document has none ([`import_bytes`]
    /// then uses the file's name).
    pub title: Option<String>,
    /// The plan's description, one paragraph per entry.
    pub description: Vec<String>,
    /// The plan start in the plan's form, as written, and its line.
    pub start: Option<(String, String, usize)>,
    /// A declared count of the plan's items, and its line.
    pub total: Option<(u64, usize)>,
    /// The buckets, in document order.
    pub buckets: Vec<Bucket>,
    /// The milestones, in document order.
    pub milestones: Vec<Milestone>,
    /// The streams, in document order.
    pub streams: Vec<Stream>,
    /// The risks, in document order.
    pub risks: Vec<Risk>,
    /// What was not read, in the order found.
    pub warnings: Vec<Warning>,
    /// Ids in use among tasks and milestones (one namespace in the format).
    pub node_ids: IdSpace,
    bucket_ids: IdSpace,
    /// Buckets by label key, name key and id, first one wins.
    bucket_keys: HashMap<String, usize>,
    /// Streams by name.
    stream_names: HashMap<String, usize>,
    stream_ids: IdSpace,
    risk_ids: IdSpace,
}

/// Ids in use in one namespace, and the next suffix to try per base, so
/// that claiming the same base many times stays linear.
#[derive(Debug, Clone, Default)]
pub struct IdSpace {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl IdSpace {
    /// Whether `id` is in use.
    pub fn contains(&self, id: &str) -> bool {
        self.used.contains(id)
    }

    /// Claim `id` as written; false when it is taken.
    fn insert(&mut self, id: &str) -> bool {
        self.used.insert(id.to_string())
    }

    /// Make `base` unique (`x`, `x-2`, `x-3`, ...) and claim it.
    fn claim(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "item" } else { base };
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let n = self.next.entry(base.to_string()).or_insert(2);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

impl Roadmap {
    /// Record that something on `line` was not read.
    pub fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.warnings.push(Warning {
            line,
            message: message.into(),
        });
    }

    /// A task or milestone id from `base` (an id as written, or a name).
    pub fn node_id(&mut self, base: &str) -> String {
        self.node_ids.claim(&cells::short_id(base))
    }

    /// Keep an id as written (`1.1`, `TD-001`, `PROJ-12`) when it is free.
    pub fn node_id_as_written(&mut self, id: &str) -> String {
        let id = id.trim();
        if !id.is_empty() && cells::is_plain_id(id) && self.node_ids.insert(id) {
            id.to_string()
        } else {
            self.node_id(id)
        }
    }

    /// Add a bucket, its id made unique; its index in [`Roadmap::buckets`].
    pub fn add_bucket(&mut self, mut b: Bucket) -> usize {
        b.id = self.bucket_ids.claim(&cells::short_id(&b.id));
        let i = self.buckets.len();
        for k in [b.key.clone(), cells::key(&b.name), b.id.clone()] {
            self.bucket_keys.entry(k).or_insert(i);
        }
        self.buckets.push(b);
        i
    }

    /// Add a stream named `name`, its id made unique from `id_base`; its index.
    pub fn add_stream(&mut self, name: &str, id_base: &str, line: usize) -> usize {
        let id = self.stream_ids.claim(&cells::short_id(id_base));
        self.stream_names
            .entry(name.to_string())
            .or_insert(self.streams.len());
        self.streams.push(Stream {
            id,
            name: name.to_string(),
            line,
            ..Stream::default()
        });
        self.streams.len() - 1
    }

    /// Add a milestone, its id made unique from `id_base`; its index.
    pub fn add_milestone(&mut self, mut m: Milestone, id_base: &str) -> usize {
        m.id = self.node_id(id_base);
        self.milestones.push(m);
        self.milestones.len() - 1
    }

    /// Add a risk, its id kept as written when plain, else made from `id_base`; its index.
    pub fn add_risk(&mut self, mut r: Risk, id_base: &str) -> usize {
        let base = if cells::is_plain_id(id_base.trim()) {
            id_base.trim().to_string()
        } else {
            cells::short_id(id_base)
        };
        r.id = self.risk_ids.claim(&base);
        self.risks.push(r);
        self.risks.len() - 1
    }

    /// A bucket known by `text` (its name or heading label), if any.
    pub fn find_bucket(&self, text: &str) -> Option<usize> {
        let k = cells::key(text);
        if k.is_empty() {
            return None;
        }
        self.bucket_keys.get(&k).copied()
    }

    /// The stream named `name`, made if there is none.
    pub fn stream_named(&mut self, name: &str, line: usize) -> usize {
        match self.stream_names.get(name) {
            Some(&i) => i,
            None => self.add_stream(name, name, line),
        }
    }

    /// Items (leaf tasks) and groups in all streams.
    pub fn task_count(&self) -> usize {
        fn count(ts: &[Task]) -> usize {
            ts.iter().map(|t| 1 + count(&t.tasks)).sum()
        }
        self.streams.iter().map(|s| count(&s.tasks)).sum()
    }

    /// Leave out tasks whose name is blank (the plan format needs a name).
    fn drop_blank(&mut self) {
        fn keep(ts: &mut Vec<Task>, warnings: &mut Vec<Warning>, dropped: &mut HashSet<String>) {
            ts.retain(|t| {
                let blank = t.name.trim().is_empty();
                if blank {
                    warnings.push(Warning {
                        line: t.line,
                        message: "an item with a blank name; left out".to_string(),
                    });
                    dropped.insert(t.id.clone());
                }
                !blank
            });
            for t in ts {
                keep(&mut t.tasks, warnings, dropped);
            }
        }
        fn unlink(ts: &mut [Task], dropped: &HashSet<String>) {
            for t in ts {
                t.after.retain(|a| !dropped.contains(a));
                unlink(&mut t.tasks, dropped);
            }
        }
        let mut dropped = HashSet::new();
        for s in &mut self.streams {
            keep(&mut s.tasks, &mut self.warnings, &mut dropped);
        }
        if !dropped.is_empty() {
            for s in &mut self.streams {
                unlink(&mut s.tasks, &dropped);
            }
            for m in &mut self.milestones {
                m.after.retain(|a| !dropped.contains(a));
            }
        }
        for s in &mut self.streams {
            if s.name.trim().is_empty() {
                s.name = s.id.clone();
            }
        }
        for m in &mut self.milestones {
            if m.name.trim().is_empty() {
                m.name = m.id.clone();
            }
        }
        for b in &mut self.buckets {
            if b.name.trim().is_empty() {
                b.name = b.id.clone();
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.task_count() == 0 && self.milestones.is_empty()
    }
}

/// The result of [`import_bytes`]: the plan's YAML (already loaded once by
/// the library) and what could not be read.
#[derive(Debug)]
pub struct Imported {
    /// The plan as commented YAML.
    pub yaml: String,
    /// What could not be read, with lines.
    pub warnings: Vec<Warning>,
    /// The roadmap the YAML was written from.
    pub roadmap: Roadmap,
}

/// Parse text in a format into a [`Roadmap`].
pub fn parse(text: &str, format: Format, opts: &Options) -> Result<Roadmap, csv::CsvError> {
    match format {
        Format::Markdown => Ok(markdown::parse(text, opts)),
        Format::Mermaid => Ok(mermaid::parse_document(text)),
        Format::Csv => csv::parse(text, opts),
    }
}

/// Read `bytes` (the contents of `path`) as a roadmap and write it as a plan.
///
/// Refuses binary, non-UTF-8 and oversized input; a document in which no
/// task, item or milestone can be read is [`ImportError::NotARoadmap`]. The
/// YAML returned has been loaded with [`crate::check_bytes`]: it has no
/// error other than the document's own (declared totals that do not match,
/// dependency cycles).
pub fn import_bytes(path: &Path, bytes: &[u8], opts: &Options) -> Result<Imported, ImportError> {
    let shown = crate::source::display_path(path);
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge { path: shown });
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
        return Err(ImportError::Binary { path: shown, line });
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = 1 + good.iter().filter(|&&b| b == b'\n').count();
            let line_start = good
                .iter()
                .rposition(|&b| b == b'\n')
                .map(|p| p + 1)
                .unwrap_or(0);
            let column = 1 + String::from_utf8_lossy(&good[line_start..]).chars().count();
            return Err(ImportError::NotUtf8 {
                path: shown,
                line,
                column,
            });
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let format = Format::of_path(path);
    let roadmap = parse(text, format, opts).map_err(|source| ImportError::Csv {
        path: shown.clone(),
        source,
    })?;
    let mut roadmap = roadmap;
    roadmap.drop_blank();
    if roadmap.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        roadmap.title = Some(if stem.is_empty() {
            "Roadmap".to_string()
        } else {
            stem
        });
        roadmap.warn(
            1,
            "no title in the document: the file's name is the plan's title",
        );
    }
    if roadmap.is_empty() {
        let found = match format {
            Format::Markdown => markdown::describe(text),
            Format::Mermaid => "no Mermaid `gantt` task".to_string(),
            Format::Csv => "no row with a task name".to_string(),
        };
        return Err(ImportError::NotARoadmap { path: shown, found });
    }
    let yaml = emit::emit(&roadmap, &shown);
    verify(path, &yaml)?;
    Ok(Imported {
        yaml,
        warnings: roadmap.warnings.clone(),
        roadmap,
    })
}

/// Load the emitted plan with the library: anything but the document's own
/// errors (totals, cycles) and schedule warnings means the import is wrong.
fn verify(path: &Path, yaml: &str) -> Result<(), ImportError> {
    use crate::diag::Code;
    let name = path.with_extension("yaml");
    let project = crate::project::check_bytes(
        &name,
        yaml.as_bytes().to_vec(),
        crate::plan::time::notional_origin(),
    );
    let bad = project
        .diagnostics
        .iter()
        .find(|d| d.is_error() && !matches!(d.code, Code::TotalMismatch | Code::DependencyCycle));
    let loaded = project.plans.iter().any(|p| p.plan.is_some());
    match (bad, loaded) {
        (None, true) => Ok(()),
        (Some(d), _) => Err(ImportError::DoesNotLoad {
            path: crate::source::display_path(path),
            message: format!("line {}: {}: {}", d.loc.line, d.code, d.message),
        }),
        (None, false) => Err(ImportError::DoesNotLoad {
            path: crate::source::display_path(path),
            message: "no plan".to_string(),
        }),
    }
}
