//! The critical path method over the plan's DAG, in working days.
//!
//! Times are working-day indices from the plan's first working day (day 0).
//! A task with duration d that starts at ES finishes at EF = ES + d (EF is
//! exclusive: the task's last working day is EF − 1). One topological pass
//! forward gives earliest times, one backward gives latest times; both are
//! loops over a precomputed order, so a 100,000-task chain needs no deep stack.
//!
//! Latest finish is bounded by the tightest deadline downstream (a task's
//! `due`, its bucket's end, a milestone's `deadline`, the plan's `deadline`),
//! so total slack goes negative where a deadline cannot be met. Which tasks are
//! *critical* is decided against the plan's own finish, without deadlines:
//! the critical tasks are those that set the finish date.

use crate::plan::graph::PlanGraph;
use crate::plan::model::{NodeRef, Plan, Stated, Status};
use crate::plan::span::{Span, TICKS_PER_DAY};
use crate::plan::time::Calendar;
use chrono::NaiveDate;
use petgraph::Direction;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

/// Why a task has no schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unscheduled {
    /// No duration, and no start and end to take one from.
    NoDuration,
    /// Something it depends on has no schedule.
    AfterUnscheduled,
}

/// Computed times of one task or milestone, in working-day indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Times {
    /// Duration in working days (0 for a milestone).
    pub duration: i64,
    /// Earliest start (working-day index, inclusive).
    pub es: i64,
    /// Earliest finish (working-day index, exclusive).
    pub ef: i64,
    /// Latest start (working-day index, inclusive), bounded by deadlines.
    pub ls: i64,
    /// Latest finish (working-day index, exclusive), bounded by deadlines.
    pub lf: i64,
    /// LS − ES against deadlines: negative where a deadline cannot be met.
    pub total_slack: i64,
    /// How far it can slip without delaying any successor's earliest start.
    pub free_slack: i64,
    /// On a chain that sets the plan's finish date.
    pub critical: bool,
}

/// The deadline that bounds a task's latest finish most tightly.
#[derive(Debug, Clone)]
pub struct Deadline {
    /// The task or milestone whose deadline it is.
    pub owner: Option<NodeRef>,
    /// What set it: "due", "deadline", "bucket q2", "plan deadline".
    pub source: std::sync::Arc<str>,
    /// The deadline's calendar date (its last day).
    pub date: NaiveDate,
    /// Exclusive working-day index: finish must be <= this.
    pub limit: i64,
    /// Where the deadline is written.
    pub loc: crate::source::Loc,
}

/// A deadline that the computed schedule misses.
#[derive(Debug, Clone)]
pub struct MissedDeadline {
    /// The task or milestone that misses it.
    pub node: NodeRef,
    /// The deadline it misses.
    pub deadline: Deadline,
    /// Working days late.
    pub days_late: i64,
}

/// The critical-path schedule of one plan: times per graph node, as of a date.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// Working day 0.
    pub day0: NaiveDate,
    /// Per graph node: its times, or why it has none.
    pub times: Vec<Result<Times, Unscheduled>>,
    /// Finish of the whole plan (exclusive index), over scheduled nodes.
    pub finish: i64,
    /// Scheduled nodes in topological order.
    pub order: Vec<NodeIndex>,
    /// Each task or milestone that misses one of its own deadlines.
    pub missed: Vec<MissedDeadline>,
    /// Per graph node, its own deadline (due date, bucket end or milestone
    /// deadline; the plan's deadline bounds every node besides).
    pub deadlines: Vec<Option<Deadline>>,
    calendar: Calendar,
    /// The date of each working day from day 0 to the finish: reports ask
    /// for four dates a task.
    days: Vec<NaiveDate>,
    /// Per graph node, its start and finish in ticks (1/100 working day;
    /// see [`crate::plan::span`]); meaningful where `times` is `Ok`.
    pub ticks: Vec<(i64, i64)>,
    /// Per graph node, why it starts when it does.
    pub why: Vec<Why>,
    /// The as-of date this schedule forecasts from; `None` for the plan as
    /// written.
    pub as_of: Option<NaiveDate>,
    /// The plan as written (from its start, ignoring today), when this is a
    /// forecast.
    pub baseline: Option<Box<Schedule>>,
    /// Per graph node, what sets its latest finish against deadlines (see
    /// [`Schedule::binding_deadline`]).
    bound: Vec<Bound>,
}

/// What sets a node's latest finish against deadlines, from the backward pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    /// The plan's finish: no deadline is tighter.
    Finish,
    /// Its own deadline.
    Own,
    /// The plan's deadline.
    Plan,
    /// What this successor allows.
    Next(NodeIndex),
}

/// The deadline behind a node's latest finish (and so its slack).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binding {
    /// The own deadline of this node ([`Schedule::deadlines`]): the node
    /// itself or one downstream of it.
    Node(NodeIndex),
    /// The plan's `deadline`.
    Plan,
}

/// Longest schedule whose working days get a table of dates (about 400
/// years); past it, dates are counted on the calendar each time.
const MAX_DAY_TABLE: i64 = 100_000;

impl Schedule {
    /// The date of working day `idx` (day 0 is the plan's first working day).
    pub fn date(&self, idx: i64) -> Option<NaiveDate> {
        match usize::try_from(idx).ok().and_then(|i| self.days.get(i)) {
            Some(d) => Some(*d),
            None => day_date(&self.calendar, self.day0, idx),
        }
    }

