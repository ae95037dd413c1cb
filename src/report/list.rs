//! `roadmap list`: one row per item (a task without sub-tasks), filtered,
//! sorted and cut to a limit. docs/list.md is the user's guide.

use super::Filter;
use super::status::natural_cmp;
use crate::plan::model::{NodeRef, Status};
use crate::project::PlanView;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::cmp::Ordering;

/// One item.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The item's id.
    pub id: String,
    /// The item's display name.
    pub name: String,
    /// Its stream's id.
    pub stream: String,
    /// Its owner (after inheritance), or None.
    pub owner: Option<String>,
    /// Its status (a group's rolled up).
    pub status: Status,
    /// Its bucket's id, or None.
    pub bucket: Option<String>,
    /// Its milestone's id (after inheritance), or None.
    pub milestone: Option<String>,
    /// Its tags.
    pub tags: Vec<String>,
    /// Planned and forecast start and finish.
    #[serde(flatten)]
    pub dates: Dates,
    /// Its due date (its `due`, else its bucket's end, on its last working day), or None.
    pub due: Option<NaiveDate>,
    /// Working days it can slip (negative: a deadline cannot be met).
    pub slack: Option<i64>,
    /// Working days past its due date: today for open work past it, else
    /// the forecast finish's.
    pub late: Option<i64>,
    /// On a chain that sets the plan's finish.
    pub critical: bool,
}

/// The dates of an item: as planned (the plan as written, scheduled from
/// its start and ignoring the as-of date: the schedule's baseline) and as
/// forecast (the schedule as of the as-of date). The one place that says
/// where each comes from.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Dates {
    /// Start as planned: the baseline schedule's first working day, else the stated `start`'s first day; None when neither.
    pub planned_start: Option<NaiveDate>,
    /// Finish as planned (inclusive): the baseline's last working day, else the stated `end`'s last day; None when neither.
    pub planned_finish: Option<NaiveDate>,
    /// First working day as forecast from the as-of date; None when unscheduled.
    pub forecast_start: Option<NaiveDate>,
    /// Last working day as forecast (inclusive); None when unscheduled.
    pub forecast_finish: Option<NaiveDate>,
}

impl Dates {
    fn of(v: &PlanView<'_>, item: usize) -> (Dates, Option<i64>, bool) {
        let t = &v.plan.tasks[item];
        let mut d = Dates {
            planned_start: t.start.as_ref().map(|s| s.period.first),
            planned_finish: t.end.as_ref().map(|s| s.period.last),
            ..Dates::default()
        };
        let (mut slack, mut critical) = (None, false);
        let dated = v.plan.start.is_some();
        if let Some(s) = v.schedule.filter(|_| dated)
            && let Ok(times) = s.baseline().times_of(v.graph, NodeRef::Task(item))
        {
            d.planned_start = s.baseline().start_date(&times);
            d.planned_finish = s.baseline().finish_date(&times);
        }
        if let Some(s) = v.schedule.filter(|_| dated)
            && let Ok(times) = s.times_of(v.graph, NodeRef::Task(item))
        {
            d.forecast_start = s.start_date(&times);
            d.forecast_finish = s.finish_date(&times);
            slack = Some(times.total_slack);
            critical = times.critical;
        }
        (d, slack, critical)
    }
}

/// The fields rows sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// By id.
    Id,
    /// By name.
    Name,
    /// By stream id.
    Stream,
    /// By owner.
    Owner,
    /// By status.
    Status,
    /// By bucket id.
    Bucket,
    /// By forecast start.
    Start,
    /// By forecast finish.
    Finish,
    /// By due date.
    Due,
    /// By slack (working days).
    Slack,
    /// By working days late.
    Late,
}

impl Field {
    /// Every field with the name `--sort` knows it by.
    pub const ALL: [(&'static str, Field); 11] = [
        ("id", Field::Id),
        ("name", Field::Name),
        ("stream", Field::Stream),
        ("owner", Field::Owner),
        ("status", Field::Status),
        ("bucket", Field::Bucket),
        ("start", Field::Start),
        ("finish", Field::Finish),
        ("due", Field::Due),
        ("slack", Field::Slack),
        ("late", Field::Late),
    ];

    /// The field named `s` (`id`, `due`...), or None if there is none.
    pub fn parse(s: &str) -> Option<Field> {
        Field::ALL.iter().find(|(n, _)| *n == s).map(|(_, f)| *f)
    }
}

/// One sort key: a field, ascending unless `descending`.
#[derive(Debug, Clone, Copy)]
pub struct SortKey {
    /// The field to compare.
    pub field: Field,
    /// Sort from highest to lowest.
    pub descending: bool,
}

/// What `list` shows.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Which items: stream, owner, status, bucket, tag.
    pub filter: Filter,
    /// Milestone ids: items of any of them.
    pub milestone: Vec<String>,
    /// Only open items past their due date (as of today).
    pub overdue: bool,
    /// Only items on the critical path.
    pub critical: bool,
    /// Only items due before this day.
    pub due_before: Option<NaiveDate>,
    /// Sort keys, first first; then by id.
    pub sort: Vec<SortKey>,
    /// At most this many rows.
    pub limit: Option<usize>,
}

