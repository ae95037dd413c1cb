//! Renderers of `diff`: for the terminal and for a pull-request comment.

use crate::render::{Render, Style};
use crate::report::diff::*;
use crate::report::status::Counts;
use chrono::NaiveDate;

fn day(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
}

fn shown(s: &str) -> &str {
    if s.is_empty() { "(none)" } else { s }
}

fn count(c: Option<u64>) -> String {
    c.map(|n| n.to_string()).unwrap_or_else(|| "(none)".into())
}

/// One followed date of `diff --forecast`: what it is, P85 before and
/// after, and the chance of its deadline before and after.
fn forecast_cells(f: &ForecastChange, esc: &dyn Fn(&str) -> String) -> [String; 3] {
    let what = if f.kind == "finish" {
        "finish".to_string()
    } else {
        format!("{} `{}`", f.kind, esc(&f.id))
    };
    let shift = match f.p85_shift_days {
        Some(0) | None => String::new(),
        Some(d) => format!(" ({d:+} days)"),
    };
    let pct = |p: Option<f64>| p.map_or_else(|| "-".into(), crate::render::forecast::pct);
    let chance = match (f.probability_old, f.probability_new) {
        (None, None) => "no deadline".to_string(),
        (o, n) => {
            // The change between the percentages shown.
            let shown = |p: f64| (p * 100.0).round() as i64;
            let pts = o
                .zip(n)
                .map(|(a, b)| shown(b) - shown(a))
                .filter(|c| *c != 0)
                .map_or_else(String::new, |c| format!(" ({c:+} points)"));
            format!("{} -> {}{pts}", pct(o), pct(n))
        }
    };
    [
        what,
        format!("{} -> {}{shift}", day(f.p85_old), day(f.p85_new)),
        chance,
    ]
}

fn what_total(c: &CountChange) -> String {
    if c.kind == "plan" {
        "the plan".to_string()
    } else {
        format!("{} `{}`", c.kind, c.id)
    }
}

fn finish_line(p: &PlanDiff) -> String {
    if p.finish_old == p.finish_new && p.length_old == p.length_new {
        return format!("finish: {} (unchanged)", day(p.finish_new));
    }
    let dir = match p.finish_slip_days {
        d if d > 0 => format!(", {d} working day{} later", if d == 1 { "" } else { "s" }),
        d if d < 0 => format!(
            ", {} working day{} earlier",
            -d,
            if d == -1 { "" } else { "s" }
        ),
        _ => String::new(),
    };
    format!(
        "finish: {} -> {} ({} -> {} working days{dir})",
        day(p.finish_old),
        day(p.finish_new),
        p.length_old,
        p.length_new
    )
}

/// "3 working days late", "on time", for a milestone's lateness.
fn lateness(late: Option<i64>) -> String {
    match late {
        Some(0) => "on time".into(),
        Some(1) => "1 working day late".into(),
        Some(n) => format!("{n} working days late"),
        None => "no forecast".into(),
    }
}

/// A milestone's lateness against its deadline now, and before when that
/// differs: "5 working days late for its deadline 2026-03-13 (was on time)";
/// without the date when `dated` is false (a table shows it beside).
fn milestone_line(m: &MilestoneLateness, dated: bool) -> String {
    let now = match m.deadline_new {
        Some(d) if dated => format!("{} for its deadline {d}", lateness(m.late_new)),
        Some(_) => lateness(m.late_new),
        None => "no deadline now".into(),
    };
    let was = if !m.moved() {
        " (unchanged)".to_string()
    } else {
        match m.deadline_old {
            Some(d) if Some(d) != m.deadline_new => {
                format!(" (was {} for {d})", lateness(m.late_old))
            }
            Some(_) => format!(" (was {})", lateness(m.late_old)),
            None => " (had no deadline)".into(),
        }
    };
    format!("{now}{was}")
}

/// Items done of the items not cancelled, and percent done.
fn progress(c: &Counts, items: &str) -> String {
    format!(
        "{} of {}{items} done ({}%)",
        c.done,
        c.total - c.cancelled,
        c.percent_done
    )
}

