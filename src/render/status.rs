//! Renderers of `status`, the matrix and `milestones`: terminal tables,
//! Markdown and CSV.

use crate::escape::markdown as md;
use crate::render::{Render, RenderError, Style, table, term};
use crate::report::status::*;
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

/// The title line of a table; plan text shown escaped for the terminal.
fn heading(title: &str, file: &str, extra: &str, width: u16) -> String {
    table::wrap_text(
        &format!("{}  ({}; {extra})\n", term(title), term(file)),
        width,
    )
}

/// "12 overdue, 34 at risk" and the like.
fn late_counts(r: &StatusReport) -> String {
    format!("{} overdue, {} at risk", r.overdue.len(), r.at_risk.len())
}

/// The summary at the top of `status`: counts, then the forecast finish
/// against the deadline. Plain text; each output escapes nothing in it (no
/// plan text).
fn summary(r: &StatusReport) -> Vec<String> {
    let c = &r.overall;
    let mut v = vec![format!(
        "{} items: {} done ({}), {} in progress, {} blocked; {}",
        c.total,
        c.done,
        pct(c.percent_done),
        c.in_progress,
        c.blocked,
        late_counts(r)
    )];
    let finish = r.forecast_finish.map(|f| format!("forecast finish {f}"));
    let deadline = r.deadline.map(|d| match r.deadline_days_late {
        Some(0) => format!("deadline {d}, met"),
        Some(n) => format!(
            "deadline {d}, {n} working day{} late",
            if n == 1 { "" } else { "s" }
        ),
        None => format!("deadline {d}"),
    });
    match (finish, deadline) {
        (Some(f), Some(d)) => v.push(format!("{f}; {d}")),
        (Some(f), None) => v.push(format!("{f}; no deadline")),
        (None, Some(d)) => v.push(format!("no forecast (no start date); {d}")),
        (None, None) => {}
    }
    v
}

/// The late items a table or Markdown lists, and how many more there are.
fn shown_late(r: &StatusReport) -> (Vec<&Late>, usize) {
    let all = r.worst();
    let n = r.limit.unwrap_or(usize::MAX).min(all.len());
    let more = all.len() - n;
    (all.into_iter().take(n).collect(), more)
}

fn more_line(more: usize) -> String {
    format!("and {more} more (--limit 0 for all)\n")
}

/// The late items, worst first, with their owners.
fn late_table(r: &StatusReport, width: u16, out: &mut String) {
    let (v, more) = shown_late(r);
    if v.is_empty() {
        return;
    }
    out.push_str(&table::wrap_text(
        &format!(
            "\nlate, worst first: {} ({})\n",
            r.overdue.len() + r.at_risk.len(),
            late_counts(r)
        ),
        width,
    ));
    let risk = v.iter().any(|l| l.finish.is_some());
    let mut header = vec!["id", "name", "owner", "due"];
    if risk {
        header.push("can finish");
    }
    header.push("late");
    let mut t = table::new(&header, &[("name", 16), ("owner", 10)], width).drop_first(&[
        "can finish",
        "owner",
        "due",
    ]);
    for l in v {
        let mut row = vec![
            term(&l.id),
            term(&l.name),
            term(l.owner.as_deref().unwrap_or("")),
            l.due.to_string(),
        ];
        if risk {
            row.push(l.finish.map(|f| f.to_string()).unwrap_or_default());
        }
        row.push(format!("{} d", l.days_late));
        t.add_row(row);
    }
    out.push_str(&t.render());
    out.push('\n');
    if more > 0 {
        out.push_str(&more_line(more));
    }
    out.push_str(&table::wrap_text(
        "(late: working days past the due date; can finish: the forecast of an item at risk)\n",
        width,
    ));
}

