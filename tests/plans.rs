//! `roadmap check` over the five seed plans in plans/, in every format.
//!
//! The seed documents are transcribed as written, mistakes included; these
//! tests pin what the tool finds in them.

use roadmap::cli::run_args;
use std::collections::BTreeMap;

const PLANS: [&str; 5] = [
    "kaar-roadmap",
    "q2o-gantt",
    "migrationbox-v4.1",
    "devops-platform",
    "vt-milestones",
];

fn check(plan: &str, format: &str) -> (u8, String) {
    let path = format!("plans/{plan}.yaml");
    let (code, out, err) = run_args([
        "roadmap",
        "check",
        &path,
        "--format",
        format,
        "--today",
        "2026-01-05",
    ]);
    assert!(err.is_empty(), "stderr for {plan}: {err}");
    (code, out)
}

#[test]
fn snapshots_of_check_over_every_plan_in_every_format() {
    for plan in PLANS {
        for format in ["human", "json", "github"] {
            let (_, out) = check(plan, format);
            insta::assert_snapshot!(format!("check-{plan}-{format}"), out);
        }
    }
}

/// Codes found per plan, with how often each occurs.
fn codes(plan: &str) -> BTreeMap<String, usize> {
    let (_, out) = check(plan, "json");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut m = BTreeMap::new();
    for d in v["diagnostics"].as_array().unwrap() {
        *m.entry(d["code"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
    }
    m
}

#[test]
fn kaar_declared_totals_do_not_match_the_rows() {
    // The document declares 8/11/12/1 items per column and 32 in all; its
    // table holds 10/13/13/1 = 37.
    let (code, out) = check("kaar-roadmap", "json");
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let msgs: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        msgs,
        [
            "the plan `Project Roadmap Table` declares 32 items but has 37 items",
            "bucket `q2` declares 8 items but has 10 items",
            "bucket `q3` declares 11 items but has 13 items",
            "bucket `q4` declares 12 items but has 13 items",
        ]
    );
}

#[test]
fn q2o_schedule_inconsistencies_are_warnings_only() {
    let (code, _) = check("q2o-gantt", "json");
    assert_eq!(code, 0, "warnings alone do not fail the check");
    let (code, _, _) = run_args([
        "roadmap",
        "check",
        "plans/q2o-gantt.yaml",
        "--deny",
        "warnings",
    ]);
    assert_eq!(code, 1, "--deny warnings makes them fail");
    let c = codes("q2o-gantt");
    assert_eq!(c.get("start-before-dependency"), Some(&10));
    assert_eq!(c.get("duration-mismatch"), Some(&18));
    assert_eq!(c.get("outside-bucket"), Some(&4));
    // Scheduled from the document's own durations and dependencies, 19 tasks
    // cannot finish inside their phase.
    assert_eq!(c.get("due-date-missed"), Some(&19));
    // The chart's stated starts and gate dates that its own durations and
    // dependencies cannot hold (beyond those start-before-dependency names).
    assert_eq!(c.get("start-not-held"), Some(&24));
    assert_eq!(c.get("milestone-date-missed"), Some(&6));
    assert_eq!(c.values().sum::<usize>(), 81);
}

#[test]
fn the_other_seed_plans_are_clean() {
    for plan in ["migrationbox-v4.1", "devops-platform", "vt-milestones"] {
        let (code, out) = check(plan, "human");
        assert_eq!(code, 0, "{plan}: {out}");
        assert!(out.trim_end().ends_with(": ok"), "{plan}: {out}");
    }
}

#[test]
fn folder_check_reports_every_plan_and_fails_on_errors() {
    let (code, out, err) = run_args([
        "roadmap",
        "check",
        "plans/",
        "--color",
        "never",
        "--today",
        "2026-01-05",
    ]);
    assert!(err.is_empty());
    assert_eq!(code, 1);
    for plan in PLANS {
        assert!(
            out.contains(&format!("plans/{plan}.yaml: ")),
            "{plan} missing"
        );
    }
}
