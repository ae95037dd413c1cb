//! One escaping function per kind of output. Every string that comes from a
//! plan (names, ids, owners, titles, file names) passes through the function
//! of the output it lands in, and nothing else does the job:
//!
//! | output | function | what a plan must not be able to do there |
//! |---|---|---|
//! | a terminal, a CI log, a plain-text report | [`terminal`] | move the cursor, rewrite a line (CR), set the title or the clipboard (OSC), ring the bell, reorder text (bidi) |
//! | Markdown read by GitHub (PR comments) | [`markdown`] | open HTML or a comment, start a block (heading, quote, list, code fence, table row), end a table cell, mention someone, link an issue |
//! | a CSV cell | [`csv_cell`] | be read as a formula by a spreadsheet |
//! | a GitHub Actions workflow command | [`github_data`], [`github_property`] | end the command, start another line (`::stop-commands::`) |
//! | Mermaid text | [`mermaid`] | end a statement, start a directive (`%%{init}%%`), open a shape |
//! | a DOT string | [`dot`] | end the string or use Graphviz's `\N`-style escapes |
//! | YAML written by `roadmap import` | [`yaml`] | be read as another type or structure (`yes`, `1.1`, `a: b`, `# x`, `[x]`), or carry a control or bidi character as it is |
//!
//! docs/security.md lists where each is applied.

use std::borrow::Cow;

/// Characters that reorder the text around them when shown (the Unicode
/// bidirectional controls): a name can make a line read differently from
/// its bytes ("Trojan Source").
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// A character no output may carry as it is: a control character (C0, DEL,
/// C1: ESC, BEL, CR, LF, the 8-bit CSI) or a bidi control.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

fn push_escaped(out: &mut String, c: char) {
    if is_bidi_control(c) {
        out.extend(c.escape_unicode());
    } else {
        out.extend(c.escape_default());
    }
}

/// Text for a terminal or a log: control characters and bidi controls shown
/// escaped as Rust writes them (`\n`, `\r`, `\u{1b}`, `\u{202e}`), so that
/// the text is one line, drives nothing, and reads in the order of its bytes.
pub fn terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Several lines of plain text for a terminal, built by the tool with
/// plan strings in it: as [`terminal`], but the line feeds stay (for a
/// renderer that writes no escape sequences of its own, such as `explain`).
pub fn terminal_text(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.split('\n').map(terminal).collect::<Vec<_>>().join("\n"))
}

/// A zero-width space as an HTML entity: put after `@` and `#`, it stops
/// GitHub reading `@name` as a mention and `#12` as a link to an issue,
/// and shows nothing.
const ZWSP: &str = "&#8203;";

/// Inline text for GitHub-flavoured Markdown, safe anywhere the tool puts
/// text on a line it writes: in a paragraph, a list item, a heading, a table
/// cell. Every ASCII punctuation character is backslash-escaped (CommonMark
/// lets any of them be, and an escaped one is always literal text): no HTML
/// or comment (`<`), entity (`&`), emphasis, link, code span or fence,
/// table cell end (`|`), nor, at the start of a line, a heading, quote or
/// list marker. `@` and `#` are followed by a zero-width space (no mention,
/// no issue link), `.` and `:` are escaped so no URL is linked. Control and
/// bidi characters are shown escaped, as in [`terminal`]: the text stays on
/// its line. Not for code spans, where backslashes are literal: user text
/// never goes in one.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 4);
    for c in s.chars() {
        match c {
            '@' | '#' => {
                out.push('\\');
                out.push(c);
                out.push_str(ZWSP);
            }
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c if is_unsafe(c) => {
                // `\u{1b}`: its own backslash and braces escaped in turn.
                let mut t = String::new();
                push_escaped(&mut t, c);
                for x in t.chars() {
                    if x.is_ascii_punctuation() {
                        out.push('\\');
                    }
                    out.push(x);
                }
            }
            // Runs of spaces: a trailing pair would be a hard line break.
            ' ' if out.ends_with(' ') => out.push_str("&#32;"),
            c => out.push(c),
        }
    }
    out
}

/// Characters that make a spreadsheet read a cell as a formula when it
/// starts with one (OWASP's list, and their full-width forms).
fn starts_formula(s: &str) -> bool {
    matches!(
        s.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\n' | '＝' | '＋' | '－' | '＠')
    )
}

