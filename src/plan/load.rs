//! Reading plan files: paths on the command line, folders, includes, YAML.
//!
//! The result is the raw, spanned YAML of every file of every plan, plus the
//! diagnostics for files that could not be parsed. Nothing is interpreted
//! here beyond the YAML itself; [`crate::plan::resolve`] does that.

use crate::diag::{BadEncoding, Diagnostic, YamlLimit, did_you_mean};
use crate::plan::raw::RawFile;
use crate::source::{FileId, Loc, Sources, display_path};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Largest plan file read, in bytes. A 100,000-task plan is about 18 MB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Deepest YAML nesting accepted (a task list nested in a task is two levels).
pub const MAX_DEPTH: usize = 128;
/// Most YAML nodes in one file: enough for a few hundred thousand tasks.
pub const MAX_NODES: usize = 20_000_000;
/// Most YAML events that aliases may replay in one file. Plans use anchors
/// for a shared list or two; an alias bomb needs millions.
pub const MAX_ALIAS_EVENTS: usize = 100_000;

/// Problems that stop the tool before it can judge any plan (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: no such file or folder")]
    NotFound { path: String },
    #[error("{path}: cannot read: {source}")]
    Unreadable {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: no plan files (*.yaml, *.yml) in this folder")]
    NoPlans { path: String },
    #[error(
        "{path}: a symbolic link to a file outside {folder}: a plan file found in a folder must be inside it"
    )]
    Outside { path: String, folder: String },
}

/// The files of one plan: its root first, then the fragments it includes.
#[derive(Debug)]
pub struct PlanFiles {
    pub root: FileId,
    pub files: Vec<(FileId, RawFile)>,
    /// Every file of the plan, read or not, root first.
    pub all_files: Vec<FileId>,
    /// False when some file of the plan could not be read or parsed: the plan
    /// is then not resolved, so that one syntax error does not cascade.
    pub complete: bool,
}

#[derive(Debug, Default)]
pub struct Workspace {
    pub sources: Sources,
    pub plans: Vec<PlanFiles>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Workspace {
    /// Replace the text of `file` and parse it again, in the plan that holds
    /// it (an edit is checked this way before it is written).
    pub fn replace_text(&mut self, file: FileId, text: String) -> Result<(), Box<Diagnostic>> {
        self.sources.set_text(file, text);
        let raw = parse_text(&self.sources, file)?;
        if let Some(slot) = self
            .plans
            .iter_mut()
            .flat_map(|p| p.files.iter_mut())
            .find(|(f, _)| *f == file)
        {
            slot.1 = raw;
        }
        Ok(())
    }
}

/// What parsing one file gave.
enum Parsed {
    /// Read, not parsed yet: files are parsed in batches, in parallel.
    Pending,
    Ok(Box<RawFile>),
    Failed,
}

#[derive(Default)]
struct Loader {
    ws: Workspace,
    /// Canonical path -> file already read, and what it gave.
    seen: HashMap<PathBuf, (FileId, Option<usize>)>,
    parsed: Vec<Option<Parsed>>,
    /// Files read and waiting to be parsed.
    pending: Vec<FileId>,
    /// The root of the plan being assembled.
    current_root: Option<FileId>,
    /// Which plan (index in `ws.plans`) each file already belongs to.
    owner: HashMap<FileId, usize>,
}

/// Read the plans at `paths` (files or folders).
pub fn load_paths(paths: &[PathBuf]) -> Result<Workspace, LoadError> {
    let mut loader = Loader::default();
    for path in paths {
        loader.load_arg(path)?;
    }
    Ok(loader.ws)
}

/// Read one plan from bytes already in memory, as if they were the file at
/// `path` (for fuzzing and tests). Its includes are looked up next to `path`
/// on disk, under the same rules as for a file: give a path in a folder that
/// does not exist to have every include refused.
pub fn load_bytes(path: &Path, bytes: Vec<u8>) -> Workspace {
    let mut loader = Loader::default();
    let canon = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let id = loader.add_file(path.to_path_buf(), canon, bytes);
    loader.assemble(id);
    loader.ws
}

/// Parse YAML text as a plan file (exposed for fuzzing and tests).
pub fn parse_text(sources: &Sources, file: FileId) -> Result<RawFile, Box<Diagnostic>> {
    let text = &sources.get(file).text;
    if text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#') || l.trim() == "---")
    {
        return Err(Box::new(Diagnostic::empty_file(Loc::file_start(file))));
    }
    serde_saphyr::from_str_with_options::<RawFile>(text, yaml_options())
        .map_err(|e| Box::new(yaml_diagnostic(file, &e)))
}

/// The YAML parser's options for plan files: the budget that stops alias
/// bombs and runaway nesting (docs/security.md), sized so that a plan file
/// of a few hundred thousand tasks still loads. Also used by the parse floor
/// that bench/run.sh measures against (examples/parse_floor.rs).
pub fn yaml_options() -> serde_saphyr::Options {
    let budget = serde_saphyr::budget! {
        max_depth: MAX_DEPTH,
        max_nodes: MAX_NODES,
        max_events: MAX_NODES * 2,
        max_total_scalar_bytes: MAX_FILE_BYTES as usize,
        max_documents: 1,
        max_recorded_anchor_events: MAX_ALIAS_EVENTS,
    };
    serde_saphyr::options! {
        budget: budget,
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: MAX_ALIAS_EVENTS,
            max_replay_stack_depth: 16,
            max_alias_expansions_per_anchor: MAX_ALIAS_EVENTS,
        },
        with_snippet: false,
    }
}

