//! Durations and dates that overflow: every field that takes one, and a
//! schedule that runs past the end of the calendar.

use crate::support::{check, roadmap, write};

/// Each value where a date or duration goes, and the code it must get.
/// (tests/robustness.rs has the plan `start` and a task `duration`.)
#[test]
fn overflowing_values_in_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let task = |field: &str, value: &str| {
        let doc = format!(
            "title: T\nstart: 2026-01-05\nstreams:\n  - id: s\n    tasks:\n      - {{id: a, name: A, {field}: \"{value}\"}}\n"
        );
        let code = if field == "duration" {
            "invalid-duration"
        } else {
            "invalid-date"
        };
        (format!("{field}: {value}"), doc, code)
    };
    let cases: Vec<(String, String, &str)> = vec![
        task("duration", "99999 weeks"),
        task("duration", "4294967296d"),
        task("duration", "18446744073709551616 days"),
        task("duration", "-1d"),
        task("start", "99999-01-01"),
        task("end", "2026-02-30"),
        task("due", "2026-13-01"),
        task("start", "2026-W54"),
        task("end", "2026-Q5"),
        task("due", "M999999999-W4"),
        task("start", "W18446744073709551616"),
        task("end", "M4-W9"),
        task("start", "-2026-01-01"),
        (
            "milestone".into(),
            "title: T\nstart: 2026-01-05\nmilestones:\n  - {id: m, date: 99999-12-31, duration: 99999 weeks, deadline: 2026-02-30}\n".into(),
            "invalid-date",
        ),
        (
            "bucket".into(),
            "title: T\nstart: 2026-01-05\nbuckets:\n  - {id: b, period: 99999-Q1}\n  - {id: c, start: 2026-02-29, end: 2026-02-31}\n".into(),
            "invalid-date",
        ),
        (
            "sprint".into(),
            "title: T\nstart: 2026-01-05\nbuckets:\n  - {id: b, sprint: 4294967295, length: 99999 weeks}\n".into(),
            "invalid-duration",
        ),
        (
            "sprint-fits-badly".into(),
            "title: T\nstart: 2026-01-05\nbuckets:\n  - {id: b, sprint: 4000000, length: 50000d}\n".into(),
            "invalid-sprint",
        ),
        (
            "plan".into(),
            "title: T\nstart: 2026-01-05\ndeadline: 99999-01-01\ncalendar: {holidays: [2026-02-30, 99999-01-01]}\n".into(),
            "invalid-date",
        ),
    ];
    for (i, (what, doc, code)) in cases.iter().enumerate() {
        let name = format!("case{i}.yaml");
        write(dir.path(), &name, doc);
        let run = check(dir.path(), &name);
        assert_eq!(
            run.code, 1,
            "{what}: exit {}\n{}\n{}",
            run.code, run.out, run.err
        );
        run.has(code, &name);
    }
}

/// Valid durations that add up past the end of the calendar: 2,000 tasks
/// of 10,000 weeks in a chain is 380,000 years. Every command answers (a
/// report may say the dates are out of range) without a panic.
#[test]
fn a_schedule_past_the_end_of_the_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = String::from(
        "title: Forever\nstart: 2026-01-05\ndeadline: 2027-01-01\nstreams:\n  - id: s\n    tasks:\n      - {id: t0, name: T, duration: 10000 weeks}\n",
    );
    for i in 1..2000 {
        doc.push_str(&format!(
            "      - {{id: t{i}, name: T, duration: 10000 weeks, after: [t{}], due: 2030-01-01}}\n",
            i - 1
        ));
    }
    write(dir.path(), "forever.yaml", &doc);
    let run = check(dir.path(), "forever.yaml");
    assert!(run.code <= 1, "exit {}: {}", run.code, run.err);
    assert!(run.out.contains("forever.yaml"));
    for args in [
        vec!["critical-path", "--all", "forever.yaml"],
        vec!["explain", "t1999", "forever.yaml"],
        vec!["status", "forever.yaml"],
        vec!["milestones", "forever.yaml"],
        vec!["gantt", "forever.yaml"],
    ] {
        let run = roadmap(dir.path(), &args);
        assert!(run.code <= 2, "{args:?}: exit {}: {}", run.code, run.err);
    }
}

/// 20,000 holidays and 20,000 tasks whose dates span them: counting working
/// days walks the holidays in the range for each date, so the calendar is
/// limited to 1,000 holidays (it took 74 s before).
#[test]
fn a_calendar_of_20000_holidays() {
    let dir = tempfile::tempdir().unwrap();
    let n = 20_000;
    let first = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    let holidays: Vec<String> = (0..n)
        .map(|i| (first + chrono::Days::new(i)).to_string())
        .collect();
    let mut doc = format!(
        "title: Holidays\nstart: 2026-01-05\ncalendar:\n  holidays: [{}]\nstreams:\n  - id: s\n    tasks:\n",
        holidays.join(", ")
    );
    for i in 0..n {
        doc.push_str(&format!(
            "      - {{name: T{i}, start: 2026-01-05, end: 2090-01-01, duration: 3d}}\n"
        ));
    }
    write(dir.path(), "holidays.yaml", &doc);
    check(dir.path(), "holidays.yaml")
        .exit(1)
        .has("input-limit", "holidays.yaml");
}

/// Found by the fuzzer: done work recorded centuries before the plan's start
/// makes the whole schedule finish before day 0 (a negative index), which
/// the table of working days took as a huge size and panicked on.
#[test]
fn done_work_recorded_long_before_the_start() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "early.yaml",
        "title: Early\nstart: 4052-03-02\nstreams:\n  - id: s\n    tasks:\n      - {id: a, name: A, status: done, start: 1012-03-02, end: 2026-03-06, duration: 1w}\n",
    );
    let run = check(dir.path(), "early.yaml");
    assert!(run.code <= 1, "exit {}: {}", run.code, run.err);
    assert!(run.out.contains("early.yaml"), "{}", run.out);
    for args in [
        vec!["critical-path", "--all", "early.yaml"],
        vec!["explain", "a", "early.yaml"],
        vec!["gantt", "early.yaml"],
        vec!["export", "--to", "json", "early.yaml"],
    ] {
        let run = roadmap(dir.path(), &args);
        assert!(run.code <= 1, "{args:?}: exit {}: {}", run.code, run.err);
    }
}
