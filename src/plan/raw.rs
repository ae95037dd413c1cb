//! The plan format as written in YAML: one struct per kind of mapping.
//!
//! These types are what serde-saphyr reads. Every scalar that the resolver has
//! to interpret (dates, durations, references) stays a `Spanned<String>` so that
//! a bad value is reported at its own line and column, with our own message.
//! Unknown keys are refused (`deny_unknown_fields`); the loader turns serde's
//! message into a diagnostic with a "did you mean" hint.
//!
//! docs/plan-format.md is the reference for every key here.

use crate::source::{FileId, Loc};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};
use serde_saphyr::Spanned;

/// A value and the place it is written: serde-saphyr's [`Spanned`], kept
/// compact. A plan of 100,000 tasks holds over a million of these while it
/// loads: two 28-byte locations each (the place written, and the place an
/// alias points to, which nothing here reports) become one of 16 bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S<T> {
    pub value: T,
    pub referenced: Pos,
}

/// Where a value is written: 1-based line and column (in characters), and
/// its byte offset and length (offset `u32::MAX` when unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
    pub offset: u32,
    pub len: u32,
}

impl Pos {
    pub fn new(l: &serde_saphyr::Location) -> Pos {
        let loc = Loc::from_saphyr(FileId(0), l);
        let (offset, len) = loc.bytes.unwrap_or((u32::MAX, 0));
        Pos {
            line: loc.line,
            column: loc.column,
            offset,
            len,
        }
    }

    /// The place in `file`.
    pub fn loc(&self, file: FileId) -> Loc {
        Loc {
            file,
            line: self.line,
            column: self.column,
            bytes: (self.offset != u32::MAX).then_some((self.offset, self.len)),
        }
    }
}

/// As its value (the schema shows `default: []` for lists, from this).
impl<T: serde::Serialize> serde::Serialize for S<T> {
    fn serialize<Z: serde::Serializer>(&self, s: Z) -> Result<Z::Ok, Z::Error> {
        self.value.serialize(s)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for S<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Spanned::<T>::deserialize(d)?;
        Ok(S {
            value: s.value,
            referenced: Pos::new(&s.referenced),
        })
    }
}

