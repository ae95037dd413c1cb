//! Uncertain lengths for forecasts (docs/forecast.md): a task's `estimate`
//! (a range `2w..5w`, or three points `2w..3w..6w`: optimistic, most likely,
//! pessimistic), a `distribution` (triangular, the default, or PERT), and a
//! plan's or stream's default `uncertainty` (`-10%..+30%`) for tasks that
//! have only a `duration`. A task without any of these keeps its length in
//! every trial (the forecast report's `spread_of` reads these).

use crate::plan::span::{Span, parse_span};

/// The shape of the spread between the optimistic and pessimistic lengths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Distribution {
    /// Triangular over `min..max` peaking at the most likely length (the
    /// default: its quantiles are exact in closed form).
    #[default]
    Triangular,
    /// PERT (a Beta over `min..max`, mean `(min + 4 × likely + max) / 6`):
    /// more weight near the most likely length, thinner tails.
    Pert,
}

impl Distribution {
    /// The names as written.
    pub const NAMES: [&'static str; 2] = ["triangular", "pert"];

    /// The distribution named `s` (case-insensitive).
    pub fn parse(s: &str) -> Option<Distribution> {
        match s.trim().to_ascii_lowercase().as_str() {
            "triangular" => Some(Distribution::Triangular),
            "pert" => Some(Distribution::Pert),
            _ => None,
        }
    }

    /// The name as written.
    pub fn as_str(self) -> &'static str {
        match self {
            Distribution::Triangular => "triangular",
            Distribution::Pert => "pert",
        }
    }
}

/// A task's `estimate` as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Estimate {
    /// The optimistic (shortest) length.
    pub min: Span,
    /// The most likely length, for three points; `None` for a range.
    pub likely: Option<Span>,
    /// The pessimistic (longest) length.
    pub max: Span,
}

/// Why an estimate or uncertainty cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EstimateError {
    /// It cannot be read (`invalid-duration`).
    Syntax(String),
    /// Its points are out of order (`estimate-order`).
    Order(String),
}

const FORMS: &str =
    "write a range `2w..5w` or three points `2w..3w..6w` (optimistic..likely..pessimistic)";

/// Parse `2w..5w` or `2w..3w..6w`: every point in the same unit kind
/// (working or calendar time), in order.
pub fn parse_estimate(s: &str) -> Result<Estimate, EstimateError> {
    let t = s.trim();
    let parts: Vec<&str> = t.split("..").map(str::trim).collect();
    if !(2..=3).contains(&parts.len()) {
        return Err(EstimateError::Syntax(format!(
            "`{t}` is not an estimate: {FORMS}"
        )));
    }
    let mut spans = Vec::with_capacity(3);
    for p in &parts {
        spans.push(parse_span(p).map_err(|e| EstimateError::Syntax(format!("{e} ({FORMS})")))?);
    }
    let calendar = |s: &Span| matches!(s, Span::Calendar(_));
    if spans.iter().any(calendar) && !spans.iter().all(calendar) {
        return Err(EstimateError::Syntax(format!(
            "`{t}` mixes working and calendar time: write every point in one kind"
        )));
    }
    let (min, likely, max) = match spans[..] {
        [a, b] => (a, None, b),
        [a, b, c] => (a, Some(b), c),
        _ => unreachable!("two or three parts"),
    };
    if value(min) > value(max) {
        return Err(EstimateError::Order(format!(
            "`{t}`: the optimistic length `{}` is longer than the pessimistic `{}`",
            parts[0],
            parts[parts.len() - 1]
        )));
    }
    if let Some(l) = likely
        && !(value(min)..=value(max)).contains(&value(l))
    {
        return Err(EstimateError::Order(format!(
            "`{t}`: the most likely length `{}` is outside `{}..{}`",
            parts[1], parts[0], parts[2]
        )));
    }
    Ok(Estimate { min, likely, max })
}

/// A length as the duration syntax writes it: `2.5d`, `10cd`.
pub fn span_text(s: Span) -> String {
    match s {
        Span::Work(t) => {
            let whole = t.div_euclid(crate::plan::span::TICKS_PER_DAY);
            let frac = t.rem_euclid(crate::plan::span::TICKS_PER_DAY);
            if frac == 0 {
                format!("{whole}d")
            } else {
                format!("{whole}.{}d", format!("{frac:02}").trim_end_matches('0'))
            }
        }
        Span::Calendar(d) => format!("{d}cd"),
    }
}

