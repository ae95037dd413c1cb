//! Messages a newcomer meets in the first hour (issue 16, point 7): the
//! words people use for keys, the tab in the indentation, the note that names
//! its plan, the deadline behind a negative slack, ids in natural order.

use crate::support::{json, run, write};
use std::path::Path;

/// A plan with one stream whose second task carries `extra` (a line of YAML
/// at the task's indentation).
fn plan_with_task_line(extra: &str) -> String {
    format!(
        "title: T\nstart: 2026-03-02\nstreams:\n  - id: s\n    name: S\n    tasks:\n      \
         - id: a\n        name: A\n        duration: 1w\n      \
         - id: b\n        name: B\n        duration: 1w\n        {extra}\n"
    )
}

/// The `help` of the first diagnostic of `check --format json` on `yaml`.
fn first(dir: &Path, name: &str, yaml: &str) -> serde_json::Value {
    let path = write(dir, name, yaml);
    let (exit, out, err) = run(["check", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(exit, 1, "{yaml}\n{out}{err}");
    json("check", &out)["diagnostics"][0].clone()
}

#[test]
fn words_people_use_for_keys_suggest_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("deadline: 2026-04-01", "deadline", "due"),
        ("depends_on: [a]", "depends_on", "after"),
        ("depends: [a]", "depends", "after"),
        ("requires: [a]", "requires", "after"),
        ("dependencies: [a]", "dependencies", "after"),
        ("Depends-On: [a]", "Depends-On", "after"),
        ("assignee: Bo", "assignee", "owner"),
        ("state: done", "state", "status"),
    ];
    for (line, word, key) in cases {
        let d = first(dir.path(), "task.yaml", &plan_with_task_line(line));
        assert_eq!(d["code"], "unknown-key", "{line}: {d}");
        assert_eq!(d["message"], format!("unknown key `{word}`"), "{d}");
        let help = d["help"].as_str().unwrap();
        assert!(
            help.starts_with(&format!("did you mean `{key}`?")),
            "{line}: {help}"
        );
        // Pointed at the word, on the task's last line.
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(13), Some(9))
        );
    }
    // On a milestone, `depends_on` is `after` too, and `deadline` is a key.
    let ms = "title: T\nstart: 2026-03-02\nmilestones:\n  - id: m\n    name: M\n    \
              deadline: 2026-04-01\n    depends_on: [a]\nstreams: []\n";
    let d = first(dir.path(), "milestone.yaml", ms);
    assert_eq!(d["message"], "unknown key `depends_on`");
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .starts_with("did you mean `after`?")
    );
    // On a milestone, `due` (a task's) is `deadline`.
    let ms = "title: T\nstart: 2026-03-02\nmilestones:\n  - id: m\n    name: M\n    \
              due: 2026-04-01\nstreams: []\n";
    let d = first(dir.path(), "milestone-due.yaml", ms);
    assert_eq!(d["message"], "unknown key `due`");
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .starts_with("did you mean `deadline`?"),
        "{d}"
    );
    // A typo is still answered by spelling, and a word with no key here by
    // the list of keys.
    let d = first(dir.path(), "typo.yaml", &plan_with_task_line("owenr: Bo"));
    assert_eq!(d["help"], "did you mean `owner`?");
    let stream = "title: T\nstreams:\n  - id: s\n    name: S\n    deadline: 2026-04-01\n";
    let d = first(dir.path(), "stream.yaml", stream);
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .starts_with("the keys allowed here are:"),
        "a stream has no `due` to suggest: {d}"
    );
    // `set` knows the words too.
    let plan = write(dir.path(), "set.yaml", plan_with_task_line("owner: Al"));
    let (exit, _, err) = run(["set", "b", "assignee=Bo", plan.to_str().unwrap()]);
    assert_eq!(exit, 2, "{err}");
    assert!(err.contains("(did you mean `owner`?)"), "{err}");
}

