//! `roadmap forecast`: Monte Carlo over the plan's estimates
//! (docs/forecast.md).
//!
//! Each trial draws a length for every task that has a spread
//! ([`spread_of`]) and runs the one scheduler
//! ([`Engine::as_of`] with an [`Adjust`]), so dependencies with lags,
//! constraints, progress and as-late-as-possible work behave in every trial
//! exactly as in the deterministic schedule.
//!
//! Reproducible: trials are cut into chunks of [`CHUNK`]; chunk `k` draws from
//! its own PCG-64 generator seeded from `(seed, k)` alone, so the numbers do
//! not depend on how many threads run the chunks or in which order. What a
//! trial adds is integer (histogram counts, criticality counts, sums in
//! `i128`), so merging is exact in any order. Memory does not grow with the
//! number of trials: one histogram per date followed, in working-day bins,
//! one counter per task, and five sums per varying task.

use crate::plan::estimate::{self, Distribution, Spread};
use crate::plan::graph::PlanGraph;
use crate::plan::model::{MilestoneKind, NodeRef, Plan, Status};
use crate::plan::span::Span;
use crate::project::PlanView;
use crate::schedule::{Adjust, Engine, Schedule, Times};
use chrono::NaiveDate;
use rand::RngCore;
use rand_distr::Distribution as _;
use rand_pcg::Pcg64;
use serde::Serialize;
use std::sync::atomic::{AtomicU64, Ordering};

/// Trials per chunk: the unit of work of one generator stream.
pub const CHUNK: u64 = 250;

/// Most trials accepted (a run above this would take hours on a large plan).
pub const MAX_TRIALS: u64 = 10_000_000;

/// How to run a forecast.
pub struct Options<'p> {
    /// Number of trials (1 to [`MAX_TRIALS`]).
    pub trials: u64,
    /// The seed of every generator.
    pub seed: u64,
    /// Threads to use (0: every core).
    pub threads: usize,
    /// Called with the number of trials done after each chunk.
    pub progress: Option<&'p (dyn Fn(u64) + Sync)>,
    /// Level resources in every trial (`--level`), as a plan that says
    /// `level: true` always is.
    pub level: bool,
}

/// A length drawn in each trial, at graph node `node`.
#[derive(Debug, Clone)]
struct Varying {
    node: usize,
    task: usize,
    spread: Spread,
    beta: Option<rand_distr::Beta<f64>>,
    /// Work left (`remaining`) of an item in progress: scaled by the ratio of
    /// the drawn length to the most likely one.
    remaining: Option<Span>,
}

/// A date followed: the plan's finish, or one node's finish.
#[derive(Debug, Clone)]
struct Target {
    node: Option<usize>,
}

/// Counts per working-day index, growing to cover what is seen (bounded by
/// the spread of the plan, not by the number of trials).
#[derive(Debug, Clone, Default)]
struct Hist {
    lo: i64,
    counts: Vec<u64>,
}

impl Hist {
    fn add(&mut self, day: i64, n: u64) {
        if self.counts.is_empty() {
            self.lo = day;
        }
        if day < self.lo {
            let grow = (self.lo - day) as usize;
            let mut v = vec![0; grow];
            v.extend_from_slice(&self.counts);
            self.counts = v;
            self.lo = day;
        }
        let i = (day - self.lo) as usize;
        if i >= self.counts.len() {
            self.counts.resize(i + 1, 0);
        }
        self.counts[i] += n;
    }

    fn merge(&mut self, o: &Hist) {
        for (i, &c) in o.counts.iter().enumerate() {
            if c > 0 {
                self.add(o.lo + i as i64, c);
            }
        }
    }

    fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// The first day by which at least `p` percent of the trials are done.
    fn percentile(&self, p: u32) -> Option<i64> {
        let n = self.total();
        if n == 0 {
            return None;
        }
        // ceil(n * p / 100), at least 1.
        let need = (n * p as u64).div_ceil(100).max(1);
        let mut acc = 0;
        for (i, &c) in self.counts.iter().enumerate() {
            acc += c;
            if acc >= need {
                return Some(self.lo + i as i64);
            }
        }
        None
    }
}

