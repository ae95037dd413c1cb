//! Property tests: arbitrary plan-shaped YAML (real keys, values of any type,
//! random nesting, references to ids that may or may not exist) through every
//! command that reads a plan. Whatever the input, each command returns an exit
//! code of 0, 1 or 2 and never panics; what it prints parses, its counts add
//! up, and the commands agree with each other (see `properties`).

use crate::critical_path::json_rows_hang_together;
use crate::status::status_counts_add_up;
use crate::support::{csv_rows, json, run, write};
use crate::views::json_export_is_consistent;
use proptest::prelude::*;
use proptest::test_runner::Config;
use std::collections::HashMap;
use std::path::Path;

const TOP_KEYS: &[&str] = &[
    "title",
    "description",
    "start",
    "deadline",
    "calendar",
    "total",
    "include",
    "buckets",
    "milestones",
    "streams",
    "tasks",
    "risks",
];
const BUCKET_KEYS: &[&str] = &[
    "id",
    "name",
    "kind",
    "description",
    "period",
    "start",
    "end",
    "sprint",
    "length",
    "within",
    "total",
];
const MILESTONE_KEYS: &[&str] = &[
    "id",
    "name",
    "kind",
    "description",
    "after",
    "duration",
    "start",
    "end",
    "date",
    "deadline",
    "criteria",
    "members",
    "bucket",
    "owner",
    "status",
    "tags",
    "total",
];
const STREAM_KEYS: &[&str] = &["id", "name", "description", "owner", "total", "tasks"];
const TASK_KEYS: &[&str] = &[
    "id",
    "name",
    "stream",
    "description",
    "status",
    "owner",
    "priority",
    "tags",
    "bucket",
    "milestone",
    "duration",
    "start",
    "end",
    "due",
    "after",
    "total",
    "tasks",
];
const CALENDAR_KEYS: &[&str] = &["workdays", "holidays"];
const RISK_KEYS: &[&str] = &[
    "id",
    "name",
    "probability",
    "impact",
    "mitigation",
    "owner",
    "status",
];

/// Ids that plans define and reference: references sometimes hit, sometimes
/// miss, and sometimes name the wrong kind of thing.
const IDS: &[&str] = &[
    "a", "b", "c", "g", "m1", "m2", "q1", "q2", "s", "t", "zz", "a/b",
];

/// Scalars of every kind the format reads, valid or not.
const SCALARS: &[&str] = &[
    "a",
    "b",
    "m1",
    "q1",
    "s",
    "x y",
    "\"\"",
    "''",
    "~",
    "null",
    "true",
    "0",
    "1",
    "-1",
    "3",
    "99999999999999999999",
    "1.5",
    "2026-01-05",
    "2026-02-30",
    "99999-01-01",
    "2026-W07",
    "2026-W54",
    "2026-03",
    "2026-Q2",
    "2026-Q5",
    "2026",
    "W7",
    "M4",
    "M4-W2",
    "M99-W9",
    "W99999999",
    "3d",
    "2w",
    "2 weeks",
    "0d",
    "99999 weeks",
    "50000d",
    "mon",
    "sun",
    "todo",
    "done",
    "in-progress",
    "blocked",
    "cancelled",
    "gate",
    "milestone",
    "quarter",
    "sprint",
    "phase",
    "release",
    "P0",
    "\"a: b\"",
    "\"#\"",
    "\"\\u0000\"",
    "\"\\t\"",
    "ü",
    "*nope",
];

