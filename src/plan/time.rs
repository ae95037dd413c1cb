//! Durations, date expressions and the working-day calendar.
//!
//! A date expression names a *period* (a day, a week, a month, a quarter, a
//! year, or a week or month counted from the plan start). `start` takes its
//! first day and `end` its last; the period's granularity lets `check` treat a
//! start in the same week that a week-granular dependency ends as a hand-off.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::BTreeSet;

/// Longest duration accepted, in working days (about 190 years of work).
pub const MAX_DURATION_DAYS: u32 = 50_000;
/// Highest relative week accepted (`W10000`, about 190 years).
pub const MAX_REL_WEEK: u32 = 10_000;
/// Years accepted in dates.
pub const YEARS: std::ops::RangeInclusive<i32> = 1000..=9999;

/// Working days in a week when a duration is written in weeks.
pub const DAYS_PER_WEEK: u32 = 5;

/// How fine a date expression is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    /// A single day (`2026-03-15`).
    Day,
    /// A week: ISO (`2026-W07`) or plan week (`W7`, `M4-W2`).
    Week,
    /// A month: calendar (`2026-03`) or plan month of four weeks (`M4`).
    Month,
    /// A calendar quarter (`2026-Q2`).
    Quarter,
    /// A calendar year (`2026`).
    Year,
}

/// A parsed date expression, before it is placed on the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateExpr {
    /// An absolute period: first and last calendar day.
    Absolute {
        /// First calendar day (inclusive).
        first: NaiveDate,
        /// Last calendar day (inclusive).
        last: NaiveDate,
        /// How fine the expression is.
        granularity: Granularity,
    },
    /// Plan weeks `first_week..=last_week` (1-based), counted from the plan start.
    Relative {
        /// First plan week (1-based, inclusive).
        first_week: u32,
        /// Last plan week (1-based, inclusive).
        last_week: u32,
        /// How fine the expression is.
        granularity: Granularity,
    },
}

/// A period on the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First calendar day (inclusive).
    pub first: NaiveDate,
    /// Last calendar day (inclusive).
    pub last: NaiveDate,
    /// How fine the expression that named it is.
    pub granularity: Granularity,
}

/// Where relative dates count from when the plan has no `start`: a Monday,
/// so plans without a start still order and compare their relative dates.
pub fn notional_origin() -> NaiveDate {
    NaiveDate::from_ymd_opt(2001, 1, 1).expect("valid constant date")
}

impl DateExpr {
    /// The calendar period, with plan weeks counted from `origin` (the plan start);
    /// None if a date overflows.
    pub fn period(&self, origin: NaiveDate) -> Option<Period> {
        match *self {
            DateExpr::Absolute {
                first,
                last,
                granularity,
            } => Some(Period {
                first,
                last,
                granularity,
            }),
            DateExpr::Relative {
                first_week,
                last_week,
                granularity,
            } => {
                let first = origin.checked_add_days(Days::new(7 * (first_week as u64 - 1)))?;
                let last = origin.checked_add_days(Days::new(7 * last_week as u64 - 1))?;
                Some(Period {
                    first,
                    last,
                    granularity,
                })
            }
        }
    }

    /// Whether it counts from the plan start (`W7`, `M4`, `M4-W2`).
    pub fn is_relative(&self) -> bool {
        matches!(self, DateExpr::Relative { .. })
    }
}

