//! Plans whose size is in the graph: long chains and cycles, and shapes that
//! would make naive algorithms quadratic.

use crate::support::{check, roadmap, write};

const N: usize = 100_000;

/// A 100,000-task dependency cycle: found, reported once, with the chain
/// abridged; nothing recurses once per task (petgraph's tarjan_scc did, and
/// overflowed the stack).
#[test]
fn a_100000_task_cycle() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "cycle.yaml",
        plan_of(N, |i| Some((i + N - 1) % N)),
    );
    let run = check(dir.path(), "cycle.yaml");
    run.exit(1).has("dependency-cycle", "cycle.yaml");
    let v = run.json();
    let cycles: Vec<&serde_json::Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "dependency-cycle")
        .collect();
    assert_eq!(cycles.len(), 1);
    let msg = cycles[0]["message"].as_str().unwrap();
    assert!(msg.contains("more"), "the chain is abridged: {msg}");
    assert!(msg.len() < 1000, "{} bytes", msg.len());
    assert!(cycles[0]["related"].as_array().unwrap().len() <= 51);
}

/// A 100,000-task chain: checked, scheduled and explained without a deep
/// stack (the topological sort, the schedule's passes and the driver walk
/// are loops).
#[test]
fn a_100000_task_chain() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "chain.yaml", plan_of(N, |i| i.checked_sub(1)));
    let run = check(dir.path(), "chain.yaml");
    run.exit(0);
    assert!(run.out.contains(&format!("\"items\": {N}")), "{}", run.out);
    let last = format!("t{}", N - 1);
    let run = roadmap(dir.path(), ["explain", &last, "chain.yaml"]);
    run.exit(0);
    assert!(run.out.contains(&last), "{}", run.out);
}

/// A group with 3,000 entries in `after` and 3,000 sub-tasks passes on
/// 9,000,000 dependencies: refused by the limit instead of building a
/// graph of gigabytes.
#[test]
fn a_group_that_passes_on_millions_of_dependencies_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let k = 3000;
    let mut doc = String::from("title: fan\nstreams:\n  - id: s\n    tasks:\n");
    for i in 0..k {
        doc.push_str(&format!("      - {{id: d{i}, name: D, duration: 1d}}\n"));
    }
    let deps: Vec<String> = (0..k).map(|i| format!("d{i}")).collect();
    doc.push_str(&format!(
        "      - id: g\n        name: G\n        after: [{}]\n        tasks:\n",
        deps.join(", ")
    ));
    for i in 0..k {
        doc.push_str(&format!(
            "          - {{id: c{i}, name: C, duration: 1d}}\n"
        ));
    }
    write(dir.path(), "fan.yaml", &doc);
    let run = check(dir.path(), "fan.yaml");
    run.exit(1).has("input-limit", "fan.yaml");
    assert!(run.out.contains("9000000 dependencies"), "{}", run.out);
}

/// A 100 KB task name over 20,000 sub-tasks without ids would derive 20,000
/// ids of 100 KB each (2 GB): the id is refused, and its sub-tasks with it.
#[test]
fn a_long_name_over_many_sub_tasks_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = format!(
        "title: long\nstreams:\n  - id: s\n    tasks:\n      - name: {}\n        tasks:\n",
        "a".repeat(100_000)
    );
    for i in 0..20_000 {
        doc.push_str(&format!("          - {{name: b{i}}}\n"));
    }
    write(dir.path(), "long.yaml", &doc);
    let run = check(dir.path(), "long.yaml");
    run.exit(1).has("input-limit", "long.yaml");
}