#[test]
fn a_tab_is_pointed_at_and_spaces_are_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    // (text, line, column of the tab)
    let cases = [
        // A key indented by a tab, after a plain scalar: the parser stops
        // at the end of the line before.
        (
            "title: T\nstreams:\n  - id: s\n\tname: S\n".to_string(),
            4,
            1,
        ),
        // Spaces, then a tab, then spaces.
        (
            plan_with_task_line("duration: 1w")
                .replace("        duration: 1w\n", "  \t  duration: 1w\n"),
            9,
            3,
        ),
        // A sequence indented by a tab.
        (
            "title: T\nstreams:\n\t- id: s\n    name: S\n".to_string(),
            3,
            1,
        ),
        // Windows line ends.
        (
            "title: T\r\nstreams:\r\n  - id: s\r\n\tname: S\r\n".to_string(),
            4,
            1,
        ),
    ];
    for (i, (yaml, line, column)) in cases.into_iter().enumerate() {
        let name = format!("tab-{i}.yaml");
        let path = write(dir.path(), &name, &yaml);
        let p = path.to_str().unwrap();
        let tab_line = yaml.split_inclusive('\n').nth(line - 1).unwrap();
        assert_eq!(
            tab_line.chars().nth(column - 1),
            Some('\t'),
            "case {i}: the expected place is a tab"
        );
        let d = first(dir.path(), &name, &yaml);
        assert_eq!(d["code"], "yaml-syntax", "case {i}: {d}");
        assert_eq!(d["message"], "YAML syntax: a tab in the indentation", "{d}");
        assert_eq!(d["line"], line as u64, "case {i}: {d}");
        assert_eq!(d["column"], column as u64, "case {i}: {d}");
        assert!(d["help"].as_str().unwrap().contains("spaces"), "{d}");
        // The human form names file:line:column.
        let (_, out, _) = run(["check", p]);
        assert!(out.contains(&format!("{p}:{line}:{column}")), "{out}");
    }
    // A tab where YAML allows one (in a quoted value) is not blamed for
    // another mistake.
    let yaml = "title: \"Tab\there\"\nstreams:\n  - id: s\n    name: Gate: go\n";
    let d = first(dir.path(), "quoted.yaml", yaml);
    assert_eq!(d["code"], "yaml-syntax", "{d}");
    assert!(!d["message"].as_str().unwrap().contains("tab"), "{d}");
    assert_eq!(d["line"], 4, "{d}");
}

#[test]
fn the_note_on_errors_names_its_plan() {
    let dir = tempfile::tempdir().unwrap();
    // A declared total that is wrong does not stop a report: a note.
    let wrong_total = plan_with_task_line("total: 3");
    write(dir.path(), "counted.yaml", wrong_total);
    write(dir.path(), "fine.yaml", plan_with_task_line("owner: Al"));
    let folder = dir.path().to_str().unwrap();
    let (exit, _, err) = run(["status", folder]);
    assert_eq!(exit, 0, "{err}");
    let note = err
        .lines()
        .find(|l| l.starts_with("roadmap: note: "))
        .unwrap_or_else(|| panic!("no note in\n{err}"));
    assert!(note.contains("counted.yaml has 1 error"), "{note}");
    assert!(
        note.contains(&format!("`roadmap check {folder}/counted.yaml`")),
        "{note}"
    );
    assert!(!err.contains("fine.yaml"), "{err}");
    // An error that stops the report names its plan too.
    write(
        dir.path(),
        "broken.yaml",
        plan_with_task_line("after: [nothing]"),
    );
    let (exit, _, err) = run(["status", folder]);
    assert_eq!(exit, 1, "{err}");
    let last = err.lines().last().unwrap();
    assert!(
        last.starts_with(&format!("roadmap: error: {folder}/broken.yaml has 1 error: run `roadmap check {folder}/broken.yaml` and fix it first")),
        "{err}"
    );
}

#[test]
fn explain_names_the_deadline_behind_a_negative_slack() {
    let dir = "tests/fixtures/check/deadline-missed";
    let cases = [
        // The milestone's own deadline.
        (
            "bad.yaml",
            "beta",
            "the slack is negative: it must finish by 2026-03-20:\n    its deadline, written at tests/fixtures/check/deadline-missed/bad.yaml:11:15\n",
        ),
        // A task before it: the milestone downstream sets its slack.
        (
            "bad.yaml",
            "api-schema",
            "the slack is negative: milestone beta, which waits for it, must finish by 2026-03-20:\n    its deadline, written at tests/fixtures/check/deadline-missed/bad.yaml:11:15\n",
        ),
        // The plan's deadline.
        (
            "bad-plan.yaml",
            "api-impl",
            "the slack is negative: the plan must finish by 2026-03-20:\n    its deadline, written at tests/fixtures/check/deadline-missed/bad-plan.yaml:3:11\n",
        ),
    ];
    for (file, id, says) in cases {
        let (exit, out, err) = run([
            "explain",
            id,
            &format!("{dir}/{file}"),
            "--today",
            "2026-01-01",
        ]);
        assert_eq!(exit, 0, "{err}");
        assert!(out.contains("slack: -5 working days total"), "{out}");
        assert!(out.contains(says), "{file} {id}:\n{out}");
    }
    // A task due in its bucket's end, missed downstream: the bucket is named.
    let (_, out, _) = run(["explain", "4.10", "plans/q2o-gantt.yaml"]);
    assert!(
        out.contains("task 4.11, which waits for it, must finish by 2027-05-21:\n    the end of its bucket `phase-4`, written at plans/q2o-gantt.yaml:"),
        "{out}"
    );
    // No line when the slack is not negative.
    let (_, out, _) = run([
        "explain",
        "api-impl",
        &format!("{dir}/fixed.yaml"),
        "--today",
        "2026-01-01",
    ]);
    assert!(!out.contains("the slack is negative"), "{out}");
}

