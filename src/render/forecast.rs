//! Renderers of `forecast`: a terminal table with a histogram of the finish
//! date, and Markdown.

use crate::render::{Render, Style, table, term};
use crate::report::forecast::*;
use chrono::NaiveDate;

/// Rows of criticality and sensitivity a table or Markdown shows (JSON holds
/// every one).
pub const TOP: usize = 10;

/// Most rows of the terminal histogram: working days are grouped to fit.
const HIST_ROWS: usize = 16;

fn d(x: Option<NaiveDate>) -> String {
    x.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
}

/// A share of trials as a percentage; the tails are not rounded away.
pub fn pct(p: f64) -> String {
    let v = p * 100.0;
    if v > 0.0 && v < 1.0 {
        "<1%".into()
    } else if v > 99.0 && v < 100.0 {
        ">99%".into()
    } else {
        format!("{}%", v.round() as i64)
    }
}

fn days(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s}d")
}

fn what(r: &Row, esc: &dyn Fn(&str) -> String) -> String {
    if r.kind == "finish" {
        "finish".into()
    } else {
        esc(&r.id)
    }
}

fn row_cells(r: &Row, header: &[&str], esc: &dyn Fn(&str) -> String) -> Vec<String> {
    header
        .iter()
        .map(|h| match *h {
            "date of" => what(r, esc),
            "kind" => r.kind.to_string(),
            "planned" => d(r.planned),
            "P50" => d(r.p50),
            "P85" => d(r.p85),
            "P95" => d(r.p95),
            "to meet" => r.deadline.map_or_else(|| "-".into(), |x| x.to_string()),
            "chance" => r.probability.map_or_else(|| "-".into(), pct),
            _ => String::new(),
        })
        .collect()
}

const HEADER: [&str; 8] = [
    "date of", "kind", "planned", "P50", "P85", "P95", "to meet", "chance",
];

/// The columns that fit `width`: a narrow terminal drops the kind, then
/// P95, the date to meet and last the planned (deterministic) date, the one
/// a meeting compares P50 and P85 with, before a date would wrap.
fn columns(width: u16) -> Vec<&'static str> {
    let drop: &[&str] = match width {
        100.. => &[],
        88..100 => &["kind"],
        75..88 => &["kind", "P95"],
        62..75 => &["kind", "P95", "to meet"],
        _ => &["kind", "P95", "to meet", "planned"],
    };
    HEADER
        .iter()
        .copied()
        .filter(|h| !drop.contains(h))
        .collect()
}

fn crit_cells(c: &Critical, esc: &dyn Fn(&str) -> String) -> Vec<String> {
    vec![
        esc(&c.id),
        esc(&c.name),
        pct(c.index),
        if c.planned_critical { "yes" } else { "no" }.into(),
    ]
}

fn sens_cells(s: &Sensitivity, esc: &dyn Fn(&str) -> String) -> Vec<String> {
    vec![
        esc(&s.id),
        esc(&s.name),
        format!(
            "{}..{}..{} {}",
            days(s.min_days),
            days(s.likely_days),
            days(s.max_days),
            s.distribution.as_str()
        ),
        // No "-0.00".
        format!(
            "{:.2}",
            if s.correlation.abs() < 0.005 {
                0.0
            } else {
                s.correlation
            }
        ),
        pct(s.share),
    ]
}

/// The rows a table or Markdown shows: the finish, every milestone and
/// gate, and the [`TOP`] items with a deadline least likely to meet it (a
/// large plan has thousands; JSON holds them all). The second value counts
/// the items left out.
fn shown_rows(r: &Report) -> (Vec<&Row>, usize) {
    let (mut items, mut rows): (Vec<&Row>, Vec<&Row>) =
        r.rows.iter().partition(|x| x.kind == "task");
    items.sort_by(|a, b| {
        a.probability
            .unwrap_or(1.0)
            .total_cmp(&b.probability.unwrap_or(1.0))
            .then(b.p85.cmp(&a.p85))
    });
    let left = items.len().saturating_sub(TOP);
    items.truncate(TOP);
    // Back in plan order.
    let pos = |x: &Row| r.rows.iter().position(|y| std::ptr::eq(x, y));
    items.sort_by_key(|x| pos(x));
    rows.extend(items);
    (rows, left)
}

fn left_out(n: usize) -> String {
    match n {
        0 => String::new(),
        1 => "1 more item with a deadline, more likely to meet it: --format json lists it\n".into(),
        n => format!(
            "{n} more items with a deadline, more likely to meet them: --format json lists them\n"
        ),
    }
}

fn heading(r: &Report) -> String {
    format!(
        "as of {} · {} trials · seed {} · {} task{} vary",
        r.as_of,
        r.trials,
        r.seed,
        r.varying_tasks,
        if r.varying_tasks == 1 { "" } else { "s" }
    )
}

