//! Plan files at a git revision, read into memory: `roadmap diff REV:PATH`.
//!
//! Nothing is written to disk. The tree is listed once with `git ls-tree -r
//! -z` (paths as bytes, never quoted, so `größe.yaml` is `größe.yaml`), and
//! the files are read on demand through one `git cat-file --batch` process
//! that lives as long as the tree, by object id. The loader reads them
//! through [`crate::plan::files::Memory`], under the same include rules as on
//! disk: a root's includes come from the same revision.
//!
//! Which side is git and which is disk is decided by [`parse_spec`], so that
//! a file or folder in the working tree can never stand in for a revision.

use crate::plan::files::{Blobs, Kind, Memory};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// What a side of `diff` names.
#[derive(Debug, PartialEq, Eq)]
pub enum Spec {
    /// A file or folder on disk.
    Disk(PathBuf),
    /// `PATH` at the commit `rev` (as written, and its object id).
    Git {
        /// The revision as written.
        rev: String,
        /// The commit it names (its object id).
        commit: String,
        /// The path after `:`, relative to the current folder.
        path: String,
    },
}

/// Why a `REV:PATH` side could not be read from git. `Display` gives the
/// message the tool prints.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// `:PATH`: nothing before the colon.
    #[error(
        "{spec}: no revision before `:`; write REV:PATH for git, or ./{spec} for a file or folder of that name"
    )]
    NoRevision {
        /// The side as written.
        spec: String,
    },
    /// `REV` names no commit of the repository (or there is no repository).
    #[error(
        "{spec}: `{rev}` is not a commit in this git repository (fetch it first); a file or folder whose name holds `:` is written ./{spec}"
    )]
    NotARevision {
        /// The side as written.
        spec: String,
        /// The part before the first `:`.
        rev: String,
    },
    /// `PATH` climbs above the top of the repository.
    #[error("{spec}: the path leads out of the repository; name a file or folder in it")]
    OutsideRepository {
        /// The side as written.
        spec: String,
    },
    /// `PATH` is in neither the commit's tree nor any folder of it.
    #[error("{spec}: no such file or folder at that revision")]
    NoSuchPath {
        /// The side as written.
        spec: String,
    },
    /// The tree holds a path no checkout could hold (absolute, or climbing
    /// out with `..`).
    #[error(
        "{spec}: the tree holds an entry named `{name}`, which no checkout could hold: refused"
    )]
    BadEntryName {
        /// The side as written.
        spec: String,
        /// The entry's path, as shown.
        name: String,
    },
    /// The `git` program could not be started.
    #[error("cannot run git: {0}")]
    CannotRun(#[source] io::Error),
    /// git ran and failed; its standard error, trimmed.
    #[error("{message}")]
    Git {
        /// What git wrote on standard error.
        message: String,
    },
    /// `git ls-tree` wrote something this reader does not understand.
    #[error("git ls-tree: {what}")]
    Listing {
        /// What was wrong with the line.
        what: &'static str,
    },
}

/// Run git in `dir`; its standard output, or its error message. Paths are
/// literal (`GIT_LITERAL_PATHSPECS`): a plan file named `*.yaml` is that file.
pub fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    run_git(dir, args, true)
}