/// Shapes that made counting quadratic: 20,000 milestones and streams with
/// declared totals, and 5,000 buckets each within the last.
#[test]
fn many_totals_are_counted_in_one_pass() {
    let dir = tempfile::tempdir().unwrap();
    let n = 20_000;
    let mut doc = String::from("title: totals\nmilestones:\n");
    for i in 0..n {
        doc.push_str(&format!("  - {{id: m{i}, total: 1}}\n"));
    }
    doc.push_str("streams:\n");
    for i in 0..n {
        doc.push_str(&format!(
            "  - {{id: s{i}, total: 1, tasks: [{{name: T, milestone: m{i}}}]}}\n"
        ));
    }
    write(dir.path(), "totals.yaml", &doc);
    check(dir.path(), "totals.yaml").exit(0);
    let run = roadmap(dir.path(), ["milestones", "--format", "csv", "totals.yaml"]);
    run.exit(0);

    let mut doc = String::from("title: buckets\nbuckets:\n  - {id: b0, total: 1}\n");
    for i in 1..5000 {
        doc.push_str(&format!("  - {{id: b{i}, within: b{}, total: 1}}\n", i - 1));
    }
    doc.push_str("streams:\n  - id: s\n    tasks:\n");
    for i in 0..5000 {
        doc.push_str(&format!("      - {{name: T{i}, bucket: b{i}}}\n"));
    }
    write(dir.path(), "buckets.yaml", &doc);
    let run = check(dir.path(), "buckets.yaml");
    run.exit(1).has("input-limit", "buckets.yaml");
}

/// Milestones made of one big milestone: each counts all of its items, so
/// the counting is bounded by a step budget and the plan refused past it.
#[test]
fn milestones_that_recount_the_same_items_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let n = 8000;
    let mut doc = String::from("title: recount\nmilestones:\n  - id: big\n");
    for i in 0..n {
        doc.push_str(&format!("  - {{id: m{i}, members: [big]}}\n"));
    }
    doc.push_str("streams:\n  - id: s\n    tasks:\n");
    for i in 0..n {
        doc.push_str(&format!("      - {{name: T{i}, milestone: big}}\n"));
    }
    write(dir.path(), "recount.yaml", &doc);
    let run = check(dir.path(), "recount.yaml");
    run.exit(1).has("input-limit", "recount.yaml");
    // The reports refuse a plan with errors instead of counting again.
    roadmap(dir.path(), ["milestones", "recount.yaml"])
        .exit(1)
        .err_names("recount.yaml");
}

/// 20,000 references to unknown milestones and buckets in a plan of 20,000
/// of each: the "did you mean" hints stop at a budget, and the candidate
/// lists are not rebuilt for each miss (that took minutes).
#[test]
fn thousands_of_unknown_references() {
    let dir = tempfile::tempdir().unwrap();
    let n = 20_000;
    let mut doc = String::from("title: misses\nmilestones:\n");
    for i in 0..n {
        doc.push_str(&format!("  - {{id: m{i}}}\n"));
    }
    doc.push_str("buckets:\n");
    for i in 0..n {
        doc.push_str(&format!("  - {{id: b{i}}}\n"));
    }
    doc.push_str("streams:\n  - id: s\n    tasks:\n");
    for i in 0..n {
        doc.push_str(&format!(
            "      - {{name: T{i}, milestone: nope{i}, bucket: nob{i}, after: [zz{i}]}}\n"
        ));
    }
    write(dir.path(), "misses.yaml", &doc);
    let run = check(dir.path(), "misses.yaml");
    run.exit(1).has("unknown-reference", "misses.yaml");
    assert_eq!(run.codes().len(), 3 * n);
}

/// A plan of `n` tasks in one stream, `after(i)` giving each task's
/// dependency.
fn plan_of(n: usize, after: impl Fn(usize) -> Option<usize>) -> String {
    let mut s = String::with_capacity(n * 60);
    s.push_str("title: big\nstart: 2026-01-05\nstreams:\n  - id: s\n    tasks:\n");
    for i in 0..n {
        match after(i) {
            Some(a) => s.push_str(&format!(
                "      - {{id: t{i}, name: T, duration: 1d, after: [t{a}]}}\n"
            )),
            None => s.push_str(&format!("      - {{id: t{i}, name: T, duration: 1d}}\n")),
        }
    }
    s
}
