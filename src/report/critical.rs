//! `roadmap critical-path` and `roadmap explain`: what the schedule says.

use crate::plan::graph::PlanGraph;
use crate::plan::model::{NodeRef, Plan};
use crate::plan::time::format_days;
use crate::project::PlanView;
use crate::schedule::{Binding, Schedule, Times, Unscheduled};
use crate::source::Loc;
use chrono::NaiveDate;
use petgraph::graph::NodeIndex;
use serde::Serialize;

/// One scheduled task or milestone in `critical-path` (groups are not listed).
#[derive(Debug, Serialize)]
pub struct TaskRow {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// `task` or `milestone`.
    pub kind: &'static str,
    /// The id of the task's stream; `None` for a milestone.
    pub stream: Option<String>,
    /// Duration in working days (0 for a milestone).
    pub duration_days: i64,
    /// Earliest start and finish, latest start and finish: first and last
    /// working days, as ISO dates (null when the plan has no start date).
    pub es: Option<NaiveDate>,
    /// Earliest finish: the last working day (see `es`).
    pub ef: Option<NaiveDate>,
    /// Latest start: the first working day it can start without delaying the
    /// finish or missing a deadline.
    pub ls: Option<NaiveDate>,
    /// Latest finish: the last working day, as `ls`.
    pub lf: Option<NaiveDate>,
    /// Working days it can slip without moving the plan's finish or missing a
    /// deadline; negative where a deadline cannot be met.
    pub total_slack: i64,
    /// Working days it can slip without delaying any successor's earliest start.
    pub free_slack: i64,
    /// On a chain that sets the plan's finish date.
    pub critical: bool,
    /// In a levelled schedule, the person or team it waits for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waits_for: Option<Wait>,
}

/// A task that waits for a resource in a levelled schedule (docs/capacity.md).
#[derive(Debug, Clone, Serialize)]
pub struct Wait {
    /// The resource's id.
    pub resource: String,
    /// The task it is busy on (none: its day off).
    pub busy_on: Option<String>,
    /// The last day of that task.
    pub until: Option<NaiveDate>,
}

/// The resource a node waits for in a levelled schedule, if it does.
pub fn wait_of(plan: &Plan, g: &PlanGraph, s: &Schedule, ix: NodeIndex) -> Option<Wait> {
    let crate::schedule::Why::Floor(crate::schedule::Floor::Resource { resource, holder }) =
        s.why.get(ix.index())?
    else {
        return None;
    };
    let held = s.times.get(holder.index()).and_then(|t| t.ok());
    Some(Wait {
        resource: plan
            .resources
            .get(*resource)
            .map_or_else(|| "?".into(), |r| r.id.clone()),
        busy_on: held.map(|_| plan.node_id(g.graph[*holder]).to_string()),
        until: held.and_then(|t| s.finish_date(&t)),
    })
}

/// A deadline the schedule misses.
#[derive(Debug, Serialize)]
pub struct Missed {
    /// The task or milestone; empty for the plan's own deadline.
    pub id: String,
    /// Its name; the plan's title for the plan's deadline.
    pub name: String,
    /// What set the deadline: `due`, `deadline`, "end of bucket `q2`", `plan deadline`.
    pub source: String,
    /// The last working day it may finish on (the deadline's period end, moved
    /// back to a working day).
    pub deadline: NaiveDate,
    /// The scheduled last working day; `None` when the plan has no start date.
    pub finish: Option<NaiveDate>,
    /// How late, in working days.
    pub days_late: i64,
}

/// A task or milestone without a schedule (never guessed), and why.
#[derive(Debug, Serialize)]
pub struct UnscheduledRow {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Why, in words: no duration, or it depends on a task that has none.
    pub reason: &'static str,
}

