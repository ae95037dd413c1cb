//! `roadmap status` and `roadmap milestones`: progress people read every morning.
//!
//! Counts are over items (leaf tasks): a group's sub-tasks roll up into it.
//! Cancelled items are shown but are not open work, and percent done is over
//! the items that are not cancelled.

use crate::check::milestone_items;
use crate::graph::PlanGraph;
use crate::model::{NodeRef, Plan, Status};
use crate::schedule::Schedule;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupBy {
    Stream,
    Bucket,
    Owner,
    Milestone,
    Priority,
}

/// Which items a report counts.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub stream: Vec<String>,
    pub owner: Vec<String>,
    pub bucket: Vec<String>,
    pub status: Vec<Status>,
    pub tag: Vec<String>,
}

impl Filter {
    pub fn keeps(&self, plan: &Plan, item: usize) -> bool {
        let t = &plan.tasks[item];
        let any = |wanted: &[String], have: Option<&str>| {
            wanted.is_empty()
                || have.is_some_and(|h| wanted.iter().any(|w| w.eq_ignore_ascii_case(h)))
        };
        any(&self.stream, Some(&plan.streams[t.stream].id))
            && any(&self.owner, t.owner.as_deref())
            && (self.bucket.is_empty()
                || self.bucket.iter().any(|b| {
                    plan.buckets
                        .iter()
                        .position(|x| x.id == *b)
                        .is_some_and(|bi| t.bucket.is_some_and(|tb| plan.bucket_within(tb, bi)))
                }))
            && (self.status.is_empty() || self.status.contains(&plan.status(item)))
            && (self.tag.is_empty()
                || self.tag.iter().any(|w| {
                    // A tag on the item or on any group above it.
                    let mut cur = Some(item);
                    while let Some(c) = cur {
                        if plan.tasks[c].tags.iter().any(|x| x.eq_ignore_ascii_case(w)) {
                            return true;
                        }
                        cur = plan.tasks[c].parent;
                    }
                    false
                }))
    }
}

#[derive(Debug, Default, Clone, Serialize, PartialEq)]
pub struct Counts {
    pub total: usize,
    pub done: usize,
    pub in_progress: usize,
    pub blocked: usize,
    pub todo: usize,
    pub cancelled: usize,
    /// Done over items that are not cancelled, in percent (0 when there are none).
    pub percent_done: f64,
}

impl Counts {
    fn add(&mut self, s: Status) {
        self.total += 1;
        match s {
            Status::Done => self.done += 1,
            Status::InProgress => self.in_progress += 1,
            Status::Blocked => self.blocked += 1,
            Status::Todo => self.todo += 1,
            Status::Cancelled => self.cancelled += 1,
        }
    }

    fn finish(&mut self) {
        let open = self.total - self.cancelled;
        self.percent_done = if open == 0 {
            0.0
        } else {
            (self.done as f64 * 1000.0 / open as f64).round() / 10.0
        };
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub key: String,
    pub name: String,
    /// Nesting depth (a week bucket inside a phase is 1).
    #[serde(skip)]
    pub depth: usize,
    #[serde(flatten)]
    pub counts: Counts,
}

#[derive(Debug, Clone, Serialize)]
pub struct Late {
    pub id: String,
    pub name: String,
    pub due: NaiveDate,
    /// Working days: past the due date (overdue), or after it that the
    /// schedule can finish at the earliest (at risk).
    pub days_late: i64,
    /// Computed earliest finish, for at-risk items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finish: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    pub title: String,
    pub file: String,
    pub today: NaiveDate,
    pub by: &'static str,
    pub groups: Vec<Group>,
    pub overall: Counts,
    pub overdue: Vec<Late>,
    pub at_risk: Vec<Late>,
}

fn by_name(by: GroupBy) -> &'static str {
    match by {
        GroupBy::Stream => "stream",
        GroupBy::Bucket => "bucket",
        GroupBy::Owner => "owner",
        GroupBy::Milestone => "milestone",
        GroupBy::Priority => "priority",
    }
}