/// Run git in `dir`, with pathspecs literal or with their magic on.
fn run_git(dir: &Path, args: &[&str], literal: bool) -> Result<Vec<u8>, GitError> {
    let mut cmd = Command::new("git");
    cmd.arg("-C").arg(dir).args(args).stdin(Stdio::null());
    if literal {
        cmd.env("GIT_LITERAL_PATHSPECS", "1");
    } else {
        cmd.env_remove("GIT_LITERAL_PATHSPECS");
    }
    let out = cmd.output().map_err(GitError::CannotRun)?;
    if !out.status.success() {
        return Err(GitError::Git {
            message: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(out.stdout)
}

/// The commit `rev` names in the repository around `dir`, if it names one.
fn resolve_commit(dir: &Path, rev: &str) -> Option<String> {
    let out = git(
        dir,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .ok()?;
    let oid = String::from_utf8_lossy(&out).trim().to_string();
    (!oid.is_empty()).then_some(oid)
}

/// Decide what a side of `diff` names. The rule (docs/security.md):
///
/// - written with a leading `./`, `../` or `/` (or `.`, `..`): a path on
///   disk, whatever else it holds;
/// - holding a `:`: `REV:PATH` in git, always; if `REV` is not a commit of
///   the repository around `dir`, an error, never a path on disk (a pull
///   request can add a folder named `origin/main:plans`, and in a shallow
///   clone `origin/main` may not be there);
/// - anything else: a path on disk.
pub fn parse_spec(dir: &Path, spec: &str) -> Result<Spec, GitError> {
    // On Windows, `C:\plans` and `C:/plans` are paths too.
    let drive = cfg!(windows) && {
        let b = spec.as_bytes();
        b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && matches!(b[2], b'\\' | b'/')
    };
    let explicit = spec == "."
        || spec == ".."
        || spec.starts_with("./")
        || spec.starts_with("../")
        || spec.starts_with('/')
        || drive;
    if explicit {
        return Ok(Spec::Disk(PathBuf::from(spec)));
    }
    let Some((rev, path)) = spec.split_once(':') else {
        return Ok(Spec::Disk(PathBuf::from(spec)));
    };
    if rev.is_empty() {
        return Err(GitError::NoRevision {
            spec: spec.to_string(),
        });
    }
    match resolve_commit(dir, rev) {
        Some(commit) => Ok(Spec::Git {
            rev: rev.to_string(),
            commit,
            path: path.to_string(),
        }),
        None => Err(GitError::NotARevision {
            spec: spec.to_string(),
            rev: rev.to_string(),
        }),
    }
}

/// `prefix` + `path` with `.` and `..` taken out; `None` when it climbs
/// above the top of the repository.
fn repo_path(prefix: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for seg in prefix.split('/').chain(path.split('/')) {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The plan files under `PATH` at a commit, ready for the loader.
pub struct Tree {
    /// The files of the revision under the folder of `base`.
    pub files: Memory<CatFile>,
    /// The file or folder to load (relative to the top of the repository).
    pub base: PathBuf,
    /// Whether `base` is a folder (else one file).
    pub base_is_dir: bool,
}

/// One entry of `git ls-tree -z -l`: mode, type, object id, size, path.
struct Entry {
    mode: String,
    oid: String,
    path: Vec<u8>,
}

fn parse_ls_tree(out: &[u8]) -> Result<Vec<Entry>, GitError> {
    let mut entries = Vec::new();
    for rec in out.split(|&b| b == 0).filter(|r| !r.is_empty()) {
        let tab = rec
            .iter()
            .position(|&b| b == b'\t')
            .ok_or(GitError::Listing {
                what: "a line without a path",
            })?;
        let head = String::from_utf8_lossy(&rec[..tab]);
        let mut f = head.split_whitespace();
        let (Some(mode), Some(_kind), Some(oid)) = (f.next(), f.next(), f.next()) else {
            return Err(GitError::Listing {
                what: "a line without mode, type and id",
            });
        };
        entries.push(Entry {
            mode: mode.to_string(),
            oid: oid.to_string(),
            path: rec[tab + 1..].to_vec(),
        });
    }
    Ok(entries)
}

#[cfg(unix)]
fn path_of(bytes: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(bytes))
}

#[cfg(not(unix))]
fn path_of(bytes: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
}

impl Tree {
    /// `path` (relative to the current folder `dir`, as git's `REV:./PATH`
    /// is) at `commit`, which `spec` names in messages.
    pub fn open(dir: &Path, spec: &str, commit: &str, path: &str) -> Result<Tree, GitError> {
        let top = git(dir, &["rev-parse", "--show-toplevel"])?;
        let top = path_of(top.trim_ascii_end().to_vec());
        let prefix = git(dir, &["rev-parse", "--show-prefix"])?;
        let prefix = String::from_utf8_lossy(prefix.trim_ascii_end()).into_owned();
        let rel = repo_path(&prefix, path).ok_or_else(|| GitError::OutsideRepository {
            spec: spec.to_string(),
        })?;
        // What `rel` is: the top, a folder (a tree) or a file (a blob).
        let base_is_dir = rel.is_empty() || {
            let out = git(&top, &["ls-tree", "-z", "--full-tree", commit, "--", &rel])?;
            let entries = parse_ls_tree(&out)?;
            match entries.iter().find(|e| e.path == rel.as_bytes()) {
                Some(e) => e.mode == "040000",
                None => {
                    return Err(GitError::NoSuchPath {
                        spec: spec.to_string(),
                    });
                }
            }
        };
        let folder = if base_is_dir {
            rel.clone()
        } else {
            rel.rsplit_once('/')
                .map(|(d, _)| d.to_string())
                .unwrap_or_default()
        };
        let mut args = vec!["ls-tree", "-r", "-z", "--full-tree", commit];
        if !folder.is_empty() {
            args.extend(["--", &folder]);
        }
        let listing = parse_ls_tree(&git(&top, &args)?)?;
        let under = |p: &[u8]| {
            folder.is_empty()
                || p.strip_prefix(folder.as_bytes())
                    .is_some_and(|rest| rest.starts_with(b"/"))
        };
        let files = listing.into_iter().filter(|e| under(&e.path)).map(|e| {
            let kind = match e.mode.as_str() {
                "100644" | "100755" => Kind::File,
                // Symbolic links and submodules are not read from git.
                _ => Kind::Other,
            };
            (path_of(e.path), kind, e.oid)
        });
        let files =
            Memory::new(files, CatFile::new(top)).map_err(|bad| GitError::BadEntryName {
                spec: spec.to_string(),
                name: crate::source::display_path(&bad),
            })?;
        Ok(Tree {
            files,
            base: PathBuf::from(rel),
            base_is_dir,
        })
    }
}

/// One `git cat-file --batch` process, started on first use and ended when
/// dropped: a file is one request and one answer on its pipes.
pub struct CatFile {
    top: PathBuf,
    proc: Option<(Child, ChildStdin, BufReader<ChildStdout>)>,
}

impl CatFile {
    /// A reader for the repository whose top folder is `top`; git starts on the first read.
    pub fn new(top: PathBuf) -> CatFile {
        CatFile { top, proc: None }
    }

    fn start(&mut self) -> io::Result<&mut (Child, ChildStdin, BufReader<ChildStdout>)> {
        if self.proc.is_none() {
            let mut child = Command::new("git")
                .arg("-C")
                .arg(&self.top)
                .args(["cat-file", "--batch"])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()?;
            let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
                let _ = child.kill();
                return Err(io::Error::other("git cat-file: no pipes"));
            };
            self.proc = Some((child, stdin, BufReader::new(stdout)));
        }
        Ok(self.proc.as_mut().expect("started above"))
    }

    fn request(&mut self, oid: &str, cap: u64) -> io::Result<Vec<u8>> {
        let (_, stdin, out) = self.start()?;
        writeln!(stdin, "{oid}")?;
        stdin.flush()?;
        let mut header = Vec::new();
        out.read_until(b'\n', &mut header)?;
        let header = String::from_utf8_lossy(&header);
        let mut f = header.split_whitespace();
        let (Some(_), Some(kind), Some(size)) = (f.next(), f.next(), f.next()) else {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("git cat-file: {}", header.trim()),
            ));
        };
        let size: u64 = size
            .parse()
            .map_err(|_| io::Error::other("git cat-file: a bad size"))?;
        let mut buf = Vec::with_capacity(size.min(cap) as usize);
        out.by_ref().take(size.min(cap)).read_to_end(&mut buf)?;
        // The rest of a file over the cap, and the newline after each.
        io::copy(
            &mut out.by_ref().take(size - buf.len() as u64 + 1),
            &mut io::sink(),
        )?;
        if kind != "blob" {
            return Err(crate::plan::files::not_regular());
        }
        Ok(buf)
    }
}

impl Blobs for CatFile {
    fn keys_name_content(&self) -> bool {
        true
    }

    fn read(&mut self, oid: &str, cap: u64) -> io::Result<Vec<u8>> {
        let r = self.request(oid, cap);
        if r.is_err() {
            // Out of step with the process: the next read starts a new one.
            self.stop();
        }
        r
    }
}

impl CatFile {
    fn stop(&mut self) {
        if let Some((mut child, stdin, _)) = self.proc.take() {
            drop(stdin);
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for CatFile {
    fn drop(&mut self) {
        self.stop();
    }
}

// ---------------------------------------------------------------------------
// The plan's history: `roadmap history`
// ---------------------------------------------------------------------------

/// Why the history of a plan could not be read. `Display` gives the message
/// the tool prints.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// The path is in no git repository.
    #[error(
        "{path}: not in a git repository; `roadmap history` reads the plan's past from git (run it inside the repository that holds the plan)"
    )]
    NotARepository {
        /// The path as given.
        path: String,
    },
    /// The folder that should hold the path does not exist.
    #[error("{path}: no such file or folder")]
    NoSuchFolder {
        /// The path as given.
        path: String,
    },
    /// The repository is a shallow clone: its history is cut off.
    #[error(
        "{path}: the repository is a shallow clone, so the plan's history stops where the clone was cut; fetch all of it first (`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout)"
    )]
    Shallow {
        /// The path as given.
        path: String,
    },
    /// The repository has no commit (yet), or the revision to end at names none.
    #[error("{what}: not a commit in this git repository")]
    NoCommit {
        /// The revision as written, or `HEAD`.
        what: String,
    },
    /// The path is not in the repository at the last revision walked.
    #[error("{path}: no plan file or folder of that name in git at {rev} (commit it first)")]
    NotInGit {
        /// The path as given.
        path: String,
        /// The revision the walk starts from (`HEAD` or `--until`).
        rev: String,
    },
    /// `--since REV` names a commit that is not on the first-parent line walked.
    #[error(
        "{rev}: not a commit on the first-parent line of the history walked (git log --first-parent)"
    )]
    NotOnLine {
        /// The revision as written.
        rev: String,
    },
    /// git could not be run, or failed.
    #[error(transparent)]
    Git(#[from] GitError),
}