fn progress_line(p: &PlanDiff) -> String {
    if p.progress_old == p.progress_new {
        format!(
            "progress: {} (unchanged)",
            progress(&p.progress_new, " items")
        )
    } else {
        format!(
            "progress: {} -> {}",
            progress(&p.progress_old, " items"),
            progress(&p.progress_new, "")
        )
    }
}

/// "2 added, 1 removed, 4 changed".
fn edited_counts(p: &PlanDiff) -> String {
    format!(
        "{} added, {} removed, {} changed",
        p.added.len(),
        p.removed.len(),
        p.changed.len()
    )
}

/// The terminal text of `diff`: plans added and removed, then per plan the
/// consequences (finish, milestones against their deadlines, progress,
/// critical path), what the author edited, and the dates the schedule moved.
pub fn render_human(d: &Diff) -> String {
    let t = |s: &str| crate::escape::terminal(s).into_owned();
    let mut o = format!("roadmap diff {} {}\n", t(&d.old), t(&d.new));
    for f in &d.plans_added {
        o.push_str(&format!("\nplan added: {}\n", t(f)));
    }
    for f in &d.plans_removed {
        o.push_str(&format!("\nplan removed: {}\n", t(f)));
    }
    for p in &d.plans {
        o.push_str(&format!("\n{} ({})\n", t(&p.title), t(&p.file)));
        o.push_str(&format!("  {}\n", finish_line(p)));
        for m in &p.milestones {
            o.push_str(&format!(
                "  milestone {} ({}): {}\n",
                t(&m.id),
                t(&m.name),
                milestone_line(m, true)
            ));
        }
        o.push_str(&format!("  {}\n", progress_line(p)));
        if let Some(fc) = &p.forecast {
            o.push_str("  forecast (P85; chance of meeting the deadline):\n");
            for f in fc {
                let [what, p85, chance] = forecast_cells(f, &t);
                o.push_str(&format!("    {what}: P85 {p85}; {chance}\n"));
            }
        }
        if p.critical_path_old != p.critical_path_new {
            o.push_str(&format!(
                "  critical path changed:\n    was: {}\n    now: {}\n",
                t(shown(&p.critical_path_old.join(" -> "))),
                t(shown(&p.critical_path_new.join(" -> ")))
            ));
        }
        let empty = p.added.is_empty()
            && p.removed.is_empty()
            && p.changed.is_empty()
            && p.totals_changed.is_empty()
            && p.bucket_counts_changed.is_empty();
        if empty {
            o.push_str("  edited: no task, milestone or total\n");
        } else {
            o.push_str(&format!("  edited: {}\n", edited_counts(p)));
        }
        for x in &p.added {
            o.push_str(&format!("  + {} ({})\n", t(&x.id), t(&x.name)));
        }
        for x in &p.removed {
            o.push_str(&format!("  - {} ({})\n", t(&x.id), t(&x.name)));
        }
        for x in &p.changed {
            o.push_str(&format!("  ~ {} ({})\n", t(&x.id), t(&x.name)));
            for c in &x.changes {
                o.push_str(&format!(
                    "      {}: {} -> {}\n",
                    c.field,
                    t(shown(&c.old)),
                    t(shown(&c.new))
                ));
            }
        }
        if !p.totals_changed.is_empty() {
            o.push_str("  declared totals:\n");
            for c in &p.totals_changed {
                o.push_str(&format!(
                    "    {}: {} -> {}\n",
                    t(&what_total(c)),
                    count(c.old),
                    count(c.new)
                ));
            }
        }
        if !p.rescheduled.is_empty() {
            o.push_str(&format!(
                "  moved by the schedule: {}\n",
                p.rescheduled.len()
            ));
            for x in &p.rescheduled {
                let what: Vec<String> = x
                    .changes
                    .iter()
                    .map(|c| format!("{} {} -> {}", c.field, shown(&c.old), shown(&c.new)))
                    .collect();
                o.push_str(&format!(
                    "    {} ({}): {}\n",
                    t(&x.id),
                    t(&x.name),
                    what.join(", ")
                ));
            }
        }
        if !p.slack_lost.is_empty() {
            o.push_str("  slack fell to zero or below:\n");
            for s in &p.slack_lost {
                o.push_str(&format!(
                    "    {} ({}): {} -> {} working days\n",
                    t(&s.id),
                    t(&s.name),
                    s.old,
                    s.new
                ));
            }
        }
        if !p.bucket_counts_changed.is_empty() {
            o.push_str("  items per bucket:\n");
            for c in &p.bucket_counts_changed {
                o.push_str(&format!(
                    "    {}: {} -> {}\n",
                    t(&c.id),
                    count(c.old),
                    count(c.new)
                ));
            }
        }
    }
    o
}

