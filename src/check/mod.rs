//! `roadmap check`: everything that can be said about a plan without running it.
//!
//! Structural problems come from loading and resolving; this module adds
//! dependency cycles, declared totals and the consistency of stated dates.

pub mod capacity;
pub mod constraints;

use crate::diag::{self, Diagnostic};
use crate::plan::graph::PlanGraph;
use crate::plan::model::{At, NodeRef, Plan, Stated};
use crate::plan::time::{Granularity, format_days};
use crate::schedule::Schedule;
use chrono::NaiveDate;

/// All checks on a resolved plan.
pub fn check_plan(plan: &Plan, graph: &PlanGraph) -> Vec<Diagnostic> {
    let mut out = graph.cycles(plan);
    totals(plan, &mut out);
    for n in plan.nodes() {
        durations(plan, n, &mut out);
        outside_bucket(plan, n, &mut out);
        for dep in plan.node_after(n) {
            start_before_dependency(plan, n, dep.target, dep.loc, &mut out);
            bucket_order(plan, n, dep.target, dep.loc, &mut out);
        }
    }
    out
}

fn total_mismatch(what: String, declared: &At<u64>, counted: u64, out: &mut Vec<Diagnostic>) {
    if declared.value == counted {
        return;
    }
    out.push(Diagnostic::total_mismatch(
        declared.loc,
        &what,
        declared.value,
        counted,
    ));
}

/// Most steps spent counting the items of milestones, through `members` and
/// the groups in `after`. The reports count them again for each milestone, so
/// a plan beyond this is refused rather than made slow.
pub const MAX_MILESTONE_WORK: usize = 20_000_000;

/// Declared totals against counted items: one pass over the items for the
/// plan, buckets and streams, so that many totals cost no more than one.
fn totals(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let items: Vec<usize> = plan.items().collect();
    if let Some(t) = &plan.total {
        total_mismatch(
            format!("the plan `{}`", plan.title),
            t,
            items.len() as u64,
            out,
        );
    }
    let mut in_bucket = vec![0u64; plan.buckets.len()];
    let mut in_stream = vec![0u64; plan.streams.len()];
    for &i in &items {
        in_stream[plan.tasks[i].stream] += 1;
        // An item counts toward its bucket and every bucket that one lies
        // within (the resolver bounds and un-cycles these chains).
        let mut b = plan.tasks[i].bucket;
        let mut steps = 0;
        while let Some(bi) = b
            && steps <= plan.buckets.len()
        {
            in_bucket[bi] += 1;
            b = plan.buckets[bi].within;
            steps += 1;
        }
    }
    for (bi, b) in plan.buckets.iter().enumerate() {
        if let Some(t) = &b.total {
            total_mismatch(format!("bucket `{}`", b.id), t, in_bucket[bi], out);
        }
    }
    for (si, s) in plan.streams.iter().enumerate() {
        if let Some(t) = &s.total {
            total_mismatch(format!("stream `{}`", s.id), t, in_stream[si], out);
        }
    }
    // Every milestone, not only those with a total: the reports count them all.
    let mut budget = MAX_MILESTONE_WORK;
    for (mi, m) in plan.milestones.iter().enumerate() {
        let Some(n) = plan.milestone_items_within(mi, &mut budget) else {
            out.push(Diagnostic::milestone_count_too_long(
                m.loc,
                MAX_MILESTONE_WORK,
                &m.id,
            ));
            break;
        };
        if let Some(t) = &m.total {
            total_mismatch(format!("milestone `{}`", m.id), t, n.len() as u64, out);
        }
    }
    for (ti, task) in plan.tasks.iter().enumerate() {
        if let Some(t) = &task.total {
            let mut n = 0u64;
            plan.for_each_item(ti, |_| n += 1);
            total_mismatch(format!("task `{}`", task.id), t, n, out);
        }
    }
}

/// The working day a stated period starts (or ends) on, as text.
fn describe_day(plan: &Plan, s: &Stated, first: bool) -> String {
    let cal = &plan.calendar;
    if s.expr.is_relative() && plan.start.is_none() {
        return format!(
            "plan week {}",
            (if first { s.period.first } else { s.period.last } - plan.origin).num_days() / 7 + 1
        );
    }
    let day = if first {
        cal.first_workday_from(s.period.first)
            .unwrap_or(s.period.first)
    } else {
        cal.last_workday_until(s.period.last)
            .unwrap_or(s.period.last)
    };
    day.to_string()
}

fn describe(plan: &Plan, s: &Stated, first: bool) -> String {
    // Show the working day a period starts or ends on, not a weekend.
    let cal = &plan.calendar;
    let day = if first {
        cal.first_workday_from(s.period.first)
            .unwrap_or(s.period.first)
    } else {
        cal.last_workday_until(s.period.last)
            .unwrap_or(s.period.last)
    };
    if s.expr.is_relative() && plan.start.is_none() {
        format!("`{}`", s.text)
    } else if s.period.granularity == Granularity::Day {
        format!("{}", day)
    } else {
        format!("`{}` ({})", s.text, day)
    }
}

