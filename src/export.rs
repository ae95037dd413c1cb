//! `roadmap export`: the plan and its schedule as Mermaid, Graphviz DOT,
//! JSON or CSV, and the atomic file write behind `-o`.
//!
//! Every format is built from the same resolved plan and schedule, so the
//! dates in a Mermaid chart are the dates `critical-path` prints. The formats
//! are described in docs/export.md.

use crate::graph::{EdgeKind, PlanGraph};
use crate::model::{BucketKind, MilestoneKind, NodeRef, Plan, Stated, Status};
use crate::schedule::{Schedule, Times, Unscheduled};
use chrono::NaiveDate;
use petgraph::visit::EdgeRef;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A Mermaid `gantt` chart (GitHub renders it in Markdown).
    Mermaid,
    /// The dependency graph for Graphviz.
    Dot,
    /// The resolved plan with its schedule.
    Json,
    /// One row per task.
    Csv,
}

/// The plan in `format`.
pub fn export(
    plan: &Plan,
    file: &str,
    g: &PlanGraph,
    s: &Schedule,
    format: Format,
) -> Result<String, String> {
    Ok(match format {
        Format::Mermaid => mermaid(plan, g, s),
        Format::Dot => dot(plan, g, s),
        Format::Json => json(plan, file, g, s).map_err(|e| e.to_string())?,
        Format::Csv => csv(plan, g, s).map_err(|e| e.to_string())?,
    })
}

// ---------------------------------------------------------------- shared ---

fn is_group(plan: &Plan, n: NodeRef) -> bool {
    matches!(n, NodeRef::Task(t) if !plan.tasks[t].is_item())
}

/// Tasks of a stream in tree order (a group before its sub-tasks), without
/// recursion.
fn tree_order(plan: &Plan, roots: &[usize]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut stack: Vec<(usize, usize)> = roots.iter().rev().map(|&t| (t, 0)).collect();
    while let Some((t, depth)) = stack.pop() {
        out.push((t, depth));
        for &c in plan.tasks[t].children.iter().rev() {
            stack.push((c, depth + 1));
        }
    }
    out
}

/// A milestone's or task's first and last working days.
fn days(s: &Schedule, t: &Times) -> Option<(NaiveDate, NaiveDate)> {
    Some((s.start_date(t)?, s.finish_date(t)?))
}

/// "id name", or the name alone when the id was derived from the name.
fn label(id: &str, name: &str) -> String {
    let derived = id
        .rsplit_once('/')
        .is_some_and(|(p, _)| crate::resolve::derive_id(p, name) == id);
    if derived || id == name {
        name.to_string()
    } else {
        format!("{id} {name}")
    }
}

fn status_note(st: Status) -> &'static str {
    match st {
        Status::Blocked => " (blocked)",
        Status::Cancelled => " (cancelled)",
        _ => "",
    }
}

/// The first item at or below a task (a group's representative in a graph).
fn first_item(plan: &Plan, mut t: usize) -> usize {
    while let Some(&c) = plan.tasks[t].children.first() {
        t = c;
    }
    t
}

