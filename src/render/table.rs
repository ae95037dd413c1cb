//! Tables for the terminal, built with comfy-table: they fit the width.

use comfy_table::{ContentArrangement, Table, presets};

/// The width to fit: the terminal's (standard output's, else standard
/// error's, else the controlling terminal's, so `roadmap status | less`
/// still fits the screen), else `COLUMNS`, else 100.
pub fn width() -> u16 {
    let tty = terminal_size::terminal_size_of(std::io::stdout())
        .or_else(|| terminal_size::terminal_size_of(std::io::stderr()))
        .or_else(|| {
            let tty = std::fs::File::open("/dev/tty").ok()?;
            terminal_size::terminal_size_of(&tty)
        });
    if let Some((terminal_size::Width(w), _)) = tty
        && w >= 20
    {
        return w;
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w: &u16| *w >= 20)
        .unwrap_or(100)
}

/// A table in the house style, `width` columns wide at most. Columns named in
/// `wrap` (names, ids) wrap but keep a readable minimum; the others (dates,
/// numbers) keep their width, so a narrow terminal never splits a date.
pub fn new(header: &[&str], wrap: &[(&str, u16)], width: u16) -> Table {
    use comfy_table::{ColumnConstraint, Width};
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width)
        .set_header(header.iter().copied());
    for (i, h) in header.iter().enumerate() {
        let Some(c) = t.column_mut(i) else { continue };
        match wrap.iter().find(|(name, _)| name == h) {
            Some((_, min)) => {
                c.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(*min)));
            }
            None => {
                c.set_constraint(ColumnConstraint::ContentWidth);
            }
        }
    }
    t
}

/// A Markdown pipe table (comfy-table's preset), no wrapping, for PR
/// comments. Cells are Markdown already: text from a plan must have gone
/// through [`crate::escape::markdown`] (which also escapes `|`); a line
/// break, which would end the row, becomes a space.
pub fn markdown(header: &[&str], rows: &[Vec<String>]) -> String {
    let esc = |s: &str| s.replace(['\n', '\r'], " ");
    let mut t = Table::new();
    t.load_style(presets::ASCII_MARKDOWN)
        .set_content_arrangement(ContentArrangement::Disabled)
        .force_no_tty()
        .set_header(header.iter().map(|h| esc(h)));
    for r in rows {
        t.add_row(r.iter().map(|c| esc(c)));
    }
    let mut s = t.to_string();
    s.push('\n');
    s
}
