//! `roadmap forecast`: the Monte Carlo against distributions computed here,
//! against a reference simulation written independently of the scheduler,
//! reproducibility, bad input and the command line.

use crate::support::{json, load_yaml, run, run_at, write};
use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
use roadmap::report::forecast::{self, Options, Report, Row};

/// Every day a working day, so that a date is a day count.
const HEAD: &str = "title: Forecast test
start: 2026-03-02
calendar:
  workdays: [mon, tue, wed, thu, fri, sat, sun]
";

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

/// Day index (0 = the plan's start) of a date.
fn day(d: Option<NaiveDate>) -> i64 {
    (d.expect("a date") - start()).num_days()
}

fn forecast_with(yaml: &str, trials: u64, seed: u64, threads: usize) -> Report {
    let p = load_yaml(yaml);
    assert_eq!(
        p.errors(),
        0,
        "{:?}",
        p.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
    let v = p.views().next().expect("one plan");
    forecast::report(
        &v,
        &Options {
            trials,
            seed,
            threads,
            progress: None,
            level: false,
        },
    )
    .expect("a forecast")
}

fn forecast(yaml: &str, trials: u64) -> Report {
    forecast_with(yaml, trials, 7, 0)
}

fn row<'a>(r: &'a Report, id: &str) -> &'a Row {
    r.rows
        .iter()
        .find(|x| x.id == id)
        .unwrap_or_else(|| panic!("no row {id}"))
}

fn triangular_cdf(a: f64, c: f64, b: f64, x: f64) -> f64 {
    if x <= a {
        0.0
    } else if x >= b {
        1.0
    } else if x <= c {
        (x - a).powi(2) / ((b - a) * (c - a))
    } else {
        1.0 - (b - x).powi(2) / ((b - a) * (b - c))
    }
}

/// The PERT distribution function over `a..b` with mode `c`: the Beta with
/// α = 1 + 4(c − a)/(b − a), β = 1 + 4(b − c)/(b − a), integrated here
/// (Simpson's rule on 20,000 steps, normalised numerically).
fn pert_cdf(a: f64, c: f64, b: f64) -> impl Fn(f64) -> f64 {
    let al = 1.0 + 4.0 * (c - a) / (b - a);
    let be = 1.0 + 4.0 * (b - c) / (b - a);
    let n = 20_000;
    let pdf = |u: f64| u.powf(al - 1.0) * (1.0 - u).powf(be - 1.0);
    let h = 1.0 / n as f64;
    let mut cum = vec![0.0; n + 1];
    for i in 0..n {
        let (u0, u1) = (i as f64 * h, (i + 1) as f64 * h);
        cum[i + 1] = cum[i] + h / 6.0 * (pdf(u0) + 4.0 * pdf((u0 + u1) / 2.0) + pdf(u1));
    }
    let total = cum[n];
    move |x: f64| {
        let u = ((x - a) / (b - a)).clamp(0.0, 1.0);
        let i = ((u / h) as usize).min(n - 1);
        let f = cum[i] + (cum[i + 1] - cum[i]) * (u / h - i as f64);
        f / total
    }
}

/// The percentiles of a row are quantiles of the distribution `cdf` (of the
/// length in days from the start): a work that ends at `x` days has its last
/// day at index ⌈x⌉ − 1, so the p-th percentile `k` is the first day with
/// `cdf(k + 1) ≥ p`. Within `tol` for sampling noise.
fn assert_quantiles(r: &Row, cdf: &dyn Fn(f64) -> f64, tol: f64) {
    for q in &r.percentiles {
        if q.p == 100 {
            continue;
        }
        let p = q.p as f64 / 100.0;
        let k = day(q.date) as f64;
        assert!(
            cdf(k + 1.0) >= p - tol && cdf(k) <= p + tol,
            "P{}: day {k}, but the distribution gives {:.4} by day {} and {:.4} by day {k}",
            q.p,
            cdf(k + 1.0),
            k + 1.0,
            cdf(k)
        );
    }
}