/// The stated date of a milestone that waits for nothing: the charts put it
/// there (the schedule alone would put it on the plan's first day).
fn pinned_milestone(plan: &Plan, g: &PlanGraph, m: usize) -> Option<NaiveDate> {
    let free = g
        .graph
        .edges_directed(
            g.index[&NodeRef::Milestone(m)],
            petgraph::Direction::Incoming,
        )
        .next()
        .is_none();
    crate::gantt::milestone_planned(plan, m, plan.start.is_some()).filter(|_| free)
}

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
        let name = if b.name == b.id {
            b.id.clone()
        } else {
            b.name.clone()
        };
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
            let task = &plan.tasks[t];
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
            let text = format!("{}{}", label(&task.id, &task.name), status_note(status));
            v.extend(line(*n, text, tags));
        }
        if !v.is_empty() {
            let name = if st.name == st.id { &st.id } else { &st.name };
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
        v.extend(line(*n, label(&ms.id, &ms.name), tags));
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
    let dur = crate::time::format_days(t.duration.max(0) as u32);
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
        if label(id, name) != name {
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
                crate::time::format_days(t.duration.max(0) as u32)
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
        let name = if st.name == st.id {
            st.id.clone()
        } else {
            st.name.clone()
        };
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
                    dot_label(&[label(&task.id, &task.name)])
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

// ------------------------------------------------------------------ json ---

/// A date expression as written and the days it names.
#[derive(Debug, Serialize)]
pub struct JsonStated {
    pub text: String,
    /// First and last calendar day (null for a relative date in a plan without `start`).
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
}

#[derive(Debug, Serialize)]
pub struct JsonSchedule {
    /// Earliest and latest first and last working days (null without a plan start).
    pub es: Option<NaiveDate>,
    pub ef: Option<NaiveDate>,
    pub ls: Option<NaiveDate>,
    pub lf: Option<NaiveDate>,
    /// The same as working-day indices: day 0 is the plan's first working
    /// day; `es_day`/`ls_day` index the first working day, `ef_day`/`lf_day`
    /// the day after the last (`ef_day = es_day + duration_days`).
    pub es_day: i64,
    pub ef_day: i64,
    pub ls_day: i64,
    pub lf_day: i64,
    pub duration_days: i64,
    pub total_slack: i64,
    pub free_slack: i64,
    pub critical: bool,
}

#[derive(Debug, Serialize)]
pub struct JsonCalendar {
    pub workdays: Vec<&'static str>,
    pub holidays: Vec<NaiveDate>,
}

#[derive(Debug, Serialize)]
pub struct JsonStream {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub owner: Option<String>,
    pub total: Option<u64>,
    /// Its top-level tasks.
    pub tasks: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct JsonBucket {
    pub id: String,
    pub name: String,
    pub kind: Option<BucketKind>,
    pub description: Option<String>,
    pub start: Option<JsonStated>,
    pub end: Option<JsonStated>,
    pub within: Option<String>,
    pub total: Option<u64>,
}

#[derive(Debug, Serialize)]
pub struct JsonMilestone {
    pub id: String,
    pub name: String,
    pub kind: MilestoneKind,
    pub description: Option<String>,
    pub status: Option<Status>,
    pub owner: Option<String>,
    pub bucket: Option<String>,
    pub tags: Vec<String>,
    pub criteria: Vec<String>,
    pub after: Vec<String>,
    pub members: Vec<String>,
    pub duration_days: Option<u32>,
    pub start: Option<JsonStated>,
    pub end: Option<JsonStated>,
    pub deadline: Option<JsonStated>,
    pub total: Option<u64>,
    /// Ids of the items that count toward it.
    pub items: Vec<String>,
    pub schedule: Option<JsonSchedule>,
    /// Why `schedule` is null: `no-duration` or `after-unscheduled`.
    pub unscheduled: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct JsonTask {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub stream: String,
    pub parent: Option<String>,
    pub children: Vec<String>,
    /// Written status, or rolled up from the items for a group.
    pub status: Status,
    pub owner: Option<String>,
    pub priority: Option<String>,
    pub tags: Vec<String>,
    pub bucket: Option<String>,
    pub milestone: Option<String>,
    pub duration_days: Option<u32>,
    pub start: Option<JsonStated>,
    pub end: Option<JsonStated>,
    pub due: Option<JsonStated>,
    pub after: Vec<String>,
    pub total: Option<u64>,
    /// For a group: the span of its items (null unless all are scheduled).
    pub schedule: Option<JsonSchedule>,
    /// Why `schedule` is null: `no-duration`, `after-unscheduled`, or for a
    /// group `items-unscheduled`.
    pub unscheduled: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct JsonRisk {
    pub id: String,
    pub name: String,
    pub probability: Option<String>,
    pub impact: Option<String>,
    pub mitigation: Option<String>,
    pub owner: Option<String>,
    pub status: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct JsonPlan {
    /// Always `roadmap-export`; `version` changes when a field changes meaning.
    pub format: &'static str,
    pub version: u32,
    pub title: String,
    pub description: Option<String>,
    pub file: String,
    pub start: Option<NaiveDate>,
    /// The forecast finish as of `as_of` (docs/scheduling.md).
    pub finish: Option<NaiveDate>,
    pub duration_days: i64,
    /// The as-of date of the schedule (null: the plan as written).
    pub as_of: Option<NaiveDate>,
    /// The finish of the plan as written, ignoring the as-of date.
    pub planned_finish: Option<NaiveDate>,
    pub deadline: Option<JsonStated>,
    pub total: Option<u64>,
    pub calendar: JsonCalendar,
    pub critical_path: Vec<String>,
    pub streams: Vec<JsonStream>,
    pub buckets: Vec<JsonBucket>,
    pub milestones: Vec<JsonMilestone>,
    pub tasks: Vec<JsonTask>,
    pub risks: Vec<JsonRisk>,
}

fn stated(plan: &Plan, s: Option<&Stated>) -> Option<JsonStated> {
    let s = s?;
    let calendar = !(s.expr.is_relative() && plan.start.is_none());
    Some(JsonStated {
        text: s.text.clone(),
        first: calendar.then_some(s.period.first),
        last: calendar.then_some(s.period.last),
    })
}

fn json_schedule(plan: &Plan, s: &Schedule, t: &Times) -> JsonSchedule {
    let dated = plan.start.is_some();
    let (ls, lf) = s.latest_dates(t);
    JsonSchedule {
        es: s.start_date(t).filter(|_| dated),
        ef: s.finish_date(t).filter(|_| dated),
        ls: ls.filter(|_| dated),
        lf: lf.filter(|_| dated),
        es_day: t.es,
        ef_day: t.ef,
        ls_day: t.ls,
        lf_day: t.lf,
        duration_days: t.duration,
        total_slack: t.total_slack,
        free_slack: t.free_slack,
        critical: t.critical,
    }
}

fn unscheduled_name(u: Unscheduled) -> &'static str {
    match u {
        Unscheduled::NoDuration => "no-duration",
        Unscheduled::AfterUnscheduled => "after-unscheduled",
    }
}

/// A group's span over its items, when all of them are scheduled.
fn group_times(plan: &Plan, g: &PlanGraph, s: &Schedule, t: usize) -> Option<Times> {
    let mut acc: Option<Times> = None;
    let mut all = true;
    plan.for_each_item(t, |i| match s.times_of(g, NodeRef::Task(i)) {
        Ok(x) => {
            acc = Some(match acc {
                None => x,
                Some(a) => Times {
                    duration: 0,
                    es: a.es.min(x.es),
                    ef: a.ef.max(x.ef),
                    ls: a.ls.min(x.ls),
                    lf: a.lf.max(x.lf),
                    total_slack: a.total_slack.min(x.total_slack),
                    free_slack: a.free_slack.min(x.free_slack),
                    critical: a.critical || x.critical,
                },
            });
        }
        Err(_) => all = false,
    });
    let mut a = acc.filter(|_| all)?;
    a.duration = plan
        .calendar
        .workdays_between(s.date(a.es)?, s.date(a.ef - 1)?)
        .max(0);
    Some(a)
}

pub fn json_plan(plan: &Plan, file: &str, g: &PlanGraph, s: &Schedule) -> JsonPlan {
    let dated = plan.start.is_some();
    let ids = |deps: &[crate::model::Dep]| -> Vec<String> {
        deps.iter()
            .map(|d| plan.node_id(d.target).to_string())
            .collect()
    };
    let bucket_id = |b: Option<usize>| b.map(|b| plan.buckets[b].id.clone());
    let tasks = plan
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let (schedule, unscheduled) = if t.is_item() {
                match s.times_of(g, NodeRef::Task(i)) {
                    Ok(x) => (Some(json_schedule(plan, s, &x)), None),
                    Err(u) => (None, Some(unscheduled_name(u))),
                }
            } else {
                match group_times(plan, g, s, i) {
                    Some(x) => (Some(json_schedule(plan, s, &x)), None),
                    None => (None, Some("items-unscheduled")),
                }
            };
            JsonTask {
                id: t.id.clone(),
                name: t.name.clone(),
                description: t.description.clone(),
                stream: plan.streams[t.stream].id.clone(),
                parent: t.parent.map(|p| plan.tasks[p].id.clone()),
                children: t
                    .children
                    .iter()
                    .map(|c| plan.tasks[*c].id.clone())
                    .collect(),
                status: plan.status(i),
                owner: t.owner.clone(),
                priority: t.priority.clone(),
                tags: t.tags.clone(),
                bucket: bucket_id(t.bucket),
                milestone: t.milestone.map(|m| plan.milestones[m].id.clone()),
                duration_days: t.duration.as_ref().map(|d| d.value),
                start: stated(plan, t.start.as_ref()),
                end: stated(plan, t.end.as_ref()),
                due: stated(plan, t.due.as_ref()),
                after: ids(&t.after),
                total: t.total.as_ref().map(|x| x.value),
                schedule,
                unscheduled,
            }
        })
        .collect();
    let milestones = plan
        .milestones
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let (schedule, unscheduled) = match s.times_of(g, NodeRef::Milestone(i)) {
                Ok(x) => (Some(json_schedule(plan, s, &x)), None),
                Err(u) => (None, Some(unscheduled_name(u))),
            };
            JsonMilestone {
                id: m.id.clone(),
                name: m.name.clone(),
                kind: m.kind,
                description: m.description.clone(),
                status: m.status.as_ref().map(|x| x.value),
                owner: m.owner.clone(),
                bucket: bucket_id(m.bucket),
                tags: m.tags.clone(),
                criteria: m.criteria.clone(),
                after: ids(&m.after),
                members: m
                    .members
                    .iter()
                    .map(|x| plan.milestones[x.value].id.clone())
                    .collect(),
                duration_days: m.duration.as_ref().map(|d| d.value),
                start: stated(plan, m.start.as_ref()),
                end: stated(plan, m.end.as_ref()),
                deadline: stated(plan, m.deadline.as_ref()),
                total: m.total.as_ref().map(|x| x.value),
                items: crate::check::milestone_items(plan, i)
                    .into_iter()
                    .map(|t| plan.tasks[t].id.clone())
                    .collect(),
                schedule,
                unscheduled,
            }
        })
        .collect();
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    JsonPlan {
        format: "roadmap-export",
        version: 1,
        title: plan.title.clone(),
        description: plan.description.clone(),
        file: file.to_string(),
        start: if dated { s.date(0) } else { None },
        finish: if dated && s.finish > 0 {
            s.finish_day()
        } else {
            None
        },
        duration_days: s.length(),
        as_of: s.as_of,
        planned_finish: if dated && s.baseline().finish > 0 {
            s.baseline().finish_day()
        } else {
            None
        },
        deadline: stated(plan, plan.deadline.as_ref()),
        total: plan.total.as_ref().map(|x| x.value),
        calendar: JsonCalendar {
            workdays: (0..7)
                .filter(|d| plan.calendar.workdays[*d])
                .map(|d| DAYS[d])
                .collect(),
            holidays: plan.calendar.holidays.iter().copied().collect(),
        },
        critical_path: s
            .critical_chain(plan, g)
            .iter()
            .map(|ix| plan.node_id(g.graph[*ix]).to_string())
            .collect(),
        streams: plan
            .streams
            .iter()
            .map(|st| JsonStream {
                id: st.id.clone(),
                name: st.name.clone(),
                description: st.description.clone(),
                owner: st.owner.clone(),
                total: st.total.as_ref().map(|x| x.value),
                tasks: st.tasks.iter().map(|t| plan.tasks[*t].id.clone()).collect(),
            })
            .collect(),
        buckets: plan
            .buckets
            .iter()
            .map(|b| JsonBucket {
                id: b.id.clone(),
                name: b.name.clone(),
                kind: b.kind,
                description: b.description.clone(),
                start: stated(plan, b.start.as_ref()),
                end: stated(plan, b.end.as_ref()),
                within: b.within.map(|w| plan.buckets[w].id.clone()),
                total: b.total.as_ref().map(|x| x.value),
            })
            .collect(),
        milestones,
        tasks,
        risks: plan
            .risks
            .iter()
            .map(|r| JsonRisk {
                id: r.id.clone(),
                name: r.name.clone(),
                probability: r.probability.clone(),
                impact: r.impact.clone(),
                mitigation: r.mitigation.clone(),
                owner: r.owner.clone(),
                status: r.status.clone(),
            })
            .collect(),
    }
}

pub fn json(plan: &Plan, file: &str, g: &PlanGraph, s: &Schedule) -> serde_json::Result<String> {
    Ok(serde_json::to_string_pretty(&json_plan(plan, file, g, s))? + "\n")
}

// ------------------------------------------------------------------- csv ---

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 12] = [
    "id",
    "name",
    "stream",
    "bucket",
    "status",
    "owner",
    "priority",
    "start",
    "finish",
    "duration_days",
    "total_slack",
    "critical",
];