/// Below this much text in a batch, one thread parses it sooner than several.
const PARALLEL_MIN_BYTES: usize = 256 * 1024;

/// Parse `files` (independent of one another), on as many threads as there
/// are cores when the batch is large enough; results in the order given.
fn parse_all(sources: &Sources, files: &[FileId]) -> Vec<Result<RawFile, Box<Diagnostic>>> {
    let bytes: usize = files.iter().map(|&f| sources.get(f).text.len()).sum();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len());
    if threads < 2 || bytes < PARALLEL_MIN_BYTES {
        return files.iter().map(|&f| parse_text(sources, f)).collect();
    }
    // Each thread takes the next file until none is left.
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        while let Some(&f) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
            done.push((f, parse_text(sources, f)));
        }
        done
    };
    let mut results: HashMap<FileId, Result<RawFile, Box<Diagnostic>>> =
        HashMap::with_capacity(files.len());
    std::thread::scope(|s| {
        // The main thread's stack size: nesting is bounded by MAX_DEPTH, and
        // the parser recurses once per level.
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(8 << 20)
                    .spawn_scoped(s, work)
                    .ok()
            })
            .collect();
        results.extend(work());
        for h in helpers {
            match h.join() {
                Ok(done) => results.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    files
        .iter()
        .map(|f| results.remove(f).expect("every file is parsed once"))
        .collect()
}

impl Loader {
    fn load_arg(&mut self, path: &Path) -> Result<(), LoadError> {
        let shown = display_path(path);
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => LoadError::NotFound {
                path: shown.clone(),
            },
            _ => LoadError::Unreadable {
                path: shown.clone(),
                source: e,
            },
        })?;
        if meta.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| LoadError::Unreadable {
                    path: shown.clone(),
                    source: e,
                })?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| {
                    matches!(
                        p.extension().and_then(|e| e.to_str()),
                        Some("yaml") | Some("yml")
                    ) && p.is_file()
                })
                .collect();
            files.sort();
            if files.is_empty() {
                return Err(LoadError::NoPlans { path: shown });
            }
            // The folder's files are as untrusted as includes: a symlink in
            // it must not lead out (to /proc/self/environ, say, whose text a
            // diagnostic would quote).
            if let Ok(folder) = path.canonicalize() {
                for f in &files {
                    if f.canonicalize().is_ok_and(|c| !c.starts_with(&folder)) {
                        return Err(LoadError::Outside {
                            path: display_path(f),
                            folder: shown,
                        });
                    }
                }
            }
            // Parse all, then the roots are the files no other file includes.
            let mut ids = Vec::new();
            for f in &files {
                ids.push(self.read_top(f)?);
            }
            self.parse_pending();
            let mut included = HashSet::new();
            for &id in &ids {
                if let Some(Parsed::Ok(raw)) = self.parsed_of(id) {
                    let dir = self.ws.sources.path(id).parent().map(Path::to_path_buf);
                    for inc in &raw.include {
                        if let Some(dir) = &dir
                            && let Ok(c) = dir.join(&inc.value).canonicalize()
                        {
                            included.insert(c);
                        }
                    }
                }
            }
            for (f, id) in files.iter().zip(ids) {
                let canon = f.canonicalize().unwrap_or_else(|_| f.clone());
                if !included.contains(&canon) {
                    self.assemble(id);
                }
            }
        } else {
            let id = self.read_top(path)?;
            self.assemble(id);
        }
        Ok(())
    }

    fn parsed_of(&self, id: FileId) -> Option<&Parsed> {
        self.parsed.get(id.0 as usize).and_then(|p| p.as_ref())
    }

    /// Parse every file read so far and not parsed yet, all at once: the
    /// fragments a root includes are parsed in parallel.
    fn parse_pending(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let files = std::mem::take(&mut self.pending);
        let results = parse_all(&self.ws.sources, &files);
        for (id, r) in files.into_iter().zip(results) {
            self.parsed[id.0 as usize] = Some(match r {
                Ok(raw) => Parsed::Ok(Box::new(raw)),
                Err(d) => {
                    self.ws.diagnostics.push(*d);
                    Parsed::Failed
                }
            });
        }
    }

    /// Read a file named on the command line (or found in a folder named there).
    fn read_top(&mut self, path: &Path) -> Result<FileId, LoadError> {
        let shown = display_path(path);
        let canon = path.canonicalize().map_err(|e| LoadError::Unreadable {
            path: shown.clone(),
            source: e,
        })?;
        if let Some(&(id, _)) = self.seen.get(&canon) {
            return Ok(id);
        }
        let bytes = read_capped(path).map_err(|e| LoadError::Unreadable {
            path: shown,
            source: e,
        })?;
        Ok(self.add_file(path.to_path_buf(), canon, bytes))
    }

    /// Decode and parse a file's bytes; record diagnostics.
    fn add_file(&mut self, path: PathBuf, canon: PathBuf, bytes: Vec<u8>) -> FileId {
        let (text, enc_err) = decode(bytes);
        let id = self.ws.sources.add(path, text);
        let parsed = match enc_err {
            Some((line, column, why)) => {
                self.ws.diagnostics.push(Diagnostic::encoding(
                    Loc {
                        file: id,
                        line,
                        column,
                        bytes: None,
                    },
                    why,
                ));
                Parsed::Failed
            }
            None if self.ws.sources.get(id).text.len() as u64 > MAX_FILE_BYTES => {
                self.ws.diagnostics.push(too_large(id));
                Parsed::Failed
            }
            None => {
                self.pending.push(id);
                Parsed::Pending
            }
        };
        while self.parsed.len() <= id.0 as usize {
            self.parsed.push(None);
        }
        self.parsed[id.0 as usize] = Some(parsed);
        self.seen.insert(canon, (id, None));
        id
    }

    /// Gather a root and everything it includes into one plan.
    fn assemble(&mut self, root: FileId) {
        if self.owner.contains_key(&root) {
            return; // named twice on the command line
        }
        self.current_root = Some(root);
        let plan_index = self.ws.plans.len();
        let root_dir = self
            .ws
            .sources
            .path(root)
            .parent()
            .and_then(|p| {
                if p.as_os_str().is_empty() {
                    Path::new(".").canonicalize().ok()
                } else {
                    p.canonicalize().ok()
                }
            })
            .unwrap_or_else(|| PathBuf::from("."));
        let mut order = vec![root];
        let mut complete = true;
        let mut in_plan: HashSet<FileId> = HashSet::from([root]);
        self.owner.insert(root, plan_index);
        // Breadth-first over includes; an explicit queue, no recursion.
        let mut i = 0;
        while i < order.len() {
            let file = order[i];
            i += 1;
            if matches!(self.parsed_of(file), Some(Parsed::Pending)) {
                self.parse_pending();
            }
            let includes: Vec<(String, Loc)> = match self.parsed_of(file) {
                Some(Parsed::Ok(raw)) => raw
                    .include
                    .iter()
                    .map(|s| (s.value.clone(), s.referenced.loc(file)))
                    .collect(),
                _ => {
                    complete = false;
                    continue;
                }
            };
            for (inc, loc) in includes {
                let id = match self.resolve_include(file, &root_dir, &inc, loc) {
                    Ok(id) => id,
                    Err(d) => {
                        self.ws.diagnostics.push(*d);
                        complete = false;
                        continue;
                    }
                };
                let problem = if id == file {
                    Some(Diagnostic::include_self(loc))
                } else if in_plan.contains(&id) {
                    Some(Diagnostic::include_twice(loc, &self.ws.sources.display(id)))
                } else if let Some(&other) = self.owner.get(&id) {
                    let other_root = self.ws.plans.get(other).map(|p| p.root).unwrap_or(id);
                    Some(Diagnostic::include_in_two_plans(
                        loc,
                        &self.ws.sources.display(id),
                        &self.ws.sources.display(other_root),
                    ))
                } else {
                    None
                };
                match problem {
                    Some(d) => {
                        self.ws.diagnostics.push(d);
                        complete = false;
                    }
                    None => {
                        in_plan.insert(id);
                        self.owner.insert(id, plan_index);
                        order.push(id);
                    }
                }
            }
        }
        let mut files = Vec::new();
        for &id in &order {
            match self.parsed.get_mut(id.0 as usize).and_then(Option::take) {
                Some(Parsed::Ok(raw)) => files.push((id, *raw)),
                _ => complete = false,
            }
        }
        self.ws.plans.push(PlanFiles {
            root,
            files,
            all_files: order,
            complete,
        });
        self.current_root = None;
    }

    fn resolve_include(
        &mut self,
        from: FileId,
        root_dir: &Path,
        inc: &str,
        loc: Loc,
    ) -> Result<FileId, Box<Diagnostic>> {
        let root_shown = self
            .current_root
            .and_then(|r| self.ws.sources.path(r).parent().map(display_path))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "./".to_string());
        let err = Box::new;
        let rel = Path::new(inc);
        if inc.trim().is_empty() {
            return Err(err(Diagnostic::include_empty(loc)));
        }
        if rel.is_absolute() {
            return Err(err(Diagnostic::include_absolute(loc, inc)));
        }
        let base = self
            .ws
            .sources
            .path(from)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let path = base.join(rel);
        let canon = path.canonicalize().map_err(|e| {
            err(Diagnostic::include_unreadable(
                loc,
                inc,
                &io_reason(&e, &display_path(&path)),
            ))
        })?;
        if !canon.starts_with(root_dir) {
            return Err(err(Diagnostic::include_outside(loc, inc, &root_shown)));
        }
        if canon.is_dir() {
            return Err(err(Diagnostic::include_folder(loc, inc)));
        }
        if let Some(&(id, _)) = self.seen.get(&canon) {
            return Ok(id);
        }
        let bytes = read_capped(&path).map_err(|e| {
            err(Diagnostic::include_unreadable(
                loc,
                inc,
                &io_reason(&e, &display_path(&path)),
            ))
        })?;
        Ok(self.add_file(path, canon, bytes))
    }
}

