//! `roadmap load`: work against capacity per resource and per stream, per
//! week or per bucket (docs/capacity.md).
//!
//! Each item's work is spread evenly over its scheduled working time. A
//! resource's demand is what its assignments give a working day; its
//! capacity is its people's working time, less its days off. A stream's
//! demand is its items' work; its capacity is its declared `capacity` per
//! bucket (none per week).

use crate::PlanView;
use crate::plan::model::{NodeRef, Status};
use crate::plan::span::TICKS_PER_DAY;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

const T: i64 = TICKS_PER_DAY;

/// Most periods in one report (ten years of weeks).
pub const MAX_PERIODS: usize = 520;

/// What a column of the report is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum By {
    /// Calendar weeks (Monday to Sunday).
    Week,
    /// Dated buckets, in the order written.
    Bucket,
}

/// One column: a week or a bucket.
#[derive(Debug, Clone, Serialize)]
pub struct Period {
    /// `2026-W10`, or the bucket's id.
    pub label: String,
    /// First day.
    pub first: NaiveDate,
    /// Last day.
    pub last: NaiveDate,
    #[serde(skip)]
    ticks: (i64, i64),
    /// The bucket it is, by index (by bucket only).
    #[serde(skip)]
    bucket: Option<usize>,
}

/// One row: a resource or a stream.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// `resource` or `stream`.
    pub kind: &'static str,
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Person-hours of work per period.
    pub demand: Vec<f64>,
    /// Person-hours available per period (none: not declared).
    pub capacity: Vec<Option<f64>>,
    /// Cost of its work over the report (resources with a `rate`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<f64>,
}

/// The load of one plan.
#[derive(Debug, Clone, Serialize)]
pub struct LoadReport {
    /// The plan's name.
    pub plan: String,
    /// Its title.
    pub title: String,
    /// Weeks or buckets.
    pub by: By,
    /// Whether the schedule is levelled.
    pub levelled: bool,
    /// The columns.
    pub periods: Vec<Period>,
    /// Resources first, then streams.
    pub rows: Vec<Row>,
    /// 1 when the weeks past [`MAX_PERIODS`] are left out (0 otherwise).
    pub truncated: usize,
}

fn ch(x: i64) -> f64 {
    (x as f64 / 100.0 * 10.0).round() / 10.0
}

/// Ticks of `a..b` inside `p`.
fn overlap(a: i64, b: i64, p: (i64, i64)) -> i64 {
    (b.min(p.1) - a.max(p.0)).max(0)
}

