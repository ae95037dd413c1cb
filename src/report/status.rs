//! `roadmap status` and `roadmap milestones`: progress people read every morning.
//!
//! Counts are over items (leaf tasks): a group's sub-tasks roll up into it.
//! Cancelled items are shown but are not open work, and percent done is over
//! the items that are not cancelled.

use crate::plan::model::{NodeRef, Status};
use crate::project::PlanView;
pub use crate::report::Filter;
use chrono::NaiveDate;
use serde::Serialize;

/// What `status` groups its rows by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// One row per stream, in plan order.
    Stream,
    /// One row per bucket in plan order (nested ones indented), then `(no bucket)`.
    Bucket,
    /// One row per owner, in natural order, then `(no owner)`.
    Owner,
    /// One row per milestone the items count toward, then `(no milestone)`.
    Milestone,
    /// One row per priority, in natural order, then `(no priority)`.
    Priority,
}

/// How many items have each status, and percent done.
#[derive(Debug, Default, Clone, Serialize, PartialEq)]
pub struct Counts {
    /// Items counted.
    pub total: usize,
    /// Items done.
    pub done: usize,
    /// Items in progress.
    pub in_progress: usize,
    /// Items blocked.
    pub blocked: usize,
    /// Items still to do.
    pub todo: usize,
    /// Items cancelled (counted in `total`, not in percent done).
    pub cancelled: usize,
    /// Done over items that are not cancelled, in percent (0 when there are none).
    pub percent_done: f64,
}

impl Counts {
    fn add(&mut self, s: Status) {
        self.total += 1;
        match s {
            Status::Done => self.done += 1,
            Status::InProgress => self.in_progress += 1,
            Status::Blocked => self.blocked += 1,
            Status::Todo => self.todo += 1,
            Status::Cancelled => self.cancelled += 1,
        }
    }

    fn finish(&mut self) {
        let open = self.total - self.cancelled;
        self.percent_done = if open == 0 {
            0.0
        } else {
            (self.done as f64 * 1000.0 / open as f64).round() / 10.0
        };
    }
}

/// One row of `status`.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// The id of the stream, bucket, milestone, or the owner or priority as
    /// written; empty for the `(no …)` row.
    pub key: String,
    /// The name shown, e.g. the stream's name or `(no owner)`.
    pub name: String,
    /// Nesting depth (a week bucket inside a phase is 1).
    #[serde(skip)]
    pub depth: usize,
    /// The items of this row (in the JSON, these fields sit in the row itself).
    #[serde(flatten)]
    pub counts: Counts,
}

/// An open item with a due date that is passed or that the schedule misses.
#[derive(Debug, Clone, Serialize)]
pub struct Late {
    /// The item's id.
    pub id: String,
    /// The item's name.
    pub name: String,
    /// Its due date: its own `due`, else its bucket's end, on the last working
    /// day of that period.
    pub due: NaiveDate,
    /// Working days: past the due date (overdue), or after it that the
    /// schedule can finish at the earliest (at risk).
    pub days_late: i64,
    /// Computed earliest finish, for at-risk items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finish: Option<NaiveDate>,
    /// Its owner (its own or a group's above it), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

/// Everything `status` reports about one plan (also its JSON form).
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    /// The plan's title.
    pub title: String,
    /// The plan's display name (its root file's path).
    pub file: String,
    /// The as-of date: overdue means due before it.
    pub today: NaiveDate,
    /// What rows are grouped by: `stream`, `bucket`, `owner`, `milestone` or `priority`.
    pub by: &'static str,
    /// The rows; with a filter, rows it leaves empty are dropped.
    pub groups: Vec<Group>,
    /// Every item the filter keeps.
    pub overall: Counts,
    /// Open items whose due date is before today, by due date then id.
    pub overdue: Vec<Late>,
    /// Open items due today or later that the schedule finishes after their due
    /// date (only when the plan has a start date), by due date then id.
    pub at_risk: Vec<Late>,
    /// The day the schedule as of today finishes the whole plan; null when
    /// the plan has no start date or nothing is scheduled.
    pub forecast_finish: Option<NaiveDate>,
    /// The plan's `deadline`: the last working day of its period; null
    /// without one.
    pub deadline: Option<NaiveDate>,
    /// Working days the forecast finish is after the deadline; 0 when it
    /// meets it, null when either is unknown.
    pub deadline_days_late: Option<i64>,
    /// How many late items a table or Markdown lists (None: all); JSON
    /// always has them all.
    #[serde(skip)]
    pub limit: Option<usize>,
}