fn io_reason(e: &std::io::Error, path: &str) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => format!("{path} does not exist"),
        std::io::ErrorKind::PermissionDenied => format!("{path} is not readable"),
        _ => format!("{path}: {e}"),
    }
}

/// Read at most one byte more than the limit, so that a huge file is refused
/// without reading it whole.
fn read_capped(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    // Opening a FIFO would wait for a writer for ever; a device never ends.
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    let f = std::fs::File::open(path)?;
    let mut buf = Vec::new();
    f.take(MAX_FILE_BYTES + 1).read_to_end(&mut buf)?;
    Ok(buf)
}

fn too_large(file: FileId) -> Diagnostic {
    Diagnostic::file_too_large(Loc::file_start(file), MAX_FILE_BYTES / (1024 * 1024))
}

/// UTF-8 text without its BOM; or the position of the first bad byte.
fn decode(mut bytes: Vec<u8>) -> (String, Option<(u32, u32, BadEncoding)>) {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return (String::new(), Some((1, 1, BadEncoding::Utf16)));
    }
    match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => {
            let bytes = e.into_bytes();
            let Err(err) = std::str::from_utf8(&bytes) else {
                return (String::new(), None);
            };
            let good = &bytes[..err.valid_up_to()];
            // Valid prefix: count lines and characters for the position.
            let good = std::str::from_utf8(good).unwrap_or_default();
            let line = good.matches('\n').count() as u32 + 1;
            let column = good.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
            let lossy = String::from_utf8_lossy(&bytes).into_owned();
            (
                lossy,
                Some((
                    line,
                    column,
                    BadEncoding::Byte {
                        byte: bytes[err.valid_up_to()],
                        offset: err.valid_up_to(),
                    },
                )),
            )
        }
    }
}