#[test]
fn one_triangular_task_has_the_distributions_quantiles() {
    let r = forecast(
        &format!(
            "{HEAD}streams:\n  - id: s\n    tasks:\n      - id: a\n        name: A\n        estimate: 10d..30d..90d\n"
        ),
        20_000,
    );
    assert_eq!(r.varying_tasks, 1);
    let f = row(&r, "");
    assert_eq!(f.kind, "finish");
    assert_quantiles(f, &|x| triangular_cdf(10.0, 30.0, 90.0, x), 0.012);
    // The deterministic date uses the most likely length.
    assert_eq!(day(f.planned), 29);
    // Mean (a + b + c) / 3 and variance (a² + b² + c² − ab − ac − bc) / 18.
    let var = (100.0 + 900.0 + 8100.0 - 300.0 - 900.0 - 2700.0) / 18.0;
    assert!(
        (r.finish_mean_days - 130.0 / 3.0).abs() < 0.4,
        "{}",
        r.finish_mean_days
    );
    assert!(
        (r.finish_sd_days.powi(2) / var - 1.0).abs() < 0.05,
        "{}",
        r.finish_sd_days
    );
}

#[test]
fn one_pert_task_has_the_distributions_quantiles() {
    let r = forecast(
        &format!(
            "{HEAD}distribution: pert\nstreams:\n  - id: s\n    tasks:\n      - id: a\n        name: A\n        estimate: 10d..20d..60d\n"
        ),
        20_000,
    );
    let cdf = pert_cdf(10.0, 20.0, 60.0);
    assert_quantiles(row(&r, ""), &cdf, 0.012);
    // PERT's mean is (a + 4c + b) / 6.
    assert!(
        (r.finish_mean_days - 150.0 / 6.0).abs() < 0.3,
        "{}",
        r.finish_mean_days
    );
    assert_eq!(r.sensitivity[0].distribution.as_str(), "pert");
}

#[test]
fn a_range_peaks_at_the_duration_else_at_its_middle() {
    // `2w..6w` with `duration: 3w`: triangular(10, 15, 30) working days;
    // without a duration, triangular(10, 20, 30), planned at 20.
    let with = forecast(
        &format!(
            "{HEAD}streams:\n  - id: s\n    tasks:\n      - id: a\n        name: A\n        duration: 3w\n        estimate: 2w..6w\n"
        ),
        20_000,
    );
    assert_quantiles(
        row(&with, ""),
        &|x| triangular_cdf(10.0, 15.0, 30.0, x),
        0.012,
    );
    assert_eq!(day(row(&with, "").planned), 14);
    let without = forecast(
        &format!(
            "{HEAD}streams:\n  - id: s\n    tasks:\n      - id: a\n        name: A\n        estimate: 2w..6w\n"
        ),
        20_000,
    );
    assert_quantiles(
        row(&without, ""),
        &|x| triangular_cdf(10.0, 20.0, 30.0, x),
        0.012,
    );
    assert_eq!(day(row(&without, "").planned), 19);
}

#[test]
fn an_uncertainty_spreads_tasks_with_only_a_duration() {
    // The stream's -10%..+50% beats the plan's; the plan's applies elsewhere.
    let yaml = format!(
        "{HEAD}uncertainty: -50%..+50%
streams:
  - id: s
    uncertainty: -10%..+50%
    tasks:
      - id: a
        name: A
        duration: 20d
        due: 2027-01-01
  - id: t
    tasks:
      - id: b
        name: B
        duration: 20d
        due: 2027-01-01
"
    );
    let r = forecast(&yaml, 20_000);
    assert_eq!(r.varying_tasks, 2);
    assert_quantiles(
        row(&r, "a"),
        &|x| triangular_cdf(18.0, 20.0, 30.0, x),
        0.012,
    );
    assert_quantiles(
        row(&r, "b"),
        &|x| triangular_cdf(10.0, 20.0, 30.0, x),
        0.012,
    );
}

#[test]
fn a_chain_has_the_sum_of_means_and_of_variances() {
    let mut yaml = format!("{HEAD}streams:\n  - id: s\n    tasks:\n");
    let n = 6;
    for i in 0..n {
        yaml += &format!("      - id: t{i}\n        name: T{i}\n        estimate: 10d..20d..40d\n");
        if i > 0 {
            yaml += &format!("        after: [t{}]\n", i - 1);
        }
    }
    let r = forecast(&yaml, 20_000);
    let (mean, var) = (70.0 / 3.0, 700.0 / 18.0);
    assert!(
        (r.finish_mean_days - n as f64 * mean).abs() < 0.5,
        "mean {} vs {}",
        r.finish_mean_days,
        n as f64 * mean
    );
    let got = r.finish_sd_days.powi(2);
    assert!(
        (got / (n as f64 * var) - 1.0).abs() < 0.06,
        "variance {got} vs {}",
        n as f64 * var
    );
    // Every task of a chain is always critical.
    assert_eq!(r.criticality.len(), n);
    assert!(r.criticality.iter().all(|c| c.index == 1.0));
}

