//! `check` on what the plan states about time and the schedule cannot give:
//! a stated start that dependencies push later, a dated milestone that its
//! dependencies reach after its date, and dates written on days off
//! (docs/scheduling.md).
//!
//! All are judged on the plan as written (the schedule's baseline), so that
//! they do not change with the as-of date.

use crate::diag::Diagnostic;
use crate::plan::graph::PlanGraph;
use crate::plan::model::{NodeRef, Plan, Stated, Status};
use crate::plan::time::Granularity;
use crate::schedule::Schedule;

/// The checks above, on `plan` against its schedule's baseline; none when the
/// plan has no `start` (nothing is then on the calendar).
pub fn constraint_checks(plan: &Plan, g: &PlanGraph, s: &Schedule) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if plan.start.is_none() {
        return out;
    }
    let base = s.baseline();
    for n in plan.nodes() {
        // Tasks, then milestones, in index order (graph.rs): no hashing.
        let ix = match n {
            NodeRef::Task(t) => t,
            NodeRef::Milestone(m) => plan.tasks.len() + m,
        };
        debug_assert_eq!(g.graph[petgraph::graph::NodeIndex::new(ix)], n);
        let Ok(t) = base.times[ix] else { continue };
        match n {
            NodeRef::Task(ti) => {
                let task = &plan.tasks[ti];
                let open = !matches!(plan.status(ti), Status::Done | Status::Cancelled);
                if let (true, true, Some(start), Some(es)) =
                    (task.is_item(), open, &task.start, base.start_date(&t))
                    && es > latest_start(plan, start)
                    && !before_stated_dependency(plan, n, start)
                {
                    out.push(start_not_held(plan, g, base, n, start, es));
                }
            }
            NodeRef::Milestone(mi) => {
                let m = &plan.milestones[mi];
                let open = m
                    .status
                    .as_ref()
                    .is_none_or(|st| !matches!(st.value, Status::Done | Status::Cancelled));
                if let (true, Some(date), Some(reached)) = (open, &m.start, base.finish_date(&t))
                    && let Some(last) = plan.calendar.last_workday_until(date.period.last)
                    && reached > last
                    && !before_stated_dependency(plan, n, date)
                {
                    out.push(Diagnostic::milestone_date_missed(
                        date.loc,
                        &m.id,
                        &shown(date, last),
                        reached,
                    ));
                }
            }
        }
    }
    non_working_days(plan, &mut out);
    out
}

/// The last day a stated start still holds on: the period's last day; for
/// a week or a month, the first working day after it too (starting the
/// next week when a dependency ends late in the stated one is a hand-off,
/// as in `start-before-dependency`).
fn latest_start(plan: &Plan, start: &Stated) -> chrono::NaiveDate {
    let last = start.period.last;
    if start.period.granularity == Granularity::Day {
        return last;
    }
    last.succ_opt()
        .and_then(|d| plan.calendar.first_workday_from(d))
        .unwrap_or(last)
}

/// Does `start-before-dependency` already say that this stated start is
/// before a dependency's stated end? Then that is the message to act on.
fn before_stated_dependency(plan: &Plan, n: NodeRef, start: &Stated) -> bool {
    plan.node_after(n).iter().any(|dep| {
        let (_, Some(end)) = plan.node_dates(dep.target) else {
            return false;
        };
        if start.period.granularity == Granularity::Day
            && end.period.granularity == Granularity::Day
        {
            end.period.last >= start.period.first
        } else {
            end.period.first > start.period.last
        }
    })
}

fn shown(s: &Stated, day: chrono::NaiveDate) -> String {
    if s.period.granularity == Granularity::Day {
        day.to_string()
    } else {
        format!("`{}` ({day})", s.text)
    }
}

fn start_not_held(
    plan: &Plan,
    g: &PlanGraph,
    s: &Schedule,
    n: NodeRef,
    start: &Stated,
    es: chrono::NaiveDate,
) -> Diagnostic {
    let first = plan
        .calendar
        .first_workday_from(start.period.first)
        .unwrap_or(start.period.first);
    let ix = g.index[&n];
    let drivers = s.direct_drivers(g, ix);
    let because = if let Some(p) = drivers.first() {
        Some((
            plan.node_loc(g.graph[*p]),
            format!("it waits for `{}`", plan.node_id(g.graph[*p])),
        ))
    } else if let NodeRef::Task(t) = n
        && let Some(b) = plan.tasks[t].bucket
        && let Some(bs) = &plan.buckets[b].start
    {
        Some((
            bs.loc,
            format!("its bucket `{}` starts here", plan.buckets[b].id),
        ))
    } else {
        None
    };
    Diagnostic::start_not_held(
        start.loc,
        plan.node_id(n),
        &shown(start, first),
        es,
        because,
    )
}

/// A day written on a weekend or holiday where the day shown differs from
/// the day written: a start means the next working day, a milestone's date
/// the working day before.
fn non_working_days(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let cal = &plan.calendar;
    let mut look = |s: &Stated, key: &str, start_like: bool| {
        if s.period.granularity != Granularity::Day || cal.is_workday(s.period.first) {
            return;
        }
        let day = s.period.first;
        let why = if cal.holidays.contains(&day) {
            "a holiday".to_string()
        } else {
            format!("a {}", day.format("%A"))
        };
        let (moved, word) = if start_like {
            (cal.first_workday_from(day), "the next working day")
        } else {
            (cal.last_workday_until(day), "the working day before")
        };
        let Some(moved) = moved else { return };
        out.push(Diagnostic::non_working_day(
            s.loc, key, day, &why, word, moved,
        ));
    };
    for t in &plan.tasks {
        // An end, due date or finish on a day off is the end of the
        // working day before in every reading: no note. A start moves.
        for (s, key, start_like) in [
            (t.start.as_ref(), "start", true),
            (t.not_before.as_deref(), "not_before", true),
            (t.started.as_deref(), "started", true),
        ] {
            if let Some(s) = s {
                look(s, key, start_like);
            }
        }
    }
    for m in &plan.milestones {
        let point = m.span.as_ref().is_none_or(|s| s.value.is_zero());
        let date_key = if m.start.as_ref().map(|s| s.loc) == m.end.as_ref().map(|s| s.loc) {
            "date"
        } else {
            "start"
        };
        // A milestone's date is shown on the day it counts as.
        for (s, key, start_like) in [
            (m.start.as_ref(), date_key, !point),
            (m.not_before.as_deref(), "not_before", !point),
            (m.started.as_deref(), "started", true),
        ] {
            if let Some(s) = s {
                look(s, key, start_like);
            }
        }
    }
}
