//! `roadmap critical-path` and `roadmap explain`: what the schedule says.

use crate::graph::PlanGraph;
use crate::model::{NodeRef, Plan};
use crate::schedule::{Schedule, Times, Unscheduled};
use crate::table;
use crate::time::format_days;
use chrono::NaiveDate;
use petgraph::graph::NodeIndex;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct TaskRow {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    pub stream: Option<String>,
    pub duration_days: i64,
    /// Earliest start and finish, latest start and finish: first and last
    /// working days, as ISO dates (null when the plan has no start date).
    pub es: Option<NaiveDate>,
    pub ef: Option<NaiveDate>,
    pub ls: Option<NaiveDate>,
    pub lf: Option<NaiveDate>,
    pub total_slack: i64,
    pub free_slack: i64,
    pub critical: bool,
}

#[derive(Debug, Serialize)]
pub struct Missed {
    pub id: String,
    pub name: String,
    /// What set the deadline: `due`, `deadline`, "end of bucket `q2`", `plan deadline`.
    pub source: String,
    pub deadline: NaiveDate,
    pub finish: Option<NaiveDate>,
    pub days_late: i64,
}

#[derive(Debug, Serialize)]
pub struct UnscheduledRow {
    pub id: String,
    pub name: String,
    pub reason: &'static str,
}

/// Everything `critical-path` reports about one plan.
#[derive(Debug, Serialize)]
pub struct Report {
    pub title: String,
    pub file: String,
    pub start: Option<NaiveDate>,
    /// The forecast finish (as of `as_of`), else the plan's finish.
    pub finish: Option<NaiveDate>,
    pub duration_days: i64,
    /// The as-of date of the forecast (null: the plan as written).
    pub as_of: Option<NaiveDate>,
    /// The finish of the plan as written, from its start, ignoring today.
    pub planned_finish: Option<NaiveDate>,
    /// Working days from the planned finish to the forecast finish.
    pub slip_days: i64,
    pub critical_path: Vec<String>,
    /// Several chains tie for the finish date (their tasks are all listed once).
    pub ties: bool,
    pub tasks: Vec<TaskRow>,
    pub missed_deadlines: Vec<Missed>,
    pub unscheduled: Vec<UnscheduledRow>,
}

fn stream_of(plan: &Plan, n: NodeRef) -> Option<String> {
    match n {
        NodeRef::Task(t) => Some(plan.streams[plan.tasks[t].stream].id.clone()),
        NodeRef::Milestone(_) => None,
    }
}

fn is_group(plan: &Plan, n: NodeRef) -> bool {
    matches!(n, NodeRef::Task(t) if !plan.tasks[t].is_item())
}

pub fn report(plan: &Plan, file: String, g: &PlanGraph, s: &Schedule) -> Report {
    report_showing(plan, file, g, s, Show::All)
}

