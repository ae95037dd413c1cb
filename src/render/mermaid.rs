//! A Mermaid `gantt` chart of the plan (GitHub renders it in Markdown).

use crate::plan::graph::PlanGraph;
use crate::plan::model::{NodeRef, Plan, Status};
use crate::report::export::*;
use crate::schedule::Schedule;
use chrono::NaiveDate;
use petgraph::visit::EdgeRef;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

// --------------------------------------------------------------- mermaid ---

/// Text that Mermaid shows as written and can never read as syntax: see
/// [`crate::escape::mermaid`].
pub fn mermaid_text(s: &str) -> String {
    crate::escape::mermaid(s)
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The Mermaid `gantt` chart of the schedule. Dates are explicit (Mermaid
/// counts calendar days, the schedule working days); a task starts `after`
/// its dependencies where that gives exactly the scheduled date.
pub fn mermaid(plan: &Plan, g: &PlanGraph, s: &Schedule) -> String {
    let dated = plan.start.is_some();
    let mut out = String::from("gantt\n");
    let _ = writeln!(out, "    title {}", mermaid_text(&plan.title));
    out.push_str("    dateFormat YYYY-MM-DD\n");
    if !dated {
        out.push_str(
            "    %% The plan has no start date: plan week 1 is drawn as the first week of 2001.\n",
        );
        out.push_str("    axisFormat W%W\n");
    }

    // Every drawn task and milestone: its Mermaid id, start and exclusive end.
    struct Drawn {
        id: String,
        start: NaiveDate,
        end: NaiveDate,
    }
    let mut drawn: HashMap<NodeRef, Drawn> = HashMap::new();
    let mut lines: Vec<(String, Vec<String>)> = Vec::new(); // (section, lines)
    let mut undrawn = 0usize;

    // Dated buckets, as windows.
    let mut bucket_lines = Vec::new();
    for b in &plan.buckets {
        let (Some(first), Some(last)) = (b.first_day(), b.last_day()) else {
            continue;
        };
        let relative = [&b.start, &b.end]
            .into_iter()
            .flatten()
            .any(|x| x.expr.is_relative());
        if !dated && !relative {
            continue;
        }
        let name = b.name.clone();
        bucket_lines.push(format!(
            "    {} :b{}, {}, {}",
            mermaid_text(&name),
            bucket_lines.len() + 1,
            ymd(first),
            ymd(last.succ_opt().unwrap_or(last))
        ));
    }
    if !bucket_lines.is_empty() {
        lines.push(("Buckets".into(), bucket_lines));
    }

    // Ids first, so `after` can name tasks of any section.
    let mut order: Vec<(usize, Vec<NodeRef>)> = Vec::new();
    for (si, st) in plan.streams.iter().enumerate() {
        let items: Vec<NodeRef> = tree_order(plan, &st.tasks)
            .into_iter()
            .map(|(t, _)| NodeRef::Task(t))
            .filter(|n| !is_group(plan, *n))
            .collect();
        order.push((si, items));
    }
    let milestones: Vec<NodeRef> = (0..plan.milestones.len()).map(NodeRef::Milestone).collect();
    let (mut tn, mut mn) = (0, 0);
    for n in order
        .iter()
        .flat_map(|(_, v)| v.iter())
        .chain(milestones.iter())
    {
        let Ok(t) = s.times_of(g, *n) else {
            undrawn += 1;
            continue;
        };
        let Some((first, last)) = days(s, &t) else {
            undrawn += 1;
            continue;
        };
        let (id, start, end) = match n {
            NodeRef::Task(_) => {
                tn += 1;
                (format!("t{tn}"), first, last.succ_opt().unwrap_or(last))
            }
            NodeRef::Milestone(m) => {
                mn += 1;
                if let Some(p) = pinned_milestone(plan, g, *m) {
                    let end = if t.ef > t.es {
                        p.succ_opt().unwrap_or(p)
                    } else {
                        p
                    };
                    (format!("m{mn}"), p, end)
                } else if t.ef > t.es {
                    (format!("m{mn}"), first, last.succ_opt().unwrap_or(last))
                } else {
                    // A point: at the end of the day its predecessors finish,
                    // or at the plan's first day when nothing comes before it.
                    let at = if t.es == 0 {
                        s.date(0).unwrap_or(first)
                    } else {
                        last.succ_opt().unwrap_or(last)
                    };
                    (format!("m{mn}"), at, at)
                }
            }
        };
        drawn.insert(*n, Drawn { id, start, end });
    }

    // What a node waits for, among drawn nodes: a group stands for its items.
    let preds = |n: NodeRef| -> Vec<NodeRef> {
        let mut v: Vec<NodeRef> = Vec::new();
        let mut seen = HashSet::new();
        let mut stack: Vec<NodeRef> = g
            .graph
            .edges_directed(g.index[&n], petgraph::Direction::Incoming)
            .map(|e| g.graph[e.source()])
            .collect();
        while let Some(p) = stack.pop() {
            if !seen.insert(p) {
                continue;
            }
            if is_group(plan, p) {
                plan.for_each_item(p_index(p), |i| stack.push(NodeRef::Task(i)));
            } else {
                v.push(p);
            }
        }
        let id = |p: &NodeRef| drawn.get(p).map(|d| d.id.as_str()).unwrap_or_default();
        v.sort_by(|a, b| crate::natural::natural_cmp(id(a), id(b)));
        v
    };

    let line = |n: NodeRef, text: String, tags: Vec<&str>| -> Option<String> {
        let d = drawn.get(&n)?;
        let mut data: Vec<String> = tags.into_iter().map(str::to_string).collect();
        data.push(d.id.clone());
        let ps = preds(n);
        let after: Option<Vec<&str>> = ps
            .iter()
            .map(|p| drawn.get(p).map(|x| x.id.as_str()))
            .collect();
        let latest = ps.iter().filter_map(|p| drawn.get(p)).map(|x| x.end).max();
        match (after, latest) {
            (Some(ids), Some(l)) if !ids.is_empty() && l == d.start => {
                data.push(format!("after {}", ids.join(" ")));
            }
            _ => data.push(ymd(d.start)),
        }
        if d.end == d.start {
            data.push("0d".into());
        } else {
            data.push(ymd(d.end));
        }
        Some(format!("    {} :{}", mermaid_text(&text), data.join(", ")))
    };

    for (si, items) in &order {
        let st = &plan.streams[*si];
        let mut v = Vec::new();
        for n in items {
            let NodeRef::Task(t) = *n else { continue };
            let status = plan.status(t);
            let Ok(times) = s.times_of(g, *n) else {
                continue;
            };
            let mut tags = Vec::new();
            if times.critical && !matches!(status, Status::Done | Status::Cancelled) {
                tags.push("crit");
            }
            match status {
                Status::Done => tags.push("done"),
                Status::InProgress => tags.push("active"),
                _ => {}
            }
            let text = format!("{}{}", plan.label(*n), status_note(status));
            v.extend(line(*n, text, tags));
        }
        if !v.is_empty() {
            let name = &st.name;
            lines.push((name.clone(), v));
        }
    }
    let mut v = Vec::new();
    for n in &milestones {
        let NodeRef::Milestone(m) = *n else { continue };
        let ms = &plan.milestones[m];
        let Ok(times) = s.times_of(g, *n) else {
            continue;
        };
        let mut tags = Vec::new();
        if times.critical {
            tags.push("crit");
        }
        if ms.status.as_ref().is_some_and(|x| x.value == Status::Done) {
            tags.push("done");
        }
        tags.push("milestone");
        v.extend(line(*n, plan.label(*n), tags));
    }
    if !v.is_empty() {
        lines.push(("Milestones".into(), v));
    }

    if lines.is_empty() {
        // An empty chart draws only with the today marker off.
        out.push_str("    todayMarker off\n");
        out.push_str("    %% Nothing to draw: no task or bucket has dates.\n");
    } else if !dated {
        out.push_str("    todayMarker off\n");
    }
    if undrawn > 0 {
        let _ = writeln!(
            out,
            "    %% {undrawn} tasks and milestones have no schedule and are not drawn (`roadmap gantt` lists them)."
        );
    }
    for (section, ls) in lines {
        let _ = writeln!(out, "    section {}", mermaid_text(&section));
        for l in ls {
            out.push_str(&l);
            out.push('\n');
        }
    }
    out
}

fn p_index(n: NodeRef) -> usize {
    match n {
        NodeRef::Task(i) | NodeRef::Milestone(i) => i,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mermaid_text_cannot_break_a_line() {
        assert_eq!(mermaid_text("a: b # c; d"), "a#58; b #35; c#59; d");
        assert_eq!(mermaid_text("line\nbreak"), "line break");
        assert_eq!(mermaid_text("section 2"), "#115;ection 2");
        assert_eq!(mermaid_text("Title page"), "#84;itle page");
        assert_eq!(mermaid_text("2026-03-01 kickoff"), "#50;026-03-01 kickoff");
        assert_eq!(mermaid_text("%% not a comment"), "#37;#37; not a comment");
        assert_eq!(mermaid_text("  "), "(unnamed)");
    }
}
