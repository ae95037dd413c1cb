//! `roadmap gantt`: the schedule drawn as a Gantt chart in the terminal.
//!
//! One row per scheduled task, grouped by stream; milestones as diamonds;
//! dated buckets as windows at the top and as faint boundaries through the
//! chart; a today marker. The time axis fits the width: the scale (days,
//! weeks, months or quarters) is the finest whose units all fit, unless
//! `--scale` says otherwise. Nothing is guessed: a task without a schedule is
//! listed under the chart, never drawn.
//!
//! Plans without a `start` are drawn on their notional calendar, with the
//! axis in plan weeks (`W1`, `W2`, ...) and no today marker.

use crate::plan::graph::PlanGraph;
use crate::plan::model::{NodeRef, Plan, Status};
use crate::project::PlanView;
use crate::render::term;
use crate::report::Filter;
use crate::schedule::{Schedule, Unscheduled};
use chrono::{Datelike, Days, Months, NaiveDate};
use std::collections::HashSet;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The unit of the time axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// A column or more per day.
    Days,
    /// Per week.
    Weeks,
    /// Per month.
    Months,
    /// Per quarter.
    Quarters,
}

impl Scale {
    /// Every scale, finest first.
    pub const ALL: [Scale; 4] = [Scale::Days, Scale::Weeks, Scale::Months, Scale::Quarters];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Scale::Days => "days",
            Scale::Weeks => "weeks",
            Scale::Months => "months",
            Scale::Quarters => "quarters",
        }
    }

    /// Most columns one unit may take: wider units would only stretch bars.
    fn max_cols(self) -> usize {
        match self {
            Scale::Days => 3,
            Scale::Weeks => 6,
            Scale::Months => 10,
            Scale::Quarters => 16,
        }
    }
}

/// How to draw.
#[derive(Debug, Clone)]
pub struct Options {
    /// Columns the chart may take.
    pub width: u16,
    /// `None`: chosen from the plan's span.
    pub scale: Option<Scale>,
    /// ASCII characters only.
    pub ascii: bool,
    /// Colour (ANSI escapes) on or off.
    pub color: bool,
}

/// The characters of one drawing style.
struct Glyphs {
    critical: char,
    todo: char,
    doing: char,
    done: char,
    cancelled: char,
    group: char,
    milestone: char,
    planned: char,
    today: char,
    boundary: char,
    window_start: char,
    window_end: char,
    window: char,
    open_end: char,
    ellipsis: &'static str,
    st_done: char,
    st_doing: char,
    st_blocked: char,
    st_cancelled: char,
}

const UNICODE: Glyphs = Glyphs {
    critical: '█',
    todo: '▒',
    doing: '▓',
    done: '░',
    cancelled: '╌',
    group: '━',
    milestone: '◆',
    planned: '◇',
    today: '│',
    boundary: '┆',
    window_start: '├',
    window_end: '┤',
    window: '─',
    open_end: '→',
    ellipsis: "…",
    st_done: '✓',
    st_doing: '▸',
    st_blocked: '✗',
    st_cancelled: '–',
};

const ASCII: Glyphs = Glyphs {
    critical: '#',
    todo: '=',
    doing: '+',
    done: '.',
    cancelled: '~',
    group: '-',
    milestone: '*',
    planned: 'o',
    today: '|',
    boundary: ':',
    window_start: '[',
    window_end: ']',
    window: '-',
    open_end: '>',
    ellipsis: "...",
    st_done: 'v',
    st_doing: '>',
    st_blocked: '!',
    st_cancelled: '~',
};

/// Colour of a cell, when colour is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Paint {
    Plain,
    Critical,
    Done,
    Doing,
    Milestone,
    Today,
    Faint,
    Bold,
}

impl Paint {
    fn code(self) -> &'static str {
        match self {
            Paint::Plain => "",
            Paint::Critical => "\u{1b}[31m",
            Paint::Done => "\u{1b}[32m",
            Paint::Doing => "\u{1b}[33m",
            Paint::Milestone => "\u{1b}[35m",
            Paint::Today => "\u{1b}[36m",
            Paint::Faint => "\u{1b}[2m",
            Paint::Bold => "\u{1b}[1m",
        }
    }
}

/// What a row draws in the chart area.
#[derive(Debug, Clone)]
enum Mark {
    None,
    Bar {
        first: NaiveDate,
        last: NaiveDate,
        fill: char,
        paint: Paint,
    },
    Window {
        first: NaiveDate,
        last: Option<NaiveDate>,
    },
    Diamond {
        at: NaiveDate,
        planned: Option<NaiveDate>,
        paint: Paint,
    },
}

