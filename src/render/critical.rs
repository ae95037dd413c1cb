//! Renderers of `critical-path`: a terminal table and Markdown.

use crate::plan::time::format_days;
use crate::render::{Render, Style, table, term};
use crate::report::critical::*;
use chrono::NaiveDate;

/// The output plan text lands in, and so how it is escaped.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Out {
    Terminal,
    Markdown,
}

impl Out {
    fn esc(self, s: &str) -> String {
        match self {
            Out::Terminal => term(s),
            Out::Markdown => crate::escape::markdown(s),
        }
    }
}

fn md(s: &str) -> String {
    Out::Markdown.esc(s)
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

fn cells(t: &TaskRow, header: &[&str], show: Show, out: Out) -> Vec<String> {
    let esc = |s: &str| out.esc(s);
    header
        .iter()
        .map(|h| match *h {
            "id" if t.critical && !matches!(show, Show::Critical) => format!("{} *", esc(&t.id)),
            "id" => esc(&t.id),
            "name" => esc(&t.name),
            "stream" => t
                .stream
                .as_deref()
                .map_or_else(|| "(milestone)".into(), esc),
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

/// In a levelled schedule, a line per task shown that waits for a person:
/// the chain runs through people as well as dependencies.
fn wait_lines(r: &Report, show: Show, out: Out) -> Vec<String> {
    crate::report::critical::shown(r, show)
        .into_iter()
        .filter_map(|t| {
            let w = t.waits_for.as_ref()?;
            Some(match (&w.busy_on, w.until) {
                (Some(h), Some(u)) => format!(
                    "{} waits for {}, busy on {} until {u}",
                    out.esc(&t.id),
                    out.esc(&w.resource),
                    out.esc(h)
                ),
                _ => format!(
                    "{} waits for {} (a day off)",
                    out.esc(&t.id),
                    out.esc(&w.resource)
                ),
            })
        })
        .collect()
}

fn missed_line(m: &Missed, out: Out) -> String {
    let esc = |s: &str| out.esc(s);
    let what = if m.id.is_empty() {
        "the plan".to_string()
    } else {
        // Markdown has no code span for plan text (backslashes are literal there).
        let quote = if out == Out::Terminal { "`" } else { "" };
        format!("{quote}{}{quote} ({})", esc(&m.id), esc(&m.name))
    };
    format!(
        "{what} finishes {}, {} working day{} after {} ({})",
        d(m.finish),
        m.days_late,
        if m.days_late == 1 { "" } else { "s" },
        esc(&m.source),
        m.deadline
    )
}

/// Why nothing is scheduled, and what to add, in one sentence.
fn nothing_line(r: &Report) -> String {
    let n = r.unscheduled.len();
    let what = match n {
        0 => "the plan has no tasks; add them under `streams:`".to_string(),
        1 => "its one task has no duration or dates; add `duration:` or `start:`/`end:` to it"
            .to_string(),
        n => format!(
            "none of the {n} tasks has a duration or dates; add `duration:` or `start:`/`end:` to them"
        ),
    };
    let plan = if n > 0 && r.start.is_none() {
        ", and `start:` to the plan"
    } else {
        ""
    };
    format!("nothing to schedule: {what}{plan}")
}

/// The terminal text of `critical-path` for a `width`-column terminal: summary,
/// the tasks `show` selects, missed deadlines, and the first 20 unscheduled tasks.
pub fn render_table(r: &Report, show: Show, width: u16) -> String {
    let title = term(&r.title);
    let mut out = format!(
        "{title}\n{}\n",
        "=".repeat(title.chars().count().min(width as usize))
    );
    if r.tasks.is_empty() && r.critical_path.is_empty() {
        // One line: why, and what to add; the list of every task adds nothing.
        out.push_str(&nothing_line(r));
        out.push('\n');
        return table::wrap_text(&out, width);
    }
    for l in summary_lines(r) {
        out.push_str(&l);
        out.push('\n');
    }
    let before;
    {
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
        if r.tasks.is_empty() {
            out.push_str("no task shown matches the filter (--all shows every task)\n");
        }
        let header = columns(show, width);
        let mut t = table::new(&header, &[("name", 14), ("stream", 8)], width)
            .drop_first(&["free", "stream", "duration", "start"]);
        for row in shown(r, show) {
            t.add_row(cells(row, &header, show, Out::Terminal));
        }
        // The table fits already: only the text around it is wrapped.
        out = table::wrap_text(&out, width);
        out.push_str(&t.render());
        out.push('\n');
        before = out.len();
        // Wrapped with the text below the table (not part of it).
        for l in wait_lines(r, show, Out::Terminal) {
            out.push_str(&format!("{l}\n"));
        }
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
            out.push_str(&format!("  {}\n", missed_line(m, Out::Terminal)));
        }
    }
    if !r.unscheduled.is_empty() {
        out.push_str(&format!(
            "\nunscheduled: {} (no duration; never guessed)\n",
            r.unscheduled.len()
        ));
        for u in r.unscheduled.iter().take(20) {
            out.push_str(&format!(
                "  {} ({}): {}\n",
                term(&u.id),
                term(&u.name),
                u.reason
            ));
        }
        if r.unscheduled.len() > 20 {
            out.push_str(&format!("  ... and {} more\n", r.unscheduled.len() - 20));
        }
    }
    let after = table::wrap_text(&out[before..], width);
    out.truncate(before);
    out.push_str(&after);
    out
}

/// `critical-path` as Markdown: summary list, task table, missed deadlines and
/// the count of unscheduled tasks.
pub fn render_markdown(r: &Report, show: Show) -> String {
    let mut out = format!("### Critical path: {}\n\n", md(&r.title));
    if r.tasks.is_empty() && r.critical_path.is_empty() {
        let line = nothing_line(r);
        let line = line.strip_prefix("nothing").unwrap_or(&line);
        out.push_str(&format!("Nothing{line}.\n"));
        return out;
    }
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
            .map(|t| cells(t, &header, show, Out::Markdown))
            .collect();
        out.push_str(&table::markdown(&header, &rows));
        let waits = wait_lines(r, show, Out::Markdown);
        if !waits.is_empty() {
            out.push('\n');
            for l in waits {
                out.push_str(&format!("- {l}\n"));
            }
        }
    }
    if !r.missed_deadlines.is_empty() {
        out.push_str("\n**Missed deadlines**\n\n");
        for m in &r.missed_deadlines {
            out.push_str(&format!("- {}\n", missed_line(m, Out::Markdown)));
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

impl Render for Report {
    fn table(&self, style: &Style) -> String {
        render_table(self, self.show, style.width)
    }
    fn markdown(&self) -> String {
        render_markdown(self, self.show)
    }
}
