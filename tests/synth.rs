//! The synthetic plan generator (src/synth.rs) behind the benchmarks: the
//! same seed gives the same files, and what it generates checks clean.

use roadmap::synth::generate;

#[test]
fn same_seed_same_files() {
    let a = generate(1_000, 7);
    let b = generate(1_000, 7);
    assert_eq!(a, b);
    let c = generate(1_000, 8);
    assert_ne!(a.files, c.files, "another seed gives another plan");

    // Written to disk, byte for byte the same.
    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    a.write(d1.path()).unwrap();
    b.write(d2.path()).unwrap();
    for (rel, _) in &a.files {
        assert_eq!(
            std::fs::read(d1.path().join(rel)).unwrap(),
            std::fs::read(d2.path().join(rel)).unwrap(),
            "{rel}"
        );
    }
    assert_eq!(
        std::fs::read(d1.path().join("synth.tjp")).unwrap(),
        std::fs::read(d2.path().join("synth.tjp")).unwrap()
    );
}

#[test]
fn the_shape_asked_for() {
    let g = generate(1_000, 1);
    let s = g.stats;
    assert_eq!(s.tasks, 1_000);
    assert_eq!(s.streams, 20);
    // A root and two fragments of ten streams each.
    assert_eq!(g.files.len(), 3);
    assert_eq!(g.files[0].0, "roadmap.yaml");
    let per_task = s.dependencies as f64 / s.tasks as f64;
    assert!(
        (2.2..=2.8).contains(&per_task),
        "{per_task} dependencies a task"
    );
    assert!(g.files[0].1.contains("kind: quarter") && g.files[0].1.contains("kind: sprint"));
    assert!(g.tjp.contains("depends s"));
}

#[test]
fn a_generated_plan_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let g = generate(1_000, 1);
    g.write(dir.path()).unwrap();
    let root = dir.path().join("roadmap.yaml");
    let project = roadmap::check_paths(&[root], chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()).expect("the plan loads");
    assert!(
        project.diagnostics.is_empty(),
        "{:#?}",
        &project.diagnostics[..project.diagnostics.len().min(5)]
    );
    let plan = project.plans[0].plan.as_ref().expect("resolved");
    assert_eq!(plan.tasks.len(), 1_000);
    assert_eq!(plan.items().count(), g.stats.items);

    // The schedule is the one the generator computed its buckets from.
    let graph = project.plans[0].graph.as_ref().expect("graph");
    let _ = graph;
    let s = project.plans[0].schedule.as_ref().expect("acyclic");
    assert_eq!(s.finish, g.stats.finish_days);
}
