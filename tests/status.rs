//! `roadmap status` and `roadmap milestones` over the seed plans, with a fixed
//! "today" so the snapshots do not move with the clock.

use crate::support::{SEED_PLANS as PLANS, TODAY, csv_rows, json, markdown_rows, run};

/// `args` in `format`, on [`TODAY`], 100 columns wide.
fn report(args: &[&str], format: &str) -> String {
    let mut a = args.to_vec();
    a.extend(["--format", format, "--today", TODAY, "--width", "100"]);
    let (code, o, e) = run(&a);
    assert_eq!(code, 0, "{args:?} {format}: {e}");
    o
}

/// The given formats of one view, in one snapshot.
fn formats(args: &[&str], formats: &[&str]) -> String {
    let mut out = String::new();
    for format in formats {
        let o = report(args, format);
        out.push_str(&format!("===== {format} =====\n{o}\n"));
    }
    out
}

/// Every format of one view, in one snapshot.
fn all_formats(args: &[&str]) -> String {
    formats(args, &["table", "json", "csv", "markdown"])
}

/// The counts of one status row, in the order of the CSV columns.
const COUNTS: [&str; 7] = [
    "total",
    "done",
    "in_progress",
    "blocked",
    "todo",
    "cancelled",
    "percent_done",
];

/// In every group of a `status --format json` report and in the overall
/// row, the statuses sum to the items, and the percentage is the done items
/// over those not cancelled, to one decimal.
pub(crate) fn status_counts_add_up(what: &str, v: &serde_json::Value) {
    let n = |x: &serde_json::Value, k: &str| -> f64 {
        x[k].as_f64()
            .unwrap_or_else(|| panic!("{what}: `{k}` is not a number in {x}"))
    };
    let groups = v["groups"].as_array().expect("groups");
    for g in groups.iter().chain([&v["overall"]]) {
        let parts: f64 = COUNTS[1..6].iter().map(|k| n(g, k)).sum();
        assert_eq!(
            n(g, "total"),
            parts,
            "{what}: statuses do not sum to the items: {g}"
        );
        let counted = n(g, "total") - n(g, "cancelled");
        let pct = if counted == 0.0 {
            0.0
        } else {
            (1000.0 * n(g, "done") / counted).round() / 10.0
        };
        assert_eq!(n(g, "percent_done"), pct, "{what}: percentage of {g}");
    }
}

/// `status --by`: the JSON, CSV and Markdown say the same thing, and the
/// counts add up: in every group the statuses sum to its items, the
/// percentage is done over the items that count, and the overdue list is
/// as long in the JSON as the Markdown says.
fn status_formats_agree(args: &[&str]) {
    let what = format!("{args:?}");
    let v = json(&what, &report(args, "json"));
    let groups = v["groups"].as_array().expect("groups");
    let n = |x: &serde_json::Value, k: &str| -> f64 {
        x[k].as_f64()
            .unwrap_or_else(|| panic!("{what}: `{k}` is not a number in {x}"))
    };
    let mut rows: Vec<&serde_json::Value> = groups.iter().collect();
    rows.push(&v["overall"]);
    status_counts_add_up(&what, &v);

    // The CSV: a header, one row per group and the total, same numbers.
    let csv = csv_rows(&what, &report(args, "csv"));
    assert_eq!(
        csv[0][..4],
        ["plan", "group_by", "key", "name"],
        "{what}: CSV header"
    );
    assert_eq!(csv[0][4..], COUNTS, "{what}: CSV header");
    assert_eq!(csv.len(), 1 + rows.len(), "{what}: CSV rows");
    for (row, g) in csv[1..].iter().zip(&rows) {
        assert_eq!(row[0], v["title"].as_str().unwrap(), "{what}");
        assert_eq!(row[1], v["by"].as_str().unwrap(), "{what}");
        assert_eq!(row[2], g["key"].as_str().unwrap_or(""), "{what}");
        if let Some(name) = g["name"].as_str() {
            assert_eq!(row[3], name, "{what}");
        }
        for (cell, k) in row[4..].iter().zip(COUNTS) {
            assert_eq!(
                cell.parse::<f64>().ok(),
                Some(n(g, k)),
                "{what}: {k} of {g}"
            );
        }
    }

    // The Markdown table: the same rows with the same counts.
    let md = report(args, "markdown");
    let table = markdown_rows(&md);
    assert_eq!(table.len(), rows.len(), "{what}: Markdown rows\n{md}");
    for (row, g) in table.iter().zip(&rows) {
        for (cell, k) in row[1..6].iter().zip(COUNTS) {
            assert_eq!(
                cell.parse::<f64>().ok(),
                Some(n(g, k)),
                "{what}: {k} in {row:?}"
            );
        }
    }
    // The late items: the JSON has them all, the Markdown the worst 10.
    let overdue = v["overdue"].as_array().expect("overdue").len();
    let at_risk = v["at_risk"].as_array().expect("at_risk").len();
    let late = overdue + at_risk;
    assert_eq!(
        md.contains(&format!(
            "**Late, worst first** ({late}: {overdue} overdue, {at_risk} at risk)"
        )),
        late > 0,
        "{what}: {overdue} overdue and {at_risk} at risk in the JSON\n{md}"
    );
    let listed = md.split("**Late, worst first**").nth(1).map_or(0, |rest| {
        rest.lines().filter(|l| l.starts_with("- ")).count()
    });
    assert_eq!(listed, late.min(10), "{what}: late items listed\n{md}");
    assert_eq!(
        md.contains(&format!(
            "and {} more (--limit 0 for all)",
            late.saturating_sub(10)
        )),
        late > 10,
        "{what}\n{md}"
    );
}