/// [`report`] with only the task rows that `show` puts in a table: the
/// critical chain of a 100,000-task plan without 100,000 rows to build.
/// (Every row when none would be left, so an empty table still means that
/// nothing is scheduled.)
pub fn report_showing(
    plan: &Plan,
    file: String,
    g: &PlanGraph,
    s: &Schedule,
    show: Show,
) -> Report {
    let dated = plan.start.is_some();
    let row = |ix: NodeIndex, t: &Times| {
        let n = g.graph[ix];
        let (ls, lf) = s.latest_dates(t);
        TaskRow {
            id: plan.node_id(n).to_string(),
            name: plan.node_name(n).to_string(),
            kind: match n {
                NodeRef::Task(_) => "task",
                NodeRef::Milestone(_) => "milestone",
            },
            stream: stream_of(plan, n),
            duration_days: t.duration,
            es: s.start_date(t).filter(|_| dated),
            ef: s.finish_date(t).filter(|_| dated),
            ls: ls.filter(|_| dated),
            lf: lf.filter(|_| dated),
            total_slack: t.total_slack,
            free_slack: t.free_slack,
            critical: t.critical,
        }
    };
    let rows = |show: Show| -> Vec<TaskRow> {
        s.order
            .iter()
            .filter(|ix| !is_group(plan, g.graph[**ix]))
            .filter_map(|ix| s.times[ix.index()].as_ref().ok().map(|t| (ix, t)))
            .filter(|(_, t)| match show {
                Show::Critical => t.critical,
                Show::Near(n) => t.critical || t.total_slack <= n,
                Show::All => true,
            })
            .map(|(ix, t)| row(*ix, t))
            .collect()
    };
    let mut tasks = rows(show);
    if tasks.is_empty() && !matches!(show, Show::All) {
        tasks = rows(Show::All);
    }
    let chain = s.critical_chain(plan, g);
    let mut missed: Vec<Missed> = s
        .missed
        .iter()
        .filter(|m| !is_group(plan, m.node))
        .map(|m| {
            let t = s
                .times_of(g, m.node)
                .expect("missed deadlines are scheduled");
            Missed {
                id: plan.node_id(m.node).to_string(),
                name: plan.node_name(m.node).to_string(),
                source: m.deadline.source.to_string(),
                deadline: m.deadline.date,
                finish: s.finish_date(&t).filter(|_| dated),
                days_late: m.days_late,
            }
        })
        .collect();
    if let Some(d) = &plan.deadline
        && let Some(limit_day) = plan.calendar.last_workday_until(d.period.last)
        && let Some(finish) = s.finish_day()
        && finish > limit_day
    {
        let late = plan
            .calendar
            .workdays_between(limit_day.succ_opt().unwrap_or(limit_day), finish);
        missed.push(Missed {
            id: String::new(),
            name: plan.title.clone(),
            source: "the plan deadline".into(),
            deadline: limit_day,
            finish: Some(finish),
            days_late: late,
        });
    }
    let unscheduled = plan
        .nodes()
        .filter(|n| !is_group(plan, *n))
        .filter_map(|n| match s.times_of(g, n) {
            Err(Unscheduled::NoDuration) => {
                Some((n, "no duration, and no start and end to take one from"))
            }
            Err(Unscheduled::AfterUnscheduled) => {
                Some((n, "depends on a task that is not scheduled"))
            }
            Ok(_) => None,
        })
        .map(|(n, reason)| UnscheduledRow {
            id: plan.node_id(n).to_string(),
            name: plan.node_name(n).to_string(),
            reason,
        })
        .collect();
    Report {
        title: plan.title.clone(),
        file,
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
        slip_days: s.finish - s.baseline().finish,
        ties: s.ties(&chain).is_some(),
        critical_path: chain
            .iter()
            .map(|ix| plan.node_id(g.graph[*ix]).to_string())
            .collect(),
        tasks,
        missed_deadlines: missed,
        unscheduled,
    }
}

/// Which tasks the table shows.
#[derive(Debug, Clone, Copy)]
pub enum Show {
    Critical,
    Near(i64),
    All,
}

fn shown(r: &Report, show: Show) -> Vec<&TaskRow> {
    let mut rows: Vec<&TaskRow> = r
        .tasks
        .iter()
        .filter(|t| match show {
            Show::Critical => t.critical,
            Show::Near(n) => t.critical || t.total_slack <= n,
            Show::All => true,
        })
        .collect();
    rows.sort_by_key(|t| (t.es, t.ef, !t.critical));
    if matches!(show, Show::Critical) {
        // Follow the chain's own order.
        let pos: std::collections::HashMap<&str, usize> = r
            .critical_path
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        rows.sort_by_key(|t| pos.get(t.id.as_str()).copied().unwrap_or(usize::MAX));
    }
    rows
}

fn d(x: Option<NaiveDate>) -> String {
    x.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
}

fn slack(n: i64) -> String {
    if n == 0 { "0".into() } else { format!("{n:+}") }
}

/// Columns for a table `width` wide: narrow terminals drop stream and free
/// slack before anything wraps badly.
fn columns(show: Show, width: u16) -> Vec<&'static str> {
    let detailed = !matches!(show, Show::Critical);
    let mut h = vec!["id", "name"];
    if !detailed || width >= 110 {
        h.push("stream");
    }
    h.extend(["duration", "start", "finish"]);
    if detailed {
        h.push("slack");
        if width >= 110 {
            h.push("free");
        }
    }
    h
}

fn cells(t: &TaskRow, header: &[&str], show: Show) -> Vec<String> {
    header
        .iter()
        .map(|h| match *h {
            "id" if t.critical && !matches!(show, Show::Critical) => format!("{} *", t.id),
            "id" => t.id.clone(),
            "name" => t.name.clone(),
            "stream" => t.stream.clone().unwrap_or_else(|| "(milestone)".into()),
            "duration" => format_days(t.duration_days.max(0) as u32),
            "start" => d(t.es),
            "finish" => d(t.ef),
            "slack" => slack(t.total_slack),
            "free" => slack(t.free_slack),
            _ => String::new(),
        })
        .collect()
}

