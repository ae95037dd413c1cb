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
//! turn: its next task is marked `status: done`, and once all are, the
//! next pass takes the marks off again in the same order (so 2,000 commits
//! are 1,000 and their mirror image, and a longer history is not a harder
//! plan). Commits are eight hours apart from 2026-01-05. Same arguments,
//! same stream.

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!("usage: history_repo --tasks N --files F --commits C [--seed S]");
    ExitCode::from(2)
}

/// `text` with the tasks `marked` (by the order of their `duration` lines)
/// set to `status: done` (`in-progress` if they were done), the others as
/// generated.
fn render(text: &str, marked: &[bool]) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut lines = text.lines().peekable();
    let mut k = 0;
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push('\n');
        // Task durations sit at least eight spaces in; the gate's at four.
        if !(line.starts_with("        ") && line.trim_start().starts_with("duration: ")) {
            continue;
        }
        let mark = marked.get(k).copied().unwrap_or(false);
        k += 1;
        if !mark {
            continue;
        }
        let indent = &line[..line.len() - line.trim_start().len()];
        // A task already done is marked in progress, so that every mark
        // changes the file.
        let status = lines
            .next_if(|l| l.trim_start().starts_with("status: "))
            .map(str::trim_start);
        let to = if status == Some("status: done") {
            "in-progress"
        } else {
            "done"
        };
        out.push_str(indent);
        out.push_str("status: ");
        out.push_str(to);
        out.push('\n');
    }
    out
}

/// How many tasks of `text` have a `duration` line.
fn durations(text: &str) -> usize {
    text.lines()
        .filter(|l| l.starts_with("        ") && l.trim_start().starts_with("duration: "))
        .count()
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
    let files_text: Vec<(String, String)> = g
        .files
        .iter()
        .map(|(p, t)| (format!("plan/{p}"), t.clone()))
        .collect();
    // Per file, which tasks are marked done by the commits so far.
    let mut marked: Vec<Vec<bool>> = files_text
        .iter()
        .map(|(_, t)| vec![false; durations(t)])
        .collect();
    let start: i64 = 1_767_600_000; // 2026-01-05 08:00 UTC
    let mut s = String::new();
    let mut out = std::io::stdout().lock();
    let blob = |s: &mut String, path: &str, text: &str| {
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
            for (p, t) in &files_text {
                blob(&mut s, p, t);
            }
        } else {
            // Fragments only (the root is the first file), one per commit,
            // in turn: the next task's mark flips, so the second pass over
            // a file undoes the first and a long history stays alike.
            let n = files_text.len() - 1;
            let f = 1 + (i - 1) % n.max(1);
            let k = (i - 1) / n.max(1);
            let m = &mut marked[f];
            if !m.is_empty() {
                let j = k % m.len();
                m[j] = !m[j];
            }
            let text = render(&files_text[f].1, &marked[f]);
            blob(&mut s, &files_text[f].0, &text);
        }
        s.push('\n');
        if out.write_all(s.as_bytes()).is_err() {
            return ExitCode::from(1);
        }
        s.clear();
    }
    ExitCode::SUCCESS
}