/// `diff` as Markdown for a pull-request comment: first what the change
/// does (finish, each milestone against its deadline, progress, critical
/// path), then what the author edited, then the dates the schedule moved
/// (folded). A later finish and a milestone later than before are flagged.
pub fn render_markdown(d: &Diff) -> String {
    let esc = crate::escape::markdown;
    let mut o = String::from("## Roadmap changes\n\n");
    for f in &d.plans_added {
        o.push_str(&format!("- plan added: {}\n", esc(f)));
    }
    for f in &d.plans_removed {
        o.push_str(&format!("- plan removed: {}\n", esc(f)));
    }
    if !(d.plans_added.is_empty() && d.plans_removed.is_empty()) {
        o.push('\n');
    }
    for p in &d.plans {
        o.push_str(&format!("### {}\n\n", esc(&p.title)));
        let slip = if p.finish_slip_days > 0 {
            " :warning:"
        } else {
            ""
        };
        // Dates and counts the tool writes: nothing from the plan.
        o.push_str(&format!(
            "- **{}**{slip}\n",
            finish_line(p).replace(" -> ", " → ")
        ));
        o.push_str(&format!("- {}\n", progress_line(p).replace(" -> ", " → ")));
        if let Some(fc) = &p.forecast {
            o.push_str("\n| forecast | P85 | chance of the deadline |\n|---|---|---|\n");
            for f in fc {
                let [what, p85, chance] = forecast_cells(f, &|s| esc(s));
                o.push_str(&format!(
                    "| {what} | {} | {} |\n",
                    p85.replace("->", "→"),
                    chance.replace("->", "→")
                ));
            }
            o.push('\n');
        }
        if p.critical_path_old != p.critical_path_new {
            o.push_str(&format!(
                "- **critical path changed**: was {}, now {}\n",
                esc(shown(&p.critical_path_old.join(" → "))),
                esc(shown(&p.critical_path_new.join(" → ")))
            ));
        } else {
            o.push_str("- critical path unchanged\n");
        }
        o.push('\n');
        if !p.milestones.is_empty() {
            o.push_str("| milestone | | deadline | forecast | lateness |\n|---|---|---|---|---|\n");
            for m in &p.milestones {
                let worse = m.late_new.unwrap_or(0) > m.late_old.unwrap_or(0);
                let pair = |a: Option<NaiveDate>, b: Option<NaiveDate>| {
                    if a == b {
                        day(b)
                    } else {
                        format!("{} → {}", day(a), day(b))
                    }
                };
                o.push_str(&format!(
                    "| {} | {} | {} | {} | {}{} |\n",
                    esc(&m.id),
                    esc(&m.name),
                    pair(m.deadline_old, m.deadline_new),
                    pair(m.finish_old, m.finish_new),
                    milestone_line(m, false),
                    if worse { " :warning:" } else { "" }
                ));
            }
            o.push('\n');
        }
        o.push_str(&format!("**Edited**: {}\n\n", edited_counts(p)));
        if !(p.added.is_empty() && p.removed.is_empty() && p.changed.is_empty()) {
            o.push_str("| | id | name | what |\n|---|---|---|---|\n");
            for t in &p.added {
                o.push_str(&format!(
                    "| added | {} | {} | |\n",
                    esc(&t.id),
                    esc(&t.name)
                ));
            }
            for t in &p.removed {
                o.push_str(&format!(
                    "| removed | {} | {} | |\n",
                    esc(&t.id),
                    esc(&t.name)
                ));
            }
            for t in &p.changed {
                o.push_str(&format!(
                    "| changed | {} | {} | {} |\n",
                    esc(&t.id),
                    esc(&t.name),
                    changes_cell(&t.changes)
                ));
            }
            o.push('\n');
        }
        if !p.totals_changed.is_empty() || !p.bucket_counts_changed.is_empty() {
            o.push_str("**Scope**\n\n");
            for c in &p.totals_changed {
                o.push_str(&format!(
                    "- declared total of {}: {} → {}\n",
                    esc(&what_total(c)),
                    count(c.old),
                    count(c.new)
                ));
            }
            for c in &p.bucket_counts_changed {
                o.push_str(&format!(
                    "- items in bucket {}: {} → {}\n",
                    esc(&c.id),
                    count(c.old),
                    count(c.new)
                ));
            }
            o.push('\n');
        }
        if !p.slack_lost.is_empty() {
            o.push_str("**Slack fell to zero or below**\n\n");
            for s in &p.slack_lost {
                o.push_str(&format!(
                    "- {} {}: {} → {} working days\n",
                    esc(&s.id),
                    esc(&s.name),
                    s.old,
                    s.new
                ));
            }
            o.push('\n');
        }
        if !p.rescheduled.is_empty() {
            o.push_str(&format!(
                "<details><summary>Moved by the schedule: {}</summary>\n\n",
                if p.rescheduled.len() == 1 {
                    "1 task or milestone".to_string()
                } else {
                    format!("{} tasks and milestones", p.rescheduled.len())
                }
            ));
            o.push_str("| id | name | what |\n|---|---|---|\n");
            for t in &p.rescheduled {
                o.push_str(&format!(
                    "| {} | {} | {} |\n",
                    esc(&t.id),
                    esc(&t.name),
                    changes_cell(&t.changes)
                ));
            }
            o.push_str("\n</details>\n\n");
        }
    }
    o
}

