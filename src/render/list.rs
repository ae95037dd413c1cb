//! `roadmap list` as a terminal table, Markdown and CSV.

use super::{Render, RenderError, Style, table, term};
use crate::report::list::{ListReport, Row};
use chrono::NaiveDate;

/// The table's columns; `planned` and `forecast` are finish dates (JSON
/// has the starts too).
const HEADER: [&str; 11] = [
    "id", "name", "stream", "owner", "status", "bucket", "planned", "forecast", "due", "slack",
    "late",
];

/// The columns that hold plan text (the rest are dates and numbers the tool
/// writes): each output escapes these with its function in [`crate::escape`].
const TEXT_COLUMNS: usize = 6;

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn num(n: Option<i64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// The cells of a row, user text as written (each format escapes it).
fn cells(r: &Row) -> [String; 11] {
    [
        r.id.clone(),
        r.name.clone(),
        r.stream.clone(),
        r.owner.clone().unwrap_or_default(),
        r.status.as_str().to_string(),
        r.bucket.clone().unwrap_or_default(),
        date(r.dates.planned_finish),
        date(r.dates.forecast_finish),
        date(r.due),
        num(r.slack),
        num(r.late),
    ]
}

fn more_line(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!("and {n} more (raise --limit to see them)\n")
    }
}

impl Render for ListReport {
    fn table(&self, style: &Style) -> String {
        let rows: Vec<[String; 11]> = self.items.iter().map(cells).collect();
        // Columns empty in every row (no buckets, no dates) are left out of
        // the table, and so is the planned date below 120 columns, where it
        // would squeeze the names; JSON and CSV keep them all.
        let planned = HEADER.iter().position(|h| *h == "planned");
        let keep: Vec<usize> = (0..HEADER.len())
            .filter(|&c| c < 2 || rows.iter().any(|r| !r[c].is_empty()))
            .filter(|&c| style.width >= 120 || Some(c) != planned)
            .collect();
        let header: Vec<&str> = keep.iter().map(|&c| HEADER[c]).collect();
        // Stream and bucket are ids: they never break, and go first when
        // the table does not fit.
        let mut t = table::new(&header, &[("name", 12), ("owner", 10)], style.width).drop_first(&[
            "bucket", "stream", "slack", "planned", "forecast", "owner", "due", "late", "status",
        ]);
        for r in &rows {
            t.add_row(keep.iter().map(|&c| term(&r[c])));
        }
        let mut out = table::wrap_text(
            &format!(
                "{} ({}), as of {}: {} item{}\n",
                term(&self.title),
                term(&self.file),
                self.today,
                self.items.len() + self.more,
                if self.items.len() + self.more == 1 {
                    ""
                } else {
                    "s"
                }
            ),
            style.width,
        );
        if self.items.is_empty() {
            out.push_str("no item matches\n");
            return out;
        }
        out.push_str(&t.render());
        out.push('\n');
        out.push_str(&more_line(self.more));
        out
    }

    fn markdown(&self) -> String {
        let rows: Vec<Vec<String>> = self
            .items
            .iter()
            .map(|r| {
                cells(r)
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        if i < TEXT_COLUMNS {
                            crate::escape::markdown(c)
                        } else {
                            c.clone()
                        }
                    })
                    .collect()
            })
            .collect();
        let mut out = format!("### {}\n\n", crate::escape::markdown(&self.title));
        out.push_str(&table::markdown(&HEADER, &rows));
        if self.more > 0 {
            out.push('\n');
            out.push_str(&more_line(self.more));
        }
        out
    }

    fn csv(reports: &[Self]) -> Result<String, RenderError> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut header = vec!["plan"];
        header.extend(HEADER);
        w.write_record(&header)?;
        for rep in reports {
            for r in &rep.items {
                let cell = |s: &str| crate::escape::csv_cell(s).into_owned();
                let mut rec = vec![cell(&rep.file)];
                rec.extend(
                    cells(r)
                        .iter()
                        .enumerate()
                        .map(|(i, c)| if i < TEXT_COLUMNS { cell(c) } else { c.clone() }),
                );
                w.write_record(&rec)?;
            }
        }
        let bytes = w
            .into_inner()
            .map_err(|e| RenderError::Csv(e.into_error().into()))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}