/// A stated start as text. A milestone that takes no time is reached by the
/// end of its first day: the working day before, on a day off, as in every
/// command (docs/scheduling.md).
fn describe_start(plan: &Plan, n: NodeRef, s: &Stated) -> String {
    let point = matches!(n, NodeRef::Milestone(m)
        if plan.milestones[m].span.as_ref().is_none_or(|x| x.value.is_zero()));
    if !point || (s.expr.is_relative() && plan.start.is_none()) {
        return describe(plan, s, true);
    }
    let day = plan
        .calendar
        .last_workday_until(s.period.first)
        .unwrap_or(s.period.first);
    if s.period.granularity == Granularity::Day {
        day.to_string()
    } else {
        format!("`{}` ({})", s.text, day)
    }
}

fn kind_of(n: NodeRef) -> &'static str {
    match n {
        NodeRef::Task(_) => "task",
        NodeRef::Milestone(_) => "milestone",
    }
}

/// A task or milestone as diagnostics name it.
fn node(plan: &Plan, n: NodeRef) -> diag::Node<'_> {
    diag::Node {
        kind: kind_of(n),
        id: plan.node_id(n),
    }
}

/// A stated start before a dependency's stated end, judged at the granularity
/// the dates were written in.
fn start_before_dependency(
    plan: &Plan,
    n: NodeRef,
    dep: NodeRef,
    at: crate::source::Loc,
    out: &mut Vec<Diagnostic>,
) {
    let (Some(start), _) = plan.node_dates(n) else {
        return;
    };
    let (_, Some(dep_end)) = plan.node_dates(dep) else {
        return;
    };
    let both_days = start.period.granularity == Granularity::Day
        && dep_end.period.granularity == Granularity::Day;
    let violated = if both_days {
        dep_end.period.last >= start.period.first
    } else {
        dep_end.period.first > start.period.last
    };
    if !violated {
        return;
    }
    out.push(Diagnostic::start_before_dependency(
        diag::StartBeforeDependency {
            node: node(plan, n),
            start: describe_start(plan, n, start),
            start_loc: start.loc,
            dependency: plan.node_id(dep),
            dependency_end: describe(plan, dep_end, false),
            dependency_end_loc: dep_end.loc,
            after_loc: at,
            both_days,
            same_day: both_days && dep_end.period.last == start.period.first,
        },
    ));
}

/// A duration that cannot fill the stated start and end.
fn durations(plan: &Plan, n: NodeRef, out: &mut Vec<Diagnostic>) {
    let (Some(start), Some(end)) = plan.node_dates(n) else {
        return;
    };
    let Some(dur) = plan.node_duration(n) else {
        return;
    };
    if end.period.last < start.period.first {
        return; // reported as end-before-start already
    }
    let cal = &plan.calendar;
    let span = cal.workdays_between(start.period.first, end.period.last);
    let coarse =
        start.period.granularity != Granularity::Day || end.period.granularity != Granularity::Day;
    let d = dur.value as i64;
    let ok = if coarse {
        // The last period may be partly used: the duration must end inside it.
        let last_period = cal.workdays_between(end.period.first, end.period.last);
        d <= span && d > span - last_period.max(1)
    } else {
        d == span
    };
    if ok {
        return;
    }
    let unit = match end.period.granularity {
        Granularity::Day => "",
        Granularity::Week => ", counted in whole weeks",
        Granularity::Month => ", counted in whole months",
        Granularity::Quarter => ", counted in whole quarters",
        Granularity::Year => ", counted in whole years",
    };
    let what = if coarse {
        let last_period = cal
            .workdays_between(end.period.first, end.period.last)
            .max(1);
        let low = (span - last_period + 1).max(1);
        format!(
            "its stated dates {} to {} span {} ({} to {}{unit}: a duration of {} fits)",
            start.text,
            end.text,
            format_days(span.max(0) as u32),
            describe_day(plan, start, true),
            describe_day(plan, end, false),
            if low >= span {
                format!("{span} days")
            } else {
                format!("{low} to {span} days")
            }
        )
    } else {
        format!(
            "{} to {} is {} working days",
            start.text,
            end.text,
            span.max(0)
        )
    };
    out.push(Diagnostic::duration_mismatch(
        dur.loc,
        node(plan, n),
        &format_days(dur.value),
        &what,
        start.loc,
        end.loc,
    ));
}

