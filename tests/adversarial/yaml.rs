//! YAML built to exhaust the parser: alias bombs, deep nesting, huge files.

use crate::support::{check, write};

/// Billion laughs, wide instead of deep: one anchored list of 1,000 tasks
/// replayed by 1,000 aliases (a million tasks from a 30 KB file). The
/// nested form is in tests/robustness.rs.
#[test]
fn billion_laughs_wide_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = String::from("title: laughs\nstreams:\n  - id: s\n    tasks:\n");
    let tasks: Vec<String> = (0..1000).map(|i| format!("{{name: l{i}}}")).collect();
    doc.push_str(&format!(
        "      - name: anchor\n        tasks: &lol [{}]\n",
        tasks.join(", ")
    ));
    for i in 0..1000 {
        doc.push_str(&format!("      - {{name: g{i}, tasks: *lol}}\n"));
    }
    write(dir.path(), "laughs.yaml", &doc);
    check(dir.path(), "laughs.yaml")
        .exit(1)
        .has("input-limit", "laughs.yaml");
}

/// Billion laughs through the classic shape: each level a list of ten
/// aliases of the level below, nine levels, under a key that takes a
/// mapping of lists (`calendar`), run as a separate process with a bound.
#[test]
fn billion_laughs_classic_is_refused_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = String::from("title: lol\nstreams:\n  - id: s\n    tasks:\n");
    doc.push_str("      - &l0 {name: lol}\n");
    for i in 1..10 {
        let items = vec![format!("*l{}", i - 1); 10].join(", ");
        doc.push_str(&format!(
            "      - &l{i} {{name: lol{i}, tasks: [{items}]}}\n"
        ));
    }
    write(dir.path(), "lol.yaml", &doc);
    check(dir.path(), "lol.yaml")
        .exit(1)
        .has("input-limit", "lol.yaml");
}

/// 100,000 levels of nesting, in each form that costs little to write:
/// flow sequences, flow mappings, and block sequences on one line. The
/// parser stops at its depth limit; nothing recurses 100,000 deep (parsing,
/// dropping, or rendering the diagnostic).
#[test]
fn nesting_100000_deep_is_refused() {
    const DEEP: usize = 100_000;
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "flow-seq.yaml",
            format!(
                "title: x\nstreams: {}{}\n",
                "[".repeat(DEEP),
                "]".repeat(DEEP)
            ),
        ),
        (
            "flow-map.yaml",
            format!("{}1{}\n", "{a: ".repeat(DEEP), "}".repeat(DEEP)),
        ),
        (
            "block-seq.yaml",
            format!("title: x\nstreams:\n  {}x\n", "- ".repeat(DEEP)),
        ),
        (
            "tasks.yaml",
            // Nesting the format allows: tasks within tasks, 100,000 deep,
            // flow style (the block form would be 5 GB of indentation).
            format!(
                "title: x\nstreams:\n  - id: s\n    tasks: {}[]{}\n",
                "[{name: t, tasks: ".repeat(DEEP),
                "}]".repeat(DEEP)
            ),
        ),
    ];
    for (name, doc) in cases {
        write(dir.path(), name, doc);
        let run = check(dir.path(), name);
        if name == "block-seq.yaml" {
            // A list where a stream (a mapping) goes: refused at the first
            // level, before the parser reads deeper. Just as good.
            run.exit(1).has("invalid-value", name);
            continue;
        }
        run.exit(1).has("input-limit", name);
        let v = run.json();
        let msg = v["diagnostics"][0]["message"].as_str().unwrap();
        assert!(msg.contains("nested"), "{name}: {msg}");
    }
}

/// Nesting just inside the limit is read: the limit is on depth, not a
/// rejection of nesting as such.
#[test]
fn nesting_within_the_limit_is_read() {
    let dir = tempfile::tempdir().unwrap();
    // Each task level is two YAML levels (a list, then a mapping).
    let levels = 40;
    let doc = format!(
        "title: x\nstreams:\n  - id: s\n    tasks: {}[]{}\n",
        (0..levels)
            .map(|i| format!("[{{name: t{i}, tasks: "))
            .collect::<String>(),
        "}]".repeat(levels)
    );
    write(dir.path(), "ok.yaml", doc);
    let run = check(dir.path(), "ok.yaml");
    run.exit(0);
    assert!(run.out.contains("\"items\": 1"), "{}", run.out);
}

/// A 50 MB plan is read (it is under the 64 MiB limit), in bounded time; a
/// file over the limit is refused without being parsed.
#[test]
fn a_50_mb_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = String::from(
        "title: big\nstreams:\n  - id: s\n    tasks:\n      - {id: a, name: A, after: [nope]}\ndescription: |\n",
    );
    let line = "  All work and no play makes Jack a dull boy. All work and no play.\n";
    while doc.len() < 50 * 1_000_000 {
        doc.push_str(line);
    }
    write(dir.path(), "fifty.yaml", &doc);
    check(dir.path(), "fifty.yaml")
        .exit(1)
        .has("unknown-reference", "fifty.yaml");

    // Over the limit: 64 MiB and one byte.
    let limit = roadmap::plan::load::MAX_FILE_BYTES as usize;
    while doc.len() <= limit {
        doc.push_str(line);
    }
    write(dir.path(), "huge.yaml", &doc);
    drop(doc);
    check(dir.path(), "huge.yaml")
        .exit(1)
        .has("input-limit", "huge.yaml");
}

/// Many anchors each used a little: under the alias budget, read normally.
#[test]
fn ordinary_anchors_and_aliases_still_work() {
    let dir = tempfile::tempdir().unwrap();
    let doc = "title: anchors\nstreams:\n  - id: s\n    owner: &me Ann\n    tasks:\n      - {id: a, name: A, owner: *me, tags: &t [x, y]}\n      - {id: b, name: B, owner: *me, tags: *t, after: [a]}\n";
    write(dir.path(), "anchors.yaml", doc);
    let run = check(dir.path(), "anchors.yaml");
    run.exit(0);
}