/// Depth of a bucket in the `within` tree.
fn bucket_depth(plan: &Plan, b: usize) -> usize {
    let mut d = 0;
    let mut cur = plan.buckets[b].within;
    while let Some(c) = cur {
        d += 1;
        if d > plan.buckets.len() {
            break;
        }
        cur = plan.buckets[c].within;
    }
    d
}

/// The due date of an item: its own `due`, else its bucket's end.
pub fn due_date(plan: &Plan, item: usize) -> Option<NaiveDate> {
    let t = &plan.tasks[item];
    let stated = t
        .due
        .as_ref()
        .or_else(|| t.bucket.and_then(|b| plan.buckets[b].end.as_ref()))?;
    if stated.expr.is_relative() && plan.start.is_none() {
        return None;
    }
    plan.calendar
        .last_workday_until(stated.period.last)
        .or(Some(stated.period.last))
}

pub fn status(
    plan: &Plan,
    file: String,
    g: &PlanGraph,
    sched: Option<&Schedule>,
    by: GroupBy,
    filter: &Filter,
    today: NaiveDate,
) -> StatusReport {
    let items: Vec<usize> = plan.items().filter(|&i| filter.keeps(plan, i)).collect();
    let mut overall = Counts::default();
    for &i in &items {
        overall.add(plan.status(i));
    }
    overall.finish();

    // (key, name, depth, members)
    let mut groups: Vec<(String, String, usize, Vec<usize>)> = Vec::new();
    let push_rest =
        |groups: &mut Vec<(String, String, usize, Vec<usize>)>, label: &str, rest: Vec<usize>| {
            if !rest.is_empty() {
                groups.push((String::new(), label.to_string(), 0, rest));
            }
        };
    match by {
        GroupBy::Stream => {
            for (si, s) in plan.streams.iter().enumerate() {
                let m: Vec<usize> = items
                    .iter()
                    .copied()
                    .filter(|&i| plan.tasks[i].stream == si)
                    .collect();
                if !m.is_empty() || filter.stream.is_empty() {
                    groups.push((s.id.clone(), s.name.clone(), 0, m));
                }
            }
        }
        GroupBy::Bucket => {
            // Buckets in order, each with what lies within it.
            for (bi, b) in plan.buckets.iter().enumerate() {
                let m: Vec<usize> = items
                    .iter()
                    .copied()
                    .filter(|&i| {
                        plan.tasks[i]
                            .bucket
                            .is_some_and(|tb| plan.bucket_within(tb, bi))
                    })
                    .collect();
                groups.push((b.id.clone(), b.name.clone(), bucket_depth(plan, bi), m));
            }
            let rest = items
                .iter()
                .copied()
                .filter(|&i| plan.tasks[i].bucket.is_none())
                .collect();
            push_rest(&mut groups, "(no bucket)", rest);
        }
        GroupBy::Owner | GroupBy::Priority => {
            let key = |i: usize| match by {
                GroupBy::Owner => plan.tasks[i].owner.clone(),
                _ => plan.tasks[i].priority.clone(),
            };
            let mut keys: Vec<String> = items.iter().filter_map(|&i| key(i)).collect();
            keys.sort_by(|a, b| natural_cmp(a, b));
            keys.dedup();
            for k in keys {
                let m = items
                    .iter()
                    .copied()
                    .filter(|&i| key(i).as_deref() == Some(&k))
                    .collect();
                groups.push((k.clone(), k, 0, m));
            }
            let rest = items
                .iter()
                .copied()
                .filter(|&i| key(i).is_none())
                .collect();
            push_rest(
                &mut groups,
                if by == GroupBy::Owner {
                    "(no owner)"
                } else {
                    "(no priority)"
                },
                rest,
            );
        }
        GroupBy::Milestone => {
            let keep: std::collections::HashSet<usize> = items.iter().copied().collect();
            for (mi, m) in plan.milestones.iter().enumerate() {
                let mem: Vec<usize> = milestone_items(plan, mi)
                    .into_iter()
                    .filter(|i| keep.contains(i))
                    .collect();
                if !mem.is_empty() {
                    groups.push((m.id.clone(), m.name.clone(), 0, mem));
                }
            }
            let rest = items
                .iter()
                .copied()
                .filter(|&i| plan.tasks[i].milestone.is_none())
                .collect();
            push_rest(&mut groups, "(no milestone)", rest);
        }
    }
    // With a filter, rows it leaves empty are noise.
    let filtered = !(filter.stream.is_empty()
        && filter.owner.is_empty()
        && filter.bucket.is_empty()
        && filter.status.is_empty()
        && filter.tag.is_empty());
    let groups = groups
        .into_iter()
        .filter(|(_, _, _, m)| !(filtered && m.is_empty()))
        .map(|(key, name, depth, m)| {
            let mut c = Counts::default();
            for i in m {
                c.add(plan.status(i));
            }
            c.finish();
            Group {
                key,
                name,
                depth,
                counts: c,
            }
        })
        .collect();

    let cal = &plan.calendar;
    let working_days_after = |due: NaiveDate, later: NaiveDate| {
        cal.workdays_between(due.succ_opt().unwrap_or(due), later)
    };
    let open = |i: usize| !matches!(plan.status(i), Status::Done | Status::Cancelled);
    let mut overdue = Vec::new();
    let mut at_risk = Vec::new();
    for &i in &items {
        if !open(i) {
            continue;
        }
        let Some(due) = due_date(plan, i) else {
            continue;
        };
        let t = &plan.tasks[i];
        if due < today {
            overdue.push(Late {
                id: t.id.clone(),
                name: t.name.clone(),
                due,
                days_late: working_days_after(due, today - chrono::Days::new(1)).max(1),
                finish: None,
            });
        } else if let Some(s) = sched
            && let Ok(times) = s.times_of(g, NodeRef::Task(i))
            && let Some(finish) = s.finish_date(&times)
            && plan.start.is_some()
            && finish > due
        {
            at_risk.push(Late {
                id: t.id.clone(),
                name: t.name.clone(),
                due,
                days_late: working_days_after(due, finish),
                finish: Some(finish),
            });
        }
    }
    // Milestones the schedule reaches after their deadline or date.
    if let Some(s) = sched
        && plan.start.is_some()
    {
        for (mi, m) in plan.milestones.iter().enumerate() {
            let open = m
                .status
                .as_ref()
                .is_none_or(|st| !matches!(st.value, Status::Done | Status::Cancelled));
            let due = m
                .deadline
                .as_ref()
                .or(m.end.as_ref())
                .and_then(|d| cal.last_workday_until(d.period.last));
            if let (true, Some(due), Ok(t)) = (open, due, s.times_of(g, NodeRef::Milestone(mi)))
                && due >= today
                && let Some(finish) = s.finish_date(&t)
                && finish > due
            {
                at_risk.push(Late {
                    id: m.id.clone(),
                    name: m.name.clone(),
                    due,
                    days_late: working_days_after(due, finish),
                    finish: Some(finish),
                });
            }
        }
    }
    overdue.sort_by_key(|l| (l.due, l.id.clone()));
    at_risk.sort_by_key(|l| (l.due, l.id.clone()));
    StatusReport {
        title: plan.title.clone(),
        file,
        today,
        by: by_name(by),
        groups,
        overall,
        overdue,
        at_risk,
    }
}