fn summary_lines(r: &Report) -> Vec<String> {
    let mut v = Vec::new();
    if let Some(a) = r.as_of {
        v.push(format!("as of:  {a}"));
    }
    // The finish leaves out what has no schedule: say so.
    let left_out = match r.unscheduled.len() {
        0 => String::new(),
        1 => "; leaves out 1 unscheduled item".into(),
        n => format!("; leaves out {n} unscheduled items"),
    };
    match (r.start, r.finish) {
        (Some(s), Some(f)) => {
            v.push(format!("start:  {s}"));
            let planned = match (r.as_of, r.planned_finish) {
                (Some(_), Some(p)) => format!(
                    "forecast; planned {p}, {}",
                    match r.slip_days {
                        0 => "no slip".to_string(),
                        n => format!(
                            "slip {n:+} working day{}",
                            if n.abs() == 1 { "" } else { "s" }
                        ),
                    }
                ),
                _ => String::new(),
            };
            let note = format!("{planned}{left_out}");
            let note = note.trim_start_matches("; ");
            if note.is_empty() {
                v.push(format!("finish: {f}"));
            } else {
                v.push(format!("finish: {f} ({note})"));
            }
        }
        (Some(s), None) => v.push(format!("start:  {s}")),
        _ => v.push("start:  (the plan has no start date: lengths only)".into()),
    }
    v.push(format!("length: {} working days", r.duration_days));
    v
}

fn missed_line(m: &Missed) -> String {
    let what = if m.id.is_empty() {
        "the plan".to_string()
    } else {
        format!("`{}` ({})", m.id, m.name)
    };
    format!(
        "{what} finishes {}, {} working day{} after {} ({})",
        d(m.finish),
        m.days_late,
        if m.days_late == 1 { "" } else { "s" },
        m.source,
        m.deadline
    )
}

pub fn render_table(r: &Report, show: Show, width: u16) -> String {
    let mut out = format!(
        "{}\n{}\n",
        r.title,
        "=".repeat(r.title.chars().count().min(width as usize))
    );
    for l in summary_lines(r) {
        out.push_str(&l);
        out.push('\n');
    }
    if r.tasks.is_empty() {
        out.push_str("\nnothing to schedule: no task has a duration\n");
    } else {
        out.push_str(&format!(
            "\ncritical chain: {} task{}{}\n",
            r.critical_path.len(),
            if r.critical_path.len() == 1 { "" } else { "s" },
            if r.ties {
                " (several chains tie for the finish date; each task is listed once)"
            } else {
                ""
            }
        ));
        let header = columns(show, width);
        let mut t = table::new(&header, &[("id", 8), ("name", 14), ("stream", 8)], width);
        for row in shown(r, show) {
            t.add_row(cells(row, &header, show));
        }
        out.push_str(&t.to_string());
        out.push('\n');
        if !matches!(show, Show::Critical) {
            out.push_str("* on the critical path; slack in working days (negative: a deadline cannot be met)\n");
        }
    }
    if !r.missed_deadlines.is_empty() {
        out.push_str(&format!(
            "\nmissed deadlines: {}\n",
            r.missed_deadlines.len()
        ));
        for m in &r.missed_deadlines {
            out.push_str(&format!("  {}\n", missed_line(m)));
        }
    }
    if !r.unscheduled.is_empty() {
        out.push_str(&format!(
            "\nunscheduled: {} (no duration; never guessed)\n",
            r.unscheduled.len()
        ));
        for u in r.unscheduled.iter().take(20) {
            out.push_str(&format!("  {} ({}): {}\n", u.id, u.name, u.reason));
        }
        if r.unscheduled.len() > 20 {
            out.push_str(&format!("  ... and {} more\n", r.unscheduled.len() - 20));
        }
    }
    out
}