#[test]
fn two_parallel_tasks_merge_as_the_product_of_their_distributions() {
    let yaml = format!(
        "{HEAD}streams:
  - id: s
    tasks:
      - id: a
        name: A
        estimate: 10d..20d..40d
        due: 2027-01-01
      - id: b
        name: B
        estimate: 15d..20d..30d
        due: 2027-01-01
milestones:
  - id: m
    name: Merge
    after: [a, b]
"
    );
    let r = forecast(&yaml, 20_000);
    let fa = |x| triangular_cdf(10.0, 20.0, 40.0, x);
    let fb = |x| triangular_cdf(15.0, 20.0, 30.0, x);
    assert_quantiles(row(&r, "a"), &fa, 0.012);
    assert_quantiles(row(&r, "b"), &fb, 0.012);
    // max(A, B) is distributed as the product of the two.
    assert_quantiles(row(&r, "m"), &|x| fa(x) * fb(x), 0.012);
    // The merge bias: the milestone's median is later than either's.
    let p50 = |id| day(row(&r, id).p50);
    assert!(
        p50("m") > p50("a") && p50("m") > p50("b"),
        "{} {} {}",
        p50("m"),
        p50("a"),
        p50("b")
    );
    // The deterministic schedule does not see it.
    assert!(day(row(&r, "m").planned) < p50("m"));
}

#[test]
fn fixed_lengths_give_the_deterministic_dates() {
    // Lags, start-to-start links, a constraint, as late as possible, work in
    // progress and done, deadlines: no estimate, so no spread at all.
    let yaml = "title: Fixed
start: 2026-02-02
deadline: 2026-06-30
streams:
  - id: s
    tasks:
      - id: a
        name: A
        duration: 5d
        status: done
        started: 2026-02-02
        finished: 2026-02-06
      - id: b
        name: B
        duration: 10d
        status: in-progress
        started: 2026-02-23
        progress: 40
        after: [a]
      - id: c
        name: C
        duration: 1.5w
        after: [b +2d]
        due: 2026-04-30
      - id: d
        name: D
        duration: 3d
        after: [c ss+1d]
        not_before: 2026-04-01
      - id: e
        name: E
        duration: 2d
        before: [m]
milestones:
  - id: m
    name: M
    after: [c, d]
    deadline: 2026-04-15
  - id: g
    name: G
    kind: gate
    after: [m +1w]
";
    let r = forecast(yaml, 500);
    assert_eq!(r.varying_tasks, 0);
    assert!(r.rows.len() >= 4, "{:?}", r.rows);
    for x in &r.rows {
        assert!(x.planned.is_some());
        assert_eq!(
            (x.p50, x.p85, x.p95),
            (x.planned, x.planned, x.planned),
            "{}",
            x.id
        );
        if let (Some(p), Some(d)) = (x.probability, x.deadline) {
            assert_eq!(
                p,
                if x.planned.unwrap() <= d { 1.0 } else { 0.0 },
                "{}",
                x.id
            );
        }
    }
    assert_eq!(r.finish_sd_days, 0.0);
}

#[test]
fn work_in_progress_varies_only_in_what_is_left() {
    let base = "title: Progress
start: 2026-02-02
calendar:
  workdays: [mon, tue, wed, thu, fri, sat, sun]
streams:
  - id: s
    tasks:
      - id: done
        name: Done
        status: done
        estimate: 1d..2d..90d
        started: 2026-02-02
        finished: 2026-02-03
      - id: a
        name: A
        status: in-progress
        started: 2026-02-20
        estimate: 10d..20d..40d
";
    // Today (2026-03-01) is day 27; half the drawn length is left.
    let r = forecast(&format!("{base}        progress: 50\n"), 20_000);
    assert_eq!(r.varying_tasks, 1, "the done task does not vary");
    let left = r.finish_mean_days - 27.0;
    assert!((left - 0.5 * 70.0 / 3.0).abs() < 0.3, "{left}");
    // `remaining: 5d` is scaled by the drawn length over the most likely.
    let r = forecast(&format!("{base}        remaining: 5d\n"), 20_000);
    let left = r.finish_mean_days - 27.0;
    assert!((left - 5.0 * (70.0 / 3.0) / 20.0).abs() < 0.1, "{left}");
}