struct Row {
    /// Indentation, in steps of two columns.
    indent: usize,
    /// Status glyph, for tasks and milestones (a space for to do).
    glyph: Option<char>,
    label: String,
    label_paint: Paint,
    mark: Mark,
    /// Section headers and bucket windows take no boundary marks.
    marks_through: bool,
}

/// An item or milestone the chart cannot draw.
struct Undrawn {
    label: String,
    reason: &'static str,
}

/// The time axis: unit boundaries and columns per unit.
struct Axis {
    scale: Scale,
    /// Unit starts; unit i is `bounds[i]..bounds[i+1]`.
    bounds: Vec<NaiveDate>,
    per_unit: usize,
    /// Units shown (fewer than `bounds.len() - 1` when cut at the width).
    shown: usize,
    dated: bool,
    origin: NaiveDate,
}

impl Axis {
    fn cols(&self) -> usize {
        self.shown * self.per_unit
    }

    /// The column of a day, or `None` outside the shown units.
    fn col(&self, d: NaiveDate) -> Option<usize> {
        let i = self.bounds.partition_point(|b| *b <= d).checked_sub(1)?;
        if i >= self.shown {
            return None;
        }
        let len = (self.bounds[i + 1] - self.bounds[i]).num_days().max(1) as usize;
        let off = (d - self.bounds[i]).num_days() as usize;
        Some(i * self.per_unit + off * self.per_unit / len)
    }

    /// Columns a span covers, clipped to the shown units; `None` when it lies
    /// wholly outside them.
    fn span(&self, first: NaiveDate, last: NaiveDate) -> Option<(usize, usize)> {
        let end_day = self.bounds[self.shown];
        if first >= end_day || last < self.bounds[0] {
            return None;
        }
        let a = self.col(first.max(self.bounds[0]))?;
        let b = match self.col(last) {
            Some(b) => b,
            None => self.cols().checked_sub(1)?,
        };
        // A unit wider than one column: the last day ends at the end of its
        // own columns.
        let b = match self.col(last.succ_opt()?) {
            Some(next) if next > b + 1 => next - 1,
            _ => b,
        };
        Some((a, b.max(a)))
    }

    fn describe(&self) -> String {
        if self.dated {
            self.scale.name().to_string()
        } else {
            format!("{}, in plan weeks", self.scale.name())
        }
    }
}

/// Unit starts from the unit containing `first` to the one after `last`.
fn unit_bounds(
    scale: Scale,
    dated: bool,
    origin: NaiveDate,
    first: NaiveDate,
    last: NaiveDate,
) -> Vec<NaiveDate> {
    let step_days = |n: u64| move |d: NaiveDate| d.checked_add_days(Days::new(n));
    // Fixed-length units count from an anchor at or before `first`.
    let fixed = |len: u64, anchor: NaiveDate| {
        let len_i = len as i64;
        let off = (first - anchor).num_days().div_euclid(len_i) * len_i;
        let start = anchor + chrono::Duration::days(off);
        (start, step_days(len))
    };
    let (mut cur, next): (NaiveDate, Box<dyn Fn(NaiveDate) -> Option<NaiveDate>>) =
        match (scale, dated) {
            (Scale::Days, _) => (first, Box::new(step_days(1))),
            (Scale::Weeks, true) => {
                let monday =
                    first - chrono::Duration::days(first.weekday().num_days_from_monday() as i64);
                (monday, Box::new(step_days(7)))
            }
            (Scale::Weeks, false) => {
                let (s, f) = fixed(7, origin);
                (s, Box::new(f))
            }
            (Scale::Months, true) => (
                first.with_day(1).unwrap_or(first),
                Box::new(|d: NaiveDate| d.checked_add_months(Months::new(1))),
            ),
            (Scale::Months, false) => {
                let (s, f) = fixed(28, origin);
                (s, Box::new(f))
            }
            (Scale::Quarters, true) => {
                let m0 = (first.month0() / 3) * 3;
                (
                    NaiveDate::from_ymd_opt(first.year(), m0 + 1, 1).unwrap_or(first),
                    Box::new(|d: NaiveDate| d.checked_add_months(Months::new(3))),
                )
            }
            (Scale::Quarters, false) => {
                let (s, f) = fixed(91, origin);
                (s, Box::new(f))
            }
        };
    let mut v = vec![cur];
    while cur <= last {
        match next(cur) {
            Some(n) => {
                cur = n;
                v.push(n);
            }
            None => break,
        }
        if v.len() > 100_000 {
            break;
        }
    }
    v
}

