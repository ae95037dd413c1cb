//! The exports drawn by the real tools: every Mermaid chart by the Mermaid
//! CLI (`mmdc`, which exits non-zero on a chart it cannot draw: an unknown
//! `after` id, a bad date) and every DOT graph by Graphviz's `dot`.
//!
//! The tools are found through `MMDC` (the path of `mmdc`), else `mmdc` on
//! the PATH; Chromium through `ROADMAP_CHROMIUM`, else `chromium`,
//! `chromium-browser` or `google-chrome` on the PATH; `dot` on the PATH.
//! `.ci/run` installs them. Where one is missing the test says so loudly on
//! standard error and passes, unless `ROADMAP_REQUIRE_RENDERERS=1`, when it
//! fails.

mod common;
use common::run_args;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const PLANS: [&str; 8] = [
    "plans/kaar-roadmap.yaml",
    "plans/q2o-gantt.yaml",
    "plans/migrationbox-v4.1.yaml",
    "plans/devops-platform.yaml",
    "plans/vt-milestones.yaml",
    "examples/relaunch.yaml",
    "tests/fixtures/views/tricky.yaml",
    "tests/fixtures/views/nostart.yaml",
];

fn required() -> bool {
    std::env::var("ROADMAP_REQUIRE_RENDERERS").is_ok_and(|v| v == "1")
}

/// Say loudly that a tool is missing; fail if the tools are required.
fn missing(what: &str, how: &str) {
    let msg = format!(
        "\n\
         ************************************************************************\n\
         ** RENDERER TEST NOT RUN: {what} is not installed.\n\
         ** {how}\n\
         ** .ci/run installs it; set ROADMAP_REQUIRE_RENDERERS=1 to make this fail.\n\
         ************************************************************************\n"
    );
    eprintln!("{msg}");
    assert!(
        !required(),
        "ROADMAP_REQUIRE_RENDERERS=1 but {what} is missing"
    );
}

fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

fn works(cmd: &Path, arg: &str) -> bool {
    Command::new(cmd)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn export(path: &str, to: &str, dir: &Path, ext: &str) -> PathBuf {
    let name = Path::new(path).file_stem().unwrap().to_string_lossy();
    let file = dir.join(format!("{name}.{ext}"));
    let (code, _, err) = run_args([
        "roadmap",
        "export",
        "--to",
        to,
        path,
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{path}: {err}");
    file
}

#[test]
fn graphviz_draws_every_dot_export() {
    let Some(dot) = on_path(&["dot"]).filter(|d| works(d, "-V")) else {
        missing(
            "Graphviz (`dot`)",
            "Install it with `apt-get install graphviz`.",
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let t = Instant::now();
    for plan in PLANS {
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
        PLANS.len(),
        t.elapsed().as_secs_f64()
    );
}

#[test]
fn mermaid_cli_draws_every_mermaid_export() {
    let mmdc = std::env::var_os("MMDC")
        .map(PathBuf::from)
        .or_else(|| on_path(&["mmdc"]));
    let Some(mmdc) = mmdc.filter(|m| works(m, "--version")) else {
        missing(
            "the Mermaid CLI (`mmdc`)",
            "Install it with `PUPPETEER_SKIP_DOWNLOAD=1 npm install @mermaid-js/mermaid-cli` and set MMDC to node_modules/.bin/mmdc.",
        );
        return;
    };
    let chromium = std::env::var_os("ROADMAP_CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| on_path(&["chromium", "chromium-browser", "google-chrome"]));
    let Some(chromium) = chromium else {
        missing(
            "Chromium (for `mmdc`)",
            "Install it with `apt-get install chromium`.",
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("puppeteer.json");
    let config = serde_json::json!({
        "executablePath": chromium,
        "args": ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"],
    });
    std::fs::write(&conf, config.to_string()).unwrap();
    let inputs: Vec<(&str, PathBuf)> = PLANS
        .iter()
        .map(|p| (*p, export(p, "mermaid", dir.path(), "mmd")))
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
        PLANS.len(),
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