/// Everything `critical-path` reports about one plan.
#[derive(Debug, Serialize)]
pub struct Report {
    /// The plan's title.
    pub title: String,
    /// The plan's display name (its root file's path).
    pub file: String,
    /// The plan's first working day; `None` when the plan has no start date.
    pub start: Option<NaiveDate>,
    /// The forecast finish (as of `as_of`), else the plan's finish.
    pub finish: Option<NaiveDate>,
    /// The plan's length in working days (0 when nothing is scheduled).
    pub duration_days: i64,
    /// The as-of date of the forecast (null: the plan as written).
    pub as_of: Option<NaiveDate>,
    /// The finish of the plan as written, from its start, ignoring today.
    pub planned_finish: Option<NaiveDate>,
    /// Working days from the planned finish to the forecast finish.
    pub slip_days: i64,
    /// Ids of the critical tasks and milestones, in order of start.
    pub critical_path: Vec<String>,
    /// Several chains tie for the finish date (their tasks are all listed once).
    pub ties: bool,
    /// Scheduled tasks and milestones in topological order: those `show` selects,
    /// or all when it selects none.
    pub tasks: Vec<TaskRow>,
    /// Missed deadlines of tasks and milestones, then the plan's own deadline.
    pub missed_deadlines: Vec<Missed>,
    /// Tasks and milestones left unscheduled.
    pub unscheduled: Vec<UnscheduledRow>,
    /// Which rows a table shows.
    #[serde(skip)]
    pub show: Show,
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

/// Every scheduled task of the plan, with its slack.
pub fn report(v: &PlanView, s: &Schedule) -> Report {
    report_showing(v, s, Show::All)
}

/// [`report`] with only the task rows that `show` puts in a table: the
/// critical chain of a 100,000-task plan without 100,000 rows to build.
/// (Every row when none would be left, so an empty table still means that
/// nothing is scheduled.)
pub fn report_showing(v: &PlanView, s: &Schedule, show: Show) -> Report {
    let (plan, g, file) = (v.plan, v.graph, v.name.to_string());
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
            waits_for: wait_of(plan, g, s, ix),
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
        let late = plan.calendar.workdays_after(limit_day, finish);
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
        finish: s.finish_told().filter(|_| dated),
        duration_days: s.length(),
        as_of: s.as_of,
        planned_finish: s.baseline().finish_told().filter(|_| dated),
        slip_days: s.finish - s.baseline().finish,
        ties: s.ties(&chain).is_some(),
        critical_path: chain
            .iter()
            .map(|ix| plan.node_id(g.graph[*ix]).to_string())
            .collect(),
        tasks,
        missed_deadlines: missed,
        unscheduled,
        show,
    }
}

/// Keep only the task rows of the items `filter` keeps (see
/// [`crate::report::Filter::keeps`]); a milestone row stays when the filter
/// is empty or asks only for owners and names its owner; so do the missed
/// deadlines and unscheduled rows. The summary and the chain stay the whole
/// plan's.
pub fn retain(r: &mut Report, plan: &Plan, filter: &crate::report::Filter) {
    if filter.is_empty() {
        return;
    }
    let only_owner = filter.stream.is_empty()
        && filter.bucket.is_empty()
        && filter.status.is_empty()
        && filter.tag.is_empty();
    let keep = |id: &str| match plan.ids.get(id) {
        Some(NodeRef::Task(i)) => filter.keeps(plan, *i),
        Some(NodeRef::Milestone(m)) => {
            only_owner
                && plan.milestones[*m]
                    .owner
                    .as_deref()
                    .is_some_and(|o| filter.owner.iter().any(|w| w.eq_ignore_ascii_case(o)))
        }
        None => false,
    };
    r.tasks.retain(|t| keep(&t.id));
    // The plan's own deadline (no id) stays.
    r.missed_deadlines
        .retain(|m| m.id.is_empty() || keep(&m.id));
    r.unscheduled.retain(|u| keep(&u.id));
}

/// Which tasks the table shows.
#[derive(Debug, Clone, Copy)]
pub enum Show {
    /// The critical chain only.
    Critical,
    /// Also tasks with at most this many working days of slack.
    Near(i64),
    /// Every scheduled task.
    All,
}

