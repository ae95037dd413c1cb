//! Levelling benchmarks (docs/performance.md, docs/capacity.md):
//!
//! ```sh
//! cargo run --release --example level_bench            # quality and speed
//! cargo run --release --example level_bench -- quality
//! cargo run --release --example level_bench -- speed
//! cargo run --release --example level_bench -- count 0.2 inside 2   # for callgrind
//! ```
//!
//! **Quality.** Resource-constrained projects generated in the manner of
//! ProGen (Kolisch, Sprecher & Drexl 1995), seeded: 30, 60 and 120 tasks, 4
//! resources, durations 1 to 10 days, demands 1 to 10 people, and the three
//! parameters of that generator crossed — network complexity (arcs per
//! task: 1.5, 1.8, 2.1), resource factor (share of the resources a task uses:
//! 0.25, 0.5, 0.75, 1) and resource strength (0.2, 0.5, 0.7, 1: capacity
//! from the largest single demand, 0, to the peak of the unlevelled
//! schedule, 1). For each, the levelled length against the critical-path
//! lower bound (the unlevelled length): the average deviation in percent.
//!
//! **Speed.** 10,000 tasks and 100 resources: the unlevelled schedule and
//! the levelled one of the same plan, each timed in the same run, taking
//! turns (median of eleven), and their ratio; with today before the plan's
//! start, then inside it.

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

const AS_OF: chrono::NaiveDate = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();

/// One generated project as plan YAML.
fn generate(
    n: usize,
    resources: usize,
    nc: f64,
    rf: f64,
    rs: f64,
    seed: u64,
    window: usize,
) -> String {
    let mut rng = Pcg64::seed_from_u64(seed);
    let dur: Vec<i64> = (0..n).map(|_| rng.random_range(1..=10)).collect();
    // Arcs: every task after the first three follows one of the `window`
    // before it; more arcs until `nc` per task.
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut arcs = 0usize;
    for (j, p) in preds.iter_mut().enumerate().skip(3) {
        p.push(rng.random_range(j.saturating_sub(window)..j));
        arcs += 1;
    }
    let want = (nc * n as f64) as usize;
    let mut tries = 0;
    while arcs < want && tries < want * 50 {
        tries += 1;
        let j = rng.random_range(3..n);
        let i = rng.random_range(j.saturating_sub(window)..j);
        if !preds[j].contains(&i) {
            preds[j].push(i);
            arcs += 1;
        }
    }
    // Demands: each resource with probability `rf`, at least one.
    let mut demand = vec![vec![0i64; resources]; n];
    for d in demand.iter_mut() {
        for x in d.iter_mut() {
            if rng.random_bool(rf) {
                *x = rng.random_range(1..=10);
            }
        }
        if d.iter().all(|x| *x == 0) {
            let r = rng.random_range(0..resources);
            d[r] = rng.random_range(1..=10);
        }
    }
    // Capacity: Kmin + rs (Kmax - Kmin), Kmax the peak of the earliest-start
    // schedule.
    let mut es = vec![0i64; n];
    for j in 0..n {
        es[j] = preds[j].iter().map(|&i| es[i] + dur[i]).max().unwrap_or(0);
    }
    let horizon = (0..n).map(|j| es[j] + dur[j]).max().unwrap_or(0) as usize;
    let mut caps = Vec::new();
    for r in 0..resources {
        let kmin = demand.iter().map(|d| d[r]).max().unwrap_or(0).max(1);
        let mut prof = vec![0i64; horizon + 1];
        for j in 0..n {
            for t in es[j]..es[j] + dur[j] {
                prof[t as usize] += demand[j][r];
            }
        }
        let kmax = prof.into_iter().max().unwrap_or(0).max(kmin);
        caps.push(kmin + (rs * (kmax - kmin) as f64).round() as i64);
    }
    let mut y = String::from("title: Generated\nstart: 2026-01-05\nresources:\n");
    for (r, c) in caps.iter().enumerate() {
        let _ = writeln!(y, "  - {{id: r{r}, count: {c}}}");
    }
    y.push_str("streams:\n  - id: s\n    tasks:\n");
    for j in 0..n {
        let assign: Vec<String> = (0..resources)
            .filter(|&r| demand[j][r] > 0)
            .map(|r| format!("{{r{r}: {}%}}", demand[j][r] * 100))
            .collect();
        let after: Vec<String> = preds[j].iter().map(|i| format!("t{i}")).collect();
        let _ = writeln!(
            y,
            "      - {{id: t{j}, name: T{j}, duration: {}d, assign: [{}], after: [{}]}}",
            dur[j],
            assign.join(", "),
            after.join(", ")
        );
    }
    y
}

fn load(yaml: &str) -> roadmap::Project {
    let p = roadmap::check_bytes(Path::new("gen.yaml"), yaml.as_bytes().to_vec(), AS_OF);
    assert_eq!(p.errors(), 0, "{:?}", p.diagnostics.first());
    p
}