    /// First working day of a task starting at `es`. A zero-length task (a
    /// milestone) sits at the end of the working day before it: it is
    /// reached when its predecessors finish, and shows that day.
    pub fn start_date(&self, t: &Times) -> Option<NaiveDate> {
        self.date(self.first_day(t.es, t.ef))
    }

    /// Last working day of a task finishing at `ef`.
    pub fn finish_date(&self, t: &Times) -> Option<NaiveDate> {
        self.date(self.last_day(t.es, t.ef))
    }

    /// Latest start and finish, as days in the same way.
    pub fn latest_dates(&self, t: &Times) -> (Option<NaiveDate>, Option<NaiveDate>) {
        (
            self.date(self.first_day(t.ls, t.lf)),
            self.date(self.last_day(t.ls, t.lf)),
        )
    }

    fn first_day(&self, s: i64, f: i64) -> i64 {
        if f > s { s } else { (s - 1).max(0) }
    }

    fn last_day(&self, s: i64, f: i64) -> i64 {
        if f > s { f - 1 } else { (s - 1).max(0) }
    }

    /// The times of task or milestone `n`, or why it has none.
    pub fn times_of(&self, g: &PlanGraph, n: NodeRef) -> Result<Times, Unscheduled> {
        self.times[g.index[&n].index()]
    }

    /// The plan's length in working days (0 when nothing is scheduled).
    pub fn length(&self) -> i64 {
        self.finish
    }

    /// The plan as written: the baseline of a forecast, else this schedule.
    pub fn baseline(&self) -> &Schedule {
        self.baseline.as_deref().unwrap_or(self)
    }

    /// The plan's last working day (the day before the exclusive finish).
    pub fn finish_day(&self) -> Option<NaiveDate> {
        self.date((self.finish - 1).max(0))
    }

    /// The plan's finish as a date people are told: its last working day,
    /// or none when nothing in it takes time (no task has a duration or
    /// dates), where the "finish" would only be the plan's start.
    pub fn finish_told(&self) -> Option<NaiveDate> {
        (self.finish > 0).then(|| self.finish_day()).flatten()
    }
}

fn day_date(cal: &Calendar, day0: NaiveDate, idx: i64) -> Option<NaiveDate> {
    if idx >= 0 {
        return cal.add_workdays(day0, idx);
    }
    let mut d = day0;
    let mut left = -idx;
    let mut guard = 0u64;
    while left > 0 {
        // Far back (a deadline missed by centuries): jump whole weeks, which
        // hold fewer working days than are left, then count them.
        let weeks = left / 7 - 1;
        if weeks > 0 {
            let target = d.checked_sub_days(chrono::Days::new(7 * weeks as u64))?;
            left -= cal.workdays_between(target, d.pred_opt()?);
            d = target;
            continue;
        }
        d = d.pred_opt()?;
        if cal.is_workday(d) {
            left -= 1;
        }
        guard += 1;
        if guard > 10_000_000 {
            return None;
        }
    }
    Some(d)
}

/// Working-day index of the first working day on or after `d`.
fn index_from(cal: &Calendar, day0: NaiveDate, d: NaiveDate) -> Option<i64> {
    let d = cal.first_workday_from(d)?;
    Some(if d >= day0 {
        cal.workdays_between(day0, d) - 1
    } else {
        -cal.workdays_between(d, day0.pred_opt()?)
    })
}

/// Exclusive index bound for "finish by the end of `d`".
fn limit_at(cal: &Calendar, day0: NaiveDate, d: NaiveDate) -> Option<i64> {
    let last = cal.last_workday_until(d)?;
    Some(if last >= day0 {
        cal.workdays_between(day0, last)
    } else {
        -cal.workdays_between(last.succ_opt()?, day0.pred_opt()?)
    })
}

/// The duration of a task or milestone: `duration`, else its stated start and
/// end; a milestone without either takes no time; a group has none of its own.
pub fn node_duration(plan: &Plan, n: NodeRef) -> Option<i64> {
    if let Some(d) = plan.node_duration(n) {
        return Some(d.value as i64);
    }
    match n {
        // A milestone is a point unless it says how long it takes; its
        // `date` is when it is planned, not a length.
        NodeRef::Milestone(_) => Some(0),
        NodeRef::Task(t) if !plan.tasks[t].is_item() => Some(0),
        NodeRef::Task(_) => match plan.node_dates(n) {
            (Some(s), Some(e)) => Some(
                plan.calendar
                    .workdays_between(s.period.first, e.period.last)
                    .max(0),
            ),
            _ => None,
        },
    }
}

