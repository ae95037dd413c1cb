//! Resources, effort and assignments, read from the raw YAML into the model
//! (docs/capacity.md): who does the work, how much of it there is, and the
//! duration that follows from the two where none is written.
//!
//! Amounts are kept in hundredths of a person-hour ("centihours"); a
//! person-day is eight hours ([`DAY_CENTIHOURS`]).

use crate::diag::{Diagnostic, did_you_mean};
use crate::plan::model::{Assign, At, DAY_CENTIHOURS, Plan, Resource};
use crate::plan::raw::{self, RawAssign, S};
use crate::plan::span::{Span, TICKS_PER_DAY};
use crate::source::{FileId, Loc};
use std::borrow::Cow;
use std::collections::HashMap;

/// Most people in a team, and most percent of one in a share.
pub const MAX_COUNT: u32 = 100_000;

/// Most days off of one resource (as many as a calendar may have).
const MAX_HOLIDAYS: usize = 1000;

/// Largest amount of work, in hours: a million person-years.
const MAX_HOURS: f64 = 2.0e9;

fn number(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("`{}` is not a number", s.trim()))?;
    if !v.is_finite() || v < 0.0 {
        return Err(format!("`{}` is not a positive number", s.trim()));
    }
    Ok(v)
}

/// An amount of work: person-hours (`40h`), person-days (`5d`, eight hours
/// each) or person-weeks (`2w`, five days), in hundredths of an hour.
pub fn parse_amount(s: &str) -> Result<i64, String> {
    let t = s.trim().to_ascii_lowercase();
    let (num, per) = if let Some(n) = t.strip_suffix('h') {
        (n, 1.0)
    } else if let Some(n) = t.strip_suffix('d') {
        (n, 8.0)
    } else if let Some(n) = t.strip_suffix('w') {
        (n, 40.0)
    } else {
        return Err(format!(
            "`{}` has no unit: write hours (`40h`), person-days (`5d`) or person-weeks (`2w`)",
            s.trim()
        ));
    };
    let hours = number(num)? * per;
    if hours > MAX_HOURS {
        return Err(format!("`{}` is too large", s.trim()));
    }
    Ok((hours * 100.0).round() as i64)
}

/// Working time of one person a working day, in hundredths of an hour:
/// `8h` (a day), `8h/d`, `32h/w` (a week of `workdays` days), or `50%` of
/// an eight-hour day.
pub fn parse_per_day(s: &str, workdays: u32) -> Result<i64, String> {
    let t = s.trim().to_ascii_lowercase();
    let hours = if let Some(p) = t.strip_suffix('%') {
        number(p)? * 8.0 / 100.0
    } else if let Some(h) = t.strip_suffix("h/w") {
        number(h)? / f64::from(workdays.max(1))
    } else if let Some(h) = t.strip_suffix("h/d").or_else(|| t.strip_suffix('h')) {
        number(h)?
    } else {
        return Err(format!(
            "`{}` is not a working time: write `8h` a day, `32h/w` a week, or `50%`",
            s.trim()
        ));
    };
    if hours <= 0.0 || hours > 24.0 {
        return Err(format!(
            "`{}` is not between a minute and 24 hours a day",
            s.trim()
        ));
    }
    Ok(((hours * 100.0).round() as i64).max(1))
}

/// A share of one person: `50%`, or a fraction (`0.5`, `2` for two people).
pub fn parse_share(s: &str) -> Result<u32, String> {
    let t = s.trim();
    let pct = match t.strip_suffix('%') {
        Some(p) => number(p)?,
        None => number(t)? * 100.0,
    };
    if pct <= 0.0 || pct > f64::from(MAX_COUNT) {
        return Err(format!("`{t}` is not a share from 1% up"));
    }
    Ok(pct.round().max(1.0) as u32)
}

/// Centihours as text: `280h`, `2.5h`.
pub fn hours_text(ch: i64) -> String {
    if ch % 100 == 0 {
        format!("{}h", ch / 100)
    } else {
        format!("{:.1}h", ch as f64 / 100.0)
    }
}

/// What one task's `effort` and `assign` say, kept until every resource is
/// known (moved out of the raw task, or borrowed from a shared one).
pub struct PendingWork<'a> {
    /// The file the task is written in.
    pub file: FileId,
    /// `effort` as written.
    pub effort: Option<Cow<'a, S<String>>>,
    /// `assign` as written.
    pub assign: Cow<'a, [S<RawAssign>]>,
}

fn loc<T>(file: FileId, s: &S<T>) -> Loc {
    s.referenced.loc(file)
}

