//! Tables for the terminal, built with comfy-table: they fit the width.

use comfy_table::{ContentArrangement, Table, presets};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

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

/// A table in the house style, fitted to `width` columns when it is
/// printed. Columns named in `wrap` (names) wrap at word boundaries and keep
/// the given readable minimum; every other column (ids, numbers, dates) keeps
/// its content's width and never breaks. When even that does not fit, the
/// columns named by [`Fitted::drop_first`] are left out, first named first,
/// and the rest drawn, with a line under the table naming them; a column
/// never named there (an id) is never left out. When no table fits at all
/// (an id wider than the room beside it, names at ten columns), each row is
/// printed as a block of lines instead, its id alone on the first.
pub fn new(header: &[&str], wrap: &[(&str, u16)], width: u16) -> Fitted {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width)
        .set_header(header.iter().copied());
    let wrap = header
        .iter()
        .map(|h| wrap.iter().find(|(n, _)| n == h).map(|(_, m)| *m))
        .collect();
    Fitted {
        table: t,
        header: header.iter().map(|h| h.to_string()).collect(),
        wrap,
        drop: Vec::new(),
        width,
    }
}

/// A terminal table and the rules that fit it to the width (see [`new`]).
pub struct Fitted {
    table: Table,
    header: Vec<String>,
    /// Per column: `Some(minimum)` for a column that wraps.
    wrap: Vec<Option<u16>>,
    /// Columns that may be left out, the first first.
    drop: Vec<String>,
    width: u16,
}

/// The widest word (between spaces) of a column's cells.
fn longest_word(t: &Table, c: usize) -> usize {
    t.column_cells_iter(c)
        .flatten()
        .flat_map(|cell| cell.content().split_whitespace().map(str::width).max())
        .max()
        .unwrap_or(0)
}

/// The narrowest a wrapping column gets before a table gives way to blocks.
const NARROWEST: usize = 10;

/// Columns a table spends on borders and padding: `│ a │ b │`.
fn frame(columns: usize) -> usize {
    1 + 3 * columns
}

impl Fitted {
    /// The columns that may be left out when the table does not fit, the
    /// least important first.
    pub fn drop_first(mut self, columns: &[&str]) -> Fitted {
        self.drop = columns.iter().map(|c| c.to_string()).collect();
        self
    }

    /// Add a row of cells.
    pub fn add_row<T: Into<comfy_table::Row>>(&mut self, row: T) -> &mut Fitted {
        self.table.add_row(row);
        self
    }

    /// Per column, the least and the most it takes, and its longest word,
    /// content only.
    fn bounds(&self) -> Vec<(usize, usize, usize)> {
        let widths = self.table.column_max_content_widths();
        (0..self.header.len())
            .map(|c| {
                let most = widths.get(c).copied().unwrap_or(1).max(1) as usize;
                // A heading may wrap between its words.
                let word = self.header[c]
                    .split_whitespace()
                    .map(str::width)
                    .max()
                    .unwrap_or(1);
                // An id keeps its line (with its mark).
                let long = if self.header[c] == "id" {
                    most
                } else {
                    longest_word(&self.table, c)
                };
                let least = match self.wrap[c] {
                    // Its readable minimum (the spare width goes first to
                    // its longest word, so names break between words where
                    // they can).
                    Some(min) => (min as usize).min(most),
                    // A date with its lateness may go on two lines, never a
                    // word of it.
                    None => long.max(word),
                };
                (least.min(most), most, long)
            })
            .collect()
    }

    /// The least width the visible columns need.
    fn least(&self, bounds: &[(usize, usize, usize)], shown: &[bool]) -> usize {
        let n = shown.iter().filter(|s| **s).count();
        frame(n)
            + bounds
                .iter()
                .zip(shown)
                .filter(|(_, s)| **s)
                .map(|(b, _)| b.0)
                .sum::<usize>()
    }

    /// True when the table fits its width without leaving out a column.
    pub fn fits_whole(&self) -> bool {
        let bounds = self.bounds();
        self.least(&bounds, &vec![true; bounds.len()]) <= self.width as usize
    }

