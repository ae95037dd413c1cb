//! Write a git history of a synthetic plan as a `git fast-import` stream,
//! for the benchmark of `roadmap history` (bench/history.sh,
//! docs/performance.md):
//!
//! ```sh
//! git init -q repo
//! cargo run --release --example history_repo -- --tasks 1000 --files 50 --commits 1000 \
//!     | git -C repo fast-import --quiet
//! git -C repo reset -q --hard main
//! roadmap history repo/plan/roadmap.yaml
//! ```
//!
//! The first commit adds the plan (src/synth.rs, one stream per fragment
//! file) under `plan/`; each later commit changes one fragment file, in
//! turn: one task's status becomes `done` (or, if it was done,
//! `in-progress`). Commits are eight hours apart from 2026-01-05. Same
//! arguments, same stream.

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!("usage: history_repo --tasks N --files F --commits C [--seed S]");
    ExitCode::from(2)
}

/// Set the status of the `k`-th task with a duration (modulo their count) in
/// `text`: `done`, or `in-progress` when it is done already.
fn edit(text: &str, k: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    // Task durations sit at least eight spaces in; the gate's at four.
    let durations: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with("        ") && l.trim_start().starts_with("duration: "))
        .map(|(i, _)| i)
        .collect();
    let Some(&at) = durations.get(k % durations.len().max(1)) else {
        return format!("{text}# edited\n");
    };
    let indent = &lines[at][..lines[at].len() - lines[at].trim_start().len()];
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    match out.get(at + 1) {
        Some(next) if next.trim_start().starts_with("status: ") => {
            let to = if next.trim_start() == "status: done" {
                "in-progress"
            } else {
                "done"
            };
            out[at + 1] = format!("{indent}status: {to}");
        }
        _ => out.insert(at + 1, format!("{indent}status: done")),
    }
    out.join("\n") + "\n"
}

fn main() -> ExitCode {
    let (mut tasks, mut files, mut commits, mut seed) = (None, None, None, 1u64);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let v = args
            .next()
            .and_then(|v| v.replace(['_', ','], "").parse::<u64>().ok());
        match (a.as_str(), v) {
            ("--tasks", Some(v)) => tasks = Some(v as usize),
            ("--files", Some(v)) if v > 0 => files = Some(v as usize),
            ("--commits", Some(v)) => commits = Some(v as usize),
            ("--seed", Some(v)) => seed = v,
            _ => return usage(),
        }
    }
    let (Some(tasks), Some(files), Some(commits)) = (tasks, files, commits) else {
        return usage();
    };
    let shape = roadmap::synth::Shape {
        tasks_per_stream: tasks.div_ceil(files).max(1),
        streams_per_file: 1,
    };
    let g = roadmap::synth::generate_shaped(tasks, seed, shape);
    let mut texts: Vec<(String, String)> = g
        .files
        .iter()
        .map(|(p, t)| (format!("plan/{p}"), t.clone()))
        .collect();
    let start: i64 = 1_767_600_000; // 2026-01-05 08:00 UTC
    let mut s = String::new();
    let mut out = std::io::stdout().lock();
    let mut blob = |s: &mut String, path: &str, text: &str| {
        let _ = write!(s, "M 100644 inline {path}\ndata {}\n{text}\n", text.len());
    };
    for i in 0..commits {
        let when = start + i as i64 * 8 * 3600;
        let msg = if i == 0 {
            "plan: the synthetic plan".to_string()
        } else {
            format!("progress {i}")
        };
        let _ = write!(
            s,
            "commit refs/heads/main\ncommitter Bench <bench@example.com> {when} +0000\ndata {}\n{msg}\n",
            msg.len()
        );
        if i == 0 {
            for (p, t) in &texts {
                blob(&mut s, p, t);
            }
        } else {
            // Fragments only (the root is texts[0]), one per commit, in turn.
            let n = texts.len() - 1;
            let f = 1 + (i - 1) % n.max(1);
            let k = (i - 1) / n.max(1);
            let new = edit(&texts[f].1, k);
            texts[f].1 = new;
            blob(&mut s, &texts[f].0, &texts[f].1);
        }
        s.push('\n');
        if out.write_all(s.as_bytes()).is_err() {
            return ExitCode::from(1);
        }
        s.clear();
    }
    ExitCode::SUCCESS
}
