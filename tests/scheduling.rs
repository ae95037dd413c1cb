//! The scheduling semantics of docs/scheduling.md against dates computed by
//! hand: each dependency type, lag and length, each constraint, backward
//! scheduling and the as-of date. The plans are in tests/fixtures/scheduling/
//! and say each expected date beside the task.

use crate::support::run;
use std::collections::HashMap;

/// `(start, finish)` of every task and milestone, from `critical-path --format json`.
fn dates(path: &str, today: &str) -> HashMap<String, (String, String)> {
    let (code, out, err) = run(["critical-path", path, "--format", "json", "--today", today]);
    assert_eq!(code, 0, "{path}: {err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["id"].as_str().unwrap().to_string(),
                (
                    t["es"].as_str().unwrap().to_string(),
                    t["ef"].as_str().unwrap().to_string(),
                ),
            )
        })
        .collect()
}

fn expect(got: &HashMap<String, (String, String)>, want: &[(&str, &str, &str)]) {
    for (id, s, f) in want {
        let (gs, gf) = got.get(*id).unwrap_or_else(|| panic!("no task `{id}`"));
        assert_eq!((gs.as_str(), gf.as_str()), (*s, *f), "task `{id}`");
    }
}

/// Before the plan starts, the forecast is the plan as written.
const BEFORE: &str = "2026-01-01";

#[test]
fn dependency_types_lags_and_lengths() {
    let got = dates("tests/fixtures/scheduling/links.yaml", BEFORE);
    expect(
        &got,
        &[
            ("a", "2026-03-02", "2026-03-06"),
            ("fs-lag", "2026-03-11", "2026-03-13"),
            ("fs-lead", "2026-03-05", "2026-03-09"),
            ("ss", "2026-03-03", "2026-03-04"),
            ("ff", "2026-03-05", "2026-03-06"),
            ("sf", "2026-03-03", "2026-03-04"),
            ("cal-lag", "2026-03-10", "2026-03-10"),
            ("cal-dur", "2026-03-02", "2026-03-11"),
            ("half-1", "2026-03-02", "2026-03-02"),
            ("half-2", "2026-03-02", "2026-03-02"),
            ("after-halves", "2026-03-03", "2026-03-03"),
        ],
    );
}

#[test]
fn constraints_and_backward_scheduling() {
    let got = dates("tests/fixtures/scheduling/constraints.yaml", BEFORE);
    expect(
        &got,
        &[
            ("nb", "2026-03-10", "2026-03-10"),
            ("st", "2026-03-09", "2026-03-10"),
            ("st2", "2026-03-12", "2026-03-13"),
            ("in-sprint", "2026-03-16", "2026-03-16"),
            ("in-quarter", "2026-03-02", "2026-03-02"),
            ("held", "2026-04-01", "2026-04-01"),
            ("fixed", "2026-03-20", "2026-03-20"),
            ("sunday", "2026-03-20", "2026-03-20"),
            ("beta", "2026-03-27", "2026-03-27"),
            ("freeze", "2026-03-19", "2026-03-19"),
        ],
    );
}

#[test]
fn the_as_of_date() {
    let got = dates("tests/fixtures/scheduling/as-of.yaml", "2026-03-11");
    expect(
        &got,
        &[
            ("k", "2026-03-02", "2026-03-04"),
            ("l", "2026-03-09", "2026-03-12"),
            ("m", "2026-03-11", "2026-03-11"),
            ("n", "2026-03-02", "2026-03-17"),
            ("o", "2026-03-09", "2026-03-10"),
            ("p", "2026-03-13", "2026-03-13"),
        ],
    );
    // The plan as written is still there: planned finish, forecast, slip.
    let (_, out, _) = run([
        "critical-path",
        "tests/fixtures/scheduling/as-of.yaml",
        "--format",
        "json",
        "--today",
        "2026-03-11",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["as_of"], "2026-03-11");
    assert_eq!(v["planned_finish"], "2026-03-13");
    assert_eq!(v["finish"], "2026-03-17");
    assert_eq!(v["slip_days"], 2);
}

/// Issue 13: a task in a Q2 2027 bucket with a stated start starts then.
#[test]
fn a_stated_start_holds_in_every_schedule() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("q2.yaml");
    std::fs::write(
        &p,
        "title: Q2\nstart: 2026-10-05\nbuckets:\n  - { id: q2, kind: quarter, period: 2027-Q2 }\nstreams:\n  - id: s\n    tasks:\n      - { id: t, name: T, duration: 2w, bucket: q2, start: 2027-04-05 }\n",
    )
    .unwrap();
    for today in ["2026-10-05", "2026-12-01", "2027-04-05"] {
        let got = dates(p.to_str().unwrap(), today);
        assert_eq!(got["t"].0, "2027-04-05", "as of {today}");
    }
    let got = dates(p.to_str().unwrap(), "2027-04-20");
    assert_eq!(
        got["t"].0, "2027-04-20",
        "not started: no earlier than today"
    );
}

/// Issue 13: the seed Gantt chart needs 444 working days when nothing is under way.
#[test]
fn q2o_gantt_needs_444_working_days() {
    let (_, out, _) = run([
        "critical-path",
        "plans/q2o-gantt.yaml",
        "--format",
        "json",
        "--today",
        "2026-01-05",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["duration_days"], 444);
    assert_eq!(v["finish"], "2027-09-16");
}

/// Every worked example of docs/scheduling.md is what the tool prints: each
/// ```yaml block that starts `# example: ..., as of DATE` is followed by
/// the ```text output of `critical-path --all` as of that date.
#[test]
fn docs_worked_examples_are_what_the_tool_prints() {
    let doc = std::fs::read_to_string("docs/scheduling.md").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    let mut rest = doc.as_str();
    while let Some(at) = rest.find("```yaml\n# example:") {
        let body_start = at + "```yaml\n".len();
        let body_end = body_start + rest[body_start..].find("```\n").unwrap();
        let yaml = &rest[body_start..body_end];
        let first = yaml.lines().next().unwrap();
        let today = first.rsplit("as of ").next().unwrap().trim();
        let text_start = body_end + rest[body_end..].find("```text\n").unwrap() + "```text\n".len();
        let text_end = text_start + rest[text_start..].find("```\n").unwrap();
        let want = &rest[text_start..text_end];
        let path = dir.path().join(format!("example-{checked}.yaml"));
        std::fs::write(&path, yaml).unwrap();
        let (code, out, err) = run([
            "critical-path",
            path.to_str().unwrap(),
            "--all",
            "--width",
            "100",
            "--today",
            today,
        ]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(
            out, want,
            "docs/scheduling.md example `{first}` is out of date"
        );
        checked += 1;
        rest = &rest[text_end..];
    }
    assert_eq!(checked, 3, "the three worked examples");
}
