//! The data behind `roadmap export`: the resolved plan with its schedule as
//! one JSON value (the stable schema of `export --to json`), and the
//! questions every export format asks of the plan. The formats are in
//! [`crate::render::export`]; docs/export.md describes them.

use crate::plan::graph::PlanGraph;
use crate::plan::model::{BucketKind, MilestoneKind, NodeRef, Plan, Stated, Status};
use crate::project::PlanView;
use crate::schedule::{Schedule, Times, Unscheduled};
use chrono::NaiveDate;
use serde::Serialize;

// ---------------------------------------------------------------- shared ---

/// Whether `n` is a group: a task with sub-tasks (which has no schedule of its own).
pub fn is_group(plan: &Plan, n: NodeRef) -> bool {
    matches!(n, NodeRef::Task(t) if !plan.tasks[t].is_item())
}

/// Tasks of a stream in tree order (a group before its sub-tasks), without
/// recursion.
pub fn tree_order(plan: &Plan, roots: &[usize]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut stack: Vec<(usize, usize)> = roots.iter().rev().map(|&t| (t, 0)).collect();
    while let Some((t, depth)) = stack.pop() {
        out.push((t, depth));
        for &c in plan.tasks[t].children.iter().rev() {
            stack.push((c, depth + 1));
        }
    }
    out
}

/// A milestone's or task's first and last working days.
pub fn days(s: &Schedule, t: &Times) -> Option<(NaiveDate, NaiveDate)> {
    Some((s.start_date(t)?, s.finish_date(t)?))
}

/// The note a label adds after a blocked or cancelled task's name (with a
/// leading space); empty for any other status.
pub fn status_note(st: Status) -> &'static str {
    match st {
        Status::Blocked => " (blocked)",
        Status::Cancelled => " (cancelled)",
        _ => "",
    }
}

/// The first item at or below a task (a group's representative in a graph).
pub fn first_item(plan: &Plan, mut t: usize) -> usize {
    while let Some(&c) = plan.tasks[t].children.first() {
        t = c;
    }
    t
}

/// The stated date of a milestone that waits for nothing: the charts put it
/// there (the schedule alone would put it on the plan's first day).
pub fn pinned_milestone(plan: &Plan, g: &PlanGraph, m: usize) -> Option<NaiveDate> {
    let free = g
        .graph
        .edges_directed(
            g.index[&NodeRef::Milestone(m)],
            petgraph::Direction::Incoming,
        )
        .next()
        .is_none();
    plan.milestone_planned(m, plan.start.is_some())
        .filter(|_| free)
}

// ------------------------------------------------------------------ json ---

/// A date expression as written and the days it names.
#[derive(Debug, Serialize)]
pub struct JsonStated {
    /// The expression as written, e.g. `M4-W2` or `2026-Q2`.
    pub text: String,
    /// First and last calendar day (null for a relative date in a plan without `start`).
    pub first: Option<NaiveDate>,
    /// Last calendar day, as `first`.
    pub last: Option<NaiveDate>,
}

/// The schedule of a task or milestone, as exported.
#[derive(Debug, Serialize)]
pub struct JsonSchedule {
    /// Earliest and latest first and last working days (null without a plan start).
    pub es: Option<NaiveDate>,
    /// Earliest last working day, as `es`.
    pub ef: Option<NaiveDate>,
    /// Latest first working day, as `es`.
    pub ls: Option<NaiveDate>,
    /// Latest last working day, as `es`.
    pub lf: Option<NaiveDate>,
    /// The same as working-day indices: day 0 is the plan's first working
    /// day; `es_day`/`ls_day` index the first working day, `ef_day`/`lf_day`
    /// the day after the last (`ef_day = es_day + duration_days`).
    pub es_day: i64,
    /// Earliest finish index: the day after the last (see `es_day`).
    pub ef_day: i64,
    /// Latest start index (see `es_day`).
    pub ls_day: i64,
    /// Latest finish index: the day after the last (see `es_day`).
    pub lf_day: i64,
    /// Duration in working days.
    pub duration_days: i64,
    /// Working days it can slip without moving the finish or missing a deadline;
    /// negative where a deadline cannot be met.
    pub total_slack: i64,
    /// Working days it can slip without delaying any successor's earliest start.
    pub free_slack: i64,
    /// On a chain that sets the plan's finish date.
    pub critical: bool,
}

/// The plan's working calendar.
#[derive(Debug, Serialize)]
pub struct JsonCalendar {
    /// The working weekdays, `mon` to `sun`.
    pub workdays: Vec<&'static str>,
    /// Days off on top of the weekly rest days, in date order.
    pub holidays: Vec<NaiveDate>,
}

