//! Levelling benchmarks (docs/performance.md, docs/capacity.md):
//!
//! ```sh
//! cargo run --release --example level_bench            # quality and speed
//! cargo run --release --example level_bench -- quality
//! cargo run --release --example level_bench -- speed
//! cargo run --release --example level_bench -- psplib j30/ --reference j30opt.sm
//! cargo run --release --example level_bench -- count 0.2 inside 2   # for callgrind
//! ```
//!
//! **Quality.** Resource-constrained projects generated with the design of
//! PSPLIB's sets (ProGen: Kolisch, Sprecher & Drexl 1995; see `progen`),
//! seeded: 30, 60 and 120 jobs, 4 resources, durations 1 to 10 days,
//! demands 1 to 10, network complexity 1.5/1.8/2.1 crossed with resource
//! factor 0.25/0.5/0.75/1 and resource strength 0.2/0.5/0.7/1 (J120:
//! 0.1 to 0.5), ten instances a cell. For each, the levelled length against
//! the critical-path lower bound: the average deviation in percent, beside
//! the literature's reference procedures run on the same instances (the
//! serial scheme with latest finish time, single pass and regret-based
//! biased random sampling of 1,000 schedules).
//!
//! **PSPLIB.** `level_bench psplib DIR_OR_FILE... [--reference FILE]`
//! levels PSPLIB's own `.sm` instances, where a copy is at hand (none is
//! shipped here), and reports the same figures per set; with PSPLIB's
//! `j30opt.sm` (or `j60hrs.sm`, `j120hrs.sm`) as the reference, the
//! deviation from the optimal (best known) makespans too.
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

/// The speed benchmark's project as plan YAML: arcs within `window` jobs
/// before, so that 10,000 jobs make a long plan rather than a wide one.
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
    let caps = capacities(&dur, &preds, &demand, rs);
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

/// Each resource's capacity at resource strength `rs` (ProGen's): from the
/// largest single demand (0) to the peak demand of the earliest-start
/// schedule (1). Jobs are numbered so that predecessors come first.
fn capacities(dur: &[i64], preds: &[Vec<usize>], demand: &[Vec<i64>], rs: f64) -> Vec<i64> {
    let n = dur.len();
    let mut es = vec![0i64; n];
    for j in 0..n {
        es[j] = preds[j].iter().map(|&i| es[i] + dur[i]).max().unwrap_or(0);
    }
    let horizon = (0..n).map(|j| es[j] + dur[j]).max().unwrap_or(0) as usize;
    let k = demand.first().map_or(0, Vec::len);
    (0..k)
        .map(|r| {
            let kmin = demand.iter().map(|d| d[r]).max().unwrap_or(0).max(1);
            let mut prof = vec![0i64; horizon + 1];
            for j in 0..n {
                for t in es[j]..es[j] + dur[j] {
                    prof[t as usize] += demand[j][r];
                }
            }
            let kmax = prof.into_iter().max().unwrap_or(0).max(kmin);
            kmin + (rs * (kmax - kmin) as f64).round() as i64
        })
        .collect()
}

fn load(yaml: &str) -> roadmap::Project {
    let p = roadmap::check_bytes(Path::new("gen.yaml"), yaml.as_bytes().to_vec(), AS_OF);
    assert_eq!(p.errors(), 0, "{:?}", p.diagnostics.first());
    p
}

