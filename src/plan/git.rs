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

/// Run git in `dir`; its standard output, or its error message.
pub fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_LITERAL_PATHSPECS", "1")
        .stdin(Stdio::null())
        .output()
        .map_err(GitError::CannotRun)?;
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

#[cfg(test)]
mod tests {
    use super::*;

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
