//! Dates past what a calendar or an export can hold: a schedule that runs
//! beyond 9999-12-31 (or off the end of the calendar) is a diagnostic, not
//! a `+11991-12-30` in a Mermaid chart or a task with "no duration".

use crate::diag::{Code, Diagnostic};
use crate::graph::PlanGraph;
use crate::model::Plan;
use crate::schedule::Schedule;
use chrono::NaiveDate;

/// The last date every output can write: four-digit years (ISO 8601 as
/// Mermaid, JSON readers and spreadsheets read it).
pub fn last_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(9999, 12, 31).expect("a valid date")
}

/// A `date-out-of-range` error at the first task or milestone (in file
/// order) that the schedule puts after [`last_date`] or off the calendar;
/// how many more there are is in the message.
pub fn check(plan: &Plan, g: &PlanGraph, s: &Schedule) -> Option<Diagnostic> {
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
    Some(
        Diagnostic::new(
            Code::DateOutOfRange,
            plan.node_loc(first),
            format!(
                "`{}` would finish {when}, after {last}, the last date a report or an export can hold{}",
                plan.node_id(first),
                match more {
                    0 => String::new(),
                    1 => " (and 1 more)".to_string(),
                    n => format!(" (and {n} more)"),
                }
            ),
        )
        .label("scheduled past 9999-12-31")
        .help("check the durations on the way to it: `roadmap explain` shows the chain"),
    )
}
