//! Bytes as a plan file: load (decode, YAML, limits), resolve, graph, check,
//! schedule, and every report built on them (critical-path, explain, status
//! in each grouping, the matrix, milestones, load, the levelled schedule, a
//! forecast of a few trials, gantt, each export, and diff against a
//! reference plan); and, cut into files, folder mode and `diff` of
//! two trees read from memory as git revisions are. Any panic, overflow or
//! abort is a crash; a hang shows up as a libFuzzer timeout.
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
        // Capacity: demand against capacity by week and by bucket, levelled
        // and not, and the levelled schedule itself.
        for by in [
            roadmap::report::load::By::Week,
            roadmap::report::load::By::Bucket,
        ] {
            for levelled in [false, true] {
                let l = roadmap::report::load::load(&v, by, levelled);
                for f in [Format::Table, Format::Csv] {
                    let _ = render(std::slice::from_ref(&l), f, &style);
                }
            }
        }
        let _ = roadmap::level::level(v.plan, v.graph, Some(today()));
        // A forecast of a few trials, levelled and not, in every format.
        for level in [false, true] {
            let opts = roadmap::report::forecast::Options {
                trials: 20,
                seed: 1,
                threads: 1,
                progress: None,
                level,
            };
            if let Ok(r) = roadmap::report::forecast::report(&v, &opts) {
                for f in [Format::Table, Format::Markdown] {
                    let _ = render(std::slice::from_ref(&r), f, &style);
                }
                let _ = serde_json::to_string(&r);
            }
        }
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
    folders_and_revisions(data);
});

/// The input cut into files at each `\n----\n`: the first half of them a
/// folder of plans (folder mode: roots, fragments, include cycles) as of an
/// "old revision", the second half as of a "new" one, both read from memory
/// as `diff` reads a git revision; then `diff` of the two in every format.
fn folders_and_revisions(data: &[u8]) {
    use roadmap::plan::files::{Kind, Memory};
    use roadmap::report::diff::{Side, diff};
    use std::collections::BTreeMap;
    use std::path::PathBuf;
    let text = data;
    let sep = b"\n----\n";
    let mut files: Vec<&[u8]> = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.windows(sep.len()).position(|w| w == sep) {
        files.push(&rest[..i]);
        rest = &rest[i + sep.len()..];
        if files.len() == 7 {
            break;
        }
    }
    files.push(rest);
    if files.len() < 2 {
        return;
    }
    let half = files.len().div_ceil(2);
    let side = |label: &str, part: &[&[u8]]| {
        // Names that include one another: a.yaml, b.yaml, … and one in a
        // sub-folder.
        let names = ["a.yaml", "b.yaml", "c.yaml", "sub/d.yaml"];
        let mut blobs = BTreeMap::new();
        let mut entries = Vec::new();
        for (name, bytes) in names.iter().zip(part) {
            let key = format!("plans/{name}");
            blobs.insert(key.clone(), bytes.to_vec());
            entries.push((PathBuf::from(&key), Kind::File, key));
        }
        let tree = Memory::new(entries, blobs).ok()?;
        let project = roadmap::check_from(
            Box::new(tree),
            &[PathBuf::from("plans")],
            today(),
            &roadmap::plan::load::Budget::default(),
        )
        .ok()?;
        for d in &project.diagnostics {
            let _ = roadmap::render::diagnostics::human(&project.sources, d, false);
            let _ = roadmap::render::diagnostics::github(&project.sources, d);
        }
        Some(Side::from_files(
            label,
            project,
            PathBuf::from("plans"),
            true,
        ))
    };
    let (Some(old), Some(new)) = (side("old", &files[..half]), side("new", &files[half..])) else {
        return;
    };
    let style = Style { width: 80, color: false };
    for (a, b) in [(&old, &new), (&new, &old)] {
        if let Ok(d) = diff(a, b) {
            let _ = d.table(&style);
            let _ = d.markdown();
            let _ = serde_json::to_string(&d);
        }
    }
}

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
