//! Lengths of time finer than the working day, and dependencies with a type
//! and a lag (docs/scheduling.md).
//!
//! The scheduler counts time in *ticks*: [`TICKS_PER_DAY`] ticks make one
//! working day, so `0.5d` is 50 ticks. Non-working days take no ticks at all:
//! the end of Friday and the start of Monday are the same tick. A length is
//! either working time (ticks) or calendar time (whole calendar days, `10cd`),
//! which the scheduler lays on the calendar where the task falls.

/// Ticks in one working day: lengths may be written to 1/100 of a day.
pub const TICKS_PER_DAY: i64 = 100;

/// A length of time as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Span {
    /// Working time, in ticks (may be negative for a lead).
    Work(i64),
    /// Calendar days, weekends and holidays included (may be negative).
    Calendar(i64),
}

impl Span {
    /// No time: zero working ticks.
    pub const ZERO: Span = Span::Work(0);

    /// Whether it is zero length (zero ticks or zero calendar days).
    pub fn is_zero(self) -> bool {
        matches!(self, Span::Work(0) | Span::Calendar(0))
    }

    /// Whole working days, rounded up; calendar days count five to seven.
    pub fn approx_days(self) -> i64 {
        match self {
            Span::Work(t) => {
                t.div_euclid(TICKS_PER_DAY) + i64::from(t.rem_euclid(TICKS_PER_DAY) > 0)
            }
            Span::Calendar(d) => (d * 5 + 6).div_euclid(7),
        }
    }

    /// The length scaled by `percent` (0..=100), rounded up.
    pub fn percent(self, percent: i64) -> Span {
        let scale = |v: i64| (v * percent + 99).div_euclid(100);
        match self {
            Span::Work(t) => Span::Work(scale(t)),
            Span::Calendar(d) => Span::Calendar(scale(d)),
        }
    }

    /// The same length with its sign flipped (a lag becomes a lead).
    pub fn negate(self) -> Span {
        match self {
            Span::Work(t) => Span::Work(-t),
            Span::Calendar(d) => Span::Calendar(-d),
        }
    }
}

/// Longest length accepted, in days (about 190 years of work).
const MAX_DAYS: i64 = crate::plan::time::MAX_DURATION_DAYS as i64;

/// Parse a length: `3d`, `0.5d`, `1.5 days`, `2w`, `2 weeks`, `3` (working
/// time), or `10cd`, `10 calendar days`, `2cw`, `2 calendar weeks` (calendar
/// time). No sign: see [`parse_lag`].
pub fn parse_span(s: &str) -> Result<Span, String> {
    let t = s.trim();
    let bad = || {
        format!(
            "`{t}` is not a duration: use 3d, 0.5d, 2w, \"3 days\", \"2 weeks\", or calendar days: 10cd, \"10 calendar days\""
        )
    };
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let (whole, frac) = match num.split_once('.') {
        Some((w, f)) => (w, f),
        None => (num, ""),
    };
    if whole.is_empty() || whole.len() > 12 || frac.len() > 2 || frac.contains('.') {
        return Err(if frac.len() > 2 && !frac.contains('.') {
            format!("`{t}`: a duration is counted to a hundredth of a day at most")
        } else {
            bad()
        });
    }
    if !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let w: i64 = whole.parse().map_err(|_| bad())?;
    let f: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<2}").parse().map_err(|_| bad())?
    };
    // Hundredths of the unit.
    let hundredths = w
        .checked_mul(100)
        .and_then(|v| v.checked_add(f))
        .ok_or_else(bad)?;
    // Lower case, one space between words; most units are written so.
    let unit = unit.trim();
    let spelled;
    let unit = if unit.bytes().all(|b| b.is_ascii_lowercase()) {
        unit
    } else {
        spelled = unit
            .to_ascii_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        spelled.as_str()
    };
    let (calendar, per) = match unit {
        "" | "d" | "day" | "days" => (false, 1),
        "w" | "wk" | "wks" | "week" | "weeks" => (false, crate::plan::time::DAYS_PER_WEEK as i64),
        "cd" | "calendar day" | "calendar days" => (true, 1),
        "cw" | "calendar week" | "calendar weeks" => (true, 7),
        _ => return Err(bad()),
    };
    let too_long = || format!("`{t}` is too long: at most {MAX_DAYS} days");
    let h = hundredths.checked_mul(per).ok_or_else(too_long)?;
    if h > MAX_DAYS * 100 {
        return Err(too_long());
    }
    if calendar {
        if h % 100 != 0 {
            return Err(format!("`{t}`: calendar days are whole days"));
        }
        Ok(Span::Calendar(h / 100))
    } else {
        Ok(Span::Work(h * TICKS_PER_DAY / 100))
    }
}

/// A lag with its sign: `+2w`, `-3d`, `+10cd`.
pub fn parse_lag(s: &str) -> Result<Span, String> {
    let t = s.trim();
    let (neg, rest) = match t.as_bytes().first() {
        Some(b'+') => (false, &t[1..]),
        Some(b'-') => (true, &t[1..]),
        _ => return Err(format!("`{t}`: a lag starts with + (after) or - (lead)")),
    };
    let span = parse_span(rest)?;
    Ok(if neg { span.negate() } else { span })
}