fn quality() {
    println!(
        "| set | instances | arcs a node (mean) | CPM lower bound (days, mean) | levelled (days, mean) | average deviation | schedules per instance | reference: single-pass LFT | reference: LFT sampling, 1,000 schedules |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut by_rs = Vec::new();
    for n in [30usize, 60, 120] {
        // PSPLIB's design: J120 at scarcer strengths than J30 and J60.
        let strengths: &[f64] = if n == 120 {
            &[0.1, 0.2, 0.3, 0.4, 0.5]
        } else {
            &[0.2, 0.5, 0.7, 1.0]
        };
        let (mut dev, mut count, mut lb_sum, mut len_sum, mut scheds) = (0.0, 0, 0, 0, 0);
        let (mut arcs, mut single, mut sampled) = (0.0, 0.0, 0.0);
        let mut rs_dev = vec![0.0f64; strengths.len()];
        let mut seed = 1u64;
        for nc in [1.5, 1.8, 2.1] {
            for rf in [0.25, 0.5, 0.75, 1.0] {
                for (ri, &rs) in strengths.iter().enumerate() {
                    for _ in 0..10 {
                        let inst = progen(n, 4, nc, rf, rs, seed);
                        arcs += inst.successors.iter().map(Vec::len).sum::<usize>() as f64
                            / inst.successors.len() as f64;
                        let p = load(&sm_to_yaml(&inst));
                        seed += 1;
                        let lp = &p.plans[0];
                        let (plan, g) = (lp.plan.as_ref().unwrap(), lp.graph.as_ref().unwrap());
                        let s0 = roadmap::schedule::schedule(plan, g, None).unwrap();
                        let (s, found) = roadmap::level::level(plan, g, None).unwrap();
                        for (_, peak, cap, _) in roadmap::level::peaks(plan, g, &s) {
                            assert!(peak <= cap, "over capacity");
                        }
                        let (lb, len) = (s0.finish, s.finish);
                        assert_eq!(
                            lb,
                            cpm(&inst).1,
                            "the CPM bound, on the plan and on the instance"
                        );
                        let x = (len - lb) as f64 / lb as f64 * 100.0;
                        let pct = |m: i64| (m - lb) as f64 / lb as f64 * 100.0;
                        single += pct(reference_makespan(&inst, 0, seed));
                        sampled += pct(reference_makespan(&inst, 1000, seed));
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
            "| J{n} | {count} | {:.2} | {:.1} | {:.1} | {:.1}% | {:.1} | {:.1}% | {:.1}% |",
            arcs / count as f64,
            lb_sum as f64 / count as f64,
            len_sum as f64 / count as f64,
            dev / count as f64,
            scheds as f64 / count as f64,
            single / count as f64,
            sampled / count as f64
        );
        let per = (count / strengths.len()) as f64;
        by_rs.push((
            n,
            strengths
                .iter()
                .zip(rs_dev)
                .map(|(rs, d)| format!("{rs}: {:.1}%", d / per))
                .collect::<Vec<_>>(),
        ));
    }
    println!();
    println!("| set | average deviation by resource strength |");
    println!("|---|---|");
    for (n, d) in by_rs {
        println!("| J{n} | {} |", d.join(", "));
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

/// One instance of PSPLIB's single-mode format (`.sm`, Kolisch & Sprecher
/// 1996): jobs 1 and n+2 are the dummy source and sink.
struct Instance {
    duration: Vec<i64>,
    demand: Vec<Vec<i64>>,
    successors: Vec<Vec<usize>>,
    capacity: Vec<i64>,
}

/// Reads an `.sm` file: the precedence section (job, modes, count,
/// successors), the requests/durations section (job, mode, duration, one
/// demand per resource) and the availabilities. Returns why it cannot.
fn read_sm(text: &str) -> Result<Instance, String> {
    let mut section = "";
    let (mut successors, mut duration, mut demand, mut capacity) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("PRECEDENCE RELATIONS") {
            section = "prec";
            continue;
        } else if t.starts_with("REQUESTS/DURATIONS") {
            section = "req";
            continue;
        } else if t.starts_with("RESOURCEAVAILABILITIES") {
            section = "avail";
            continue;
        } else if t.starts_with('*') {
            section = "";
            continue;
        }
        let nums: Vec<i64> = t.split_whitespace().map_while(|w| w.parse().ok()).collect();
        if nums.is_empty() || nums.len() != t.split_whitespace().count() {
            continue; // a heading
        }
        match section {
            "prec" if nums.len() >= 3 => {
                let n = nums[2] as usize;
                if nums.len() != 3 + n {
                    return Err(format!(
                        "job {}: {n} successors announced, {} given",
                        nums[0],
                        nums.len() - 3
                    ));
                }
                successors.push(
                    nums[3..]
                        .iter()
                        .map(|&s| s as usize - 1)
                        .collect::<Vec<_>>(),
                );
            }
            "req" if nums.len() >= 3 => {
                duration.push(nums[2]);
                demand.push(nums[3..].to_vec());
            }
            "avail" => capacity = nums,
            _ => {}
        }
    }
    let n = successors.len();
    if n < 3 || duration.len() != n || capacity.is_empty() {
        return Err(format!(
            "{n} jobs in the precedence section, {} with durations, {} resources",
            duration.len(),
            capacity.len()
        ));
    }
    if demand.iter().any(|d| d.len() != capacity.len())
        || successors.iter().flatten().any(|&s| s >= n)
    {
        return Err("a demand row or a successor does not fit the instance".into());
    }
    Ok(Instance {
        duration,
        demand,
        successors,
        capacity,
    })
}

/// The instance as plan YAML (the dummy source and sink left out).
fn sm_to_yaml(inst: &Instance) -> String {
    let n = inst.duration.len();
    let preds = predecessors(inst);
    let real = |j: usize| j != 0 && j != n - 1;
    let mut y = String::from("title: PSPLIB\nstart: 2026-01-05\nresources:\n");
    for (r, c) in inst.capacity.iter().enumerate() {
        let _ = writeln!(y, "  - {{id: r{r}, count: {c}}}");
    }
    y.push_str("streams:\n  - id: s\n    tasks:\n");
    for j in (0..n).filter(|&j| real(j)) {
        let assign: Vec<String> = inst.demand[j]
            .iter()
            .enumerate()
            .filter(|(_, d)| **d > 0)
            .map(|(r, d)| format!("{{r{r}: {}%}}", d * 100))
            .collect();
        let after: Vec<String> = preds[j]
            .iter()
            .filter(|&&i| real(i))
            .map(|i| format!("t{i}"))
            .collect();
        let _ = writeln!(
            y,
            "      - {{id: t{j}, name: T{j}, duration: {}d, assign: [{}], after: [{}]}}",
            inst.duration[j],
            assign.join(", "),
            after.join(", ")
        );
    }
    y
}

/// Says why and exits 2.
fn fail(why: &str) -> ! {
    eprintln!("level_bench: {why}");
    std::process::exit(2)
}

/// `psplib FILE_OR_DIR... [--reference FILE]`: levels PSPLIB instances
/// (`.sm`) and reports, per set (J30, J60, J90, J120: the number of real
/// jobs), the average deviation of the levelled length from the
/// critical-path lower bound and, with a reference file (PSPLIB's
/// `j30opt.sm`, or `j60hrs.sm`/`j120hrs.sm`: lines `parameter instance
/// makespan ...`), from those makespans.
fn psplib(args: &[String]) {
    let mut paths = Vec::new();
    let mut reference = std::collections::HashMap::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--reference" {
            let file = it
                .next()
                .unwrap_or_else(|| fail("--reference needs a FILE"));
            let text =
                std::fs::read_to_string(file).unwrap_or_else(|e| fail(&format!("{file}: {e}")));
            for line in text.lines() {
                let w: Vec<i64> = line
                    .split_whitespace()
                    .take(3)
                    .map_while(|w| w.parse().ok())
                    .collect();
                if let [par, inst, makespan] = w[..] {
                    reference.insert((par, inst), makespan);
                }
            }
        } else {
            let p = std::path::PathBuf::from(a);
            if p.is_dir() {
                let mut files: Vec<_> = std::fs::read_dir(&p)
                    .unwrap_or_else(|e| fail(&format!("{a}: {e}")))
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|f| f.extension().is_some_and(|x| x == "sm"))
                    .collect();
                files.sort();
                paths.extend(files);
            } else {
                paths.push(p);
            }
        }
    }
    // Per set: instances, CP bound, levelled, deviation from the bound,
    // (instances with a reference, deviation from it, equal to it), schedules.
    let mut sets: std::collections::BTreeMap<usize, [f64; 10]> = Default::default();
    for path in &paths {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
        let inst = match read_sm(&text) {
            Ok(i) => i,
            Err(why) => {
                eprintln!("{}: not read: {why}", path.display());
                continue;
            }
        };
        let jobs = inst.duration.len() - 2;
        let p = load(&sm_to_yaml(&inst));
        let lp = &p.plans[0];
        let (plan, g) = (lp.plan.as_ref().unwrap(), lp.graph.as_ref().unwrap());
        let lb = roadmap::schedule::schedule(plan, g, None).unwrap().finish;
        let (s, found) = roadmap::level::level(plan, g, None).unwrap();
        for (_, peak, cap, _) in roadmap::level::peaks(plan, g, &s) {
            assert!(peak <= cap, "{}: over capacity", path.display());
        }
        let e = sets.entry(jobs).or_default();
        e[0] += 1.0;
        e[1] += lb as f64;
        e[2] += s.finish as f64;
        e[3] += (s.finish - lb) as f64 / lb as f64 * 100.0;
        e[7] += found.schedules as f64;
        assert_eq!(lb, cpm(&inst).1, "{}: the CPM bound", path.display());
        let pct = |m: i64| (m - lb) as f64 / lb as f64 * 100.0;
        e[8] += pct(reference_makespan(&inst, 0, 1));
        e[9] += pct(reference_makespan(&inst, 1000, 1));
        // `j301_1.sm`: set digits, then parameter `_` instance.
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let key = stem
            .strip_prefix(&format!("j{jobs}"))
            .and_then(|rest| rest.split_once('_'))
            .and_then(|(a, b)| Some((a.parse::<i64>().ok()?, b.parse::<i64>().ok()?)));
        if let Some(best) = key.and_then(|k| reference.get(&k)) {
            e[4] += 1.0;
            e[5] += (s.finish - best) as f64 / *best as f64 * 100.0;
            e[6] += f64::from(u8::from(s.finish == *best));
        }
    }
    println!(
        "| set | instances | CPM lower bound (mean) | levelled (mean) | deviation from the bound | with a reference | deviation from it | equal to it | schedules per instance | reference: single-pass LFT | reference: LFT sampling, 1,000 schedules |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (jobs, e) in sets {
        let k = e[0];
        let (r, rdev, req) = if e[4] > 0.0 {
            (
                format!("{}", e[4]),
                format!("{:.2}%", e[5] / e[4]),
                format!("{}", e[6]),
            )
        } else {
            ("0".into(), "-".into(), "-".into())
        };
        println!(
            "| J{jobs} | {k} | {:.1} | {:.1} | {:.2}% | {r} | {rdev} | {req} | {:.1} | {:.2}% | {:.2}% |",
            e[1] / k,
            e[2] / k,
            e[3] / k,
            e[7] / k,
            e[8] / k,
            e[9] / k
        );
    }
}

/// A project generated the way ProGen builds PSPLIB's sets (Kolisch,
/// Sprecher & Drexl 1995): `n` jobs with durations of 1 to 10, three start
/// and three end jobs, at most three successors and three predecessors a
/// job, arcs added without redundant ones until `nc` arcs a node (the dummy
/// source and sink counted), each job using each of `k` resources with
/// probability `rf` (at least one) at 1 to 10 units, and capacities at
/// strength `rs` between the largest single demand and the peak of the
/// earliest-start schedule. Needs `n` of at most 128.
fn progen(n: usize, k: usize, nc: f64, rf: f64, rs: f64, seed: u64) -> Instance {
    assert!((7..=128).contains(&n));
    const MAX: usize = 3;
    let mut rng = Pcg64::seed_from_u64(seed);
    let dur: Vec<i64> = (0..n).map(|_| rng.random_range(1..=10)).collect();
    let (mut succ, mut pred) = (vec![Vec::new(); n], vec![Vec::new(); n]);
    // reach[x]: the jobs reachable from x, as bits.
    let mut reach = vec![0u128; n];
    let bit = |x: usize| 1u128 << x;
    let (starts, ends) = (3, n - 3);
    let add = |i: usize,
               j: usize,
               succ: &mut Vec<Vec<usize>>,
               pred: &mut Vec<Vec<usize>>,
               reach: &mut Vec<u128>| {
        succ[i].push(j);
        pred[j].push(i);
        let gain = reach[j] | bit(j);
        for (x, r) in reach.iter_mut().enumerate() {
            if x == i || *r & bit(i) != 0 {
                *r |= gain;
            }
        }
    };
    // Adding i -> j makes no arc redundant, itself included.
    let fits = |i: usize, j: usize, succ: &Vec<Vec<usize>>, reach: &Vec<u128>| {
        if reach[i] & bit(j) != 0 {
            return false;
        }
        (0..n).all(|a| {
            let into = a == i || reach[a] & bit(i) != 0;
            !into || succ[a].iter().all(|&b| !(b == j || reach[j] & bit(b) != 0))
        })
    };
    // Every job but the start ones gets a predecessor, every job but the
    // end ones a successor.
    for j in starts..n {
        let from: Vec<usize> = (0..j.min(ends)).filter(|&i| succ[i].len() < MAX).collect();
        let i = if from.is_empty() {
            rng.random_range(0..j.min(ends))
        } else {
            from[rng.random_range(0..from.len())]
        };
        add(i, j, &mut succ, &mut pred, &mut reach);
    }
    for i in 0..ends {
        if succ[i].is_empty() {
            let to: Vec<usize> = ((i + 1).max(starts)..n)
                .filter(|&j| pred[j].len() < MAX && fits(i, j, &succ, &reach))
                .collect();
            let j = if to.is_empty() {
                rng.random_range((i + 1).max(starts)..n)
            } else {
                to[rng.random_range(0..to.len())]
            };
            add(i, j, &mut succ, &mut pred, &mut reach);
        }
    }
    // More arcs until `nc` a node: 3 from the source, 3 into the sink.
    let want = (nc * (n + 2) as f64).round() as usize;
    let mut tries = 0;
    while succ.iter().map(Vec::len).sum::<usize>() + 6 < want && tries < 100 * n {
        tries += 1;
        let i = rng.random_range(0..ends);
        let j = rng.random_range((i + 1).max(starts)..n);
        if succ[i].len() < MAX && pred[j].len() < MAX && fits(i, j, &succ, &reach) {
            add(i, j, &mut succ, &mut pred, &mut reach);
        }
    }
    let mut demand = vec![vec![0i64; k]; n];
    for d in demand.iter_mut() {
        for x in d.iter_mut() {
            if rng.random_bool(rf) {
                *x = rng.random_range(1..=10);
            }
        }
        if d.iter().all(|x| *x == 0) {
            d[rng.random_range(0..k)] = rng.random_range(1..=10);
        }
    }
    let capacity = capacities(&dur, &pred, &demand, rs);
    // With the dummy source (0) and sink (n + 1).
    let mut successors = vec![
        (0..n)
            .filter(|&j| pred[j].is_empty())
            .map(|j| j + 1)
            .collect::<Vec<_>>(),
    ];
    successors.extend(succ.iter().map(|s| {
        if s.is_empty() {
            vec![n + 1]
        } else {
            s.iter().map(|j| j + 1).collect()
        }
    }));
    successors.push(Vec::new());
    let mut duration = vec![0];
    duration.extend(dur);
    duration.push(0);
    let mut all = vec![vec![0; k]];
    all.extend(demand);
    all.push(vec![0; k]);
    Instance {
        duration,
        demand: all,
        successors,
        capacity,
    }
}

fn predecessors(inst: &Instance) -> Vec<Vec<usize>> {
    let mut preds = vec![Vec::new(); inst.duration.len()];
    for (i, s) in inst.successors.iter().enumerate() {
        for &j in s {
            preds[j].push(i);
        }
    }
    preds
}

/// Each job's latest finish within the critical-path length, and that
/// length (the CPM lower bound). Jobs are numbered so that predecessors
/// come first (PSPLIB's files and `progen` both).
fn cpm(inst: &Instance) -> (Vec<i64>, i64) {
    let n = inst.duration.len();
    let preds = predecessors(inst);
    let mut es = vec![0i64; n];
    for j in 0..n {
        es[j] = preds[j]
            .iter()
            .map(|&i| es[i] + inst.duration[i])
            .max()
            .unwrap_or(0);
    }
    let cp = (0..n).map(|j| es[j] + inst.duration[j]).max().unwrap_or(0);
    let mut lft = vec![cp; n];
    for j in (0..n).rev() {
        lft[j] = inst.successors[j]
            .iter()
            .map(|&s| lft[s] - inst.duration[s])
            .min()
            .unwrap_or(cp);
    }
    (lft, cp)
}

/// The literature's reference procedure, written plainly on the instance
/// (not through the plan): the serial scheme over whole periods, choosing
/// among the eligible jobs by latest finish time, deterministically
/// (`samples` 0: one schedule) or by regret-based biased random sampling
/// (Kolisch 1996: job j drawn with weight (max LFT - LFT_j + 1), the best of
/// `samples` schedules). Returns the best makespan.
fn reference_makespan(inst: &Instance, samples: usize, seed: u64) -> i64 {
    let n = inst.duration.len();
    let preds = predecessors(inst);
    let (lft, _) = cpm(inst);
    let horizon = inst.duration.iter().sum::<i64>() as usize + 1;
    let k = inst.capacity.len();
    let mut rng = Pcg64::seed_from_u64(seed);
    let mut best = i64::MAX;
    for _ in 0..samples.max(1) {
        let mut used = vec![0i64; horizon * k];
        let mut finish = vec![-1i64; n];
        let mut left: Vec<usize> = preds.iter().map(Vec::len).collect();
        let mut eligible: Vec<usize> = (0..n).filter(|&j| left[j] == 0).collect();
        while !eligible.is_empty() {
            let pick = if samples == 0 {
                (0..eligible.len())
                    .min_by_key(|&e| (lft[eligible[e]], eligible[e]))
                    .unwrap()
            } else {
                let top = eligible.iter().map(|&j| lft[j]).max().unwrap();
                let total: i64 = eligible.iter().map(|&j| top - lft[j] + 1).sum();
                let mut x = rng.random_range(0..total);
                let mut e = 0;
                while x > top - lft[eligible[e]] {
                    x -= top - lft[eligible[e]] + 1;
                    e += 1;
                }
                e
            };
            let j = eligible.swap_remove(pick);
            let (d, need) = (inst.duration[j], &inst.demand[j]);
            let mut t = preds[j]
                .iter()
                .map(|&i| finish[i])
                .max()
                .unwrap_or(0)
                .max(0) as usize;
            // The first start from which every period has room.
            while let Some(busy) = (t..t + d as usize)
                .find(|&u| (0..k).any(|r| used[u * k + r] + need[r] > inst.capacity[r]))
            {
                t = busy + 1;
            }
            for u in t..t + d as usize {
                for r in 0..k {
                    used[u * k + r] += need[r];
                }
            }
            finish[j] = t as i64 + d;
            for &s in &inst.successors[j] {
                left[s] -= 1;
                if left[s] == 0 {
                    eligible.push(s);
                }
            }
        }
        best = best.min(finish.iter().copied().max().unwrap_or(0));
    }
    best
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
    if what == "psplib" {
        psplib(&std::env::args().skip(2).collect::<Vec<_>>());
        return;
    }
    if what.is_empty() || what == "quality" {
        quality();
    }
    if what.is_empty() || what == "speed" {
        speed();
    }
}
