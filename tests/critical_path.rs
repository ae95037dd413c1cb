//! `roadmap critical-path` and `roadmap explain` over the seed plans.

use roadmap::cli::run_args;

const PLANS: [&str; 5] = [
    "kaar-roadmap",
    "q2o-gantt",
    "migrationbox-v4.1",
    "devops-platform",
    "vt-milestones",
];

/// The as-of date of these tests: the first day of the earliest seed plan,
/// so that the forecast is the plan as written unless a test says otherwise.
const TODAY: &str = "2026-01-05";

fn run(args: &[&str]) -> (u8, String, String) {
    let mut v = vec!["roadmap"];
    v.extend_from_slice(args);
    if !args.contains(&"--today")
        && matches!(
            args.first(),
            Some(&("critical-path" | "explain" | "check" | "export"))
        )
    {
        v.extend(["--today", TODAY]);
    }
    run_args(v)
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
            insta::assert_snapshot!(format!("critical-path-{plan}-{name}"), out);
        }
    }
}

#[test]
fn q2o_finish_and_chain_follow_from_durations_and_dependencies() {
    let (code, out, _) = run(&["critical-path", "plans/q2o-gantt.yaml", "--format", "json"]);
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
    let (code, out, err) = run(&["explain", "2.7", "plans/q2o-gantt.yaml"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("explain-q2o-2.7", out);
    let (code, _, err) = run(&["explain", "2.77", "plans/q2o-gantt.yaml"]);
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
    let (code, out, err) = run(&["critical-path", p.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("dependency-cycle"), "{err}");
}

#[test]
fn docs_worked_example_is_what_the_tool_prints() {
    let doc = std::fs::read_to_string("docs/critical-path.md").unwrap();
    let (code, cp, _) = run(&[
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
    let (_, ex, _) = run(&[
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