/// A task whose bucket ends before the bucket of something it depends on begins.
fn bucket_order(
    plan: &Plan,
    n: NodeRef,
    dep: NodeRef,
    at: crate::source::Loc,
    out: &mut Vec<Diagnostic>,
) {
    let (Some(bt), Some(bd)) = (plan.node_bucket(n), plan.node_bucket(dep)) else {
        return;
    };
    if plan.bucket_within(bt, bd) || plan.bucket_within(bd, bt) {
        return;
    }
    let (t, d) = (&plan.buckets[bt], &plan.buckets[bd]);
    let before = match (t.last_day(), d.first_day()) {
        (Some(t_end), Some(d_start)) => t_end < d_start,
        // Undated buckets keep the order they are listed in.
        _ if !t.is_dated() && !d.is_dated() => bt < bd,
        _ => false,
    };
    if !before {
        return;
    }
    out.push(Diagnostic::bucket_order(diag::BucketOrder {
        node: node(plan, n),
        dependency: plan.node_id(dep),
        after_loc: at,
        bucket: &t.id,
        bucket_loc: t.loc,
        dependency_bucket: &d.id,
        dependency_bucket_loc: d.loc,
    }));
}

/// Stated dates that fall outside the task's own bucket.
fn outside_bucket(plan: &Plan, n: NodeRef, out: &mut Vec<Diagnostic>) {
    let Some(b) = plan.node_bucket(n) else {
        return;
    };
    let bucket = &plan.buckets[b];
    let (start, end) = plan.node_dates(n);
    let mut report = |s: &Stated, starts: bool, bound: &Stated| {
        out.push(Diagnostic::outside_bucket(
            s.loc,
            node(plan, n),
            starts,
            &describe(plan, s, starts),
            &bucket.id,
            &describe(plan, bound, starts),
            bound.loc,
        ));
    };
    if let (Some(s), Some(bs)) = (start, &bucket.start)
        && s.period.last < bs.period.first
    {
        report(s, true, bs);
    }
    if let (Some(e), Some(be)) = (end, &bucket.end)
        && e.period.first > be.period.last
    {
        report(e, false, be);
    }
}

/// Tasks whose computed earliest finish is after their due date (their own,
/// or their bucket's end): `due-date-missed`; milestones that finish after
/// their `deadline`, and a plan that finishes after its own:
/// `deadline-missed`.
pub fn deadlines(plan: &Plan, g: &PlanGraph, s: &crate::schedule::Schedule) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for m in &s.missed {
        if matches!(m.node, NodeRef::Task(t) if !plan.tasks[t].is_item()) {
            continue;
        }
        let t = match s.times_of(g, m.node) {
            Ok(t) => t,
            Err(_) => continue,
        };
        let finish = s.finish_date(&t).map(|d| d.to_string()).unwrap_or_default();
        if let NodeRef::Milestone(_) = m.node {
            // A milestone's only deadline is its own `deadline`.
            out.push(Diagnostic::deadline_missed(
                plan.node_loc(m.node),
                node(plan, m.node),
                &finish,
                m.days_late,
                &m.deadline.date.to_string(),
                m.deadline.loc,
            ));
            continue;
        }
        out.push(Diagnostic::due_date_missed(
            plan.node_loc(m.node),
            node(plan, m.node),
            &finish,
            m.days_late,
            &m.deadline.source,
            &m.deadline.date.to_string(),
            m.deadline.loc,
        ));
    }
    if let Some(d) = &plan.deadline
        && let Some(limit) = plan.calendar.last_workday_until(d.period.last)
        && let Some(finish) = s.finish_day()
        && s.finish > 0
        && finish > limit
    {
        let late = plan.calendar.workdays_after(limit, finish);
        out.push(Diagnostic::plan_deadline_missed(
            d.loc,
            &finish.to_string(),
            late,
            &limit.to_string(),
        ));
    }
    out
}

// ---- dates past the calendar (date-out-of-range) ----

/// The last date every output can write: four-digit years (ISO 8601 as
/// Mermaid, JSON readers and spreadsheets read it).
pub fn last_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(9999, 12, 31).expect("a valid date")
}

/// A `date-out-of-range` error (a schedule past 9999-12-31 is a diagnostic,
/// not a `+11991-12-30` in a Mermaid chart) at the first task or milestone (in file
/// order) that the schedule puts after [`last_date`] or off the calendar;
/// how many more there are is in the message.
pub fn horizon(plan: &Plan, g: &PlanGraph, s: &Schedule) -> Option<Diagnostic> {
    // A plan without a start is drawn from 2001 (docs/export.md): its
    // dates can run past the end too.
    if s.finish <= 0 {
        return None;
    }
    let last = last_date();
    if s.finish_day().is_some_and(|d| d <= last) {
        return None;
    }
    let mut past = plan.nodes().filter(|&n| {
        s.times_of(g, n)
            .is_ok_and(|t| t.duration > 0 && s.finish_date(&t).is_none_or(|d| d > last))
    });
    let first = past.next()?;
    let more = past.count();
    let t = s.times_of(g, first).ok()?;
    let when = match s.finish_date(&t) {
        Some(d) => format!("on {d}"),
        None => "past the end of the calendar".to_string(),
    };
    Some(Diagnostic::date_out_of_range(
        plan.node_loc(first),
        plan.node_id(first),
        &when,
        last,
        more,
    ))
}