/// Compare strings with their digit runs as numbers: P2 < P10, Dev 2 < Dev 10.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (x.peek().copied(), y.peek().copied()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, _) => return std::cmp::Ordering::Less,
            (_, None) => return std::cmp::Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let mut n1 = String::new();
                while let Some(c) = x.peek().copied().filter(char::is_ascii_digit) {
                    n1.push(c);
                    x.next();
                }
                let mut n2 = String::new();
                while let Some(d) = y.peek().copied().filter(char::is_ascii_digit) {
                    n2.push(d);
                    y.next();
                }
                let (t1, t2) = (n1.trim_start_matches('0'), n2.trim_start_matches('0'));
                let o = t1.len().cmp(&t2.len()).then(t1.cmp(t2));
                if o != std::cmp::Ordering::Equal {
                    return o;
                }
            }
            (Some(c), Some(d)) => {
                let o = c.to_lowercase().cmp(d.to_lowercase());
                if o != std::cmp::Ordering::Equal {
                    return o;
                }
                x.next();
                y.next();
            }
        }
    }
}

/// Streams x buckets: how many items, and how many done, in each cell.
#[derive(Debug, Clone, Serialize)]
pub struct Matrix {
    pub title: String,
    pub file: String,
    pub buckets: Vec<String>,
    /// The buckets' names, the tables' column headers (not in the JSON).
    #[serde(skip)]
    pub bucket_names: Vec<String>,
    pub rows: Vec<MatrixRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixRow {
    pub stream: String,
    pub name: String,
    /// One cell per bucket, then one for items in no bucket.
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, Copy, Serialize, Default)]
pub struct Cell {
    pub items: usize,
    pub done: usize,
}

