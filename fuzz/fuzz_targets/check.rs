//! Bytes as a plan file: load (decode, YAML, limits), resolve, graph, check,
//! schedule, and every report built on them (critical-path, explain, status
//! in each grouping, the matrix, milestones, gantt, each export, and diff
//! against a reference plan). Any panic, overflow or abort is a crash; a hang
//! shows up as a libFuzzer timeout.
#![no_main]

use libfuzzer_sys::fuzz_target;
use roadmap::render::{Format, Render, Style, render};
use roadmap::report::Filter;
use roadmap::report::status::GroupBy;
use std::path::Path;

/// The other side of `diff`: a small plan with a bit of everything.
const REFERENCE: &[u8] = include_bytes!("../../examples/relaunch.yaml");

/// The as-of date of every schedule and report.
fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
}

fuzz_target!(|data: &[u8]| {
    // A folder that does not exist: every include is refused, nothing on
    // disk is read.
    let path = Path::new("/nonexistent-roadmap-fuzz/plan.yaml");
    let project = roadmap::check_bytes(path, data.to_vec(), today());
    // The report commands run, as the CLI runs them, on plans whose only
    // errors are wrong declared totals; critical-path and explain run on
    // every plan that resolved.
    let reportable = project.blocking().next().is_none();
    let style = Style { width: 80, color: true };
    for v in project.views() {
        if let Some(s) = v.schedule {
            let mut report = roadmap::report::critical::report(&v, s);
            report.show = roadmap::report::critical::Show::All;
            let _ = render(std::slice::from_ref(&report), Format::Table, &style);
            let _ = render(std::slice::from_ref(&report), Format::Markdown, &style);
            for &ix in s.order.iter().take(8) {
                let _ = roadmap::report::critical::explain(v.plan, v.graph, s, v.graph.graph[ix]);
            }
        }
        if !reportable {
            continue;
        }
        let all = Filter::default();
        for by in [
            GroupBy::Stream,
            GroupBy::Bucket,
            GroupBy::Owner,
            GroupBy::Milestone,
            GroupBy::Priority,
        ] {
            let r = roadmap::report::status::status(&v, by, &all);
            for f in [Format::Table, Format::Markdown, Format::Csv] {
                let _ = render(std::slice::from_ref(&r), f, &style);
            }
        }
        let m = roadmap::report::status::matrix(&v, &all);
        for f in [Format::Table, Format::Markdown, Format::Csv] {
            let _ = render(std::slice::from_ref(&m), f, &style);
        }
        let ms = roadmap::report::status::milestones(&v);
        let _ = render(std::slice::from_ref(&ms), Format::Table, &style);
        if let Some(s) = v.schedule {
            let opts = roadmap::render::gantt::Options {
                width: 80,
                scale: None,
                ascii: false,
                color: true,
            };
            let _ = roadmap::render::gantt::render(&v, s, &all, &opts);
            for to in roadmap::render::export::Format::ALL {
                let _ = roadmap::render::export::export(&v, s, to);
            }
        }
    }
    for d in &project.diagnostics {
        let _ = roadmap::render::diagnostics::human(&project.sources, d, false);
        let _ = roadmap::render::diagnostics::github(&project.sources, d);
    }
    diff_both_ways(path, project);
});

/// `diff` of the input against the reference plan, each way round, and
/// against itself, in every output format.
fn diff_both_ways(path: &Path, project: roadmap::Project) {
    use roadmap::report::diff::{Side, diff};
    let input = Side::from_project("plan.yaml", project, path.to_path_buf());
    let reference = roadmap::check_bytes(path, REFERENCE.to_vec(), today());
    let reference = Side::from_project("relaunch.yaml", reference, path.to_path_buf());
    let style = Style { width: 80, color: false };
    for (old, new) in [(&reference, &input), (&input, &reference), (&input, &input)] {
        if let Ok(d) = diff(old, new) {
            let _ = d.table(&style);
            let _ = d.markdown();
            let _ = serde_json::to_string(&d);
            let _ = d.slipped();
        }
    }
}