/// Read every file's `resources` into `plan.resources`.
pub fn resources(plan: &mut Plan, files: &[(FileId, &raw::RawFile)], diags: &mut Vec<Diagnostic>) {
    let workdays = plan.calendar.workdays.iter().filter(|w| **w).count() as u32;
    let mut ids: HashMap<String, usize> = HashMap::new();
    for (fid, f) in files {
        for r in &f.resources {
            let l = loc(*fid, &r.id);
            let id = r.id.value.trim().to_string();
            if id.is_empty() {
                diags.push(Diagnostic::empty_id(l));
                continue;
            }
            if let Some(&prev) = ids.get(&id) {
                diags.push(Diagnostic::duplicate_resource(
                    l,
                    &id,
                    plan.resources[prev].loc,
                ));
                continue;
            }
            let count = match &r.count {
                Some(c) if c.value == 0 || c.value > MAX_COUNT => {
                    diags.push(Diagnostic::invalid_amount(
                        loc(*fid, c),
                        "count",
                        &format!("a team has 1 to {MAX_COUNT} people"),
                    ));
                    1
                }
                Some(c) => c.value,
                None => 1,
            };
            let hours = match &r.capacity {
                Some(c) => parse_per_day(&c.value, workdays).unwrap_or_else(|e| {
                    diags.push(Diagnostic::invalid_amount(loc(*fid, c), "capacity", &e));
                    DAY_CENTIHOURS
                }),
                None => DAY_CENTIHOURS,
            };
            let mut holidays = Vec::new();
            for h in &r.holidays {
                match crate::plan::time::parse_date_expr(&h.value)
                    .ok()
                    .and_then(|e| e.period(plan.origin))
                {
                    Some(p) => {
                        let mut d = p.first;
                        while d <= p.last && holidays.len() < MAX_HOLIDAYS {
                            holidays.push(d);
                            let Some(n) = d.succ_opt() else { break };
                            d = n;
                        }
                    }
                    None => diags.push(Diagnostic::invalid_amount(
                        loc(*fid, h),
                        "holidays",
                        &format!("`{}` is not a date or period", h.value.trim()),
                    )),
                }
            }
            holidays.sort_unstable();
            holidays.dedup();
            let rate = r.rate.as_ref().and_then(|x| {
                if x.value.is_finite() && (0.0..=1e12).contains(&x.value) {
                    Some(x.value)
                } else {
                    diags.push(Diagnostic::invalid_amount(
                        loc(*fid, x),
                        "rate",
                        "a rate is a number from 0 to 1,000,000,000,000",
                    ));
                    None
                }
            });
            ids.insert(id.clone(), plan.resources.len());
            plan.resources.push(Resource {
                name: r
                    .name
                    .as_ref()
                    .map(|n| n.value.trim().to_string())
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| id.clone()),
                id,
                count,
                hours,
                holidays,
                rate,
                loc: l,
            });
        }
    }
}

/// The root's `capacity` by bucket kind, given to each bucket of that kind
/// that declares none.
pub fn bucket_defaults(
    plan: &mut Plan,
    root: FileId,
    by_kind: Option<&std::collections::BTreeMap<String, S<String>>>,
    diags: &mut Vec<Diagnostic>,
) {
    use crate::plan::model::BucketKind;
    for (k, v) in by_kind.into_iter().flatten() {
        let key = k.trim().to_ascii_lowercase();
        let Some(kind) = BucketKind::ALL.into_iter().find(|x| x.as_str() == key) else {
            let names = BucketKind::ALL.map(BucketKind::as_str);
            diags.push(Diagnostic::invalid_bucket_kind(
                loc(root, v),
                k,
                did_you_mean(&key, names),
                &names,
            ));
            continue;
        };
        let Some(c) = amount(root, &Some(v.clone()), diags) else {
            continue;
        };
        for b in &mut plan.buckets {
            if b.kind == Some(kind) && b.capacity.is_none() {
                b.capacity = Some(c.clone());
            }
        }
    }
}

/// A capacity of a bucket or stream (`280h`), diagnosed where it cannot be read.
pub fn amount(file: FileId, s: &Option<S<String>>, diags: &mut Vec<Diagnostic>) -> Option<At<i64>> {
    let s = s.as_ref()?;
    match parse_amount(&s.value) {
        Ok(v) => Some(At {
            value: v,
            loc: loc(file, s),
        }),
        Err(e) => {
            diags.push(Diagnostic::invalid_amount(loc(file, s), "capacity", &e));
            None
        }
    }
}

/// The resource an `owner` names: by id, else by name.
fn owner_resource(plan: &Plan, owner: &str) -> Option<usize> {
    plan.resources
        .iter()
        .position(|r| r.id == owner)
        .or_else(|| plan.resources.iter().position(|r| r.name == owner))
}