/// Parse a date expression; the error says what forms are accepted.
pub fn parse_date_expr(s: &str) -> Result<DateExpr, String> {
    let t = s.trim();
    let bad = || {
        format!(
            "`{t}` is not a date: use 2026-03-15, 2026-W07, 2026-03, 2026-Q2, 2026, \
             or a week or month from the plan start: W7, M4, M4-W2"
        )
    };
    let upper = t.to_ascii_uppercase();
    // Relative forms: W7, M4, M4-W2.
    if let Some(rest) = upper.strip_prefix('M') {
        let (m, w) = match rest.split_once("-W") {
            Some((m, w)) => (m, Some(w)),
            None => (rest, None),
        };
        let m: u32 = parse_num(m).ok_or_else(bad)?;
        if m == 0 {
            return Err(format!("`{t}`: plan months count from M1"));
        }
        let base = (m - 1)
            .checked_mul(4)
            .filter(|b| *b < MAX_REL_WEEK)
            .ok_or_else(|| format!("`{t}` is too far from the plan start"))?;
        return match w {
            None => Ok(DateExpr::Relative {
                first_week: base + 1,
                last_week: base + 4,
                granularity: Granularity::Month,
            }),
            Some(w) => {
                let w: u32 = parse_num(w).ok_or_else(bad)?;
                if !(1..=4).contains(&w) {
                    return Err(format!(
                        "`{t}`: a plan month has weeks W1 to W4 (a plan month is four weeks)"
                    ));
                }
                Ok(DateExpr::Relative {
                    first_week: base + w,
                    last_week: base + w,
                    granularity: Granularity::Week,
                })
            }
        };
    }
    if let Some(rest) = upper.strip_prefix('W') {
        let w: u32 = parse_num(rest).ok_or_else(bad)?;
        if w == 0 {
            return Err(format!("`{t}`: plan weeks count from W1"));
        }
        if w > MAX_REL_WEEK {
            return Err(format!("`{t}` is too far from the plan start"));
        }
        return Ok(DateExpr::Relative {
            first_week: w,
            last_week: w,
            granularity: Granularity::Week,
        });
    }
    // Absolute forms all start with a four-digit year.
    let (year, rest) = match upper.split_once('-') {
        Some((y, r)) => (y, Some(r)),
        None => (upper.as_str(), None),
    };
    if year.len() != 4 {
        return Err(bad());
    }
    let year: i32 = parse_num(year).ok_or_else(bad)? as i32;
    if !YEARS.contains(&year) {
        return Err(format!(
            "`{t}`: the year must be between {} and {}",
            YEARS.start(),
            YEARS.end()
        ));
    }
    let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    let month_end = |y: i32, m: u32| {
        let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        ymd(ny, nm, 1).and_then(|d| d.pred_opt())
    };
    let abs = |first: Option<NaiveDate>, last: Option<NaiveDate>, granularity| match (first, last) {
        (Some(first), Some(last)) => Ok(DateExpr::Absolute {
            first,
            last,
            granularity,
        }),
        _ => Err(bad()),
    };
    match rest {
        None => abs(ymd(year, 1, 1), ymd(year, 12, 31), Granularity::Year),
        Some(r) if r.starts_with('Q') => {
            let q = parse_num(&r[1..]).filter(|q| (1..=4).contains(q));
            let q = q.ok_or_else(|| format!("`{t}`: a quarter is Q1 to Q4"))?;
            let m = (q - 1) * 3 + 1;
            abs(
                ymd(year, m, 1),
                month_end(year, m + 2),
                Granularity::Quarter,
            )
        }
        Some(r) if r.starts_with('W') => {
            let w = parse_num(&r[1..]).ok_or_else(bad)?;
            let first = NaiveDate::from_isoywd_opt(year, w, Weekday::Mon)
                .ok_or_else(|| format!("`{t}`: {year} has no ISO week {w}"))?;
            abs(
                Some(first),
                first.checked_add_days(Days::new(6)),
                Granularity::Week,
            )
        }
        Some(r) => match r.split_once('-') {
            None => {
                let m = parse_num(r).ok_or_else(bad)?;
                if !(1..=12).contains(&m) {
                    return Err(format!("`{t}`: a month is 01 to 12"));
                }
                abs(ymd(year, m, 1), month_end(year, m), Granularity::Month)
            }
            Some((m, d)) => {
                let (m, d) = (parse_num(m).ok_or_else(bad)?, parse_num(d).ok_or_else(bad)?);
                let day =
                    ymd(year, m, d).ok_or_else(|| format!("`{t}` is not a day of the calendar"))?;
                abs(Some(day), Some(day), Granularity::Day)
            }
        },
    }
}

