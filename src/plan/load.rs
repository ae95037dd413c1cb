//! Reading plan files: paths on the command line, folders, includes, YAML.
//!
//! The result is the raw, spanned YAML of every file of every plan, plus the
//! diagnostics for files that could not be parsed. Nothing is interpreted
//! here beyond the YAML itself; [`crate::plan::resolve`] does that.

use crate::diag::{BadEncoding, Diagnostic, YamlLimit, did_you_mean};
use crate::plan::files::{Disk, Files, Kind};
use crate::plan::raw::RawFile;
use crate::source::{FileId, Loc, Sources, display_path};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// Largest plan file read, in bytes. A 100,000-task plan is about 18 MB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Deepest YAML nesting accepted (a task list nested in a task is two levels).
pub const MAX_DEPTH: usize = 128;
/// Most YAML nodes in one file: enough for a few hundred thousand tasks.
pub const MAX_NODES: usize = 20_000_000;
/// Most YAML events that aliases may replay in one file. Plans use anchors
/// for a shared list or two; an alias bomb needs millions.
pub const MAX_ALIAS_EVENTS: usize = 100_000;
/// Most bytes read in one run, over all its files (both sides of a `diff`
/// together): memory grows with the input, about 90 bytes a byte of YAML at
/// worst, and must not add up over many files each under the file limit.
pub const MAX_RUN_BYTES: u64 = 128 * 1024 * 1024;

/// What is left of a run's input budget ([`MAX_RUN_BYTES`]); clones share it.
#[derive(Debug, Clone)]
pub struct Budget(Arc<AtomicU64>);

impl Default for Budget {
    fn default() -> Self {
        Budget::new(MAX_RUN_BYTES)
    }
}

impl Budget {
    /// A budget of `bytes` bytes.
    pub fn new(bytes: u64) -> Self {
        Budget(Arc::new(AtomicU64::new(bytes)))
    }
    /// The bytes still left.
    pub fn left(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
    /// Take `n` bytes; false (and nothing taken) when fewer are left.
    fn take(&self, n: u64) -> bool {
        self.0
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(n)
            })
            .is_ok()
    }
}

/// Problems that stop the tool before it can judge any plan (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// Nothing is at a path given.
    #[error("{path}: no such file or folder")]
    NotFound {
        /// The path as shown.
        path: String,
    },
    /// A path given could not be read.
    #[error("{path}: cannot read: {source}")]
    Unreadable {
        /// The path as shown.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A folder given holds no plan file.
    #[error("{path}: no plan files (*.yaml, *.yml) in this folder")]
    NoPlans {
        /// The folder as shown.
        path: String,
    },
    /// A symbolic link in a folder given leads to a file outside it.
    #[error(
        "{path}: a symbolic link to a file outside {folder}: a plan file found in a folder must be inside it"
    )]
    Outside {
        /// The link as shown.
        path: String,
        /// The folder as shown.
        folder: String,
    },
}

/// The files of one plan: its root first, then the fragments it includes.
#[derive(Debug)]
pub struct PlanFiles {
    /// The root file.
    pub root: FileId,
    /// Each file read and parsed, root first. Shared with a [`ParseCache`]
    /// when the load used one: the resolver reads a shared file in place and
    /// moves out of one it alone holds.
    pub files: Vec<(FileId, Arc<RawFile>)>,
    /// Every file of the plan, read or not, root first.
    pub all_files: Vec<FileId>,
    /// False when some file of the plan could not be read or parsed: the plan
    /// is then not resolved, so that one syntax error does not cascade.
    pub complete: bool,
}

/// Everything the loader read: the sources, the plans' files, and what went wrong.
#[derive(Debug, Default)]
pub struct Workspace {
    /// Every file read, for positions in messages.
    pub sources: Sources,
    /// One entry per plan found.
    pub plans: Vec<PlanFiles>,
    /// Problems found while loading (unreadable files, bad YAML, bad includes).
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
            slot.1 = Arc::new(raw);
        }
        Ok(())
    }
}

/// Files parsed once and reused by the name of their bytes (a git blob id,
/// [`Files::content_key`]): `roadmap history` loads the plan at each
/// revision, and a file that did not change between two revisions is not
/// read or parsed again, so the cost of a walk grows with what changed.
#[derive(Default)]
pub struct ParseCache {
    /// Key -> the file's text and what it parsed to (shared with the
    /// workspaces that load it: never copied).
    entries: HashMap<String, (String, Arc<RawFile>)>,
    /// The keys the loads since the last [`ParseCache::keep_used`] took.
    used: HashSet<String>,
    /// Each file the last load read that has a key, as (path, key), in the order read.
    pub last_read: Vec<(PathBuf, String)>,
    /// Files parsed (not found here) over every load.
    pub parsed: usize,
    /// Files taken from here over every load.
    pub reused: usize,
}