/// A stream as exported.
#[derive(Debug, Serialize)]
pub struct JsonStream {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its description, if written.
    pub description: Option<String>,
    /// Its owner, if written.
    pub owner: Option<String>,
    /// The declared number of items (`total:`), if any.
    pub total: Option<u64>,
    /// Its top-level tasks.
    pub tasks: Vec<String>,
}

/// A bucket as exported.
#[derive(Debug, Serialize)]
pub struct JsonBucket {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its kind (e.g. quarter, sprint), if written.
    pub kind: Option<BucketKind>,
    /// Its description, if written.
    pub description: Option<String>,
    /// Its stated start.
    pub start: Option<JsonStated>,
    /// Its stated end.
    pub end: Option<JsonStated>,
    /// The id of the bucket it lies within, if any.
    pub within: Option<String>,
    /// The declared number of items (`total:`), if any.
    pub total: Option<u64>,
}

/// A milestone or gate as exported.
#[derive(Debug, Serialize)]
pub struct JsonMilestone {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// `milestone` or `gate`.
    pub kind: MilestoneKind,
    /// Its description, if written.
    pub description: Option<String>,
    /// Its status as written; `None` when not written.
    pub status: Option<Status>,
    /// Its owner, if written.
    pub owner: Option<String>,
    /// The id of its bucket, if any.
    pub bucket: Option<String>,
    /// Its tags.
    pub tags: Vec<String>,
    /// Its criteria, as written.
    pub criteria: Vec<String>,
    /// Ids of what it comes after, as written.
    pub after: Vec<String>,
    /// Ids of its member milestones.
    pub members: Vec<String>,
    /// Its duration in working days, as written.
    pub duration_days: Option<u32>,
    /// Its stated start.
    pub start: Option<JsonStated>,
    /// Its stated end.
    pub end: Option<JsonStated>,
    /// Its stated deadline.
    pub deadline: Option<JsonStated>,
    /// The declared number of items (`total:`), if any.
    pub total: Option<u64>,
    /// Ids of the items that count toward it.
    pub items: Vec<String>,
    /// Its computed schedule; `None` when unscheduled.
    pub schedule: Option<JsonSchedule>,
    /// Why `schedule` is null: `no-duration` or `after-unscheduled`.
    pub unscheduled: Option<&'static str>,
}

/// A task (item or group) as exported.
#[derive(Debug, Serialize)]
pub struct JsonTask {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its description, if written.
    pub description: Option<String>,
    /// The id of its stream.
    pub stream: String,
    /// The id of the group above it, if any.
    pub parent: Option<String>,
    /// Ids of its sub-tasks, in file order.
    pub children: Vec<String>,
    /// Written status, or rolled up from the items for a group.
    pub status: Status,
    /// Its owner, after inheritance from the group and stream.
    pub owner: Option<String>,
    /// Its priority, after inheritance from the group and stream.
    pub priority: Option<String>,
    /// Its tags as written.
    pub tags: Vec<String>,
    /// The id of its bucket, after inheritance.
    pub bucket: Option<String>,
    /// The id of the milestone it counts toward, after inheritance.
    pub milestone: Option<String>,
    /// Its duration in working days, as written (`2w` is 10).
    pub duration_days: Option<u32>,
    /// Its stated start.
    pub start: Option<JsonStated>,
    /// Its stated end.
    pub end: Option<JsonStated>,
    /// Its stated due date.
    pub due: Option<JsonStated>,
    /// Ids of what it comes after, as written.
    pub after: Vec<String>,
    /// The declared number of items below it (`total:`), if any.
    pub total: Option<u64>,
    /// For a group: the span of its items (null unless all are scheduled).
    pub schedule: Option<JsonSchedule>,
    /// Why `schedule` is null: `no-duration`, `after-unscheduled`, or for a
    /// group `items-unscheduled`.
    pub unscheduled: Option<&'static str>,
}

/// A risk as written in the plan.
#[derive(Debug, Serialize)]
pub struct JsonRisk {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its probability, as written.
    pub probability: Option<String>,
    /// Its impact, as written.
    pub impact: Option<String>,
    /// Its mitigation, as written.
    pub mitigation: Option<String>,
    /// Its owner, if written.
    pub owner: Option<String>,
    /// Its status, as written.
    pub status: Option<String>,
}