/// Turn a serde-saphyr error into a diagnostic at its location.
fn yaml_diagnostic(file: FileId, e: &serde_saphyr::Error) -> Diagnostic {
    use serde_saphyr::Error as E;
    let loc = e
        .location()
        .map(|l| Loc::from_saphyr(file, &l))
        .unwrap_or_else(|| Loc::file_start(file));
    let plain = strip_location(&e.to_string());
    match e {
        E::SerdeUnknownField {
            field, expected, ..
        } => Diagnostic::unknown_key(
            loc,
            field,
            did_you_mean(field, expected.iter().copied()),
            expected,
        ),
        E::SerdeMissingField { field, .. } => Diagnostic::missing_key(loc, field),
        E::DuplicateMappingKey { key, .. } => Diagnostic::duplicate_key(loc, key.as_deref()),
        E::Unexpected { expected, .. } => Diagnostic::unexpected_shape(loc, expected),
        E::Budget { .. } if plain.contains("Documents") => Diagnostic::second_document(loc),
        E::Budget { breach, .. } => {
            use serde_saphyr::budget::BudgetBreach as B;
            let limit = match breach {
                B::Depth { .. } => YamlLimit::Depth(MAX_DEPTH),
                B::Nodes { .. } | B::Events { .. } => YamlLimit::Nodes,
                B::Aliases { .. } | B::Anchors { .. } => YamlLimit::Anchors,
                _ => YamlLimit::Size,
            };
            Diagnostic::yaml_limit(loc, limit)
        }
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => Diagnostic::yaml_limit(loc, YamlLimit::Aliases),
        E::SerdeInvalidType { .. }
        | E::SerdeInvalidValue { .. }
        | E::SerdeInvalidLength { .. }
        | E::InvalidScalar { .. }
        | E::NullIntoString { .. }
        | E::SerdeUnknownVariant { .. } => Diagnostic::wrong_type(loc, &plain),
        _ if plain.contains("recursion limit exceeded") => {
            Diagnostic::yaml_limit(loc, YamlLimit::Recursion(MAX_DEPTH))
        }
        _ if plain.contains("budget breached") || plain.contains("limit exceeded") => {
            Diagnostic::yaml_limit(loc, YamlLimit::Aliases)
        }
        _ => Diagnostic::yaml_syntax(loc, &plain),
    }
}

/// Drop the " at line L, column C" suffix the YAML library adds.
fn strip_location(msg: &str) -> String {
    let first = msg.lines().next().unwrap_or(msg);
    match first.rfind(" at line ") {
        Some(i) => first[..i].to_string(),
        None => first.to_string(),
    }
}