/// The terminal text of `status`: the title, a summary (counts, forecast
/// finish against the deadline), one row per group (indented by depth) and
/// a total, then the late items worst first, at most `limit` of them;
/// `color` adds ANSI colours.
pub fn status_table(r: &StatusReport, width: u16, color: bool) -> String {
    let mut out = heading(
        &r.title,
        &r.file,
        &format!("by {}, today {}", r.by, r.today),
        width,
    );
    for l in summary(r) {
        out.push_str(&table::wrap_text(&format!("{l}\n"), width));
    }
    let mut header = vec![r.by];
    header.extend(count_header(width));
    let doing = header[3];
    let mut t = table::new(&header, &[(r.by, 12)], width).drop_first(&[
        "cancelled",
        "blocked",
        doing,
        "todo",
    ]);
    for g in &r.groups {
        let mut row = vec![TCell::new(format!(
            "{}{}",
            "  ".repeat(g.depth),
            term(&g.name)
        ))];
        row.extend(count_cells(&g.counts).into_iter().map(TCell::new));
        if color && g.counts.total > 0 && g.counts.done + g.counts.cancelled == g.counts.total {
            row[7] = row[7].clone().fg(Color::Green);
        }
        t.add_row(row);
    }
    let mut total = vec!["total".to_string()];
    total.extend(count_cells(&r.overall));
    t.add_row(total);
    out.push_str(&t.render());
    out.push('\n');
    let mut late = String::new();
    late_table(r, width, &mut late);
    if color && !late.is_empty() {
        late = format!("\u{1b}[31m{late}\u{1b}[0m");
    }
    out.push_str(&late);
    out
}

/// One line per plan, for scripts and chat: its file, title, counts, and
/// forecast finish against the deadline. Not wrapped.
pub fn status_oneline(r: &StatusReport) -> String {
    let c = &r.overall;
    let mut line = format!(
        "{}: {}: {} items, {} done ({}), {}",
        term(&r.file),
        term(&r.title),
        c.total,
        c.done,
        pct(c.percent_done),
        late_counts(r)
    );
    if let Some(f) = r.forecast_finish {
        line.push_str(&format!("; finish {f}"));
    }
    if let Some(d) = r.deadline {
        line.push_str(&format!(", deadline {d}"));
        match r.deadline_days_late {
            Some(0) => line.push_str(" met"),
            Some(n) => line.push_str(&format!(" +{n} working days")),
            None => {}
        }
    }
    line.push('\n');
    line
}