fn quality() {
    println!(
        "| tasks | instances | CPM lower bound (days, mean) | levelled (days, mean) | average deviation | schedules per instance |"
    );
    println!("|---:|---:|---:|---:|---:|---:|");
    let mut by_rs: Vec<(usize, [f64; 4])> = Vec::new();
    for n in [30usize, 60, 120] {
        let (mut dev, mut count, mut lb_sum, mut len_sum, mut scheds) = (0.0, 0, 0, 0, 0);
        let mut rs_dev = [0.0f64; 4];
        let mut seed = 1u64;
        for nc in [1.5, 1.8, 2.1] {
            for rf in [0.25, 0.5, 0.75, 1.0] {
                for (ri, rs) in [0.2, 0.5, 0.7, 1.0].into_iter().enumerate() {
                    for _ in 0..2 {
                        let p = load(&generate(n, 4, nc, rf, rs, seed, 20));
                        seed += 1;
                        let lp = &p.plans[0];
                        let (plan, g) = (lp.plan.as_ref().unwrap(), lp.graph.as_ref().unwrap());
                        let s0 = roadmap::schedule::schedule(plan, g, None).unwrap();
                        let (s, found) = roadmap::level::level(plan, g, None).unwrap();
                        for (_, peak, cap, _) in roadmap::level::peaks(plan, g, &s) {
                            assert!(peak <= cap, "over capacity");
                        }
                        let (lb, len) = (s0.finish, s.finish);
                        let x = (len - lb) as f64 / lb as f64 * 100.0;
                        dev += x;
                        rs_dev[ri] += x;
                        lb_sum += lb;
                        len_sum += len;
                        scheds += found.schedules;
                        count += 1;
                    }
                }
            }
        }
        println!(
            "| {n} | {count} | {:.1} | {:.1} | {:.1}% | {} |",
            lb_sum as f64 / count as f64,
            len_sum as f64 / count as f64,
            dev / count as f64,
            scheds / count
        );
        by_rs.push((n, rs_dev.map(|x| x / (count / 4) as f64)));
    }
    println!();
    println!("| tasks | strength 0.2 | 0.5 | 0.7 | 1.0 |");
    println!("|---:|---:|---:|---:|---:|");
    for (n, d) in by_rs {
        println!(
            "| {n} | {:.1}% | {:.1}% | {:.1}% | {:.1}% |",
            d[0], d[1], d[2], d[3]
        );
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// Today inside the speed plan (it runs from 2026-01-05 for 202 working
/// days): the work before it is late and moves to today, so the forecast
/// differs from the plan as written and is levelled by a search of its own.
const INSIDE: chrono::NaiveDate = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();

fn speed() {
    // Resource strength 0.5, then 0.2 (scarcer people, more waiting); today
    // before the plan's start (the forecast is the plan as written, levelled
    // once), then inside it (both levelled).
    for rs in [0.5, 0.2] {
        speed_at(rs, AS_OF);
        speed_at(rs, INSIDE);
    }
}

fn speed_at(rs: f64, today: chrono::NaiveDate) {
    let yaml = generate(10_000, 100, 1.5, 0.02, rs, 42, 2_000);
    let p = load(&yaml);
    let lp = &p.plans[0];
    let (plan, g) = (lp.plan.as_ref().unwrap(), lp.graph.as_ref().unwrap());
    let (mut plain, mut levelled) = (Vec::new(), Vec::new());
    let mut lengths = (0, 0);
    for _ in 0..11 {
        let t = Instant::now();
        let s0 = roadmap::schedule::schedule(plan, g, Some(today)).unwrap();
        plain.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let (s, _) = roadmap::level::level(plan, g, Some(today)).unwrap();
        levelled.push(t.elapsed().as_secs_f64());
        lengths = (s0.finish, s.finish);
    }
    if std::env::var_os("LEVEL_BENCH_DETAIL").is_some() {
        for rules in [
            &[][..],
            &[roadmap::level::Rule::LatestFinish][..],
            &roadmap::level::Rule::ALL[..],
        ] {
            let t = Instant::now();
            let found = roadmap::level::level_with(plan, g, Some(today), rules).map(|x| x.1);
            println!(
                "{} rules: {:.1} ms, {:?}",
                rules.len(),
                t.elapsed().as_secs_f64() * 1e3,
                found
            );
        }
    }
    let (a, b) = (median(plain), median(levelled));
    println!(
        "10,000 tasks, 100 resources, strength {rs}, today {today}: unlevelled {:.1} ms, levelled {:.1} ms, ratio {:.1}x (lengths {} and {} working days)",
        a * 1e3,
        b * 1e3,
        b / a,
        lengths.0,
        lengths.1
    );
}

/// `count STRENGTH before|inside N`: the speed plan scheduled N times, then
/// levelled N times, untimed: for an instruction counter, which counts one
/// call as the difference between N = 2 and N = 1 (docs/performance.md).
fn count() {
    let arg = |i: usize| {
        std::env::args()
            .nth(i)
            .expect("count STRENGTH before|inside N")
    };
    let rs: f64 = arg(2).parse().expect("a strength");
    let today = if arg(3) == "inside" { INSIDE } else { AS_OF };
    let n: usize = arg(4).parse().expect("a count");
    let p = load(&generate(10_000, 100, 1.5, 0.02, rs, 42, 2_000));
    let lp = &p.plans[0];
    let (plan, g) = (lp.plan.as_ref().unwrap(), lp.graph.as_ref().unwrap());
    for _ in 0..n {
        roadmap::schedule::schedule(plan, g, Some(today)).unwrap();
    }
    for _ in 0..n {
        roadmap::level::level(plan, g, Some(today)).unwrap();
    }
}

fn main() {
    let what = std::env::args().nth(1).unwrap_or_default();
    if what == "count" {
        count();
        return;
    }
    // `write FILE`: the speed plan (strength 0.5) as YAML, to time the
    // commands on it as whole processes (bench/capacity.sh).
    if what == "write" {
        let out = std::env::args().nth(2).expect("write FILE");
        let yaml = generate(10_000, 100, 1.5, 0.02, 0.5, 42, 2_000);
        std::fs::write(&out, yaml).expect("write the plan");
        return;
    }
    if what.is_empty() || what == "quality" {
        quality();
    }
    if what.is_empty() || what == "speed" {
        speed();
    }
}
