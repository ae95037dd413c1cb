//! Write a synthetic plan for benchmarks (docs/performance.md):
//!
//! ```sh
//! cargo run --release --example synth -- --tasks 100000 --seed 1 --out /tmp/plan-100k
//! roadmap check /tmp/plan-100k/roadmap.yaml
//! tj3 /tmp/plan-100k/synth.tjp        # the same network in TaskJuggler
//! ```
//!
//! Same `--tasks` and `--seed`, same files.

use std::path::PathBuf;
use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!("usage: synth --tasks N [--seed S] --out DIR");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut tasks: Option<usize> = None;
    let mut seed: u64 = 1;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let value = args.next();
        match (a.as_str(), value) {
            ("--tasks", Some(v)) => match v.replace(['_', ','], "").parse() {
                Ok(n) => tasks = Some(n),
                Err(_) => return usage(),
            },
            ("--seed", Some(v)) => match v.parse() {
                Ok(s) => seed = s,
                Err(_) => return usage(),
            },
            ("--out", Some(v)) => out = Some(PathBuf::from(v)),
            _ => return usage(),
        }
    }
    let (Some(tasks), Some(out)) = (tasks, out) else {
        return usage();
    };
    let g = roadmap::synth::generate(tasks, seed);
    if let Err(e) = g.write(&out) {
        eprintln!("synth: cannot write {}: {e}", out.display());
        return ExitCode::from(2);
    }
    let s = g.stats;
    let bytes: usize = g.files.iter().map(|(_, t)| t.len()).sum();
    eprintln!(
        "synth: {} tasks ({} items, {} groups) in {} streams, {} files ({:.1} MB), {} milestones, {:.2} dependencies a task, {} working days -> {}",
        s.tasks,
        s.items,
        s.groups,
        s.streams,
        g.files.len(),
        bytes as f64 / 1e6,
        s.milestones,
        s.dependencies as f64 / s.tasks as f64,
        s.finish_days,
        out.display()
    );
    ExitCode::SUCCESS
}