    /// The table, fitted: columns left out in the `drop_first` order until
    /// the rest fit; the spare width goes to the fixed columns' headings
    /// first, then to the wrapping columns in turn.
    pub fn render(mut self) -> String {
        use comfy_table::{ColumnConstraint, Width};
        let width = self.width as usize;
        let bounds = self.bounds();
        let mut shown = vec![true; bounds.len()];
        for name in &self.drop {
            if self.least(&bounds, &shown) <= width {
                break;
            }
            if let Some(c) = self.header.iter().position(|h| h == name) {
                shown[c] = false;
            }
        }
        let mut bounds = bounds;
        if self.least(&bounds, &shown) > width {
            // Names narrower than their readable minimum, before blocks.
            for (c, b) in bounds.iter_mut().enumerate() {
                if self.wrap[c].is_some() {
                    b.0 = b.0.min(NARROWEST);
                }
            }
        }
        if self.least(&bounds, &shown) > width {
            return self.stacked();
        }
        let mut w: Vec<usize> = bounds.iter().map(|b| b.0).collect();
        let mut spare = width.saturating_sub(self.least(&bounds, &shown));
        // Fixed columns first, a column at a time in turn, so that their
        // headings wrap alike.
        while spare > 0 {
            let mut grew = false;
            for c in 0..w.len() {
                if spare > 0 && shown[c] && self.wrap[c].is_none() && w[c] < bounds[c].1 {
                    w[c] += 1;
                    spare -= 1;
                    grew = true;
                }
            }
            if !grew {
                break;
            }
        }
        // Wrapping columns first get their longest word, so that a name
        // breaks between words where the width allows.
        for c in 0..w.len() {
            if shown[c] && self.wrap[c].is_some() {
                let word = bounds[c].2.min(bounds[c].1);
                let more = word.saturating_sub(w[c]).min(spare);
                w[c] += more;
                spare -= more;
            }
        }
        while spare > 0 {
            let mut grew = false;
            for c in 0..w.len() {
                if spare > 0 && shown[c] && self.wrap[c].is_some() && w[c] < bounds[c].1 {
                    w[c] += 1;
                    spare -= 1;
                    grew = true;
                }
            }
            if !grew {
                break;
            }
        }
        for (c, col) in self.table.column_iter_mut().enumerate() {
            let Some(&cw) = w.get(c) else { continue };
            col.set_constraint(if shown[c] {
                ColumnConstraint::Absolute(Width::Fixed(cw as u16 + 2))
            } else {
                ColumnConstraint::Hidden
            });
        }
        let mut out = self.table.to_string();
        let left: Vec<&str> = self
            .drop
            .iter()
            .filter(|d| self.header.iter().zip(&shown).any(|(h, s)| h == *d && !s))
            .map(String::as_str)
            .collect();
        if !left.is_empty() {
            out.push('\n');
            out.push_str(&wrap_text(
                &format!(
                    "(left out to fit {width} columns: {}; a wider --width or --format csv shows them)",
                    left.join(", ")
                ),
                self.width,
            ));
        }
        out
    }
}

impl Fitted {
    /// The rows one block each, for a width no table fits (an id longer
    /// than the room left beside it): the id (else the first cell) alone on a
    /// line, the name on the next, then every other column as `heading:
    /// value`, each line wrapped at spaces, so no value is split.
    fn stacked(&self) -> String {
        // The id leads its block where there is one, else the first cell.
        let key = self.header.iter().position(|h| h == "id").unwrap_or(0);
        let mut out = String::new();
        for (n, row) in self.table.row_iter().enumerate() {
            let cells: Vec<String> = row.cell_iter().map(|c| c.content()).collect();
            if n > 0 {
                out.push('\n');
            }
            let mut block = format!("{}\n", cells.get(key).map_or("", |c| c.trim()));
            // The first wrapping column (the name) as it is, the others
            // with their heading.
            let first_wrap = self.wrap.iter().position(Option::is_some);
            for (c, text) in cells.iter().enumerate() {
                if c != key
                    && self.wrap.get(c).is_some_and(Option::is_some)
                    && !text.trim().is_empty()
                {
                    if Some(c) == first_wrap {
                        block.push_str(&format!("  {}\n", text.trim()));
                    } else {
                        block.push_str(&format!("  {}: {}\n", self.header[c], text.trim()));
                    }
                }
            }
            let rest: Vec<String> = cells
                .iter()
                .enumerate()
                .filter(|(c, t)| {
                    *c != key
                        && self.wrap.get(*c).is_some_and(Option::is_none)
                        && !t.trim().is_empty()
                })
                .map(|(c, t)| format!("{}: {}", self.header[c], t.trim()))
                .collect();
            if !rest.is_empty() {
                block.push_str(&format!("  {}\n", rest.join("; ")));
            }
            out.push_str(&wrap_text(&block, self.width));
        }
        out.trim_end().to_string()
    }
}

/// Plain text wrapped to `width` columns at spaces: each line of `text` on
/// as many lines as it needs, the later ones indented two columns more than
/// the first. Words (ids, dates, numbers) are never split, unless one alone
/// is wider than the line.
pub fn wrap_text(text: &str, width: u16) -> String {
    let width = width.max(20) as usize;
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.split_inclusive('\n') {
        let (body, nl) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        // No character is wider than its UTF-8 bytes: a short line fits.
        if body.len() <= width || body.width() <= width {
            out.push_str(line);
            continue;
        }
        let lead = body.len() - body.trim_start_matches(' ').len();
        let indent = " ".repeat((lead + 2).min(width / 2));
        let mut cur = " ".repeat(lead);
        let mut cur_w = lead;
        let mut fresh = true;
        for word in body[lead..].split(' ').filter(|w| !w.is_empty()) {
            let ww = word.width();
            if !fresh && cur_w + 1 + ww > width {
                out.push_str(cur.trim_end());
                out.push('\n');
                cur = indent.clone();
                cur_w = indent.len();
                fresh = true;
            }
            if !fresh {
                cur.push(' ');
                cur_w += 1;
            }
            // A word wider than a whole line: split it where it must be.
            let mut rest = word;
            while cur_w + rest.width() > width && rest.chars().count() > 1 {
                let mut take = 0;
                let mut tw = 0;
                for (i, ch) in rest.char_indices() {
                    let cw = ch.width().unwrap_or(0);
                    if cur_w + tw + cw > width && i > 0 {
                        break;
                    }
                    tw += cw;
                    take = i + ch.len_utf8();
                }
                cur.push_str(&rest[..take]);
                out.push_str(&cur);
                out.push('\n');
                rest = &rest[take..];
                cur = indent.clone();
                cur_w = indent.len();
            }
            cur.push_str(rest);
            cur_w += rest.width();
            fresh = false;
        }
        out.push_str(cur.trim_end());
        out.push_str(nl);
    }
    out
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
