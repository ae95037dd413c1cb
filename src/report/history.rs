//! `roadmap history`: the plan's progress over time, rebuilt from its git
//! history. Each commit that touched the plan's files is loaded, resolved,
//! scheduled as of its own date and checked; the answer is one point per
//! revision (scope, done, in progress, each milestone's forecast), the
//! scope added and removed between revisions, and a forecast from the
//! team's own pace (weekly throughput, resampled).
//!
//! Files are read through one `git cat-file --batch` process for the whole
//! walk, and a file parsed at one revision is reused at the next while its
//! blob is the same ([`ParseCache`]), so a walk costs what changed.

use crate::plan::git::{Bound, History, HistoryError};
use crate::plan::load::{self, Budget, ParseCache};
use crate::plan::model::{NodeRef, Status};
use crate::project::{Project, check_workspace_quietly};
use crate::report::Filter;
use crate::report::status::{self, GroupBy};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::path::Path;

/// Per-group counts at each revision (`--by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// One count per stream.
    Stream,
    /// One count per milestone the items count toward.
    Milestone,
}

/// What `history` walks and how it forecasts.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The oldest revision: a date or a revision (included).
    pub since: Option<Bound>,
    /// The newest revision: a date or a revision (included).
    pub until: Option<Bound>,
    /// Per-group counts at each revision.
    pub by: Option<By>,
    /// The seed of the throughput forecast's generator.
    pub seed: u64,
    /// Trials of the throughput forecast.
    pub trials: usize,
}

/// The seed used when none is given: the same answer on every run.
pub const DEFAULT_SEED: u64 = 18;
/// Trials of the throughput forecast when none is given.
pub const DEFAULT_TRIALS: usize = 10_000;
/// The throughput forecast looks this many weeks ahead at most.
pub const MAX_FORECAST_WEEKS: u32 = 520;

/// One group's counts at one revision.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GroupPoint {
    /// The stream's or milestone's id (empty: items in none).
    pub key: String,
    /// Items in scope (not cancelled).
    pub scope: usize,
    /// Items done.
    pub done: usize,
}

/// One milestone's forecast at one revision.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MilestonePoint {
    /// The milestone's id.
    pub id: String,
    /// When the schedule as of the revision's date reaches it.
    pub forecast: Option<NaiveDate>,
}

/// The plan at one revision.
#[derive(Debug, Clone, Serialize)]
pub struct Point {
    /// The commit's id, abbreviated to 10 characters.
    pub commit: String,
    /// The committer date (the revision is scheduled as of it).
    pub date: NaiveDate,
    /// The author's name.
    pub author: String,
    /// The subject line of the commit message.
    pub subject: String,
    /// Why the plan did not load at this revision; none when it did. A
    /// revision with a gap counts nothing: its numbers are 0 and it has no
    /// milestones (the CSV leaves them empty).
    pub gap: Option<String>,
    /// Items in scope: every item that is not cancelled.
    pub scope: usize,
    /// Items done.
    pub done: usize,
    /// Items in progress.
    pub in_progress: usize,
    /// Items in scope here and not at the last revision that loaded.
    pub added: usize,
    /// Items in scope at the last revision that loaded and not here.
    pub removed: usize,
    /// Items done here that were not done at the last revision that loaded.
    pub completed: usize,
    /// The schedule's last working day, as of this revision's date.
    pub finish: Option<NaiveDate>,
    /// Each milestone's forecast, in plan order.
    pub milestones: Vec<MilestonePoint>,
    /// Per stream or milestone, with `--by`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupPoint>,
}

/// How one milestone's forecast moved over the history.
#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    /// The milestone's id.
    pub id: String,
    /// Its name at the newest revision that has it.
    pub name: String,
    /// Its forecast at the first revision that has one.
    pub first: Option<NaiveDate>,
    /// Its forecast at the newest revision that has one.
    pub last: Option<NaiveDate>,
    /// Calendar days from `first` to `last` (positive: it slipped).
    pub moved_days: Option<i64>,
    /// Revisions at which the forecast moved later than at the one before.
    pub slips: usize,
}