/// Pick the scale and columns per unit for `cols` columns.
fn choose_axis(
    want: Option<Scale>,
    dated: bool,
    origin: NaiveDate,
    first: NaiveDate,
    last: NaiveDate,
    cols: usize,
) -> Axis {
    let make = |scale: Scale| {
        let bounds = unit_bounds(scale, dated, origin, first, last);
        let units = bounds.len().saturating_sub(1).max(1);
        (scale, bounds, units)
    };
    let (scale, bounds, units) = match want {
        Some(s) => make(s),
        None => Scale::ALL
            .into_iter()
            .map(make)
            .find(|(_, _, units)| *units <= cols)
            .unwrap_or_else(|| make(Scale::Quarters)),
    };
    let per_unit = (cols / units).clamp(1, scale.max_cols());
    Axis {
        scale,
        per_unit,
        // Never more units than there are bounds to end them.
        shown: units
            .min(cols / per_unit)
            .min(bounds.len().saturating_sub(1)),
        bounds,
        dated,
        origin,
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Plan week of a day (1-based), for plans without a start.
fn plan_week(origin: NaiveDate, d: NaiveDate) -> i64 {
    (d - origin).num_days().div_euclid(7) + 1
}

/// The two header lines of the axis: a coarse line and a fine line of labels
/// at unit starts, each placed only where it leaves a space after the one
/// before it.
fn axis_lines(axis: &Axis) -> (String, String) {
    let n = axis.cols();
    let k = axis.per_unit;
    let mut coarse: Vec<char> = vec![' '; n];
    let mut fine: Vec<char> = vec![' '; n];
    // Month initials one column apart read as a row of months: no gap needed.
    let tight = axis.scale == Scale::Months && k < 4;
    let place =
        |line: &mut Vec<char>, end: &mut Option<usize>, col: usize, text: &str, gap: bool| {
            let len = text.chars().count();
            let free = match *end {
                Some(e) if gap => e + 1,
                Some(e) => e,
                None => 0,
            };
            if col < free || col + len > n {
                return false;
            }
            for (i, c) in text.chars().enumerate() {
                line[col + i] = c;
            }
            *end = Some(col + len);
            true
        };
    let (mut ce, mut fe) = (None, None);
    let mut prev: Option<NaiveDate> = None;
    let month = |d: NaiveDate| MONTHS[d.month0() as usize];
    for i in 0..axis.shown {
        let d = axis.bounds[i];
        let col = i * k;
        let new_year = prev.is_none_or(|p| p.year() != d.year());
        let new_month = prev.is_none_or(|p| p.month() != d.month() || p.year() != d.year());
        let (c, f): (Option<String>, Option<String>) = if axis.dated {
            match axis.scale {
                // Wide days: every day; narrow ones: Mondays.
                Scale::Days => (
                    new_month.then(|| {
                        if new_year {
                            format!("{} {}", month(d), d.year())
                        } else {
                            month(d).to_string()
                        }
                    }),
                    (k >= 3 || d.weekday() == chrono::Weekday::Mon).then(|| d.day().to_string()),
                ),
                // Wide weeks: the Monday's day of the month; narrow ones: months.
                Scale::Weeks if k >= 3 => (
                    new_month.then(|| {
                        if new_year {
                            format!("{} {}", month(d), d.year())
                        } else {
                            month(d).to_string()
                        }
                    }),
                    Some(d.day().to_string()),
                ),
                Scale::Weeks => (
                    new_year.then(|| d.year().to_string()),
                    new_month.then(|| month(d).to_string()),
                ),
                Scale::Months => (
                    new_year.then(|| d.year().to_string()),
                    Some(if k >= 4 {
                        month(d).to_string()
                    } else {
                        month(d)[..1].to_string()
                    }),
                ),
                Scale::Quarters => (
                    new_year.then(|| d.year().to_string()),
                    Some(format!("Q{}", d.month0() / 3 + 1)),
                ),
            }
        } else {
            let w = plan_week(axis.origin, d);
            let new_week = prev.is_none_or(|p| plan_week(axis.origin, p) != w);
            match axis.scale {
                Scale::Days => (
                    new_week.then(|| format!("W{w}")),
                    (k >= 2).then(|| {
                        let wd = d.weekday().num_days_from_monday() as usize;
                        ["M", "T", "W", "T", "F", "S", "S"][wd].to_string()
                    }),
                ),
                Scale::Weeks => (
                    ((w - 1) % 4 == 0).then(|| format!("M{}", (w - 1) / 4 + 1)),
                    Some(format!("W{w}")),
                ),
                Scale::Months => (None, Some(format!("M{}", (w - 1) / 4 + 1))),
                Scale::Quarters => (None, Some(format!("W{w}"))),
            }
        };
        if let Some(c) = c
            && !place(&mut coarse, &mut ce, col, &c, true)
            && new_year
            && axis.dated
            && i > 0
        {
            // A new year always shows: where there is room, just after the
            // label before it or at the right edge, as the year alone if the
            // label does not fit.
            let year = d.year().to_string();
            for text in [c.as_str(), year.as_str()] {
                let after = ce.map_or(0, |e| e + 1).max(col);
                let len = text.chars().count();
                if place(&mut coarse, &mut ce, after, text, true)
                    || (n >= len && place(&mut coarse, &mut ce, n - len, text, true))
                {
                    break;
                }
            }
        }
        if let Some(f) = f {
            place(&mut fine, &mut fe, col, &f, !tight);
        }
        prev = Some(d);
    }
    (
        coarse
            .into_iter()
            .collect::<String>()
            .trim_end()
            .to_string(),
        fine.into_iter().collect::<String>().trim_end().to_string(),
    )
}

/// Cut `s` to `w` display columns, ending in an ellipsis when cut.
pub fn truncate(s: &str, w: usize, ellipsis: &str) -> String {
    if s.width() <= w {
        return s.to_string();
    }
    let ew = ellipsis.width();
    if w < ew {
        return ellipsis.chars().take(w).collect();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw > w - ew {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push_str(ellipsis);
    out
}

fn status_glyph(g: &Glyphs, st: Status) -> char {
    match st {
        Status::Done => g.st_done,
        Status::InProgress => g.st_doing,
        Status::Blocked => g.st_blocked,
        Status::Cancelled => g.st_cancelled,
        Status::Todo => ' ',
    }
}

fn bar_style(g: &Glyphs, st: Status, critical: bool) -> (char, Paint) {
    match st {
        Status::Done => (g.done, Paint::Done),
        Status::Cancelled => (g.cancelled, Paint::Faint),
        _ if critical => (g.critical, Paint::Critical),
        Status::InProgress => (g.doing, Paint::Doing),
        _ => (g.todo, Paint::Plain),
    }
}

struct Builder<'a> {
    plan: &'a Plan,
    g: &'a PlanGraph,
    s: &'a Schedule,
    glyphs: &'a Glyphs,
    keep: Vec<bool>,
    rows: Vec<Row>,
    undrawn: Vec<Undrawn>,
}

impl Builder<'_> {
    fn dates(&self, n: NodeRef) -> Result<(NaiveDate, NaiveDate), Unscheduled> {
        let t = self.s.times_of(self.g, n)?;
        match (self.s.start_date(&t), self.s.finish_date(&t)) {
            (Some(a), Some(b)) => Ok((a, b.max(a))),
            _ => Err(Unscheduled::NoDuration),
        }
    }

    /// Span of the kept, scheduled items under a group.
    fn group_span(&self, task: usize) -> Option<(NaiveDate, NaiveDate)> {
        let mut span: Option<(NaiveDate, NaiveDate)> = None;
        self.plan.for_each_item(task, |i| {
            if !self.keep[i] {
                return;
            }
            if let Ok((a, b)) = self.dates(NodeRef::Task(i)) {
                span = Some(match span {
                    Some((x, y)) => (x.min(a), y.max(b)),
                    None => (a, b),
                });
            }
        });
        span
    }

    fn has_kept(&self, task: usize) -> bool {
        let mut any = false;
        self.plan.for_each_item(task, |i| any |= self.keep[i]);
        any
    }

    fn task_rows(&mut self, task: usize, depth: usize) {
        if !self.has_kept(task) {
            return;
        }
        let t = &self.plan.tasks[task];
        let st = self.plan.status(task);
        let label = term(&self.plan.label(NodeRef::Task(task)));
        let glyph = Some(status_glyph(self.glyphs, st));
        if t.is_item() {
            match self.dates(NodeRef::Task(task)) {
                Ok((first, last)) => {
                    let critical = self
                        .s
                        .times_of(self.g, NodeRef::Task(task))
                        .is_ok_and(|x| x.critical);
                    let (fill, paint) = bar_style(self.glyphs, st, critical);
                    self.rows.push(Row {
                        indent: depth + 1,
                        glyph,
                        label,
                        label_paint: if critical && paint == Paint::Critical {
                            Paint::Critical
                        } else {
                            Paint::Plain
                        },
                        mark: Mark::Bar {
                            first,
                            last,
                            fill,
                            paint,
                        },
                        marks_through: true,
                    });
                }
                Err(why) => self.undrawn.push(Undrawn {
                    label: term(&self.plan.label(NodeRef::Task(task))),
                    reason: reason(why),
                }),
            }
            return;
        }
        if let Some((first, last)) = self.group_span(task) {
            self.rows.push(Row {
                indent: depth + 1,
                glyph,
                label,
                label_paint: Paint::Plain,
                mark: Mark::Bar {
                    first,
                    last,
                    fill: self.glyphs.group,
                    paint: Paint::Plain,
                },
                marks_through: true,
            });
        }
        for &c in &t.children {
            self.task_rows(c, depth + 1);
        }
    }
}

fn reason(u: Unscheduled) -> &'static str {
    match u {
        Unscheduled::NoDuration => "no duration",
        Unscheduled::AfterUnscheduled => "waits for an unscheduled task",
    }
}

/// Draw one plan.
pub fn render(v: &PlanView, s: &Schedule, filter: &Filter, opts: &Options) -> String {
    let (plan, file, g, today) = (v.plan, v.name, v.graph, v.as_of);
    let glyphs = if opts.ascii { &ASCII } else { &UNICODE };
    let width = opts.width.max(20) as usize;
    let dated = plan.start.is_some();
    let keep: Vec<bool> = (0..plan.tasks.len())
        .map(|i| plan.tasks[i].is_item() && filter.keeps(plan, i))
        .collect();
    let filtered = !filter.is_empty();
    let mut b = Builder {
        plan,
        g,
        s,
        glyphs,
        keep,
        rows: Vec::new(),
        undrawn: Vec::new(),
    };

    // Buckets with a date: their windows, nested ones indented.
    let mut bucket_rows = Vec::new();
    let mut boundaries: Vec<NaiveDate> = Vec::new();
    for (bi, bk) in plan.buckets.iter().enumerate() {
        let Some(first) = bk.first_day() else {
            continue;
        };
        // Without a plan start only relative dates have a place on the chart.
        if !dated
            && [&bk.start, &bk.end]
                .into_iter()
                .flatten()
                .any(|x| !x.expr.is_relative())
        {
            continue;
        }
        let depth = plan.bucket_depth(bi);
        if bk.within.is_none() {
            boundaries.push(first);
        }
        let name = term(&bk.name);
        bucket_rows.push((
            bi,
            Row {
                indent: depth + 1,
                glyph: None,
                label: name,
                label_paint: Paint::Faint,
                mark: Mark::Window {
                    first,
                    last: bk.last_day(),
                },
                marks_through: false,
            },
        ));
    }
    // With a bucket filter, only those buckets.
    if !filter.bucket.is_empty() {
        bucket_rows.retain(|(bi, _)| {
            filter.bucket.iter().any(|w| {
                plan.buckets
                    .iter()
                    .position(|x| x.id.eq_ignore_ascii_case(w))
                    .is_some_and(|wi| plan.bucket_within(*bi, wi))
            })
        });
    }

    // Streams, in order; a section only when it has something to show.
    for st in &plan.streams {
        let before = b.rows.len();
        for &t in &st.tasks {
            b.task_rows(t, 0);
        }
        if b.rows.len() > before {
            let name = term(&st.name);
            b.rows.insert(
                before,
                Row {
                    indent: 0,
                    glyph: None,
                    label: name,
                    label_paint: Paint::Bold,
                    mark: Mark::None,
                    marks_through: true,
                },
            );
        }
    }

    // Milestones: all of them, or under a filter those its kept items count toward.
    let mut ms_rows = Vec::new();
    for (mi, m) in plan.milestones.iter().enumerate() {
        if filtered && !plan.milestone_items(mi).into_iter().any(|i| b.keep[i]) {
            continue;
        }
        let n = NodeRef::Milestone(mi);
        // A milestone that waits for nothing is where the plan puts it.
        let free = g
            .graph
            .edges_directed(g.index[&n], petgraph::Direction::Incoming)
            .next()
            .is_none();
        let pinned = plan.milestone_planned(mi, dated).filter(|_| free);
        match b.dates(n).map(|(a, z)| match pinned {
            Some(p) => (p, p),
            None => (a, z),
        }) {
            Ok((_, at)) => {
                let critical = s.times_of(g, n).is_ok_and(|x| x.critical);
                ms_rows.push(Row {
                    indent: 1,
                    glyph: Some(
                        m.status
                            .as_ref()
                            .map(|x| status_glyph(glyphs, x.value))
                            .unwrap_or(' '),
                    ),
                    label: term(&plan.label(NodeRef::Milestone(mi))),
                    label_paint: if critical {
                        Paint::Critical
                    } else {
                        Paint::Plain
                    },
                    mark: Mark::Diamond {
                        at,
                        planned: plan.milestone_planned(mi, dated).filter(|p| *p != at),
                        paint: if critical {
                            Paint::Critical
                        } else {
                            Paint::Milestone
                        },
                    },
                    marks_through: true,
                });
            }
            Err(why) => b.undrawn.push(Undrawn {
                label: term(&plan.label(NodeRef::Milestone(mi))),
                reason: reason(why),
            }),
        }
    }
    if !ms_rows.is_empty() {
        b.rows.push(Row {
            indent: 0,
            glyph: None,
            label: "milestones".into(),
            label_paint: Paint::Bold,
            mark: Mark::None,
            marks_through: true,
        });
        b.rows.extend(ms_rows);
    }
    // Bucket windows first: even with nothing scheduled they are a picture
    // of the plan.
    let mut rows = Vec::new();
    if !bucket_rows.is_empty() {
        rows.push(Row {
            indent: 0,
            glyph: None,
            label: "buckets".into(),
            label_paint: Paint::Bold,
            mark: Mark::None,
            marks_through: false,
        });
        rows.extend(bucket_rows.into_iter().map(|(_, r)| r));
    }
    rows.append(&mut b.rows);
    let undrawn = b.undrawn;

    // The span: every bar and diamond; the bucket windows only when there
    // is nothing else (else they are cut at the chart's edges).
    let mut span: Option<(NaiveDate, NaiveDate)> = None;
    let mut widen = |a: NaiveDate, z: NaiveDate| {
        // A window written back to front (an error `check` reports) still
        // covers the days between its ends.
        let (a, z) = (a.min(z), a.max(z));
        span = Some(match span {
            Some((x, y)) => (x.min(a), y.max(z)),
            None => (a, z),
        });
    };
    let work = rows
        .iter()
        .any(|r| matches!(r.mark, Mark::Bar { .. } | Mark::Diamond { .. }));
    for r in &rows {
        match r.mark {
            Mark::Bar { first, last, .. } => widen(first, last),
            // An open-ended window gets a week to show that it goes on.
            Mark::Window { first, last } if !work => widen(
                first,
                last.unwrap_or(first.checked_add_days(Days::new(6)).unwrap_or(first)),
            ),
            Mark::Diamond { at, planned, .. } => {
                widen(at, at);
                if let Some(p) = planned {
                    widen(p, p);
                }
            }
            _ => {}
        }
    }

    let mut out = String::new();
    let today_text = if dated {
        format!("; today {}", today)
    } else {
        String::new()
    };
    let e = glyphs.ellipsis;
    let Some((first_day, last_day)) = span else {
        out.push_str(&truncate(
            &format!("{}  ({file})", term(&plan.title)),
            width,
            e,
        ));
        out.push('\n');
        out.push_str(&truncate(
            "nothing to draw: no task has a schedule and no bucket has a date",
            width,
            e,
        ));
        out.push('\n');
        undrawn_list(&mut out, &undrawn, width, e);
        return out;
    };

    // The status column only when some row has a status to show.
    let glyph_col = rows.iter().any(|r| r.glyph.is_some_and(|g| g != ' '));
    let mut legend_status: Vec<char> = rows
        .iter()
        .filter_map(|r| r.glyph)
        .filter(|g| *g != ' ')
        .collect();
    legend_status.sort();
    legend_status.dedup();
    for r in &mut rows {
        let glyph = match r.glyph {
            Some(g) if glyph_col => format!("{g} "),
            _ => String::new(),
        };
        r.label = format!("{}{glyph}{}", "  ".repeat(r.indent), r.label);
    }
    // Bucket windows wholly outside the chart are left out.
    if work {
        rows.retain(|r| match r.mark {
            Mark::Window { first, last } => {
                first <= last_day && last.is_none_or(|l| l >= first_day)
            }
            _ => true,
        });
        if rows
            .get(1)
            .is_some_and(|r| !matches!(r.mark, Mark::Window { .. }))
            && rows
                .first()
                .is_some_and(|r| matches!(r.mark, Mark::None) && !r.marks_through)
        {
            rows.remove(0);
        }
    }
    // Label column: as wide as the longest label, at most 3/8 of the width.
    let longest = rows.iter().map(|r| r.label.width()).max().unwrap_or(0);
    let label_w = longest.clamp(10, (width * 3 / 8).max(10));
    let chart_w = width.saturating_sub(label_w + 1).max(1);
    let axis = choose_axis(opts.scale, dated, plan.origin, first_day, last_day, chart_w);
    let n = axis.cols();

    // The heading drops the file name before it cuts anything.
    let title = term(&plan.title);
    let scale = axis.describe();
    let mut heading = format!("{title}  ({file}; {scale}{today_text})");
    if heading.width() > width {
        heading = format!("{title}  ({scale}{today_text})");
    }
    out.push_str(&truncate(&heading, width, e));
    out.push('\n');
    let (coarse, fine) = axis_lines(&axis);
    let pad = " ".repeat(label_w + 1);
    for l in [coarse, fine] {
        if l.is_empty() {
            continue;
        }
        out.push_str(format!("{pad}{l}").trim_end());
        out.push('\n');
    }

    let today_col = if dated { axis.col(today) } else { None };
    let boundary_cols: HashSet<usize> = boundaries
        .iter()
        .filter(|d| **d > axis.bounds[0])
        .filter_map(|d| axis.col(*d))
        .collect();

    let mut used: HashSet<char> = HashSet::new();
    for r in &rows {
        let mut cells: Vec<(char, Paint)> = vec![(' ', Paint::Plain); n];
        match r.mark {
            Mark::None => {}
            Mark::Bar {
                first,
                last,
                fill,
                paint,
            } => {
                if let Some((a, z)) = axis.span(first, last) {
                    for c in &mut cells[a..=z] {
                        *c = (fill, paint);
                    }
                }
            }
            Mark::Window { first, last } => {
                // Cut at the chart's edges: a cut end has no cap.
                let chart_end = axis.bounds[axis.shown].pred_opt().unwrap_or(last_day);
                let end = last.unwrap_or(chart_end).min(chart_end);
                if let Some((a, z)) = axis.span(first, end.max(first)) {
                    for c in &mut cells[a..=z] {
                        *c = (glyphs.window, Paint::Faint);
                    }
                    match last {
                        Some(l) if l <= last_day => cells[z] = (glyphs.window_end, Paint::Faint),
                        Some(_) => {}
                        None => cells[z] = (glyphs.open_end, Paint::Faint),
                    }
                    if first >= first_day {
                        cells[a] = (glyphs.window_start, Paint::Faint);
                    }
                }
            }
            Mark::Diamond { at, planned, paint } => {
                if let Some(p) = planned.and_then(|p| axis.col(p)) {
                    cells[p] = (glyphs.planned, Paint::Faint);
                }
                if let Some(c) = axis.col(at) {
                    cells[c] = (glyphs.milestone, paint);
                }
            }
        }
        if r.marks_through {
            for &c in &boundary_cols {
                if cells[c].0 == ' ' {
                    cells[c] = (glyphs.boundary, Paint::Faint);
                }
            }
        }
        // Today runs through everything but the section headings.
        if let Some(c) = today_col
            && (r.marks_through || !matches!(r.mark, Mark::None))
            && cells[c].0 == ' '
        {
            cells[c] = (glyphs.today, Paint::Today);
        }
        used.extend(cells.iter().map(|c| c.0));
        let label = truncate(&r.label, label_w, e);
        let label_pad = label_w - label.width();
        let mut line = String::new();
        line.push_str(&paint(&label, r.label_paint, opts.color));
        line.push_str(&" ".repeat(label_pad + 1));
        // Cells, grouped into runs of one paint.
        let mut i = 0;
        let chart: String;
        {
            let mut s = String::new();
            while i < cells.len() {
                let p = cells[i].1;
                let mut run = String::new();
                while i < cells.len() && cells[i].1 == p {
                    run.push(cells[i].0);
                    i += 1;
                }
                s.push_str(&paint(&run, p, opts.color));
            }
            chart = s;
        }
        line.push_str(&chart);
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if axis.shown < axis.bounds.len() - 1 {
        out.push_str(&truncate(
            &format!(
                "(cut at {}: the chart needs {} {} and there is room for {}; use a coarser --scale or a wider --width)",
                axis.bounds[axis.shown],
                axis.bounds.len() - 1,
                axis.scale.name(),
                axis.shown
            ),
            width,
            e,
        ));
        out.push('\n');
    }
    out.push('\n');
    let today_note = if !dated {
        None
    } else if today_col.is_some() && used.contains(&glyphs.today) {
        Some(format!("{} today {}", glyphs.today, today))
    } else if today_col.is_some() {
        Some(format!("today {}", today))
    } else if today < first_day {
        Some(format!("today {} is before the chart", today))
    } else {
        Some(format!("today {} is after the chart", today))
    };
    legend(&mut out, glyphs, &used, &legend_status, today_note, width);
    undrawn_list(&mut out, &undrawn, width, e);
    out
}

fn paint(s: &str, p: Paint, color: bool) -> String {
    if !color || p == Paint::Plain || s.trim().is_empty() {
        return s.to_string();
    }
    format!("{}{s}\u{1b}[0m", p.code())
}

/// What the chart's characters mean: only those it uses.
fn legend(
    out: &mut String,
    g: &Glyphs,
    used: &HashSet<char>,
    status: &[char],
    today: Option<String>,
    width: usize,
) {
    let mut items: Vec<String> = [
        (g.critical, "critical"),
        (g.todo, "to do"),
        (g.doing, "in progress"),
        (g.done, "done"),
        (g.cancelled, "cancelled"),
        (g.group, "group"),
        (g.milestone, "milestone"),
        (g.planned, "planned date"),
    ]
    .into_iter()
    .filter(|(c, _)| used.contains(c))
    .map(|(c, what)| format!("{c} {what}"))
    .collect();
    if used.contains(&g.window_start) {
        items.push(format!(
            "{}{}{} bucket",
            g.window_start, g.window, g.window_end
        ));
    }
    if used.contains(&g.boundary) {
        items.push(format!("{} bucket start", g.boundary));
    }
    items.extend(today);
    let names = [
        (g.st_done, "done"),
        (g.st_doing, "in progress"),
        (g.st_blocked, "blocked"),
        (g.st_cancelled, "cancelled"),
    ];
    let st: Vec<String> = names
        .iter()
        .filter(|(c, _)| status.contains(c))
        .map(|(c, what)| format!("{c} {what}"))
        .collect();
    if !st.is_empty() {
        items.push(format!("(status: {})", st.join(", ")));
    }
    let mut line = String::new();
    for it in items {
        let sep = if line.is_empty() { "" } else { "  " };
        if !line.is_empty() && line.width() + sep.len() + it.width() > width {
            out.push_str(&line);
            out.push('\n');
            line.clear();
            line.push_str(&truncate(&it, width, g.ellipsis));
        } else {
            line.push_str(sep);
            line.push_str(&it);
        }
    }
    if !line.is_empty() {
        out.push_str(&truncate(&line, width, g.ellipsis));
        out.push('\n');
    }
}

/// The items and milestones not drawn, at most 20 of them.
fn undrawn_list(out: &mut String, undrawn: &[Undrawn], width: usize, e: &str) {
    if undrawn.is_empty() {
        return;
    }
    out.push_str(&truncate(
        &format!(
            "\nnot drawn: {} with no schedule (never guessed):",
            undrawn.len()
        ),
        width,
        e,
    ));
    out.push('\n');
    for u in undrawn.iter().take(20) {
        let line = format!("  {} ({})", u.label, u.reason);
        out.push_str(&truncate(&line, width, e));
        out.push('\n');
    }
    if undrawn.len() > 20 {
        out.push_str(&format!("  ... and {} more\n", undrawn.len() - 20));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncate_respects_display_width() {
        assert_eq!(truncate("abcdef", 4, "…"), "abc…");
        assert_eq!(truncate("abc", 4, "…"), "abc");
        assert_eq!(truncate("日本語テキスト", 5, "…"), "日本…");
        assert_eq!(truncate("abcdef", 4, "..."), "a...");
    }
}
