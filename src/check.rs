//! `roadmap check`: everything that can be said about a plan without running it.
//!
//! Structural problems come from loading and resolving; this module adds
//! dependency cycles, declared totals and the consistency of stated dates.

use crate::diag::{Code, Diagnostic};
use crate::graph::PlanGraph;
use crate::model::{At, NodeRef, Plan, Stated};
use crate::time::{Granularity, format_days};
use std::collections::HashSet;

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

fn plural(n: u64, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn total_mismatch(what: String, declared: &At<u64>, counted: u64, out: &mut Vec<Diagnostic>) {
    if declared.value == counted {
        return;
    }
    out.push(
        Diagnostic::new(
            Code::TotalMismatch,
            declared.loc,
            format!(
                "{what} declares {} but has {}",
                plural(declared.value, "item"),
                plural(counted, "item")
            ),
        )
        .label(format!("declared {}, counted {counted}", declared.value))
        .help(if counted < declared.value {
            format!("an item is a task without sub-tasks; add the missing items, or change the total to {counted}")
        } else {
            format!("an item is a task without sub-tasks; change the total to {counted}, or remove the items that do not belong")
        }),
    );
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
        let Some(n) = milestone_items_within(plan, mi, &mut budget) else {
            out.push(
                Diagnostic::new(
                    Code::InputLimit,
                    m.loc,
                    format!(
                        "counting the items of the milestones takes more than {MAX_MILESTONE_WORK} steps; stopped at milestone `{}`",
                        m.id
                    ),
                )
                .help("milestones made of many others, or after large groups, count the same items many times; see docs/security.md"),
            );
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

/// The items counted toward a milestone: those whose `milestone` names it or
/// one of its members (at any depth), and those it lists in `after` (with
/// their sub-tasks); each once, in file order.
pub fn milestone_items(plan: &Plan, m: usize) -> Vec<usize> {
    let mut unbounded = usize::MAX;
    milestone_items_within(plan, m, &mut unbounded).unwrap_or_default()
}

/// [`milestone_items`], spending at most `budget` steps (None past it).
fn milestone_items_within(plan: &Plan, m: usize, budget: &mut usize) -> Option<Vec<usize>> {
    let mut spend = |n: usize| -> Option<()> {
        *budget = budget.checked_sub(n)?;
        Some(())
    };
    let mut ms = HashSet::from([m]);
    let mut stack = vec![m];
    let mut out = Vec::new();
    while let Some(x) = stack.pop() {
        let own = plan.milestone_tasks.get(x).map_or(&[][..], Vec::as_slice);
        spend(1 + own.len() + plan.milestones[x].members.len())?;
        out.extend_from_slice(own);
        for mem in &plan.milestones[x].members {
            if ms.insert(mem.value) {
                stack.push(mem.value);
            }
        }
    }
    for d in &plan.milestones[m].after {
        if let NodeRef::Task(t) = d.target {
            let before = out.len();
            plan.for_each_item(t, |i| out.push(i));
            spend(1 + out.len() - before)?;
        }
    }
    out.sort_unstable();
    out.dedup();
    Some(out)
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
    let message = if both_days && dep_end.period.last == start.period.first {
        format!(
            "{} `{}` starts on {}, the day its dependency `{}` ends: it can start the next working day",
            kind_of(n),
            plan.node_id(n),
            describe_start(plan, n, start),
            plan.node_id(dep),
        )
    } else {
        format!(
            "{} `{}` starts {} before its dependency `{}` ends {}",
            kind_of(n),
            plan.node_id(n),
            describe_start(plan, n, start),
            plan.node_id(dep),
            describe(plan, dep_end, false),
        )
    };
    out.push(
        Diagnostic::new(Code::StartBeforeDependency, start.loc, message)
        .label("stated start")
        .related(dep_end.loc, format!("`{}` ends here", plan.node_id(dep)))
        .related(at, "the dependency")
        .help(if both_days {
            "a task can start on the working day after its dependency ends".to_string()
        } else {
            "with dates written as weeks or months, starting in the period where the dependency ends is a hand-off; starting in an earlier one is not".to_string()
        }),
    );
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
        return; // reported as an invalid value already
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
    out.push(
        Diagnostic::new(
            Code::DurationMismatch,
            dur.loc,
            format!(
                "{} `{}` lasts {}, but {what}",
                kind_of(n),
                plan.node_id(n),
                format_days(dur.value)
            ),
        )
        .label("stated duration")
        .related(start.loc, "stated start")
        .related(end.loc, "stated end")
        .help("make the duration, the start and the end agree"),
    );
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
    out.push(
        Diagnostic::new(
            Code::BucketOrder,
            at,
            format!(
                "{} `{}` is planned in `{}`, which ends before `{}` (the bucket of its dependency `{}`) begins",
                kind_of(n),
                plan.node_id(n),
                t.id,
                d.id,
                plan.node_id(dep)
            ),
        )
        .label("this dependency")
        .related(t.loc, format!("bucket `{}`", t.id))
        .related(d.loc, format!("bucket `{}`", d.id))
        .help("move the task to a later bucket, or its dependency to an earlier one"),
    );
}

/// Stated dates that fall outside the task's own bucket.
fn outside_bucket(plan: &Plan, n: NodeRef, out: &mut Vec<Diagnostic>) {
    let Some(b) = plan.node_bucket(n) else {
        return;
    };
    let bucket = &plan.buckets[b];
    let (start, end) = plan.node_dates(n);
    let mut report = |s: &Stated, edge: &str, when: &str, bound: &Stated| {
        out.push(
            Diagnostic::new(
                Code::OutsideBucket,
                s.loc,
                format!(
                    "{} `{}` {edge} {} , {when} its bucket `{}` {}",
                    kind_of(n),
                    plan.node_id(n),
                    describe(plan, s, edge == "starts"),
                    bucket.id,
                    if when == "before" {
                        format!("begins {}", describe(plan, bound, true))
                    } else {
                        format!("ends {}", describe(plan, bound, false))
                    }
                )
                .replace(" ,", ","),
            )
            .label(format!(
                "stated {}",
                if edge == "starts" { "start" } else { "end" }
            ))
            .related(bound.loc, format!("bucket `{}`", bucket.id))
            .help("move the task to the bucket its dates fall in, or change its dates"),
        );
    };
    if let (Some(s), Some(bs)) = (start, &bucket.start)
        && s.period.last < bs.period.first
    {
        report(s, "starts", "before", bs);
    }
    if let (Some(e), Some(be)) = (end, &bucket.end)
        && e.period.first > be.period.last
    {
        report(e, "ends", "after", be);
    }
}

/// Tasks and milestones whose computed earliest finish is after their due
/// date (their own, or their bucket's end), and a plan that finishes after
/// its deadline.
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
        out.push(
            Diagnostic::new(
                Code::DueDateMissed,
                plan.node_loc(m.node),
                format!(
                    "{} `{}` can finish {finish} at the earliest, {} working day{} after {} ({})",
                    kind_of(m.node),
                    plan.node_id(m.node),
                    m.days_late,
                    if m.days_late == 1 { "" } else { "s" },
                    m.deadline.source,
                    m.deadline.date
                ),
            )
            .label(format!(
                "{} working day{} late",
                m.days_late,
                if m.days_late == 1 { "" } else { "s" }
            ))
            .related(m.deadline.loc, "the due date")
            .help("`roadmap explain` shows the chain that makes it late; shorten that chain or move the due date"),
        );
    }
    if let Some(d) = &plan.deadline
        && let Some(limit) = plan.calendar.last_workday_until(d.period.last)
        && let Some(finish) = s.finish_day()
        && s.finish > 0
        && finish > limit
    {
        let late = plan
            .calendar
            .workdays_between(limit.succ_opt().unwrap_or(limit), finish);
        out.push(
            Diagnostic::new(
                Code::DueDateMissed,
                d.loc,
                format!(
                    "the plan can finish {finish} at the earliest, {late} working day{} after its deadline ({limit})",
                    if late == 1 { "" } else { "s" }
                ),
            )
            .label("plan deadline")
            .help("`roadmap critical-path` shows the chain that sets the finish date"),
        );
    }
    out
}