/// One commit that touched the plan's files.
#[derive(Debug, Clone)]
pub struct Commit {
    /// Its object id.
    pub id: String,
    /// The author's name.
    pub author: String,
    /// The committer date, in the committer's time zone (when the change
    /// landed): the date the revision is scheduled as of.
    pub date: chrono::NaiveDate,
    /// The subject line of its message.
    pub subject: String,
}

/// What a commit did to one path: the blob before (none: added) and after
/// (none: deleted).
#[derive(Debug, Clone)]
struct Change {
    old: Option<(String, String)>,
    new: Option<(String, String)>,
}

/// Where the walk ends: a date (the last commit on or before it) or a
/// revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bound {
    /// A calendar date, in each commit's own time zone.
    Date(chrono::NaiveDate),
    /// A revision as written (`v1.0`, `HEAD~20`, a commit id).
    Rev(String),
}

/// The commits that touched a plan's files, newest first, and one reader
/// for every file of every revision.
pub struct History {
    top: PathBuf,
    /// The plan's file or folder, relative to the top of the repository, at
    /// the newest revision (a file's name is followed back through renames).
    rel: String,
    is_dir: bool,
    /// Every `.yaml`/`.yml` file under the plan's folder at the newest
    /// revision: path -> (mode, object id).
    tree: std::collections::BTreeMap<String, (String, String)>,
    /// The commits, newest first, each with its changes to those files.
    commits: Vec<(Commit, Vec<Change>)>,
    reader: std::rc::Rc<std::cell::RefCell<CatFile>>,
}