/// Field changes in one table cell, one a line.
fn changes_cell(changes: &[FieldChange]) -> String {
    let esc = crate::escape::markdown;
    changes
        .iter()
        .map(|c| {
            format!(
                "{}: {} → {}",
                c.field,
                esc(shown(&c.old)),
                esc(shown(&c.new))
            )
        })
        .collect::<Vec<_>>()
        .join("<br>")
}

/// The pull-request comment when a side has errors that stop the
/// comparison: each side's errors listed (file, line, column, code and
/// message, escaped for Markdown), instead of an empty comment.
pub fn markdown_errors(sides: &[&Side]) -> String {
    /// Errors listed per side; the rest are counted.
    const SHOWN: usize = 50;
    let esc = crate::escape::markdown;
    let mut o = String::from("## Roadmap changes\n\n");
    for side in sides {
        let project = &side.project;
        let errors: Vec<&crate::diag::Diagnostic> = project.blocking().collect();
        if errors.is_empty() {
            continue;
        }
        let n = errors.len();
        o.push_str(&format!(
            ":x: **{} has {n} error{}**: the plans cannot be compared until {} fixed (`roadmap check` shows {}).\n\n",
            esc(&side.label),
            if n == 1 { "" } else { "s" },
            if n == 1 { "it is" } else { "they are" },
            if n == 1 { "it" } else { "them" },
        ));
        for e in errors.iter().take(SHOWN) {
            o.push_str(&format!(
                "- {}:{}:{}: **error\\[{}\\]** {}\n",
                esc(&project.sources.display(e.loc.file)),
                e.loc.line,
                e.loc.column,
                esc(e.code.as_str()),
                esc(&e.message)
            ));
        }
        if n > SHOWN {
            o.push_str(&format!("- and {} more\n", n - SHOWN));
        }
        o.push('\n');
    }
    o
}

impl Render for Diff {
    fn table(&self, _style: &Style) -> String {
        render_human(self)
    }
    fn markdown(&self) -> String {
        render_markdown(self)
    }
}
