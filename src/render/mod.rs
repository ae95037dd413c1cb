//! Renderers: reports and diagnostics formatted as terminal tables,
//! Markdown, CSV, JSON, GitHub annotations, the terminal chart, Mermaid and
//! DOT. A report is plain data (see [`crate::report`]); each format is a
//! renderer of it, so a new format is one new renderer.

pub mod critical;
pub mod diagnostics;
pub mod diff;
pub mod dot;
pub mod export;
pub mod forecast;
pub mod gantt;
pub mod history;
pub mod list;
pub mod load;
pub mod mermaid;
pub mod status;
pub mod table;

use serde::Serialize;

/// The formats of the tabular reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A table for the terminal, fitted to its width.
    Table,
    /// The report value itself, as pretty JSON (one value, or an array for
    /// several plans).
    Json,
    /// CSV with one header row, for spreadsheets.
    Csv,
    /// GitHub-flavoured Markdown, for a PR comment or a meeting note.
    Markdown,
}

/// How a terminal table is drawn.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Columns the table may take.
    pub width: u16,
    /// Colour (ANSI escapes) on or off.
    pub color: bool,
}

/// A renderer could not produce its output.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The report has no form in this format.
    #[error("this report has no {0} format")]
    Unsupported(&'static str),
    /// Serialising JSON failed.
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// Writing CSV failed.
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
}

/// A report that renders in every tabular format. JSON is the report's own
/// serialisation.
pub trait Render: Serialize + Sized {
    /// A terminal table (or text) for one report.
    fn table(&self, style: &Style) -> String;
    /// GitHub-flavoured Markdown for one report.
    fn markdown(&self) -> String;
    /// Several reports as one CSV; `Unsupported` when it has no CSV form.
    fn csv(_reports: &[Self]) -> Result<String, RenderError> {
        Err(RenderError::Unsupported("CSV"))
    }
}

/// Render the reports of one command (one per plan) in `format`.
pub fn render<R: Render>(
    reports: &[R],
    format: Format,
    style: &Style,
) -> Result<String, RenderError> {
    Ok(match format {
        Format::Table => join(reports.iter().map(|r| r.table(style))),
        Format::Markdown => join(reports.iter().map(Render::markdown)),
        Format::Csv => R::csv(reports)?,
        Format::Json => json_one_or_many(reports)?,
    })
}

/// One JSON value for one report, an array for several.
pub fn json_one_or_many<T: Serialize>(v: &[T]) -> serde_json::Result<String> {
    let s = match v {
        [one] => serde_json::to_string_pretty(one)?,
        many => serde_json::to_string_pretty(many)?,
    };
    Ok(s + "\n")
}

/// Plan text in a terminal table or chart: control and bidi characters
/// shown escaped ([`crate::escape::terminal`]), as an owned cell.
pub(crate) fn term(s: &str) -> String {
    crate::escape::terminal(s).into_owned()
}

fn join(parts: impl Iterator<Item = String>) -> String {
    parts.collect::<Vec<_>>().join("\n")
}
