//! `roadmap check` over the five seed plans in plans/, in every format.
//!
//! The seed documents are transcribed as written, mistakes included; these
//! tests pin what the tool finds in them.

use crate::support::{SEED_PLANS as PLANS, head, json, run, trimmed};
use std::collections::BTreeMap;

fn check(plan: &str, format: &str) -> (u8, String) {
    let path = format!("plans/{plan}.yaml");
    let (code, out, err) = run(["check", &path, "--format", format, "--today", "2026-01-05"]);
    assert!(err.is_empty(), "stderr for {plan}: {err}");
    (code, out)
}

#[test]
fn snapshots_of_check_over_every_plan_in_every_format() {
    for plan in PLANS {
        formats_agree(plan);
        for format in ["human", "json", "github"] {
            let (_, out) = check(plan, format);
            insta::assert_snapshot!(
                format!("check-{plan}-{format}"),
                check_snapshot(plan, format, &out)
            );
        }
    }
}

/// What a snapshot of `check` holds: the whole output, except for the 51
/// warnings of q2o-gantt, whose JSON (34 KB) and human report (28 KB) are
/// too long to read. There: the JSON with the list cut to its first three
/// diagnostics, the first 300 lines of the human report;
/// `formats_agree` asserts that both hold every diagnostic.
fn check_snapshot(plan: &str, format: &str, out: &str) -> String {
    match (plan, format) {
        ("q2o-gantt", "json") => {
            serde_json::to_string_pretty(&trimmed(&json(plan, out), 3)).unwrap() + "\n"
        }
        ("q2o-gantt", "human") => head(out, 300),
        _ => out.to_string(),
    }
}

/// The JSON, human and GitHub reports of one plan list the same
/// diagnostics in the same order, and the counts add up: errors plus
/// warnings are the diagnostics listed, in the JSON and in the human
/// summary line.
fn formats_agree(plan: &str) {
    let (code, out) = check(plan, "json");
    let v = json(plan, &out);
    let diags = v["diagnostics"].as_array().expect("diagnostics");
    // Every diagnostic has the same keys, but for `related` and `help`,
    // which are there only when the diagnostic has them.
    for d in diags {
        let obj = d.as_object().expect("a diagnostic is an object");
        for k in ["code", "severity", "message", "file", "line", "column"] {
            assert!(obj.contains_key(k), "{plan}: a diagnostic without {k}: {d}");
        }
        for k in obj.keys() {
            assert!(
                [
                    "code", "severity", "message", "file", "line", "column", "related", "help"
                ]
                .contains(&k.as_str()),
                "{plan}: a diagnostic with another key {k}: {d}"
            );
        }
    }
    let count = |sev: &str| diags.iter().filter(|d| d["severity"] == sev).count();
    let (errors, warnings) = (count("error"), count("warning"));
    assert_eq!(v["errors"], errors, "{plan}");
    assert_eq!(v["warnings"], warnings, "{plan}");
    assert_eq!(
        errors + warnings,
        diags.len(),
        "{plan}: a diagnostic of no severity"
    );
    assert_eq!(code, u8::from(errors > 0), "{plan}: exit code");
    let listed: Vec<String> = diags
        .iter()
        .map(|d| {
            format!(
                "{}[{}]: {}",
                d["severity"].as_str().unwrap(),
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();

    // The human report: one heading per diagnostic, in order, and the sum.
    let (_, human) = check(plan, "human");
    let headings: Vec<&str> = human
        .lines()
        .filter(|l| l.starts_with("error[") || l.starts_with("warning["))
        .collect();
    assert_eq!(headings, listed, "{plan}: human headings");
    let summary = human.lines().last().unwrap_or_default();
    let mut sum = Vec::new();
    if errors > 0 {
        sum.push(format!(
            "{errors} error{}",
            if errors == 1 { "" } else { "s" }
        ));
    }
    if warnings > 0 {
        sum.push(format!(
            "{warnings} warning{}",
            if warnings == 1 { "" } else { "s" }
        ));
    }
    let sum = if sum.is_empty() {
        "ok".to_string()
    } else {
        sum.join(", ")
    };
    assert!(
        summary.ends_with(&format!(": {sum}")),
        "{plan}: summary `{summary}`, wanted {sum}"
    );

    // The GitHub annotations: one per diagnostic, same code and severity.
    let (_, github) = check(plan, "github");
    let annotations: Vec<String> = github
        .lines()
        .filter_map(|l| {
            let (sev, rest) = l.strip_prefix("::")?.split_once(' ')?;
            let code = rest.split_once("title=roadmap ")?.1.split_once("::")?.0;
            Some(format!("{sev}[{code}]"))
        })
        .collect();
    let want: Vec<String> = diags
        .iter()
        .map(|d| {
            format!(
                "{}[{}]",
                d["severity"].as_str().unwrap(),
                d["code"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(annotations, want, "{plan}: GitHub annotations");
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
    let (code, _, _) = run(["check", "plans/q2o-gantt.yaml", "--deny", "warnings"]);
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
    let (code, out, err) = run([
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
