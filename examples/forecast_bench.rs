//! Time `roadmap forecast` against the deterministic schedule, in one run
//! (docs/performance.md, bench/forecast.sh):
//!
//! ```sh
//! cargo run --release --example synth -- --tasks 10000 --seed 1 --out /tmp/plan-10k
//! echo 'uncertainty: -20%..+50%' >> /tmp/plan-10k/roadmap.yaml
//! cargo run --release --example forecast_bench -- /tmp/plan-10k/roadmap.yaml 2026-01-05 10000
//! ```
//!
//! Prints, for the plan: the mean time of one deterministic schedule (both
//! passes: the plan as written, then as of the date), of one trial on one
//! thread (sampling included), and the wall time of the trials on every core
//! next to as many deterministic schedules run one after another (each in
//! four rounds, in turns).

use roadmap::report::forecast::{self, Options};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path, today, trials] = &args[..] else {
        eprintln!("usage: forecast_bench PLAN YYYY-MM-DD TRIALS");
        return ExitCode::from(2);
    };
    let (Ok(today), Ok(trials)) = (
        chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d"),
        trials.parse::<u64>(),
    ) else {
        eprintln!("usage: forecast_bench PLAN YYYY-MM-DD TRIALS");
        return ExitCode::from(2);
    };
    let project = match roadmap::check_paths(&[PathBuf::from(path)], today) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("forecast_bench: {e}");
            return ExitCode::from(2);
        }
    };
    let Some(v) = project.views().next() else {
        eprintln!("forecast_bench: no plan");
        return ExitCode::from(2);
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let run = |trials: u64, threads: usize| {
        let t0 = Instant::now();
        let r = forecast::report(
            &v,
            &Options {
                trials,
                seed: 1,
                threads,
                progress: None,
                level: false,
            },
        )
        .expect("a forecast");
        (t0.elapsed().as_secs_f64(), r)
    };
    let det = |n: u64| {
        let t0 = Instant::now();
        for _ in 0..n {
            std::hint::black_box(roadmap::schedule::schedule(v.plan, v.graph, Some(today)));
        }
        t0.elapsed().as_secs_f64()
    };
    // Warm up both, then time them in turns on one thread.
    det(3);
    run(3, 1);
    let k = (trials / 10).clamp(10, 1000);
    let (mut d1, mut t1) = (0.0, 0.0);
    for _ in 0..3 {
        d1 += det(k);
        t1 += run(k, 1).0;
    }
    let (d1, t1) = (d1 / (3 * k) as f64, t1 / (3 * k) as f64);
    // The comparison on every core, in four rounds of turns, so that load
    // from elsewhere falls on both alike.
    let (mut wall, mut dwall, mut r) = (0.0, 0.0, None);
    for i in 0..4 {
        let part = trials / 4 + u64::from(i < trials % 4);
        let (w, rep) = run(part, cores);
        wall += w;
        r = Some(rep);
        dwall += det(part);
    }
    let r = r.expect("four rounds");
    println!(
        "plan: {} tasks varying, {} graph nodes",
        r.varying_tasks,
        v.graph.graph.node_count()
    );
    println!(
        "one deterministic schedule (both passes), 1 thread: {:.3} ms",
        d1 * 1e3
    );
    println!(
        "one trial (sampling included), 1 thread:            {:.3} ms",
        t1 * 1e3
    );
    println!(
        "ratio trial / schedule:                             {:.2}",
        t1 / d1
    );
    println!("{trials} trials on {cores} threads, wall:               {wall:.2} s");
    println!("{trials} deterministic schedules, 1 thread, wall:    {dwall:.2} s");
    println!(
        "ratio trials ({cores} threads) / schedules:              {:.2}",
        wall / dwall
    );
    ExitCode::SUCCESS
}
