//! The plan format as written in YAML: one struct per kind of mapping.
//!
//! These types are what serde-saphyr reads. Every scalar that the resolver has
//! to interpret (dates, durations, references) stays a `Spanned<String>` so that
//! a bad value is reported at its own line and column, with our own message.
//! Unknown keys are refused (`deny_unknown_fields`); the loader turns serde's
//! message into a diagnostic with a "did you mean" hint.
//!
//! docs/plan-format.md is the reference for every key here.

use serde::Deserialize;
use serde_saphyr::Spanned;

pub type S<T> = Spanned<T>;

/// One YAML file: a plan root (it has `title`) or a fragment it includes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    pub title: Option<S<String>>,
    pub description: Option<S<String>>,
    /// The plan's first working day: relative dates (`M4-W2`, `W7`) and sprints count from it.
    pub start: Option<S<String>>,
    pub deadline: Option<S<String>>,
    pub calendar: Option<RawCalendar>,
    /// Declared number of items (leaf tasks) in the whole plan.
    pub total: Option<S<u64>>,
    #[serde(default)]
    pub include: Vec<S<String>>,
    #[serde(default)]
    pub buckets: Vec<RawBucket>,
    #[serde(default)]
    pub milestones: Vec<RawMilestone>,
    #[serde(default)]
    pub streams: Vec<RawStream>,
    /// Tasks added to a stream declared elsewhere: each names its `stream`.
    #[serde(default)]
    pub tasks: Vec<RawTask>,
    #[serde(default)]
    pub risks: Vec<RawRisk>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCalendar {
    pub workdays: Option<Vec<S<String>>>,
    #[serde(default)]
    pub holidays: Vec<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBucket {
    pub id: S<String>,
    pub name: Option<S<String>>,
    pub kind: Option<S<String>>,
    pub description: Option<S<String>>,
    /// A whole period: `2026-Q2`, `2026-03`, `2026-W07`, `2026`, `M4`, `W7`, a date.
    pub period: Option<S<String>>,
    pub start: Option<S<String>>,
    pub end: Option<S<String>>,
    /// Sprint number, counted from the plan start in steps of `length`.
    pub sprint: Option<S<u32>>,
    pub length: Option<S<String>>,
    /// The bucket this one lies inside (a week inside a phase).
    pub within: Option<S<String>>,
    pub total: Option<S<u64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMilestone {
    pub id: S<String>,
    pub name: Option<S<String>>,
    /// `milestone` (default) or `gate`.
    pub kind: Option<S<String>>,
    pub description: Option<S<String>>,
    #[serde(default)]
    pub after: Vec<S<String>>,
    pub duration: Option<S<String>>,
    pub start: Option<S<String>>,
    pub end: Option<S<String>>,
    /// The planned date: shorthand for `start` and `end` on the same period.
    pub date: Option<S<String>>,
    pub deadline: Option<S<String>>,
    #[serde(default)]
    pub criteria: Vec<S<String>>,
    /// Milestones this one is made of.
    #[serde(default)]
    pub members: Vec<S<String>>,
    pub bucket: Option<S<String>>,
    pub owner: Option<S<String>>,
    pub status: Option<S<String>>,
    #[serde(default)]
    pub tags: Vec<S<String>>,
    pub total: Option<S<u64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStream {
    pub id: S<String>,
    pub name: Option<S<String>>,
    pub description: Option<S<String>>,
    pub owner: Option<S<String>>,
    pub total: Option<S<u64>>,
    #[serde(default)]
    pub tasks: Vec<RawTask>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTask {
    /// Optional: derived from the name when absent (see docs/plan-format.md).
    pub id: Option<S<String>>,
    pub name: S<String>,
    /// Only on a file's top-level `tasks`: the stream the task belongs to.
    pub stream: Option<S<String>>,
    pub description: Option<S<String>>,
    pub status: Option<S<String>>,
    pub owner: Option<S<String>>,
    pub priority: Option<S<String>>,
    #[serde(default)]
    pub tags: Vec<S<String>>,
    pub bucket: Option<S<String>>,
    pub milestone: Option<S<String>>,
    pub duration: Option<S<String>>,
    pub start: Option<S<String>>,
    pub end: Option<S<String>>,
    pub due: Option<S<String>>,
    #[serde(default)]
    pub after: Vec<S<String>>,
    /// Declared number of items below this task.
    pub total: Option<S<u64>>,
    #[serde(default)]
    pub tasks: Vec<RawTask>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRisk {
    pub id: S<String>,
    pub name: S<String>,
    pub probability: Option<S<String>>,
    pub impact: Option<S<String>>,
    pub mitigation: Option<S<String>>,
    pub owner: Option<S<String>>,
    pub status: Option<S<String>>,
}
