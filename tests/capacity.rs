//! Capacity and levelling (docs/capacity.md): effort and assignments,
//! levelled schedules computed by hand for small plans, the properties every
//! levelled schedule has, and `roadmap load`.

use crate::support::run;
use chrono::NaiveDate;
use proptest::prelude::*;
use roadmap::level;
use roadmap::plan::model::NodeRef;
use std::path::Path;

fn project(yaml: &str) -> roadmap::Project {
    let as_of = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    roadmap::check_bytes(Path::new("plan.yaml"), yaml.as_bytes().to_vec(), as_of)
}

/// Each task's (first day, last day) in the levelled schedule.
fn levelled(yaml: &str) -> Vec<(String, NaiveDate, NaiveDate)> {
    let p = project(yaml);
    assert_eq!(p.errors(), 0, "{:?}", p.diagnostics);
    let lp = &p.plans[0];
    let (plan, g) = (lp.plan.as_ref().unwrap(), lp.graph.as_ref().unwrap());
    let (s, _) = level::level(plan, g, Some(p.as_of)).unwrap();
    plan.items()
        .map(|t| {
            let times = s.times_of(g, NodeRef::Task(t)).unwrap();
            (
                plan.tasks[t].id.clone(),
                s.start_date(&times).unwrap(),
                s.finish_date(&times).unwrap(),
            )
        })
        .collect()
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(v: &[(String, NaiveDate, NaiveDate)], id: &str) -> (NaiveDate, NaiveDate) {
    let x = v.iter().find(|x| x.0 == id).unwrap();
    (x.1, x.2)
}

const ONE_PERSON: &str = "
title: One person
start: 2026-03-02
resources:
  - id: alice
  - id: bob
streams:
  - id: s
    tasks:
      - id: a
        name: A
        effort: 3d
        assign: [alice]
      - id: b
        name: B
        effort: 2d
        assign: [alice]
      - id: c
        name: C
        effort: 4d
        assign: [bob]
        after: [b]
";

/// Alice has a (3 days) and b (2 days); c (Bob, 4 days) waits for b. By
/// hand: b first (its latest finish is earlier: c follows it), Monday and
/// Tuesday; c Wednesday to the next Monday; a Wednesday to Friday, after b.
/// Finish Monday 9 March. (a first would finish Thursday 12 March.)
#[test]
fn one_person_two_tasks_by_hand() {
    let v = levelled(ONE_PERSON);
    assert_eq!(at(&v, "b"), (d("2026-03-02"), d("2026-03-03")));
    assert_eq!(at(&v, "a"), (d("2026-03-04"), d("2026-03-06")));
    assert_eq!(at(&v, "c"), (d("2026-03-04"), d("2026-03-09")));
}

/// A task's `priority` comes before the rules: a, marked P0, gets Alice
/// first, so b waits, and c (after b) with it: finish Thursday 12 March.
#[test]
fn priority_comes_first() {
    let v = levelled(&ONE_PERSON.replace(
        "        effort: 3d\n",
        "        effort: 3d\n        priority: P0\n",
    ));
    assert_eq!(at(&v, "a"), (d("2026-03-02"), d("2026-03-04")));
    assert_eq!(at(&v, "b"), (d("2026-03-05"), d("2026-03-06")));
    assert_eq!(at(&v, "c"), (d("2026-03-09"), d("2026-03-12")));
}

/// `explain` says whom a task waits for, and until when; `critical-path`
/// counts the wait as part of the chain.
#[test]
fn explain_says_who_a_task_waits_for() {
    let dir = tempfile::tempdir().unwrap();
    let path = crate::support::write(dir.path(), "plan.yaml", ONE_PERSON);
    let p = path.to_str().unwrap();
    let (code, out, err) = run(["explain", "a", p, "--level"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("It waits for alice, busy on `b` until 2026-03-03 (levelled)."),
        "{out}"
    );
    // Unlevelled, a starts at once.
    let (_, out, _) = run(["explain", "a", p]);
    assert!(!out.contains("It waits for"), "{out}");
    // Alice has a and b; Bob's c follows a. Levelled, b waits for Alice
    // until a is done, and the chain that sets the finish is a, then b: a
    // chain through a person, not a dependency.
    let path = crate::support::write(
        dir.path(),
        "two.yaml",
        "
title: Two
start: 2026-03-02
resources: [{id: alice}, {id: bob}]
streams:
  - id: s
    tasks:
      - {id: a, name: A, effort: 3d, assign: [alice]}
      - {id: b, name: B, effort: 2d, assign: [alice]}
      - {id: c, name: C, effort: 1d, assign: [bob], after: [a]}
",
    );
    let p = path.to_str().unwrap();
    let chain = |level: bool| {
        let mut args = vec!["critical-path", p, "--format", "json"];
        if level {
            args.push("--level");
        }
        let (code, out, err) = run(args);
        assert_eq!(code, 0, "{err}");
        let j: serde_json::Value = serde_json::from_str(&out).unwrap();
        let ids: Vec<String> = j["critical_path"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap().to_string())
            .collect();
        (ids, j["finish"].as_str().unwrap().to_string())
    };
    assert_eq!(
        chain(false),
        (vec!["a".into(), "c".into()], "2026-03-05".into())
    );
    assert_eq!(
        chain(true),
        (vec!["a".into(), "b".into()], "2026-03-06".into())
    );
    // The table says why b is on the chain; JSON has it as data.
    let (_, out, _) = run(["critical-path", p, "--level"]);
    assert!(
        out.contains("\nb waits for alice, busy on a until 2026-03-04\n"),
        "{out}"
    );
    let (_, out, _) = run(["critical-path", p, "--level", "--format", "json"]);
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    let b = j["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "b")
        .unwrap();
    assert_eq!(
        b["waits_for"],
        serde_json::json!({"resource": "alice", "busy_on": "a", "until": "2026-03-04"})
    );
    let (_, out, _) = run(["critical-path", p]);
    assert!(!out.contains("waits for"), "{out}");
}

/// A team of two takes two tasks at once; the third waits.
#[test]
fn a_team_of_two_by_hand() {
    let v = levelled(
        "
title: Team
start: 2026-03-02
resources:
  - id: devs
    count: 2
streams:
  - id: s
    tasks:
      - {id: a, name: A, effort: 2d, assign: [devs]}
      - {id: b, name: B, effort: 2d, assign: [devs]}
      - {id: c, name: C, effort: 2d, assign: [devs]}
",
    );
    let mut starts: Vec<NaiveDate> = v.iter().map(|x| x.1).collect();
    starts.sort();
    assert_eq!(starts, [d("2026-03-02"), d("2026-03-02"), d("2026-03-04")]);
    assert!(v.iter().all(|x| x.2 <= d("2026-03-05")));
}

/// Half shares fit side by side; effort at a half share takes twice as long.
#[test]
fn half_shares_run_together() {
    let v = levelled(
        "
title: Shares
start: 2026-03-02
resources:
  - id: alice
streams:
  - id: s
    tasks:
      - {id: x, name: X, effort: 1d, assign: [{alice: 50%}]}
      - {id: y, name: Y, effort: 1d, assign: [{alice: 50%}]}
",
    );
    assert_eq!(at(&v, "x"), (d("2026-03-02"), d("2026-03-03")));
    assert_eq!(at(&v, "y"), (d("2026-03-02"), d("2026-03-03")));
}

/// A resource's own day off: its two-day task does not run over it.
#[test]
fn a_day_off_is_not_worked() {
    let v = levelled(
        "
title: Day off
start: 2026-03-02
resources:
  - id: alice
    holidays: [2026-03-03]
streams:
  - id: s
    tasks:
      - {id: x, name: X, effort: 2d, assign: [alice]}
",
    );
    assert_eq!(at(&v, "x"), (d("2026-03-04"), d("2026-03-05")));
}

/// An owner that names a resource (by id or name) is an assignment.
#[test]
fn an_owner_naming_a_resource_is_an_assignment() {
    let p = project(
        "
title: Owners
start: 2026-03-02
resources:
  - {id: bd1, name: Backend Dev 1}
streams:
  - id: s
    owner: Backend Dev 1
    tasks:
      - {id: x, name: X, effort: 16h}
      - {id: y, name: Y, owner: Someone else, effort: 16h}
",
    );
    let plan = p.plans[0].plan.as_ref().unwrap();
    assert_eq!(plan.tasks[0].assign.len(), 1);
    assert!(plan.tasks[1].assign.is_empty());
    // Effort without an assignment: one person full time.
    assert_eq!(plan.tasks[1].duration.as_ref().unwrap().value, 2);
}

/// `roadmap load --by bucket`: demand and capacity per resource.
#[test]
fn load_by_bucket_in_json_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let path = crate::support::write(
        dir.path(),
        "plan.yaml",
        "
title: Load
start: 2026-03-02
capacity: {sprint: 60h}
resources:
  - {id: alice, rate: 100}
buckets:
  - {id: s1, kind: sprint, start: 2026-03-02, end: 2026-03-13}
streams:
  - id: s
    tasks:
      - {id: x, name: X, effort: 3d, assign: [alice], bucket: s1}
      - {id: y, name: Y, effort: 5d, assign: [alice], bucket: s1}
",
    );
    let p = path.to_str().unwrap();
    let (code, out, err) = run(["load", p, "--by", "bucket", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    let alice = &j["rows"][0];
    assert_eq!(alice["id"], "alice");
    assert_eq!(alice["demand"][0], 64.0);
    assert_eq!(alice["capacity"][0], 80.0);
    assert_eq!(alice["cost"], 6400.0);
    let bucket = j["rows"].as_array().unwrap().last().unwrap();
    assert_eq!(bucket["kind"], "bucket");
    assert_eq!(bucket["capacity"][0], 60.0);
    let (_, out, _) = run(["load", p, "--by", "bucket", "--format", "csv"]);
    assert!(
        out.contains(",resource,alice,s1,2026-03-02,2026-03-13,64,80\n"),
        "{out}"
    );
    // The check warns: 64 person-hours in a 60-hour sprint; alice on two at once.
    let (_, out, _) = run(["check", p]);
    assert!(
        out.contains("bucket `s1` (s1) needs 64 of 60 person-hours"),
        "{out}"
    );
    assert!(out.contains("warning[over-allocated]"), "{out}");
    let (_, out, _) = run(["check", p, "--level"]);
    assert!(!out.contains("over-allocated"), "{out}");
    // The heat map fits the width.
    let (_, out, _) = run(["load", p, "--level", "--width", "64"]);
    assert!(
        out.lines().skip(1).all(|l| l.chars().count() <= 64),
        "{out}"
    );
}

/// A plan without `start:` has no dates: its weeks are numbered, not given
/// 2001's ISO weeks; a plan where nothing takes time says what to add.
#[test]
fn load_of_an_undated_plan_and_of_one_with_nothing_to_count() {
    let dir = tempfile::tempdir().unwrap();
    let undated = crate::support::write(
        dir.path(),
        "undated.yaml",
        "title: T\nresources:\n  - {id: ana}\nstreams:\n  - id: s\n    tasks:\n      - {id: a, name: A, effort: 3d, owner: ana}\n      - {id: b, name: B, effort: 8d, owner: ana, after: [a]}\n",
    );
    let (code, out, err) = run(["load", undated.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    let labels: Vec<&str> = j["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["label"].as_str().unwrap())
        .collect();
    // 11 person-days of one person: three weeks, the last one part full.
    assert_eq!(labels, ["week 1", "week 2", "week 3"]);
    assert_eq!(j["rows"][0]["demand"], serde_json::json!([40.0, 40.0, 8.0]));
    let (_, out, _) = run(["load", undated.to_str().unwrap()]);
    assert!(out.contains("week 1 .. week 3"), "{out}");
    assert!(!out.contains("2001"), "{out}");

    let checklist = crate::support::write(
        dir.path(),
        "checklist.yaml",
        "title: C\nstart: 2026-03-02\nresources:\n  - {id: ana}\nstreams:\n  - id: s\n    tasks:\n      - {id: a, name: A, owner: ana}\n",
    );
    for by in ["week", "bucket"] {
        let (code, out, err) = run(["load", checklist.to_str().unwrap(), "--by", by]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("no work to count in any period"), "{out}");
        assert!(out.contains("add `effort:`"), "{out}");
    }
}

/// A random plan: tasks with durations, one assignment each, links to
/// earlier tasks (finish-to-start, some with a lag).
fn plan_strategy() -> impl Strategy<Value = String> {
    (
        1usize..4,
        prop::collection::vec(
            (1u32..6, 0usize..3, prop::bool::ANY, prop::collection::vec(0usize..40, 0..3), 0u32..3),
            2..16,
        ),
        prop::collection::vec(1u32..3, 3),
    )
        .prop_map(|(nres, tasks, counts)| {
            let mut y = String::from("title: Random\nstart: 2026-03-02\nresources:\n");
            for (r, c) in counts.iter().enumerate().take(nres) {
                y.push_str(&format!("  - {{id: r{r}, count: {c}}}\n"));
            }
            y.push_str("streams:\n  - id: s\n    tasks:\n");
            for (i, (dur, res, half, after, lag)) in tasks.iter().enumerate() {
                let share = if *half {
                    format!("{{r{}: 50%}}", res % nres)
                } else {
                    format!("r{}", res % nres)
                };
                let deps: Vec<String> = after
                    .iter()
                    .filter(|_| i > 0)
                    .map(|a| {
                        let lag = if *lag == 2 { " +1d".to_string() } else { String::new() };
                        format!("\"t{}{lag}\"", a % i)
                    })
                    .collect();
                y.push_str(&format!(
                    "      - {{id: t{i}, name: T{i}, duration: {dur}d, assign: [{share}], after: [{}]}}\n",
                    deps.join(", ")
                ));
            }
            y
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// No resource is ever over capacity in a levelled schedule; every
    /// dependency holds; the levelled finish is never earlier than the
    /// unlevelled one.
    ///
    /// Today before the plan's start (the forecast is the plan as written,
    /// levelled by one search), and today inside it (the forecast levelled
    /// by a search of its own, work not done moved to today).
    #[test]
    fn levelled_schedules_respect_capacity_and_links(yaml in plan_strategy(), inside in prop::bool::ANY) {
        let p = project(&yaml);
        prop_assert_eq!(p.errors(), 0, "{:?}\n{}", p.diagnostics, yaml);
        let lp = &p.plans[0];
        let (plan, g) = (lp.plan.as_ref().unwrap(), lp.graph.as_ref().unwrap());
        let today = if inside { NaiveDate::from_ymd_opt(2026, 3, 11).unwrap() } else { p.as_of };
        let (s, _) = level::level(plan, g, Some(today)).unwrap();
        let s0 = roadmap::schedule::schedule(plan, g, Some(today)).unwrap();
        for (r, peak, cap, _) in level::peaks(plan, g, &s) {
            prop_assert!(peak <= cap, "resource {} at {}% of {}%\n{}", r, peak, cap, yaml);
        }
        for e in g.graph.edge_indices() {
            let (a, b) = g.graph.edge_endpoints(e).unwrap();
            let (_, lag) = g.links[e.index()];
            let lag = match lag { roadmap::plan::span::Span::Work(x) => x, _ => 0 };
            prop_assert!(s.ticks[b.index()].0 >= s.ticks[a.index()].1 + lag, "edge {:?}\n{}", e, yaml);
        }
        prop_assert!(s.finish >= s0.finish, "levelled {} < unlevelled {}\n{}", s.finish, s0.finish, yaml);
    }
}

/// docs/capacity.md: the worked example's plan, and each command shown
/// with its output, are what the tool prints today.
#[test]
fn docs_worked_examples_are_current() {
    let docs = std::fs::read_to_string("docs/capacity.md").unwrap();
    let start = docs
        .find("```yaml\n# plan.yaml\n")
        .expect("the example plan");
    let body = &docs[start + "```yaml\n# plan.yaml\n".len()..];
    let yaml = &body[..body.find("```").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    let path = crate::support::write(dir.path(), "plan.yaml", yaml);
    let prefix = format!("{}/", dir.path().display());
    let mut shown = 0;
    for block in docs.split("```text\n$ roadmap ").skip(1) {
        let block = &block[..block.find("```").unwrap()];
        let (cmd, want) = block.split_once('\n').unwrap();
        let args: Vec<String> = cmd
            .split_whitespace()
            .map(|a| {
                if a == "plan.yaml" {
                    path.display().to_string()
                } else {
                    a.to_string()
                }
            })
            .collect();
        let (_, out, _) = run(&args);
        assert_eq!(
            out.replace(&prefix, ""),
            want,
            "docs/capacity.md: `roadmap {cmd}`"
        );
        shown += 1;
    }
    assert!(shown >= 4, "{shown} commands shown");
}

/// Side by side with TaskJuggler on plans with effort and allocations
/// (tests/fixtures/taskjuggler/effort.* and contention.*). Without
/// contention the dates are the same. With it the heuristics differ:
/// TaskJuggler serves Alice's tasks by path criticalness in one pass (x, then
/// its successor r, then y and Bob's z after it), finishing 13 March; the
/// levelling here tries several rules and keeps the shortest (x, y, then r),
/// finishing 11 March. docs/capacity.md says so.
#[test]
#[cfg_attr(
    not(roadmap_tj3),
    ignore = "tj3 not found: apt-get install tj3 (TaskJuggler), then `touch build.rs`"
)]
fn levelled_dates_beside_taskjuggler() {
    use crate::taskjuggler::{roadmap_dates, tj3_dates, tj3_works};
    assert!(tj3_works(), "tj3 is not installed");
    let ours = roadmap_dates("effort.yaml", "2026-01-01");
    let theirs = tj3_dates("effort.tjp", &[]);
    assert_eq!(ours.len(), 5);
    assert_eq!(ours, theirs, "effort: roadmap vs tj3");

    let ours = roadmap_dates("contention.yaml", "2026-01-01");
    let theirs = tj3_dates("contention.tjp", &[]);
    assert_eq!(ours.len(), theirs.len());
    for id in ["x", "p", "q"] {
        assert_eq!(ours[id], theirs[id], "contention: task `{id}`");
    }
    let finish = |m: &std::collections::BTreeMap<String, (NaiveDate, NaiveDate)>| {
        m.values().map(|x| x.1).max().unwrap()
    };
    assert_eq!(finish(&theirs), d("2026-03-13"));
    assert_eq!(finish(&ours), d("2026-03-11"));
    // Both are feasible: Alice on one task at a time in each.
    for m in [&ours, &theirs] {
        let mut alice: Vec<(NaiveDate, NaiveDate)> =
            ["x", "y", "r"].iter().map(|i| m[*i]).collect();
        alice.sort();
        assert!(alice.windows(2).all(|w| w[0].1 < w[1].0), "{alice:?}");
    }
}

/// Bad values are diagnosed at their place, never a panic or a runaway
/// schedule.
#[test]
fn bad_values_are_diagnosed() {
    let p = project(
        "
title: Bad
start: 2026-03-02
resources:
  - {id: alice, capacity: 25h}
  - {id: bob, count: 0, rate: -1}
  - {id: alice}
streams:
  - id: s
    tasks:
      - {id: a, name: A, effort: 1000000h, assign: [{bob: 1%}]}
      - {id: b, name: B, effort: 3, assign: [{bob: 300%}]}
      - {id: c, name: C, effort: 2d, assign: [{carol: 50%}, {alice: lots}]}
",
    );
    let msgs: Vec<String> = p
        .diagnostics
        .iter()
        .map(|d| format!("{}:{} {}", d.code, d.loc.line, d.message))
        .collect();
    let has = |code: &str, line: u32, text: &str| {
        assert!(
            msgs.iter()
                .any(|m| m.starts_with(&format!("{code}:{line} ")) && m.contains(text)),
            "{code} at line {line} with {text:?} in {msgs:#?}"
        );
    };
    has("invalid-duration", 5, "between a minute and 24 hours");
    has("invalid-duration", 6, "1 to 100000 people");
    has("invalid-duration", 6, "a rate is a number");
    has("duplicate-id", 7, "resource `alice` is defined twice");
    has("invalid-duration", 11, "more than 50000 working days");
    has("invalid-duration", 12, "has no unit");
    has(
        "invalid-duration",
        12,
        "300% of `bob` is more than its 1 people",
    );
    has("unknown-reference", 13, "no resource has the id `carol`");
    has("invalid-duration", 13, "`lots` is not a number");
    // The plan still schedules (and levels) what it can.
    let lp = &p.plans[0];
    let (plan, g) = (lp.plan.as_ref().unwrap(), lp.graph.as_ref().unwrap());
    assert!(level::level(plan, g, Some(p.as_of)).is_some());
}

/// `--level` reaches every command that schedules: gantt and status show
/// the levelled dates (a after b, finishing 6 March; c on 9 March).
#[test]
fn level_flag_reaches_gantt_list_and_status() {
    let dir = tempfile::tempdir().unwrap();
    let path = crate::support::write(dir.path(), "plan.yaml", ONE_PERSON);
    let p = path.to_str().unwrap();
    let (_, plain, _) = run(["gantt", p]);
    let (code, levelled, err) = run(["gantt", p, "--level"]);
    assert_eq!(code, 0, "{err}");
    assert_ne!(plain, levelled);
    let (code, out, err) = run(["list", p, "--level", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    // Item a's forecast finish is Friday 6 March (not Wednesday 4 March).
    assert!(
        out.lines()
            .any(|l| l.contains(",a,A,") && l.contains(",2026-03-06,2026-03-06,")),
        "{out}"
    );
    let (code, _, err) = run(["status", p, "--level"]);
    assert_eq!(code, 0, "{err}");
}

/// Levelling has a budget: past it the plan is left unlevelled, said so,
/// and `check` still reports who is over-allocated. Within it, 2,000 tasks
/// for one person level (each after all the others).
#[test]
fn levelling_stops_at_its_budget() {
    let mut y = String::from(
        "title: Busy\nstart: 2026-03-02\nresources: [{id: alice}]\nstreams:\n  - id: s\n    owner: alice\n    tasks:\n",
    );
    for i in 0..2000 {
        y.push_str(&format!("      - {{id: t{i}, name: T{i}, effort: 4h}}\n"));
    }
    let p = project(&y);
    let lp = &p.plans[0];
    let (plan, g) = (lp.plan.as_ref().unwrap(), lp.graph.as_ref().unwrap());
    let (s, found) = level::level(plan, g, Some(p.as_of)).unwrap();
    assert!(found.complete);
    // 2,000 half days, one after another: 1,000 working days.
    assert_eq!(s.finish, 1000);
    let (s, found) =
        level::level_within(plan, g, Some(p.as_of), &level::Rule::ALL, 10_000).unwrap();
    assert!(!found.complete);
    assert_eq!(s.finish, 1);
}

/// The forecast levels in every trial: two tasks of one person never run
/// together in any trial, so the levelled finish is the sum of the two
/// lengths, never their maximum; with fixed lengths every percentile is the
/// levelled schedule's date.
#[test]
fn the_forecast_levels_in_every_trial() {
    let dir = tempfile::tempdir().unwrap();
    let plan = |estimates: bool| {
        let (a, b) = if estimates {
            ("        estimate: 3d..5d\n", "        estimate: 2d..4d\n")
        } else {
            ("        duration: 4d\n", "        duration: 3d\n")
        };
        format!(
            "title: Shared\nstart: 2026-03-02\nresources:\n  - id: alice\nstreams:\n  - id: s\n    tasks:\n      - id: a\n        name: A\n        assign: [alice]\n{a}      - id: b\n        name: B\n        assign: [alice]\n{b}"
        )
    };
    let finish = |file: &str, level: bool| -> serde_json::Value {
        let path = dir.path().join(file);
        let mut args = vec![
            "forecast".to_string(),
            path.display().to_string(),
            "--trials".into(),
            "2000".into(),
            "--format".into(),
            "json".into(),
        ];
        if level {
            args.push("--level".into());
        }
        let (code, out, err) = run(args);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["kind"] == "finish")
            .unwrap()
            .clone()
    };
    std::fs::write(dir.path().join("fixed.yaml"), plan(false)).unwrap();
    std::fs::write(dir.path().join("ranged.yaml"), plan(true)).unwrap();

    // Fixed lengths: 4 + 3 working days from Monday 2026-03-02 when
    // levelled (Tuesday 03-10), 4 when not (Thursday 03-05).
    let f = finish("fixed.yaml", true);
    for k in ["planned", "p50", "p85", "p95"] {
        assert_eq!(f[k], "2026-03-10", "{k}: {f}");
    }
    let f = finish("fixed.yaml", false);
    assert_eq!(f["p95"], "2026-03-05", "{f}");

    // Ranged: levelled, the finish is at least 3 + 2 days (03-06) in every
    // trial and its median is later than the unlevelled one's latest.
    let lev = finish("ranged.yaml", true);
    let un = finish("ranged.yaml", false);
    let p = |v: &serde_json::Value, p: u64| -> String {
        v["percentiles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["p"] == p)
            .map(|x| x["date"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("no P{p}: {v}"))
    };
    assert!(
        lev["p50"].as_str().unwrap() > un["p95"].as_str().unwrap(),
        "{lev}\n{un}"
    );
    assert!(p(&lev, 5).as_str() >= "2026-03-06", "{lev}");
    assert!(p(&un, 95).as_str() <= "2026-03-06", "{un}");
}

/// The plan as written is levelled on its own, from the plan's start: a
/// levelled plan looked at long after its start keeps its planned finish
/// (alice's three tasks end to end from 2026-03-02: 3 + 2 + 3 days, to
/// 03-11) and forecasts from today, instead of carrying today's waits back
/// into the plan as written.
#[test]
fn a_levelled_plan_as_written_is_levelled_from_its_start() {
    let (code, out, err) = crate::support::run_at(
        "2026-12-01",
        [
            "critical-path",
            "tests/fixtures/taskjuggler/contention.yaml",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["planned_finish"], "2026-03-11", "{out}");
    assert_eq!(v["finish"], "2026-12-10", "{out}");
    assert_eq!(v["critical_path"], serde_json::json!(["x", "y", "r"]));
}
