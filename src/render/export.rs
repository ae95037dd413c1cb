//! `roadmap export`: the plan and its schedule as Mermaid, Graphviz DOT,
//! JSON or CSV.
//!
//! Every format is built from the same resolved plan and schedule, so the
//! dates in a Mermaid chart are the dates `critical-path` prints. The formats
//! are described in docs/export.md.

use crate::plan::graph::PlanGraph;
use crate::plan::model::{NodeRef, Plan};
use crate::schedule::Schedule;
use crate::project::PlanView;
use crate::render::RenderError;
use crate::report::export::*;
pub use crate::render::dot::dot;
pub use crate::render::mermaid::mermaid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// The formats of `roadmap export`.
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

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Format; 4] = [Format::Mermaid, Format::Dot, Format::Json, Format::Csv];

    /// The name on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Mermaid => "mermaid",
            Format::Dot => "dot",
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }
}

/// The plan in `format`.
pub fn export(v: &PlanView, s: &Schedule, format: Format) -> Result<String, RenderError> {
    let (plan, g) = (v.plan, v.graph);
    Ok(match format {
        Format::Mermaid => mermaid(plan, g, s),
        Format::Dot => dot(plan, g, s),
        Format::Json => json(v, s)?,
        Format::Csv => csv(plan, g, s)?,
    })
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