/// What the trials add up to: every field merges by addition.
#[derive(Debug, Clone)]
struct Acc {
    trials: u64,
    hists: Vec<Hist>,
    critical: Vec<u64>,
    /// Per varying task: Σx, Σx², Σxy (x its length, y the finish in ticks).
    sx: Vec<i128>,
    sxx: Vec<i128>,
    sxy: Vec<i128>,
    sy: i128,
    syy: i128,
}

impl Acc {
    fn new(targets: usize, nodes: usize, varying: usize) -> Acc {
        Acc {
            trials: 0,
            hists: vec![Hist::default(); targets],
            critical: vec![0; nodes],
            sx: vec![0; varying],
            sxx: vec![0; varying],
            sxy: vec![0; varying],
            sy: 0,
            syy: 0,
        }
    }

    fn merge(&mut self, o: &Acc) {
        self.trials += o.trials;
        for (a, b) in self.hists.iter_mut().zip(&o.hists) {
            a.merge(b);
        }
        for (a, b) in self.critical.iter_mut().zip(&o.critical) {
            *a += b;
        }
        for (a, b) in [
            (&mut self.sx, &o.sx),
            (&mut self.sxx, &o.sxx),
            (&mut self.sxy, &o.sxy),
        ] {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        self.sy += o.sy;
        self.syy += o.syy;
    }
}

/// The scalar of a length: ticks, or calendar days.
fn amount(s: Span) -> i64 {
    match s {
        Span::Work(t) | Span::Calendar(t) => t,
    }
}

/// The generator of chunk `k`: PCG-64 (XSL-RR 128/64) with its state and
/// stream both derived from `(seed, k)` by SplitMix64, a fixed function.
fn chunk_rng(seed: u64, k: u64) -> Pcg64 {
    fn mix(mut z: u64) -> u64 {
        z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    let a = mix(seed);
    let b = mix(a ^ k);
    let c = mix(b);
    let d = mix(c ^ 0x5851_F42D_4C95_7F2D);
    let state = (u128::from(a) << 64) | u128::from(b);
    let stream = (u128::from(c) << 64) | u128::from(d);
    Pcg64::new(state, stream)
}

/// A uniform number in `[0, 1)` from the generator's top 53 bits.
fn uniform(rng: &mut Pcg64) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// The last working day (index) of a node placed at `t`, as reports show it.
fn last_day(t: &Times) -> i64 {
    if t.ef > t.es {
        t.ef - 1
    } else {
        (t.es - 1).max(0)
    }
}

/// The raw result of a simulation, before dates are put on it.
struct Sim {
    acc: Acc,
    varying: Vec<Varying>,
    targets: Vec<Target>,
}

/// Run `opts.trials` trials of `plan` as of `today`, following `targets`.
fn simulate(
    plan: &Plan,
    g: &PlanGraph,
    base: &Schedule,
    today: NaiveDate,
    targets: Vec<Target>,
    opts: &Options,
) -> Option<Sim> {
    let engine = Engine::new(plan, g)?;
    let level = opts.level || plan.level;
    let n = g.graph.node_count();
    let varying: Vec<Varying> = g
        .graph
        .node_indices()
        .filter_map(|ix| {
            let NodeRef::Task(t) = g.graph[ix] else {
                return None;
            };
            let spread = spread_of(plan, t)?;
            if spread.is_fixed() {
                return None;
            }
            let task = &plan.tasks[t];
            let remaining = (plan.status(t) == Status::InProgress)
                .then(|| task.remaining.as_ref().map(|r| r.value))
                .flatten();
            let beta = match spread.dist {
                Distribution::Triangular => None,
                Distribution::Pert => {
                    let (a, b) = spread.pert_shape();
                    Some(rand_distr::Beta::new(a, b).ok()?)
                }
            };
            Some(Varying {
                node: ix.index(),
                task: t,
                spread,
                beta,
                remaining,
            })
        })
        .collect();
    let chunks = opts.trials.div_ceil(CHUNK);
    let threads = match opts.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        t => t,
    }
    .clamp(1, chunks.max(1) as usize);
    let next = AtomicU64::new(0);
    let done = AtomicU64::new(0);
    let worker = || -> Option<Acc> {
        let mut acc = Acc::new(targets.len(), n, varying.len());
        let mut adjust = Adjust {
            span: vec![None; n],
            floor: Vec::new(),
            remaining: vec![None; n],
        };
        let mut xs = vec![0i64; varying.len()];
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            if k >= chunks {
                break;
            }
            let mut rng = chunk_rng(opts.seed, k);
            let count = CHUNK.min(opts.trials - k * CHUNK);
            for _ in 0..count {
                for (j, v) in varying.iter().enumerate() {
                    let s = match &v.beta {
                        None => v.spread.triangular_at(uniform(&mut rng)),
                        Some(b) => v.spread.from_fraction(b.sample(&mut rng)),
                    };
                    xs[j] = amount(s);
                    adjust.span[v.node] = Some(s);
                    if let Some(r) = v.remaining {
                        let mode = amount(v.spread.mode).max(1) as i128;
                        let scaled = (amount(r) as i128 * amount(s) as i128 + mode - 1) / mode;
                        adjust.remaining[v.node] = Some(match r {
                            Span::Work(_) => Span::Work(scaled as i64),
                            Span::Calendar(_) => Span::Calendar(scaled as i64),
                        });
                    }
                }
                let s = if level {
                    crate::level::level_trial(plan, g, &engine, today, base, &adjust)?
                } else {
                    engine.as_of(today, base, &adjust)?
                };
                acc.trials += 1;
                for (h, t) in acc.hists.iter_mut().zip(&targets) {
                    match t.node {
                        None => h.add((s.finish - 1).max(0), 1),
                        Some(i) => {
                            if let Ok(t) = &s.times[i] {
                                h.add(last_day(t), 1);
                            }
                        }
                    }
                }
                for &ix in &s.order {
                    if s.times[ix.index()].is_ok_and(|t| t.critical) {
                        acc.critical[ix.index()] += 1;
                    }
                }
                let y = s
                    .order
                    .iter()
                    .map(|ix| s.ticks[ix.index()].1)
                    .max()
                    .unwrap_or(0) as i128;
                acc.sy += y;
                acc.syy += y * y;
                for (j, &x) in xs.iter().enumerate() {
                    let x = x as i128;
                    acc.sx[j] += x;
                    acc.sxx[j] += x * x;
                    acc.sxy[j] += x * y;
                }
            }
            let d = done.fetch_add(count, Ordering::Relaxed) + count;
            if let Some(p) = opts.progress {
                p(d);
            }
        }
        Some(acc)
    };
    let parts: Vec<Option<Acc>> = if threads == 1 {
        vec![worker()]
    } else {
        std::thread::scope(|sc| {
            let handles: Vec<_> = (0..threads).map(|_| sc.spawn(worker)).collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or(None))
                .collect()
        })
    };
    let mut acc = Acc::new(targets.len(), n, varying.len());
    for p in parts {
        acc.merge(&p?);
    }
    Some(Sim {
        acc,
        varying,
        targets,
    })
}

