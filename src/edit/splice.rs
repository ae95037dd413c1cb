//! Text surgery on a YAML file at the loader's own spans: replace one value,
//! or add one key to a mapping in the style it is written in. Every byte
//! outside the value (or the inserted key) stays as it was.

/// One change to a file's text: `remove` bytes at `at` give way to `insert`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splice {
    /// Byte offset in the original text.
    pub at: usize,
    /// How many bytes to remove there.
    pub remove: usize,
    /// The text put in their place.
    pub insert: String,
}

/// Apply splices given against the same original text. Splices at the same
/// offset keep the order given. Overlapping splices are refused (`None`).
pub fn apply(text: &str, splices: &[Splice]) -> Option<String> {
    let mut order: Vec<usize> = (0..splices.len()).collect();
    order.sort_by_key(|&i| (splices[i].at, i));
    let mut out = String::with_capacity(text.len() + 64);
    let mut pos = 0;
    for i in order {
        let s = &splices[i];
        if s.at < pos || s.at + s.remove > text.len() {
            return None;
        }
        out.push_str(&text[pos..s.at]);
        out.push_str(&s.insert);
        pos = s.at + s.remove;
    }
    out.push_str(&text[pos..]);
    Some(out)
}

/// How a scalar is quoted where it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quote {
    /// Unquoted.
    Plain,
    /// In single quotes (`'...'`).
    Single,
    /// In double quotes (`"..."`).
    Double,
}

impl Quote {
    /// The quoting of the value written at `text[at..]`.
    pub fn of(text: &str, at: usize) -> Quote {
        match text.as_bytes().get(at) {
            Some(b'\'') => Quote::Single,
            Some(b'"') => Quote::Double,
            _ => Quote::Plain,
        }
    }
}

/// Words a YAML reader may take for something other than text.
const SPECIAL: [&str; 14] = [
    "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~", ".nan", ".inf", "-.inf",
    "+.inf",
];

/// Can `s` be written unquoted, in a block or a flow mapping, and read back
/// as the same text?
pub fn plain_ok(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_alphanumeric()
        && !s.ends_with(' ')
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '_' | '.' | '-' | '/' | '+'))
        && !s.contains("  ")
        && !SPECIAL.iter().any(|w| w.eq_ignore_ascii_case(s))
        // `1.10` would read back as the number 1.1.
        && s.parse::<f64>().is_err()
        && !s.starts_with("0x")
        && !s.starts_with("0o")
}

/// `s` as a YAML scalar: in the quoting asked for when it can be, else plain
/// when that reads back the same, else double-quoted.
pub fn scalar(s: &str, want: Quote) -> String {
    match want {
        Quote::Plain if plain_ok(s) => s.to_string(),
        Quote::Single if !s.chars().any(char::is_control) => format!("'{}'", s.replace('\'', "''")),
        _ => double_quoted(s),
    }
}

/// A double-quoted YAML scalar, every control character escaped.
pub fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A flow sequence of scalars: `[a, "b c"]`.
pub fn flow_list(items: &[String], want: Quote) -> String {
    let parts: Vec<String> = items.iter().map(|s| scalar(s, want)).collect();
    format!("[{}]", parts.join(", "))
}