impl std::fmt::Display for Estimate {
    /// `2d..5d` or `2d..3d..6d`, in days.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.likely {
            Some(l) => write!(
                f,
                "{}..{}..{}",
                span_text(self.min),
                span_text(l),
                span_text(self.max)
            ),
            None => write!(f, "{}..{}", span_text(self.min), span_text(self.max)),
        }
    }
}

/// A default spread for tasks that have only a `duration`: percentages of
/// the duration, `low` at most 0 (and above −100), `high` at least 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Uncertainty {
    /// How much shorter the optimistic length is, in percent (`-10`).
    pub low: i64,
    /// How much longer the pessimistic length is, in percent (`30`).
    pub high: i64,
}

/// Parse `-10%..+30%` (the signs and `%` may be left out: `10..30`).
pub fn parse_uncertainty(s: &str) -> Result<Uncertainty, EstimateError> {
    let t = s.trim();
    let bad = || {
        EstimateError::Syntax(format!(
            "`{t}` is not an uncertainty: write `-10%..+30%` (shorter by at most 10%, longer by at most 30%)"
        ))
    };
    let (a, b) = t.split_once("..").ok_or_else(bad)?;
    let pct = |x: &str| -> Result<(i64, bool), EstimateError> {
        let x = x.trim().trim_end_matches('%').trim();
        let (sign, digits) = match x.as_bytes().first() {
            Some(b'-') => (Some(-1), &x[1..]),
            Some(b'+') => (Some(1), &x[1..]),
            _ => (None, x),
        };
        if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        let v: i64 = digits.parse().map_err(|_| bad())?;
        Ok((sign.unwrap_or(1) * v, sign.is_some()))
    };
    let ((low, low_signed), (high, _)) = (pct(a)?, pct(b)?);
    // `10..30` means 10% shorter to 30% longer.
    let low = if low_signed { low } else { -low };
    if low > 0 || low <= -100 {
        return Err(EstimateError::Order(format!(
            "`{t}`: the low side `{}` must be between -99% and 0%",
            a.trim()
        )));
    }
    if high < 0 {
        return Err(EstimateError::Order(format!(
            "`{t}`: the high side `{}` must be 0% or more",
            b.trim()
        )));
    }
    Ok(Uncertainty { low, high })
}

/// The scalar of a length: ticks or calendar days.
pub(crate) fn value(s: Span) -> i64 {
    match s {
        Span::Work(t) | Span::Calendar(t) => t,
    }
}

pub(crate) fn with_value(kind: Span, v: i64) -> Span {
    match kind {
        Span::Work(_) => Span::Work(v),
        Span::Calendar(_) => Span::Calendar(v),
    }
}

impl Estimate {
    /// The length the deterministic schedule uses when no `duration` is
    /// written: the most likely one, else the middle of the range (rounded
    /// up to a tick, or a whole calendar day).
    pub fn nominal(&self) -> Span {
        self.likely.unwrap_or_else(|| {
            let (a, b) = (value(self.min), value(self.max));
            with_value(self.min, a + (b - a + 1) / 2)
        })
    }

    /// Whether `d` lies in the range (same unit kind, `min <= d <= max`).
    pub fn contains(&self, d: Span) -> bool {
        std::mem::discriminant(&d) == std::mem::discriminant(&self.min)
            && (value(self.min)..=value(self.max)).contains(&value(d))
    }
}

/// What one trial samples a task's length from: `min <= mode <= max`, in
/// ticks (working time) or whole calendar days.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// Shortest.
    pub min: Span,
    /// Most likely.
    pub mode: Span,
    /// Longest.
    pub max: Span,
    /// Its shape.
    pub dist: Distribution,
}

impl Spread {
    /// Whether every trial gives the same length.
    pub fn is_fixed(&self) -> bool {
        value(self.min) == value(self.max)
    }

    /// PERT's Beta shape parameters (α, β): `1 + 4 (mode − min) / (max − min)`
    /// and `1 + 4 (max − mode) / (max − min)`.
    pub fn pert_shape(&self) -> (f64, f64) {
        let (a, c, b) = (
            value(self.min) as f64,
            value(self.mode) as f64,
            value(self.max) as f64,
        );
        let r = if b > a { (c - a) / (b - a) } else { 0.5 };
        (1.0 + 4.0 * r, 1.0 + 4.0 * (1.0 - r))
    }

