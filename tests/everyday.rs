//! Everyday flags: `--format json` on `explain` and `gantt`, `--owner` and
//! `--stream` on `critical-path`, `milestones` and `gantt`, the Gantt axis
//! naming every year it reaches, and a folder of plans found without a path.

use crate::support::{json, roadmap, run, write};

#[test]
fn explain_as_json_is_the_explanation_the_text_gives() {
    let (code, out, err) = run([
        "explain",
        "frontend",
        "examples/relaunch.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v = json("explain", &out);
    assert_eq!(v["item"]["id"], "frontend");
    assert_eq!(v["kind"], "task");
    assert_eq!(v["scheduled"], true);
    let chain: Vec<&str> = v["chain"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    let pushes: Vec<&str> = v["pushes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    // The text names the same chain and the same pushes.
    let (_, text, _) = run(["explain", "frontend", "examples/relaunch.yaml"]);
    for id in chain.iter().chain(&pushes) {
        assert!(text.contains(&format!("  {id} (")), "{id} not in:\n{text}");
    }
    assert!(!chain.is_empty() && pushes.contains(&"launch"), "{out}");
    assert_eq!(
        text.contains("on the critical path"),
        v["critical"].as_bool().unwrap()
    );
}

#[test]
fn gantt_as_json_is_the_schedule_it_draws_under_its_filters() {
    let (code, out, err) = run([
        "gantt",
        "examples/relaunch.yaml",
        "--format",
        "json",
        "--stream",
        "build",
    ]);
    assert_eq!(code, 0, "{err}");
    let v = json("gantt", &out);
    let mut ids: Vec<&str> = v["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, ["backend", "content", "frontend"]);
    for t in v["tasks"].as_array().unwrap() {
        assert_eq!(t["stream"], "build");
        assert!(t["es"].is_string() && t["ef"].is_string(), "{t}");
    }
}

#[test]
fn critical_path_milestones_and_gantt_take_owner_and_stream() {
    let path = "plans/q2o-gantt.yaml";
    let (code, out, err) = run([
        "critical-path",
        path,
        "--all",
        "--format",
        "json",
        "--stream",
        "phase-2",
    ]);
    assert_eq!(code, 0, "{err}");
    let v = json("critical-path", &out);
    let tasks = v["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 9, "the nine tasks of phase 2");
    assert!(tasks.iter().all(|t| t["stream"] == "phase-2"));
    // The table too, and the finish stays the plan's.
    let (_, table, _) = run(["critical-path", path, "--all", "--stream", "phase-2"]);
    assert!(
        table.contains("│ 2.1") && !table.contains("│ 1.1"),
        "{table}"
    );
    assert!(table.contains("finish: 2027-11-11"), "{table}");

    let (code, out, err) = run([
        "critical-path",
        path,
        "--all",
        "--format",
        "json",
        "--owner",
        "qa + devops",
    ]);
    assert_eq!(code, 0, "{err}");
    let owned: Vec<String> = json("cp", &out)["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect();
    let (_, list, _) = run(["list", path, "--owner", "QA + DevOps", "--format", "json"]);
    let mut want: Vec<String> = json("list", &list)["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["forecast_finish"].is_string())
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    let mut got = owned.clone();
    got.sort();
    want.sort();
    assert_eq!(got, want);

    let (code, out, err) = run([
        "milestones",
        path,
        "--stream",
        "phase-2",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let ms = json("milestones", &out);
    let ms = ms["milestones"].as_array().unwrap();
    assert!(!ms.is_empty());
    for m in ms {
        assert!(m["items"].as_u64().unwrap() <= 9, "{m}");
    }
    let (_, all, _) = run(["milestones", path, "--format", "json"]);
    assert!(json("all", &all)["milestones"].as_array().unwrap().len() > ms.len());

    let (code, chart, err) = run(["gantt", path, "--owner", "QA + DevOps", "--width", "120"]);
    assert_eq!(code, 0, "{err}");
    assert!(chart.contains("Load Testing (5K users)"), "{chart}");
    assert!(!chart.contains("Hire DevOps Team"), "{chart}");
    // An owner no item has is refused, not an empty report.
    let (code, _, err) = run(["milestones", path, "--owner", "Nobody"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--owner Nobody: no item has this owner"),
        "{err}"
    );
}

#[test]
fn the_gantt_axis_names_every_year_it_reaches_at_every_width() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "roadmap.yaml",
        "title: Year end\nstart: 2026-12-21\nstreams:\n  - id: s\n    name: S\n    tasks:\n      - { id: a, name: A, duration: 3w }\n      - { id: b, name: B, duration: 6w, after: [a] }\n      - { id: c, name: C, duration: 60w, after: [b] }\n",
    );
    for width in [40, 50, 60, 70, 80, 90, 100, 120, 160, 200] {
        for scale in ["", "days", "weeks", "months", "quarters"] {
            let w = width.to_string();
            let mut args = vec!["gantt", "--width", &w, "--today", "2026-12-01"];
            if !scale.is_empty() {
                args.extend(["--scale", scale]);
            }
            let r = roadmap(dir.path(), &args);
            assert_eq!(r.code, 0, "{}", r.err);
            let axis: String = r.out.lines().skip(1).take(2).collect::<Vec<_>>().join("\n");
            // The axis reaches 2027 at every width (the days scale at 40
            // columns shows a few weeks from 2026-12-21, into January).
            assert!(
                axis.contains("2026") && axis.contains("2027"),
                "{width} {scale}:\n{}",
                r.out
            );
            // By quarters the whole plan fits: to Q2 2028.
            if scale == "quarters" {
                assert!(axis.contains("2028"), "{width} {scale}:\n{}", r.out);
            }
        }
    }
}

#[test]
fn a_folder_of_plans_is_found_without_a_path() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("examples/relaunch.yaml", dir.path().join("relaunch.yaml")).unwrap();
    std::fs::copy("plans/q2o-gantt.yaml", dir.path().join("q2o.yaml")).unwrap();
    let r = roadmap(dir.path(), ["status", "--oneline"]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert_eq!(r.out.lines().count(), 2, "{}", r.out);
    assert!(
        r.out.contains("relaunch.yaml: Website relaunch"),
        "{}",
        r.out
    );
    // No YAML at all: a clear error, exit 2.
    let empty = tempfile::tempdir().unwrap();
    let r = roadmap(empty.path(), ["status"]);
    assert_eq!(r.code, 2);
    assert!(
        r.err
            .contains("no roadmap.yaml, no plans/ folder and no YAML file"),
        "{}",
        r.err
    );
}

/// README: every report takes `--format json` and prints one JSON value.
#[test]
fn every_report_named_in_the_readme_prints_json() {
    let plan = "examples/relaunch.yaml";
    for args in [
        &["status", plan][..],
        &["status", "--matrix", plan],
        &["milestones", plan],
        &["list", plan],
        &["critical-path", plan],
        &["explain", "frontend", plan],
        &["gantt", plan],
        &["check", plan],
    ] {
        let mut a = args.to_vec();
        a.extend(["--format", "json"]);
        let (code, out, err) = run(&a);
        assert!(code < 2, "{args:?}: exit {code}: {err}");
        let v = json(&format!("{args:?}"), &out);
        assert!(v.is_object() || v.is_array(), "{args:?}: {v}");
    }
    let readme = std::fs::read_to_string("README.md").unwrap();
    assert!(readme.contains("`critical-path`, `explain`, `gantt`, `check`, `diff`)"));
}