/// The line ending the file uses: CRLF if its first line ends so.
pub fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The end of the line `at` is on, before its line break.
fn line_end(text: &str, at: usize) -> usize {
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    if end > at && text.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

/// Where the key of the value written at `value_at` starts, when the value
/// is written on the key's line after `key:` (else `None`: a block scalar,
/// or a value on the next line).
pub fn key_start(text: &str, value_at: usize, key: &str) -> Option<usize> {
    let ls = line_start(text, value_at);
    let before = text[ls..value_at].trim_end();
    let before = before.strip_suffix(':')?.trim_end();
    let k = before.strip_suffix(key)?;
    // The key is a whole word: preceded by a line's indent, `- `, `{` or `,`.
    match k.trim_end().chars().last() {
        None | Some('-' | '{' | ',') => Some(ls + k.len()),
        _ => None,
    }
}

/// Is the mapping whose key starts at `key_at` written in flow style
/// (`{ a: 1, b: 2 }`)? The first non-blank before the key says.
pub fn in_flow(text: &str, key_at: usize) -> bool {
    matches!(text[..key_at].trim_end().chars().last(), Some('{' | ','))
}

/// The offset of the `}` that closes the flow mapping containing `from`,
/// skipping quoted text, comments and nested brackets.
pub fn flow_close(text: &str, from: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'\'' => {
                i += 1;
                while i < b.len() {
                    if b[i] == b'\'' {
                        if b.get(i + 1) == Some(&b'\'') {
                            i += 1;
                        } else {
                            break;
                        }
                    }
                    i += 1;
                }
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'#' if i == 0 || b[i - 1].is_ascii_whitespace() => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'[' | b'{' => depth += 1,
            b']' => depth = depth.checked_sub(1)?,
            b'}' => {
                if depth == 0 {
                    return Some(i);
                }
                depth -= 1;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The splice that adds `key: value` to the mapping in which the key
/// `anchor_key` is written, its value at `anchor_at` (length `anchor_len`):
/// in a flow mapping `, key: value` before the `}`; in a block mapping a new
/// line after the anchor's, at the keys' indentation.
pub fn add_key(
    text: &str,
    anchor_key: &str,
    anchor_at: usize,
    anchor_len: usize,
    key: &str,
    value: &str,
) -> Option<Splice> {
    let ks = key_start(text, anchor_at, anchor_key)?;
    if in_flow(text, ks) {
        let close = flow_close(text, anchor_at + anchor_len)?;
        let at = text[..close].trim_end().len();
        let sep = if text[..at].ends_with([',', '{']) {
            " "
        } else {
            ", "
        };
        return Some(Splice {
            at,
            remove: 0,
            insert: format!("{sep}{key}: {value}"),
        });
    }
    let ls = line_start(text, ks);
    let indent: String = text[ls..ks]
        .chars()
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let at = line_end(text, anchor_at + anchor_len);
    Some(Splice {
        at,
        remove: 0,
        insert: format!("{}{indent}{key}: {value}", line_ending(text)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(text: &str, anchor: &str, key: &str, value: &str) -> String {
        let at = text.find(&format!("{anchor}: ")).unwrap() + anchor.len() + 2;
        let len = text[at..]
            .find([',', '\n', ' ', '}'])
            .unwrap_or(text.len() - at);
        let s = add_key(text, anchor, at, len, key, value).unwrap();
        apply(text, &[s]).unwrap()
    }

    #[test]
    fn a_key_joins_a_flow_mapping_before_its_brace() {
        assert_eq!(
            add("- { id: a, name: b }\n", "id", "status", "done"),
            "- { id: a, name: b, status: done }\n"
        );
        assert_eq!(
            add("- {id: a, name: \"x}\" }\n", "id", "owner", "Al"),
            "- {id: a, name: \"x}\", owner: Al }\n"
        );
        assert_eq!(
            add("- { id: a, tags: [x, y], }\n", "id", "owner", "Al"),
            "- { id: a, tags: [x, y], owner: Al }\n"
        );
    }

    #[test]
    fn a_key_joins_a_block_mapping_at_its_indentation_with_its_line_ending() {
        assert_eq!(
            add("  - id: a  # c\r\n    name: b\r\n", "id", "status", "done"),
            "  - id: a  # c\r\n    status: done\r\n    name: b\r\n"
        );
        assert_eq!(add("id: a", "id", "owner", "Al"), "id: a\nowner: Al");
    }

    #[test]
    fn scalars_read_back_as_written() {
        assert_eq!(scalar("done", Quote::Plain), "done");
        assert_eq!(scalar("yes", Quote::Plain), "\"yes\"");
        assert_eq!(scalar("a: b", Quote::Plain), "\"a: b\"");
        assert_eq!(scalar("it's", Quote::Single), "'it''s'");
        assert_eq!(scalar("a\"b\n", Quote::Double), "\"a\\\"b\\n\"");
        assert_eq!(
            flow_list(&["x".into(), "y z,".into()], Quote::Plain),
            "[x, \"y z,\"]"
        );
    }

    #[test]
    fn overlapping_splices_are_refused() {
        let s = |at, remove| Splice {
            at,
            remove,
            insert: "x".into(),
        };
        assert_eq!(
            apply("abcdef", &[s(1, 2), s(4, 0)]).as_deref(),
            Some("axdxef")
        );
        assert_eq!(apply("abcdef", &[s(1, 3), s(2, 1)]), None);
    }
}