pub fn render_markdown(r: &Report, show: Show) -> String {
    let mut out = format!("### Critical path: {}\n\n", r.title.replace('|', "\\|"));
    for l in summary_lines(r) {
        out.push_str(&format!("- {}\n", l.replace("  ", " ")));
    }
    out.push('\n');
    if !r.tasks.is_empty() {
        if r.ties {
            out.push_str("Several chains tie for the finish date; each task is listed once.\n\n");
        }
        let header = columns(show, u16::MAX);
        let rows: Vec<Vec<String>> = shown(r, show)
            .into_iter()
            .map(|t| cells(t, &header, show))
            .collect();
        out.push_str(&table::markdown(&header, &rows));
    } else {
        out.push_str("Nothing to schedule: no task has a duration.\n");
    }
    if !r.missed_deadlines.is_empty() {
        out.push_str("\n**Missed deadlines**\n\n");
        for m in &r.missed_deadlines {
            out.push_str(&format!("- {}\n", missed_line(m)));
        }
    }
    if !r.unscheduled.is_empty() {
        out.push_str(&format!(
            "\n{} unscheduled (no duration).\n",
            r.unscheduled.len()
        ));
    }
    out
}

/// `roadmap explain ID`: the chain that drives a task's earliest start, and
/// what it pushes downstream.
pub fn explain(plan: &Plan, g: &PlanGraph, s: &Schedule, n: NodeRef) -> String {
    let ix = g.index[&n];
    let dated = plan.start.is_some();
    let when = |t: &Times| {
        if dated {
            format!("{} to {}", d(s.start_date(t)), d(s.finish_date(t)))
        } else {
            format!("working days {} to {}", t.es + 1, t.ef.max(t.es + 1))
        }
    };
    let label = |ix: NodeIndex| {
        let n = g.graph[ix];
        format!("{} ({})", plan.node_id(n), plan.node_name(n))
    };
    let mut out = String::new();
    let t = match s.times[ix.index()] {
        Ok(t) => t,
        Err(Unscheduled::NoDuration) => {
            return format!(
                "{} is not scheduled: it has no duration, and no start and end to take one from.\n",
                label(ix)
            );
        }
        Err(Unscheduled::AfterUnscheduled) => {
            return format!(
                "{} is not scheduled: it depends on a task that has no duration.\n",
                label(ix)
            );
        }
    };
    out.push_str(&format!(
        "{}\n  {}, {}\n",
        label(ix),
        format_days(t.duration.max(0) as u32),
        when(&t)
    ));
    out.push_str(&format!(
        "  slack: {} working days total, {} free{}\n",
        t.total_slack,
        t.free_slack,
        if t.critical {
            "; on the critical path"
        } else {
            ""
        }
    ));
    let drivers: Vec<NodeIndex> = s
        .drivers(g, ix)
        .into_iter()
        .filter(|x| *x != ix && !is_group(plan, g.graph[*x]))
        .collect();
    let reason = crate::why::start_reason(plan, g, s, ix);
    if let (true, Some(r)) = (drivers.is_empty(), &reason) {
        out.push_str(&format!("\n{r}\n"));
    } else if drivers.is_empty() {
        out.push_str("\nIt starts at the plan start: nothing before it holds it back.\n");
    } else {
        out.push_str("\nIt starts then because of this chain (each link finishes the day before the next starts):\n");
        for x in &drivers {
            let tt = s.times[x.index()].expect("drivers are scheduled");
            out.push_str(&format!("  {}  {}\n", label(*x), when(&tt)));
        }
        out.push_str(&format!("  -> {}\n", plan.node_id(n)));
        let last = drivers.last().copied();
        let others: Vec<String> = s
            .direct_drivers(g, ix)
            .into_iter()
            .filter(|x| Some(*x) != last && !is_group(plan, g.graph[*x]))
            .map(|x| plan.node_id(g.graph[x]).to_string())
            .collect();
        if !others.is_empty() {
            out.push_str(&format!(
                "  (it waits just as long for: {}; shortening one chain alone does not move it)\n",
                others.join(", ")
            ));
        }
    }
    let pushes: Vec<NodeIndex> = s
        .pushes(g, ix)
        .into_iter()
        .filter(|x| !is_group(plan, g.graph[*x]))
        .collect();
    if pushes.is_empty() {
        out.push_str("\nIt pushes nothing: no later task waits for it alone.\n");
    } else {
        out.push_str(&format!(
            "\nA slip here moves {} task{} downstream:\n",
            pushes.len(),
            if pushes.len() == 1 { "" } else { "s" }
        ));
        for x in pushes.iter().take(30) {
            let tt = s.times[x.index()].expect("scheduled");
            out.push_str(&format!("  {}  {}\n", label(*x), when(&tt)));
        }
        if pushes.len() > 30 {
            out.push_str(&format!("  ... and {} more\n", pushes.len() - 30));
        }
    }
    out
}
