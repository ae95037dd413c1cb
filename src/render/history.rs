//! `roadmap history`: the revisions as a table, a burn-up chart (scope and
//! done over time), the milestone trend as a table and a small chart (one
//! line of the forecast per milestone), and the forecast from the team's
//! pace beside the schedule's.
//!
//! Every string from the plan or from git (titles, ids, names, authors,
//! subjects, reasons) goes through the output's one escaping function.

use crate::render::{Render, RenderError, Style, table, term};
use crate::report::history::{HistoryReport, Point};
use chrono::NaiveDate;
use comfy_table::Cell;
use unicode_width::UnicodeWidthStr;

/// Rows of the burn-up chart.
const CHART_ROWS: usize = 8;

fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
}

/// The revisions that loaded.
fn loaded(r: &HistoryReport) -> impl Iterator<Item = &Point> {
    r.revisions.iter().filter(|p| p.gap.is_none())
}

/// For each of `cols` columns spanning the first to the last revision's
/// date, the newest revision that loaded on or before the column's date.
fn columns(r: &HistoryReport, cols: usize) -> Vec<Option<&Point>> {
    let pts: Vec<&Point> = loaded(r).collect();
    let (Some(first), Some(last)) = (pts.first(), pts.last()) else {
        return Vec::new();
    };
    let span = (last.date - first.date).num_days().max(0);
    (0..cols)
        .map(|c| {
            let day = if cols <= 1 {
                last.date
            } else {
                first.date + chrono::Days::new((span * c as i64 / (cols as i64 - 1)) as u64)
            };
            pts.iter().rev().find(|p| p.date <= day).copied()
        })
        .collect()
}

/// The burn-up chart: done (`█`) under scope (`░`), over time, `width`
/// columns wide at most.
pub fn burnup(r: &HistoryReport, width: u16) -> String {
    let max = loaded(r).map(|p| p.scope).max().unwrap_or(0);
    if max == 0 {
        return "burn-up: no revision with items\n".into();
    }
    let label_w = max.to_string().len();
    let cols = (width as usize).saturating_sub(label_w + 2).clamp(1, 200);
    let data = columns(r, cols);
    let mut out = String::from("Burn-up (█ done, ░ scope not done)\n");
    for row in (0..CHART_ROWS).rev() {
        // A cell is filled when the value reaches the middle of its band.
        let level = |v: usize| v * CHART_ROWS * 2 >= max * (2 * row + 1);
        let label = match row {
            r if r == CHART_ROWS - 1 => max.to_string(),
            0 => "0".into(),
            _ => String::new(),
        };
        out.push_str(&format!("{label:>label_w$} ┤"));
        for p in &data {
            out.push(match p {
                Some(p) if level(p.done) => '█',
                Some(p) if level(p.scope) => '░',
                _ => ' ',
            });
        }
        let end = out.trim_end_matches(' ').len();
        out.truncate(end);
        out.push('\n');
    }
    let first = loaded(r).next().map(|p| p.date.to_string());
    let last = loaded(r).last().map(|p| p.date.to_string());
    if let (Some(a), Some(b)) = (first, last) {
        if cols > a.len() + b.len() {
            let pad = cols - a.len() - b.len();
            out.push_str(&format!("{:label_w$}  {a}{:pad$}{b}\n", "", ""));
        } else {
            out.push_str(&format!("{:label_w$}  {a}\n", ""));
        }
    }
    out
}

/// One line per milestone: its forecast at each column of time, as bars
/// from its earliest forecast (`▁`) to its latest (`█`).
pub fn trend_chart(r: &HistoryReport, width: u16) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    if r.milestones.is_empty() {
        return String::new();
    }
    let id_w = r
        .milestones
        .iter()
        .map(|m| term(&m.id).width())
        .max()
        .unwrap_or(0)
        .min(20);
    let cols = (width as usize).saturating_sub(id_w + 3).clamp(1, 200);
    let data = columns(r, cols);
    let mut out = String::from("Milestone trend (▁ earliest … █ latest)\n");
    for m in &r.milestones {
        let at = |p: &Point| {
            p.milestones
                .iter()
                .find(|x| x.id == m.id)
                .and_then(|x| x.forecast)
        };
        let dates: Vec<Option<NaiveDate>> = data.iter().map(|p| p.and_then(at)).collect();
        let (lo, hi) = (
            dates.iter().flatten().min().copied(),
            dates.iter().flatten().max().copied(),
        );
        let mut id = term(&m.id);
        if id.width() > id_w {
            id = id.chars().take(id_w.saturating_sub(1)).collect::<String>() + "…";
        }
        let pad = id_w.saturating_sub(id.width());
        out.push_str(&format!("{id}{:pad$} │ ", ""));
        for d in &dates {
            out.push(match (d, lo, hi) {
                (Some(d), Some(lo), Some(hi)) if hi > lo => {
                    let k = (*d - lo).num_days() * 7 / (hi - lo).num_days();
                    BARS[k.clamp(0, 7) as usize]
                }
                (Some(_), _, _) => BARS[0],
                _ => ' ',
            });
        }
        out.push('\n');
    }
    out
}

