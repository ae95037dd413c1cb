//! Files written whole or not at all (`export -o`, `init`).

use std::io::Write;
use std::path::{Path, PathBuf};

/// Why [`write_atomic`] failed; the target file is left as it was.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The target exists and `force` was not given.
    #[error("{0} already exists: add --force to overwrite it")]
    Exists(PathBuf),
    /// The path is a FIFO, a device, a socket or a folder.
    #[error("{0} is not a regular file: --force replaces only regular files")]
    NotRegular(PathBuf),
    /// Creating, writing, syncing or renaming the file failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file that was to be written.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
}

/// Write a file atomically: `contents` goes to a temporary file in the same
/// folder, which is then renamed over `path`. Without `force` an existing
/// file is refused (also when it appears while writing). On any error the
/// temporary file is removed and `path` is as it was.
pub fn write_atomic(
    path: &Path,
    force: bool,
    contents: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let io = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let existing = path.symlink_metadata().ok();
    if let Some(meta) = &existing {
        if !force {
            return Err(WriteError::Exists(path.to_path_buf()));
        }
        // --force replaces a file (or a symbolic link, never written
        // through): not a FIFO, a device, a socket or a folder.
        let t = meta.file_type();
        if !(t.is_file() || t.is_symlink()) {
            return Err(WriteError::NotRegular(path.to_path_buf()));
        }
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // The mode of the file replaced; else what the umask leaves of 0666,
    // as for any new file (tempfile's own default is 0600).
    let mut builder = tempfile::Builder::new();
    builder.prefix(".roadmap-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(io)?;
    if let Some(meta) = existing.as_ref().filter(|m| m.file_type().is_file()) {
        tmp.as_file()
            .set_permissions(meta.permissions())
            .map_err(io)?;
    }
    contents(tmp.as_file_mut()).map_err(io)?;
    tmp.as_file_mut().flush().map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    if force {
        tmp.persist(path).map_err(|e| io(e.error))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                WriteError::Exists(path.to_path_buf())
            } else {
                io(e.error)
            }
        })?;
    }
    Ok(())
}
