//! A Mermaid `gantt` chart of the plan (GitHub renders it in Markdown).

use crate::plan::graph::PlanGraph;
use crate::plan::model::{NodeRef, Plan, Status};
use crate::schedule::Schedule;
use chrono::NaiveDate;
use petgraph::visit::EdgeRef;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use crate::report::export::*;

// --------------------------------------------------------------- mermaid ---

/// Keywords that start a statement in Mermaid's gantt grammar: text that
/// begins with one of them would be read as that statement.
const MERMAID_KEYWORDS: [&str; 22] = [
    "gantt",
    "dateformat",
    "inclusiveenddates",
    "topaxis",
    "axisformat",
    "tickinterval",
    "includes",
    "excludes",
    "todaymarker",
    "weekday",
    "weekend",
    "title",
    "accdescription",
    "accdescr",
    "acctitle",
    "section",
    "href",
    "call",
    "click",
    "displaymode",
    "vert",
    "%",
];

/// Text that Mermaid shows as written and can never read as syntax: `:`
/// (ends a task's text), `#` and `;` (entity and statement syntax) become
/// entity codes, control characters (newlines) spaces; a keyword or a date
/// at the start has its first character encoded.
pub fn mermaid_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        match c {
            ':' => out.push_str("#58;"),
            '#' => out.push_str("#35;"),
            ';' => out.push_str("#59;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    let lower = out.to_lowercase();
    let starts_date = {
        let b = out.as_bytes();
        b.len() >= 10
            && b[..4].iter().all(u8::is_ascii_digit)
            && b[4] == b'-'
            && b[5..7].iter().all(u8::is_ascii_digit)
            && b[7] == b'-'
            && b[8..10].iter().all(u8::is_ascii_digit)
    };
    if starts_date || MERMAID_KEYWORDS.iter().any(|k| lower.starts_with(k)) {
        let first = out.chars().next().unwrap_or(' ');
        out = format!("#{};{}", first as u32, &out[first.len_utf8()..]);
    }
    if out.is_empty() {
        out.push_str("(unnamed)");
    }
    out
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
        v.sort_by_key(|p| drawn.get(p).map(|d| d.id.clone()).unwrap_or_default());
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
        assert_eq!(mermaid_text("%% not a comment"), "#37;% not a comment");
        assert_eq!(mermaid_text("  "), "(unnamed)");
    }
}