/// (min, mode, max) in days, and (predecessor, lag in days) of one task.
type SmallTask = ((f64, f64, f64), Vec<(usize, f64)>);

/// A small random plan: tasks with triangular estimates (whole days) and
/// finish-to-start links with lags to earlier tasks.
struct Small {
    yaml: String,
    /// (min, mode, max) in days, and (predecessor, lag in days) per task.
    tasks: Vec<SmallTask>,
}

fn small_plan(rng: &mut rand_pcg::Pcg32) -> Small {
    let n = rng.random_range(3..9);
    let mut yaml = format!("{HEAD}streams:\n  - id: s\n    tasks:\n");
    let mut tasks = Vec::new();
    for i in 0..n {
        let a = rng.random_range(1..10) as f64;
        let c = a + rng.random_range(0..10) as f64;
        let b = c + rng.random_range(1..20) as f64;
        let mut deps = Vec::new();
        for p in 0..i {
            if rng.random_bool(0.35) {
                deps.push((p, rng.random_range(0..4) as f64));
            }
        }
        yaml +=
            &format!("      - id: t{i}\n        name: T{i}\n        estimate: {a}d..{c}d..{b}d\n");
        if !deps.is_empty() {
            let after: Vec<String> = deps
                .iter()
                .map(|(p, l)| format!("\"t{p} +{l}d\""))
                .collect();
            yaml += &format!("        after: [{}]\n", after.join(", "));
        }
        tasks.push(((a, c, b), deps));
    }
    Small { yaml, tasks }
}

/// The reference: its own generator, inverse-CDF sampling and forward pass;
/// the finish's last day (⌈finish⌉ − 1) per trial, sorted.
fn reference(s: &Small, trials: usize, seed: u64) -> Vec<i64> {
    let mut rng = rand_pcg::Pcg32::seed_from_u64(seed);
    let mut out = Vec::with_capacity(trials);
    let mut ef = vec![0.0; s.tasks.len()];
    for _ in 0..trials {
        for (i, ((a, c, b), deps)) in s.tasks.iter().enumerate() {
            let u: f64 = rng.random();
            let fc = (c - a) / (b - a);
            let x = if u < fc {
                a + (u * (b - a) * (c - a)).sqrt()
            } else {
                b - ((1.0 - u) * (b - a) * (b - c)).sqrt()
            };
            let es = deps.iter().map(|&(p, l)| ef[p] + l).fold(0.0, f64::max);
            ef[i] = es + x;
        }
        let fin = ef.iter().copied().fold(0.0, f64::max);
        out.push(fin.ceil() as i64 - 1);
    }
    out.sort_unstable();
    out
}

#[test]
fn a_reference_simulation_agrees_on_random_small_plans() {
    let mut rng = rand_pcg::Pcg32::seed_from_u64(2026);
    for case in 0..6 {
        let s = small_plan(&mut rng);
        let r = forecast(&s.yaml, 20_000);
        let refd = reference(&s, 20_000, case);
        let f = row(&r, "");
        for q in &f.percentiles {
            if q.p == 100 {
                continue;
            }
            let want = refd[(refd.len() * q.p as usize).div_ceil(100) - 1];
            let got = day(q.date);
            assert!(
                (got - want).abs() <= 1,
                "case {case} P{}: forecast day {got}, reference day {want}\n{}",
                q.p,
                s.yaml
            );
        }
    }
}

const EXAMPLE: &str = "examples/forecast.yaml";

