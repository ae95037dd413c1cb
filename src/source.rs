//! Source files and positions in them.
//!
//! Every value read from a plan keeps a [`Loc`] until the end, so that any later
//! stage can point at the line and column it came from.

use std::path::{Path, PathBuf};

/// Index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A place in a source file: 1-based line and column (in characters), and the
/// byte range of the value when it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Loc {
    pub file: FileId,
    pub line: u32,
    pub column: u32,
    /// Byte offset of the value in the file, and its length in bytes.
    pub bytes: Option<(u32, u32)>,
}

impl Loc {
    /// The start of a file, for problems that belong to the file as a whole.
    pub fn file_start(file: FileId) -> Loc {
        Loc {
            file,
            line: 1,
            column: 1,
            bytes: None,
        }
    }

    pub fn from_saphyr(file: FileId, l: &serde_saphyr::Location) -> Loc {
        let span = l.span();
        Loc {
            file,
            line: l.line().clamp(1, u32::MAX as u64) as u32,
            column: l.column().clamp(1, u32::MAX as u64) as u32,
            bytes: match (span.byte_offset(), span.byte_len()) {
                (Some(o), Some(n)) if o <= u32::MAX as u64 => {
                    Some((o as u32, n.min(u32::MAX as u64) as u32))
                }
                _ => None,
            },
        }
    }
}

/// A file that was read: its path as the user would write it, and its text.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    /// The text after decoding, BOM removed; empty when the file could not be read.
    pub text: String,
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// Byte offsets where each line starts, computed on first use.
    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }
}

/// All files read in one run.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, path: PathBuf, text: String) -> FileId {
        self.files.push(SourceFile {
            path,
            text,
            line_starts: Default::default(),
        });
        FileId((self.files.len() - 1) as u32)
    }

    /// Replace the text of a file (an edit checked before it is written).
    pub fn set_text(&mut self, id: FileId, text: String) {
        let f = &mut self.files[id.0 as usize];
        f.text = text;
        f.line_starts = Default::default();
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn path(&self, id: FileId) -> &Path {
        &self.get(id).path
    }

    /// The path shown to users: forward slashes, no leading `./`.
    pub fn display(&self, id: FileId) -> String {
        display_path(self.path(id))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The text of the line `loc` is on, and the byte range within that line to
    /// underline (at least one character wide).
    pub fn line_of(&self, loc: &Loc) -> Option<(&str, std::ops::Range<usize>)> {
        let file = self.get(loc.file);
        let text = &file.text;
        let line_idx = loc.line.checked_sub(1)? as usize;
        let start = *file.line_starts().get(line_idx)?;
        let end = text[start..]
            .find('\n')
            .map(|n| start + n)
            .unwrap_or(text.len());
        let line = text[start..end].trim_end_matches('\r');
        let col_byte = match loc.bytes {
            Some((off, _)) if (off as usize) >= start && (off as usize) <= start + line.len() => {
                off as usize - start
            }
            _ => line
                .char_indices()
                .nth(loc.column.saturating_sub(1) as usize)
                .map(|(i, _)| i)
                .unwrap_or(line.len()),
        };
        let len = match loc.bytes {
            Some((_, n)) if n > 0 => n as usize,
            _ => line[col_byte..]
                .chars()
                .next()
                .map(char::len_utf8)
                .unwrap_or(0),
        };
        let end_byte = (col_byte + len).min(line.len());
        // Keep the range on character boundaries.
        let end_byte = (end_byte..=line.len())
            .find(|&i| line.is_char_boundary(i))
            .unwrap_or(line.len());
        Some((line, col_byte..end_byte))
    }
}

pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    match s.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => s,
    }
}
