//! `roadmap critical-path` and `roadmap explain` over the seed plans.

use crate::support::{SEED_PLANS as PLANS, json, run_at, same_keys, trimmed};
use std::collections::HashSet;

/// The as-of date of these tests: the first day of the earliest seed plan,
/// so that the forecast is the plan as written unless a test says otherwise.
const TODAY: &str = "2026-01-05";

fn run<I, T>(args: I) -> (u8, String, String)
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString>,
{
    run_at(TODAY, args)
}

#[test]
fn snapshots_of_critical_path_for_every_plan_in_every_format() {
    for plan in PLANS {
        let path = format!("plans/{plan}.yaml");
        for (name, extra) in [
            ("table", &["--format", "table"][..]),
            ("table-all", &["--format", "table", "--all"][..]),
            (
                "table-80",
                &["--format", "table", "--near", "10", "--width", "80"][..],
            ),
            ("json", &["--format", "json"][..]),
            ("markdown", &["--format", "markdown", "--near", "10"][..]),
        ] {
            let mut args = vec!["critical-path", path.as_str()];
            if !extra.contains(&"--width") {
                args.extend(["--width", "100"]);
            }
            args.extend_from_slice(extra);
            let (code, out, _) = run(&args);
            assert_eq!(code, 0, "{plan} {name}");
            // The JSON is the table's data again, and up to 64 KB: the
            // snapshot holds every list cut to its first three rows, and
            // `json_rows_hang_together` asserts the whole.
            let out = if name == "json" {
                let v = json(plan, &out);
                json_rows_hang_together(plan, &v);
                serde_json::to_string_pretty(&trimmed(&v, 3)).unwrap() + "\n"
            } else {
                out
            };
            insta::assert_snapshot!(format!("critical-path-{plan}-{name}"), out);
        }
    }
}

/// The rows of a critical-path JSON report: one set of keys per kind of
/// row; the critical rows are exactly the ids of the critical path; dates in
/// order (earliest before latest, first before last day); each item is
/// either scheduled or listed as unscheduled, with a reason.
pub(crate) fn json_rows_hang_together(plan: &str, v: &serde_json::Value) {
    let list = |k: &str| v[k].as_array().unwrap_or_else(|| panic!("{plan}: no {k}"));
    let keys = same_keys(plan, list("tasks"));
    same_keys(plan, list("unscheduled"));
    same_keys(plan, list("missed_deadlines"));
    if !list("tasks").is_empty() {
        assert_eq!(
            keys,
            [
                "critical",
                "duration_days",
                "ef",
                "es",
                "free_slack",
                "id",
                "kind",
                "lf",
                "ls",
                "name",
                "stream",
                "total_slack"
            ],
            "{plan}"
        );
    }
    let chain: HashSet<&str> = list("critical_path")
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let mut seen = HashSet::new();
    for t in list("tasks") {
        let id = t["id"].as_str().unwrap();
        assert!(seen.insert(id), "{plan}: {id} twice");
        assert_eq!(
            t["critical"].as_bool().unwrap(),
            chain.contains(id),
            "{plan}: {t}"
        );
        // Dates need a start date; without one, none are given.
        let d = |k: &str| t[k].as_str();
        match (d("es"), d("ef"), d("ls"), d("lf"), v["start"].as_str()) {
            (Some(es), Some(ef), Some(ls), Some(lf), Some(start)) => {
                assert!(es <= ef && ls <= lf, "{plan}: {t}");
                // Nothing starts before the plan does, but done work, which
                // sits where it was done: by the as-of date
                // (docs/scheduling.md).
                let as_of = v["as_of"].as_str().unwrap_or(start);
                assert!(es >= start || ef <= as_of, "{plan}: {t}");
            }
            (None, None, None, None, None) => {}
            _ => panic!("{plan}: dates without a start, or a start without dates: {t}"),
        }
    }
    for u in list("unscheduled") {
        assert!(
            seen.insert(u["id"].as_str().unwrap()),
            "{plan}: {u} scheduled and not"
        );
        assert!(!u["reason"].as_str().unwrap().is_empty(), "{plan}: {u}");
    }
    for m in list("missed_deadlines") {
        assert!(m["days_late"].as_i64().unwrap() > 0, "{plan}: {m}");
        assert!(
            m["finish"].as_str().unwrap() > m["deadline"].as_str().unwrap(),
            "{plan}: {m}"
        );
    }
}