impl StatusReport {
    /// The overdue and at-risk items together, worst first: most working
    /// days late, then the earliest due date, then by id.
    pub fn worst(&self) -> Vec<&Late> {
        let mut v: Vec<&Late> = self.overdue.iter().chain(&self.at_risk).collect();
        v.sort_by(|a, b| {
            b.days_late
                .cmp(&a.days_late)
                .then(a.due.cmp(&b.due))
                .then_with(|| natural_cmp(&a.id, &b.id))
        });
        v
    }
}

fn by_name(by: GroupBy) -> &'static str {
    match by {
        GroupBy::Stream => "stream",
        GroupBy::Bucket => "bucket",
        GroupBy::Owner => "owner",
        GroupBy::Milestone => "milestone",
        GroupBy::Priority => "priority",
    }
}

/// Progress of one plan grouped `by`, over the items `filter` keeps, as of
/// the view's date.
pub fn status(v: &PlanView, by: GroupBy, filter: &Filter) -> StatusReport {
    let (plan, g, sched, today, file) = (v.plan, v.graph, v.schedule, v.as_of, v.name.to_string());
    let items: Vec<usize> = plan.items().filter(|&i| filter.keeps(plan, i)).collect();
    let mut overall = Counts::default();
    for &i in &items {
        overall.add(plan.status(i));
    }
    overall.finish();

    // (key, name, depth, members)
    let mut groups: Vec<(String, String, usize, Vec<usize>)> = Vec::new();
    let push_rest =
        |groups: &mut Vec<(String, String, usize, Vec<usize>)>, label: &str, rest: Vec<usize>| {
            if !rest.is_empty() {
                groups.push((String::new(), label.to_string(), 0, rest));
            }
        };
    match by {
        GroupBy::Stream => {
            for (si, s) in plan.streams.iter().enumerate() {
                let m: Vec<usize> = items
                    .iter()
                    .copied()
                    .filter(|&i| plan.tasks[i].stream == si)
                    .collect();
                if !m.is_empty() || filter.stream.is_empty() {
                    groups.push((s.id.clone(), s.name.clone(), 0, m));
                }
            }
        }
        GroupBy::Bucket => {
            // Buckets in order, each with what lies within it.
            for (bi, b) in plan.buckets.iter().enumerate() {
                let m: Vec<usize> = items
                    .iter()
                    .copied()
                    .filter(|&i| {
                        plan.tasks[i]
                            .bucket
                            .is_some_and(|tb| plan.bucket_within(tb, bi))
                    })
                    .collect();
                groups.push((b.id.clone(), b.name.clone(), plan.bucket_depth(bi), m));
            }
            let rest = items
                .iter()
                .copied()
                .filter(|&i| plan.tasks[i].bucket.is_none())
                .collect();
            push_rest(&mut groups, "(no bucket)", rest);
        }
        GroupBy::Owner | GroupBy::Priority => {
            let key = |i: usize| match by {
                GroupBy::Owner => plan.tasks[i].owner.clone(),
                _ => plan.tasks[i].priority.clone(),
            };
            let mut keys: Vec<String> = items.iter().filter_map(|&i| key(i)).collect();
            keys.sort_by(|a, b| natural_cmp(a, b));
            keys.dedup();
            for k in keys {
                let m = items
                    .iter()
                    .copied()
                    .filter(|&i| key(i).as_deref() == Some(&k))
                    .collect();
                groups.push((k.clone(), k, 0, m));
            }
            let rest = items
                .iter()
                .copied()
                .filter(|&i| key(i).is_none())
                .collect();
            push_rest(
                &mut groups,
                if by == GroupBy::Owner {
                    "(no owner)"
                } else {
                    "(no priority)"
                },
                rest,
            );
        }
        GroupBy::Milestone => {
            let keep: std::collections::HashSet<usize> = items.iter().copied().collect();
            for (mi, m) in plan.milestones.iter().enumerate() {
                let mem: Vec<usize> = plan
                    .milestone_items(mi)
                    .into_iter()
                    .filter(|i| keep.contains(i))
                    .collect();
                if !mem.is_empty() {
                    groups.push((m.id.clone(), m.name.clone(), 0, mem));
                }
            }
            let rest = items
                .iter()
                .copied()
                .filter(|&i| plan.tasks[i].milestone.is_none())
                .collect();
            push_rest(&mut groups, "(no milestone)", rest);
        }
    }
    // With a filter, rows it leaves empty are noise.
    let filtered = !(filter.stream.is_empty()
        && filter.owner.is_empty()
        && filter.bucket.is_empty()
        && filter.status.is_empty()
        && filter.tag.is_empty());
    let groups = groups
        .into_iter()
        .filter(|(_, _, _, m)| !(filtered && m.is_empty()))
        .map(|(key, name, depth, m)| {
            let mut c = Counts::default();
            for i in m {
                c.add(plan.status(i));
            }
            c.finish();
            Group {
                key,
                name,
                depth,
                counts: c,
            }
        })
        .collect();

    let cal = &plan.calendar;
    let working_days_after = |due: NaiveDate, later: NaiveDate| cal.workdays_after(due, later);
    let open = |i: usize| !matches!(plan.status(i), Status::Done | Status::Cancelled);
    let mut overdue = Vec::new();
    let mut at_risk = Vec::new();
    for &i in &items {
        if !open(i) {
            continue;
        }
        let Some(due) = plan.due_date(i) else {
            continue;
        };
        let t = &plan.tasks[i];
        if due < today {
            overdue.push(Late {
                id: t.id.clone(),
                name: t.name.clone(),
                due,
                days_late: working_days_after(due, today - chrono::Days::new(1)).max(1),
                finish: None,
                owner: t.owner.clone(),
            });
        } else if let Some(s) = sched
            && let Ok(times) = s.times_of(g, NodeRef::Task(i))
            && let Some(finish) = s.finish_date(&times)
            && plan.start.is_some()
            && finish > due
        {
            at_risk.push(Late {
                id: t.id.clone(),
                name: t.name.clone(),
                due,
                days_late: working_days_after(due, finish),
                finish: Some(finish),
                owner: t.owner.clone(),
            });
        }
    }
    // Milestones the schedule reaches after their deadline or date.
    if let Some(s) = sched
        && plan.start.is_some()
    {
        for (mi, m) in plan.milestones.iter().enumerate() {
            let open = m
                .status
                .as_ref()
                .is_none_or(|st| !matches!(st.value, Status::Done | Status::Cancelled));
            let due = m
                .deadline
                .as_ref()
                .or(m.end.as_ref())
                .and_then(|d| cal.last_workday_until(d.period.last));
            if let (true, Some(due), Ok(t)) = (open, due, s.times_of(g, NodeRef::Milestone(mi)))
                && due >= today
                && let Some(finish) = s.finish_date(&t)
                && finish > due
            {
                at_risk.push(Late {
                    id: m.id.clone(),
                    name: m.name.clone(),
                    due,
                    days_late: working_days_after(due, finish),
                    finish: Some(finish),
                    owner: m.owner.clone(),
                });
            }
        }
    }
    for l in [&mut overdue, &mut at_risk] {
        l.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| natural_cmp(&a.id, &b.id)));
    }
    let forecast_finish = sched
        .filter(|_| plan.start.is_some())
        .and_then(|s| s.finish_told());
    let deadline = plan
        .deadline
        .as_ref()
        .and_then(|d| cal.last_workday_until(d.period.last));
    let deadline_days_late = match (forecast_finish, deadline) {
        (Some(f), Some(d)) if f > d => Some(working_days_after(d, f)),
        (Some(_), Some(_)) => Some(0),
        _ => None,
    };
    StatusReport {
        title: plan.title.clone(),
        file,
        today,
        by: by_name(by),
        groups,
        overall,
        overdue,
        at_risk,
        forecast_finish,
        deadline,
        deadline_days_late,
        limit: None,
    }
}