/// A task's or milestone's own deadline: its `due` (else its bucket's end) or
/// its `deadline`. The plan's deadline is applied separately, so that a
/// tighter plan deadline does not hide a missed due date.
/// `bucket_ends` holds each bucket's end as a deadline, computed once.
fn own_deadline(
    plan: &Plan,
    day0: NaiveDate,
    n: NodeRef,
    bucket_ends: &[Option<Deadline>],
) -> Option<Deadline> {
    let cal = &plan.calendar;
    let mut cands: Vec<(&'static str, &Stated, Option<NodeRef>)> = Vec::new();
    match n {
        NodeRef::Task(t) => {
            let task = &plan.tasks[t];
            if let Some(d) = &task.due {
                cands.push(("its due date", d, Some(n)));
            } else if let Some(b) = task.bucket {
                return bucket_ends[b].clone().map(|d| Deadline {
                    owner: Some(n),
                    ..d
                });
            }
        }
        NodeRef::Milestone(m) => {
            if let Some(d) = &plan.milestones[m].deadline {
                cands.push(("its deadline", d, Some(n)));
            }
        }
    }
    cands
        .into_iter()
        .filter_map(|(source, s, owner)| {
            let limit = limit_at(cal, day0, s.period.last)?;
            Some(Deadline {
                owner,
                source: source.into(),
                date: cal.last_workday_until(s.period.last)?,
                limit,
                loc: s.loc,
            })
        })
        .min_by_key(|d| d.limit)
}

/// The exact length of a task or milestone: `duration` as written, else its
/// stated start and end; a milestone without either takes no time; a group
/// has none of its own.
pub fn node_span(plan: &Plan, n: NodeRef) -> Option<Span> {
    let own = match n {
        NodeRef::Task(t) => plan.tasks[t].span.as_ref(),
        NodeRef::Milestone(m) => plan.milestones[m].span.as_ref(),
    };
    if let Some(s) = own {
        return Some(s.value);
    }
    node_duration(plan, n).map(|d| Span::Work(d * T))
}

/// Ticks in a working day (see [`crate::plan::span`]).
const T: i64 = TICKS_PER_DAY;

/// Working days touched by the ticks `es..ef`: the first day, and the day
/// after the last.
fn day_range(es: i64, ef: i64) -> (i64, i64) {
    (es.div_euclid(T), -((-ef).div_euclid(T)))
}

/// Places on the calendar as ticks, and back.
struct Clock<'a> {
    cal: &'a Calendar,
    day0: NaiveDate,
}

impl Clock<'_> {
    fn date(&self, k: i64) -> Option<NaiveDate> {
        day_date(self.cal, self.day0, k)
    }

    /// The tick at which a working day that starts on or after `d` begins.
    fn start_of(&self, d: NaiveDate) -> Option<i64> {
        Some(index_from(self.cal, self.day0, d)? * T)
    }

    /// The tick at which the last working day on or before `d` ends.
    fn end_of(&self, d: NaiveDate) -> Option<i64> {
        Some(limit_at(self.cal, self.day0, d)? * T)
    }

    /// `t` moved by `span`. `t` is read as a finish (the end of the working
    /// day before) when `from_end`, else as a start, for calendar time.
    fn add(&self, t: i64, span: Span, from_end: bool) -> i64 {
        match span {
            Span::Work(x) => t.saturating_add(x),
            Span::Calendar(0) => t,
            Span::Calendar(n) => {
                let (k, f) = (t.div_euclid(T), t.rem_euclid(T));
                let moment = if from_end && f == 0 {
                    self.date(k - 1).and_then(|d| d.succ_opt())
                } else {
                    self.date(k)
                };
                let moved = moment.and_then(|d| {
                    if n >= 0 {
                        d.checked_add_days(chrono::Days::new(n as u64))
                    } else {
                        d.checked_sub_days(chrono::Days::new(n.unsigned_abs()))
                    }
                });
                let Some(d) = moved else {
                    return if n > 0 { i64::MAX / 4 } else { i64::MIN / 4 };
                };
                let base = self.start_of(d).unwrap_or(t);
                if self.cal.is_workday(d) {
                    base + if from_end && f == 0 { 0 } else { f }
                } else {
                    base
                }
            }
        }
    }
}

/// The constraint that sets a start no earlier than.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Floor {
    /// Nothing: the plan's first working day.
    PlanStart,
    /// The as-of date: work not started starts no earlier than today.
    Today,
    /// A stated `start` on work not done.
    Start,
    /// `not_before`.
    NotBefore,
    /// The start of its bucket, which holds work back.
    Bucket(usize),
    /// A milestone's `date` (or `start`).
    Date,
    /// Levelling: it waits for a resource (by index into
    /// [`Plan::resources`]; `usize::MAX` when unknown) that `holder` is busy
    /// with (a node index out of range: the resource's day off).
    Resource {
        /// The resource it waits for.
        resource: usize,
        /// The task the resource is busy on until this one starts.
        holder: NodeIndex,
    },
}

/// Why a node starts when it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// A constraint (or the plan start, or today).
    Floor(Floor),
    /// A dependency: this edge of the graph.
    Link(petgraph::graph::EdgeIndex),
    /// Done or under way: at its actual dates.
    Actual,
    /// Done or cancelled without actual dates: where the plan put it.
    Planned,
    /// As late as possible before what it precedes.
    Late,
}

/// How the as-of date places one node.
enum Place {
    /// Scheduled from its dependencies, no earlier than `floor`.
    Free { dur: Span, floor: (i64, Floor) },
    /// Where it is: done, under way, or recorded.
    Fixed { es: i64, ef: i64, why: Why },
    /// Without a length.
    NoDuration,
}

/// Compute the schedule as of `today`, with the plan as written (from its
/// start, ignoring today) as its [`Schedule::baseline`]. Without `today`, the
/// plan as written only. Returns `None` if the graph has a cycle (`check`
/// reports it).
pub fn schedule(plan: &Plan, g: &PlanGraph, today: Option<NaiveDate>) -> Option<Schedule> {
    Engine::new(plan, g)?.schedule(today, &Adjust::default())
}

