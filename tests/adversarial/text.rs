//! Bytes and whitespace: encodings, byte-order marks, line ends, tabs,
//! empty files.

use crate::support::{check, roadmap, write};

const ROOT_WITH_FRAGMENT: &str = "title: Root\ninclude: [team.yaml]\nstreams:\n  - id: s\n    tasks:\n      - {id: a, name: A}\n";

/// Bytes that are not UTF-8 in a fragment: the diagnostic names the
/// fragment, with the line and column of the first bad byte.
#[test]
fn non_utf8_bytes_in_a_fragment() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "root.yaml", ROOT_WITH_FRAGMENT);
    write(
        dir.path(),
        "team.yaml",
        b"tasks:\n  - {id: b, name: caf\xe9, stream: s}\n",
    );
    let run = check(dir.path(), "root.yaml");
    run.exit(1).has("encoding", "team.yaml");
    let v = run.json();
    let d = &v["diagnostics"][0];
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(22))
    );
    assert!(d["message"].as_str().unwrap().contains("0xE9"), "{d}");
}

/// Overlong encodings, lone surrogates, and a truncated sequence at the end
/// of the file are all refused as encoding errors, never decoded.
#[test]
fn invalid_utf8_sequences() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &[u8])] = &[
        ("overlong.yaml", b"title: \xc0\xaf\n"),
        ("surrogate.yaml", b"title: \xed\xa0\x80\n"),
        ("truncated.yaml", b"title: x\xe2\x82"),
        ("utf16be.yaml", b"\xfe\xff\x00t\x00i"),
    ];
    for (name, bytes) in cases {
        write(dir.path(), name, bytes);
        check(dir.path(), name).exit(1).has("encoding", name);
    }
}

/// A byte-order mark alone is an empty file; a BOM in a fragment is read
/// like one in a root; a U+FEFF in the middle of a value is kept as text.
#[test]
fn byte_order_marks() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bom-only.yaml", b"\xef\xbb\xbf");
    check(dir.path(), "bom-only.yaml")
        .exit(1)
        .has("empty-file", "bom-only.yaml");

    write(dir.path(), "root.yaml", ROOT_WITH_FRAGMENT);
    write(
        dir.path(),
        "team.yaml",
        b"\xef\xbb\xbftasks:\n  - {id: b, name: B, stream: s, after: [zz]}\n",
    );
    let run = check(dir.path(), "root.yaml");
    run.exit(1).has("unknown-reference", "team.yaml");
    let v = run.json();
    assert_eq!(v["diagnostics"][0]["line"], 2, "the BOM shifts nothing");

    write(
        dir.path(),
        "mid.yaml",
        "title: a\u{feff}b\nstreams:\n  - id: s\n    tasks:\n      - {id: x, name: X}\n",
    );
    let run = check(dir.path(), "mid.yaml");
    run.exit(0);
}

/// CRLF, lone CR and mixed line ends: the same diagnostics at the same lines
/// as with LF.
#[test]
fn line_ends() {
    let dir = tempfile::tempdir().unwrap();
    let lf = "title: T\nstreams:\n  - id: s\n    tasks:\n      - {id: a, name: A}\n      - {id: b, name: B, after: [zz]}\n";
    write(dir.path(), "lf.yaml", lf);
    write(dir.path(), "crlf.yaml", lf.replace('\n', "\r\n"));
    let mixed: String = lf
        .split_inclusive('\n')
        .enumerate()
        .map(|(i, l)| {
            if i % 2 == 0 {
                l.replace('\n', "\r\n")
            } else {
                l.to_string()
            }
        })
        .collect();
    write(dir.path(), "mixed.yaml", mixed);
    let position = |name: &str| {
        let run = check(dir.path(), name);
        run.exit(1).has("unknown-reference", name);
        let v = run.json();
        let d = &v["diagnostics"][0];
        (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap())
    };
    let want = position("lf.yaml");
    assert_eq!(want, (6, 34));
    assert_eq!(position("crlf.yaml"), want);
    assert_eq!(position("mixed.yaml"), want);

    // Lone CR (classic Mac) is a line break in YAML too.
    write(dir.path(), "cr.yaml", lf.replace('\n', "\r"));
    assert_eq!(position("cr.yaml"), want);
}

/// Tabs: as indentation they are a YAML error at their line; between tokens
/// and inside values they are fine.
#[test]
fn tabs() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "indent.yaml",
        "title: T\nstreams:\n  - id: s\n    tasks:\n\t- {id: a, name: A}\n",
    );
    let run = check(dir.path(), "indent.yaml");
    run.exit(1).has("yaml-syntax", "indent.yaml");
    assert_eq!(run.json()["diagnostics"][0]["line"], 5);

    write(
        dir.path(),
        "between.yaml",
        "title:\tT\nstreams:\n  - id: s\n    tasks:\n      - {id:\ta,\tname:\t\"A\tB\"}\n",
    );
    check(dir.path(), "between.yaml").exit(0);
}

/// An empty file, a file of comments only, and one of whitespace: each
/// named, in a folder of them as well as one by one.
#[test]
fn empty_and_comment_only_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "plans/empty.yaml", "");
    write(
        dir.path(),
        "plans/comments.yaml",
        "# a plan\n# to come\n---\n",
    );
    write(dir.path(), "plans/blank.yml", "\n\n   \n");
    let run = roadmap(dir.path(), ["check", "--format", "json", "plans"]);
    run.exit(1)
        .has("empty-file", "empty.yaml")
        .has("empty-file", "comments.yaml")
        .has("empty-file", "blank.yml");

    // Included, an empty fragment is reported at the fragment.
    write(dir.path(), "root.yaml", ROOT_WITH_FRAGMENT);
    write(dir.path(), "team.yaml", "# nothing yet\n");
    check(dir.path(), "root.yaml")
        .exit(1)
        .has("empty-file", "team.yaml");
}

/// Control characters in a plan's values (a newline before `::error::`, which
/// GitHub Actions reads as a command; terminal escape sequences) are shown
/// escaped: the human report of `check` never holds a line the plan wrote, nor
/// an escape byte.
#[test]
fn control_characters_cannot_write_their_own_lines() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "inject.yaml",
        "title: \"T\\n::error file=x.yaml,line=1::title\\e[2J\"\nstreams:\n  - id: s\n    tasks:\n      - {id: \"a\\e]0;pwn\\a\", name: A, after: [\"zz\\n::error::after\\r\\n\"]}\n      - {id: b, name: B, bucket: \"q\\n::warning::bucket\"}\n",
    );
    let run = roadmap(dir.path(), ["check", "inject.yaml"]);
    run.exit(1);
    assert!(run.out.contains("inject.yaml"), "{}", run.out);
    for line in run.out.lines() {
        assert!(!line.trim_start().starts_with("::"), "{line:?}");
    }
    assert!(!run.out.contains('\u{1b}') && !run.out.contains('\u{7}'));
    assert!(run.out.contains("zz\\n::error::after"), "{}", run.out);
}