#[test]
fn the_same_seed_gives_the_same_numbers_on_any_number_of_threads() {
    let go = |seed: &str, threads: &str| {
        let (code, out, err) = run([
            "forecast",
            EXAMPLE,
            "--format",
            "json",
            "--trials",
            "3000",
            "--seed",
            seed,
            "--threads",
            threads,
        ]);
        assert_eq!(code, 0, "{err}");
        out
    };
    let one = go("11", "1");
    assert_eq!(one, go("11", "1"));
    assert_eq!(one, go("11", "2"));
    assert_eq!(one, go("11", "5"));
    assert_ne!(one, go("12", "2"), "another seed, other numbers");
    let v = json("forecast", &one);
    assert_eq!(v["seed"], 11);
    assert_eq!(v["trials"], 3000);
    // Every percentile is in the JSON, in order.
    let ps = v["rows"][0]["percentiles"].as_array().unwrap();
    assert_eq!(ps.len(), 20);
    let dates: Vec<&str> = ps.iter().map(|p| p["date"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
}

#[test]
fn the_library_gives_the_same_numbers_on_any_number_of_threads() {
    let p = crate::support::load(&[EXAMPLE.into()]);
    let v = p.views().next().unwrap();
    let go = |threads| {
        let opts = Options {
            trials: 1234,
            seed: 5,
            threads,
            progress: None,
            level: false,
        };
        forecast::report(&v, &opts).unwrap()
    };
    let (a, b) = (go(1), go(4));
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
    assert_eq!(a.trials, 1234, "a last, partial chunk counts too");
}

#[test]
fn absurd_trials_are_refused() {
    for n in ["0", "10000001", "99999999999"] {
        let (code, out, err) = run(["forecast", EXAMPLE, "--trials", n]);
        assert_eq!(code, 2, "{n}: {err}");
        assert!(out.is_empty());
        assert_eq!(
            err.trim(),
            format!("roadmap: error: --trials must be between 1 and 10000000, not {n}")
        );
    }
    let (code, _, err) = run(["forecast", EXAMPLE, "--trials", "many"]);
    assert_eq!(code, 2);
    assert!(err.contains("--trials"), "{err}");
}

#[test]
fn a_plan_without_a_start_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "p.yaml",
        "title: T\nstreams:\n  - id: s\n    tasks:\n      - id: a\n        name: A\n        estimate: 1d..3d\n",
    );
    let (code, out, err) = run(["forecast".as_ref(), p.as_os_str()]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("has no `start` date"), "{err}");
}

#[test]
fn among_several_plans_one_without_a_start_is_left_out_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "nodates.yaml",
        "title: Undated\nstreams:\n  - id: s\n    tasks:\n      - id: a\n        name: A\n        estimate: 1d..3d\n",
    );
    write(
        dir.path(),
        "dated.yaml",
        "title: Dated\nstart: 2026-03-02\nstreams:\n  - id: s\n    tasks:\n      - id: a\n        name: A\n        estimate: 1d..3d\n",
    );
    let (code, out, err) = run([
        "forecast".as_ref(),
        dir.path().as_os_str(),
        "--trials".as_ref(),
        "100".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("nodates.yaml: the plan has no `start` date") && err.contains("left out"),
        "{err}"
    );
    let v = json("forecast", &out);
    // One plan's report is the object itself, several an array.
    assert!(v.is_object(), "one report: {out}");
    assert!(out.contains("Dated") && !out.contains("Undated"), "{out}");
}

#[test]
fn bad_estimates_are_diagnostics_at_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("estimate: 5d..2d", "estimate-order", "9:19"),
        ("estimate: 2d..9d..6d", "estimate-order", "9:19"),
        (
            "duration: 7d\n        estimate: 2d..6d",
            "estimate-excludes-duration",
            "10:19",
        ),
        ("estimate: 2d..3cd", "invalid-duration", "9:19"),
        ("estimate: soon", "invalid-duration", "9:19"),
        (
            "estimate: 2d..4d\n        distribution: normal",
            "invalid-kind",
            "10:23",
        ),
    ];
    for (i, (key, code, at)) in cases.iter().enumerate() {
        let p = write(
            dir.path(),
            &format!("p{i}.yaml"),
            format!(
                "title: T\nstart: 2026-03-02\nstreams:\n  - id: s\n    name: S\n    tasks:\n      - id: a\n        name: A\n        {key}\n"
            ),
        );
        let (exit, out, _) = run(["check".as_ref(), p.as_os_str()]);
        assert_eq!(exit, 1, "{key}: {out}");
        assert!(out.contains(&format!("[{code}]")), "{key}: {out}");
        assert!(
            out.contains(&format!("p{i}.yaml:{at}")),
            "{key}: want {at}\n{out}"
        );
    }
    // An estimate on a group.
    let p = write(
        dir.path(),
        "g.yaml",
        "title: T\nstart: 2026-03-02\nstreams:\n  - id: s\n    tasks:\n      - id: g\n        name: G\n        estimate: 1d..3d\n        tasks:\n          - { id: a, name: A, duration: 1d }\n",
    );
    let (exit, out, _) = run(["check".as_ref(), p.as_os_str()]);
    assert_eq!(exit, 1);
    assert!(
        out.contains("[misplaced-key]: `estimate` on a group") && out.contains("g.yaml:8:19"),
        "{out}"
    );
    // A plan's uncertainty with the wrong signs, and one in a fragment.
    let p = write(
        dir.path(),
        "u.yaml",
        "title: T\nstart: 2026-03-02\nuncertainty: +10%..+30%\ninclude: [frag.yaml]\n",
    );
    write(dir.path(), "frag.yaml", "distribution: pert\n");
    let (exit, out, _) = run(["check".as_ref(), p.as_os_str()]);
    assert_eq!(exit, 1);
    assert!(
        out.contains("[estimate-order]") && out.contains("u.yaml:3:14"),
        "{out}"
    );
    assert!(out.contains("frag.yaml:1:15"), "{out}");
}