/// The scheduler prepared once for one plan: the graph's topological order
/// and what each node brings (length, constraints, status, deadline), read
/// from the plan once. [`schedule`] runs it once; a forecast runs it once per
/// trial and levelling once per round, each with its own [`Adjust`], so that
/// every run places work by the same rules (one scheduler, not two).
pub struct Engine<'a> {
    plan: &'a Plan,
    g: &'a PlanGraph,
    order: Vec<NodeIndex>,
    prep: Vec<Prep>,
}

/// What one run changes in the plan's inputs, per graph node (by
/// `NodeIndex::index()`). An empty vector, or `None` at a node, changes
/// nothing there.
#[derive(Debug, Clone, Default)]
pub struct Adjust {
    /// A length in place of the written one (a forecast trial's sample).
    pub span: Vec<Option<Span>>,
    /// A start no earlier than this tick, for this reason, besides the
    /// node's own constraints (a levelled start). Applies to work not yet
    /// started, as the node's own constraints do.
    pub floor: Vec<Option<(i64, Floor)>>,
    /// Work left in place of the written `remaining` of an item in
    /// progress (a forecast trial's sample of it).
    pub remaining: Vec<Option<Span>>,
}

impl Adjust {
    fn span(&self, i: usize) -> Option<Span> {
        self.span.get(i).copied().flatten()
    }

    fn remaining(&self, i: usize) -> Option<Span> {
        self.remaining.get(i).copied().flatten()
    }

    fn floor(&self, i: usize, own: (i64, Floor)) -> (i64, Floor) {
        match self.floor.get(i).copied().flatten() {
            Some(f) if f.0 > own.0 => f,
            _ => own,
        }
    }
}

impl<'a> Engine<'a> {
    /// Prepare `plan`'s graph `g`. `None` if the graph has a cycle or the
    /// plan's calendar has no working day.
    pub fn new(plan: &'a Plan, g: &'a PlanGraph) -> Option<Engine<'a>> {
        let order = petgraph::algo::toposort(&g.graph, None).ok()?;
        let prep = prepare(plan, g)?;
        Some(Engine {
            plan,
            g,
            order,
            prep,
        })
    }

    /// The plan as written, from its start, ignoring today.
    pub fn as_written(&self, adjust: &Adjust) -> Option<Schedule> {
        compute(
            self.plan,
            self.g,
            &self.order,
            &self.prep,
            None,
            None,
            adjust,
        )
    }

    /// The forecast as of `today`, with `base` (the plan as written) placing
    /// what is done or cancelled without dates of its own. Without a plan
    /// start there are no dates: the plan as written.
    pub fn as_of(&self, today: NaiveDate, base: &Schedule, adjust: &Adjust) -> Option<Schedule> {
        if self.plan.start.is_none() {
            return self.as_written(adjust);
        }
        let mut f = compute(
            self.plan,
            self.g,
            &self.order,
            &self.prep,
            Some(today),
            Some(base),
            adjust,
        )?;
        f.as_of = Some(today);
        Some(f)
    }

    /// What [`schedule`] returns: the forecast as of `today` with the plan
    /// as written as its baseline (both with `adjust`), or the plan as
    /// written alone.
    pub fn schedule(&self, today: Option<NaiveDate>, adjust: &Adjust) -> Option<Schedule> {
        let base = self.as_written(adjust)?;
        // Without a plan start there are no dates, and no today to place.
        match today.filter(|_| self.plan.start.is_some()) {
            None => Some(base),
            Some(day) => {
                let mut f = self.as_of(day, &base, adjust)?;
                f.baseline = Some(Box::new(base));
                Some(f)
            }
        }
    }
}

/// A node's status as the as-of date reads it.
fn node_status(plan: &Plan, n: NodeRef) -> Status {
    match n {
        NodeRef::Task(t) => plan.status(t),
        NodeRef::Milestone(m) => plan.milestones[m]
            .status
            .as_ref()
            .map_or(Status::Todo, |s| s.value),
    }
}

/// The earliest start a node's own constraints allow: `not_before`, a stated
/// start on work not done, and the start of a bucket that waits.
fn floor_of(plan: &Plan, clock: &Clock, n: NodeRef) -> (i64, Floor) {
    let mut floor = (0i64, Floor::PlanStart);
    let mut at_least = |t: Option<i64>, why: Floor| {
        if let Some(t) = t
            && t > floor.0
        {
            floor = (t, why);
        }
    };
    match n {
        NodeRef::Task(t) => {
            let task = &plan.tasks[t];
            if !task.is_item() {
                return floor;
            }
            if let Some(s) = &task.not_before {
                at_least(clock.start_of(s.period.first), Floor::NotBefore);
            }
            if plan.status(t) != Status::Done
                && let Some(s) = &task.start
            {
                at_least(clock.start_of(s.period.first), Floor::Start);
            }
            if let Some(b) = task.bucket
                && plan.buckets[b].waits
                && let Some(s) = &plan.buckets[b].start
            {
                at_least(clock.start_of(s.period.first), Floor::Bucket(b));
            }
        }
        NodeRef::Milestone(m) => {
            let ms = &plan.milestones[m];
            let point = ms.span.as_ref().is_none_or(|s| s.value.is_zero());
            for (s, why) in [
                (ms.not_before.as_deref(), Floor::NotBefore),
                (ms.start.as_ref(), Floor::Date),
            ] {
                let Some(s) = s else { continue };
                // A point in time is reached at the end of its day (the
                // working day before, on a day off); a gate review that
                // takes time starts on it (the next working day).
                at_least(
                    if point {
                        clock.end_of(s.period.first)
                    } else {
                        clock.start_of(s.period.first)
                    },
                    why,
                );
            }
        }
    }
    floor
}

