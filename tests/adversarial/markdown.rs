//! Markdown that lands in a pull-request comment, rendered as GitHub renders
//! it (comrak in GFM mode: tables, autolinks, strikethrough, task lists,
//! footnotes, raw HTML let through as GitHub's renderer does before its
//! sanitiser). A report rendered with hostile names must have exactly the
//! element structure of the same report with plain names: no element, no
//! comment, no line the tool did not write.
//!
//! [`same_structure`] takes any two Markdown texts: point it at every
//! Markdown renderer (diff, status, critical-path, milestones).

use crate::support::{roadmap, write};

/// Names that try every way out of a line of Markdown.
pub const HOSTILE: &[&str] = &[
    "x\r<!-- hidden",
    "<!-- hidden -->",
    "</details><img src=x onerror=alert(1)>",
    "<details><summary>s</summary>",
    "@octocat please merge",
    "see #1 and owner/repo#2",
    "```",
    "~~~ fenced",
    "# heading",
    "> quote",
    "- item",
    "1. item",
    "| a | b |",
    "[link](http://evil.example)",
    "![img](http://evil.example/x.png)",
    "http://evil.example www.evil.example a@evil.example",
    "*em* _em_ **strong** ~~del~~",
    "&lt;b&gt; &amp; &#60;",
    "back\\slash\\",
    "[^1]",
    "- [ ] task",
    "trailing two  ",
    "\u{202e}reversed",
    "line\nbreak",
];

/// The element structure of GFM-rendered Markdown: every tag and comment,
/// in order, without attributes or text.
pub fn structure(md: &str) -> Vec<String> {
    let mut o = comrak::Options::default();
    o.extension.table = true;
    o.extension.autolink = true;
    o.extension.strikethrough = true;
    o.extension.tasklist = true;
    o.extension.footnotes = true;
    o.render.r#unsafe = true;
    let html = comrak::markdown_to_html(md, &o);
    let mut tags = Vec::new();
    let mut rest = html.as_str();
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..end];
        let name: String = tag
            .trim_start_matches('<')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/' || *c == '!' || *c == '-')
            .collect();
        tags.push(name);
        rest = &rest[end..];
    }
    tags
}

/// Assert that `hostile` renders to the element structure `plain` does.
pub fn same_structure(hostile: &str, plain: &str) {
    let (h, p) = (structure(hostile), structure(plain));
    assert_eq!(
        h, p,
        "the hostile report renders other elements\n--- hostile Markdown:\n{hostile}\n--- plain Markdown:\n{plain}"
    );
}