#[test]
fn ids_are_listed_in_natural_order() {
    let dir = tempfile::tempdir().unwrap();
    // `x` waits just as long for three tasks: the others are listed 2, 5, 10.
    let plan = "title: T\nstart: 2026-03-02\nstreams:\n  - id: s\n    name: S\n    tasks:\n\
        \x20     - { id: t10, name: Ten, duration: 1w }\n\
        \x20     - { id: t5, name: Five, duration: 1w }\n\
        \x20     - { id: t2, name: Two, duration: 1w }\n\
        \x20     - { id: t1, name: One, duration: 1w }\n\
        \x20     - { id: x, name: X, duration: 1w, after: [t10, t5, t2, t1] }\n";
    let path = write(dir.path(), "plan.yaml", plan);
    let p = path.to_str().unwrap();
    let (_, out, _) = run(["explain", "x", p]);
    let waits = out
        .lines()
        .find(|l| l.contains("it waits just as long for:"))
        .unwrap_or_else(|| panic!("{out}"));
    let listed: Vec<&str> = waits
        .split(": ")
        .nth(1)
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .split(", ")
        .collect();
    let mut natural = listed.clone();
    roadmap::natural::sort(&mut natural);
    assert_eq!(listed, natural, "{waits}");
    assert!(listed.len() >= 2, "{waits}");

    // `diff` lists `after` in natural order.
    let new = write(
        dir.path(),
        "new/plan.yaml",
        plan.replace("after: [t10, t5, t2, t1]", "after: [t10, t1, t2]"),
    );
    let (_, out, err) = run(["diff", p, new.to_str().unwrap(), "--format", "json"]);
    let v = json(&err, &out);
    let after = v["plans"][0]["changed"][0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "after")
        .unwrap_or_else(|| panic!("{out}"))
        .clone();
    assert_eq!(after["old"], "t1, t2, t5, t10");
    assert_eq!(after["new"], "t1, t2, t10");
}

proptest::proptest! {
    /// `natural_cmp` is a total order (sorting with it is well defined):
    /// equal only for equal strings, antisymmetric, transitive; and a digit
    /// run compares by its number.
    #[test]
    fn natural_order_is_a_total_order(
        a in "[a-cA-C0-9.\\-]{0,6}",
        b in "[a-cA-C0-9.\\-]{0,6}",
        c in "[a-cA-C0-9.\\-]{0,6}",
        n in 0u32..5000,
        m in 0u32..5000,
    ) {
        use roadmap::natural::natural_cmp as cmp;
        use std::cmp::Ordering::*;
        proptest::prop_assert_eq!(cmp(&a, &b) == Equal, a == b);
        proptest::prop_assert_eq!(cmp(&a, &b), cmp(&b, &a).reverse());
        if cmp(&a, &b) != Greater && cmp(&b, &c) != Greater {
            proptest::prop_assert_ne!(cmp(&a, &c), Greater, "{} {} {}", a, b, c);
        }
        proptest::prop_assert_eq!(
            cmp(&format!("4.{n}"), &format!("4.{m}")),
            n.cmp(&m)
        );
    }
}

/// `explain plan.yaml ID`, the id and the plan swapped: the error says the
/// id comes first and gives the command the right way round.
#[test]
fn explain_with_the_plan_first_says_the_id_comes_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "plan.yaml", plan_with_task_line("after: [a]"));
    let p = path.to_str().unwrap();
    let (exit, out, err) = run(["explain", p, "b"]);
    assert_eq!(exit, 2, "{out}{err}");
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains(&format!(
            "b: no such file or folder; the id comes first: `roadmap explain b {p}`"
        )),
        "{err}"
    );
    // The right way round answers.
    let (exit, out, err) = run(["explain", "b", p]);
    assert_eq!(exit, 0, "{err}");
    assert!(out.contains("b (B)"), "{out}");
}