/// Actual dates of a node: `started`, `finished`; for an item that is done,
/// its stated `start` and `end` when it has no actual dates.
fn actuals(plan: &Plan, clock: &Clock, n: NodeRef, done: bool) -> (Option<i64>, Option<i64>) {
    let (started, finished, start, end) = match n {
        NodeRef::Task(t) => {
            let x = &plan.tasks[t];
            (
                x.started.as_deref(),
                x.finished.as_deref(),
                &x.start,
                &x.end,
            )
        }
        NodeRef::Milestone(m) => {
            let x = &plan.milestones[m];
            (
                x.started.as_deref(),
                x.finished.as_deref(),
                &x.start,
                &x.end,
            )
        }
    };
    let s = started
        .as_ref()
        .and_then(|s| clock.start_of(s.period.first));
    let f = finished.as_ref().and_then(|f| clock.end_of(f.period.last));
    if s.is_none()
        && f.is_none()
        && done
        && matches!(n, NodeRef::Task(t) if plan.tasks[t].is_item())
        && let (Some(a), Some(b)) = (start, end)
    {
        return (clock.start_of(a.period.first), clock.end_of(b.period.last));
    }
    (s, f)
}

/// An item that is done, with a stated start and end, in the plan as written.
fn recorded(plan: &Plan, clock: &Clock, n: NodeRef, status: Status) -> Option<(i64, i64)> {
    let NodeRef::Task(t) = n else { return None };
    let task = &plan.tasks[t];
    if status != Status::Done || !task.is_item() {
        return None;
    }
    let (Some(s), Some(e)) = (&task.start, &task.end) else {
        return None;
    };
    Some((
        clock.start_of(s.period.first)?,
        clock.end_of(e.period.last)?,
    ))
}

/// What both schedules need to know of each node, read from the plan once.
struct Prep {
    span: Option<Span>,
    /// The constraint on its start, without today.
    floor: (i64, Floor),
    /// An item's or milestone's status (a group's is not needed).
    status: Status,
    is_item: bool,
    deadline: Option<Deadline>,
}

fn prepare(plan: &Plan, g: &PlanGraph) -> Option<Vec<Prep>> {
    let cal = &plan.calendar;
    let day0 = cal.first_workday_from(plan.origin)?;
    let clock = Clock { cal, day0 };
    let bucket_ends: Vec<Option<Deadline>> = plan
        .buckets
        .iter()
        .map(|b| {
            let end = b.end.as_ref()?;
            Some(Deadline {
                owner: None,
                source: format!("the end of its bucket `{}`", b.id).into(),
                date: cal.last_workday_until(end.period.last)?,
                limit: limit_at(cal, day0, end.period.last)?,
                loc: end.loc,
            })
        })
        .collect();
    Some(
        g.graph
            .node_indices()
            .map(|ix| {
                let node = g.graph[ix];
                let is_item = matches!(node, NodeRef::Task(t) if plan.tasks[t].is_item());
                let group = matches!(node, NodeRef::Task(_)) && !is_item;
                Prep {
                    span: node_span(plan, node),
                    floor: floor_of(plan, &clock, node),
                    status: if group {
                        Status::Todo
                    } else {
                        node_status(plan, node)
                    },
                    is_item,
                    deadline: own_deadline(plan, day0, node, &bucket_ends),
                }
            })
            .collect(),
    )
}