/// Text lines wrapped at spaces to `width` columns (a word longer than the
/// line is cut), each line ending in a newline.
fn wrap(text: &str, width: u16) -> String {
    let width = width.max(10) as usize;
    let mut out = String::new();
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        let mut cur = line[..indent].to_string();
        let mut fresh = true;
        for word in line.split_whitespace() {
            let need = if fresh { 0 } else { 1 } + word.width();
            if !fresh && cur.width() + need > width {
                out.push_str(cur.trim_end());
                out.push('\n');
                cur = " ".repeat(indent + 2);
                fresh = true;
            }
            if !fresh {
                cur.push(' ');
            }
            for ch in word.chars() {
                if cur.width() + ch.to_string().width() > width {
                    out.push_str(&cur);
                    out.push('\n');
                    cur = " ".repeat(indent + 2);
                }
                cur.push(ch);
            }
            fresh = false;
        }
        out.push_str(cur.trim_end());
        out.push('\n');
    }
    out
}

fn heading(r: &HistoryReport) -> String {
    let name = if r.title.is_empty() {
        term(&r.file)
    } else {
        format!("{} ({})", term(&r.title), term(&r.file))
    };
    format!(
        "{name}: {} revision{}, today {}\n",
        r.revisions.len(),
        if r.revisions.len() == 1 { "" } else { "s" },
        r.today
    )
}

fn signed(n: usize, sign: char) -> String {
    if n == 0 {
        String::new()
    } else {
        format!("{sign}{n}")
    }
}

/// The forecast lines: the schedule's and the pace's.
fn forecast_lines(r: &HistoryReport) -> String {
    let mut out = format!(
        "Forecast finish: the plan's schedule (as of {}) {}\n",
        r.today,
        match r.schedule_finish {
            Some(d) => d.to_string(),
            None => "none: nothing is scheduled (that needs the plan's `start:` and tasks with a duration or dates)".to_string(),
        }
    );
    if let Some(t) = &r.throughput {
        let weeks = t.weekly.len();
        let done: usize = t.weekly.iter().sum();
        out.push_str(&format!(
            "Our pace: {done} item{} done in {weeks} week{} ({} a week on average); {} left\n",
            if done == 1 { "" } else { "s" },
            if weeks == 1 { "" } else { "s" },
            format_args!("{:.1}", done as f64 / weeks.max(1) as f64),
            t.remaining,
        ));
        match &t.note {
            Some(note) if t.p50.is_none() => out.push_str(&format!("  {note}\n")),
            _ => out.push_str(&format!(
                "  P50 {}, P85 {} ({} trials from {}, seed {})\n",
                opt_date(t.p50),
                opt_date(t.p85),
                t.trials,
                t.from,
                t.seed
            )),
        }
        if let (Some(note), Some(_)) = (&t.note, t.p50) {
            out.push_str(&format!("  {note}\n"));
        }
    }
    out
}

fn milestone_columns(r: &HistoryReport) -> Vec<String> {
    r.milestones.iter().map(|m| m.id.clone()).collect()
}

/// The revisions as a terminal table, `width` columns at most: the author,
/// then the subject, then the counts of less weight are left out while it
/// does not fit, the finish last. A gap says so in the finish column.
fn revisions_table(r: &HistoryReport, width: u16) -> String {
    let all = [
        "date", "commit", "author", "scope", "done", "doing", "added", "removed", "finish", "note",
    ];
    let drops: [&[&str]; 6] = [
        &[],
        &["author"],
        &["author", "note"],
        &["author", "note", "doing"],
        &["author", "note", "doing", "added", "removed"],
        &["author", "note", "doing", "added", "removed", "finish"],
    ];
    let mut text = String::new();
    for drop in drops {
        let header: Vec<&str> = all.iter().copied().filter(|h| !drop.contains(h)).collect();
        let mut t = table::new(&header, &[("author", 8), ("note", 10)], width);
        let mut gaps = 0;
        for p in &r.revisions {
            let mut cells: Vec<(&str, String)> = vec![
                ("date", p.date.to_string()),
                ("commit", p.commit.chars().take(8).collect()),
                ("author", term(&p.author)),
            ];
            match &p.gap {
                Some(_) => {
                    gaps += 1;
                    cells.push(("finish", format!("gap {gaps}")));
                    cells.push(("note", term(&p.subject)));
                }
                None => cells.extend([
                    ("scope", p.scope.to_string()),
                    ("done", p.done.to_string()),
                    ("doing", p.in_progress.to_string()),
                    ("added", signed(p.added, '+')),
                    ("removed", signed(p.removed, '-')),
                    ("finish", opt_date(p.finish)),
                    ("note", term(&p.subject)),
                ]),
            }
            t.add_row(header.iter().map(|h| {
                Cell::new(
                    cells
                        .iter()
                        .find(|(k, _)| k == h)
                        .map(|(_, v)| v.as_str())
                        .unwrap_or(""),
                )
            }));
        }
        // Fewer columns until the rest fit (names wrapped), then drawn.
        let fits = t.fits_whole();
        text = t.render();
        if fits {
            break;
        }
    }
    text
}