/// The spread a task's length is drawn from in a forecast, or `None` when it
/// is fixed: a group, work that is done or cancelled, a task without a length,
/// or one without an `estimate` in a stream and plan without `uncertainty`.
/// The most likely length is the written `duration` when there is one (the
/// `likely` point of three, else the `duration`, else the middle of a range).
pub fn spread_of(plan: &Plan, t: usize) -> Option<Spread> {
    let task = &plan.tasks[t];
    if !task.is_item() || matches!(plan.status(t), Status::Done | Status::Cancelled) {
        return None;
    }
    let stream = plan.streams.get(task.stream);
    let dist = task
        .distribution
        .or(stream.and_then(|s| s.distribution))
        .or(plan.distribution)
        .unwrap_or_default();
    if let Some(e) = task.estimate.as_deref() {
        let e = e.value;
        let mode = e
            .likely
            .or(task.span.as_ref().map(|s| s.value))
            .unwrap_or_else(|| e.nominal());
        return Some(Spread {
            min: e.min,
            mode,
            max: e.max,
            dist,
        });
    }
    let u = stream
        .and_then(|s| s.uncertainty.as_ref())
        .or(plan.uncertainty.as_ref())?
        .value;
    let d = task.span.as_ref()?.value;
    let v = estimate::value(d);
    if v <= 0 {
        return None;
    }
    // Rounded outward to a tick or a calendar day, so the range holds `d`.
    let lo = v + (v * u.low).div_euclid(100);
    let hi = v + (v * u.high + 99).div_euclid(100);
    Some(Spread {
        min: estimate::with_value(d, lo.max(0)),
        mode: d,
        max: estimate::with_value(d, hi),
        dist,
    })
}

