//! The dependency graph for Graphviz (DOT).

use crate::plan::graph::{EdgeKind, PlanGraph};
use crate::plan::model::{MilestoneKind, NodeRef, Plan, Status};
use crate::schedule::{Schedule, Times};
use petgraph::visit::EdgeRef;
use std::collections::HashSet;
use std::fmt::Write as _;
use crate::report::export::*;

// ------------------------------------------------------------------- dot ---

/// A DOT double-quoted string: `"` and `\` escaped, so no `\N`-style escape
/// of Graphviz can come from a name; newlines and other control characters
/// are spaces.
pub fn dot_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Several lines of a DOT label (each escaped; joined with `\n`).
fn dot_label(lines: &[String]) -> String {
    let parts: Vec<String> = lines
        .iter()
        .map(|l| {
            let q = dot_string(l);
            q[1..q.len() - 1].to_string()
        })
        .collect();
    format!("\"{}\"", parts.join("\\n"))
}

const CRITICAL: &str = "#d62728";

fn when(plan: &Plan, s: &Schedule, t: &Times) -> String {
    let dur = crate::plan::time::format_days(t.duration.max(0) as u32);
    if plan.start.is_some()
        && let Some((a, b)) = days(s, t)
    {
        if a == b {
            return format!("{dur}, {a}");
        }
        return format!("{dur}, {a} to {b}");
    }
    if t.ef > t.es {
        format!("{dur}, working days {} to {}", t.es + 1, t.ef)
    } else {
        format!("{dur}, after working day {}", t.es)
    }
}

