//! The checks of capacity (docs/capacity.md): a person or team given more
//! work at once than they have people (`over-allocated`), and a bucket or
//! stream whose work exceeds its declared `capacity` (`over-capacity`).

use crate::diag::Diagnostic;
use crate::plan::graph::PlanGraph;
use crate::plan::model::{NodeRef, Plan, Status};
use crate::schedule::Schedule;

/// Hundredths of an hour as a number of hours: `340`, `12.5`.
fn hours(ch: i64) -> String {
    if ch % 100 == 0 {
        (ch / 100).to_string()
    } else {
        format!("{:.1}", ch as f64 / 100.0)
    }
}

/// Both capacity checks of one plan against its schedule.
pub fn capacity_checks(plan: &Plan, g: &PlanGraph, s: &Schedule) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if plan.resources.is_empty()
        && plan.buckets.iter().all(|b| b.capacity.is_none())
        && plan.streams.iter().all(|st| st.capacity.is_none())
    {
        return out;
    }
    for (r, peak, cap, at) in crate::level::peaks(plan, g, s) {
        if peak <= cap {
            continue;
        }
        let res = &plan.resources[r];
        let mut who: Vec<&str> = g
            .graph
            .node_indices()
            .filter(|ix| {
                let i = ix.index();
                matches!(g.graph[*ix], NodeRef::Task(t)
                    if plan.tasks[t].assign.iter().any(|a| a.resource == r)
                    && plan.tasks[t].is_item()
                    && !matches!(plan.status(t), Status::Done | Status::Cancelled))
                    && s.times[i].is_ok()
                    && s.ticks[i].0 <= at
                    && at < s.ticks[i].1
            })
            .map(|ix| plan.node_id(g.graph[ix]))
            .collect();
        who.sort_unstable();
        let day = s
            .date(at.div_euclid(crate::plan::span::TICKS_PER_DAY))
            .map_or_else(String::new, |d| format!(" on {d}"));
        let people = if res.count == 1 {
            "one person".to_string()
        } else {
            format!("{} people", res.count)
        };
        out.push(Diagnostic::over_allocated(
            res.loc,
            &res.id,
            &format!(
                "{peak}% of a person at once{day} ({}), and it is {people} ({cap}%)",
                who.iter()
                    .map(|w| format!("`{w}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    let open = |t: usize| plan.tasks[t].is_item() && plan.status(t) != Status::Cancelled;
    // Each bucket's work, in one pass over the items.
    let mut needs = vec![0i64; plan.buckets.len()];
    if plan.buckets.iter().any(|b| b.capacity.is_some()) {
        for t in plan.items().filter(|&t| open(t)) {
            if let Some(b) = plan.tasks[t].bucket {
                needs[b] += plan.demand(t).unwrap_or(0);
            }
        }
    }
    for (b, bucket) in plan.buckets.iter().enumerate() {
        let Some(cap) = &bucket.capacity else {
            continue;
        };
        let need = needs[b];
        if need > cap.value {
            out.push(Diagnostic::over_capacity(
                cap.loc,
                &format!("bucket `{}` ({})", bucket.id, bucket.name),
                &hours(need),
                &hours(cap.value),
            ));
        }
    }
    for (si, st) in plan.streams.iter().enumerate() {
        let Some(cap) = &st.capacity else { continue };
        let mut per_bucket = vec![0i64; plan.buckets.len()];
        for t in plan.items() {
            if open(t)
                && plan.tasks[t].stream == si
                && let Some(b) = plan.tasks[t].bucket
            {
                per_bucket[b] += plan.demand(t).unwrap_or(0);
            }
        }
        for (b, need) in per_bucket.into_iter().enumerate() {
            if need > cap.value {
                out.push(Diagnostic::over_capacity(
                    cap.loc,
                    &format!("stream `{}` in bucket `{}`", st.id, plan.buckets[b].id),
                    &hours(need),
                    &hours(cap.value),
                ));
            }
        }
    }
    out
}