/// One date followed by the forecast: the plan's finish, a milestone or gate,
/// or an item with a deadline.
#[derive(Debug, Serialize)]
pub struct Row {
    /// The id; empty for the plan's finish.
    pub id: String,
    /// Its name; `finish` rows carry the plan's title.
    pub name: String,
    /// `finish`, `milestone`, `gate` or `task`.
    pub kind: &'static str,
    /// The date of the deterministic schedule (every length as written).
    pub planned: Option<NaiveDate>,
    /// Half of the trials finish by this date.
    pub p50: Option<NaiveDate>,
    /// 85% of the trials finish by this date.
    pub p85: Option<NaiveDate>,
    /// 95% of the trials finish by this date.
    pub p95: Option<NaiveDate>,
    /// Percentiles 5, 10, …, 95 and 100 (the latest trial).
    pub percentiles: Vec<Percentile>,
    /// The date to meet: its deadline (or a milestone's `date`, or the plan's
    /// deadline for the finish), as the last working day on or before it.
    pub deadline: Option<NaiveDate>,
    /// What the date to meet is: `deadline`, `due`, `date`, a bucket's end,
    /// `plan deadline`.
    pub deadline_source: Option<String>,
    /// Share of trials (0 to 1) that finish by the deadline.
    pub probability: Option<f64>,
}

/// One percentile of a date.
#[derive(Debug, Serialize)]
pub struct Percentile {
    /// The percentage of trials.
    pub p: u32,
    /// The date by which that many trials finish.
    pub date: Option<NaiveDate>,
}

/// How often a task is on the critical path.
#[derive(Debug, Serialize)]
pub struct Critical {
    /// The task's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Share of trials (0 to 1) in which it is critical: it sets the finish.
    pub index: f64,
    /// Critical in the deterministic schedule.
    pub planned_critical: bool,
}

/// How much a task's uncertainty moves the finish.
#[derive(Debug, Serialize)]
pub struct Sensitivity {
    /// The task's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its estimate as drawn from: shortest, most likely, longest, in working
    /// days (calendar days for a calendar-time task).
    pub min_days: f64,
    /// Most likely length.
    pub likely_days: f64,
    /// Longest length.
    pub max_days: f64,
    /// `triangular` or `pert`.
    pub distribution: Distribution,
    /// Pearson correlation (−1 to 1) between its drawn length and the finish
    /// over the trials.
    pub correlation: f64,
    /// Its share of the finish's spread: `correlation²` over the sum of the
    /// squares of every task's (the part of the finish's variance each
    /// explains, normalised to 1).
    pub share: f64,
}

/// One bar of the finish histogram: trials whose last working day is `date`.
#[derive(Debug, Serialize)]
pub struct Bin {
    /// The last working day.
    pub date: Option<NaiveDate>,
    /// Trials that finish that day.
    pub trials: u64,
}

/// Everything `forecast` reports about one plan.
#[derive(Debug, Serialize)]
pub struct Report {
    /// The plan's title.
    pub title: String,
    /// The plan's display name (its root file's path).
    pub file: String,
    /// The as-of date the trials schedule from.
    pub as_of: NaiveDate,
    /// Trials run.
    pub trials: u64,
    /// The seed: the same seed gives the same numbers.
    pub seed: u64,
    /// Tasks whose length varies between trials.
    pub varying_tasks: usize,
    /// The finish over the trials: mean working days from the plan's first
    /// working day to the end of the last work (to 1/100 of a day).
    pub finish_mean_days: f64,
    /// Its standard deviation, in working days.
    pub finish_sd_days: f64,
    /// The finish, then every milestone and gate, then every item with a
    /// deadline, in plan order.
    pub rows: Vec<Row>,
    /// Tasks ever on the critical path, most often first.
    pub criticality: Vec<Critical>,
    /// Varying tasks, the largest share of the finish's spread first.
    pub sensitivity: Vec<Sensitivity>,
    /// The finish date over the trials, one bin per working day.
    pub histogram: Vec<Bin>,
}