impl ParseCache {
    /// Forget every file no load took since the last call, so that the
    /// cache holds about one revision's files, not every version.
    pub fn keep_used(&mut self) {
        let used = std::mem::take(&mut self.used);
        self.entries.retain(|k, _| used.contains(k));
    }
}

/// What parsing one file gave.
enum Parsed {
    /// Read, not parsed yet: files are parsed in batches, in parallel.
    Pending,
    Ok(Arc<RawFile>),
    Failed,
}

struct Loader {
    ws: Workspace,
    /// Where files are read from.
    fs: Box<dyn Files>,
    budget: Budget,
    /// Canonical path -> file already read, and what it gave.
    seen: HashMap<PathBuf, (FileId, Option<usize>)>,
    parsed: Vec<Option<Parsed>>,
    /// Files read and waiting to be parsed.
    pending: Vec<FileId>,
    /// The root of the plan being assembled.
    current_root: Option<FileId>,
    /// Which plan (index in `ws.plans`) each file already belongs to.
    owner: HashMap<FileId, usize>,
    /// Files parsed before, by content key; and the key of each file read
    /// and waiting to be parsed.
    cache: ParseCache,
    keys: HashMap<FileId, String>,
}

impl Default for Loader {
    fn default() -> Self {
        Loader::new(Box::new(Disk), Budget::default())
    }
}

impl Loader {
    fn new(fs: Box<dyn Files>, budget: Budget) -> Self {
        Loader {
            ws: Workspace::default(),
            fs,
            budget,
            seen: HashMap::new(),
            parsed: Vec::new(),
            pending: Vec::new(),
            current_root: None,
            owner: HashMap::new(),
            cache: ParseCache::default(),
            keys: HashMap::new(),
        }
    }
}

/// Read the plans at `paths` (files or folders).
pub fn load_paths(paths: &[PathBuf]) -> Result<Workspace, LoadError> {
    load_from(Box::new(Disk), paths, &Budget::default())
}

/// Read the plans at `paths` (files or folders) from `fs`, under the same
/// rules as from the disk, taking what is read from `budget`.
pub fn load_from(
    fs: Box<dyn Files>,
    paths: &[PathBuf],
    budget: &Budget,
) -> Result<Workspace, LoadError> {
    let mut loader = Loader::new(fs, budget.clone());
    for path in paths {
        loader.load_arg(path)?;
    }
    Ok(loader.ws)
}

/// [`load_from`], reusing the files `cache` holds by their content key
/// ([`Files::content_key`]) and adding the ones it parses.
pub fn load_cached(
    fs: Box<dyn Files>,
    paths: &[PathBuf],
    budget: &Budget,
    cache: &mut ParseCache,
) -> Result<Workspace, LoadError> {
    let mut loader = Loader::new(fs, budget.clone());
    loader.cache = std::mem::take(cache);
    loader.cache.last_read.clear();
    let mut result = Ok(());
    for path in paths {
        result = loader.load_arg(path);
        if result.is_err() {
            break;
        }
    }
    *cache = std::mem::take(&mut loader.cache);
    result.map(|()| loader.ws)
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
    serde_saphyr::from_str_with_options::<RawFile>(text, yaml_options()).map_err(|e| {
        let d = yaml_diagnostic(file, &e);
        Box::new(at_the_tab(text, d))
    })
}

/// A YAML error caused by a tab, moved from where the parser gave up (often
/// the end of the line before) to the tab itself, saying to use spaces. The
/// tab is the first one in a line's indentation from the parser's line on,
/// else the first one from there at all. Any other error is returned as it is.
fn at_the_tab(text: &str, d: Diagnostic) -> Diagnostic {
    let about_a_tab = d
        .message
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w == "tab" || w == "tabs");
    if d.code != crate::diag::Code::YamlSyntax || !about_a_tab {
        return d;
    }
    // The byte where the parser's line starts.
    let from = if d.loc.line <= 1 {
        Some(0)
    } else {
        crate::source::line_breaks(text).nth(d.loc.line as usize - 2)
    };
    let Some(from) = from else {
        return d;
    };
    let mut first_any = None;
    let mut line = d.loc.line.max(1);
    let mut offset = from;
    for l in text[from..].split_inclusive(['\n', '\r']) {
        let indent = l.len() - l.trim_start_matches([' ', '\t']).len();
        let found = l.find('\t').map(|i| (i, i < indent));
        if let Some((i, in_indent)) = found {
            let at = (line, offset, i, in_indent);
            if in_indent {
                return tab_at(text, d.loc.file, at);
            }
            first_any.get_or_insert(at);
        }
        if l.ends_with('\n') || l.ends_with('\r') && !text[offset + l.len()..].starts_with('\n') {
            line += 1;
        }
        offset += l.len();
    }
    match first_any {
        Some(at) => tab_at(text, d.loc.file, at),
        None => d,
    }
}