/// `status` as Markdown: the summary, the progress table, then the late
/// items worst first (at most `limit`).
pub fn status_markdown(r: &StatusReport) -> String {
    let mut out = format!(
        "### {}\n\nProgress by {}, {}.\n\n",
        md(&r.title),
        r.by,
        r.today
    );
    for l in summary(r) {
        out.push_str(&format!("- {l}\n"));
    }
    out.push('\n');
    let mut header = vec![r.by];
    header.extend(count_header(u16::MAX));
    let mut rows: Vec<Vec<String>> = r
        .groups
        .iter()
        .map(|g| {
            let mut row = vec![format!("{}{}", "&nbsp;&nbsp;".repeat(g.depth), md(&g.name))];
            row.extend(count_cells(&g.counts));
            row
        })
        .collect();
    let mut total = vec!["**total**".to_string()];
    total.extend(count_cells(&r.overall));
    rows.push(total);
    out.push_str(&table::markdown(&header, &rows));
    let (v, more) = shown_late(r);
    if !v.is_empty() {
        out.push_str(&format!(
            "\n**Late, worst first** ({}: {})\n\n",
            r.overdue.len() + r.at_risk.len(),
            late_counts(r)
        ));
        for l in v {
            let owner = l
                .owner
                .as_deref()
                .map(|o| format!(" ({})", md(o)))
                .unwrap_or_default();
            out.push_str(&format!(
                "- {} {}{owner}: due {}, {} working days late\n",
                md(&l.id),
                md(&l.name),
                l.due,
                l.days_late
            ));
        }
        if more > 0 {
            out.push('\n');
            out.push_str(&more_line(more));
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

/// `status` of every plan as one CSV, one row per group and a `total` row per plan.
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
                    &*crate::escape::csv_cell(&r.title),
                    r.by,
                    &crate::escape::csv_cell(key),
                    &crate::escape::csv_cell(name),
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

/// The terminal matrix: a row per stream, a column per bucket (and `(no bucket)`
/// when used); a cell is done/items. Buckets that do not fit the width beside
/// the stream column go to a further table below, the streams repeated.
pub fn matrix_table(m: &Matrix, width: u16) -> String {
    let mut out = heading(
        &m.title,
        &m.file,
        "streams x buckets; a cell is done/items",
        width,
    );
    let (cols, none) = matrix_columns(m);
    let cols: Vec<String> = cols.iter().map(|c| term(c)).collect();
    let n = if none {
        cols.len()
    } else {
        cols.len().min(m.bucket_names.len())
    };
    let build = |from: usize, to: usize| {
        let mut header: Vec<&str> = vec!["stream"];
        header.extend(cols[from..to].iter().map(String::as_str));
        let wrap: Vec<(&str, u16)> = vec![("stream", 14)];
        let mut t = table::new(&header, &wrap, width);
        for r in &m.rows {
            let mut row = vec![term(&r.name)];
            row.extend(r.cells[from..to].iter().map(cell_text));
            t.add_row(row);
        }
        t
    };
    let mut from = 0;
    loop {
        // As many bucket columns as fit (at least one).
        let mut to = (from + 1).min(n);
        while to < n && build(from, to + 1).fits_whole() {
            to += 1;
        }
        if from > 0 {
            out.push('\n');
        }
        out.push_str(&build(from, to).render());
        out.push('\n');
        if to >= n {
            break;
        }
        from = to;
    }
    out
}

/// The matrix as a Markdown table, cells as in [`matrix_table`].
pub fn matrix_markdown(m: &Matrix) -> String {
    let (cols, none) = matrix_columns(m);
    let mut header: Vec<&str> = vec!["stream"];
    let cols: Vec<String> = cols.iter().map(|c| md(c)).collect();
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
            std::iter::once(md(&r.name))
                .chain(r.cells[..n].iter().map(cell_text))
                .collect()
        })
        .collect();
    format!(
        "### {}\n\nStreams by bucket; a cell is done/items.\n\n{}",
        md(&m.title),
        table::markdown(&header, &rows)
    )
}

/// The matrix of every plan as one CSV, one row per non-empty (stream, bucket) cell.
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
                        &*crate::escape::csv_cell(&m.title),
                        &crate::escape::csv_cell(&r.stream),
                        &crate::escape::csv_cell(b),
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

/// The terminal table of `milestones`; `≠` marks a declared total that differs
/// from the items counted, and `color` colours the state.
pub fn milestones_table(r: &MilestonesReport, width: u16, color: bool) -> String {
    let mut out = heading(&r.title, &r.file, &format!("today {}", r.today), width);
    if r.milestones.is_empty() {
        let none = if r.filtered {
            "no milestone, gate or bucket with a declared total has an item the filters keep\n"
        } else {
            "no milestones, gates or buckets with a declared total\n"
        };
        out.push_str(&table::wrap_text(none, width));
        return out;
    }
    let header = [
        "kind", "id", "name", "items", "declared", "done", "done %", "date", "forecast", "state",
    ];
    let mut t = table::new(&header, &[("name", 14)], width)
        .drop_first(&["kind", "declared", "done %", "items", "done", "date"]);
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
            TCell::new(term(&m.id)),
            TCell::new(term(&m.name)),
            TCell::new(m.items),
            TCell::new(declared_text(m)),
            TCell::new(m.done),
            TCell::new(pct(m.percent_done)),
            TCell::new(m.date.map(|d| d.to_string()).unwrap_or_default()),
            TCell::new(forecast_text(m)),
            state,
        ]);
    }
    out.push_str(&t.render());
    out.push('\n');
    if r.milestones
        .iter()
        .any(|m| m.declared.is_some_and(|d| d as usize != m.items))
    {
        out.push_str(&table::wrap_text(
            "≠ the declared total differs from the items counted (`roadmap check` says where)\n",
            width,
        ));
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

/// `milestones` as a Markdown table.
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
                md(&m.id),
                md(&m.name),
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
        md(&r.title),
        table::markdown(&header, &rows)
    )
}

/// `milestones` of every plan as one CSV, one row per milestone.
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
                    &*crate::escape::csv_cell(&r.title),
                    &m.kind,
                    &crate::escape::csv_cell(&m.id),
                    &crate::escape::csv_cell(&m.name),
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

impl Render for StatusReport {
    fn table(&self, style: &Style) -> String {
        status_table(self, style.width, style.color)
    }
    fn markdown(&self) -> String {
        status_markdown(self)
    }
    fn csv(reports: &[Self]) -> Result<String, RenderError> {
        Ok(status_csv(reports))
    }
}

impl Render for Matrix {
    fn table(&self, style: &Style) -> String {
        matrix_table(self, style.width)
    }
    fn markdown(&self) -> String {
        matrix_markdown(self)
    }
    fn csv(reports: &[Self]) -> Result<String, RenderError> {
        Ok(matrix_csv(reports))
    }
}

impl Render for MilestonesReport {
    fn table(&self, style: &Style) -> String {
        milestones_table(self, style.width, style.color)
    }
    fn markdown(&self) -> String {
        milestones_markdown(self)
    }
    fn csv(reports: &[Self]) -> Result<String, RenderError> {
        Ok(milestones_csv(reports))
    }
}