/// The rows a table shows, in the order it shows them.
pub fn shown(r: &Report, show: Show) -> Vec<&TaskRow> {
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

fn day(x: Option<NaiveDate>) -> String {
    x.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
}

/// The deadline behind a negative slack: which one, its date, where it is
/// written.
#[derive(Debug, Clone, Serialize)]
pub struct SlackDeadline {
    /// The task or milestone whose deadline it is: the one explained or one
    /// downstream that waits for it; empty for the plan's own deadline.
    pub id: String,
    /// What set it: "its due date", "its deadline", "the end of its bucket `q2`".
    pub source: String,
    /// The last working day the deadline allows.
    pub date: NaiveDate,
    /// Where it is written.
    #[serde(skip)]
    pub loc: Loc,
}

/// The deadline that sets the latest finish of `n`, when its total slack is
/// negative (a deadline it or something after it cannot meet).
pub fn slack_deadline(
    plan: &Plan,
    g: &PlanGraph,
    s: &Schedule,
    n: NodeRef,
) -> Option<SlackDeadline> {
    let ix = *g.index.get(&n)?;
    if s.times[ix.index()].ok()?.total_slack >= 0 {
        return None;
    }
    match s.binding_deadline(ix)? {
        Binding::Node(at) => {
            let d = s.deadlines[at.index()].as_ref()?;
            Some(SlackDeadline {
                id: plan.node_id(g.graph[at]).to_string(),
                source: d.source.to_string(),
                date: d.date,
                loc: d.loc,
            })
        }
        Binding::Plan => {
            let d = plan.deadline.as_ref()?;
            Some(SlackDeadline {
                id: String::new(),
                source: "its deadline".into(),
                date: plan.calendar.last_workday_until(d.period.last)?,
                loc: d.loc,
            })
        }
    }
}

/// A task or milestone in an explanation: its id, name and dates.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its first working day (null when the plan has no start date).
    pub start: Option<NaiveDate>,
    /// Its last working day (as `start`).
    pub finish: Option<NaiveDate>,
    /// Its working days from the plan's first one, 1-based (first, last):
    /// for a plan without a start date.
    pub working_days: (i64, i64),
}

/// `roadmap explain ID` as data (its JSON): why a task starts when it does,
/// and what a slip in it pushes.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// The task or milestone explained, with its dates; null dates and
    /// `scheduled: false` when it has no schedule.
    pub item: Link,
    /// `task` or `milestone`.
    pub kind: &'static str,
    /// False when it has no duration, or depends on a task without one.
    pub scheduled: bool,
    /// Why it is not scheduled, in words; null when it is.
    pub unscheduled: Option<&'static str>,
    /// Duration in working days.
    pub duration_days: i64,
    /// Total slack in working days (negative: a deadline cannot be met).
    pub total_slack: i64,
    /// Free slack in working days.
    pub free_slack: i64,
    /// On the critical path.
    pub critical: bool,
    /// What sets its start when no chain does (a constraint, the as-of
    /// date, a lag), in one sentence; null when `chain` says it.
    pub reason: Option<String>,
    /// The chain that drives its start, first link first.
    pub chain: Vec<Link>,
    /// Other tasks it waits just as long for (ids).
    pub waits_also_for: Vec<String>,
    /// What a slip in it moves downstream, in order (all of them).
    pub pushes: Vec<Link>,
    /// The deadline behind a negative total slack; null when the slack is
    /// not negative.
    pub slack_deadline: Option<SlackDeadline>,
}