/// The plan files of one revision, ready for the loader.
pub struct Revision<'h> {
    /// The commit.
    pub commit: &'h Commit,
    /// The plan's files at it.
    pub files: Memory<SharedCatFile>,
    /// The file or folder to load (relative to the top of the repository).
    pub base: PathBuf,
}

/// A [`CatFile`] that every revision of a walk reads through.
#[derive(Clone)]
pub struct SharedCatFile(std::rc::Rc<std::cell::RefCell<CatFile>>);

impl Blobs for SharedCatFile {
    fn keys_name_content(&self) -> bool {
        true
    }
    fn read(&mut self, key: &str, cap: u64) -> io::Result<Vec<u8>> {
        self.0.borrow_mut().read(key, cap)
    }
}

fn is_plan_file(path: &str) -> bool {
    path.ends_with(".yaml") || path.ends_with(".yml")
}

/// Run git in `dir` with pathspec magic on (`:(glob)`), unlike [`git`].
fn git_glob(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    run_git(dir, args, false)
}

/// `git log -z --raw` output: each commit's header (`\x01` id `\x02` author
/// `\x02` date `\x02` subject) and its raw changes.
fn parse_log(out: &[u8]) -> Result<Vec<(Commit, Vec<Change>)>, GitError> {
    let bad = |what| GitError::Listing { what };
    let mut commits: Vec<(Commit, Vec<Change>)> = Vec::new();
    let mut tokens = out.split(|&b| b == 0);
    while let Some(tok) = tokens.next() {
        let tok = tok.strip_prefix(b"\n").unwrap_or(tok);
        if tok.is_empty() {
            continue;
        }
        if let Some(head) = tok.strip_prefix(b"\x01") {
            let head = String::from_utf8_lossy(head);
            let mut f = head.split('\x02');
            let (Some(id), Some(author), Some(date), subject) =
                (f.next(), f.next(), f.next(), f.next())
            else {
                return Err(bad("a commit without id, author and date"));
            };
            let date = chrono::DateTime::parse_from_rfc3339(date)
                .map_err(|_| bad("a commit date that is not RFC 3339"))?
                .date_naive();
            commits.push((
                Commit {
                    id: id.to_string(),
                    author: author.to_string(),
                    date,
                    subject: subject.unwrap_or("").to_string(),
                },
                Vec::new(),
            ));
            continue;
        }
        let Some(meta) = tok.strip_prefix(b":") else {
            return Err(bad("a change line without `:`"));
        };
        let meta = String::from_utf8_lossy(meta);
        let f: Vec<&str> = meta.split(' ').collect();
        let [old_mode, new_mode, old_id, new_id, status] = f[..] else {
            return Err(bad("a change line without modes, ids and status"));
        };
        let path = |t: Option<&[u8]>| {
            t.map(|p| String::from_utf8_lossy(p).into_owned())
                .ok_or(bad("a change without its path"))
        };
        let first = path(tokens.next())?;
        let second = if status.starts_with('R') || status.starts_with('C') {
            Some(path(tokens.next())?)
        } else {
            None
        };
        let zero = |id: &str| id.bytes().all(|b| b == b'0');
        let (old_path, new_path) = match &second {
            Some(to) if status.starts_with('R') => (Some(first), Some(to.clone())),
            Some(to) => (None, Some(to.clone())), // a copy adds `to`
            None => (Some(first.clone()), Some(first)),
        };
        let old = old_path
            .filter(|_| !zero(old_id))
            .map(|p| (p, format!("{old_mode} {old_id}")));
        let new = new_path
            .filter(|_| !zero(new_id))
            .map(|p| (p, format!("{new_mode} {new_id}")));
        let Some((_, changes)) = commits.last_mut() else {
            return Err(bad("a change before any commit"));
        };
        changes.push(Change { old, new });
    }
    Ok(commits)
}