/// The resolved plan and its schedule: `export --to json` (schema in docs/export.md).
#[derive(Debug, Serialize)]
pub struct JsonPlan {
    /// Always `roadmap-export`; `version` changes when a field changes meaning.
    pub format: &'static str,
    /// The schema version (now 1).
    pub version: u32,
    /// The plan's title.
    pub title: String,
    /// The plan's description, if written.
    pub description: Option<String>,
    /// The plan's root file, as given.
    pub file: String,
    /// The first working day of the schedule; `None` without a plan start.
    pub start: Option<NaiveDate>,
    /// The last working day of the schedule; `None` without a plan start or when
    /// nothing is scheduled.
    pub finish: Option<NaiveDate>,
    /// The plan's length in working days.
    pub duration_days: i64,
    /// The as-of date of the schedule (null: the plan as written).
    pub as_of: Option<NaiveDate>,
    /// The finish of the plan as written, ignoring the as-of date.
    pub planned_finish: Option<NaiveDate>,
    /// The plan's stated deadline.
    pub deadline: Option<JsonStated>,
    /// The plan's declared number of items (`total:`), if any.
    pub total: Option<u64>,
    /// The working calendar.
    pub calendar: JsonCalendar,
    /// Ids of the critical tasks and milestones, in order of start.
    pub critical_path: Vec<String>,
    /// Every stream, in plan order.
    pub streams: Vec<JsonStream>,
    /// Every bucket, in plan order.
    pub buckets: Vec<JsonBucket>,
    /// Every milestone and gate, in plan order.
    pub milestones: Vec<JsonMilestone>,
    /// Every task, groups included, in file order.
    pub tasks: Vec<JsonTask>,
    /// Every risk, in plan order.
    pub risks: Vec<JsonRisk>,
}

fn stated(plan: &Plan, s: Option<&Stated>) -> Option<JsonStated> {
    let s = s?;
    let calendar = !(s.expr.is_relative() && plan.start.is_none());
    Some(JsonStated {
        text: s.text.clone(),
        first: calendar.then_some(s.period.first),
        last: calendar.then_some(s.period.last),
    })
}

fn json_schedule(plan: &Plan, s: &Schedule, t: &Times) -> JsonSchedule {
    let dated = plan.start.is_some();
    let (ls, lf) = s.latest_dates(t);
    JsonSchedule {
        es: s.start_date(t).filter(|_| dated),
        ef: s.finish_date(t).filter(|_| dated),
        ls: ls.filter(|_| dated),
        lf: lf.filter(|_| dated),
        es_day: t.es,
        ef_day: t.ef,
        ls_day: t.ls,
        lf_day: t.lf,
        duration_days: t.duration,
        total_slack: t.total_slack,
        free_slack: t.free_slack,
        critical: t.critical,
    }
}

fn unscheduled_name(u: Unscheduled) -> &'static str {
    match u {
        Unscheduled::NoDuration => "no-duration",
        Unscheduled::AfterUnscheduled => "after-unscheduled",
    }
}

/// A group's span over its items, when all of them are scheduled.
fn group_times(plan: &Plan, g: &PlanGraph, s: &Schedule, t: usize) -> Option<Times> {
    let mut acc: Option<Times> = None;
    let mut all = true;
    plan.for_each_item(t, |i| match s.times_of(g, NodeRef::Task(i)) {
        Ok(x) => {
            acc = Some(match acc {
                None => x,
                Some(a) => Times {
                    duration: 0,
                    es: a.es.min(x.es),
                    ef: a.ef.max(x.ef),
                    ls: a.ls.min(x.ls),
                    lf: a.lf.max(x.lf),
                    total_slack: a.total_slack.min(x.total_slack),
                    free_slack: a.free_slack.min(x.free_slack),
                    critical: a.critical || x.critical,
                },
            });
        }
        Err(_) => all = false,
    });
    let mut a = acc.filter(|_| all)?;
    a.duration = plan
        .calendar
        .workdays_between(s.date(a.es)?, s.date(a.ef - 1)?)
        .max(0);
    Some(a)
}

