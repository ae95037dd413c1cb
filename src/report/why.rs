//! Why a task starts when it does, in words, for `roadmap explain`: the
//! constraint, the as-of date or the dependency that sets its start
//! (docs/scheduling.md).

use crate::plan::graph::PlanGraph;
use crate::plan::model::Plan;
use crate::plan::span::{DepType, Span, TICKS_PER_DAY};
use crate::schedule::{Floor, Schedule, Why};
use petgraph::graph::NodeIndex;

fn lag_text(lag: Span) -> String {
    let (n, unit) = match lag {
        Span::Work(t) => (t as f64 / TICKS_PER_DAY as f64, "working day"),
        Span::Calendar(d) => (d as f64, "calendar day"),
    };
    let plural = if n.abs() == 1.0 { "" } else { "s" };
    if n >= 0.0 {
        format!("{n} {unit}{plural} after")
    } else {
        format!("{} {unit}{plural} before", -n)
    }
}

/// One sentence on what sets the start of `ix`, when it is not the finish
/// of the task before it (`None`: `explain` shows that chain).
pub fn start_reason(plan: &Plan, g: &PlanGraph, s: &Schedule, ix: NodeIndex) -> Option<String> {
    let as_of = s.as_of.map(|d| format!(" (as of {d})")).unwrap_or_default();
    Some(match s.why.get(ix.index())? {
        Why::Floor(Floor::PlanStart) => {
            "It starts at the plan start: nothing before it holds it back.".into()
        }
        Why::Floor(Floor::Today) => format!(
            "It has not started, and work not started starts no earlier than today{as_of}."
        ),
        Why::Floor(Floor::Start) => {
            "It starts on its stated `start` (a start no earlier than).".into()
        }
        Why::Floor(Floor::NotBefore) => "It starts on its `not_before` date.".into(),
        Why::Floor(Floor::Bucket(b)) => format!(
            "It starts when its bucket `{}` starts: work in that bucket waits for it.",
            plan.buckets[*b].id
        ),
        Why::Floor(Floor::Date) => "It is reached on its stated date.".into(),
        Why::Floor(Floor::Resource { resource, holder }) => {
            let who = plan
                .resources
                .get(*resource)
                .map_or("a resource", |r| r.id.as_str());
            match s.times.get(holder.index()).and_then(|t| t.ok()) {
                Some(t) => format!(
                    "It waits for {who}, busy on `{}` until {} (levelled).",
                    plan.node_id(g.graph[*holder]),
                    s.finish_date(&t).map_or("?".into(), |d| d.to_string())
                ),
                None => format!("It waits for {who}, away on a day off (levelled)."),
            }
        }
        Why::Actual => format!("It sits at its actual dates{as_of}: done, or under way."),
        Why::Planned => format!(
            "It is done or cancelled without actual dates: it stays where the plan put it, ending by today{as_of}."
        ),
        Why::Late => {
            "It is scheduled as late as possible before what it precedes (`schedule: alap` or `before`).".into()
        }
        Why::Link(e) => {
            let (kind, lag) = g.links[e.index()];
            let (from, _) = g.graph.edge_endpoints(*e)?;
            if kind == DepType::Fs && lag.is_zero() {
                return None;
            }
            let pred = plan.node_id(g.graph[from]);
            let (mine, theirs) = match kind {
                DepType::Fs => ("starts", "finishes"),
                DepType::Ss => ("starts", "starts"),
                DepType::Ff => ("finishes", "finishes"),
                DepType::Sf => ("finishes", "starts"),
            };
            if lag.is_zero() {
                format!("It {mine} when `{pred}` {theirs} ({}).", kind.as_str())
            } else {
                format!(
                    "It {mine} {} `{pred}` {theirs} ({}).",
                    lag_text(lag),
                    kind.as_str()
                )
            }
        }
    })
}
