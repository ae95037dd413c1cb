//! `roadmap status` and `roadmap milestones` over the seed plans, with a fixed
//! "today" so the snapshots do not move with the clock.

mod common;
use common::run_args;

const PLANS: [&str; 5] = [
    "kaar-roadmap",
    "q2o-gantt",
    "migrationbox-v4.1",
    "devops-platform",
    "vt-milestones",
];
const TODAY: &str = "2026-03-01";

fn run(args: &[&str]) -> (u8, String, String) {
    let mut v = vec!["roadmap"];
    v.extend_from_slice(args);
    run_args(v)
}

/// Every format of one view, in one snapshot.
fn all_formats(args: &[&str]) -> String {
    let mut out = String::new();
    for format in ["table", "json", "csv", "markdown"] {
        let mut a = args.to_vec();
        a.extend(["--format", format, "--today", TODAY, "--width", "100"]);
        let (code, o, e) = run(&a);
        assert_eq!(code, 0, "{args:?} {format}: {e}");
        out.push_str(&format!("===== {format} =====\n{o}\n"));
    }
    out
}

#[test]
fn snapshots_of_status_for_every_plan_grouping_and_format() {
    for plan in PLANS {
        let path = format!("plans/{plan}.yaml");
        for by in ["stream", "bucket", "owner", "milestone", "priority"] {
            let out = all_formats(&["status", &path, "--by", by]);
            insta::assert_snapshot!(format!("status-{plan}-by-{by}"), out);
        }
        let out = all_formats(&["status", &path, "--matrix"]);
        insta::assert_snapshot!(format!("status-{plan}-matrix"), out);
        let out = all_formats(&["milestones", &path]);
        insta::assert_snapshot!(format!("milestones-{plan}"), out);
    }
}

fn overall(plan: &str) -> serde_json::Value {
    let (code, out, _) = run(&[
        "status",
        &format!("plans/{plan}.yaml"),
        "--format",
        "json",
        "--today",
        TODAY,
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["overall"].clone()
}

#[test]
fn counts_are_what_a_careful_reader_counts() {
    // 000: 37 table rows, nothing ticked as done.
    let o = overall("kaar-roadmap");
    assert_eq!(
        (o["total"].as_u64(), o["done"].as_u64()),
        (Some(37), Some(0))
    );
    // 001: 36 task rows in the four phase tables, and 5 continuous activities.
    let o = overall("q2o-gantt");
    assert_eq!(o["total"], 41);
    // 002: 296 checkboxes (7 ticked [x]), 10 tech-debt rows, 3 blocker rows.
    let o = overall("migrationbox-v4.1");
    assert_eq!(
        (o["total"].as_u64(), o["done"].as_u64()),
        (Some(309), Some(7))
    );
    assert_eq!(o["percent_done"], 2.3);
    // 003: 66 checklist items.
    assert_eq!(overall("devops-platform")["total"], 66);
    // 004: 35 capability bullets and 25 engineering deliverables.
    assert_eq!(overall("vt-milestones")["total"], 60);
}

#[test]
fn the_seed_document_done_items_are_the_ticked_boxes() {
    let seed = std::fs::read_to_string("../shared/seeds/002_5f6deda22708d6da.txt");
    let Ok(seed) = seed else {
        eprintln!("the seed documents are not beside this checkout: skipped");
        return;
    };
    let ticked = seed
        .lines()
        .filter(|l| l.trim_start().starts_with("- [x]"))
        .count();
    let o = overall("migrationbox-v4.1");
    assert_eq!(o["done"].as_u64(), Some(ticked as u64));
}

#[test]
fn filters_narrow_the_items_and_unknown_values_are_refused() {
    let (code, out, _) = run(&[
        "status",
        "plans/migrationbox-v4.1.yaml",
        "--status",
        "done",
        "--format",
        "json",
        "--today",
        TODAY,
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["overall"]["total"], 7);
    assert_eq!(v["overall"]["done"], 7);

    let (code, out, _) = run(&[
        "status",
        "plans/migrationbox-v4.1.yaml",
        "--owner",
        "DevOps",
        "--bucket",
        "sprint-1",
        "--format",
        "json",
        "--today",
        TODAY,
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["overall"]["total"], 11, "DevOps items in sprint 1");

    let (code, _, err) = run(&[
        "status",
        "plans/migrationbox-v4.1.yaml",
        "--bucket",
        "sprint-13",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("sprint-13"), "{err}");
}

#[test]
fn overdue_uses_the_bucket_end_and_today_from_the_environment() {
    // Sprint 1 ends 2026-02-25: on 2026-03-01 its open items are overdue.
    let (_, out, _) = run(&[
        "status",
        "plans/migrationbox-v4.1.yaml",
        "--format",
        "json",
        "--today",
        "2026-03-01",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let overdue = v["overdue"].as_array().unwrap();
    assert_eq!(
        overdue.len(),
        22 + 3,
        "sprint 1's 22 open items and 3 blockers"
    );
    let (_, out, _) = run(&[
        "status",
        "plans/migrationbox-v4.1.yaml",
        "--format",
        "json",
        "--today",
        "2026-02-12",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["overdue"].as_array().unwrap().len(), 0);
}

#[test]
fn docs_examples_are_what_the_tool_prints() {
    let doc = std::fs::read_to_string("docs/status.md").unwrap();
    for args in [
        &[
            "status",
            "plans/migrationbox-v4.1.yaml",
            "--stream",
            "tech-debt",
            "--by",
            "bucket",
            "--today",
            "2026-03-01",
            "--width",
            "80",
        ][..],
        &[
            "status",
            "plans/kaar-roadmap.yaml",
            "--matrix",
            "--width",
            "100",
        ][..],
        &[
            "milestones",
            "plans/kaar-roadmap.yaml",
            "--width",
            "100",
            "--today",
            "2026-03-01",
        ][..],
    ] {
        let (_, out, _) = run(args);
        assert!(
            doc.contains(&out),
            "docs/status.md is out of date for {args:?}:\n{out}"
        );
    }
}