pub use crate::natural::natural_cmp;

/// Streams x buckets: how many items, and how many done, in each cell.
#[derive(Debug, Clone, Serialize)]
pub struct Matrix {
    /// The plan's title.
    pub title: String,
    /// The plan's display name (its root file's path).
    pub file: String,
    /// The ids of the top-level buckets, the columns (nested buckets count in
    /// their parent's column).
    pub buckets: Vec<String>,
    /// The buckets' names, the tables' column headers (not in the JSON).
    #[serde(skip)]
    pub bucket_names: Vec<String>,
    /// One row per stream with items the filter keeps, in plan order.
    pub rows: Vec<MatrixRow>,
}

/// One stream's row of the matrix.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixRow {
    /// The stream's id.
    pub stream: String,
    /// The stream's name.
    pub name: String,
    /// One cell per bucket, then one for items in no bucket.
    pub cells: Vec<Cell>,
}

/// One cell of the matrix: a stream's items in one bucket.
#[derive(Debug, Clone, Copy, Serialize, Default)]
pub struct Cell {
    /// Items in the cell.
    pub items: usize,
    /// Of those, the items done.
    pub done: usize,
}

/// Streams x top-level buckets, over the items `filter` keeps.
pub fn matrix(v: &PlanView, filter: &Filter) -> Matrix {
    let (plan, file) = (v.plan, v.name.to_string());
    let items: Vec<usize> = plan.items().filter(|&i| filter.keeps(plan, i)).collect();
    // Top-level buckets only: nested ones are inside their parent's column.
    let cols: Vec<usize> = (0..plan.buckets.len())
        .filter(|&b| plan.buckets[b].within.is_none())
        .collect();
    let rows = plan
        .streams
        .iter()
        .enumerate()
        .filter_map(|(si, s)| {
            let mine: Vec<usize> = items
                .iter()
                .copied()
                .filter(|&i| plan.tasks[i].stream == si)
                .collect();
            if mine.is_empty() {
                return None;
            }
            let mut cells = vec![Cell::default(); cols.len() + 1];
            for i in mine {
                let col = plan.tasks[i]
                    .bucket
                    .and_then(|tb| cols.iter().position(|&c| plan.bucket_within(tb, c)))
                    .unwrap_or(cols.len());
                cells[col].items += 1;
                if plan.status(i) == Status::Done {
                    cells[col].done += 1;
                }
            }
            Some(MatrixRow {
                stream: s.id.clone(),
                name: s.name.clone(),
                cells,
            })
        })
        .collect();
    Matrix {
        title: plan.title.clone(),
        file,
        buckets: cols.iter().map(|&c| plan.buckets[c].id.clone()).collect(),
        bucket_names: cols.iter().map(|&c| plan.buckets[c].name.clone()).collect(),
        rows,
    }
}

