//! `roadmap load`: a heat map of work against capacity, and a table.

use super::{Render, RenderError, Style, term};
use crate::report::load::{LoadReport, Row};

/// One cell of the heat map: how full a period is.
fn shade(demand: f64, capacity: Option<f64>, ascii: bool) -> char {
    let cells = if ascii {
        ['.', '-', '+', '#', '!']
    } else {
        ['·', '░', '▒', '▓', '█']
    };
    if demand <= 0.0 {
        return cells[0];
    }
    match capacity {
        None => cells[2],
        Some(c) if c <= 0.0 => cells[4],
        Some(c) => {
            let r = demand / c;
            if r <= 0.5 {
                cells[1]
            } else if r <= 0.9 {
                cells[2]
            } else if r <= 1.0 + 1e-9 {
                cells[3]
            } else {
                cells[4]
            }
        }
    }
}

fn totals(r: &Row) -> (f64, Option<f64>, Option<f64>, usize) {
    let demand: f64 = r.demand.iter().sum();
    let cap: Option<f64> = r.capacity.iter().copied().sum::<Option<f64>>();
    let peak = r
        .demand
        .iter()
        .zip(&r.capacity)
        .filter_map(|(d, c)| c.filter(|c| *c > 0.0).map(|c| d / c * 100.0))
        .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))));
    let over = r
        .demand
        .iter()
        .zip(&r.capacity)
        .filter(|(d, c)| c.is_some_and(|c| **d > c + 1e-9))
        .count();
    (demand, cap, peak, over)
}

fn num(x: f64) -> String {
    if (x - x.round()).abs() < 0.05 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.1}")
    }
}

fn summary_rows(r: &LoadReport) -> Vec<Vec<String>> {
    r.rows
        .iter()
        .map(|row| {
            let (d, c, peak, over) = totals(row);
            vec![
                row.kind.to_string(),
                row.id.clone(),
                num(d),
                c.map_or("-".into(), num),
                match (c, d) {
                    (Some(c), d) if c > 0.0 => format!("{}%", (d / c * 100.0).round()),
                    _ => "-".into(),
                },
                peak.map_or("-".into(), |p| format!("{}%", p.round())),
                over.to_string(),
                row.cost.map_or(String::new(), num),
            ]
        })
        .collect()
}

const HEADER: [&str; 8] = [
    "kind", "id", "hours", "cap h", "load", "peak", "over", "cost",
];

/// The heat map: one line per row, one cell per period (periods merged
/// when they do not fit `width`).
pub fn heat_map(r: &LoadReport, width: u16, ascii: bool) -> String {
    let n = r.periods.len();
    if n == 0 || r.rows.is_empty() {
        return String::new();
    }
    let width = usize::from(width);
    let name_w = r
        .rows
        .iter()
        .map(|x| term(&x.id).chars().count())
        .max()
        .unwrap_or(4)
        .clamp(4, (width / 3).max(4));
    let room = width.saturating_sub(name_w + 3).max(1);
    let per = n.div_ceil(room);
    let cells = n.div_ceil(per);
    let mut out = String::new();
    let first = &r.periods[0];
    let last = &r.periods[n - 1];
    out.push_str(&format!(
        "{:name_w$}   {} .. {}{}\n",
        "",
        term(&first.label),
        term(&last.label),
        if per > 1 {
            format!(
                " ({per} {} a cell)",
                if r.by == crate::report::load::By::Week {
                    "weeks"
                } else {
                    "buckets"
                }
            )
        } else {
            String::new()
        }
    ));
    for row in &r.rows {
        let mut name: String = term(&row.id).chars().take(name_w).collect();
        while name.chars().count() < name_w {
            name.push(' ');
        }
        let mut line = format!("{name} │ ");
        for c in 0..cells {
            let range = c * per..((c + 1) * per).min(n);
            let d: f64 = row.demand[range.clone()].iter().sum();
            let cap: Option<f64> = row.capacity[range].iter().copied().sum();
            line.push(shade(d, cap, ascii));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let legend: String = if ascii {
        ". none - to 50% + to 90% # full ! over".into()
    } else {
        "· none ░ to 50% ▒ to 90% ▓ full █ over".into()
    };
    out.push_str(&format!("{legend}\n"));
    out
}

impl Render for LoadReport {
    fn table(&self, style: &Style) -> String {
        let mut out = format!(
            "{}: {} ({}, by {})\n",
            term(&self.plan),
            term(&self.title),
            if self.levelled {
                "levelled"
            } else {
                "not levelled"
            },
            match self.by {
                crate::report::load::By::Week => "week",
                crate::report::load::By::Bucket => "bucket",
            }
        );
        out = super::table::wrap_text(&out, style.width);
        if self.rows.is_empty() {
            out.push_str("no resources or streams\n");
            return out;
        }
        if self.rows.iter().all(|r| r.demand.iter().all(|d| *d == 0.0)) {
            out.push_str(&super::table::wrap_text(
                "no work to count in any period: no task has a duration, dates or \
                 `effort:`; add `effort:` (or `duration:`) to the tasks people are \
                 assigned to\n",
                style.width,
            ));
        } else {
            out.push_str(&heat_map(self, style.width, false));
        }
        // The cost column only where a resource has a rate.
        let cols = if self.rows.iter().any(|r| r.cost.is_some()) {
            8
        } else {
            7
        };
        let mut t = super::table::new(&HEADER[..cols], &[], style.width)
            .drop_first(&["cost", "peak", "over", "kind", "cap h"]);
        for r in summary_rows(self) {
            t.add_row(r.into_iter().take(cols).map(|c| term(&c)));
        }
        out.push_str(&t.render());
        out.push('\n');
        if self.truncated > 0 {
            out.push_str(&format!(
                "(only the first {} weeks are shown)\n",
                crate::report::load::MAX_PERIODS
            ));
        }
        out
    }

    fn markdown(&self) -> String {
        let rows: Vec<Vec<String>> = summary_rows(self)
            .into_iter()
            .map(|r| r.iter().map(|c| crate::escape::markdown(c)).collect())
            .collect();
        format!(
            "### {}\n\n{}",
            crate::escape::markdown(&self.title),
            super::table::markdown(&HEADER, &rows)
        )
    }

    fn csv(reports: &[Self]) -> Result<String, RenderError> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record([
            "plan",
            "kind",
            "id",
            "period",
            "first",
            "last",
            "demand_h",
            "capacity_h",
        ])?;
        for r in reports {
            for row in &r.rows {
                for (i, p) in r.periods.iter().enumerate() {
                    w.write_record([
                        crate::escape::csv_cell(&r.plan).as_ref(),
                        row.kind,
                        crate::escape::csv_cell(&row.id).as_ref(),
                        crate::escape::csv_cell(&p.label).as_ref(),
                        &p.first.to_string(),
                        &p.last.to_string(),
                        &num(row.demand[i]),
                        &row.capacity[i].map_or(String::new(), num),
                    ])?;
                }
            }
        }
        let bytes = w
            .into_inner()
            .map_err(|e| RenderError::Csv(csv::Error::from(e.into_error())))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}