/// The plan and its schedule as one JSON value.
pub fn json_plan(v: &PlanView, s: &Schedule) -> JsonPlan {
    let (plan, g, file) = (v.plan, v.graph, v.name);
    let dated = plan.start.is_some();
    let ids = |deps: &[crate::plan::model::Dep]| -> Vec<String> {
        deps.iter()
            .map(|d| plan.node_id(d.target).to_string())
            .collect()
    };
    let bucket_id = |b: Option<usize>| b.map(|b| plan.buckets[b].id.clone());
    let tasks = plan
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let (schedule, unscheduled) = if t.is_item() {
                match s.times_of(g, NodeRef::Task(i)) {
                    Ok(x) => (Some(json_schedule(plan, s, &x)), None),
                    Err(u) => (None, Some(unscheduled_name(u))),
                }
            } else {
                match group_times(plan, g, s, i) {
                    Some(x) => (Some(json_schedule(plan, s, &x)), None),
                    None => (None, Some("items-unscheduled")),
                }
            };
            JsonTask {
                id: t.id.clone(),
                name: t.name.clone(),
                description: t.description.clone(),
                stream: plan.streams[t.stream].id.clone(),
                parent: t.parent.map(|p| plan.tasks[p].id.clone()),
                children: t
                    .children
                    .iter()
                    .map(|c| plan.tasks[*c].id.clone())
                    .collect(),
                status: plan.status(i),
                owner: t.owner.clone(),
                priority: t.priority.clone(),
                tags: t.tags.clone(),
                bucket: bucket_id(t.bucket),
                milestone: t.milestone.map(|m| plan.milestones[m].id.clone()),
                duration_days: t.duration.as_ref().map(|d| d.value),
                start: stated(plan, t.start.as_ref()),
                end: stated(plan, t.end.as_ref()),
                due: stated(plan, t.due.as_ref()),
                after: ids(&t.after),
                total: t.total.as_ref().map(|x| x.value),
                schedule,
                unscheduled,
            }
        })
        .collect();
    let milestones = plan
        .milestones
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let (schedule, unscheduled) = match s.times_of(g, NodeRef::Milestone(i)) {
                Ok(x) => (Some(json_schedule(plan, s, &x)), None),
                Err(u) => (None, Some(unscheduled_name(u))),
            };
            JsonMilestone {
                id: m.id.clone(),
                name: m.name.clone(),
                kind: m.kind,
                description: m.description.clone(),
                status: m.status.as_ref().map(|x| x.value),
                owner: m.owner.clone(),
                bucket: bucket_id(m.bucket),
                tags: m.tags.clone(),
                criteria: m.criteria.clone(),
                after: ids(&m.after),
                members: m
                    .members
                    .iter()
                    .map(|x| plan.milestones[x.value].id.clone())
                    .collect(),
                duration_days: m.duration.as_ref().map(|d| d.value),
                start: stated(plan, m.start.as_ref()),
                end: stated(plan, m.end.as_ref()),
                deadline: stated(plan, m.deadline.as_ref()),
                total: m.total.as_ref().map(|x| x.value),
                items: plan
                    .milestone_items(i)
                    .into_iter()
                    .map(|t| plan.tasks[t].id.clone())
                    .collect(),
                schedule,
                unscheduled,
            }
        })
        .collect();
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    JsonPlan {
        format: "roadmap-export",
        version: 1,
        title: plan.title.clone(),
        description: plan.description.clone(),
        file: file.to_string(),
        start: if dated { s.date(0) } else { None },
        finish: s.finish_told().filter(|_| dated),
        duration_days: s.length(),
        as_of: s.as_of,
        planned_finish: s.baseline().finish_told().filter(|_| dated),
        deadline: stated(plan, plan.deadline.as_ref()),
        total: plan.total.as_ref().map(|x| x.value),
        calendar: JsonCalendar {
            workdays: (0..7)
                .filter(|d| plan.calendar.workdays[*d])
                .map(|d| DAYS[d])
                .collect(),
            holidays: plan.calendar.holidays.iter().copied().collect(),
        },
        critical_path: s
            .critical_chain(plan, g)
            .iter()
            .map(|ix| plan.node_id(g.graph[*ix]).to_string())
            .collect(),
        streams: plan
            .streams
            .iter()
            .map(|st| JsonStream {
                id: st.id.clone(),
                name: st.name.clone(),
                description: st.description.clone(),
                owner: st.owner.clone(),
                total: st.total.as_ref().map(|x| x.value),
                tasks: st.tasks.iter().map(|t| plan.tasks[*t].id.clone()).collect(),
            })
            .collect(),
        buckets: plan
            .buckets
            .iter()
            .map(|b| JsonBucket {
                id: b.id.clone(),
                name: b.name.clone(),
                kind: b.kind,
                description: b.description.clone(),
                start: stated(plan, b.start.as_ref()),
                end: stated(plan, b.end.as_ref()),
                within: b.within.map(|w| plan.buckets[w].id.clone()),
                total: b.total.as_ref().map(|x| x.value),
            })
            .collect(),
        milestones,
        tasks,
        risks: plan
            .risks
            .iter()
            .map(|r| JsonRisk {
                id: r.id.clone(),
                name: r.name.clone(),
                probability: r.probability.clone(),
                impact: r.impact.clone(),
                mitigation: r.mitigation.clone(),
                owner: r.owner.clone(),
                status: r.status.clone(),
            })
            .collect(),
    }
}

/// [`json_plan`] as pretty JSON text.
pub fn json(v: &PlanView, s: &Schedule) -> serde_json::Result<String> {
    Ok(serde_json::to_string_pretty(&json_plan(v, s))? + "\n")
}