/// How a dependency links two tasks: which end of the predecessor constrains
/// which end of the successor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DepType {
    /// Finish-to-start: starts after the predecessor finishes (the default).
    #[default]
    Fs,
    /// Start-to-start: starts no earlier than the predecessor starts.
    Ss,
    /// Finish-to-finish: finishes no earlier than the predecessor finishes.
    Ff,
    /// Start-to-finish: finishes no earlier than the predecessor starts.
    Sf,
}

impl DepType {
    /// The type as written (`fs`, `ss`, `ff`, `sf`).
    pub fn as_str(self) -> &'static str {
        match self {
            DepType::Fs => "fs",
            DepType::Ss => "ss",
            DepType::Ff => "ff",
            DepType::Sf => "sf",
        }
    }

    fn parse(s: &str) -> Option<DepType> {
        match s.to_ascii_lowercase().as_str() {
            "fs" => Some(DepType::Fs),
            "ss" => Some(DepType::Ss),
            "ff" => Some(DepType::Ff),
            "sf" => Some(DepType::Sf),
            _ => None,
        }
    }

    /// Is the predecessor's start (rather than its finish) the anchor?
    pub fn from_start(self) -> bool {
        matches!(self, DepType::Ss | DepType::Sf)
    }

    /// Is the successor's finish (rather than its start) constrained?
    pub fn to_finish(self) -> bool {
        matches!(self, DepType::Ff | DepType::Sf)
    }
}

/// A dependency as written in `after` or `before`: `api`, `api +2w`,
/// `"db -3d"`, `api ss`, `api ss+2d`, `api ff -1d`, `api +10cd`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepText {
    /// The id depended on, as written.
    pub id: String,
    /// The dependency type (finish-to-start unless written).
    pub kind: DepType,
    /// Lag (positive) or lead (negative), in working ticks or calendar days.
    pub lag: Span,
}

/// Split a dependency into its id, type and lag. `is_id` says whether a text
/// is a known id: a whole entry that is an id is taken as one, so ids that
/// end like a lag (`build-2d`) still work.
pub fn parse_dep(s: &str, is_id: impl Fn(&str) -> bool) -> Result<DepText, String> {
    let t = s.trim();
    let plain = DepText {
        id: t.to_string(),
        kind: DepType::Fs,
        lag: Span::ZERO,
    };
    if is_id(t) {
        return Ok(plain);
    }
    // The lag: from the last + or - that starts a valid length to the end.
    let mut rest = t;
    let mut lag = Span::ZERO;
    if let Some(pos) = t.rfind(['+', '-'])
        && pos > 0
        && let Ok(l) = parse_lag(&t[pos..].replace(' ', ""))
    {
        lag = l;
        rest = t[..pos].trim_end();
    }
    // The type: a last word fs, ss, ff or sf, after a space.
    let mut kind = DepType::Fs;
    if let Some((head, word)) = rest.rsplit_once(char::is_whitespace)
        && let Some(k) = DepType::parse(word)
    {
        kind = k;
        rest = head.trim_end();
    }
    if rest == t {
        return Ok(plain);
    }
    Ok(DepText {
        id: rest.to_string(),
        kind,
        lag,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans() {
        assert_eq!(parse_span("3d"), Ok(Span::Work(300)));
        assert_eq!(parse_span("0.5d"), Ok(Span::Work(50)));
        assert_eq!(parse_span("1.25 days"), Ok(Span::Work(125)));
        assert_eq!(parse_span("2w"), Ok(Span::Work(1000)));
        assert_eq!(parse_span("7"), Ok(Span::Work(700)));
        assert_eq!(parse_span("10cd"), Ok(Span::Calendar(10)));
        assert_eq!(parse_span("10 calendar days"), Ok(Span::Calendar(10)));
        assert_eq!(parse_span("2 calendar weeks"), Ok(Span::Calendar(14)));
        assert!(parse_span("0.125d").is_err());
        assert!(parse_span("1.5cd").is_err());
        assert!(parse_span("-3d").is_err());
        assert!(parse_span("99999 weeks").is_err());
        assert!(parse_span("3 fortnights").is_err());
        assert!(parse_span(".5d").is_err());
    }

    #[test]
    fn deps() {
        let ids = ["api", "db", "build-2d", "1.3"];
        let known = |s: &str| ids.contains(&s);
        let p = |s| parse_dep(s, known).unwrap();
        assert_eq!(p("api").lag, Span::ZERO);
        assert_eq!(p("api+2w").lag, Span::Work(1000));
        assert_eq!(p("api+2w").id, "api");
        assert_eq!(p("db -3d").lag, Span::Work(-300));
        assert_eq!(p("build-2d").id, "build-2d");
        assert_eq!(p("api ss").kind, DepType::Ss);
        let d = p("api ff -1d");
        assert_eq!(
            (d.id.as_str(), d.kind, d.lag),
            ("api", DepType::Ff, Span::Work(-100))
        );
        let d = p("1.3 SS+0.5d");
        assert_eq!(
            (d.id.as_str(), d.kind, d.lag),
            ("1.3", DepType::Ss, Span::Work(50))
        );
        assert_eq!(p("api +10cd").lag, Span::Calendar(10));
        // Not a lag: the whole text is looked up (and reported unknown).
        assert_eq!(p("nope").id, "nope");
    }
}