    /// The triangular length at `u` in `[0, 1]` (the inverse of its
    /// distribution function: only `sqrt`, which IEEE 754 rounds exactly, so
    /// the same on every platform), rounded to a tick or a calendar day.
    pub fn triangular_at(&self, u: f64) -> Span {
        let (a, c, b) = (
            value(self.min) as f64,
            value(self.mode) as f64,
            value(self.max) as f64,
        );
        with_value(self.min, triangular_quantile(a, c, b, u).round() as i64)
    }

    /// A length from the fraction `x` in `[0, 1]` of the way from min to max.
    pub fn from_fraction(&self, x: f64) -> Span {
        let (a, b) = (value(self.min) as f64, value(self.max) as f64);
        with_value(self.min, (a + x * (b - a)).round() as i64)
    }
}

/// The inverse of the triangular distribution function over `a..b` with
/// mode `c`, at `u` in `[0, 1]`.
pub fn triangular_quantile(a: f64, c: f64, b: f64, u: f64) -> f64 {
    if b <= a {
        return a;
    }
    let fc = (c - a) / (b - a);
    if u < fc {
        a + (u * (b - a) * (c - a)).sqrt()
    } else {
        b - ((1.0 - u) * (b - a) * (b - c)).sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates() {
        let e = parse_estimate("2w..5w").unwrap();
        assert_eq!(
            (e.min, e.likely, e.max),
            (Span::Work(1000), None, Span::Work(2500))
        );
        assert_eq!(e.nominal(), Span::Work(1750));
        let e = parse_estimate(" 2d .. 3d..6d ").unwrap();
        assert_eq!(e.likely, Some(Span::Work(300)));
        assert_eq!(e.nominal(), Span::Work(300));
        assert!(e.contains(Span::Work(600)) && !e.contains(Span::Work(601)));
        assert!(!e.contains(Span::Calendar(3)));
        assert!(matches!(
            parse_estimate("5w..2w"),
            Err(EstimateError::Order(_))
        ));
        assert!(matches!(
            parse_estimate("2d..7d..6d"),
            Err(EstimateError::Order(_))
        ));
        assert!(matches!(
            parse_estimate("2d"),
            Err(EstimateError::Syntax(_))
        ));
        assert!(matches!(
            parse_estimate("2d..x"),
            Err(EstimateError::Syntax(_))
        ));
        assert!(matches!(
            parse_estimate("2d..10cd"),
            Err(EstimateError::Syntax(_))
        ));
        assert!(matches!(
            parse_estimate("1d..2d..3d..4d"),
            Err(EstimateError::Syntax(_))
        ));
        assert_eq!(
            parse_estimate("3cd..9cd").unwrap().nominal(),
            Span::Calendar(6)
        );
        assert_eq!(
            parse_estimate("1w..0.5w..6.25w").map(|e| e.to_string()),
            Err(EstimateError::Order(
                "`1w..0.5w..6.25w`: the most likely length `0.5w` is outside `1w..6.25w`".into()
            ))
        );
        assert_eq!(
            parse_estimate("0.5d..1.25d..2w").unwrap().to_string(),
            "0.5d..1.25d..10d"
        );
        assert_eq!(parse_estimate("3cd..9cd").unwrap().to_string(), "3cd..9cd");
    }

    #[test]
    fn uncertainties() {
        assert_eq!(
            parse_uncertainty("-10%..+30%"),
            Ok(Uncertainty { low: -10, high: 30 })
        );
        assert_eq!(
            parse_uncertainty("10..30"),
            Ok(Uncertainty { low: -10, high: 30 })
        );
        assert!(matches!(
            parse_uncertainty("+10%..+30%"),
            Err(EstimateError::Order(_))
        ));
        assert!(matches!(
            parse_uncertainty("-100%..+30%"),
            Err(EstimateError::Order(_))
        ));
        assert!(matches!(
            parse_uncertainty("-10%..-5%"),
            Err(EstimateError::Order(_))
        ));
        assert!(matches!(
            parse_uncertainty("lots"),
            Err(EstimateError::Syntax(_))
        ));
    }

    #[test]
    fn triangular_quantiles() {
        // The median of triangular(0, 0, 1) is 1 − √½.
        let m = triangular_quantile(0.0, 0.0, 1.0, 0.5);
        assert!((m - (1.0 - 0.5f64.sqrt())).abs() < 1e-12);
        assert_eq!(triangular_quantile(2.0, 3.0, 6.0, 0.0), 2.0);
        assert_eq!(triangular_quantile(2.0, 3.0, 6.0, 1.0), 6.0);
        // At the mode's share of the area, the mode.
        assert!((triangular_quantile(2.0, 3.0, 6.0, 0.25) - 3.0).abs() < 1e-12);
    }
}