/// The milestone trend as a terminal table, `width` columns at most (the
/// name is left out when it does not fit).
fn trend_table(r: &HistoryReport, width: u16) -> String {
    let mut text = String::new();
    for drop in [&[][..], &["name"], &["name", "first"]] {
        let all = ["milestone", "name", "first", "last", "moved", "slips"];
        let keep: Vec<bool> = all.iter().map(|h| !drop.contains(h)).collect();
        let header: Vec<&str> = all
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(h, _)| *h)
            .collect();
        let mut t = table::new(&header, &[("milestone", 9), ("name", 8)], width);
        for m in &r.milestones {
            let row = vec![
                Cell::new(term(&m.id)),
                Cell::new(term(&m.name)),
                Cell::new(opt_date(m.first)),
                Cell::new(opt_date(m.last)),
                Cell::new(m.moved_days.map(moved).unwrap_or_default()),
                Cell::new(m.slips),
            ];
            let row = row
                .into_iter()
                .zip(&keep)
                .filter(|(_, k)| **k)
                .map(|(c, _)| c);
            t.add_row(row);
        }
        // Fewer columns until the rest fit (names wrapped), then drawn.
        let fits = t.fits_whole();
        text = t.render();
        if fits {
            break;
        }
    }
    text
}

/// With `--by`: each group's scope and done at the first and the newest
/// revision that loaded.
fn groups_table(r: &HistoryReport, width: u16) -> Option<String> {
    let by = r.by?;
    let pts: Vec<&Point> = loaded(r).collect();
    let (first, last) = (pts.first()?, pts.last()?);
    let mut keys: Vec<&str> = Vec::new();
    for p in [first, last] {
        for g in &p.groups {
            if !keys.contains(&g.key.as_str()) {
                keys.push(&g.key);
            }
        }
    }
    let (d0, d1) = (first.date.to_string(), last.date.to_string());
    let header = [by, d0.as_str(), d1.as_str()];
    let mut t = table::new(&header, &[(by, 8)], width);
    let cell = |p: &Point, key: &str| {
        p.groups
            .iter()
            .find(|g| g.key == key)
            .map(|g| format!("{}/{}", g.done, g.scope))
            .unwrap_or_else(|| "-".into())
    };
    for key in keys {
        let name = if key.is_empty() {
            format!("(no {by})")
        } else {
            term(key)
        };
        t.add_row(vec![
            Cell::new(name),
            Cell::new(cell(first, key)),
            Cell::new(cell(last, key)),
        ]);
    }
    Some(format!("By {by} (done/scope)\n{}", t.render()))
}

/// The table of revisions.
pub fn history_table(r: &HistoryReport, style: &Style) -> String {
    let mut out = wrap(&heading(r), style.width) + "\n";
    if r.revisions.is_empty() {
        out.push_str("no commit touched the plan in the range asked\n");
        return out;
    }
    out.push_str(&revisions_table(r, style.width));
    out.push('\n');
    let reasons = r
        .revisions
        .iter()
        .filter_map(|p| Some((p, p.gap.as_ref()?)));
    for (i, (p, why)) in reasons.enumerate() {
        let line = format!("gap {}: {} {}: {}", i + 1, p.date, p.commit, term(why));
        out.push_str(&wrap(&line, style.width));
    }
    out.push('\n');
    out.push_str(&burnup(r, style.width));
    if let Some(t) = groups_table(r, style.width) {
        out.push('\n');
        out.push_str(&t);
        out.push('\n');
    }
    if !r.milestones.is_empty() {
        out.push('\n');
        out.push_str(&trend_table(r, style.width));
        out.push_str("\n\n");
        out.push_str(&trend_chart(r, style.width));
    }
    out.push('\n');
    out.push_str(&wrap(&forecast_lines(r), style.width));
    out
}

fn moved(days: i64) -> String {
    match days {
        0 => "0 d".into(),
        d if d > 0 => format!("+{d} d"),
        d => format!("{d} d"),
    }
}