/// Items done per week, and the dates a resampling of those weeks gives
/// for the items left.
#[derive(Debug, Clone, Serialize)]
pub struct Throughput {
    /// Items done in each calendar week (Monday to Sunday) from the first
    /// revision's week to the last revision's, oldest first.
    pub weekly: Vec<usize>,
    /// Items in scope and not done at the newest revision.
    pub remaining: usize,
    /// The generator's seed (`--seed`).
    pub seed: u64,
    /// How many trials were drawn.
    pub trials: usize,
    /// The date trials count from: the later of today and the newest revision.
    pub from: NaiveDate,
    /// Half the trials finish by this date; none when the history shows no
    /// item done, or when it lies beyond the forecast's horizon.
    pub p50: Option<NaiveDate>,
    /// 85 % of the trials finish by this date.
    pub p85: Option<NaiveDate>,
    /// Why there are no dates, when there are none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Everything `history` reports (also its JSON form).
#[derive(Debug, Clone, Serialize)]
pub struct HistoryReport {
    /// The plan's title at the newest revision that loaded.
    pub title: String,
    /// The plan's path as given.
    pub file: String,
    /// The as-of date of the forecasts beside the history.
    pub today: NaiveDate,
    /// What `groups` count by: `stream`, `milestone`, or none.
    pub by: Option<&'static str>,
    /// One point per revision that changed the plan, oldest first.
    pub revisions: Vec<Point>,
    /// Each milestone's trend, in the newest plan's order, then milestones
    /// since removed.
    pub milestones: Vec<Trend>,
    /// The newest revision's schedule, as of today: its last working day.
    pub schedule_finish: Option<NaiveDate>,
    /// The forecast from the history's own pace.
    pub throughput: Option<Throughput>,
    /// Files parsed over the walk, and files reused from an earlier revision.
    pub files_parsed: usize,
    /// Files reused from an earlier revision unparsed.
    pub files_reused: usize,
}

/// What one loaded revision holds, for comparing it with its neighbours.
/// Items are told apart by a 64-bit hash of their plan and id (FNV-1a):
/// two of a plan's ids sharing one is a chance of about one in 10^9 at
/// 100,000 items, and a revision's sets are built with no copy of its ids.
/// Each set is a sorted list without repeats, so that two revisions are
/// compared in one merge, with no hashing.
struct Sets {
    scope: Vec<u64>,
    done: Vec<u64>,
}

impl Sets {
    /// Sort and drop repeats: the lists become sets.
    fn settle(&mut self) {
        for v in [&mut self.scope, &mut self.done] {
            v.sort_unstable();
            v.dedup();
        }
    }
}

/// How many of `a` are not in `b` (both sorted, without repeats).
fn count_missing(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() {
        match b.get(j) {
            Some(&y) if y < a[i] => j += 1,
            Some(&y) if y == a[i] => {
                i += 1;
                j += 1;
            }
            _ => {
                n += 1;
                i += 1;
            }
        }
    }
    n
}

fn id_hash(plan: &str, several: bool, id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    if several {
        eat(plan.as_bytes());
        eat(&[0]);
    }
    eat(id.as_bytes());
    h
}

/// The numbers of one revision that loaded.
fn measure(project: &Project, by: Option<By>) -> (Point, Sets, Vec<(String, String)>) {
    let items = project.views().map(|v| v.plan.tasks.len()).sum::<usize>();
    let mut sets = Sets {
        scope: Vec::with_capacity(items),
        done: Vec::with_capacity(items),
    };
    let mut point = Point {
        commit: String::new(),
        date: project.as_of,
        author: String::new(),
        subject: String::new(),
        gap: None,
        scope: 0,
        done: 0,
        in_progress: 0,
        added: 0,
        removed: 0,
        completed: 0,
        finish: None,
        milestones: Vec::new(),
        groups: Vec::new(),
    };
    let mut names = Vec::new();
    let several = project.plans.len() > 1;
    for v in project.views() {
        let plan = v.plan;
        let key = |id: &str| {
            if several {
                format!("{}#{id}", v.name)
            } else {
                id.to_string()
            }
        };
        for i in plan.items() {
            let st = plan.status(i);
            if st == Status::Cancelled {
                continue;
            }
            let id = id_hash(v.name, several, &plan.tasks[i].id);
            point.scope += 1;
            match st {
                Status::Done => {
                    point.done += 1;
                    sets.done.push(id);
                }
                Status::InProgress => point.in_progress += 1,
                _ => {}
            }
            sets.scope.push(id);
        }
        let finish = v
            .schedule
            .filter(|_| plan.start.is_some())
            .and_then(|s| s.finish_told());
        point.finish = point.finish.max(finish);
        for (mi, m) in plan.milestones.iter().enumerate() {
            let forecast = match (v.schedule, plan.start.is_some()) {
                (Some(s), true) => s
                    .times_of(v.graph, NodeRef::Milestone(mi))
                    .ok()
                    .and_then(|t| s.finish_date(&t)),
                _ => None,
            };
            point.milestones.push(MilestonePoint {
                id: key(&m.id),
                forecast,
            });
            names.push((key(&m.id), m.name.clone()));
        }
        if let Some(by) = by {
            let g = match by {
                By::Stream => GroupBy::Stream,
                By::Milestone => GroupBy::Milestone,
            };
            for row in status::status(&v, g, &Filter::default()).groups {
                point.groups.push(GroupPoint {
                    key: if row.key.is_empty() {
                        String::new()
                    } else {
                        key(&row.key)
                    },
                    scope: row.counts.total - row.counts.cancelled,
                    done: row.counts.done,
                });
            }
        }
    }
    sets.settle();
    (point, sets, names)
}

/// The first error that stops a report, as `file:line:column: message`,
/// and how many there are.
fn blocking_reason(project: &Project) -> Option<String> {
    let first = project.blocking().next()?;
    let count = project.blocking().count();
    let file = project.sources.display(first.loc.file);
    let more = match count {
        1 => String::new(),
        n => format!(
            " (and {} more error{})",
            n - 1,
            if n == 2 { "" } else { "s" }
        ),
    };
    Some(format!(
        "{file}:{}:{}: {}{more}",
        first.loc.line, first.loc.column, first.message
    ))
}

/// What a worker makes of one revision that loaded: its point, what it
/// holds, its milestones' names, its title, and (for the newest) the
/// schedule's finish as of today.
struct Measured {
    point: Point,
    sets: Option<Sets>,
    names: Vec<(String, String)>,
    title: Option<String>,
    finish_today: Option<NaiveDate>,
}

/// Resolve, schedule and check one revision as of `date`, and measure it.
fn process(
    ws: load::Workspace,
    date: NaiveDate,
    today: Option<NaiveDate>,
    by: Option<By>,
) -> Measured {
    let project = check_workspace_quietly(ws, date);
    let measured = match blocking_reason(&project) {
        Some(why) => Measured {
            point: gap_point(date, why),
            sets: None,
            names: Vec::new(),
            title: None,
            finish_today: None,
        },
        None => {
            let (point, sets, names) = measure(&project, by);
            // The newest revision is also scheduled as of today.
            let finish_today = today.and_then(|today| {
                project
                    .views()
                    .filter_map(|v| {
                        crate::schedule::schedule(v.plan, v.graph, Some(today))
                            .and_then(|s| s.finish_told())
                    })
                    .max()
            });
            Measured {
                point,
                sets: Some(sets),
                names,
                title: project
                    .plans
                    .iter()
                    .find_map(|p| p.plan.as_ref())
                    .map(|p| p.title.clone()),
                finish_today,
            }
        }
    };
    project.drop_in_background();
    measured
}

/// One revision walked, newest first.
struct Entry {
    commit: crate::plan::git::Commit,
    /// A commit that changed no plan file: left out.
    dropped: bool,
    /// Its answer, once known.
    done: Option<Measured>,
}

/// Folds the revisions, in walk order (newest first), into points:
/// added, removed and completed against the next older revision that
/// loaded, which is met next; names in the newest plan's order.
#[derive(Default)]
struct Fold {
    /// Points, newest first.
    points: Vec<Point>,
    /// The newest point that loaded and still waits for its older neighbour.
    waiting: Option<(usize, Sets)>,
    names: Vec<(String, String)>,
    title: Option<String>,
    finish_today: Option<NaiveDate>,
}

impl Fold {
    fn push(&mut self, e: Entry) {
        let Some(m) = e.done else { return };
        if e.dropped {
            // The same plan as the older revision kept in its place.
            if self.points.is_empty() {
                self.finish_today = self.finish_today.or(m.finish_today);
            }
            return;
        }
        let mut point = m.point;
        point.commit = e.commit.id.chars().take(10).collect();
        point.author = e.commit.author;
        point.subject = e.commit.subject;
        if self.title.is_none() {
            self.title = m.title;
        }
        if self.points.is_empty() {
            self.finish_today = self.finish_today.or(m.finish_today);
        }
        for (id, name) in m.names {
            if !self.names.iter().any(|(i, _)| *i == id) {
                self.names.push((id, name));
            }
        }
        if let Some(older) = m.sets {
            if let Some((i, newer)) = self.waiting.take() {
                let p = &mut self.points[i];
                p.added = count_missing(&newer.scope, &older.scope);
                p.removed = count_missing(&older.scope, &newer.scope);
                p.completed = count_missing(&newer.done, &older.done);
            }
            self.waiting = Some((self.points.len(), older));
        }
        self.points.push(point);
    }
}

/// The plan at `path` over its git history, as of `today` for the
/// forecasts; `progress` is told (revisions done, revisions in all) as the
/// walk goes. Files are read and parsed on this thread, one revision after
/// another; revisions are resolved, scheduled and measured on as many
/// threads as there are cores.
pub fn history(
    path: &Path,
    opts: &Options,
    today: NaiveDate,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<HistoryReport, HistoryError> {
    use std::sync::{Mutex, mpsc};
    let hist = History::open(path, opts.since.as_ref(), opts.until.as_ref())?;
    let total = hist.len();
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);
    let workers = if total < 8 { 0 } else { workers };
    let mut cache = ParseCache::default();
    let mut entries: Vec<Entry> = Vec::new();
    let mut fold = Fold::default();
    let mut folded = 0;
    let by = opts.by;
    type Job = (usize, load::Workspace, NaiveDate, Option<NaiveDate>);
    let (job_tx, job_rx) = mpsc::sync_channel::<Job>(workers * 2 + 1);
    let (done_tx, done_rx) = mpsc::channel::<(usize, Measured)>();
    let job_rx = Mutex::new(job_rx);
    let job_rx = &job_rx;
    let walked = std::thread::scope(|scope| -> Result<(), HistoryError> {
        for _ in 0..workers {
            let done_tx = done_tx.clone();
            scope.spawn(move || {
                loop {
                    let job = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok((i, ws, date, today)) = job else {
                        return;
                    };
                    if done_tx.send((i, process(ws, date, today, by))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        // Fold every entry whose answer is in and whose `dropped` is final
        // (it is once the walk is past the next, older revision).
        let mut fold_ready = |entries: &mut Vec<Entry>, upto: usize| {
            while folded < upto && entries[folded].done.is_some() {
                let e = Entry {
                    commit: entries[folded].commit.clone(),
                    dropped: entries[folded].dropped,
                    done: entries[folded].done.take(),
                };
                fold.push(e);
                folded += 1;
            }
        };
        let mut last_files: Option<Vec<(std::path::PathBuf, String)>> = None;
        let mut first_job = true;
        let mut failed = None;
        hist.walk(|rev| {
            progress(entries.len() + 1, total);
            let c = rev.commit;
            let ws = load::load_cached(
                Box::new(rev.files),
                std::slice::from_ref(&rev.base),
                &Budget::default(),
                &mut cache,
            );
            let mut files = std::mem::take(&mut cache.last_read);
            files.sort();
            cache.keep_used();
            // The same files as the newer revision: that one changed no
            // plan file (another YAML file in the folder); the older stays.
            if ws.is_ok()
                && last_files.as_ref() == Some(&files)
                && let Some(newer) = entries.last_mut()
            {
                newer.dropped = true;
            }
            last_files = ws.is_ok().then_some(files);
            let index = entries.len();
            entries.push(Entry {
                commit: c.clone(),
                dropped: false,
                done: None,
            });
            match ws {
                Err(e) => {
                    entries[index].done = Some(Measured {
                        point: gap_point(c.date, e.to_string()),
                        sets: None,
                        names: Vec::new(),
                        title: None,
                        finish_today: None,
                    });
                }
                Ok(ws) => {
                    let now = first_job.then_some(today);
                    first_job = false;
                    if workers == 0 {
                        entries[index].done = Some(process(ws, c.date, now, by));
                    } else if job_tx.send((index, ws, c.date, now)).is_err() {
                        failed = Some(());
                        return false;
                    }
                }
            }
            while let Ok((i, m)) = done_rx.try_recv() {
                entries[i].done = Some(m);
            }
            fold_ready(&mut entries, index);
            true
        })?;
        drop(job_tx);
        for (i, m) in done_rx.iter() {
            entries[i].done = Some(m);
        }
        let n = entries.len();
        fold_ready(&mut entries, n);
        if failed.is_some() {
            return Err(HistoryError::Git(crate::plan::git::GitError::Git {
                message: "a worker thread stopped".into(),
            }));
        }
        Ok(())
    });
    walked?;
    let mut revisions = fold.points;
    revisions.reverse();
    let milestones = trends(&revisions, &fold.names);
    let throughput = throughput(&revisions, today, opts);
    Ok(HistoryReport {
        title: fold.title.unwrap_or_default(),
        file: crate::source::display_path(path),
        today,
        by: opts.by.map(|b| match b {
            By::Stream => "stream",
            By::Milestone => "milestone",
        }),
        revisions,
        milestones,
        schedule_finish: fold.finish_today,
        throughput,
        files_parsed: cache.parsed,
        files_reused: cache.reused,
    })
}

fn gap_point(date: NaiveDate, why: String) -> Point {
    Point {
        commit: String::new(),
        date,
        author: String::new(),
        subject: String::new(),
        gap: Some(why),
        scope: 0,
        done: 0,
        in_progress: 0,
        added: 0,
        removed: 0,
        completed: 0,
        finish: None,
        milestones: Vec::new(),
        groups: Vec::new(),
    }
}

/// Each milestone's trend over the revisions, newest plan's order first
/// (`names` is in the order first met walking back from the newest).
fn trends(revisions: &[Point], names: &[(String, String)]) -> Vec<Trend> {
    names
        .iter()
        .map(|(id, name)| {
            let dates: Vec<Option<NaiveDate>> = revisions
                .iter()
                .filter(|p| p.gap.is_none())
                .filter_map(|p| p.milestones.iter().find(|m| m.id == *id))
                .map(|m| m.forecast)
                .collect();
            let known: Vec<NaiveDate> = dates.iter().flatten().copied().collect();
            let (first, last) = (known.first().copied(), known.last().copied());
            let slips = known.windows(2).filter(|w| w[1] > w[0]).count();
            Trend {
                id: id.clone(),
                name: name.clone(),
                first,
                last,
                moved_days: first.zip(last).map(|(a, b)| (b - a).num_days()),
                slips,
            }
        })
        .collect()
}

/// The Monday of `d`'s week.
fn monday(d: NaiveDate) -> NaiveDate {
    d - chrono::Days::new(u64::from(d.weekday().num_days_from_monday()))
}

/// Weekly throughput from the revisions, and the resampled forecast.
fn throughput(revisions: &[Point], today: NaiveDate, opts: &Options) -> Option<Throughput> {
    let loaded: Vec<&Point> = revisions.iter().filter(|p| p.gap.is_none()).collect();
    let (first, last) = (loaded.first()?, loaded.last()?);
    let start = monday(first.date);
    let weeks = ((monday(last.date) - start).num_days() / 7 + 1).max(1) as usize;
    let mut weekly = vec![0usize; weeks];
    // The first revision's done items were done before the history began.
    for p in loaded.iter().skip(1) {
        let w = ((monday(p.date) - start).num_days() / 7).clamp(0, weeks as i64 - 1) as usize;
        weekly[w] += p.completed;
    }
    let remaining = last.scope - last.done;
    let from = today.max(last.date);
    let trials = opts.trials.max(1);
    let (p50, p85, note) = if remaining == 0 {
        (Some(from), Some(from), None)
    } else if weekly.iter().all(|&n| n == 0) {
        (
            None,
            None,
            Some("no item was done in the weeks walked: no pace to forecast from".to_string()),
        )
    } else {
        let needed = monte_carlo(&weekly, remaining, opts.seed, trials);
        let at = |q: f64| {
            let i = ((trials as f64 * q).ceil() as usize).clamp(1, trials) - 1;
            needed[i].map(|w| from + chrono::Days::new(7 * u64::from(w)))
        };
        let (p50, p85) = (at(0.50), at(0.85));
        let note = p85.is_none().then(|| {
            format!("at this pace, the items left take more than {MAX_FORECAST_WEEKS} weeks")
        });
        (p50, p85, note)
    };
    Some(Throughput {
        weekly,
        remaining,
        seed: opts.seed,
        trials,
        from,
        p50,
        p85,
        note,
    })
}

/// Per trial, the weeks it takes to finish `remaining` items drawing each
/// week's throughput from `weekly`, fewest first (none: beyond
/// [`MAX_FORECAST_WEEKS`], and last).
fn monte_carlo(weekly: &[usize], remaining: usize, seed: u64, trials: usize) -> Vec<Option<u32>> {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_pcg::Pcg64::seed_from_u64(seed);
    let mut out: Vec<u32> = Vec::with_capacity(trials);
    for _ in 0..trials {
        let mut done = 0usize;
        let mut weeks = 0u32;
        while done < remaining && weeks <= MAX_FORECAST_WEEKS {
            done += weekly[rng.random_range(0..weekly.len())];
            weeks += 1;
        }
        out.push(weeks);
    }
    out.sort_unstable();
    out.into_iter()
        .map(|w| (w <= MAX_FORECAST_WEEKS).then_some(w))
        .collect::<Vec<_>>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_weeks_needed_follow_the_throughput() {
        // Every week does 2: 5 items take 3 weeks in every trial.
        let w = monte_carlo(&[2, 2], 5, 1, 100);
        assert!(w.iter().all(|&x| x == Some(3)));
        // Half the weeks do nothing: one item takes 1 week half the time.
        let w = monte_carlo(&[0, 1], 1, 1, 10_000);
        let one = w.iter().filter(|&&x| x == Some(1)).count();
        assert!((4_500..5_500).contains(&one), "{one}");
        assert!(
            w.windows(2).all(|p| p[0] <= p[1] || p[1].is_none()),
            "sorted, beyond last"
        );
        // Nothing done: never, within the horizon.
        let w = monte_carlo(&[0], 1, 1, 10);
        assert!(w.iter().all(Option::is_none));
        // The same seed, the same draws.
        assert_eq!(
            monte_carlo(&[0, 1, 3], 20, 9, 500),
            monte_carlo(&[0, 1, 3], 20, 9, 500)
        );
    }

    #[test]
    fn missing_counts_what_one_sorted_set_has_and_the_other_lacks() {
        assert_eq!(count_missing(&[1, 3, 5, 7], &[2, 3, 7, 9]), 2);
        assert_eq!(count_missing(&[2, 3, 7, 9], &[1, 3, 5, 7]), 2);
        assert_eq!(count_missing(&[], &[1]), 0);
        assert_eq!(count_missing(&[1, 2], &[]), 2);
        assert_eq!(count_missing(&[4], &[1, 2, 3]), 1);
        // Against HashSet::difference on sets drawn from a small range.
        let mut x: u64 = 7;
        let mut draw = |n: usize| {
            let mut v: Vec<u64> = (0..n)
                .map(|_| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    (x >> 60) % 13
                })
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        for n in 0..40 {
            let (a, b) = (draw(n % 9), draw(n % 7));
            let (ha, hb): (
                std::collections::HashSet<u64>,
                std::collections::HashSet<u64>,
            ) = (a.iter().copied().collect(), b.iter().copied().collect());
            assert_eq!(
                count_missing(&a, &b),
                ha.difference(&hb).count(),
                "{a:?} {b:?}"
            );
        }
    }

    #[test]
    fn weeks_start_on_monday() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(monday(d("2026-03-08")), d("2026-03-02"));
        assert_eq!(monday(d("2026-03-02")), d("2026-03-02"));
    }
}