pub fn matrix(plan: &Plan, file: String, filter: &Filter) -> Matrix {
    let items: Vec<usize> = plan.items().filter(|&i| filter.keeps(plan, i)).collect();
    // Top-level buckets only: nested ones are inside their parent's column.
    let cols: Vec<usize> = (0..plan.buckets.len())
        .filter(|&b| plan.buckets[b].within.is_none())
        .collect();
    let rows = plan
        .streams
        .iter()
        .enumerate()
        .filter_map(|(si, s)| {
            let mine: Vec<usize> = items
                .iter()
                .copied()
                .filter(|&i| plan.tasks[i].stream == si)
                .collect();
            if mine.is_empty() {
                return None;
            }
            let mut cells = vec![Cell::default(); cols.len() + 1];
            for i in mine {
                let col = plan.tasks[i]
                    .bucket
                    .and_then(|tb| cols.iter().position(|&c| plan.bucket_within(tb, c)))
                    .unwrap_or(cols.len());
                cells[col].items += 1;
                if plan.status(i) == Status::Done {
                    cells[col].done += 1;
                }
            }
            Some(MatrixRow {
                stream: s.id.clone(),
                name: s.name.clone(),
                cells,
            })
        })
        .collect();
    Matrix {
        title: plan.title.clone(),
        file,
        buckets: cols.iter().map(|&c| plan.buckets[c].id.clone()).collect(),
        bucket_names: cols.iter().map(|&c| plan.buckets[c].name.clone()).collect(),
        rows,
    }
}