/// One row of `roadmap milestones`.
#[derive(Debug, Clone, Serialize)]
pub struct MilestoneRow {
    /// `milestone`, `gate`, or the bucket's kind (`bucket` when it has none).
    pub kind: String,
    /// The milestone's or bucket's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Items counted toward it (for a bucket, the items in it), cancelled ones included.
    pub items: usize,
    /// The total written in the plan (`total:`), if any.
    pub declared: Option<u64>,
    /// Items done.
    pub done: usize,
    /// Done over items that are not cancelled, in percent (0 when there are none).
    pub percent_done: f64,
    /// The planned date or deadline (ISO), if it has one.
    pub date: Option<NaiveDate>,
    /// `done`, `open`, `late` (its date has passed), `at-risk` (forecast
    /// after its date), `blocked` or `cancelled` (its own status).
    pub state: &'static str,
    /// When the schedule (as of today) reaches it.
    pub forecast: Option<NaiveDate>,
    /// Working days the forecast is after its date or deadline (negative:
    /// ahead of it).
    pub days_late: Option<i64>,
}

/// Everything `milestones` reports about one plan (also its JSON form).
#[derive(Debug, Clone, Serialize)]
pub struct MilestonesReport {
    /// The plan's title.
    pub title: String,
    /// The plan's display name (its root file's path).
    pub file: String,
    /// The as-of date: an open milestone dated before it is `late`.
    pub today: NaiveDate,
    /// Milestones and gates in plan order, then buckets with a declared total.
    pub milestones: Vec<MilestoneRow>,
    /// The rows count only the items of a filter.
    #[serde(skip)]
    pub filtered: bool,
}

/// One row per milestone, gate and bucket with a declared total, with the
/// forecast of the view's schedule.
pub fn milestones(v: &PlanView) -> MilestonesReport {
    milestones_of(v, &Filter::default())
}