/// A YAML double-quoted string of any text.
fn yq(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            c if c.is_control() || !c.is_ascii() => o.push_str(&format!("\\u{:04X}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

fn plan(names: &[String], ids: &[String], weeks: u32) -> String {
    let mut s = String::from("title: TITLE\nstart: 2026-01-05\nstreams:\n  - id: s\n    tasks:\n");
    for (i, (n, id)) in names.iter().zip(ids).enumerate() {
        let after = if i == 0 {
            String::new()
        } else {
            format!(", after: [{}]", yq(&ids[i - 1]))
        };
        let d = if i == names.len() - 1 { weeks } else { 1 };
        s.push_str(&format!(
            "      - {{id: {}, name: {}, duration: {d}w{after}}}\n",
            yq(id),
            yq(n)
        ));
    }
    s
}

/// Finding 3: `diff --format markdown`, the PR comment, with hostile task
/// names, ids and titles on every line it writes (added, removed, changed,
/// the critical path, slack, the title).
#[test]
fn diff_markdown_cannot_be_injected() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let render = |names: &[String], ids: &[String], title: &str| {
        let old = plan(names, ids, 1).replace("TITLE", &yq(title));
        // The new side: the last task longer (a slip, the critical path and
        // every field row), one task renamed, one id changed (one task
        // removed, one added).
        let mut new_names = names.to_vec();
        new_names[1] = format!("{} v2", names[1]);
        let mut new_ids = ids.to_vec();
        new_ids[2] = format!("{}+", ids[2]);
        let new = plan(&new_names, &new_ids, 3).replace("TITLE", &yq(title));
        write(d, "old.yaml", old);
        write(d, "new.yaml", new);
        let run = roadmap(d, ["diff", "old.yaml", "new.yaml", "--format", "markdown"]);
        run.exit(0);
        run.out
    };
    let hostile_names: Vec<String> = HOSTILE.iter().map(|s| s.to_string()).collect();
    let ids: Vec<String> = (0..HOSTILE.len())
        .map(|i| format!("<!--{i}|@a#{i}`"))
        .collect();
    let plain_names: Vec<String> = (0..HOSTILE.len()).map(|i| format!("Name {i}")).collect();
    let plain_ids: Vec<String> = (0..HOSTILE.len()).map(|i| format!("id{i}")).collect();
    let hostile = render(&hostile_names, &ids, "# <!-- t | @x");
    let plain = render(&plain_names, &plain_ids, "Title");
    same_structure(&hostile, &plain);
}

/// A plan with `names` for its title, streams, tasks, owners, buckets and a
/// milestone, and `ids` for their ids; each task a week after the one
/// before, so every one is on the critical path.
fn report_plan(names: &[String], ids: &[String]) -> String {
    let mut s = format!(
        "title: {}\nstart: 2026-01-05\nbuckets:\n  - {{id: {}, name: {}, period: 2026-Q1}}\nmilestones:\n  - {{id: {}, name: {}, after: [{}], total: 1}}\nstreams:\n",
        yq(&names[0]),
        yq(&format!("b{}", ids[0])),
        yq(&names[1]),
        yq(&format!("m{}", ids[0])),
        yq(&names[2]),
        yq(&ids[0]),
    );
    for (i, (n, id)) in names.iter().zip(ids).enumerate() {
        let after = if i == 0 {
            String::new()
        } else {
            format!(", after: [{}]", yq(&ids[i - 1]))
        };
        s.push_str(&format!(
            "  - id: {}\n    name: {}\n    tasks:\n      - {{id: {}, name: {}, owner: {}, bucket: {}, duration: 1w{after}}}\n",
            yq(&format!("s{id}")),
            yq(n),
            yq(id),
            yq(n),
            yq(n),
            yq(&format!("b{}", ids[0])),
        ));
    }
    s
}

/// `args` on the hostile plan and on the plain one: the same structure.
fn report_markdown_is_not_injected(args: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let render = |names: &[String], ids: &[String]| {
        write(d, "plan.yaml", report_plan(names, ids));
        let mut a: Vec<&str> = args.to_vec();
        a.extend(["--format", "markdown", "plan.yaml"]);
        let run = roadmap(d, &a);
        run.exit(0);
        run.out
    };
    let names: Vec<String> = HOSTILE.iter().map(|s| s.to_string()).collect();
    let ids: Vec<String> = (0..HOSTILE.len())
        .map(|i| format!("<!--{i}|@a#{i}`"))
        .collect();
    let plain_names: Vec<String> = (0..HOSTILE.len()).map(|i| format!("Name {i}")).collect();
    let plain_ids: Vec<String> = (0..HOSTILE.len()).map(|i| format!("id{i}")).collect();
    same_structure(&render(&names, &ids), &render(&plain_names, &plain_ids));
}

// Finding 3 for the other Markdown renderers: they go through escape::markdown.

#[test]
fn status_markdown_cannot_be_injected() {
    report_markdown_is_not_injected(&["status"]);
    report_markdown_is_not_injected(&["status", "--by", "owner"]);
    report_markdown_is_not_injected(&["status", "--by", "bucket"]);
}

#[test]
fn matrix_markdown_cannot_be_injected() {
    report_markdown_is_not_injected(&["status", "--matrix"]);
}

#[test]
fn milestones_markdown_cannot_be_injected() {
    report_markdown_is_not_injected(&["milestones"]);
}

#[test]
fn critical_path_markdown_cannot_be_injected() {
    report_markdown_is_not_injected(&["critical-path", "--all"]);
}
