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
    pub duration: i64,
    pub es: i64,
    pub ef: i64,
    pub ls: i64,
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
    pub source: String,
    pub date: NaiveDate,
    /// Exclusive working-day index: finish must be <= this.
    pub limit: i64,
    /// Where the deadline is written.
    pub loc: crate::source::Loc,
}

/// A deadline that the computed schedule misses.
#[derive(Debug, Clone)]
pub struct MissedDeadline {
    pub node: NodeRef,
    pub deadline: Deadline,
    /// Working days late.
    pub days_late: i64,
}

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

    pub fn times_of(&self, g: &PlanGraph, n: NodeRef) -> Result<Times, Unscheduled> {
        self.times[g.index[&n].index()]
    }

    /// The plan's length in working days (0 when nothing is scheduled).
    pub fn length(&self) -> i64 {
        self.finish
    }

    pub fn finish_day(&self) -> Option<NaiveDate> {
        self.date((self.finish - 1).max(0))
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
    let mut cands: Vec<(String, &Stated, Option<NodeRef>)> = Vec::new();
    match n {
        NodeRef::Task(t) => {
            let task = &plan.tasks[t];
            if let Some(d) = &task.due {
                cands.push(("its due date".into(), d, Some(n)));
            } else if let Some(b) = task.bucket {
                return bucket_ends[b].clone().map(|d| Deadline {
                    owner: Some(n),
                    ..d
                });
            }
        }
        NodeRef::Milestone(m) => {
            if let Some(d) = &plan.milestones[m].deadline {
                cands.push(("its deadline".into(), d, Some(n)));
            }
        }
    }
    cands
        .into_iter()
        .filter_map(|(source, s, owner)| {
            let limit = limit_at(cal, day0, s.period.last)?;
            Some(Deadline {
                owner,
                source,
                date: cal.last_workday_until(s.period.last)?,
                limit,
                loc: s.loc,
            })
        })
        .min_by_key(|d| d.limit)
}

/// Compute the schedule. Returns `None` if the graph has a cycle (`check`
/// reports it).
pub fn schedule(plan: &Plan, g: &PlanGraph) -> Option<Schedule> {
    let graph = &g.graph;
    let cal = &plan.calendar;
    let day0 = cal.first_workday_from(plan.origin)?;
    let order = petgraph::algo::toposort(graph, None).ok()?;
    let n = graph.node_count();
    let mut times: Vec<Result<Times, Unscheduled>> = vec![Err(Unscheduled::NoDuration); n];
    let plan_limit = plan
        .deadline
        .as_ref()
        .and_then(|d| limit_at(cal, day0, d.period.last));
    let mut deadlines: Vec<Option<Deadline>> = vec![None; n];
    let bucket_ends: Vec<Option<Deadline>> = plan
        .buckets
        .iter()
        .map(|b| {
            let end = b.end.as_ref()?;
            Some(Deadline {
                owner: None,
                source: format!("the end of its bucket `{}`", b.id),
                date: cal.last_workday_until(end.period.last)?,
                limit: limit_at(cal, day0, end.period.last)?,
                loc: end.loc,
            })
        })
        .collect();

    // Forward pass.
    for &ix in &order {
        let node = graph[ix];
        deadlines[ix.index()] = own_deadline(plan, day0, node, &bucket_ends);
        let Some(dur) = node_duration(plan, node) else {
            times[ix.index()] = Err(Unscheduled::NoDuration);
            continue;
        };
        let mut es = 0i64;
        let mut blocked = false;
        for e in graph.edges_directed(ix, Direction::Incoming) {
            match times[e.source().index()] {
                Ok(p) => es = es.max(p.ef),
                Err(_) => blocked = true,
            }
        }
        if blocked {
            times[ix.index()] = Err(Unscheduled::AfterUnscheduled);
            continue;
        }
        // Work that is done keeps the dates it was recorded with.
        let recorded = match node {
            NodeRef::Task(t) if plan.tasks[t].is_item() && plan.status(t) == Status::Done => {
                match (&plan.tasks[t].start, &plan.tasks[t].end) {
                    (Some(s), Some(e)) => index_from(cal, day0, s.period.first).zip(limit_at(
                        cal,
                        day0,
                        e.period.last,
                    )),
                    _ => None,
                }
            }
            _ => None,
        };
        let (es, ef) = match recorded {
            Some((s, f)) => (s, f.max(s)),
            None => (es, es.saturating_add(dur)),
        };
        times[ix.index()] = Ok(Times {
            duration: dur,
            es,
            ef,
            ls: 0,
            lf: 0,
            total_slack: 0,
            free_slack: 0,
            critical: false,
        });
    }
    let finish = times
        .iter()
        .filter_map(|t| t.as_ref().ok().map(|t| t.ef))
        .max()
        .unwrap_or(0);

    // Backward passes: against the finish alone (criticality), and against the
    // finish and every deadline (slack).
    let mut lf_finish = vec![finish; n];
    let mut lf_dead = vec![finish; n];
    for &ix in order.iter().rev() {
        let Ok(t) = times[ix.index()] else { continue };
        let (mut a, mut b) = (finish, finish);
        if let Some(d) = &deadlines[ix.index()] {
            b = b.min(d.limit);
        }
        if let Some(p) = plan_limit {
            b = b.min(p);
        }
        let mut free = finish - t.ef;
        for e in graph.edges_directed(ix, Direction::Outgoing) {
            let s = e.target().index();
            if let Ok(st) = times[s] {
                a = a.min(lf_finish[s] - st.duration_for_backward());
                b = b.min(lf_dead[s] - st.duration_for_backward());
                free = free.min(st.es - t.ef);
            }
        }
        lf_finish[ix.index()] = a;
        lf_dead[ix.index()] = b;
        let tt = times[ix.index()].as_mut().expect("checked above");
        tt.lf = b;
        tt.ls = b - (t.ef - t.es);
        tt.total_slack = tt.ls - t.es;
        tt.free_slack = free.max(0);
        tt.critical = a - t.ef == 0;
    }

    let mut missed = Vec::new();
    for &ix in &order {
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
    let order = order
        .into_iter()
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
    })
}

impl Times {
    /// The span the backward pass subtracts: recorded dates keep their length.
    fn duration_for_backward(&self) -> i64 {
        self.ef - self.es
    }
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