/// Each task's effort and assignments (`pending` is by task index), and the
/// duration of each item that has effort and no length of its own.
pub fn work(plan: &mut Plan, pending: Vec<PendingWork>, diags: &mut Vec<Diagnostic>) {
    let index: HashMap<&str, usize> = plan
        .resources
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let names: Vec<&str> = plan.resources.iter().map(|r| r.id.as_str()).collect();
    let mut out: Vec<(Option<At<i64>>, Vec<Assign>)> = Vec::with_capacity(pending.len());
    for p in &pending {
        let effort = p
            .effort
            .as_ref()
            .and_then(|e| match parse_amount(&e.value) {
                Ok(v) => Some(At {
                    value: v,
                    loc: loc(p.file, e),
                }),
                Err(msg) => {
                    diags.push(Diagnostic::invalid_amount(loc(p.file, e), "effort", &msg));
                    None
                }
            });
        let mut assign = Vec::new();
        for a in p.assign.iter() {
            let l = loc(p.file, a);
            let pairs: Vec<(String, Option<String>)> = match &a.value {
                RawAssign::Whole(id) => vec![(id.clone(), None)],
                RawAssign::Share(v) => v
                    .iter()
                    .map(|(k, s)| (k.clone(), Some(s.clone())))
                    .collect(),
            };
            for (id, share) in pairs {
                let id = id.trim();
                let Some(&r) = index.get(id) else {
                    let best = did_you_mean(id, names.iter().copied());
                    diags.push(Diagnostic::unknown_reference(l, "resource", id, best));
                    continue;
                };
                let share = match share.as_deref().map(parse_share) {
                    None => 100,
                    Some(Ok(s)) if i64::from(s) <= plan.resources[r].units() => s,
                    Some(Ok(s)) => {
                        diags.push(Diagnostic::invalid_amount(
                            l,
                            "assign",
                            &format!(
                                "{s}% of `{id}` is more than its {} people",
                                plan.resources[r].count
                            ),
                        ));
                        continue;
                    }
                    Some(Err(e)) => {
                        diags.push(Diagnostic::invalid_amount(l, "assign", &e));
                        continue;
                    }
                };
                assign.push(Assign {
                    resource: r,
                    share,
                    loc: l,
                });
            }
        }
        out.push((effort, assign));
    }
    for (t, (effort, mut assign)) in out.into_iter().enumerate() {
        let task = &plan.tasks[t];
        if assign.is_empty()
            && task.is_item()
            && let Some(o) = task.owner.as_deref()
            && let Some(r) = owner_resource(plan, o)
        {
            assign.push(Assign {
                resource: r,
                share: 100,
                loc: task.loc,
            });
        }
        let per_day: i64 = if assign.is_empty() {
            DAY_CENTIHOURS
        } else {
            assign
                .iter()
                .map(|a| i64::from(a.share) * plan.resources[a.resource].hours / 100)
                .sum::<i64>()
                .max(1)
        };
        if let Some(e) = &effort
            && task.is_item()
        {
            // Ticks (hundredths of a working day) that the work takes, rounded up.
            let ticks = (e.value.saturating_mul(TICKS_PER_DAY) + per_day - 1) / per_day;
            let most = i64::from(crate::plan::time::MAX_DURATION_DAYS) * TICKS_PER_DAY;
            if ticks > most {
                diags.push(Diagnostic::invalid_amount(
                    e.loc,
                    "effort",
                    &format!(
                        "at what its assignments give a day it takes more than {} working days",
                        crate::plan::time::MAX_DURATION_DAYS
                    ),
                ));
                let task = &mut plan.tasks[t];
                task.assign = assign;
                continue;
            }
            let implied = Span::Work(ticks);
            let task = &mut plan.tasks[t];
            match &task.span {
                None if task.start.is_none() || task.end.is_none() => {
                    task.span = Some(At {
                        value: implied,
                        loc: e.loc,
                    });
                    task.duration = Some(At {
                        value: implied.approx_days().clamp(0, u32::MAX as i64) as u32,
                        loc: e.loc,
                    });
                }
                Some(s) if !assign.is_empty() => {
                    if let Span::Work(x) = s.value
                        && (x - ticks).abs() > 1
                    {
                        diags.push(Diagnostic::effort_mismatch(
                            s.loc,
                            &task.id,
                            &days_text(x),
                            &days_text(ticks),
                            e.loc,
                        ));
                    }
                }
                _ => {}
            }
        }
        let task = &mut plan.tasks[t];
        task.effort = effort;
        task.assign = assign;
    }
}

/// Ticks as working days: `5 working days`, `2.5 working days`.
pub fn days_text(ticks: i64) -> String {
    let d = ticks as f64 / TICKS_PER_DAY as f64;
    if ticks % TICKS_PER_DAY == 0 {
        format!(
            "{} working day{}",
            ticks / TICKS_PER_DAY,
            if ticks == TICKS_PER_DAY { "" } else { "s" }
        )
    } else {
        format!("{d:.2} working days")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        assert_eq!(parse_amount("40h"), Ok(4000));
        assert_eq!(parse_amount("5d"), Ok(4000));
        assert_eq!(parse_amount("1w"), Ok(4000));
        assert_eq!(parse_amount("2.5h"), Ok(250));
        assert!(parse_amount("40").is_err());
        assert!(parse_amount("-1h").is_err());
        assert!(parse_amount("1e300h").is_err());
    }

    #[test]
    fn per_day_and_shares() {
        assert_eq!(parse_per_day("8h", 5), Ok(800));
        assert_eq!(parse_per_day("32h/w", 5), Ok(640));
        assert_eq!(parse_per_day("50%", 5), Ok(400));
        assert!(parse_per_day("25h", 5).is_err());
        assert!(parse_per_day("0h", 5).is_err());
        assert_eq!(parse_share("50%"), Ok(50));
        assert_eq!(parse_share("0.5"), Ok(50));
        assert_eq!(parse_share("2"), Ok(200));
        assert!(parse_share("0%").is_err());
        assert!(parse_share("x").is_err());
    }
}