/// One YAML file: a plan root (it has `title`) or a fragment it includes.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    #[schemars(with = "Option<Scalar>")]
    pub title: Option<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub description: Option<S<String>>,
    /// The plan's first working day: relative dates (`M4-W2`, `W7`) and sprints count from it.
    #[schemars(with = "Option<Scalar>")]
    pub start: Option<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub deadline: Option<S<String>>,
    pub calendar: Option<RawCalendar>,
    /// Declared number of items (leaf tasks) in the whole plan.
    #[schemars(with = "Option<u64>")]
    pub total: Option<S<u64>>,
    #[serde(default)]
    #[schemars(with = "Vec<Scalar>")]
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

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCalendar {
    #[schemars(with = "Option<Vec<Scalar>>")]
    pub workdays: Option<Vec<S<String>>>,
    #[serde(default)]
    #[schemars(with = "Vec<Scalar>")]
    pub holidays: Vec<S<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBucket {
    #[schemars(with = "Scalar")]
    pub id: S<String>,
    #[schemars(with = "Option<Scalar>")]
    pub name: Option<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub kind: Option<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub description: Option<S<String>>,
    /// A whole period: `2026-Q2`, `2026-03`, `2026-W07`, `2026`, `M4`, `W7`, a date.
    #[schemars(with = "Option<Scalar>")]
    pub period: Option<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub start: Option<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub end: Option<S<String>>,
    /// Sprint number, counted from the plan start in steps of `length`.
    #[schemars(with = "Option<u32>")]
    pub sprint: Option<S<u32>>,
    #[schemars(with = "Option<Scalar>")]
    pub length: Option<S<String>>,
    /// The bucket this one lies inside (a week inside a phase).
    #[schemars(with = "Option<Scalar>")]
    pub within: Option<S<String>>,
    /// Does work in it start no earlier than its start? Default by kind:
    /// yes for sprint, iteration, week, month and phase; no for quarter and release.
    #[schemars(with = "Option<bool>")]
    pub wait: Option<S<bool>>,
    #[schemars(with = "Option<u64>")]
    pub total: Option<S<u64>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMilestone {
    #[schemars(with = "Scalar")]
    pub id: S<String>,
    #[schemars(with = "Option<Scalar>")]
    pub name: Option<S<String>>,
    /// `milestone` (default) or `gate`.
    #[schemars(with = "Option<Scalar>")]
    pub kind: Option<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub description: Option<S<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<Scalar>")]
    pub after: Vec<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub duration: Option<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub start: Option<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub end: Option<S<String>>,
    /// The planned date: shorthand for `start` and `end` on the same period.
    #[schemars(with = "Option<Scalar>")]
    pub date: Option<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub deadline: Option<S<String>>,
    /// Start no earlier than this date (docs/scheduling.md).
    #[schemars(with = "Option<Scalar>")]
    pub not_before: Option<S<String>>,
    /// The day work actually started.
    #[schemars(with = "Option<Scalar>")]
    pub started: Option<S<String>>,
    /// The day work actually finished.
    #[schemars(with = "Option<Scalar>")]
    pub finished: Option<S<String>>,
    /// `asap` (default) or `alap`: as late as possible before what it precedes.
    #[schemars(with = "Option<Scalar>")]
    pub schedule: Option<S<String>>,
    /// Tasks or milestones this must finish before (`beta +6d`); implies `schedule: alap`.
    #[serde(default)]
    #[schemars(with = "Vec<Scalar>")]
    pub before: Vec<S<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<Scalar>")]
    pub criteria: Vec<S<String>>,
    /// Milestones this one is made of.
    #[serde(default)]
    #[schemars(with = "Vec<Scalar>")]
    pub members: Vec<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub bucket: Option<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub owner: Option<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub status: Option<S<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<Scalar>")]
    pub tags: Vec<S<String>>,
    #[schemars(with = "Option<u64>")]
    pub total: Option<S<u64>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawStream {
    #[schemars(with = "Scalar")]
    pub id: S<String>,
    #[schemars(with = "Option<Scalar>")]
    pub name: Option<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub description: Option<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub owner: Option<S<String>>,
    #[schemars(with = "Option<u64>")]
    pub total: Option<S<u64>>,
    #[serde(default)]
    pub tasks: Vec<RawTask>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTask {
    /// Optional: derived from the name when absent (see docs/plan-format.md).
    #[schemars(with = "Option<Scalar>")]
    pub id: Option<S<String>>,
    #[schemars(with = "Scalar")]
    pub name: S<String>,
    /// Only on a file's top-level `tasks`: the stream the task belongs to.
    #[schemars(with = "Option<Scalar>")]
    pub stream: Option<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub description: Option<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub status: Option<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub owner: Option<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub priority: Option<S<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<Scalar>")]
    pub tags: Vec<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub bucket: Option<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub milestone: Option<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub duration: Option<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub start: Option<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub end: Option<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub due: Option<S<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<Scalar>")]
    pub after: Vec<S<String>>,
    /// Start no earlier than this date (docs/scheduling.md).
    #[schemars(with = "Option<Scalar>")]
    pub not_before: Option<S<String>>,
    /// The day work actually started.
    #[schemars(with = "Option<Scalar>")]
    pub started: Option<S<String>>,
    /// The day work actually finished.
    #[schemars(with = "Option<Scalar>")]
    pub finished: Option<S<String>>,
    /// `asap` (default) or `alap`: as late as possible before what it precedes.
    #[schemars(with = "Option<Scalar>")]
    pub schedule: Option<S<String>>,
    /// Tasks or milestones this must finish before (`beta +6d`); implies `schedule: alap`.
    #[serde(default)]
    #[schemars(with = "Vec<Scalar>")]
    pub before: Vec<S<String>>,
    /// Work left on an item in progress, from the as-of date (`3d`).
    #[schemars(with = "Option<Scalar>")]
    pub remaining: Option<S<String>>,
    /// Percent done of an item in progress (`40` or `40%`).
    #[schemars(with = "Option<Scalar>")]
    pub progress: Option<S<String>>,
    /// Declared number of items below this task.
    #[schemars(with = "Option<u64>")]
    pub total: Option<S<u64>>,
    #[serde(default)]
    pub tasks: Vec<RawTask>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRisk {
    #[schemars(with = "Scalar")]
    pub id: S<String>,
    #[schemars(with = "Scalar")]
    pub name: S<String>,
    #[schemars(with = "Option<Scalar>")]
    pub probability: Option<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub impact: Option<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub mitigation: Option<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub owner: Option<S<String>>,
    #[schemars(with = "Option<Scalar>")]
    pub status: Option<S<String>>,
}

impl RawFile {
    /// Tasks written in this file, sub-tasks included.
    pub fn task_count(&self) -> usize {
        let mut n = 0;
        let mut stack: Vec<&RawTask> = self
            .streams
            .iter()
            .flat_map(|s| &s.tasks)
            .chain(&self.tasks)
            .collect();
        while let Some(t) = stack.pop() {
            n += 1;
            stack.extend(&t.tasks);
        }
        n
    }
}

/// The JSON Schema of a scalar the loader reads as text. YAML lets people
/// write ids, names and durations unquoted (`id: 1.1`, `duration: 3`), which
/// a YAML language server sees as numbers or booleans: all are accepted.
pub struct Scalar;

impl JsonSchema for Scalar {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Scalar".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": ["string", "number", "boolean"] })
    }
}

/// The JSON Schema of a plan file, generated from these types so it cannot
/// drift from what the loader accepts.
pub fn json_schema() -> schemars::Schema {
    let mut schema = schemars::schema_for!(RawFile);
    schema.insert("title".into(), "roadmap plan".into());
    schema.insert(
        "description".into(),
        "A roadmap plan file for the `roadmap` tool (docs/plan-format.md).".into(),
    );
    schema
}