/// One row per item (leaf task), in stream and file order.
pub fn csv(plan: &Plan, g: &PlanGraph, s: &Schedule) -> Result<String, csv::Error> {
    let dated = plan.start.is_some();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_COLUMNS)?;
    for st in &plan.streams {
        for (t, _) in tree_order(plan, &st.tasks) {
            let task = &plan.tasks[t];
            if !task.is_item() {
                continue;
            }
            let times = s.times_of(g, NodeRef::Task(t)).ok();
            let (start, finish) = match times.and_then(|x| days(s, &x)) {
                Some((a, b)) if dated => (a.to_string(), b.to_string()),
                _ => (String::new(), String::new()),
            };
            let duration = crate::schedule::node_duration(plan, NodeRef::Task(t))
                .map(|d| d.to_string())
                .unwrap_or_default();
            w.write_record([
                task.id.as_str(),
                &task.name,
                &st.id,
                task.bucket
                    .map(|b| plan.buckets[b].id.as_str())
                    .unwrap_or(""),
                plan.status(t).as_str(),
                task.owner.as_deref().unwrap_or(""),
                task.priority.as_deref().unwrap_or(""),
                &start,
                &finish,
                &duration,
                &times.map(|x| x.total_slack.to_string()).unwrap_or_default(),
                &times.map(|x| x.critical.to_string()).unwrap_or_default(),
            ])?;
        }
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

// ----------------------------------------------------------- file output ---

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{0} already exists: add --force to overwrite it")]
    Exists(PathBuf),
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Write a file atomically: `contents` goes to a temporary file in the same
/// folder, which is then renamed over `path`. Without `force` an existing
/// file is refused (also when it appears while writing). On any error the
/// temporary file is removed and `path` is as it was.
pub fn write_atomic(
    path: &Path,
    force: bool,
    contents: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let io = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    if !force && path.symlink_metadata().is_ok() {
        return Err(WriteError::Exists(path.to_path_buf()));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".roadmap-")
        .tempfile_in(&dir)
        .map_err(io)?;
    contents(tmp.as_file_mut()).map_err(io)?;
    tmp.as_file_mut().flush().map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    if force {
        tmp.persist(path).map_err(|e| io(e.error))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                WriteError::Exists(path.to_path_buf())
            } else {
                io(e.error)
            }
        })?;
    }
    Ok(())
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

    #[test]
    fn dot_strings_are_quoted() {
        assert_eq!(dot_string(r#"a "b" \N"#), r#""a \"b\" \\N""#);
        assert_eq!(dot_string("x\ny"), "\"x y\"");
    }
}
