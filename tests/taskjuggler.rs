//! Side by side with TaskJuggler (Debian package `tj3`): three plans in
//! tests/fixtures/taskjuggler/, each written twice (roadmap YAML and .tjp),
//! must give the same first and last working day for every task.
//!
//! The comparison needs `tj3`: build.rs looks for it, and without it the test
//! is reported as ignored with its reason. `.ci/run` installs tj3 and sets
//! ROADMAP_REQUIRE_TJ3=1, under which the test always runs (and fails if tj3
//! is missing), and `tj3_is_there_when_required` checks that it is there, so
//! CI cannot skip the comparison silently.

use crate::support::run;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const DIR: &str = "tests/fixtures/taskjuggler";

pub(crate) fn tj3_works() -> bool {
    Command::new("tj3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn tj3_is_there_when_required() {
    if std::env::var("ROADMAP_REQUIRE_TJ3").is_ok_and(|v| v == "1") {
        assert!(
            tj3_works(),
            "ROADMAP_REQUIRE_TJ3=1 but tj3 is missing: apt-get install tj3"
        );
    }
}

/// Working days of these plans: Monday to Friday, and the holidays given.
fn workday(d: NaiveDate, holidays: &[NaiveDate]) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&d)
}

fn next_workday(mut d: NaiveDate, holidays: &[NaiveDate]) -> NaiveDate {
    while !workday(d, holidays) {
        d = d.succ_opt().unwrap();
    }
    d
}

fn prev_workday(mut d: NaiveDate, holidays: &[NaiveDate]) -> NaiveDate {
    while !workday(d, holidays) {
        d = d.pred_opt().unwrap();
    }
    d
}

/// TaskJuggler's start and end times as first and last working days: a
/// start at the end of the working day (17:00) is the next working day; an
/// end at midnight or at 09:00 is the working day before. A milestone is
/// the day it is on.
fn tj_days(start: &str, end: &str, holidays: &[NaiveDate]) -> (NaiveDate, NaiveDate) {
    let p = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    let (s, e) = (p(start), p(end));
    if s == e {
        return (s.date(), s.date());
    }
    let first = if s.format("%H:%M").to_string().as_str() >= "17:00" {
        next_workday(s.date().succ_opt().unwrap(), holidays)
    } else {
        next_workday(s.date(), holidays)
    };
    let last = match e.format("%H:%M").to_string().as_str() {
        "00:00" | "09:00" => prev_workday(e.date().pred_opt().unwrap(), holidays),
        _ => prev_workday(e.date(), holidays),
    };
    (first, last)
}

pub(crate) fn tj3_dates(
    tjp: &str,
    holidays: &[NaiveDate],
) -> BTreeMap<String, (NaiveDate, NaiveDate)> {
    let out = tempfile::tempdir().unwrap();
    let status = Command::new("tj3")
        .args(["--silent", "--no-color", "-o"])
        .arg(out.path())
        .arg(Path::new(DIR).join(tjp).canonicalize().unwrap())
        .status()
        .expect("tj3 runs");
    assert!(status.success(), "tj3 {tjp} failed");
    let csv = std::fs::read_to_string(out.path().join("dates.csv")).unwrap();
    csv.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(';').map(|x| x.trim_matches('"')).collect();
            (f[0].to_string(), tj_days(f[1], f[2], holidays))
        })
        .collect()
}

pub(crate) fn roadmap_dates(yaml: &str, today: &str) -> BTreeMap<String, (NaiveDate, NaiveDate)> {
    let path = format!("{DIR}/{yaml}");
    let (code, out, err) = run(["critical-path", &path, "--format", "json", "--today", today]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let d =
        |x: &serde_json::Value| NaiveDate::parse_from_str(x.as_str().unwrap(), "%Y-%m-%d").unwrap();
    v["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["id"].as_str().unwrap().to_string(),
                (d(&t["es"]), d(&t["ef"])),
            )
        })
        .collect()
}

fn compare(name: &str, today: &str, holidays: &[NaiveDate]) {
    let ours = roadmap_dates(&format!("{name}.yaml"), today);
    let theirs = tj3_dates(&format!("{name}.tjp"), holidays);
    let mut compared = 0;
    for (id, want) in &theirs {
        // TaskJuggler-only helpers (the `today` milestone) have no twin.
        let Some(got) = ours.get(id) else { continue };
        assert_eq!(got, want, "{name}: task `{id}`: roadmap vs tj3");
        compared += 1;
    }
    assert_eq!(
        compared,
        ours.len(),
        "{name}: every roadmap task has a tj3 twin"
    );
}

#[test]
#[cfg_attr(
    not(roadmap_tj3),
    ignore = "tj3 not found: apt-get install tj3 (TaskJuggler), then `touch build.rs`"
)]
fn same_dates_as_taskjuggler() {
    assert!(tj3_works(), "tj3 is not installed");
    compare("links", "2026-01-01", &[]);
    let good_friday = NaiveDate::from_ymd_opt(2026, 4, 3).unwrap();
    compare("fixed", "2026-01-01", &[good_friday]);
    compare("asof", "2026-03-11", &[]);
}