/// [`milestones`] over the items `filter` keeps: each row counts those, a
/// row left with none is dropped, and a declared total (which is over every
/// item) is not shown.
pub fn milestones_of(v: &PlanView, filter: &Filter) -> MilestonesReport {
    let (plan, file, today) = (v.plan, v.name.to_string(), v.as_of);
    let filtered = !filter.is_empty();
    let kept = |members: Vec<usize>| -> Vec<usize> {
        members
            .into_iter()
            .filter(|&i| !filtered || filter.keeps(plan, i))
            .collect()
    };
    let (g, sched) = (Some(v.graph), v.schedule);
    let cal = &plan.calendar;
    // When the schedule reaches a milestone, and how late that is.
    let forecast = |mi: usize, date: Option<NaiveDate>| -> (Option<NaiveDate>, Option<i64>) {
        let (Some(g), Some(s), true) = (g, sched, plan.start.is_some()) else {
            return (None, None);
        };
        let Ok(t) = s.times_of(g, NodeRef::Milestone(mi)) else {
            return (None, None);
        };
        let f = s.finish_date(&t);
        let late = f.zip(date).map(|(f, d)| cal.workdays_after(d, f));
        (f, late)
    };
    let dated = |s: Option<&crate::plan::model::Stated>| {
        s.filter(|s| !(s.expr.is_relative() && plan.start.is_none()))
            .map(|s| {
                cal.last_workday_until(s.period.last)
                    .unwrap_or(s.period.last)
            })
    };
    let row = |kind: String,
               id: &str,
               name: &str,
               members: Vec<usize>,
               declared: Option<u64>,
               date: Option<NaiveDate>,
               explicit: Option<Status>,
               (forecast, days_late): (Option<NaiveDate>, Option<i64>)| {
        let mut c = Counts::default();
        for &i in &members {
            c.add(plan.status(i));
        }
        c.finish();
        // Its own status, when written, says more than its items.
        let all_done = match explicit {
            Some(st) => st == Status::Done,
            None => !members.is_empty() && c.done + c.cancelled == c.total,
        };
        let state = if all_done {
            "done"
        } else if explicit == Some(Status::Cancelled) {
            "cancelled"
        } else if explicit == Some(Status::Blocked) {
            "blocked"
        } else if date.is_some_and(|d| d < today) {
            "late"
        } else if days_late.is_some_and(|l| l > 0) {
            "at-risk"
        } else {
            "open"
        };
        MilestoneRow {
            kind,
            id: id.to_string(),
            name: name.to_string(),
            items: c.total,
            declared,
            done: c.done,
            percent_done: c.percent_done,
            date,
            state,
            forecast,
            days_late,
        }
    };
    let mut rows = Vec::new();
    for (mi, m) in plan.milestones.iter().enumerate() {
        let kind = match m.kind {
            crate::plan::model::MilestoneKind::Gate => "gate",
            crate::plan::model::MilestoneKind::Milestone => "milestone",
        };
        let date = dated(m.deadline.as_ref()).or(dated(m.end.as_ref()));
        // A milestone an owner filter names keeps every item of it.
        let own = filter.stream.is_empty()
            && filter.bucket.is_empty()
            && filter.status.is_empty()
            && filter.tag.is_empty()
            && m.owner
                .as_deref()
                .is_some_and(|o| filter.owner.iter().any(|w| w.eq_ignore_ascii_case(o)));
        let members = if own {
            plan.milestone_items(mi)
        } else {
            kept(plan.milestone_items(mi))
        };
        if filtered && members.is_empty() && !own {
            continue;
        }
        rows.push(row(
            kind.into(),
            &m.id,
            &m.name,
            members,
            m.total.as_ref().map(|t| t.value).filter(|_| !filtered),
            date,
            m.status.as_ref().map(|s| s.value),
            forecast(mi, date),
        ));
    }
    for (bi, b) in plan.buckets.iter().enumerate() {
        let Some(total) = &b.total else { continue };
        let members = plan
            .items()
            .filter(|&i| {
                plan.tasks[i]
                    .bucket
                    .is_some_and(|tb| plan.bucket_within(tb, bi))
            })
            .collect();
        let members = kept(members);
        if filtered && members.is_empty() {
            continue;
        }
        rows.push(row(
            b.kind
                .map(|k| k.as_str().to_string())
                .unwrap_or_else(|| "bucket".into()),
            &b.id,
            &b.name,
            members,
            Some(total.value).filter(|_| !filtered),
            dated(b.end.as_ref()),
            None,
            (None, None),
        ));
    }
    MilestonesReport {
        title: plan.title.clone(),
        file,
        today,
        milestones: rows,
        filtered,
    }
}

impl Counts {
    /// The counts of these statuses, percent done included (`diff` shows a
    /// plan's progress before and after with it).
    pub fn of(statuses: impl IntoIterator<Item = Status>) -> Counts {
        let mut c = Counts::default();
        for s in statuses {
            c.add(s);
        }
        c.finish();
        c
    }
}