fn compute(
    plan: &Plan,
    g: &PlanGraph,
    order: &[NodeIndex],
    prep: &[Prep],
    today: Option<NaiveDate>,
    base: Option<&Schedule>,
    adjust: &Adjust,
) -> Option<Schedule> {
    let graph = &g.graph;
    let cal = &plan.calendar;
    let day0 = cal.first_workday_from(plan.origin)?;
    let clock = Clock { cal, day0 };
    let today_t = match today {
        Some(d) => Some(clock.start_of(d)?),
        None => None,
    };
    let n = graph.node_count();
    let mut times: Vec<Result<Times, Unscheduled>> = vec![Err(Unscheduled::NoDuration); n];
    let mut ticks: Vec<(i64, i64)> = vec![(0, 0); n];
    let plan_limit = plan
        .deadline
        .as_ref()
        .and_then(|d| limit_at(cal, day0, d.period.last));
    let mut deadlines: Vec<Option<Deadline>> = vec![None; n];
    let base_ticks = |ix: NodeIndex| -> Option<(i64, i64)> {
        let b = base?;
        b.times[ix.index()].is_ok().then(|| b.ticks[ix.index()])
    };
    let mut spans: Vec<Option<Span>> = vec![None; n];
    let mut free = vec![false; n];
    let mut why: Vec<Why> = vec![Why::Floor(Floor::PlanStart); n];

    // Forward pass.
    for &ix in order {
        let node = graph[ix];
        let i = ix.index();
        let p = &prep[i];
        deadlines[i] = p.deadline.clone();
        let span = adjust.span(i).or(p.span);
        let own_floor = adjust.floor(i, p.floor);
        spans[i] = span;
        let is_item = p.is_item;
        let status = p.status;
        let place = match today_t {
            // The plan as written: work that is done keeps its recorded dates.
            None => match recorded(plan, &clock, node, status) {
                Some((s, f)) => Place::Fixed {
                    es: s,
                    ef: f.max(s),
                    why: Why::Actual,
                },
                None => match span {
                    Some(dur) => Place::Free {
                        dur,
                        floor: own_floor,
                    },
                    None => Place::NoDuration,
                },
            },
            Some(now) => {
                let (s, f) = actuals(plan, &clock, node, status == Status::Done);
                let is_work = is_item || matches!(node, NodeRef::Milestone(_));
                let base_place = base_ticks(ix);
                if status == Status::Cancelled && is_work {
                    // It will not happen: it stays where the plan put it.
                    match base_place {
                        Some((es, ef)) => Place::Fixed {
                            es,
                            ef,
                            why: Why::Planned,
                        },
                        None => Place::NoDuration,
                    }
                } else if status == Status::Done && is_work {
                    match (s, f, span) {
                        (Some(s), Some(f), _) => Place::Fixed {
                            es: s,
                            ef: f.max(s),
                            why: Why::Actual,
                        },
                        (None, Some(f), Some(d)) => Place::Fixed {
                            es: clock.add(f, d.negate(), true).min(f),
                            ef: f,
                            why: Why::Actual,
                        },
                        (None, Some(f), None) => Place::Fixed {
                            es: f,
                            ef: f,
                            why: Why::Actual,
                        },
                        (Some(s), None, Some(d)) => Place::Fixed {
                            es: s,
                            ef: clock.add(s, d, false).min(now).max(s),
                            why: Why::Actual,
                        },
                        _ => match base_ticks(ix) {
                            // At its planned place, never after today.
                            Some((es, ef)) => {
                                let back = (ef - now).max(0);
                                Place::Fixed {
                                    es: es - back,
                                    ef: ef - back,
                                    why: Why::Planned,
                                }
                            }
                            None => Place::NoDuration,
                        },
                    }
                } else if status == Status::InProgress && is_item {
                    let es = s.unwrap_or_else(|| base_ticks(ix).map_or(now, |b| b.0.min(now)));
                    let from = es.max(now);
                    let task = match node {
                        NodeRef::Task(t) => &plan.tasks[t],
                        NodeRef::Milestone(_) => unreachable!("an item is a task"),
                    };
                    match (&task.remaining, &task.progress, span) {
                        (Some(r), _, _) => Place::Fixed {
                            es,
                            ef: clock.add(from, adjust.remaining(i).unwrap_or(r.value), false),
                            why: Why::Actual,
                        },
                        (None, Some(p), Some(d)) => Place::Fixed {
                            es,
                            ef: clock.add(from, d.percent(100 - p.value as i64), false),
                            why: Why::Actual,
                        },
                        (None, None, Some(d)) => {
                            let min_today = match d {
                                Span::Work(x) => x.clamp(0, T),
                                Span::Calendar(_) => T,
                            };
                            Place::Fixed {
                                es,
                                ef: clock.add(es, d, false).max(now + min_today),
                                why: Why::Actual,
                            }
                        }
                        (None, _, None) => Place::NoDuration,
                    }
                } else {
                    match span {
                        Some(dur) => Place::Free {
                            dur,
                            // A point in time is reached at the end of a
                            // day: today's end at the earliest.
                            floor: if is_work {
                                let point = matches!(node, NodeRef::Milestone(_)) && dur.is_zero();
                                let today = if point { now + T } else { now };
                                let own = own_floor;
                                if own.0 >= today {
                                    own
                                } else {
                                    (today, Floor::Today)
                                }
                            } else {
                                (0, Floor::PlanStart)
                            },
                        },
                        None => Place::NoDuration,
                    }
                }
            }
        };
        let (es, ef) = match place {
            Place::NoDuration => {
                times[i] = Err(Unscheduled::NoDuration);
                continue;
            }
            Place::Fixed { es, ef, why: w } => {
                // In the plan as written, recorded work still waits for
                // anything unscheduled before it.
                if today_t.is_none()
                    && graph
                        .edges_directed(ix, Direction::Incoming)
                        .any(|e| times[e.source().index()].is_err())
                {
                    times[i] = Err(Unscheduled::AfterUnscheduled);
                    continue;
                }
                why[i] = w;
                (es, ef)
            }
            Place::Free { dur, floor } => {
                let mut es = floor.0;
                let mut w = Why::Floor(floor.1);
                let mut blocked = false;
                for e in graph.edges_directed(ix, Direction::Incoming) {
                    let p = e.source().index();
                    if times[p].is_err() {
                        blocked = true;
                        continue;
                    }
                    let (pes, pef) = ticks[p];
                    let (kind, lag) = g.links[e.id().index()];
                    let anchor = if kind.from_start() { pes } else { pef };
                    let need = clock.add(anchor, lag, !kind.from_start());
                    let start = if kind.to_finish() {
                        clock.add(need, dur.negate(), true)
                    } else {
                        need
                    };
                    if start > es {
                        es = start;
                        w = Why::Link(e.id());
                    }
                }
                if blocked {
                    times[i] = Err(Unscheduled::AfterUnscheduled);
                    continue;
                }
                free[i] = true;
                why[i] = w;
                (es, clock.add(es, dur, false).max(es))
            }
        };
        ticks[i] = (es, ef);
        let (des, def) = day_range(es, ef);
        times[i] = Ok(Times {
            duration: span.map_or(def - des, Span::approx_days),
            es: des,
            ef: def,
            ls: 0,
            lf: 0,
            total_slack: 0,
            free_slack: 0,
            critical: false,
        });
    }
    let finish_t = order
        .iter()
        .filter(|ix| times[ix.index()].is_ok())
        .map(|ix| ticks[ix.index()].1)
        .max()
        .unwrap_or(0);

    // As late as possible: after its successors are placed, in reverse
    // order, each such node moves as late as they (and its own deadline)
    // allow. It never moves earlier, and never moves anything else.
    for &ix in order.iter().rev() {
        let i = ix.index();
        let node = graph[ix];
        let alap = match node {
            NodeRef::Task(t) => plan.tasks[t].alap && plan.tasks[t].is_item(),
            NodeRef::Milestone(m) => plan.milestones[m].alap,
        };
        let (Some(dur), true, true) = (spans[i], alap, free[i]) else {
            continue;
        };
        let mut lf = finish_t;
        if let Some(d) = &deadlines[i] {
            lf = lf.min(d.limit * T);
        }
        for e in graph.edges_directed(ix, Direction::Outgoing) {
            let s = e.target().index();
            if times[s].is_err() {
                continue;
            }
            let (ses, sef) = ticks[s];
            let (kind, lag) = g.links[e.id().index()];
            let bound = clock.add(
                if kind.to_finish() { sef } else { ses },
                lag.negate(),
                false,
            );
            lf = lf.min(if kind.from_start() {
                clock.add(bound, dur, false)
            } else {
                bound
            });
        }
        let es = clock.add(lf, dur.negate(), true);
        if es > ticks[i].0 {
            let ef = clock.add(es, dur, false).max(es);
            ticks[i] = (es, ef);
            why[i] = Why::Late;
            if let Ok(t) = times[i].as_mut() {
                (t.es, t.ef) = day_range(es, ef);
            }
        }
    }

    // Backward passes: against the finish alone (criticality), and against the
    // finish and every deadline (slack).
    let mut lf_finish = vec![finish_t; n];
    let mut lf_dead = vec![finish_t; n];
    let mut bound = vec![Bound::Finish; n];
    for &ix in order.iter().rev() {
        let i = ix.index();
        if times[i].is_err() {
            continue;
        }
        let (es, ef) = ticks[i];
        let span = ef - es;
        let (mut a, mut b) = (finish_t, finish_t);
        let mut by = Bound::Finish;
        if let Some(d) = &deadlines[i]
            && d.limit * T < b
        {
            (b, by) = (d.limit * T, Bound::Own);
        }
        if let Some(p) = plan_limit
            && p * T < b
        {
            (b, by) = (p * T, Bound::Plan);
        }
        let mut free_t = finish_t - ef;
        for e in graph.edges_directed(ix, Direction::Outgoing) {
            let s = e.target().index();
            if times[s].is_err() {
                continue;
            }
            let (ses, sef) = ticks[s];
            let s_span = sef - ses;
            let (kind, lag) = g.links[e.id().index()];
            let from_end = !kind.from_start();
            // The latest the successor allows for the end of this one
            // that the link constrains.
            let limit = |s_lf: i64| {
                let s_end = if kind.to_finish() {
                    s_lf
                } else {
                    s_lf - s_span
                };
                let anchor = clock.add(s_end, lag.negate(), false);
                if from_end { anchor } else { anchor + span }
            };
            a = a.min(limit(lf_finish[s]));
            let theirs = limit(lf_dead[s]);
            if theirs < b {
                (b, by) = (theirs, Bound::Next(e.target()));
            }
            let mine = if from_end { ef } else { es };
            let theirs = if kind.to_finish() { sef } else { ses };
            free_t = free_t.min(theirs - clock.add(mine, lag, from_end));
        }
        lf_finish[i] = a;
        lf_dead[i] = b;
        bound[i] = by;
        let tt = times[i].as_mut().expect("checked above");
        let ls_t = b - span;
        tt.lf = -((-b).div_euclid(T));
        tt.ls = tt.lf - (tt.ef - tt.es);
        tt.total_slack = (ls_t - es).div_euclid(T);
        tt.free_slack = free_t.max(0).div_euclid(T);
        tt.critical = a - ef == 0;
    }

    let mut missed = Vec::new();
    for &ix in order {
        if let (Ok(t), Some(d)) = (times[ix.index()], &deadlines[ix.index()])
            && t.ef > d.limit
        {
            missed.push(MissedDeadline {
                node: graph[ix],
                deadline: d.clone(),
                days_late: t.ef - d.limit,
            });
        }
    }
    let finish = -((-finish_t).div_euclid(T));
    let order = order
        .iter()
        .copied()
        .filter(|ix| times[ix.index()].is_ok())
        .collect();
    let mut days = Vec::new();
    // A plan whose work was all recorded before day 0 finishes before it:
    // no table then (`finish as usize` would be a huge size).
    if (0..=MAX_DAY_TABLE).contains(&finish) {
        days.reserve(finish as usize + 1);
        let mut d = Some(day0);
        while let Some(day) = d
            && days.len() <= finish as usize
        {
            if cal.is_workday(day) {
                days.push(day);
            }
            d = day.succ_opt();
        }
    }
    Some(Schedule {
        day0,
        times,
        finish,
        order,
        missed,
        deadlines,
        calendar: cal.clone(),
        days,
        ticks,
        why,
        as_of: None,
        baseline: None,
        bound,
    })
}

