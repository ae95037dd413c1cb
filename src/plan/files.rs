//! Where the loader reads plan files from: the disk, or files held in memory
//! (a git revision read by [`crate::plan::git`], bytes given by a test).
//!
//! The loader ([`crate::plan::load`]) asks only these questions of a file system,
//! so that its rules (includes stay inside the root's folder, a file is
//! identified by its canonical path, only regular files are read) are the
//! same whatever the files come from.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io;
use std::path::{Component, Path, PathBuf};

/// What is at a path (symbolic links followed on disk).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A regular file.
    File,
    /// A folder.
    Dir,
    /// A FIFO, a device, a socket, a symbolic link in a git tree.
    Other,
}

/// Where the loader reads plan files from: the disk ([`Disk`]) or a tree in memory ([`Memory`]).
pub trait Files {
    /// What is at `path`; `NotFound` when nothing is.
    fn kind(&self, path: &Path) -> io::Result<Kind>;
    /// The path that identifies the file (symbolic links resolved, `.` and
    /// `..` removed), to tell whether two spellings name one file and
    /// whether a path is inside a folder.
    fn canonical(&self, path: &Path) -> io::Result<PathBuf>;
    /// The entries directly in the folder `dir`, as `dir.join(name)`.
    fn list(&self, dir: &Path) -> io::Result<Vec<PathBuf>>;
    /// At most `cap` bytes of the regular file at `path`; anything that is
    /// not a regular file is refused without being opened.
    fn read(&mut self, path: &Path, cap: u64) -> io::Result<Vec<u8>>;
    /// A name for the bytes at `path` that changes whenever they do (a git
    /// blob id), so that a file parsed once can be reused by that name
    /// ([`crate::plan::load::ParseCache`]); none on disk.
    fn content_key(&self, _path: &Path) -> Option<String> {
        None
    }
}

/// The real file system.
#[derive(Debug, Default, Clone, Copy)]
pub struct Disk;

impl Files for Disk {
    fn kind(&self, path: &Path) -> io::Result<Kind> {
        let m = std::fs::metadata(path)?;
        Ok(if m.is_file() {
            Kind::File
        } else if m.is_dir() {
            Kind::Dir
        } else {
            Kind::Other
        })
    }

    fn canonical(&self, path: &Path) -> io::Result<PathBuf> {
        if path.as_os_str().is_empty() {
            return Path::new(".").canonicalize();
        }
        path.canonicalize()
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        Ok(std::fs::read_dir(dir)?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .collect())
    }

    fn read(&mut self, path: &Path, cap: u64) -> io::Result<Vec<u8>> {
        use std::io::Read;
        // Opening a FIFO would wait for a writer for ever; a device never ends.
        if !std::fs::metadata(path)?.is_file() {
            return Err(not_regular());
        }
        let f = std::fs::File::open(path)?;
        let mut buf = Vec::new();
        f.take(cap).read_to_end(&mut buf)?;
        Ok(buf)
    }
}

pub(crate) fn not_regular() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, "not a regular file")
}

/// `path` with `.` and `..` taken out lexically. `None` when it is absolute
/// or climbs above its start.
pub fn normalize(path: &Path) -> Option<PathBuf> {
    normalized(path).map(Cow::into_owned)
}

/// [`normalize`], without a copy when `path` is already normal (every
/// segment a name), as most paths asked about are.
fn normalized(path: &Path) -> Option<Cow<'_, Path>> {
    let bytes = path.as_os_str().as_encoded_bytes();
    if !bytes.is_empty()
        && bytes
            .split(|&b| b == b'/')
            .all(|seg| !matches!(seg, b"" | b"." | b".."))
    {
        return Some(Cow::Borrowed(path));
    }
    let mut out: Vec<&std::ffi::OsStr> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop()?;
            }
            Component::Normal(s) => out.push(s),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(Cow::Owned(out.iter().collect()))
}

/// Where the bytes of an in-memory file come from.
pub trait Blobs {
    /// At most `cap` bytes of the file `key` names.
    fn read(&mut self, key: &str, cap: u64) -> io::Result<Vec<u8>>;
    /// Whether a key names the bytes themselves (a git object id), so that
    /// one key always gives the same bytes; false unless said.
    fn keys_name_content(&self) -> bool {
        false
    }
}

/// Bytes held in a map.
impl Blobs for BTreeMap<String, Vec<u8>> {
    fn read(&mut self, key: &str, cap: u64) -> io::Result<Vec<u8>> {
        let b = self.get(key).ok_or(io::ErrorKind::NotFound)?;
        Ok(b[..b.len().min(cap.try_into().unwrap_or(usize::MAX))].to_vec())
    }
}

/// A tree of files in memory: relative paths, no symbolic links (an entry
/// marked [`Kind::Other`] is there but is not read). Paths are compared
/// after [`normalize`]; one that climbs above the top of the tree is
/// canonical as written (so that the loader finds it outside the plan's
/// folder) but holds nothing.
pub struct Memory<B> {
    /// Normalized path -> (kind, key for `blobs`). Hashed: the loader asks
    /// about each file several times at every revision of a history.
    entries: HashMap<PathBuf, (Kind, String)>,
    blobs: B,
}