/// A CSV cell of text from a plan: one that starts like a formula (`=`,
/// `+`, `-`, `@`, a tab or a CR) gets a leading `'`, which spreadsheets
/// take as "text" and do not show; control and bidi characters are shown
/// escaped as in [`terminal`]. Quoting is the CSV writer's job. Numbers and
/// dates the tool writes itself do not go through this (a slack of `-3`
/// stays a number).
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    let guard = starts_formula(s);
    match (guard, terminal(s)) {
        (false, t) => t,
        (true, t) => Cow::Owned(format!("'{t}")),
    }
}

/// The message of a GitHub Actions workflow command (after `::`): `%`, CR
/// and LF percent-encoded as GitHub's toolkit does (`%25`, `%0D`, `%0A`), so
/// the command stays on its line and no `::` command can start another;
/// other control and bidi characters are shown escaped as in [`terminal`].
/// A newline the tool means (before a help line) is passed as `\n` and
/// becomes `%0A`, which GitHub shows as a line break inside the annotation.
pub fn github_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if is_unsafe(c) => push_escaped(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// A property value of a workflow command (`file=`, `title=`): as
/// [`github_data`], and `:` and `,`, which end a property, as `%3A`, `%2C`.
pub fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Keywords that start a statement in Mermaid's gantt grammar: text that
/// begins with one of them would be read as that statement.
const MERMAID_KEYWORDS: [&str; 22] = [
    "gantt",
    "dateformat",
    "inclusiveenddates",
    "topaxis",
    "axisformat",
    "tickinterval",
    "includes",
    "excludes",
    "todaymarker",
    "weekday",
    "weekend",
    "title",
    "accdescription",
    "accdescr",
    "acctitle",
    "section",
    "href",
    "call",
    "click",
    "displaymode",
    "vert",
    "%",
];

/// Text that Mermaid shows as written and can never read as syntax:
/// characters of its grammar become its entity codes (`#58;` for `:`),
/// which it shows as the character: `:` (ends a task's text), `#` and `;`
/// (entity and statement syntax), `%` (comments, and `%%{init}%%`
/// directives, which Mermaid looks for anywhere in a diagram), double
/// quotes, brackets and braces (labels and shapes), `<` and `>` (HTML in
/// labels). Control characters become spaces, bidi controls are
/// dropped; a keyword or a date at the start has its first character
/// encoded; empty text is `(unnamed)`.
pub fn mermaid(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        match c {
            ':' | '#' | ';' | '%' | '"' | '[' | ']' | '{' | '}' | '<' | '>' => {
                out.push('#');
                out.push_str(&(c as u32).to_string());
                out.push(';');
            }
            c if is_bidi_control(c) => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    let lower = out.to_lowercase();
    let starts_date = {
        let b = out.as_bytes();
        b.len() >= 10
            && b[..4].iter().all(u8::is_ascii_digit)
            && b[4] == b'-'
            && b[5..7].iter().all(u8::is_ascii_digit)
            && b[7] == b'-'
            && b[8..10].iter().all(u8::is_ascii_digit)
    };
    if starts_date || MERMAID_KEYWORDS.iter().any(|k| lower.starts_with(k)) {
        let first = out.chars().next().unwrap_or(' ');
        out = format!("#{};{}", first as u32, &out[first.len_utf8()..]);
    }
    if out.trim().is_empty() {
        out = "(unnamed)".to_string();
    }
    out
}

/// A DOT double-quoted string: `"` and `\` escaped, so no `\N`-style escape
/// of Graphviz can come from a name; control characters are spaces, bidi
/// controls dropped.
pub fn dot(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if is_bidi_control(c) => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A YAML scalar that reads back as `s` (`roadmap import`'s plans): plain
/// when only letters, digits and `_ . / ( ) & + -` and space, starting with
/// a letter and not a YAML word (`yes`, `null`...); otherwise double-quoted,
/// with `\` and `"` escaped and every control, bidi or non-printable
/// character (U+2028, U+2029, U+FEFF, U+FFFE, U+FFFF) as `\uXXXX`.
pub fn yaml(s: &str) -> String {
    use std::fmt::Write as _;
    const RESERVED: [&str; 11] = [
        "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~", "",
    ];
    let plain = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && !s.ends_with(' ')
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, ' ' | '_' | '.' | '/' | '(' | ')' | '&' | '+' | '-')
        })
        && !RESERVED.contains(&s.to_ascii_lowercase().as_str());
    if plain {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if is_unsafe(c)
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_shows_controls_and_bidi_escaped() {
        assert_eq!(terminal("plain ünïcode"), "plain ünïcode");
        assert!(matches!(terminal("plain"), Cow::Borrowed(_)));
        assert_eq!(
            terminal("a\u{1b}[2Jb\u{1b}]52;c;eA==\u{7}\r\n"),
            "a\\u{1b}[2Jb\\u{1b}]52;c;eA==\\u{7}\\r\\n"
        );
        assert_eq!(terminal("\u{9b}31m"), "\\u{9b}31m", "8-bit CSI");
        assert_eq!(
            terminal("x\u{202e}txt.exe\u{2066}\u{2069}"),
            "x\\u{202e}txt.exe\\u{2066}\\u{2069}"
        );
        assert_eq!(terminal("tab\tend"), "tab\\tend");
        assert_eq!(
            terminal_text("a\u{1b}]8;;x\u{7}\nb\rc\n"),
            "a\\u{1b}]8;;x\\u{7}\nb\\rc\n"
        );
        for c in ['\u{202a}', '\u{202d}', '\u{2067}', '\u{200f}', '\u{61c}'] {
            assert!(!terminal(&c.to_string()).contains(c), "{c:?}");
        }
    }

    #[test]
    fn markdown_escapes_every_ascii_punctuation() {
        assert_eq!(markdown("Plain words 42"), "Plain words 42");
        assert_eq!(markdown("<!-- x"), "\\<\\!\\-\\- x");
        assert_eq!(markdown("a|b"), "a\\|b");
        assert_eq!(markdown("```"), "\\`\\`\\`");
        assert_eq!(markdown("# h"), "\\#&#8203; h");
        assert_eq!(markdown("@org/team"), "\\@&#8203;org\\/team");
        assert_eq!(markdown("1. x"), "1\\. x");
        assert_eq!(markdown("a\r\nb"), "a\\\\r\\\\nb");
        assert_eq!(markdown("a\u{202e}b"), "a\\\\u\\{202e\\}b");
        assert_eq!(markdown("a  b"), "a &#32;b");
        let escaped = markdown("http://x.y & www.z.com");
        assert!(!escaped.contains("://") && !escaped.contains("www."));
    }

    #[test]
    fn csv_cells_never_start_a_formula() {
        for s in [
            "=1+1",
            "+1",
            "-1",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "＝1",
            "=HYPERLINK(\"x\")",
        ] {
            let c = csv_cell(s);
            assert!(c.starts_with('\''), "{s:?} -> {c:?}");
        }
        assert_eq!(csv_cell("Design"), "Design");
        assert_eq!(csv_cell("a-b = c"), "a-b = c");
        assert_eq!(csv_cell("x\u{1b}[31m"), "x\\u{1b}[31m");
    }

    #[test]
    fn github_commands_stay_on_their_line() {
        assert_eq!(
            github_data("50% done\r\n::error::x"),
            "50%25 done%0D%0A::error::x"
        );
        assert_eq!(
            github_property("x\n::stop-commands::t\n.yaml,a:b"),
            "x%0A%3A%3Astop-commands%3A%3At%0A.yaml%2Ca%3Ab"
        );
        assert_eq!(github_data("\u{1b}[2J\u{202e}"), "\\u{1b}[2J\\u{202e}");
        assert!(!github_property("a\u{85}b").contains('\u{85}'));
    }

    #[test]
    fn mermaid_text_cannot_be_syntax() {
        assert_eq!(mermaid("a: b # c; d"), "a#58; b #35; c#59; d");
        assert_eq!(mermaid("line\nbreak"), "line break");
        assert_eq!(mermaid("section 2"), "#115;ection 2");
        assert_eq!(mermaid("2026-03-01 kickoff"), "#50;026-03-01 kickoff");
        assert_eq!(mermaid("%% not a comment"), "#37;#37; not a comment");
        let init = mermaid("x %%{init: {'theme':'dark'}}%% y");
        assert!(!init.contains('%') && !init.contains('{') && !init.contains(':'));
        assert_eq!(
            mermaid("a[b](c)\"d\"<i>"),
            "a#91;b#93;(c)#34;d#34;#60;i#62;"
        );
        assert_eq!(mermaid("  "), "(unnamed)");
        assert_eq!(mermaid("\u{202e}"), "(unnamed)");
    }

    #[test]
    fn dot_strings_are_quoted() {
        assert_eq!(dot(r#"a "b" \N"#), r#""a \"b\" \\N""#);
        assert_eq!(dot("x\ny"), "\"x y\"");
        assert_eq!(dot("x\u{202e}y"), "\"xy\"");
    }
}
