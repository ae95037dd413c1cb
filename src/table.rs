//! Tables for the terminal, built with comfy-table: they fit the width.

use comfy_table::{ContentArrangement, Table, presets};

/// The width to fit: the terminal's, else `COLUMNS`, else 100 (output to a
/// file or pipe keeps whole lines for `grep`).
pub fn width() -> u16 {
    if let Some((w, _)) = terminal_size() {
        return w;
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w: &u16| *w >= 20)
        .unwrap_or(100)
}

fn terminal_size() -> Option<(u16, u16)> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return None;
    }
    let t = Table::new();
    t.width().map(|w| (w, 0))
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

/// A Markdown pipe table (comfy-table's preset), `|` in cells escaped and
/// no wrapping, for PR comments.
pub fn markdown(header: &[&str], rows: &[Vec<String>]) -> String {
    let esc = |s: &str| s.replace('|', "\\|").replace('\n', " ");
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