impl History {
    /// The commits that touched the plan at `path` (a file or a folder,
    /// relative to the current folder), newest first: `git log
    /// --first-parent` from `until` (else `HEAD`) back to `since`, run once.
    /// Only `.yaml` and `.yml` files under the plan's folder are read.
    pub fn open(
        path: &Path,
        since: Option<&Bound>,
        until: Option<&Bound>,
    ) -> Result<History, HistoryError> {
        let shown = crate::source::display_path(path);
        // git runs in the folder that holds the path (the path itself when it
        // is a folder on disk), so that a plan in another repository works.
        let (dir, name) = if path.is_dir() {
            (path.to_path_buf(), String::new())
        } else {
            let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
            let parent = parent.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (parent, name)
        };
        let not_repo = || HistoryError::NotARepository {
            path: shown.clone(),
        };
        if !dir.is_dir() {
            return Err(HistoryError::NoSuchFolder { path: shown });
        }
        let top = git(&dir, &["rev-parse", "--show-toplevel"]).map_err(|e| match e {
            GitError::CannotRun(_) => HistoryError::Git(e),
            _ => not_repo(),
        })?;
        let top = path_of(top.trim_ascii_end().to_vec());
        let shallow = git(&dir, &["rev-parse", "--is-shallow-repository"])?;
        if shallow.trim_ascii() == b"true" {
            return Err(HistoryError::Shallow { path: shown });
        }
        let prefix = git(&dir, &["rev-parse", "--show-prefix"])?;
        let prefix = String::from_utf8_lossy(prefix.trim_ascii_end()).into_owned();
        let mut rel = repo_path(&prefix, &name).ok_or_else(not_repo)?;
        let is_dir = name.is_empty();

        // Where the walk starts (the newest revision).
        let (start_rev, date_until) = match until {
            None => ("HEAD".to_string(), None),
            Some(Bound::Rev(r)) => (r.clone(), None),
            Some(Bound::Date(d)) => ("HEAD".to_string(), Some(*d)),
        };
        let start = resolve_commit(&top, &start_rev).ok_or_else(|| HistoryError::NoCommit {
            what: start_rev.clone(),
        })?;
        let since_commit = match since {
            Some(Bound::Rev(r)) => Some(
                resolve_commit(&top, r)
                    .ok_or_else(|| HistoryError::NoCommit { what: r.clone() })?,
            ),
            _ => None,
        };
        let folder = if is_dir {
            rel.clone()
        } else {
            rel.rsplit_once('/')
                .map(|(d, _)| d.to_string())
                .unwrap_or_default()
        };
        let specs: Vec<String> = ["yaml", "yml"]
            .iter()
            .map(|ext| {
                if folder.is_empty() {
                    format!(":(glob)**/*.{ext}")
                } else {
                    format!(":(glob){}/**/*.{ext}", glob_escape(&folder))
                }
            })
            .collect();
        let mut args = vec![
            "log",
            "--first-parent",
            "-M",
            "--raw",
            "-z",
            "--no-abbrev",
            "--no-color",
            "--format=%x01%H%x02%an%x02%cI%x02%s",
            &start,
            "--",
        ];
        args.extend(specs.iter().map(String::as_str));
        let mut commits = parse_log(&git_glob(&top, &args)?)?;

        let mut ls = vec!["ls-tree", "-r", "-z", "--full-tree", &start];
        if !folder.is_empty() {
            ls.extend(["--", &folder]);
        }
        let under = |p: &str| {
            folder.is_empty()
                || p.strip_prefix(folder.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        };
        let tree = parse_ls_tree(&git(&top, &ls)?)?
            .into_iter()
            .filter_map(|e| {
                let p = String::from_utf8(e.path).ok()?;
                (under(&p) && is_plan_file(&p)).then_some((p, (e.mode, e.oid)))
            })
            .collect::<std::collections::BTreeMap<_, _>>();
        let present = if is_dir {
            tree.keys().next().is_some()
        } else {
            tree.contains_key(&rel)
        };
        if !present {
            return Err(HistoryError::NotInGit {
                path: shown,
                rev: start_rev,
            });
        }
        // The walk's ends: the first commit on or before `until`'s date,
        // back to the last one on or after `since`'s (or `since` itself).
        let mut tree = tree;
        if let Some(d) = date_until {
            // Commits after the date are undone on the tree, newest first.
            let keep = commits.iter().position(|(c, _)| c.date <= d);
            let later = keep.unwrap_or(commits.len());
            for (_, changes) in commits.drain(..later) {
                if !is_dir && let Some(from) = renamed_from(&changes, &rel) {
                    rel = from;
                }
                undo(&mut tree, &changes);
            }
        }
        match since {
            Some(Bound::Date(d)) => {
                if let Some(i) = commits.iter().position(|(c, _)| c.date < *d) {
                    commits.truncate(i);
                }
            }
            Some(Bound::Rev(r)) => {
                let id = since_commit.unwrap_or_default();
                match commits.iter().position(|(c, _)| c.id == id) {
                    Some(i) => commits.truncate(i + 1),
                    // Not a commit that touched the plan: it may still be on the line.
                    None => {
                        let line = git(&top, &["rev-list", "--first-parent", &start])?;
                        let line = String::from_utf8_lossy(&line);
                        let mut ids = line.lines();
                        if !ids.any(|l| l == id) {
                            return Err(HistoryError::NotOnLine { rev: r.clone() });
                        }
                        // Keep the commits newer than it on the line.
                        let older: std::collections::HashSet<&str> = ids.collect();
                        commits.retain(|(c, _)| !older.contains(c.id.as_str()));
                    }
                }
            }
            None => {}
        }
        Ok(History {
            reader: std::rc::Rc::new(std::cell::RefCell::new(CatFile::new(top.clone()))),
            top,
            rel,
            is_dir,
            tree,
            commits,
        })
    }

    /// How many commits the walk visits.
    pub fn len(&self) -> usize {
        self.commits.len()
    }

    /// Whether no commit touched the plan in the range asked.
    pub fn is_empty(&self) -> bool {
        self.commits.is_empty()
    }

    /// The top folder of the repository.
    pub fn top(&self) -> &Path {
        &self.top
    }

    /// Visit each commit, newest first, with the plan's files at it; stop
    /// at the first commit where the plan is not there (before it was
    /// written), or when `visit` returns false. A file plan renamed in the
    /// history is followed to its older name.
    pub fn walk(mut self, mut visit: impl FnMut(Revision<'_>) -> bool) -> Result<(), GitError> {
        let commits = std::mem::take(&mut self.commits);
        let mut rel = self.rel.clone();
        for (commit, changes) in &commits {
            let present = if self.is_dir {
                self.tree.keys().next().is_some()
            } else {
                self.tree.contains_key(&rel)
            };
            if !present {
                break;
            }
            let folder = if self.is_dir {
                rel.clone()
            } else {
                rel.rsplit_once('/')
                    .map(|(d, _)| d.to_string())
                    .unwrap_or_default()
            };
            let files = self.tree.iter().filter(|(p, _)| {
                folder.is_empty()
                    || p.strip_prefix(folder.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            });
            let files = files.map(|(p, (mode, oid))| {
                let kind = match mode.as_str() {
                    "100644" | "100755" => Kind::File,
                    _ => Kind::Other,
                };
                (PathBuf::from(p), kind, oid.clone())
            });
            let files = Memory::new(files, SharedCatFile(self.reader.clone())).map_err(|bad| {
                GitError::BadEntryName {
                    spec: commit.id.clone(),
                    name: crate::source::display_path(&bad),
                }
            })?;
            let go_on = visit(Revision {
                commit,
                files,
                base: PathBuf::from(&rel),
            });
            if !go_on {
                break;
            }
            if !self.is_dir
                && let Some(from) = renamed_from(changes, &rel)
            {
                rel = from;
            }
            undo(&mut self.tree, changes);
        }
        Ok(())
    }
}

/// The name `rel` had before `changes`, when they renamed it.
fn renamed_from(changes: &[Change], rel: &str) -> Option<String> {
    changes.iter().find_map(|c| match (&c.old, &c.new) {
        (Some((old, _)), Some((new, _))) if new == rel && old != rel => Some(old.clone()),
        _ => None,
    })
}

/// The tree before a commit, from the tree after it and its changes.
fn undo(tree: &mut std::collections::BTreeMap<String, (String, String)>, changes: &[Change]) {
    for c in changes {
        if let Some((p, _)) = &c.new {
            tree.remove(p);
        }
    }
    for c in changes {
        if let Some((p, mode_id)) = &c.old
            && is_plan_file(p)
        {
            let (mode, id) = mode_id.split_once(' ').unwrap_or(("100644", mode_id));
            tree.insert(p.clone(), (mode.to_string(), id.to_string()));
        }
    }
}

/// A folder name with the characters `:(glob)` treats specially escaped.
fn glob_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if matches!(ch, '*' | '?' | '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_with_a_rename_undone_on_the_tree() {
        let a = "a".repeat(40);
        let b = "b".repeat(40);
        let z = "0".repeat(40);
        let log = format!(
            "\x01c2\x02Ana Lima\x022026-03-09T10:00:00+01:00\x02rename: a -> b\0\n\
             :100644 100644 {a} {b} R090\0p/a.yaml\0p/b.yaml\0\
             :000000 100644 {z} {a} A\0p/c.yaml\0\
             \x01c1\x02Bo\x022026-03-02T23:30:00-05:00\x02first\0\n\
             :000000 100644 {z} {a} A\0p/a.yaml\0"
        );
        let commits = parse_log(log.as_bytes()).unwrap();
        assert_eq!(commits.len(), 2);
        let (c2, ch2) = &commits[0];
        assert_eq!((c2.id.as_str(), c2.author.as_str()), ("c2", "Ana Lima"));
        assert_eq!(c2.subject, "rename: a -> b");
        // The committer's own date, not UTC's.
        assert_eq!(commits[1].0.date.to_string(), "2026-03-02");
        assert_eq!(ch2.len(), 2);
        assert_eq!(renamed_from(ch2, "p/b.yaml").as_deref(), Some("p/a.yaml"));
        assert_eq!(renamed_from(ch2, "p/c.yaml"), None);
        let mut tree = std::collections::BTreeMap::new();
        tree.insert("p/b.yaml".to_string(), ("100644".to_string(), b.clone()));
        tree.insert("p/c.yaml".to_string(), ("100644".to_string(), a.clone()));
        undo(&mut tree, ch2);
        assert_eq!(
            tree.into_iter().collect::<Vec<_>>(),
            [("p/a.yaml".to_string(), ("100644".to_string(), a))]
        );
        assert!(
            parse_log(b":100644 100644 x y M\0p\0").is_err(),
            "a change before any commit"
        );
        assert!(parse_log(b"\x01only-an-id\0").is_err());
    }

    #[test]
    fn glob_specials_are_escaped() {
        assert_eq!(glob_escape("plans [v2]/*"), "plans \\[v2\\]/\\*");
    }

    #[test]
    fn repo_paths_stay_in_the_repository() {
        assert_eq!(repo_path("", "plans/").as_deref(), Some("plans"));
        assert_eq!(
            repo_path("sub/", "../plans/./a.yaml").as_deref(),
            Some("plans/a.yaml")
        );
        assert_eq!(repo_path("", "").as_deref(), Some(""));
        assert_eq!(repo_path("", ".."), None);
        assert_eq!(repo_path("sub/", "../.."), None);
    }

    #[test]
    fn disk_paths_are_explicit() {
        let here = Path::new(".");
        for spec in ["./origin/main:plans", "/tmp/a:b", "../x:y", ".", "plans/"] {
            assert!(
                matches!(parse_spec(here, spec), Ok(Spec::Disk(_))),
                "{spec}"
            );
        }
        assert!(matches!(
            parse_spec(here, ":plans"),
            Err(GitError::NoRevision { .. })
        ));
        assert!(matches!(
            parse_spec(here, "no-such-rev-anywhere:plans"),
            Err(GitError::NotARevision { rev, .. }) if rev == "no-such-rev-anywhere"
        ));
    }
}
