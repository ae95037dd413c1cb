//! Each stage of `roadmap` on its own, on generated plans (src/synth.rs) of
//! 1,000 and 10,000 tasks:
//!
//! ```sh
//! cargo bench --bench stages             # every stage, about a minute
//! cargo bench --bench stages -- load     # the stages whose name has `load`
//! ```
//!
//! The whole processes, at 100,000 tasks too, are timed by bench/run.sh;
//! docs/performance.md has the figures.

use divan::{Bencher, black_box};
use roadmap::plan::graph::PlanGraph;
use roadmap::plan::model::Plan;
use std::path::PathBuf;

const SIZES: [usize; 2] = [1_000, 10_000];

/// The date the schedules count from.
const AS_OF: chrono::NaiveDate = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();

fn main() {
    divan::main();
}

/// The generated plan of `n` tasks, written once per run under the target
/// folder; its root file.
fn root(n: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("synth-{n}"));
    let root = dir.join("roadmap.yaml");
    static WRITTEN: std::sync::Mutex<Vec<usize>> = std::sync::Mutex::new(Vec::new());
    let mut written = WRITTEN.lock().expect("no panic while holding it");
    if !written.contains(&n) {
        roadmap::synth::generate(n, 1)
            .write(&dir)
            .expect("write the plan");
        written.push(n);
    }
    root
}

fn load(n: usize) -> roadmap::plan::load::Workspace {
    roadmap::plan::load::load_paths(&[root(n)]).expect("the plan loads")
}

fn resolved(n: usize) -> Plan {
    let ws = load(n);
    let mut diags = ws.diagnostics;
    let files = ws.plans.into_iter().next().expect("one plan");
    roadmap::plan::resolve::resolve(files, &mut diags).expect("the plan resolves")
}

/// Read and parse the plan's files (in parallel where it pays).
#[divan::bench(args = SIZES, max_time = 2)]
fn stage_1_load(b: Bencher, n: usize) {
    let path = root(n);
    b.bench(|| roadmap::plan::load::load_paths(black_box(std::slice::from_ref(&path))));
}

/// From raw YAML to the validated plan: ids, references, dates.
#[divan::bench(args = SIZES, max_time = 2)]
fn stage_2_resolve(b: Bencher, n: usize) {
    b.with_inputs(|| {
        let ws = load(n);
        ws.plans.into_iter().next().expect("one plan")
    })
    .bench_values(|files| {
        let mut diags = Vec::new();
        roadmap::plan::resolve::resolve(files, &mut diags)
    });
}

/// The dependency graph.
#[divan::bench(args = SIZES, max_time = 2)]
fn stage_3_graph(b: Bencher, n: usize) {
    let plan = resolved(n);
    b.bench(|| PlanGraph::build(black_box(&plan)));
}

/// Earliest and latest times, slack, deadlines.
#[divan::bench(args = SIZES, max_time = 2)]
fn stage_4_schedule(b: Bencher, n: usize) {
    let plan = resolved(n);
    let g = PlanGraph::build(&plan);
    b.bench(|| roadmap::schedule::schedule(black_box(&plan), &g));
}

/// The checks on a resolved plan: cycles, totals, dates, missed deadlines.
#[divan::bench(args = SIZES, max_time = 2)]
fn stage_5_check(b: Bencher, n: usize) {
    let plan = resolved(n);
    let g = PlanGraph::build(&plan);
    let s = roadmap::schedule::schedule(&plan, &g).expect("acyclic");
    b.bench(|| {
        let mut d = roadmap::check::check_plan(black_box(&plan), &g);
        d.extend(roadmap::check::deadlines(&plan, &g, &s));
        d
    });
}

/// The critical-path report, as the table and as JSON.
#[divan::bench(args = SIZES, max_time = 2)]
fn stage_6_render_critical_path(b: Bencher, n: usize) {
    let plan = resolved(n);
    let g = PlanGraph::build(&plan);
    let s = roadmap::schedule::schedule(&plan, &g).expect("acyclic");
    b.bench(|| {
        let v = roadmap::PlanView {
            name: "roadmap.yaml",
            plan: black_box(&plan),
            graph: &g,
            schedule: Some(&s),
            as_of: AS_OF,
        };
        let r = roadmap::report::critical::report(&v, &s);
        let table = roadmap::render::critical::render_table(&r, roadmap::report::critical::Show::Critical, 100);
        let json = serde_json::to_string_pretty(&r).expect("serialisable");
        (table.len(), json.len())
    });
}

/// Everything `roadmap check` does before printing: load, resolve, graph,
/// check, schedule.
#[divan::bench(args = SIZES, max_time = 3)]
fn whole_check(b: Bencher, n: usize) {
    let path = root(n);
    b.bench(|| roadmap::check_paths(black_box(std::slice::from_ref(&path)), AS_OF));
}