impl Schedule {
    /// Each node's place in the topological order (`usize::MAX` when it is
    /// not scheduled), by node index.
    fn positions(&self) -> Vec<usize> {
        let mut pos = vec![usize::MAX; self.times.len()];
        for (i, ix) in self.order.iter().enumerate() {
            pos[ix.index()] = i;
        }
        pos
    }

    /// The deadline that sets the latest finish of `ix`, and so its total
    /// slack: its own, one downstream that it must finish in time for, or
    /// the plan's; `None` when no deadline is tighter than the plan's finish.
    pub fn binding_deadline(&self, ix: NodeIndex) -> Option<Binding> {
        let mut at = ix;
        // Each step goes to a successor, so the walk ends within the graph.
        for _ in 0..self.bound.len() {
            match self.bound.get(at.index())? {
                Bound::Finish => return None,
                Bound::Own => return Some(Binding::Node(at)),
                Bound::Plan => return Some(Binding::Plan),
                Bound::Next(s) => at = *s,
            }
        }
        None
    }

    /// The critical tasks and milestones (not groups), in order of start.
    pub fn critical_chain(&self, plan: &Plan, g: &PlanGraph) -> Vec<NodeIndex> {
        let mut chain: Vec<NodeIndex> = self
            .order
            .iter()
            .copied()
            .filter(|ix| {
                let node = g.graph[*ix];
                let is_group = matches!(node, NodeRef::Task(t) if !plan.tasks[t].is_item());
                !is_group && self.times[ix.index()].is_ok_and(|t| t.critical)
            })
            .collect();
        // Stable: by start, then finish, then topological position.
        let pos = self.positions();
        chain.sort_by_key(|ix| {
            let t = self.times[ix.index()].expect("critical nodes are scheduled");
            (t.es, t.ef, pos[ix.index()])
        });
        chain
    }