#[test]
fn q2o_finish_and_chain_follow_from_durations_and_dependencies() {
    let (code, out, _) = run(["critical-path", "plans/q2o-gantt.yaml", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let tasks = v["tasks"].as_array().unwrap();
    // The chain must be connected: each critical link starts the working day
    // after the previous one finishes, and the first starts at the plan start.
    let chain: Vec<&str> = v["critical_path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert!(!chain.is_empty());
    let row = |id: &str| tasks.iter().find(|t| t["id"] == id).unwrap();
    assert_eq!(row(chain[0])["es"], v["start"]);
    assert_eq!(row(chain[chain.len() - 1])["ef"], v["finish"]);
    for t in tasks {
        assert_eq!(
            t["critical"].as_bool().unwrap(),
            chain.contains(&t["id"].as_str().unwrap())
        );
    }
    // The length is the sum of the chain's durations.
    let sum: i64 = chain
        .iter()
        .map(|id| row(id)["duration_days"].as_i64().unwrap())
        .sum();
    assert_eq!(v["duration_days"].as_i64().unwrap(), sum);
    assert_eq!(v["ties"], false);
}

#[test]
fn explain_shows_the_driving_chain_and_what_it_pushes() {
    let (code, out, err) = run(["explain", "2.7", "plans/q2o-gantt.yaml"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("explain-q2o-2.7", out);
    let (code, _, err) = run(["explain", "2.77", "plans/q2o-gantt.yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `2.7`"), "{err}");
}

#[test]
fn a_plan_with_structural_errors_is_not_scheduled() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.yaml");
    std::fs::write(
        &p,
        "title: T\nstreams:\n  - id: s\n    tasks:\n      - { id: a, name: A, duration: 2d, after: [b] }\n      - { id: b, name: B, duration: 2d, after: [a] }\n",
    )
    .unwrap();
    let (code, out, err) = run(["critical-path", p.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("dependency-cycle"), "{err}");
}

#[test]
fn docs_worked_example_is_what_the_tool_prints() {
    let doc = std::fs::read_to_string("docs/critical-path.md").unwrap();
    let (code, cp, _) = run([
        "critical-path",
        "examples/relaunch.yaml",
        "--all",
        "--width",
        "100",
        "--today",
        "2026-03-02",
    ]);
    assert_eq!(code, 0);
    assert!(
        doc.contains(&cp),
        "docs/critical-path.md is out of date:\n{cp}"
    );
    let (_, ex, _) = run([
        "explain",
        "frontend",
        "examples/relaunch.yaml",
        "--today",
        "2026-03-02",
    ]);
    assert!(
        doc.contains(&ex),
        "docs/critical-path.md is out of date:\n{ex}"
    );
    assert!(cp.contains("several chains tie"));
    assert!(cp.contains("1 working day after the plan deadline"));
}

#[test]
fn a_plan_with_nothing_to_schedule_says_why_and_what_to_add_in_one_wrapped_line() {
    use unicode_width::UnicodeWidthStr;
    for plan in ["plans/kaar-roadmap.yaml", "plans/devops-platform.yaml"] {
        for width in [60usize, 80, 100, 160] {
            let w = width.to_string();
            let (code, out, _) = run(["critical-path", plan, "--width", &w]);
            assert_eq!(code, 0);
            let body: Vec<&str> = out.lines().skip(2).collect();
            let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                body[0].starts_with("nothing to schedule: none of the ")
                    && flat.contains(
                        "add `duration:` or `start:`/`end:` to them, and `start:` to the plan"
                    ),
                "{plan} at {width}:\n{out}"
            );
            // One sentence, wrapped: its later lines are indented, and
            // nothing else follows it.
            assert!(body[1..].iter().all(|l| l.starts_with("  ")), "{out}");
            assert!(!out.contains("unscheduled:"), "{out}");
            assert!(out.lines().all(|l| l.width() <= width), "{out}");
        }
    }
    // A plan with a start date and one task without a duration.
    let dir = tempfile::tempdir().unwrap();
    let p = crate::support::write(
        dir.path(),
        "roadmap.yaml",
        "title: T\nstart: 2026-03-02\nstreams:\n  - id: s\n    name: S\n    tasks:\n      - { id: a, name: A }\n",
    );
    let (_, out, _) = run(["critical-path", p.to_str().unwrap()]);
    assert!(
        out.contains("nothing to schedule: its one task has no duration or dates; add `duration:` or `start:`/`end:` to it\n"),
        "{out}"
    );
    let (_, md, _) = run(["critical-path", p.to_str().unwrap(), "--format", "markdown"]);
    assert!(md.contains("Nothing to schedule: its one task"), "{md}");
}