/// The histogram of the finish date as text lines at most `width` wide: the
/// working days grouped into at most [`HIST_ROWS`] rows, a bar each scaled to
/// the fullest row.
pub fn histogram(bins: &[Bin], trials: u64, width: u16) -> Vec<String> {
    if bins.is_empty() {
        return Vec::new();
    }
    let per = bins.len().div_ceil(HIST_ROWS);
    let groups: Vec<(Option<NaiveDate>, Option<NaiveDate>, u64)> = bins
        .chunks(per)
        .map(|c| {
            (
                c[0].date,
                c[c.len() - 1].date,
                c.iter().map(|b| b.trials).sum(),
            )
        })
        .collect();
    let label = |a: Option<NaiveDate>, b: Option<NaiveDate>| {
        if per == 1 || a == b {
            d(a)
        } else {
            format!(
                "{}..{}",
                d(a),
                b.map_or("-".into(), |x| x.format("%m-%d").to_string())
            )
        }
    };
    let lw = groups
        .iter()
        .map(|g| label(g.0, g.1).len())
        .max()
        .unwrap_or(10);
    let max = groups.iter().map(|g| g.2).max().unwrap_or(1).max(1);
    // label, " │", bar, " ", "100.0%"
    let bar_w = (width as usize).saturating_sub(lw + 2 + 1 + 6).max(4);
    groups
        .iter()
        .map(|&(a, b, n)| {
            let len = ((n as f64 / max as f64) * bar_w as f64).round() as usize;
            let len = if n > 0 { len.max(1) } else { 0 };
            let share = n as f64 / trials.max(1) as f64 * 100.0;
            format!(
                "{:<lw$} │{}{} {:>5.1}%",
                label(a, b),
                "█".repeat(len),
                " ".repeat(bar_w - len),
                share
            )
        })
        .collect()
}

/// The terminal table of one plan's forecast.
pub fn render_table(r: &Report, width: u16) -> String {
    let esc = |s: &str| term(s);
    let mut out = format!(
        "Forecast of {} ({})\n{}\n\n",
        term(&r.title),
        term(&r.file),
        heading(r)
    );
    let header = columns(width);
    // The first column holds ids: it never wraps; a column more is left
    // out, in the same order, where the ids are long.
    let mut t = table::new(&header, &[], width).drop_first(&["kind", "P95", "to meet", "planned"]);
    let (rows, left) = shown_rows(r);
    for row in rows {
        t.add_row(row_cells(row, &header, &esc));
    }
    out.push_str(&t.render());
    if left > 0 {
        out.push('\n');
        out.push_str(&left_out(left));
    }
    out.push_str("\n\nFinish date, share of trials:\n");
    for l in histogram(&r.histogram, r.trials, width) {
        out.push_str(&l);
        out.push('\n');
    }
    if r.varying_tasks == 0 {
        out.push_str(
            "\nNo task varies: give tasks an `estimate` or the plan an `uncertainty` (docs/forecast.md).\n",
        );
        return table::wrap_text(&out, width);
    }
    out.push_str(&format!("\nMost often critical (top {TOP}):\n"));
    let mut t = table::new(
        &["id", "name", "critical", "planned critical"],
        &[("name", 14)],
        width,
    );
    for c in r.criticality.iter().take(TOP) {
        t.add_row(crit_cells(c, &esc));
    }
    out.push_str(&t.render());
    out.push_str(&format!("\n\nLargest share of the spread (top {TOP}):\n"));
    let mut t = table::new(
        &["id", "name", "estimate", "correlation", "share"],
        &[("name", 10), ("estimate", 12)],
        width,
    );
    for s in r.sensitivity.iter().take(TOP) {
        t.add_row(sens_cells(s, &esc));
    }
    out.push_str(&t.render());
    out.push('\n');
    // The tables fit already; the text lines around them wrap.
    table::wrap_text(&out, width)
}

/// Markdown of one plan's forecast.
pub fn render_markdown(r: &Report) -> String {
    let esc = |s: &str| crate::escape::markdown(s);
    let mut out = format!("## Forecast of {}\n\n{}\n\n", esc(&r.title), heading(r));
    let (shown, left) = shown_rows(r);
    let rows: Vec<Vec<String>> = shown.iter().map(|x| row_cells(x, &HEADER, &esc)).collect();
    out.push_str(&table::markdown(&HEADER, &rows));
    if left > 0 {
        out.push('\n');
        out.push_str(&left_out(left));
    }
    out.push_str("\nFinish date, share of trials:\n\n```text\n");
    for l in histogram(&r.histogram, r.trials, 80) {
        out.push_str(&l);
        out.push('\n');
    }
    out.push_str("```\n");
    if r.varying_tasks == 0 {
        out.push_str("\nNo task varies: give tasks an `estimate` or the plan an `uncertainty`.\n");
        return out;
    }
    out.push_str(&format!("\n### Most often critical (top {TOP})\n\n"));
    let rows: Vec<Vec<String>> = r
        .criticality
        .iter()
        .take(TOP)
        .map(|c| crit_cells(c, &esc))
        .collect();
    out.push_str(&table::markdown(
        &["id", "name", "critical", "planned critical"],
        &rows,
    ));
    out.push_str(&format!(
        "\n### Largest share of the finish's spread (top {TOP})\n\n"
    ));
    let rows: Vec<Vec<String>> = r
        .sensitivity
        .iter()
        .take(TOP)
        .map(|s| sens_cells(s, &esc))
        .collect();
    out.push_str(&table::markdown(
        &["id", "name", "estimate", "correlation", "share"],
        &rows,
    ));
    out
}

impl Render for Report {
    fn table(&self, style: &Style) -> String {
        render_table(self, style.width)
    }

    fn markdown(&self) -> String {
        render_markdown(self)
    }
}