    /// Two critical tasks that run at the same time: several chains tie.
    pub fn ties(&self, chain: &[NodeIndex]) -> Option<(NodeIndex, NodeIndex)> {
        let mut last: Option<(NodeIndex, Times)> = None;
        for &ix in chain {
            let t = self.times[ix.index()].expect("critical nodes are scheduled");
            if t.ef == t.es {
                continue;
            }
            if let Some((p, pt)) = last
                && t.es < pt.ef
            {
                return Some((p, ix));
            }
            if last.is_none_or(|(_, pt)| t.ef >= pt.ef) {
                last = Some((ix, t));
            }
        }
        None
    }

    /// The chain of predecessors that drives a node's earliest start, from the
    /// first link to the node itself. A group is entered through the child
    /// that finishes last.
    pub fn drivers(&self, g: &PlanGraph, ix: NodeIndex) -> Vec<NodeIndex> {
        let mut chain = vec![ix];
        let mut cur = ix;
        let mut seen = std::collections::HashSet::from([ix]);
        while let Ok(t) = self.times[cur.index()] {
            // The predecessor whose finish is this node's start; prefer a
            // dependency over a group's child link, then the earliest listed.
            let next = g
                .graph
                .edges_directed(cur, Direction::Incoming)
                .filter(|e| {
                    self.times[e.source().index()]
                        .is_ok_and(|p| p.ef == t.es && (t.es > 0 || p.ef > p.es))
                })
                .map(|e| e.source())
                .min_by_key(|s| s.index());
            match next {
                Some(n) if seen.insert(n) => {
                    chain.push(n);
                    cur = n;
                }
                _ => break,
            }
        }
        chain.reverse();
        chain
    }

    /// Every predecessor whose finish sets this node's earliest start.
    pub fn direct_drivers(&self, g: &PlanGraph, ix: NodeIndex) -> Vec<NodeIndex> {
        let Ok(t) = self.times[ix.index()] else {
            return Vec::new();
        };
        let mut v: Vec<NodeIndex> = g
            .graph
            .edges_directed(ix, Direction::Incoming)
            .filter(|e| self.times[e.source().index()].is_ok_and(|p| p.ef == t.es && t.es > 0))
            .map(|e| e.source())
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// Everything a node pushes: successors whose earliest start is set by
    /// its finish, transitively, in topological order.
    pub fn pushes(&self, g: &PlanGraph, ix: NodeIndex) -> Vec<NodeIndex> {
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::from([ix]);
        let mut queue = std::collections::VecDeque::from([ix]);
        while let Some(cur) = queue.pop_front() {
            let Ok(t) = self.times[cur.index()] else {
                continue;
            };
            for e in g.graph.edges_directed(cur, Direction::Outgoing) {
                let s = e.target();
                if self.times[s.index()].is_ok_and(|st| st.es == t.ef) && seen.insert(s) {
                    out.push(s);
                    queue.push_back(s);
                }
            }
        }
        let pos = self.positions();
        out.sort_by_key(|ix| pos.get(ix.index()).copied().unwrap_or(usize::MAX));
        out
    }
}
