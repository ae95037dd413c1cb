//! Bytes as a plan file: load (decode, YAML, limits), resolve, graph, check,
//! schedule, and the reports built on them. Any panic, overflow or abort is a
//! crash; a hang shows up as a libFuzzer timeout.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    // A folder that does not exist: every include is refused, nothing on
    // disk is read.
    let path = Path::new("/nonexistent-roadmap-fuzz/plan.yaml");
    let project = roadmap::check_bytes(path, data.to_vec());
    for lp in &project.plans {
        let (Some(plan), Some(g)) = (&lp.plan, &lp.graph) else {
            continue;
        };
        if let Some(s) = roadmap::schedule::schedule(plan, g) {
            let report = roadmap::critical::report(plan, "plan.yaml".into(), g, &s);
            let _ = roadmap::critical::render_table(&report, roadmap::critical::Show::All, 100);
            for &ix in s.order.iter().take(8) {
                let _ = roadmap::critical::explain(plan, g, &s, g.graph[ix]);
            }
        }
    }
    for d in &project.diagnostics {
        let _ = roadmap::render::human(&project.sources, d, false);
        let _ = roadmap::render::github(&project.sources, d);
    }
});