#[test]
fn criticality_and_sensitivity_name_the_long_uncertain_chain() {
    let yaml = format!(
        "{HEAD}streams:
  - id: s
    tasks:
      - id: long
        name: Long and uncertain
        estimate: 20d..30d..80d
      - id: short
        name: Short and sure
        estimate: 9d..10d..11d
      - id: after-short
        name: After short
        after: [short]
        duration: 10d
"
    );
    let r = forecast(&yaml, 5_000);
    assert_eq!(r.criticality[0].id, "long");
    assert!(r.criticality[0].index > 0.99);
    assert!(
        r.criticality
            .iter()
            .all(|c| c.id == "long" || c.index < 0.01)
    );
    assert_eq!(r.sensitivity[0].id, "long");
    assert!(r.sensitivity[0].correlation > 0.95 && r.sensitivity[0].share > 0.95);
    let shares: f64 = r.sensitivity.iter().map(|s| s.share).sum();
    assert!((shares - 1.0).abs() < 1e-9);
}

#[test]
fn table_and_markdown_of_the_example() {
    let (code, out, err) = run_at("2026-03-02", ["forecast", EXAMPLE, "--trials", "2000"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.lines().all(|l| l.chars().count() <= 100),
        "fits --width 100:\n{out}"
    );
    insta::assert_snapshot!("table", out);
    let (code, out, _) = run_at(
        "2026-03-02",
        [
            "forecast", EXAMPLE, "--trials", "2000", "--format", "markdown",
        ],
    );
    assert_eq!(code, 0);
    insta::assert_snapshot!("markdown", out);
    let (_, narrow, _) = run_at(
        "2026-03-02",
        ["forecast", EXAMPLE, "--trials", "2000", "--width", "60"],
    );
    assert!(
        narrow.lines().all(|l| l.chars().count() <= 60),
        "fits --width 60:\n{narrow}"
    );
}

#[test]
fn docs_show_the_examples_output() {
    let (code, out, err) = run_at("2026-03-02", ["forecast", EXAMPLE, "--trials", "2000"]);
    assert_eq!(code, 0, "{err}");
    let docs = std::fs::read_to_string("docs/forecast.md").unwrap();
    let shown = format!(
        "$ roadmap forecast examples/forecast.yaml --today 2026-03-02 --trials 2000\n{out}```"
    );
    assert!(
        docs.contains(&shown),
        "docs/forecast.md does not show:\n{out}"
    );
    // And the numbers the page reads out loud.
    let v = json(
        "forecast",
        &run_at(
            "2026-03-02",
            ["forecast", EXAMPLE, "--trials", "2000", "--format", "json"],
        )
        .1,
    );
    let launch = &v["rows"][1];
    assert_eq!(launch["id"], "launch");
    let pc = |x: &serde_json::Value| format!("**{:.0}%**", x.as_f64().unwrap() * 100.0);
    assert!(docs.contains(&format!("coin toss ({})", pc(&launch["probability"]))));
    assert!(docs.contains(&format!(
        "holds in {} of the futures",
        pc(&v["rows"][0]["probability"])
    )));
    for (key, day) in [("p50", "April 13"), ("p85", "April 20")] {
        assert_eq!(v["rows"][0][key], format!("2026-04-{}", &day[6..]), "{key}");
    }
}

#[test]
fn diff_forecast_shows_p85_and_the_chance_before_and_after() {
    let dir = tempfile::tempdir().unwrap();
    let old = std::fs::read_to_string(EXAMPLE).unwrap();
    // A wider backend estimate, and a new gate.
    let new = old.replace("estimate: 2w..6w }", "estimate: 2w..8w }").replace(
        "deadline: 2026-04-10 }",
        "deadline: 2026-04-10 }\n  - { id: beta, name: Beta, kind: gate, after: [mockups], deadline: 2026-03-27 }",
    );
    let (po, pn) = (
        write(dir.path(), "old.yaml", &old),
        write(dir.path(), "new.yaml", &new),
    );
    let (po, pn) = (po.to_str().unwrap(), pn.to_str().unwrap());
    let args = ["--trials", "3000", "--seed", "4", "--format", "json"];
    let (code, out, err) = run_at(
        "2026-03-02",
        [&["diff", po, pn, "--forecast"][..], &args].concat(),
    );
    assert_eq!(code, 0, "{err}");
    let v = json("diff", &out);
    let fc = v["plans"][0]["forecast"].as_array().unwrap();
    let get = |id: &str| fc.iter().find(|f| f["id"] == id).unwrap();
    // Each side's numbers are the forecast command's, with the same seed.
    for (path, side) in [(po, "old"), (pn, "new")] {
        let (_, f, _) = run_at("2026-03-02", [&["forecast", path][..], &args].concat());
        let f = json("forecast", &f);
        for row in f["rows"].as_array().unwrap() {
            let id = row["id"].as_str().unwrap();
            assert_eq!(get(id)[format!("p85_{side}")], row["p85"], "{side} {id}");
            assert_eq!(
                get(id)[format!("probability_{side}")],
                row["probability"],
                "{side} {id}"
            );
        }
    }
    // A wider estimate on the critical path: later P85s, smaller chances.
    for id in ["", "launch"] {
        let f = get(id);
        assert!(f["p85_shift_days"].as_i64().unwrap() > 0, "{f}");
        assert!(f["probability_change"].as_f64().unwrap() < 0.0, "{f}");
    }
    // The new gate has no old side.
    assert!(get("beta")["p85_old"].is_null() && get("beta")["p85_new"].is_string());
    // Human and Markdown show the same.
    let (_, human, _) = run_at(
        "2026-03-02",
        [
            "diff",
            po,
            pn,
            "--forecast",
            "--trials",
            "3000",
            "--seed",
            "4",
        ],
    );
    assert!(
        human.contains("forecast (P85; chance of meeting the deadline):"),
        "{human}"
    );
    assert!(human.contains("gate `beta`: P85 - -> "), "{human}");
    assert!(human.contains("estimate: 10d..30d -> 10d..40d"), "{human}");
    let (_, md, _) = run_at(
        "2026-03-02",
        ["diff", po, pn, "--forecast", "--format", "markdown"],
    );
    assert!(
        md.contains("| forecast | P85 | chance of the deadline |"),
        "{md}"
    );
    // Without --forecast, no forecast in the JSON; --trials needs --forecast.
    let (_, plain, _) = run_at("2026-03-02", ["diff", po, pn, "--format", "json"]);
    assert!(json("diff", &plain)["plans"][0].get("forecast").is_none());
    let (code, _, _) = run(["diff", po, pn, "--trials", "5"]);
    assert_eq!(code, 2);
    let (code, _, err) = run(["diff", po, pn, "--forecast", "--trials", "0"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--trials must be between 1 and 10000000, not 0"),
        "{err}"
    );
}

#[test]
fn a_table_shows_the_items_least_likely_to_meet_their_deadlines() {
    let dir = tempfile::tempdir().unwrap();
    let mut yaml = format!("{HEAD}streams:\n  - id: s\n    tasks:\n");
    // t0 and t11 can hardly make it; the others easily.
    for i in 0..12 {
        let due = if i == 0 || i == 11 {
            "2026-03-20"
        } else {
            "2026-12-31"
        };
        yaml +=
            &format!("      - {{ id: t{i}, name: T{i}, estimate: 10d..20d..40d, due: {due} }}\n");
    }
    let p = write(dir.path(), "p.yaml", &yaml);
    let p = p.to_str().unwrap();
    let (code, out, err) = run(["forecast", p, "--trials", "500"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("2 more items with a deadline, more likely to meet them"),
        "{out}"
    );
    for id in ["t0 ", "t11 "] {
        assert!(out.contains(&format!("│ {id}")), "{id}\n{out}");
    }
    let (_, j, _) = run(["forecast", p, "--trials", "500", "--format", "json"]);
    assert_eq!(json("forecast", &j)["rows"].as_array().unwrap().len(), 13);
}