/// A run of ASCII digits as a number (no sign, no spaces, at most 9 digits).
fn parse_num(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parse a duration into working days: `3d`, `3 days`, `1 day`, `2w`, `2 weeks`, `3`.
pub fn parse_duration(s: &str) -> Result<u32, String> {
    let t = s.trim();
    let bad = || format!("`{t}` is not a duration: use 3d, 2w, \"3 days\" or \"2 weeks\"");
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = if num.is_empty() || num.len() > 12 {
        return Err(bad());
    } else {
        num.parse().map_err(|_| bad())?
    };
    let per = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "d" | "day" | "days" => 1,
        "w" | "wk" | "wks" | "week" | "weeks" => DAYS_PER_WEEK as u64,
        _ => return Err(bad()),
    };
    let days = n * per;
    if days > MAX_DURATION_DAYS as u64 {
        return Err(format!(
            "`{t}` is too long: at most {MAX_DURATION_DAYS} working days"
        ));
    }
    Ok(days as u32)
}

/// Show a working-day count the way people write it.
pub fn format_days(days: u32) -> String {
    if days > 0 && days.is_multiple_of(DAYS_PER_WEEK) {
        let w = days / DAYS_PER_WEEK;
        format!("{w} week{}", if w == 1 { "" } else { "s" })
    } else {
        format!("{days} day{}", if days == 1 { "" } else { "s" })
    }
}

/// Work days and holidays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// Indexed by `Weekday::num_days_from_monday`.
    pub workdays: [bool; 7],
    /// Days off (`holidays`), even when they fall on a working weekday.
    pub holidays: BTreeSet<NaiveDate>,
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar {
            workdays: [true, true, true, true, true, false, false],
            holidays: BTreeSet::new(),
        }
    }
}

/// The weekday written as `mon`..`sun` or in full (`monday`), any case; None otherwise.
pub fn parse_weekday(s: &str) -> Option<Weekday> {
    match s.trim().to_ascii_lowercase().as_str() {
        "mon" | "monday" => Some(Weekday::Mon),
        "tue" | "tuesday" => Some(Weekday::Tue),
        "wed" | "wednesday" => Some(Weekday::Wed),
        "thu" | "thursday" => Some(Weekday::Thu),
        "fri" | "friday" => Some(Weekday::Fri),
        "sat" | "saturday" => Some(Weekday::Sat),
        "sun" | "sunday" => Some(Weekday::Sun),
        _ => None,
    }
}

impl Calendar {
    /// Working days from `from` to `to`, `from` itself not counted: how late
    /// `to` is against `from` (negative when it is earlier, 0 on the day).
    pub fn workdays_after(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to >= from {
            self.workdays_between(from.succ_opt().unwrap_or(from), to)
        } else {
            -self.workdays_between(to.succ_opt().unwrap_or(to), from)
        }
    }

    /// Whether `d` is a working day: a workday of the week and not a holiday.
    pub fn is_workday(&self, d: NaiveDate) -> bool {
        self.workdays[d.weekday().num_days_from_monday() as usize] && !self.holidays.contains(&d)
    }

    fn workdays_per_week(&self) -> i64 {
        self.workdays.iter().filter(|w| **w).count() as i64
    }

    /// Working days in `first..=last` (0 when `last < first`).
    pub fn workdays_between(&self, first: NaiveDate, last: NaiveDate) -> i64 {
        if last < first {
            return 0;
        }
        let days = (last - first).num_days() + 1;
        let (weeks, rest) = (days / 7, days % 7);
        let mut n = weeks * self.workdays_per_week();
        let start_wd = first.weekday().num_days_from_monday() as i64;
        for i in 0..rest {
            if self.workdays[((start_wd + i) % 7) as usize] {
                n += 1;
            }
        }
        let off = self
            .holidays
            .range(first..=last)
            .filter(|h| self.workdays[h.weekday().num_days_from_monday() as usize])
            .count() as i64;
        n - off
    }

    /// The first working day on or after `d`, if the calendar has any.
    pub fn first_workday_from(&self, d: NaiveDate) -> Option<NaiveDate> {
        let mut d = d;
        for _ in 0..self.search_limit() {
            if self.is_workday(d) {
                return Some(d);
            }
            d = d.succ_opt()?;
        }
        None
    }

    /// How many days in a row can be non-working: a week for each holiday
    /// (a holiday can fall on the only work day of a week), and one more.
    fn search_limit(&self) -> usize {
        7 * (self.holidays.len() + 1)
    }

    /// The last working day on or before `d`, if the calendar has any.
    pub fn last_workday_until(&self, d: NaiveDate) -> Option<NaiveDate> {
        let mut d = d;
        for _ in 0..self.search_limit() {
            if self.is_workday(d) {
                return Some(d);
            }
            d = d.pred_opt()?;
        }
        None
    }