/// One row of `roadmap milestones`.
#[derive(Debug, Clone, Serialize)]
pub struct MilestoneRow {
    /// `milestone`, `gate`, or the bucket's kind (`bucket` when it has none).
    pub kind: String,
    pub id: String,
    pub name: String,
    pub items: usize,
    pub declared: Option<u64>,
    pub done: usize,
    pub percent_done: f64,
    /// The planned date or deadline (ISO), if it has one.
    pub date: Option<NaiveDate>,
    /// `done`, `open`, `late` (its date has passed), `at-risk` (forecast
    /// after its date), `blocked` or `cancelled` (its own status).
    pub state: &'static str,
    /// When the schedule (as of today) reaches it.
    pub forecast: Option<NaiveDate>,
    /// Working days the forecast is after its date or deadline (negative:
    /// ahead of it).
    pub days_late: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MilestonesReport {
    pub title: String,
    pub file: String,
    pub today: NaiveDate,
    pub milestones: Vec<MilestoneRow>,
}

pub fn milestones(
    plan: &Plan,
    file: String,
    g: Option<&PlanGraph>,
    sched: Option<&Schedule>,
    today: NaiveDate,
) -> MilestonesReport {
    let cal = &plan.calendar;
    // When the schedule reaches a milestone, and how late that is.
    let forecast = |mi: usize, date: Option<NaiveDate>| -> (Option<NaiveDate>, Option<i64>) {
        let (Some(g), Some(s), true) = (g, sched, plan.start.is_some()) else {
            return (None, None);
        };
        let Ok(t) = s.times_of(g, NodeRef::Milestone(mi)) else {
            return (None, None);
        };
        let f = s.finish_date(&t);
        let late = f.zip(date).map(|(f, d)| {
            if f > d {
                cal.workdays_between(d.succ_opt().unwrap_or(d), f)
            } else {
                -cal.workdays_between(f.succ_opt().unwrap_or(f), d)
            }
        });
        (f, late)
    };
    let dated = |s: Option<&crate::model::Stated>| {
        s.filter(|s| !(s.expr.is_relative() && plan.start.is_none()))
            .map(|s| {
                cal.last_workday_until(s.period.last)
                    .unwrap_or(s.period.last)
            })
    };
    let row = |kind: String,
               id: &str,
               name: &str,
               members: Vec<usize>,
               declared: Option<u64>,
               date: Option<NaiveDate>,
               explicit: Option<Status>,
               (forecast, days_late): (Option<NaiveDate>, Option<i64>)| {
        let mut c = Counts::default();
        for &i in &members {
            c.add(plan.status(i));
        }
        c.finish();
        // Its own status, when written, says more than its items.
        let all_done = match explicit {
            Some(st) => st == Status::Done,
            None => !members.is_empty() && c.done + c.cancelled == c.total,
        };
        let state = if all_done {
            "done"
        } else if explicit == Some(Status::Cancelled) {
            "cancelled"
        } else if explicit == Some(Status::Blocked) {
            "blocked"
        } else if date.is_some_and(|d| d < today) {
            "late"
        } else if days_late.is_some_and(|l| l > 0) {
            "at-risk"
        } else {
            "open"
        };
        MilestoneRow {
            kind,
            id: id.to_string(),
            name: name.to_string(),
            items: c.total,
            declared,
            done: c.done,
            percent_done: c.percent_done,
            date,
            state,
            forecast,
            days_late,
        }
    };
    let mut rows = Vec::new();
    for (mi, m) in plan.milestones.iter().enumerate() {
        let kind = match m.kind {
            crate::model::MilestoneKind::Gate => "gate",
            crate::model::MilestoneKind::Milestone => "milestone",
        };
        let date = dated(m.deadline.as_ref()).or(dated(m.end.as_ref()));
        rows.push(row(
            kind.into(),
            &m.id,
            &m.name,
            milestone_items(plan, mi),
            m.total.as_ref().map(|t| t.value),
            date,
            m.status.as_ref().map(|s| s.value),
            forecast(mi, date),
        ));
    }
    for (bi, b) in plan.buckets.iter().enumerate() {
        let Some(total) = &b.total else { continue };
        let members = plan
            .items()
            .filter(|&i| {
                plan.tasks[i]
                    .bucket
                    .is_some_and(|tb| plan.bucket_within(tb, bi))
            })
            .collect();
        rows.push(row(
            b.kind
                .map(|k| k.as_str().to_string())
                .unwrap_or_else(|| "bucket".into()),
            &b.id,
            &b.name,
            members,
            Some(total.value),
            dated(b.end.as_ref()),
            None,
            (None, None),
        ));
    }
    MilestonesReport {
        title: plan.title.clone(),
        file,
        today,
        milestones: rows,
    }
}

// ---- rendering ----

use crate::table;
use comfy_table::{Cell as TCell, Color};

fn pct(p: f64) -> String {
    format!("{p:.0}%")
}

fn count_cells(c: &Counts) -> Vec<String> {
    vec![
        c.total.to_string(),
        c.done.to_string(),
        c.in_progress.to_string(),
        c.blocked.to_string(),
        c.todo.to_string(),
        c.cancelled.to_string(),
        pct(c.percent_done),
    ]
}

fn count_header(width: u16) -> Vec<&'static str> {
    let doing = if width >= 100 { "in progress" } else { "doing" };
    vec![
        "items",
        "done",
        doing,
        "blocked",
        "todo",
        "cancelled",
        "done %",
    ]
}