/// The `yaml-syntax` error for the tab at byte `i` of the line `line` that
/// starts at byte `start`.
fn tab_at(
    text: &str,
    file: FileId,
    (line, start, i, in_indent): (u32, usize, usize, bool),
) -> Diagnostic {
    let column = text[start..start + i].chars().count() as u32 + 1;
    let loc = Loc {
        file,
        line,
        column,
        bytes: u32::try_from(start + i).ok().map(|o| (o, 1)),
    };
    Diagnostic::yaml_tab(loc, in_indent)
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
    // Asking for the cores reads files under /proc: not for a small batch.
    if files.len() < 2 || bytes < PARALLEL_MIN_BYTES {
        return files.iter().map(|&f| parse_text(sources, f)).collect();
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len());
    if threads < 2 {
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
        let meta = self.fs.kind(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => LoadError::NotFound {
                path: shown.clone(),
            },
            _ => LoadError::Unreadable {
                path: shown.clone(),
                source: e,
            },
        })?;
        if meta == Kind::Dir {
            let mut files: Vec<PathBuf> = self
                .fs
                .list(path)
                .map_err(|e| LoadError::Unreadable {
                    path: shown.clone(),
                    source: e,
                })?
                .into_iter()
                .filter(|p| {
                    matches!(
                        p.extension().and_then(|e| e.to_str()),
                        Some("yaml") | Some("yml")
                    ) && self.fs.kind(p).is_ok_and(|k| k == Kind::File)
                })
                .collect();
            files.sort();
            if files.is_empty() {
                return Err(LoadError::NoPlans { path: shown });
            }
            // The folder's files are as untrusted as includes: a symlink in
            // it must not lead out (to /proc/self/environ, say, whose text a
            // diagnostic would quote).
            if let Ok(folder) = self.fs.canonical(path) {
                for f in &files {
                    if self.fs.canonical(f).is_ok_and(|c| !c.starts_with(&folder)) {
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
                    let me = self.fs.canonical(self.ws.sources.path(id)).ok();
                    let dir = self.ws.sources.path(id).parent().map(Path::to_path_buf);
                    for inc in &raw.include {
                        if let Some(dir) = &dir
                            && let Ok(c) = self.fs.canonical(&dir.join(&inc.value))
                            // Including itself does not make a file a fragment.
                            && me.as_ref() != Some(&c)
                        {
                            included.insert(c);
                        }
                    }
                }
            }
            for (f, &id) in files.iter().zip(&ids) {
                let canon = self.fs.canonical(f).unwrap_or_else(|_| f.clone());
                if !included.contains(&canon) {
                    self.assemble(id);
                }
            }
            // Every file of the folder is accounted for: one that no plan
            // took in (only included from within an include cycle) is
            // assembled as a root, which reports the cycle, so that no file
            // of the folder goes unchecked.
            for id in ids {
                if !self.owner.contains_key(&id) {
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
                Ok(raw) => {
                    let raw = Arc::new(raw);
                    if let Some(key) = self.keys.remove(&id) {
                        let text = self.ws.sources.get(id).text.clone();
                        self.cache.used.insert(key.clone());
                        self.cache.entries.insert(key, (text, Arc::clone(&raw)));
                        self.cache.parsed += 1;
                    }
                    Parsed::Ok(raw)
                }
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
        let canon = self.fs.canonical(path).map_err(|e| LoadError::Unreadable {
            path: shown.clone(),
            source: e,
        })?;
        if let Some(&(id, _)) = self.seen.get(&canon) {
            return Ok(id);
        }
        if let Some(id) = self.cached_file(path, &canon) {
            return Ok(id);
        }
        match self.read_capped(path) {
            Ok(Some(bytes)) => Ok(self.add_keyed(path.to_path_buf(), canon, bytes)),
            Ok(None) => Ok(self.over_budget(path.to_path_buf(), canon)),
            Err(e) => Err(LoadError::Unreadable {
                path: shown,
                source: e,
            }),
        }
    }

    /// Read at most one byte more than the file limit, so that a huge file
    /// is refused without reading it whole; and take what was read from the
    /// run's budget (`None` when it does not fit).
    fn read_capped(&mut self, path: &Path) -> std::io::Result<Option<Vec<u8>>> {
        let cap = MAX_FILE_BYTES.min(self.budget.left()) + 1;
        let bytes = self.fs.read(path, cap)?;
        let n = bytes.len() as u64;
        // A file over the file limit is reported as such, and not charged.
        if n > MAX_FILE_BYTES {
            return Ok(Some(bytes));
        }
        Ok(self.budget.take(n).then_some(bytes))
    }

    /// A file that would take the run past its input budget: recorded
    /// without its text, with an `input-limit` diagnostic.
    fn over_budget(&mut self, path: PathBuf, canon: PathBuf) -> FileId {
        let id = self.ws.sources.add(path, String::new());
        self.ws.diagnostics.push(Diagnostic::run_too_large(
            Loc::file_start(id),
            MAX_RUN_BYTES / (1024 * 1024),
        ));
        while self.parsed.len() <= id.0 as usize {
            self.parsed.push(None);
        }
        self.parsed[id.0 as usize] = Some(Parsed::Failed);
        self.seen.insert(canon, (id, None));
        id
    }

    /// A file the cache holds by its content key: its text and what it
    /// parsed to (shared, not copied), without reading or parsing it.
    fn cached_file(&mut self, path: &Path, canon: &Path) -> Option<FileId> {
        let key = self.fs.content_key(path)?;
        let (text, raw) = self.cache.entries.get(&key)?;
        if !self.budget.take(text.len() as u64) {
            return None; // read as usual, and refused as usual
        }
        let id = self.ws.sources.add(path.to_path_buf(), text.clone());
        let raw = Arc::clone(raw);
        while self.parsed.len() <= id.0 as usize {
            self.parsed.push(None);
        }
        self.parsed[id.0 as usize] = Some(Parsed::Ok(raw));
        self.seen.insert(canon.to_path_buf(), (id, None));
        self.cache.reused += 1;
        self.cache.last_read.push((path.to_path_buf(), key.clone()));
        self.cache.used.insert(key);
        Some(id)
    }

    /// [`Loader::add_file`], noting the file's content key, if it has one,
    /// for the cache.
    fn add_keyed(&mut self, path: PathBuf, canon: PathBuf, bytes: Vec<u8>) -> FileId {
        let key = self.fs.content_key(&path);
        let id = self.add_file(path.clone(), canon, bytes);
        if let Some(key) = key {
            self.cache.last_read.push((path, key.clone()));
            self.keys.insert(id, key);
        }
        id
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
            .and_then(|p| self.fs.canonical(p).ok())
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
                // A file already in this plan (itself, a cycle, a second
                // include) adds nothing: the plan is whole without the
                // include, and is still checked, so that the rest of its
                // errors are reported too.
                let whole = id == file || in_plan.contains(&id);
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
                        complete &= whole;
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
                Some(Parsed::Ok(raw)) => files.push((id, raw)),
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
        let canon = self.fs.canonical(&path).map_err(|e| {
            err(Diagnostic::include_unreadable(
                loc,
                inc,
                &io_reason(&e, &display_path(&path)),
            ))
        })?;
        if !canon.starts_with(root_dir) {
            return Err(err(Diagnostic::include_outside(loc, inc, &root_shown)));
        }
        if self.fs.kind(&canon).is_ok_and(|k| k == Kind::Dir) {
            return Err(err(Diagnostic::include_folder(loc, inc)));
        }
        if let Some(&(id, _)) = self.seen.get(&canon) {
            return Ok(id);
        }
        if let Some(id) = self.cached_file(&path, &canon) {
            return Ok(id);
        }
        match self.read_capped(&path) {
            Ok(Some(bytes)) => Ok(self.add_keyed(path, canon, bytes)),
            Ok(None) => Ok(self.over_budget(path, canon)),
            Err(e) => Err(err(Diagnostic::include_unreadable(
                loc,
                inc,
                &io_reason(&e, &display_path(&path)),
            ))),
        }
    }
}

fn io_reason(e: &std::io::Error, path: &str) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => format!("{path} does not exist"),
        std::io::ErrorKind::PermissionDenied => format!("{path} is not readable"),
        _ => format!("{path}: {e}"),
    }
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
            let line = crate::source::line_breaks(good).count() as u32 + 1;
            let last = crate::source::line_breaks(good).last().unwrap_or(0);
            let column = good[last..].chars().count() as u32 + 1;
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