/// The items of one plan.
#[derive(Debug, Serialize)]
pub struct ListReport {
    /// The plan's title.
    pub title: String,
    /// The plan's display name (its root file's path as given).
    pub file: String,
    /// The as-of date the report was made for.
    pub today: NaiveDate,
    /// The rows, sorted, at most the limit.
    pub items: Vec<Row>,
    /// Items that matched but are past the limit.
    pub more: usize,
}

/// The list for one plan.
pub fn list(v: &PlanView<'_>, q: &Query) -> ListReport {
    let plan = v.plan;
    let today = v.as_of;
    let in_milestones: std::collections::HashSet<usize> = q
        .milestone
        .iter()
        .filter_map(|m| {
            plan.milestones
                .iter()
                .position(|x| x.id.eq_ignore_ascii_case(m))
        })
        .flat_map(|m| plan.milestone_items(m))
        .collect();
    let mut rows = Vec::new();
    for i in plan.items() {
        if !q.filter.keeps(plan, i) {
            continue;
        }
        if !q.milestone.is_empty() && !in_milestones.contains(&i) {
            continue;
        }
        let t = &plan.tasks[i];
        let status = plan.status(i);
        let open = !matches!(status, Status::Done | Status::Cancelled);
        let due = plan.due_date(i);
        let (dates, slack, critical) = Dates::of(v, i);
        let cal = &plan.calendar;
        let after = |due: NaiveDate, later: NaiveDate| cal.workdays_after(due, later);
        let late = due.and_then(|due| {
            if open && due < today {
                Some(after(due, today - chrono::Days::new(1)).max(1))
            } else {
                match dates.forecast_finish {
                    Some(f) if open && f > due => Some(after(due, f)),
                    _ => None,
                }
            }
        });
        let overdue = open && due.is_some_and(|d| d < today);
        if (q.overdue && !overdue)
            || (q.critical && !critical)
            || q.due_before.is_some_and(|b| due.is_none_or(|d| d >= b))
        {
            continue;
        }
        rows.push(Row {
            id: t.id.clone(),
            name: t.name.clone(),
            stream: plan.streams[t.stream].id.clone(),
            owner: t.owner.clone(),
            status,
            bucket: t.bucket.map(|b| plan.buckets[b].id.clone()),
            milestone: t.milestone.map(|m| plan.milestones[m].id.clone()),
            tags: t.tags.clone(),
            dates,
            due,
            slack,
            late,
            critical,
        });
    }
    rows.sort_by(|a, b| {
        for k in &q.sort {
            let o = compare(a, b, k.field, k.descending);
            if o != Ordering::Equal {
                return o;
            }
        }
        natural_cmp(&a.id, &b.id)
    });
    let more = q.limit.map_or(0, |n| rows.len().saturating_sub(n));
    if let Some(n) = q.limit {
        rows.truncate(n);
    }
    ListReport {
        title: plan.title.clone(),
        file: v.name.to_string(),
        today,
        items: rows,
        more,
    }
}

/// Compare on one field, descending if asked; a missing value sorts last
/// either way.
fn compare(a: &Row, b: &Row, f: Field, descending: bool) -> Ordering {
    let dir = |o: Ordering| if descending { o.reverse() } else { o };
    let opt = |x: &Option<_>, y: &Option<_>| -> Ordering {
        match (x, y) {
            (Some(x), Some(y)) => dir(Ord::cmp(x, y)),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    };
    let opt_date = |x: &Option<NaiveDate>, y: &Option<NaiveDate>| {
        opt(
            &x.map(|d| d.num_days_from_ce() as i64),
            &y.map(|d| d.num_days_from_ce() as i64),
        )
    };
    let text = |x: Option<&str>, y: Option<&str>| match (x, y) {
        (Some(x), Some(y)) => dir(natural_cmp(&x.to_lowercase(), &y.to_lowercase())),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    match f {
        Field::Id => dir(natural_cmp(&a.id, &b.id)),
        Field::Name => text(Some(&a.name), Some(&b.name)),
        Field::Stream => text(Some(&a.stream), Some(&b.stream)),
        Field::Owner => text(a.owner.as_deref(), b.owner.as_deref()),
        Field::Status => dir(a.status.cmp(&b.status)),
        Field::Bucket => text(a.bucket.as_deref(), b.bucket.as_deref()),
        Field::Start => opt_date(&a.dates.forecast_start, &b.dates.forecast_start),
        Field::Finish => opt_date(&a.dates.forecast_finish, &b.dates.forecast_finish),
        Field::Due => opt_date(&a.due, &b.due),
        Field::Slack => opt(&a.slack, &b.slack),
        Field::Late => opt(&a.late, &b.late),
    }
}