fn heading(title: &str, file: &str, extra: &str) -> String {
    format!("{title}  ({file}; {extra})\n")
}

fn late_table(label: &str, v: &[Late], width: u16, out: &mut String) {
    if v.is_empty() {
        return;
    }
    out.push_str(&format!("\n{label}: {}\n", v.len()));
    let risk = v.iter().any(|l| l.finish.is_some());
    let mut header = vec!["id", "name", "due"];
    if risk {
        header.push("can finish");
    }
    header.push("late");
    let mut t = table::new(&header, &[("id", 10), ("name", 16)], width);
    for l in v {
        let mut row = vec![l.id.clone(), l.name.clone(), l.due.to_string()];
        if risk {
            row.push(l.finish.map(|f| f.to_string()).unwrap_or_default());
        }
        row.push(format!("{} d", l.days_late));
        t.add_row(row);
    }
    out.push_str(&t.to_string());
    out.push_str("\n(late: working days)\n");
}

pub fn status_table(r: &StatusReport, width: u16, color: bool) -> String {
    let mut out = heading(
        &r.title,
        &r.file,
        &format!("by {}, today {}", r.by, r.today),
    );
    let mut header = vec![r.by];
    header.extend(count_header(width));
    let mut t = table::new(&header, &[(r.by, 12)], width);
    for g in &r.groups {
        let mut row = vec![TCell::new(format!("{}{}", "  ".repeat(g.depth), g.name))];
        row.extend(count_cells(&g.counts).into_iter().map(TCell::new));
        if color && g.counts.total > 0 && g.counts.done + g.counts.cancelled == g.counts.total {
            row[7] = row[7].clone().fg(Color::Green);
        }
        t.add_row(row);
    }
    let mut total = vec!["total".to_string()];
    total.extend(count_cells(&r.overall));
    t.add_row(total);
    out.push_str(&t.to_string());
    out.push('\n');
    let mut late = String::new();
    late_table(
        "overdue (due date passed, not done)",
        &r.overdue,
        width,
        &mut late,
    );
    late_table(
        "at risk (the schedule finishes after the due date)",
        &r.at_risk,
        width,
        &mut late,
    );
    if color && !late.is_empty() {
        late = format!("\u{1b}[31m{late}\u{1b}[0m");
    }
    out.push_str(&late);
    out
}

pub fn status_markdown(r: &StatusReport) -> String {
    let mut out = format!(
        "### {}\n\nProgress by {}, {}.\n\n",
        r.title.replace('|', "\\|"),
        r.by,
        r.today
    );
    let mut header = vec![r.by];
    header.extend(count_header(u16::MAX));
    let mut rows: Vec<Vec<String>> = r
        .groups
        .iter()
        .map(|g| {
            let mut row = vec![format!("{}{}", "&nbsp;&nbsp;".repeat(g.depth), g.name)];
            row.extend(count_cells(&g.counts));
            row
        })
        .collect();
    let mut total = vec!["**total**".to_string()];
    total.extend(count_cells(&r.overall));
    rows.push(total);
    out.push_str(&table::markdown(&header, &rows));
    for (label, v) in [("Overdue", &r.overdue), ("At risk", &r.at_risk)] {
        if !v.is_empty() {
            out.push_str(&format!("\n**{label}** ({})\n\n", v.len()));
            for l in v {
                out.push_str(&format!(
                    "- `{}` {}: due {}, {} working days late\n",
                    l.id, l.name, l.due, l.days_late
                ));
            }
        }
    }
    out
}

