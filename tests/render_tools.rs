//! The exports drawn by the real tools: every Mermaid chart by the Mermaid
//! CLI (`mmdc`, which exits non-zero on a chart it cannot draw: an unknown
//! `after` id, a bad date) and every DOT graph by Graphviz's `dot`.
//!
//! build.rs finds the tools: `MMDC` (the path of `mmdc`), else `mmdc` on
//! the PATH; Chromium through `ROADMAP_CHROMIUM`, else `chromium`,
//! `chromium-browser` or `google-chrome` on the PATH; `dot` on the PATH.
//! `.ci/run` installs them. Where one is missing its test is reported as
//! ignored, with the reason; with `ROADMAP_REQUIRE_RENDERERS=1` (as in
//! `.ci/run`) it runs, and fails on the missing tool.

use crate::support::{VIEW_PLANS, run};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The path build.rs found for a tool, or a failure naming how to get it.
fn found(tool: Option<&str>, what: &str, how: &str) -> PathBuf {
    let Some(path) = tool else {
        panic!("{what} is not installed, and ROADMAP_REQUIRE_RENDERERS=1 requires it. {how}");
    };
    PathBuf::from(path)
}

fn export(path: &str, to: &str, dir: &Path, ext: &str) -> PathBuf {
    let name = Path::new(path).file_stem().unwrap().to_string_lossy();
    let file = dir.join(format!("{name}.{ext}"));
    let (code, _, err) = run(["export", "--to", to, path, "-o", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{path}: {err}");
    file
}

#[test]
#[cfg_attr(
    not(roadmap_graphviz),
    ignore = "Graphviz (`dot`) not found on the PATH: `apt-get install graphviz`, then `touch build.rs`"
)]
fn graphviz_draws_every_dot_export() {
    let dot = found(
        option_env!("ROADMAP_FOUND_DOT"),
        "Graphviz (`dot`)",
        "Install it with `apt-get install graphviz`.",
    );
    let dir = tempfile::tempdir().unwrap();
    let t = Instant::now();
    for (_, plan) in VIEW_PLANS {
        let input = export(plan, "dot", dir.path(), "dot");
        let out = input.with_extension("svg");
        let r = Command::new(&dot)
            .arg("-Tsvg")
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&r.stderr);
        assert!(r.status.success(), "dot failed on {plan}:\n{stderr}");
        assert!(
            !stderr.contains("Error") && !stderr.contains("Warning"),
            "dot complained about {plan}:\n{stderr}"
        );
        let svg = std::fs::read_to_string(&out).unwrap();
        assert!(svg.contains("<svg"), "{plan}: no SVG");
    }
    eprintln!(
        "graphviz: {} graphs drawn in {:.1}s",
        VIEW_PLANS.len(),
        t.elapsed().as_secs_f64()
    );
}

#[test]
#[cfg_attr(
    not(roadmap_mermaid),
    ignore = "the Mermaid CLI (`mmdc`) or Chromium not found: `PUPPETEER_SKIP_DOWNLOAD=1 npm install @mermaid-js/mermaid-cli` and set MMDC to node_modules/.bin/mmdc; `apt-get install chromium` or set ROADMAP_CHROMIUM"
)]
fn mermaid_cli_draws_every_mermaid_export() {
    let mmdc = found(
        option_env!("ROADMAP_FOUND_MMDC"),
        "the Mermaid CLI (`mmdc`)",
        "Install it with `PUPPETEER_SKIP_DOWNLOAD=1 npm install @mermaid-js/mermaid-cli` and set MMDC to node_modules/.bin/mmdc.",
    );
    let chromium = found(
        option_env!("ROADMAP_FOUND_CHROMIUM"),
        "Chromium (for `mmdc`)",
        "Install it with `apt-get install chromium`, or set ROADMAP_CHROMIUM.",
    );
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("puppeteer.json");
    let config = serde_json::json!({
        "executablePath": chromium,
        "args": ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"],
    });
    std::fs::write(&conf, config.to_string()).unwrap();
    let inputs: Vec<(&str, PathBuf)> = VIEW_PLANS
        .iter()
        .map(|(_, p)| (*p, export(p, "mermaid", dir.path(), "mmd")))
        .collect();
    let t = Instant::now();
    // Two at a time: each run starts a browser.
    let failures: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = inputs
            .chunks(inputs.len().div_ceil(2))
            .map(|chunk| {
                let (mmdc, conf) = (&mmdc, &conf);
                scope.spawn(move || {
                    let mut bad = Vec::new();
                    for (plan, input) in chunk {
                        let out = input.with_extension("svg");
                        let r = Command::new(mmdc)
                            .arg("-q")
                            .arg("-p")
                            .arg(conf)
                            .arg("-i")
                            .arg(input)
                            .arg("-o")
                            .arg(&out)
                            .output()
                            .unwrap();
                        let stderr = String::from_utf8_lossy(&r.stderr).into_owned();
                        let svg = std::fs::read_to_string(&out).unwrap_or_default();
                        if !r.status.success() {
                            bad.push(format!("mmdc failed on {plan}:\n{stderr}"));
                        } else if !svg.contains("<svg") || svg.contains("NaN") {
                            bad.push(format!("{plan}: mmdc drew a broken chart"));
                        } else if stderr.contains("Error") {
                            bad.push(format!("{plan}: the browser reported errors:\n{stderr}"));
                        } else {
                            // Every task, milestone and bucket of the chart is drawn.
                            let chart = std::fs::read_to_string(input).unwrap();
                            for id in chart_ids(&chart) {
                                if !svg.contains(&format!("id=\"my-svg-{id}\"")) {
                                    bad.push(format!("{plan}: {id} is not in the drawing"));
                                }
                            }
                        }
                    }
                    bad
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    eprintln!(
        "mermaid-cli: {} charts drawn in {:.1}s",
        VIEW_PLANS.len(),
        t.elapsed().as_secs_f64()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The ids of a Mermaid gantt chart's tasks (`t1`, `m1`, `b1`).
fn chart_ids(chart: &str) -> Vec<String> {
    chart
        .lines()
        .filter_map(|l| l.split_once(" :"))
        .filter_map(|(_, data)| {
            data.split(", ")
                .find(|d| !["crit", "done", "active", "milestone"].contains(d))
                .map(str::to_string)
        })
        .collect()
}