fn wrap(s: &str, w: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > w {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

/// The dependency graph for Graphviz: a cluster per stream (and per group
/// inside it), milestones as diamonds, the critical path in red and bold.
pub fn dot(plan: &Plan, g: &PlanGraph, s: &Schedule) -> String {
    let mut out = String::from("digraph roadmap {\n");
    let _ = writeln!(
        out,
        "  graph [label={}, labelloc=t, fontname=\"Helvetica\", rankdir=LR, compound=true, newrank=true, nodesep=0.25, ranksep=0.4];",
        dot_label(&[
            plan.title.clone(),
            "critical path in red; dashed: member of, dotted: counts toward".into()
        ])
    );
    out.push_str("  node [shape=box, style=\"rounded,filled\", fillcolor=\"white\", fontname=\"Helvetica\", fontsize=10];\n");
    out.push_str("  edge [color=\"#666666\", arrowsize=0.7];\n");

    let node_attrs = |n: NodeRef| -> String {
        let (id, name) = (plan.node_id(n), plan.node_name(n));
        let times = s.times_of(g, n);
        // The id, then the name (the name alone when the id is derived from it).
        let mut text = Vec::new();
        if plan.label(n) != name {
            text.push(id.to_string());
        }
        text.extend(wrap(name, 28));
        if text.is_empty() {
            text.push(id.to_string());
        }
        let (status, shape) = match n {
            NodeRef::Task(t) => (plan.status(t), "box"),
            NodeRef::Milestone(m) => (
                plan.milestones[m]
                    .status
                    .as_ref()
                    .map(|x| x.value)
                    .unwrap_or(Status::Todo),
                "diamond",
            ),
        };
        let pinned = match n {
            NodeRef::Milestone(m) => pinned_milestone(plan, g, m),
            NodeRef::Task(_) => None,
        };
        match (times, pinned) {
            (Ok(t), Some(p)) => text.push(format!(
                "{}, {p}",
                crate::plan::time::format_days(t.duration.max(0) as u32)
            )),
            (Ok(t), None) => text.push(when(plan, s, &t)),
            (Err(_), _) => text.push("not scheduled".into()),
        }
        if let NodeRef::Milestone(m) = n
            && plan.milestones[m].kind == MilestoneKind::Gate
        {
            text.insert(0, "gate".into());
        }
        let fill = match status {
            Status::Done => "#d9f2d9",
            Status::InProgress => "#fff2cc",
            Status::Blocked => "#f8d7da",
            Status::Cancelled => "#eeeeee",
            Status::Todo => "white",
        };
        let mut style = if shape == "box" {
            vec!["rounded", "filled"]
        } else {
            vec!["filled"]
        };
        if times.is_err() || status == Status::Cancelled {
            style.push("dashed");
        }
        let mut a = format!(
            "label={}, shape={shape}, style=\"{}\", fillcolor=\"{fill}\"",
            dot_label(&text),
            style.join(",")
        );
        if times.is_ok_and(|t| t.critical) {
            let _ = write!(
                a,
                ", color=\"{CRITICAL}\", penwidth=2.5, fontname=\"Helvetica-Bold\""
            );
        }
        a
    };

    // Streams, with groups as nested clusters.
    for (si, st) in plan.streams.iter().enumerate() {
        let name = st.name.clone();
        let _ = writeln!(out, "  subgraph cluster_s{si} {{");
        let _ = writeln!(
            out,
            "    label={}; style=\"rounded\"; color=\"#999999\"; fontname=\"Helvetica-Bold\";",
            dot_string(&name)
        );
        let mut open: Vec<usize> = Vec::new(); // depths of open group clusters
        for (t, depth) in tree_order(plan, &st.tasks) {
            while open.last().is_some_and(|d| *d >= depth) {
                open.pop();
                let _ = writeln!(out, "{}}}", "  ".repeat(open.len() + 2));
            }
            let ind = "  ".repeat(open.len() + 2);
            let task = &plan.tasks[t];
            if task.is_item() {
                let _ = writeln!(
                    out,
                    "{ind}{} [{}];",
                    dot_string(&task.id),
                    node_attrs(NodeRef::Task(t))
                );
            } else {
                let _ = writeln!(out, "{ind}subgraph cluster_g{t} {{");
                let _ = writeln!(
                    out,
                    "{ind}  label={}; style=\"rounded,dashed\"; color=\"#bbbbbb\";",
                    dot_label(&[plan.label(NodeRef::Task(t))])
                );
                open.push(depth);
            }
        }
        while open.pop().is_some() {
            let _ = writeln!(out, "{}}}", "  ".repeat(open.len() + 2));
        }
        out.push_str("  }\n");
    }
    for m in 0..plan.milestones.len() {
        let n = NodeRef::Milestone(m);
        let _ = writeln!(
            out,
            "  {} [{}];",
            dot_string(&plan.milestones[m].id),
            node_attrs(n)
        );
    }

    // Edges: as written (a group is its cluster), members, counts-toward.
    let mut seen = HashSet::new();
    for e in g.graph.edge_references() {
        let (from, to) = (g.graph[e.source()], g.graph[e.target()]);
        let kind = match e.weight() {
            EdgeKind::After(_) => "after",
            EdgeKind::Member(_) => "member",
            EdgeKind::CountsToward => "counts",
            EdgeKind::Inherited(_) | EdgeKind::Child => continue,
        };
        if !seen.insert((from, to)) {
            continue;
        }
        let end = |n: NodeRef| -> (String, Option<String>) {
            match n {
                NodeRef::Task(t) if !plan.tasks[t].is_item() => (
                    plan.tasks[first_item(plan, t)].id.clone(),
                    Some(format!("cluster_g{t}")),
                ),
                _ => (plan.node_id(n).to_string(), None),
            }
        };
        let ((a, ltail), (b, lhead)) = (end(from), end(to));
        let mut attrs: Vec<String> = Vec::new();
        if let Some(c) = ltail {
            attrs.push(format!("ltail={c}"));
        }
        if let Some(c) = lhead {
            attrs.push(format!("lhead={c}"));
        }
        match kind {
            "member" => attrs.push("style=dashed".into()),
            "counts" => attrs.push("style=dotted".into()),
            _ => {}
        }
        let driving = match (s.times_of(g, from), s.times_of(g, to)) {
            (Ok(x), Ok(y)) => x.critical && y.critical && x.ef == y.es,
            _ => false,
        };
        if driving {
            attrs.push(format!("color=\"{CRITICAL}\", penwidth=2.5"));
        }
        let attrs = if attrs.is_empty() {
            String::new()
        } else {
            format!(" [{}]", attrs.join(", "))
        };
        let _ = writeln!(out, "  {} -> {}{attrs};", dot_string(&a), dot_string(&b));
    }
    out.push_str("}\n");
    out
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_strings_are_quoted() {
        assert_eq!(dot_string(r#"a "b" \N"#), r#""a \"b\" \\N""#);
        assert_eq!(dot_string("x\ny"), "\"x y\"");
    }
}