fn csv_string(f: impl FnOnce(&mut csv::Writer<Vec<u8>>) -> csv::Result<()>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let res = f(&mut w);
    let bytes = match (res, w.into_inner()) {
        (Ok(()), Ok(b)) => b,
        _ => Vec::new(),
    };
    String::from_utf8_lossy(&bytes).into_owned()
}

pub fn status_csv(reports: &[StatusReport]) -> String {
    csv_string(|w| {
        w.write_record([
            "plan",
            "group_by",
            "key",
            "name",
            "total",
            "done",
            "in_progress",
            "blocked",
            "todo",
            "cancelled",
            "percent_done",
        ])?;
        for r in reports {
            let rows = r
                .groups
                .iter()
                .map(|g| (g.key.as_str(), g.name.as_str(), &g.counts))
                .chain(std::iter::once(("", "total", &r.overall)));
            for (key, name, c) in rows {
                w.write_record([
                    r.title.as_str(),
                    r.by,
                    key,
                    name,
                    &c.total.to_string(),
                    &c.done.to_string(),
                    &c.in_progress.to_string(),
                    &c.blocked.to_string(),
                    &c.todo.to_string(),
                    &c.cancelled.to_string(),
                    &format!("{:.1}", c.percent_done),
                ])?;
            }
        }
        Ok(())
    })
}

fn cell_text(c: &Cell) -> String {
    if c.items == 0 {
        String::new()
    } else {
        format!("{}/{}", c.done, c.items)
    }
}

fn matrix_columns(m: &Matrix) -> (Vec<String>, bool) {
    let none = m
        .rows
        .iter()
        .any(|r| r.cells.last().is_some_and(|c| c.items > 0));
    let mut cols = m.bucket_names.clone();
    if none {
        cols.push("(no bucket)".into());
    }
    (cols, none)
}

pub fn matrix_table(m: &Matrix, width: u16) -> String {
    let mut out = heading(&m.title, &m.file, "streams x buckets; a cell is done/items");
    let (cols, none) = matrix_columns(m);
    let mut header: Vec<&str> = vec!["stream"];
    header.extend(cols.iter().map(String::as_str));
    let wrap: Vec<(&str, u16)> = header
        .iter()
        .map(|h| (*h, if *h == "stream" { 14 } else { 5 }))
        .collect();
    let mut t = table::new(&header, &wrap, width);
    for r in &m.rows {
        let mut row = vec![r.name.clone()];
        let n = if none {
            r.cells.len()
        } else {
            r.cells.len() - 1
        };
        row.extend(r.cells[..n].iter().map(cell_text));
        t.add_row(row);
    }
    out.push_str(&t.to_string());
    out.push('\n');
    out
}

pub fn matrix_markdown(m: &Matrix) -> String {
    let (cols, none) = matrix_columns(m);
    let mut header: Vec<&str> = vec!["stream"];
    header.extend(cols.iter().map(String::as_str));
    let rows: Vec<Vec<String>> = m
        .rows
        .iter()
        .map(|r| {
            let n = if none {
                r.cells.len()
            } else {
                r.cells.len() - 1
            };
            std::iter::once(r.name.clone())
                .chain(r.cells[..n].iter().map(cell_text))
                .collect()
        })
        .collect();
    format!(
        "### {}\n\nStreams by bucket; a cell is done/items.\n\n{}",
        m.title.replace('|', "\\|"),
        table::markdown(&header, &rows)
    )
}

pub fn matrix_csv(ms: &[Matrix]) -> String {
    csv_string(|w| {
        w.write_record(["plan", "stream", "bucket", "items", "done"])?;
        for m in ms {
            for r in &m.rows {
                for (i, c) in r.cells.iter().enumerate() {
                    if c.items == 0 {
                        continue;
                    }
                    let b = m.buckets.get(i).map(String::as_str).unwrap_or("");
                    w.write_record([
                        &m.title,
                        &r.stream,
                        b,
                        &c.items.to_string(),
                        &c.done.to_string(),
                    ])?;
                }
            }
        }
        Ok(())
    })
}