/// Why a forecast cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum ForecastError {
    /// The plan has no schedule (a dependency cycle).
    #[error("{0}: the plan cannot be scheduled")]
    NoSchedule(String),
    /// The plan has no `start`: no dates to forecast.
    #[error("{0}: the plan has no `start` date, so there are no dates to forecast")]
    NoStart(String),
    /// Too few or too many trials.
    #[error("--trials must be between 1 and {MAX_TRIALS}, not {0}")]
    Trials(u64),
}

/// A followed date's id, name, kind and the date it is to meet (with what
/// sets it).
type Meta = (String, String, &'static str, Option<(NaiveDate, String)>);

/// The forecast of one plan.
pub fn report(v: &PlanView, opts: &Options) -> Result<Report, ForecastError> {
    if opts.trials == 0 || opts.trials > MAX_TRIALS {
        return Err(ForecastError::Trials(opts.trials));
    }
    let plan = v.plan;
    let g = v.graph;
    let Some(sched) = v.schedule else {
        return Err(ForecastError::NoSchedule(v.name.to_string()));
    };
    if plan.start.is_none() {
        return Err(ForecastError::NoStart(v.name.to_string()));
    }
    // The dates followed, with the date each is to meet.
    let mut targets = vec![Target { node: None }];
    let mut meta: Vec<Meta> = vec![(
        String::new(),
        plan.title.clone(),
        "finish",
        plan.deadline.as_ref().and_then(|d| {
            Some((
                plan.calendar.last_workday_until(d.period.last)?,
                "plan deadline".to_string(),
            ))
        }),
    )];
    let mut follow = |n: NodeRef, kind: &'static str, meet: Option<(NaiveDate, String)>| {
        let ix = g.index[&n].index();
        if sched.times[ix].is_ok() {
            targets.push(Target { node: Some(ix) });
            meta.push((
                plan.node_id(n).to_string(),
                plan.node_name(n).to_string(),
                kind,
                meet,
            ));
        }
    };
    let own = |n: NodeRef| {
        sched.deadlines[g.index[&n].index()]
            .as_ref()
            .map(|d| (d.date, d.source.trim_start_matches("its ").to_string()))
    };
    for (m, ms) in plan.milestones.iter().enumerate() {
        let n = NodeRef::Milestone(m);
        let kind = match ms.kind {
            MilestoneKind::Milestone => "milestone",
            MilestoneKind::Gate => "gate",
        };
        let meet = own(n).or_else(|| {
            let d = ms.end.as_ref()?;
            Some((
                plan.calendar.last_workday_until(d.period.last)?,
                "date".into(),
            ))
        });
        follow(n, kind, meet);
    }
    for (t, task) in plan.tasks.iter().enumerate() {
        let n = NodeRef::Task(t);
        if task.is_item()
            && !matches!(plan.status(t), Status::Done | Status::Cancelled)
            && let Some(meet) = own(n)
        {
            follow(n, "task", Some(meet));
        }
    }
    let sim = simulate(plan, g, sched.baseline(), v.as_of, targets, opts)
        .ok_or_else(|| ForecastError::NoSchedule(v.name.to_string()))?;
    let acc = &sim.acc;
    let date = |d: Option<i64>| d.and_then(|d| sched.date(d));
    const PS: [u32; 20] = [
        5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95, 100,
    ];
    let rows = sim
        .targets
        .iter()
        .zip(&acc.hists)
        .zip(meta)
        .map(|((t, h), (id, name, kind, meet))| {
            let planned = match t.node {
                None => sched.finish_day(),
                Some(i) => sched.times[i]
                    .as_ref()
                    .ok()
                    .and_then(|t| sched.date(last_day(t))),
            };
            let probability = meet.as_ref().map(|(d, _)| {
                // Bins are working days in order: those on or before the date.
                let n = h.total().max(1);
                let on_time: u64 = (0..h.counts.len() as i64)
                    .filter(|i| sched.date(h.lo + i).is_some_and(|x| x <= *d))
                    .map(|i| h.counts[i as usize])
                    .sum();
                on_time as f64 / n as f64
            });
            Row {
                id,
                name,
                kind,
                planned,
                p50: date(h.percentile(50)),
                p85: date(h.percentile(85)),
                p95: date(h.percentile(95)),
                percentiles: PS
                    .iter()
                    .map(|&p| Percentile {
                        p,
                        date: date(h.percentile(p)),
                    })
                    .collect(),
                deadline: meet.as_ref().map(|m| m.0),
                deadline_source: meet.map(|m| m.1),
                probability,
            }
        })
        .collect();
    let trials = acc.trials.max(1);
    let mut criticality: Vec<Critical> = g
        .graph
        .node_indices()
        .filter_map(|ix| {
            let NodeRef::Task(t) = g.graph[ix] else {
                return None;
            };
            let c = acc.critical[ix.index()];
            if !plan.tasks[t].is_item() || c == 0 {
                return None;
            }
            Some(Critical {
                id: plan.tasks[t].id.clone(),
                name: plan.tasks[t].name.clone(),
                index: c as f64 / trials as f64,
                planned_critical: sched.times[ix.index()].is_ok_and(|t| t.critical),
            })
        })
        .collect();
    criticality.sort_by(|a, b| b.index.total_cmp(&a.index));
    let nn = acc.trials as i128;
    let vy = nn * acc.syy - acc.sy * acc.sy;
    let corr: Vec<f64> = (0..sim.varying.len())
        .map(|j| {
            let vx = nn * acc.sxx[j] - acc.sx[j] * acc.sx[j];
            if vx <= 0 || vy <= 0 {
                return 0.0;
            }
            let cov = nn * acc.sxy[j] - acc.sx[j] * acc.sy;
            cov as f64 / ((vx as f64).sqrt() * (vy as f64).sqrt())
        })
        .collect();
    let total_sq: f64 = corr.iter().map(|r| r.max(0.0).powi(2)).sum();
    let days = |s: Span| match s {
        Span::Work(t) => t as f64 / crate::plan::span::TICKS_PER_DAY as f64,
        Span::Calendar(d) => d as f64,
    };
    let mut sensitivity: Vec<Sensitivity> = sim
        .varying
        .iter()
        .zip(&corr)
        .map(|(v, &r)| Sensitivity {
            id: plan.tasks[v.task].id.clone(),
            name: plan.tasks[v.task].name.clone(),
            min_days: days(v.spread.min),
            likely_days: days(v.spread.mode),
            max_days: days(v.spread.max),
            distribution: v.spread.dist,
            correlation: r,
            share: if total_sq > 0.0 {
                r.max(0.0).powi(2) / total_sq
            } else {
                0.0
            },
        })
        .collect();
    sensitivity.sort_by(|a, b| {
        b.share
            .total_cmp(&a.share)
            .then(b.correlation.total_cmp(&a.correlation))
    });
    let fin = &acc.hists[0];
    let histogram = fin
        .counts
        .iter()
        .enumerate()
        .map(|(i, &c)| Bin {
            date: sched.date(fin.lo + i as i64),
            trials: c,
        })
        .collect();
    let tpd = crate::plan::span::TICKS_PER_DAY as f64;
    let mean = acc.sy as f64 / trials as f64;
    let var = if acc.trials > 1 {
        vy as f64 / (nn * (nn - 1)) as f64
    } else {
        0.0
    };
    Ok(Report {
        finish_mean_days: mean / tpd,
        finish_sd_days: var.max(0.0).sqrt() / tpd,
        title: plan.title.clone(),
        file: v.name.to_string(),
        as_of: v.as_of,
        trials: acc.trials,
        seed: opts.seed,
        varying_tasks: sim.varying.len(),
        rows,
        criticality,
        sensitivity,
        histogram,
    })
}