#[test]
fn snapshots_of_status_for_every_plan_grouping_and_format() {
    for plan in PLANS {
        let path = format!("plans/{plan}.yaml");
        for by in ["stream", "bucket", "owner", "milestone", "priority"] {
            let args = ["status", path.as_str(), "--by", by];
            status_formats_agree(&args);
            // MigrationBox has 309 items: its JSON and Markdown would make
            // snapshots of 30 KB that nobody reads; they are asserted
            // against the CSV above, like every plan's.
            let out = if plan == "migrationbox-v4.1" {
                formats(&args, &["table", "csv"])
            } else {
                all_formats(&args)
            };
            insta::assert_snapshot!(format!("status-{plan}-by-{by}"), out);
        }
        let out = all_formats(&["status", &path, "--matrix"]);
        insta::assert_snapshot!(format!("status-{plan}-matrix"), out);
        let out = all_formats(&["milestones", &path]);
        insta::assert_snapshot!(format!("milestones-{plan}"), out);
    }
}

fn overall(plan: &str) -> serde_json::Value {
    let (code, out, _) = run([
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
#[cfg_attr(
    not(roadmap_seeds),
    ignore = "the seed documents (../shared/seeds) are not beside this checkout"
)]
fn the_seed_document_done_items_are_the_ticked_boxes() {
    let seed = std::fs::read_to_string("../shared/seeds/002_5f6deda22708d6da.txt")
        .expect("build.rs found ../shared/seeds");
    let ticked = seed
        .lines()
        .filter(|l| l.trim_start().starts_with("- [x]"))
        .count();
    let o = overall("migrationbox-v4.1");
    assert_eq!(o["done"].as_u64(), Some(ticked as u64));
}

#[test]
fn filters_narrow_the_items_and_unknown_values_are_refused() {
    let (code, out, _) = run([
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

    let (code, out, _) = run([
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

    let (code, _, err) = run([
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
    let (_, out, _) = run([
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
    let (_, out, _) = run([
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

#[test]
fn status_answers_first_the_worst_late_items_with_owners_limited() {
    let path = "plans/q2o-gantt.yaml";
    let (_, j, _) = run(["status", path, "--format", "json"]);
    let v = json("status", &j);
    let at_risk = v["at_risk"].as_array().unwrap();
    assert_eq!(at_risk.len(), 34, "JSON keeps every late item");
    assert_eq!(v["forecast_finish"], "2027-11-11");
    let (code, out, _) = run(["status", path, "--width", "160"]);
    assert_eq!(code, 0);
    // The summary comes before the table of groups.
    let summary = out.find("41 items: 0 done (0%)").expect("a summary");
    assert!(summary < out.find('┌').unwrap(), "{out}");
    // Worst first: the late column never grows down the list; 10 rows.
    let late_part = &out[out.find("late, worst first: 34").expect("late list")..];
    let days: Vec<i64> = late_part
        .lines()
        .filter(|l| is_late_row(l))
        .map(|l| {
            let cell = l.rsplit('┆').next().unwrap();
            cell.trim_matches(|c: char| !c.is_ascii_digit())
                .parse()
                .unwrap()
        })
        .collect();
    assert_eq!(days.len(), 10, "{late_part}");
    assert!(days.windows(2).all(|w| w[0] >= w[1]), "{days:?}");
    let mut all: Vec<i64> = at_risk
        .iter()
        .map(|l| l["days_late"].as_i64().unwrap())
        .collect();
    all.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(days, all[..10], "the worst ten");
    assert!(
        late_part.contains("┆ owner "),
        "an owner column:\n{late_part}"
    );
    assert!(late_part.contains("Exec Team"), "{late_part}");
    assert!(
        late_part.contains("and 24 more (--limit 0 for all)"),
        "{late_part}"
    );
    // --limit 0: every one, no "more" line.
    let (_, all_out, _) = run(["status", path, "--width", "160", "--limit", "0"]);
    let rows = all_out.lines().filter(|l| is_late_row(l)).count();
    assert_eq!(rows, 34);
    assert!(!all_out.contains("more (--limit"));
}

#[test]
fn status_oneline_is_one_line_per_plan() {
    let (code, out, _) = run(["status", "--oneline", "plans/"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), PLANS.len(), "{out}");
    assert!(lines.contains(
        &"plans/q2o-gantt.yaml: Q2O Technical Roadmap - Gantt Chart: 41 items, 0 done (0%), 0 overdue, 34 at risk; finish 2027-11-11"
    ));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("plans/migrationbox-v4.1.yaml:")
                && l.contains("309 items, 7 done (2%), 25 overdue")),
        "{out}"
    );
    let (code, _, err) = run(["status", "--oneline", "--matrix", "plans/"]);
    assert_eq!(code, 2, "{err}");
}

/// A row of the late table: its last cell is `N d`.
fn is_late_row(l: &str) -> bool {
    l.starts_with('│')
        && l.trim_end_matches('│')
            .rsplit('┆')
            .next()
            .is_some_and(|c| c.trim().ends_with(" d"))
}