/// The load report of one plan, per week or per bucket.
pub fn load(v: &PlanView, by: By, levelled: bool) -> LoadReport {
    let plan = v.plan;
    let mut report = LoadReport {
        plan: v.name.to_string(),
        title: plan.title.clone(),
        by,
        levelled,
        periods: Vec::new(),
        rows: Vec::new(),
        truncated: 0,
    };
    let Some(s) = v.schedule else { return report };
    let cal = &plan.calendar;
    let index = |d: NaiveDate| -> Option<i64> {
        let d = cal.first_workday_from(d)?;
        (d >= s.day0).then(|| cal.workdays_between(s.day0, d) - 1)
    };
    // Work that counts: open items with a schedule.
    let items: Vec<(usize, (i64, i64))> = plan
        .items()
        .filter(|&t| !matches!(plan.status(t), Status::Done | Status::Cancelled))
        .filter_map(|t| {
            let i = v.graph.index[&NodeRef::Task(t)].index();
            s.times[i].is_ok().then(|| (t, s.ticks[i]))
        })
        .collect();
    let mut periods = Vec::new();
    match by {
        By::Week => {
            let from = items.iter().map(|(_, x)| x.0).min().unwrap_or(0).max(0) / T;
            let to = items.iter().map(|(_, x)| x.1).max().unwrap_or(0).max(0);
            let to = -((-to).div_euclid(T));
            let mut k = from;
            while k < to {
                let Some(d) = s.date(k) else { break };
                let week = d.iso_week();
                let monday = d - chrono::Days::new(u64::from(d.weekday().num_days_from_monday()));
                let sunday = monday + chrono::Days::new(6);
                let end = (k + 1..=k + 7)
                    .find(|&j| s.date(j).is_none_or(|x| x > sunday))
                    .unwrap_or(k + 1);
                if periods.len() == MAX_PERIODS {
                    // The rest are not walked: a plan may run for centuries.
                    report.truncated = 1;
                    break;
                } else {
                    periods.push(Period {
                        // Without the plan's start its weeks have no dates
                        // (the schedule counts from 2001): they are numbered.
                        label: if plan.start.is_some() {
                            format!("{}-W{:02}", week.year(), week.week())
                        } else {
                            format!("week {}", (monday - s.day0).num_days().div_euclid(7) + 1)
                        },
                        first: monday,
                        last: sunday,
                        ticks: (k * T, end * T),
                        bucket: None,
                    });
                }
                k = end;
            }
        }
        By::Bucket => {
            for (bi, b) in plan.buckets.iter().enumerate() {
                let (Some(first), Some(last)) = (b.first_day(), b.last_day()) else {
                    continue;
                };
                if b.start.as_ref().is_some_and(|x| x.expr.is_relative()) && plan.start.is_none() {
                    continue;
                }
                let a = index(first).unwrap_or(0);
                let z = cal
                    .last_workday_until(last)
                    .and_then(|l| (l >= s.day0).then(|| cal.workdays_between(s.day0, l)))
                    .unwrap_or(0);
                periods.push(Period {
                    label: b.id.clone(),
                    first,
                    last,
                    ticks: (a * T, z.max(a) * T),
                    bucket: Some(bi),
                });
            }
        }
    }
    // The periods an item's ticks `a..b` touch: by search where they are in
    // order (weeks), else all of them (buckets may overlap).
    let touched = |a: i64, b: i64| -> std::ops::Range<usize> {
        match by {
            By::Week => {
                let lo = periods.partition_point(|p| p.ticks.1 <= a);
                let hi = periods.partition_point(|p| p.ticks.0 < b);
                lo..hi.max(lo)
            }
            By::Bucket => 0..periods.len(),
        }
    };
    // One pass over the items: each adds to its resources' rows and its
    // stream's row.
    let np = periods.len();
    let mut res_demand = vec![vec![0i64; np]; plan.resources.len()];
    let mut res_total = vec![0i64; plan.resources.len()];
    let mut stream_demand = vec![vec![0i64; np]; plan.streams.len()];
    for &(t, (a, b)) in &items {
        let task = &plan.tasks[t];
        let range = touched(a, b);
        for x in &task.assign {
            let per_day = i64::from(x.share) * plan.resources[x.resource].hours / 100;
            res_total[x.resource] += (b - a) * per_day / T;
            let row = &mut res_demand[x.resource];
            for pi in range.clone() {
                row[pi] += overlap(a, b, periods[pi].ticks) * per_day / T;
            }
        }
        if let Some(work) = plan.demand(t)
            && b > a
        {
            let row = &mut stream_demand[task.stream];
            for pi in range {
                row[pi] += (i128::from(work) * i128::from(overlap(a, b, periods[pi].ticks))
                    / i128::from(b - a)) as i64;
            }
        }
    }
    for (r, res) in plan.resources.iter().enumerate() {
        let off: Vec<i64> = res
            .holidays
            .iter()
            .filter(|d| cal.is_workday(**d) && **d >= s.day0)
            .map(|d| cal.workdays_between(s.day0, *d) - 1)
            .collect();
        let capacity = periods
            .iter()
            .map(|p| {
                let days = (p.ticks.1 - p.ticks.0) / T
                    - off
                        .iter()
                        .filter(|k| p.ticks.0 <= **k * T && **k * T < p.ticks.1)
                        .count() as i64;
                Some(ch(days.max(0) * res.day_capacity()))
            })
            .collect();
        report.rows.push(Row {
            kind: "resource",
            id: res.id.clone(),
            name: res.name.clone(),
            demand: std::mem::take(&mut res_demand[r])
                .into_iter()
                .map(ch)
                .collect(),
            capacity,
            cost: res
                .rate
                .map(|rate| (res_total[r] as f64 / 100.0 * rate * 100.0).round() / 100.0),
        });
    }
    for (si, st) in plan.streams.iter().enumerate() {
        let capacity = periods
            .iter()
            .map(|_| match by {
                By::Bucket => st.capacity.as_ref().map(|c| ch(c.value)),
                By::Week => None,
            })
            .collect();
        report.rows.push(Row {
            kind: "stream",
            id: st.id.clone(),
            name: st.name.clone(),
            demand: std::mem::take(&mut stream_demand[si])
                .into_iter()
                .map(ch)
                .collect(),
            capacity,
            cost: None,
        });
    }
    if by == By::Bucket {
        // A bucket's own capacity, as a row of its own where declared.
        let caps: Vec<Option<f64>> = periods
            .iter()
            .map(|p| {
                p.bucket
                    .and_then(|b| plan.buckets[b].capacity.as_ref())
                    .map(|c| ch(c.value))
            })
            .collect();
        if caps.iter().any(Option::is_some) {
            let mut need = vec![0i64; plan.buckets.len()];
            for t in plan.items() {
                if let Some(b) = plan.tasks[t].bucket
                    && plan.status(t) != Status::Cancelled
                {
                    need[b] += plan.demand(t).unwrap_or(0);
                }
            }
            let demand = periods
                .iter()
                .map(|p| ch(p.bucket.map_or(0, |b| need[b])))
                .collect();
            report.rows.push(Row {
                kind: "bucket",
                id: "all work".into(),
                name: "all work in the bucket".into(),
                demand,
                capacity: caps,
                cost: None,
            });
        }
    }
    report.periods = periods;
    report
}