impl<B: Blobs> Memory<B> {
    /// A tree of `files` (path, kind, key of its bytes in `blobs`); folders
    /// are implied by the paths. A path that is absolute or climbs out with
    /// `..` is refused, naming it.
    pub fn new(
        files: impl IntoIterator<Item = (PathBuf, Kind, String)>,
        blobs: B,
    ) -> Result<Self, PathBuf> {
        let mut entries = HashMap::new();
        for (path, kind, key) in files {
            // Every segment a name: no empty one, no `.` or `..`.
            let plain = path
                .as_os_str()
                .as_encoded_bytes()
                .split(|&b| b == b'/')
                .all(|seg| !matches!(seg, b"" | b"." | b".."));
            let norm = match normalize(&path) {
                Some(n) if plain && !n.as_os_str().is_empty() => n,
                _ => return Err(path),
            };
            let mut dir = norm.parent();
            while let Some(d) = dir {
                if d.as_os_str().is_empty() || entries.contains_key(d) {
                    break; // its own parents are in too
                }
                entries.insert(d.to_path_buf(), (Kind::Dir, String::new()));
                dir = d.parent();
            }
            entries.insert(norm, (kind, key));
        }
        Ok(Memory { entries, blobs })
    }

    fn entry(&self, path: &Path) -> io::Result<&(Kind, String)> {
        normalized(path)
            .and_then(|n| self.entries.get(n.as_ref()))
            .ok_or_else(|| io::ErrorKind::NotFound.into())
    }
}

impl<B: Blobs> Files for Memory<B> {
    fn kind(&self, path: &Path) -> io::Result<Kind> {
        match normalized(path) {
            Some(n) if n.as_os_str().is_empty() => Ok(Kind::Dir),
            _ => Ok(self.entry(path)?.0),
        }
    }

    fn canonical(&self, path: &Path) -> io::Result<PathBuf> {
        match normalized(path) {
            Some(n) if n.as_os_str().is_empty() || self.entries.contains_key(n.as_ref()) => {
                Ok(n.into_owned())
            }
            Some(_) => Err(io::ErrorKind::NotFound.into()),
            // Above the top: outside every folder of the tree.
            None => Ok(path.to_path_buf()),
        }
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        let dir = normalize(dir).ok_or(io::ErrorKind::NotFound)?;
        if !dir.as_os_str().is_empty() && self.entry(&dir)?.0 != Kind::Dir {
            return Err(io::ErrorKind::NotADirectory.into());
        }
        let mut found: Vec<PathBuf> = self
            .entries
            .keys()
            .filter(|p| p.parent() == Some(dir.as_path()))
            .cloned()
            .collect();
        found.sort();
        Ok(found)
    }

    fn read(&mut self, path: &Path, cap: u64) -> io::Result<Vec<u8>> {
        let (kind, key) = self.entry(path)?.clone();
        if kind != Kind::File {
            return Err(not_regular());
        }
        self.blobs.read(&key, cap)
    }

    fn content_key(&self, path: &Path) -> Option<String> {
        match self.entry(path) {
            Ok((Kind::File, key)) if self.blobs.keys_name_content() => Some(key.clone()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> Memory<BTreeMap<String, Vec<u8>>> {
        let files = [
            ("plans/a.yaml", Kind::File),
            ("plans/team/b.yaml", Kind::File),
            ("plans/link.yaml", Kind::Other),
            ("top.yaml", Kind::File),
        ];
        let blobs = files
            .iter()
            .map(|(p, _)| (p.to_string(), p.as_bytes().to_vec()))
            .collect();
        Memory::new(
            files
                .iter()
                .map(|(p, k)| (PathBuf::from(p), *k, p.to_string())),
            blobs,
        )
        .unwrap()
    }

    #[test]
    fn memory_paths_are_normalized_and_folders_implied() {
        let mut t = tree();
        assert_eq!(t.kind(Path::new("plans")).unwrap(), Kind::Dir);
        assert_eq!(t.kind(Path::new("")).unwrap(), Kind::Dir);
        assert_eq!(
            t.canonical(Path::new("plans/team/../a.yaml")).unwrap(),
            Path::new("plans/a.yaml")
        );
        assert_eq!(
            t.canonical(Path::new("plans/../../x.yaml")).unwrap(),
            Path::new("plans/../../x.yaml"),
            "above the top stays as written, outside every folder"
        );
        assert!(t.canonical(Path::new("plans/none.yaml")).is_err());
        assert_eq!(
            t.list(Path::new("plans")).unwrap(),
            vec![
                PathBuf::from("plans/a.yaml"),
                PathBuf::from("plans/link.yaml"),
                PathBuf::from("plans/team"),
            ]
        );
        assert_eq!(t.read(Path::new("./top.yaml"), 3).unwrap(), b"top");
        assert!(t.read(Path::new("plans/link.yaml"), 100).is_err());
        assert!(t.read(Path::new("plans"), 100).is_err());
    }

    #[test]
    fn memory_refuses_paths_that_climb_out() {
        for bad in [
            "../x.yaml",
            "/etc/x.yaml",
            "a/../x.yaml",
            "a/./b.yaml",
            "a/.",
            ".",
            "a//b",
        ] {
            let r = Memory::new(
                [(PathBuf::from(bad), Kind::File, String::new())],
                BTreeMap::new(),
            );
            assert!(r.is_err(), "{bad}");
        }
    }
}