fn declared_text(m: &MilestoneRow) -> String {
    match m.declared {
        Some(d) if d as usize != m.items => format!("{d} ≠"),
        Some(d) => d.to_string(),
        None => String::new(),
    }
}

pub fn milestones_table(r: &MilestonesReport, width: u16, color: bool) -> String {
    let mut out = heading(&r.title, &r.file, &format!("today {}", r.today));
    if r.milestones.is_empty() {
        out.push_str("no milestones, gates or buckets with a declared total\n");
        return out;
    }
    let header = [
        "kind", "id", "name", "items", "declared", "done", "done %", "date", "forecast", "state",
    ];
    let mut t = table::new(&header, &[("id", 12), ("name", 14)], width);
    for m in &r.milestones {
        let mut state = TCell::new(m.state);
        if color {
            state = state.fg(match m.state {
                "done" => Color::Green,
                "late" | "at-risk" | "blocked" => Color::Red,
                _ => Color::Reset,
            });
        }
        t.add_row(vec![
            TCell::new(&m.kind),
            TCell::new(&m.id),
            TCell::new(&m.name),
            TCell::new(m.items),
            TCell::new(declared_text(m)),
            TCell::new(m.done),
            TCell::new(pct(m.percent_done)),
            TCell::new(m.date.map(|d| d.to_string()).unwrap_or_default()),
            TCell::new(forecast_text(m)),
            state,
        ]);
    }
    out.push_str(&t.to_string());
    out.push('\n');
    if r.milestones
        .iter()
        .any(|m| m.declared.is_some_and(|d| d as usize != m.items))
    {
        out.push_str(
            "≠ the declared total differs from the items counted (`roadmap check` says where)\n",
        );
    }
    out
}

/// The forecast date, and how late it is against the milestone's date.
fn forecast_text(m: &MilestoneRow) -> String {
    match (m.forecast, m.days_late) {
        (Some(f), Some(l)) if l > 0 => format!("{f} (+{l})"),
        (Some(f), _) => f.to_string(),
        _ => String::new(),
    }
}

pub fn milestones_markdown(r: &MilestonesReport) -> String {
    let header = [
        "kind", "id", "name", "items", "declared", "done", "done %", "date", "forecast", "state",
    ];
    let rows: Vec<Vec<String>> = r
        .milestones
        .iter()
        .map(|m| {
            vec![
                m.kind.clone(),
                format!("`{}`", m.id),
                m.name.clone(),
                m.items.to_string(),
                declared_text(m),
                m.done.to_string(),
                pct(m.percent_done),
                m.date.map(|d| d.to_string()).unwrap_or_default(),
                forecast_text(m),
                m.state.to_string(),
            ]
        })
        .collect();
    format!(
        "### Milestones: {}\n\n{}",
        r.title.replace('|', "\\|"),
        table::markdown(&header, &rows)
    )
}

pub fn milestones_csv(reports: &[MilestonesReport]) -> String {
    csv_string(|w| {
        w.write_record([
            "plan",
            "kind",
            "id",
            "name",
            "items",
            "declared",
            "done",
            "percent_done",
            "date",
            "forecast",
            "days_late",
            "state",
        ])?;
        for r in reports {
            for m in &r.milestones {
                w.write_record([
                    r.title.as_str(),
                    &m.kind,
                    &m.id,
                    &m.name,
                    &m.items.to_string(),
                    &m.declared.map(|d| d.to_string()).unwrap_or_default(),
                    &m.done.to_string(),
                    &format!("{:.1}", m.percent_done),
                    &m.date.map(|d| d.to_string()).unwrap_or_default(),
                    &m.forecast.map(|d| d.to_string()).unwrap_or_default(),
                    &m.days_late.map(|d| d.to_string()).unwrap_or_default(),
                    m.state,
                ])?;
            }
        }
        Ok(())
    })
}