/// A YAML value: a scalar, a flow list or a flow mapping (nested).
#[derive(Debug, Clone)]
enum V {
    Scalar(&'static str),
    List(Vec<V>),
    Map(Vec<(&'static str, V)>),
}

impl V {
    fn write(&self, out: &mut String) {
        match self {
            V::Scalar(s) => out.push_str(s),
            V::List(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    v.write(out);
                }
                out.push(']');
            }
            V::Map(pairs) => {
                out.push('{');
                for (i, (k, v)) in pairs.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(k);
                    out.push_str(": ");
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

fn scalar() -> impl Strategy<Value = V> {
    prop_oneof![
        4 => prop::sample::select(IDS).prop_map(V::Scalar),
        6 => prop::sample::select(SCALARS).prop_map(V::Scalar),
    ]
}

/// Any value: mostly scalars and lists of ids, sometimes nested junk.
fn junk() -> impl Strategy<Value = V> {
    scalar().prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(V::List),
            prop::collection::vec((prop::sample::select(TASK_KEYS), inner), 0..3).prop_map(V::Map),
        ]
    })
}

/// A value for `key`: usually of the right shape, sometimes anything.
fn value_for(key: &'static str, child: BoxedStrategy<V>) -> BoxedStrategy<V> {
    let right: BoxedStrategy<V> = match key {
        "after" | "members" | "include" | "tags" | "criteria" | "holidays" | "workdays" => {
            prop::collection::vec(scalar(), 0..4)
                .prop_map(V::List)
                .boxed()
        }
        "tasks" | "streams" | "buckets" | "milestones" | "risks" => {
            prop::collection::vec(child, 0..4).prop_map(V::List).boxed()
        }
        _ => scalar().boxed(),
    };
    prop_oneof![8 => right, 1 => junk()].boxed()
}

/// A mapping with keys from `keys` (and now and then one that is not).
fn mapping(keys: &'static [&'static str], child: BoxedStrategy<V>) -> BoxedStrategy<V> {
    let key = prop_oneof![
        20 => prop::sample::select(keys),
        1 => prop::sample::select(&["nmae", "afterr", "<<"][..]),
    ];
    prop::collection::vec(key, 0..7)
        .prop_flat_map(move |ks| {
            let mut seen = std::collections::HashSet::new();
            let ks: Vec<&'static str> = ks.into_iter().filter(|k| seen.insert(*k)).collect();
            let vals: Vec<BoxedStrategy<(&'static str, V)>> = ks
                .into_iter()
                .map(|k| {
                    value_for(k, child.clone())
                        .prop_map(move |v| (k, v))
                        .boxed()
                })
                .collect();
            vals.prop_map(V::Map)
        })
        .boxed()
}

/// Tasks nested in tasks, a few levels.
fn task() -> BoxedStrategy<V> {
    let leaf = mapping(TASK_KEYS, Just(V::List(vec![])).boxed());
    leaf.prop_recursive(3, 16, 4, |inner| mapping(TASK_KEYS, inner.boxed()))
        .boxed()
}

fn plan() -> impl Strategy<Value = String> {
    let top = prop::collection::vec(prop::sample::select(TOP_KEYS), 0..9);
    top.prop_flat_map(|ks| {
        let mut seen = std::collections::HashSet::new();
        let ks: Vec<&'static str> = ks.into_iter().filter(|k| seen.insert(*k)).collect();
        let vals: Vec<BoxedStrategy<(&'static str, V)>> = ks
            .into_iter()
            .map(|k| {
                let child = match k {
                    "buckets" => mapping(BUCKET_KEYS, junk().boxed()),
                    "milestones" => mapping(MILESTONE_KEYS, junk().boxed()),
                    "streams" => mapping(STREAM_KEYS, task()),
                    "tasks" => task(),
                    "risks" => mapping(RISK_KEYS, junk().boxed()),
                    _ => junk().boxed(),
                };
                let v = if k == "calendar" {
                    prop_oneof![4 => mapping(CALENDAR_KEYS, junk().boxed()), 1 => junk()].boxed()
                } else {
                    value_for(k, child)
                };
                v.prop_map(move |v| (k, v)).boxed()
            })
            .collect();
        vals
    })
    .prop_map(|pairs| {
        // Block style at the top (a title most of the time, so that most
        // cases are plan roots), flow style inside.
        let mut out = String::new();
        for (k, v) in pairs {
            out.push_str(k);
            out.push_str(": ");
            v.write(&mut out);
            out.push('\n');
        }
        out
    })
}

/// Every command that reads a plan, with a spread of options; `PLAN` stands
/// for the file.
const COMMANDS: &[&str] = &[
    "check PLAN",
    "check --format json PLAN",
    "check --format github --deny warnings PLAN",
    "critical-path PLAN",
    "critical-path --all --format json PLAN",
    "critical-path --near 5 --format markdown PLAN",
    "explain ID PLAN",
    "status PLAN",
    "status --by bucket --format csv PLAN",
    "status --by milestone --format json PLAN",
    "status --by owner --format markdown PLAN",
    "status --by priority PLAN",
    "status --matrix PLAN",
    "status --matrix --format csv PLAN",
    "status --stream s --status done PLAN",
    "milestones PLAN",
    "milestones --format json PLAN",
    "gantt PLAN",
    "gantt --scale days --ascii PLAN",
    "gantt --scale quarters PLAN",
    "export --to mermaid PLAN",
    "export --to dot PLAN",
    "export --to json PLAN",
    "export --to csv PLAN",
    "diff PLAN PLAN --format json",
];

/// Exit code, standard output and standard error of each of [`COMMANDS`].
type Outputs = HashMap<&'static str, (u8, String, String)>;

fn run_all(dir: &Path, yaml: &str, id: &str) {
    let file = write(dir, "plan.yaml", yaml).display().to_string();
    let mut outs = Outputs::new();
    for &command in COMMANDS {
        let args: Vec<&str> = command
            .split(' ')
            .map(|a| match a {
                "PLAN" => file.as_str(),
                "ID" => id,
                a => a,
            })
            .collect();
        let (code, out, err) = run(&args);
        assert!(code <= 2, "{command}: exit {code}\n{err}");
        if code == 2 {
            assert!(out.is_empty(), "{command}: exit 2 with output\n{out}");
            assert!(!err.is_empty(), "{command}: exit 2 without a message");
        }
        outs.insert(command, (code, out, err));
    }
    properties(&outs);
}

/// What holds of the outputs of [`COMMANDS`] on any one plan.
fn properties(outs: &Outputs) {
    let get = |c: &str| -> &(u8, String, String) { &outs[c] };
    let (code, out, err) = get("check --format json PLAN");
    if *code == 2 {
        // Nothing could be read: every command that reads it says so.
        for (c, (code, _, _)) in outs {
            assert_eq!(*code, 2, "{c}: the plan could not be read: {err}");
        }
        return;
    }

    // check: errors plus warnings are the diagnostics listed, in every
    // format; exit 1 exactly when there are errors (or, with --deny
    // warnings, any diagnostic).
    let v = json("check", out);
    let diags = v["diagnostics"].as_array().expect("diagnostics");
    let count = |sev: &str| diags.iter().filter(|d| d["severity"] == sev).count();
    let errors = count("error");
    assert_eq!(v["errors"], errors, "check: errors");
    assert_eq!(v["warnings"], count("warning"), "check: warnings");
    assert_eq!(errors + count("warning"), diags.len(), "check: severities");
    assert_eq!(*code, u8::from(errors > 0), "check: exit code");
    let (human_code, human, _) = get("check PLAN");
    assert_eq!(human_code, code, "check: human and JSON exit codes");
    let headings = human
        .lines()
        .filter(|l| l.starts_with("error[") || l.starts_with("warning["))
        .count();
    assert_eq!(headings, diags.len(), "check: human diagnostics\n{human}");
    let (gh_code, github, _) = get("check --format github --deny warnings PLAN");
    assert_eq!(
        *gh_code,
        u8::from(!diags.is_empty()),
        "check --deny warnings: exit"
    );
    let annotations = github
        .lines()
        .filter(|l| l.starts_with("::error ") || l.starts_with("::warning "))
        .count();
    assert_eq!(
        annotations,
        diags.len(),
        "check: GitHub annotations\n{github}"
    );

    // A report refuses a plan only when `check` finds errors, and then
    // prints nothing on standard output.
    for (c, (code, out, _)) in outs {
        if *code == 1 && !c.starts_with("check") {
            assert!(errors > 0, "{c}: exit 1 on a plan without errors");
            assert!(out.is_empty(), "{c}: exit 1 with output");
        }
    }
    let ok = |c: &str| -> Option<&str> {
        let (code, out, _) = get(c);
        (*code == 0).then_some(out.as_str())
    };

    let cp = ok("critical-path --all --format json PLAN").map(|o| {
        let v = json("critical-path", o);
        json_rows_hang_together("critical-path", &v);
        v
    });
    let status = ok("status --by milestone --format json PLAN").map(|o| {
        let v = json("status", o);
        status_counts_add_up("status --by milestone", &v);
        v
    });
    if let Some(o) = ok("status --by bucket --format csv PLAN") {
        let rows = csv_rows("status csv", o);
        for row in &rows[1..] {
            let n = |i: usize| row[i].parse::<u64>().unwrap_or_else(|_| panic!("{row:?}"));
            assert_eq!(n(4), (5..10).map(n).sum::<u64>(), "status csv: {row:?}");
        }
        assert_eq!(
            rows.last().unwrap()[3],
            "total",
            "status csv: the total row"
        );
        if let Some(s) = &status {
            let total = rows.last().unwrap()[4].parse::<u64>().unwrap();
            assert_eq!(
                s["overall"]["total"], total,
                "status: items by bucket and by milestone"
            );
        }
    }
    if let Some(o) = ok("status --matrix --format csv PLAN") {
        csv_rows("status --matrix csv", o);
    }
    if let Some(o) = ok("milestones --format json PLAN") {
        for m in json("milestones", o)["milestones"].as_array().unwrap() {
            assert!(m["done"].as_u64() <= m["items"].as_u64(), "milestones: {m}");
        }
    }
    if let Some(o) = ok("export --to json PLAN") {
        let v = json("export", o);
        json_export_is_consistent("export", &v);
        if let Some(cp) = &cp {
            assert_eq!(
                v["critical_path"], cp["critical_path"],
                "export and critical-path"
            );
            assert_eq!(v["finish"], cp["finish"], "export and critical-path");
        }
    }
    if let Some(o) = ok("export --to csv PLAN") {
        let rows = csv_rows("export csv", o);
        assert_eq!(
            rows[0],
            roadmap::render::export::CSV_COLUMNS,
            "export csv header"
        );
        if let Some(s) = &status {
            assert_eq!(
                s["overall"]["total"],
                rows.len() - 1,
                "export csv: one row per item"
            );
        }
    }
    // A plan compared with itself: no change, no slip.
    if let Some(o) = ok("diff PLAN PLAN --format json") {
        for p in json("diff", o)["plans"].as_array().unwrap() {
            for k in [
                "added",
                "removed",
                "changed",
                "slack_lost",
                "totals_changed",
            ] {
                assert_eq!(p[k], serde_json::json!([]), "diff with itself: {k}");
            }
            assert_eq!(p["finish_slip_days"], 0, "diff with itself");
            assert_eq!(
                p["critical_path_old"], p["critical_path_new"],
                "diff with itself"
            );
        }
    }
}

proptest! {
    #![proptest_config(Config {
        cases: 48,
        // Failures are minimised and printed; no regressions file is kept.
        failure_persistence: None,
        ..Config::default()
    })]

    #[test]
    fn every_command_answers_any_plan_shaped_yaml(
        yaml in plan(),
        title in prop::bool::weighted(0.9),
        id in prop::sample::select(IDS),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let yaml = if title && !yaml.starts_with("title:") && !yaml.contains("\ntitle:") {
            format!("title: T\n{yaml}")
        } else {
            yaml
        };
        run_all(dir.path(), &yaml, id);
    }

    /// Plans that are mostly valid: unique ids, names, durations, dates,
    /// references that mostly resolve (cycles and misses now and then), so
    /// that the schedule and the reports run instead of stopping at errors.
    #[test]
    fn every_command_answers_mostly_valid_plans(
        streams in prop::collection::vec(prop::collection::vec(gtask(), 0..5), 1..3),
        id in prop::sample::select(&["t0", "t1", "t3", "t7", "m1", "m2", "zz"][..]),
        deadline in prop::option::weighted(
            0.3,
            prop::sample::select(&["2026-06-30", "2026-Q3", "M6", "2025-01-01", "W3"][..]),
        ),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut yaml = String::from(
            "title: T\nstart: 2026-01-05\nbuckets: [{id: q1, period: 2026-Q1, total: 2}, {id: q2, within: q1, start: M2, end: M3}, {id: q3}]\nmilestones: [{id: m1, after: [t1], total: 1}, {id: m2, members: [m1], deadline: 2026-06, kind: gate}]\n",
        );
        if let Some(d) = deadline {
            yaml.push_str(&format!("deadline: {d}\n"));
        }
        yaml.push_str("streams:\n");
        let mut next = 0;
        for (i, tasks) in streams.iter().enumerate() {
            let mut list = String::from("[");
            for (j, t) in tasks.iter().enumerate() {
                if j > 0 {
                    list.push_str(", ");
                }
                t.write(&mut next, &[], &mut list);
            }
            list.push(']');
            yaml.push_str(&format!("  - id: s{i}\n    owner: O{i}\n    tasks: {list}\n"));
        }
        run_all(dir.path(), &yaml, id);
    }
}

/// A task of a mostly valid plan; its id is given when it is written.
#[derive(Debug, Clone)]
struct GTask {
    duration: Option<&'static str>,
    after: Vec<u8>,
    bucket: Option<&'static str>,
    milestone: Option<&'static str>,
    status: Option<&'static str>,
    dates: Option<(&'static str, &'static str)>,
    children: Vec<GTask>,
}

fn gtask() -> BoxedStrategy<GTask> {
    let leaf = (
        prop::option::weighted(
            0.8,
            prop::sample::select(&["1d", "3d", "2w", "0d", "10 days", "9999 weeks"][..]),
        ),
        // 12 is m1 and 13 an unknown id: rarer than the tasks.
        prop::collection::vec(0u8..40, 0..3).prop_map(|v| {
            v.into_iter()
                .map(|a| if a > 13 { a % 12 } else { a })
                .collect::<Vec<u8>>()
        }),
        prop::option::of(prop::sample::select(&["q1", "q2", "q3"][..])),
        prop::option::weighted(0.3, prop::sample::select(&["m1", "m2"][..])),
        prop::option::of(prop::sample::select(
            &["todo", "done", "in-progress", "blocked", "cancelled"][..],
        )),
        prop::option::weighted(
            0.3,
            prop::sample::select(
                &[
                    ("2026-01-05", "2026-01-09"),
                    ("M1-W2", "M2-W1"),
                    ("2026-W03", "2026-03"),
                    ("2026-02-02", "2026-02-13"),
                ][..],
            ),
        ),
    )
        .prop_map(
            |(duration, after, bucket, milestone, status, dates)| GTask {
                duration,
                after,
                bucket,
                milestone,
                status,
                dates,
                children: Vec::new(),
            },
        );
    leaf.prop_recursive(3, 20, 4, |inner| {
        (inner.clone(), prop::collection::vec(inner, 1..4)).prop_map(|(mut t, kids)| {
            t.children = kids;
            t
        })
    })
    .boxed()
}

impl GTask {
    /// Write the task as `t<next>`; its dependencies point at earlier tasks
    /// that are not its ancestors (so cycles are rare), at `m1`, or at an id
    /// that does not exist.
    fn write(&self, next: &mut usize, ancestors: &[usize], out: &mut String) {
        let id = *next;
        *next += 1;
        out.push_str(&format!("{{id: t{id}, name: Task {id}"));
        if let Some(d) = self.duration {
            out.push_str(&format!(", duration: {d}"));
        }
        if !self.after.is_empty() {
            let refs: Vec<String> = self
                .after
                .iter()
                .filter_map(|&a| match a {
                    12 => Some("m1".to_string()),
                    13 => Some("zz".to_string()),
                    _ if id == 0 => None,
                    a => {
                        let t = a as usize % id;
                        (!ancestors.contains(&t)).then(|| format!("t{t}"))
                    }
                })
                .collect();
            if !refs.is_empty() {
                out.push_str(&format!(", after: [{}]", refs.join(", ")));
            }
        }
        for (k, v) in [
            ("bucket", self.bucket),
            ("milestone", self.milestone),
            ("status", self.status),
        ] {
            if let Some(v) = v {
                out.push_str(&format!(", {k}: {v}"));
            }
        }
        if let Some((s, e)) = self.dates {
            out.push_str(&format!(", start: {s}, end: {e}"));
        }
        if !self.children.is_empty() {
            out.push_str(", tasks: [");
            for (i, c) in self.children.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let mut up = ancestors.to_vec();
                up.push(id);
                c.write(next, &up, out);
            }
            out.push(']');
        }
        out.push('}');
    }
}