    /// The working day `n` working days after `d` (`n = 0` is `d` itself, moved
    /// to a working day). Counting is by whole weeks, then day by day.
    pub fn add_workdays(&self, d: NaiveDate, n: i64) -> Option<NaiveDate> {
        let mut d = self.first_workday_from(d)?;
        let per_week = self.workdays_per_week();
        if per_week == 0 {
            return None;
        }
        let mut left = n;
        while left > 0 {
            let weeks = left / per_week;
            if weeks > 1 {
                // Jump whole weeks, then give back the holidays jumped over.
                let target = d.checked_add_days(Days::new(7 * (weeks as u64 - 1)))?;
                let done = self.workdays_between(d.succ_opt()?, target);
                if done <= 0 {
                    // Weeks of holidays: step past them day by day.
                    d = target;
                    continue;
                }
                left -= done;
                d = self.last_workday_until(target)?;
                continue;
            }
            d = d.succ_opt()?;
            if self.is_workday(d) {
                left -= 1;
            }
        }
        Some(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn relative_mapping_is_four_week_months() {
        let o = d("2026-01-05");
        let p = parse_date_expr("M4-W2").unwrap().period(o).unwrap();
        assert_eq!((p.first, p.last), (d("2026-04-06"), d("2026-04-12")));
        let p = parse_date_expr("M18-W4").unwrap().period(o).unwrap();
        assert_eq!((p.first, p.last), (d("2027-05-17"), d("2027-05-23")));
        let p = parse_date_expr("M5").unwrap().period(o).unwrap();
        assert_eq!(
            (p.first, p.last, p.granularity),
            (d("2026-04-27"), d("2026-05-24"), Granularity::Month)
        );
        let p = parse_date_expr("W1").unwrap().period(o).unwrap();
        assert_eq!((p.first, p.last), (d("2026-01-05"), d("2026-01-11")));
    }

    #[test]
    fn absolute_forms() {
        let p = parse_date_expr("2026-Q2")
            .unwrap()
            .period(d("2000-01-01"))
            .unwrap();
        assert_eq!((p.first, p.last), (d("2026-04-01"), d("2026-06-30")));
        let p = parse_date_expr("2026-02")
            .unwrap()
            .period(d("2000-01-01"))
            .unwrap();
        assert_eq!((p.first, p.last), (d("2026-02-01"), d("2026-02-28")));
        let p = parse_date_expr("2026-W07")
            .unwrap()
            .period(d("2000-01-01"))
            .unwrap();
        assert_eq!((p.first, p.last), (d("2026-02-09"), d("2026-02-15")));
        assert!(parse_date_expr("2026-02-30").is_err());
        assert!(parse_date_expr("99999-01-01").is_err());
        assert!(parse_date_expr("M4-W5").is_err());
        assert!(parse_date_expr("M0").is_err());
        assert!(parse_date_expr("W99999999").is_err());
        assert!(parse_date_expr("2026-Q5").is_err());
        assert!(parse_date_expr("2026-W54").is_err());
        assert!(parse_date_expr("tomorrow").is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("3d"), Ok(3));
        assert_eq!(parse_duration("2w"), Ok(10));
        assert_eq!(parse_duration("2 weeks"), Ok(10));
        assert_eq!(parse_duration("1 day"), Ok(1));
        assert_eq!(parse_duration("7"), Ok(7));
        assert!(parse_duration("99999 weeks").is_err());
        assert!(parse_duration("99999999999999999999w").is_err());
        assert!(parse_duration("-3d").is_err());
        assert!(parse_duration("3 fortnights").is_err());
    }

    #[test]
    fn workday_arithmetic_matches_counting_day_by_day() {
        let mut cal = Calendar::default();
        cal.holidays.insert(d("2026-12-25"));
        cal.holidays.insert(d("2026-12-26")); // a Saturday: not counted twice
        let start = d("2026-12-01");
        for n in 0..80 {
            let end = cal.add_workdays(start, n).unwrap();
            assert!(cal.is_workday(end));
            assert_eq!(cal.workdays_between(start, end), n + 1, "n = {n}");
        }
    }
}
