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
    /// The file the place is in.
    pub file: FileId,
    /// Line, counting from 1.
    pub line: u32,
    /// Column in characters, counting from 1.
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

    /// The place a serde-saphyr location points at in `file`; line and column are
    /// at least 1, and the byte range is dropped when it does not fit in `u32`.
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
    /// The path as given on the command line or found from it (not canonicalised).
    pub path: PathBuf,
    /// The text after decoding, BOM removed; empty when the file could not be read.
    pub text: String,
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// Byte offsets where each line starts, computed on first use. Lines
    /// end as YAML ends them: LF, CRLF, or a CR alone, so that the line a
    /// diagnostic quotes is the line the parser counted.
    fn line_starts(&self) -> &[usize] {
        self.line_starts
            .get_or_init(|| std::iter::once(0).chain(line_breaks(&self.text)).collect())
    }
}

/// All files read in one run.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// Add a file read from `path`, with its decoded `text`; ids count up from 0.
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

    /// The file with this id; panics on an id from another `Sources`.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The file's path as it was read (see [`Sources::display`] for output).
    pub fn path(&self, id: FileId) -> &Path {
        &self.get(id).path
    }

    /// The path shown to users: forward slashes, no leading `./`.
    pub fn display(&self, id: FileId) -> String {
        display_path(self.path(id))
    }

    /// How many files were read.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether no file was read.
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
            .find(['\n', '\r'])
            .map(|n| start + n)
            .unwrap_or(text.len());
        let line = &text[start..end];
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

/// The byte offsets just after each line break of `text`: LF, CRLF (after
/// the LF) and a lone CR, as YAML counts them.
pub fn line_breaks(text: &str) -> impl Iterator<Item = usize> + '_ {
    let b = text.as_bytes();
    b.iter().enumerate().filter_map(move |(i, &c)| match c {
        b'\n' => Some(i + 1),
        b'\r' if b.get(i + 1) != Some(&b'\n') => Some(i + 1),
        _ => None,
    })
}

/// `p` as shown to users: forward slashes, and a leading `./` removed unless
/// nothing would be left. A file name is as untrusted as a plan's text (a pull request names its
/// files): control and bidi characters in it are shown escaped
/// ([`crate::escape::terminal`]), wherever the path is shown.
pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    let s = match s.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => s,
    };
    crate::escape::terminal(&s).into_owned()
}