/// The revisions and the trend as Markdown.
pub fn history_markdown(r: &HistoryReport) -> String {
    use crate::escape::markdown as md;
    let header = [
        "date",
        "commit",
        "author",
        "scope",
        "done",
        "in progress",
        "added",
        "removed",
        "finish",
        "note",
    ];
    let rows: Vec<Vec<String>> = r
        .revisions
        .iter()
        .map(|p| {
            let mut row = vec![p.date.to_string(), format!("`{}`", p.commit), md(&p.author)];
            match &p.gap {
                Some(why) => {
                    row.extend((0..6).map(|_| String::new()));
                    row.push(format!("gap: {}", md(why)));
                }
                None => row.extend([
                    p.scope.to_string(),
                    p.done.to_string(),
                    p.in_progress.to_string(),
                    signed(p.added, '+'),
                    signed(p.removed, '-'),
                    opt_date(p.finish),
                    md(&p.subject),
                ]),
            }
            row
        })
        .collect();
    let mut out = format!(
        "### History: {}\n\n{}",
        md(&r.title),
        table::markdown(&header, &rows)
    );
    if !r.milestones.is_empty() {
        let header = ["milestone", "name", "first", "last", "moved", "slips"];
        let rows: Vec<Vec<String>> = r
            .milestones
            .iter()
            .map(|m| {
                vec![
                    md(&m.id),
                    md(&m.name),
                    opt_date(m.first),
                    opt_date(m.last),
                    m.moved_days.map(moved).unwrap_or_default(),
                    m.slips.to_string(),
                ]
            })
            .collect();
        out.push_str("\n#### Milestone trend\n\n");
        out.push_str(&table::markdown(&header, &rows));
    }
    out.push('\n');
    // The forecast lines hold dates and numbers only.
    for line in forecast_lines(r).lines() {
        out.push_str(line.trim_start());
        out.push_str("  \n");
    }
    out
}

/// One CSV row per revision; a column per milestone holds its forecast.
pub fn history_csv(reports: &[HistoryReport]) -> Result<String, RenderError> {
    use crate::escape::csv_cell;
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let ms: Vec<String> = reports.iter().flat_map(milestone_columns).collect();
    let mut header: Vec<String> = [
        "plan",
        "date",
        "commit",
        "author",
        "gap",
        "scope",
        "done",
        "in_progress",
        "added",
        "removed",
        "completed",
        "finish",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(ms.iter().map(|m| format!("forecast:{}", csv_cell(m))));
    // With --by: the groups met in any revision, each a scope and a done column.
    let mut groups: Vec<(&str, &str)> = Vec::new();
    for r in reports {
        let by = r.by.unwrap_or("group");
        for g in r.revisions.iter().flat_map(|p| &p.groups) {
            if !groups.iter().any(|(b, k)| *b == by && *k == g.key) {
                groups.push((by, &g.key));
            }
        }
    }
    for (by, key) in &groups {
        let key = if key.is_empty() { "(none)" } else { key };
        for what in ["scope", "done"] {
            header.push(format!("{by}:{}:{what}", csv_cell(key)));
        }
    }
    w.write_record(&header)?;
    for r in reports {
        for p in &r.revisions {
            let mut row: Vec<String> = vec![
                csv_cell(&r.title).into_owned(),
                p.date.to_string(),
                p.commit.clone(),
                csv_cell(&p.author).into_owned(),
                csv_cell(p.gap.as_deref().unwrap_or("")).into_owned(),
            ];
            if p.gap.is_some() {
                row.extend((0..7).map(|_| String::new()));
            } else {
                row.extend([
                    p.scope.to_string(),
                    p.done.to_string(),
                    p.in_progress.to_string(),
                    p.added.to_string(),
                    p.removed.to_string(),
                    p.completed.to_string(),
                    p.finish.map(|d| d.to_string()).unwrap_or_default(),
                ]);
            }
            for m in &ms {
                row.push(
                    p.milestones
                        .iter()
                        .find(|x| x.id == *m)
                        .and_then(|x| x.forecast)
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                );
            }
            for (by, key) in &groups {
                let g = p
                    .groups
                    .iter()
                    .find(|g| r.by.unwrap_or("group") == *by && g.key == *key);
                row.push(g.map(|g| g.scope.to_string()).unwrap_or_default());
                row.push(g.map(|g| g.done.to_string()).unwrap_or_default());
            }
            w.write_record(&row)?;
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| RenderError::Csv(e.into_error().into()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

impl Render for HistoryReport {
    fn table(&self, style: &Style) -> String {
        history_table(self, style)
    }
    fn markdown(&self) -> String {
        history_markdown(self)
    }
    fn csv(reports: &[Self]) -> Result<String, RenderError> {
        history_csv(reports)
    }
}
