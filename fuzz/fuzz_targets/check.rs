//! Bytes as a plan file: load (decode, YAML, limits), resolve, graph, check,
//! schedule, and every report built on them (critical-path, explain, status
//! in each grouping, the matrix, milestones, gantt, each export, and diff
//! against a reference plan). Any panic, overflow or abort is a crash; a hang
//! shows up as a libFuzzer timeout.
#![no_main]

use libfuzzer_sys::fuzz_target;
use roadmap::status::{Filter, GroupBy};
use std::path::Path;

/// The other side of `diff`: a small plan with a bit of everything.
const REFERENCE: &[u8] = include_bytes!("../../examples/relaunch.yaml");

fuzz_target!(|data: &[u8]| {
    // A folder that does not exist: every include is refused, nothing on
    // disk is read.
    let path = Path::new("/nonexistent-roadmap-fuzz/plan.yaml");
    let project = roadmap::check_bytes(path, data.to_vec());
    // The report commands run, as the CLI runs them, on plans whose only
    // errors are wrong declared totals; critical-path and explain run on
    // every plan that resolved.
    let reportable = !project
        .diagnostics
        .iter()
        .any(|d| d.is_error() && d.code != roadmap::diag::Code::TotalMismatch);
    for lp in &project.plans {
        let (Some(plan), Some(g)) = (&lp.plan, &lp.graph) else {
            continue;
        };
        let sched = roadmap::schedule::schedule(plan, g, None);
        if let Some(s) = &sched {
            let report = roadmap::critical::report(plan, "plan.yaml".into(), g, s);
            let _ = roadmap::critical::render_table(&report, roadmap::critical::Show::All, 100);
            let _ = roadmap::critical::render_markdown(&report, roadmap::critical::Show::All);
            for &ix in s.order.iter().take(8) {
                let _ = roadmap::critical::explain(plan, g, s, g.graph[ix]);
            }
        }
        if !reportable {
            continue;
        }
        let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        let all = Filter::default();
        for by in [
            GroupBy::Stream,
            GroupBy::Bucket,
            GroupBy::Owner,
            GroupBy::Milestone,
            GroupBy::Priority,
        ] {
            let r = roadmap::status::status(
                plan,
                "plan.yaml".into(),
                g,
                sched.as_ref(),
                by,
                &all,
                today,
            );
            let _ = roadmap::status::status_table(&r, 80, false);
            let _ = roadmap::status::status_markdown(&r);
            let _ = roadmap::status::status_csv(std::slice::from_ref(&r));
        }
        let m = roadmap::status::matrix(plan, "plan.yaml".into(), &all);
        let _ = roadmap::status::matrix_table(&m, 80);
        let _ = roadmap::status::matrix_markdown(&m);
        let _ = roadmap::status::matrix_csv(std::slice::from_ref(&m));
        let ms = roadmap::status::milestones(plan, "plan.yaml".into(), today);
        let _ = roadmap::status::milestones_table(&ms, 80, false);
        if let Some(s) = &sched {
            let opts = roadmap::gantt::Options {
                width: 80,
                scale: None,
                ascii: false,
                color: true,
                today,
            };
            let _ = roadmap::gantt::render(plan, "plan.yaml", g, s, &all, &opts);
            for to in [
                roadmap::export::Format::Mermaid,
                roadmap::export::Format::Dot,
                roadmap::export::Format::Json,
                roadmap::export::Format::Csv,
            ] {
                let _ = roadmap::export::export(plan, "plan.yaml", g, s, to);
            }
        }
    }
    for d in &project.diagnostics {
        let _ = roadmap::render::human(&project.sources, d, false);
        let _ = roadmap::render::github(&project.sources, d);
    }
    diff_both_ways(path, project);
});

/// `diff` of the input against the reference plan, each way round, and
/// against itself, in every output format.
fn diff_both_ways(path: &Path, project: roadmap::Project) {
    use roadmap::diff::{Side, diff, render_human, render_markdown};
    let input = Side::from_project("plan.yaml", project, path.to_path_buf());
    let reference = roadmap::check_bytes(path, REFERENCE.to_vec());
    let reference = Side::from_project("relaunch.yaml", reference, path.to_path_buf());
    for (old, new) in [(&reference, &input), (&input, &reference), (&input, &input)] {
        if let Ok(d) = diff(old, new) {
            let _ = render_human(&d);
            let _ = render_markdown(&d);
            let _ = serde_json::to_string(&d);
            let _ = d.slipped();
        }
    }
}