/// Why `n` starts when it does and what it pushes (see [`Explanation`]).
pub fn explanation(plan: &Plan, g: &PlanGraph, s: &Schedule, n: NodeRef) -> Explanation {
    let ix = g.index[&n];
    let dated = plan.start.is_some();
    let link = |ix: NodeIndex| {
        let node = g.graph[ix];
        let (start, finish, days) = match s.times[ix.index()] {
            Ok(t) => (
                s.start_date(&t).filter(|_| dated),
                s.finish_date(&t).filter(|_| dated),
                (t.es + 1, t.ef.max(t.es + 1)),
            ),
            Err(_) => (None, None, (0, 0)),
        };
        Link {
            id: plan.node_id(node).to_string(),
            name: plan.node_name(node).to_string(),
            start,
            finish,
            working_days: days,
        }
    };
    let kind = match n {
        NodeRef::Task(_) => "task",
        NodeRef::Milestone(_) => "milestone",
    };
    let t = match s.times[ix.index()] {
        Ok(t) => t,
        Err(u) => {
            return Explanation {
                item: link(ix),
                kind,
                scheduled: false,
                unscheduled: Some(match u {
                    Unscheduled::NoDuration => {
                        "it has no duration, and no start and end to take one from"
                    }
                    Unscheduled::AfterUnscheduled => "it depends on a task that has no duration",
                }),
                duration_days: 0,
                total_slack: 0,
                free_slack: 0,
                critical: false,
                reason: None,
                chain: Vec::new(),
                waits_also_for: Vec::new(),
                pushes: Vec::new(),
                slack_deadline: None,
            };
        }
    };
    let drivers: Vec<NodeIndex> = s
        .drivers(g, ix)
        .into_iter()
        .filter(|x| *x != ix && !is_group(plan, g.graph[*x]))
        .collect();
    let reason = crate::report::why::start_reason(plan, g, s, ix)
        .filter(|_| drivers.is_empty())
        .or_else(|| {
            drivers
                .is_empty()
                .then(|| "It starts at the plan start: nothing before it holds it back.".into())
        });
    let last = drivers.last().copied();
    let mut waits_also_for: Vec<String> = if drivers.is_empty() {
        Vec::new()
    } else {
        s.direct_drivers(g, ix)
            .into_iter()
            .filter(|x| Some(*x) != last && !is_group(plan, g.graph[*x]))
            .map(|x| plan.node_id(g.graph[x]).to_string())
            .collect()
    };
    crate::natural::sort(&mut waits_also_for);
    let pushes = s
        .pushes(g, ix)
        .into_iter()
        .filter(|x| !is_group(plan, g.graph[*x]))
        .map(link)
        .collect();
    Explanation {
        item: link(ix),
        kind,
        scheduled: true,
        unscheduled: None,
        duration_days: t.duration,
        total_slack: t.total_slack,
        free_slack: t.free_slack,
        critical: t.critical,
        reason,
        chain: drivers.into_iter().map(link).collect(),
        waits_also_for,
        pushes,
        slack_deadline: slack_deadline(plan, g, s, n),
    }
}

/// `roadmap explain ID`: the chain that drives a task's earliest start, and
/// what it pushes downstream.
pub fn explain(plan: &Plan, g: &PlanGraph, s: &Schedule, n: NodeRef) -> String {
    explain_with(plan, g, s, n, &|l: Loc| {
        format!("line {}, column {}", l.line, l.column)
    })
}

/// [`explain`], with `place` naming where a deadline is written (the
/// command line names the file: `plans/q2.yaml:12:10`).
pub fn explain_with(
    plan: &Plan,
    g: &PlanGraph,
    s: &Schedule,
    n: NodeRef,
    place: &dyn Fn(Loc) -> String,
) -> String {
    let ix = g.index[&n];
    let dated = plan.start.is_some();
    let when = |t: &Times| {
        if dated {
            format!("{} to {}", day(s.start_date(t)), day(s.finish_date(t)))
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
    if let Some(d) = slack_deadline(plan, g, s, n) {
        let who = if d.id.is_empty() {
            "the plan".to_string()
        } else if d.id == plan.node_id(n) {
            "it".to_string()
        } else {
            let at = plan.ids[d.id.as_str()];
            let kind = match at {
                NodeRef::Task(_) => "task",
                NodeRef::Milestone(_) => "milestone",
            };
            format!("{kind} {}, which waits for it,", d.id)
        };
        out.push_str(&format!(
            "  the slack is negative: {who} must finish by {}:\n    {}, written at {}\n",
            d.date,
            d.source,
            place(d.loc)
        ));
    }
    let drivers: Vec<NodeIndex> = s
        .drivers(g, ix)
        .into_iter()
        .filter(|x| *x != ix && !is_group(plan, g.graph[*x]))
        .collect();
    let reason = crate::report::why::start_reason(plan, g, s, ix);
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
        let mut others: Vec<String> = s
            .direct_drivers(g, ix)
            .into_iter()
            .filter(|x| Some(*x) != last && !is_group(plan, g.graph[*x]))
            .map(|x| plan.node_id(g.graph[x]).to_string())
            .collect();
        crate::natural::sort(&mut others);
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
