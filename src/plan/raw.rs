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
    /// The value as written.
    pub value: T,
    /// Where it is written.
    pub referenced: Pos,
}

/// Where a value is written: 1-based line and column (in characters), and
/// its byte offset and length (offset `u32::MAX` when unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// Byte offset from the start of the file (`u32::MAX` when unknown).
    pub offset: u32,
    /// Length in bytes.
    pub len: u32,
}

impl Pos {
    /// The position of a serde-saphyr location (in file 0: see [`Pos::loc`]).
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
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    /// The plan's name, shown in every report; required in a root, absent in a fragment.
    #[schemars(with = "Option<Scalar>")]
    pub title: Option<S<String>>,
    /// Free text about the plan.
    #[schemars(with = "Option<Scalar>")]
    pub description: Option<S<String>>,
    /// The plan's first working day: relative dates (`M4-W2`, `W7`) and sprints count from it.
    #[schemars(with = "Option<Scalar>")]
    pub start: Option<S<String>>,
    /// Date expression: the whole plan must finish by the end of this period.
    #[schemars(with = "Option<Scalar>")]
    pub deadline: Option<S<String>>,
    /// The working days and holidays (default: Monday to Friday, no holidays).
    pub calendar: Option<RawCalendar>,
    /// Declared number of items (leaf tasks) in the whole plan.
    #[schemars(with = "Option<u64>")]
    pub total: Option<S<u64>>,
    /// Fragment files of this plan, relative to this file.
    #[serde(default)]
    #[schemars(with = "Vec<Scalar>")]
    pub include: Vec<S<String>>,
    /// Time windows (quarters, sprints, phases...), in order.
    #[serde(default)]
    pub buckets: Vec<RawBucket>,
    /// Milestones and gates.
    #[serde(default)]
    pub milestones: Vec<RawMilestone>,
    /// Teams or workstreams, each holding tasks.
    #[serde(default)]
    pub streams: Vec<RawStream>,
    /// Tasks added to a stream declared elsewhere: each names its `stream`.
    #[serde(default)]
    pub tasks: Vec<RawTask>,
    /// A risk register (not counted as items).
    #[serde(default)]
    pub risks: Vec<RawRisk>,
    /// Forecasts: default spread of tasks that have only a `duration`,
    /// `-10%..+30%` (docs/forecast.md).
    #[schemars(with = "Option<Scalar>")]
    pub uncertainty: Option<S<String>>,
    /// Forecasts: default shape of estimates, `triangular` (default) or `pert`.
    #[schemars(with = "Option<Scalar>")]
    pub distribution: Option<S<String>>,
    /// People and teams who do the work (docs/capacity.md).
    #[serde(default)]
    pub resources: Vec<RawResource>,
    /// Person-hours each bucket of a kind holds, where it declares none: `{sprint: 280h}`.
    #[schemars(with = "Option<std::collections::BTreeMap<String, Scalar>>")]
    pub capacity: Option<std::collections::BTreeMap<String, S<String>>>,
    /// Level resources: schedule work when its people are free (docs/capacity.md).
    #[schemars(with = "Option<bool>")]
    pub level: Option<S<bool>>,
}

/// A person, or a team of `count` people, who does work (docs/capacity.md).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawResource {
    /// Unique among resources; `assign` and `owner` name it.
    #[schemars(with = "Scalar")]
    pub id: S<String>,
    /// Display name (default: the id).
    #[schemars(with = "Option<Scalar>")]
    pub name: Option<S<String>>,
    /// For a team: how many people (default 1).
    #[schemars(with = "Option<u32>")]
    pub count: Option<S<u32>>,
    /// Working time per person: `8h` a day (the default), `32h/w` a week, or a share of a day, `50%`.
    #[schemars(with = "Option<Scalar>")]
    pub capacity: Option<S<String>>,
    /// Its own days off (dates), besides the plan's holidays.
    #[serde(default)]
    #[schemars(with = "Vec<Scalar>")]
    pub holidays: Vec<S<String>>,
    /// Cost of one hour of work (a number; reported by `roadmap load`).
    #[schemars(with = "Option<f64>")]
    pub rate: Option<S<f64>>,
}

/// One entry of a task's `assign`: a resource id, or `{id: share}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawAssign {
    /// A resource at its full share (100%, one person of a team).
    Whole(String),
    /// Resource ids and their shares (`{bob: 50%}`, `{devs: 200%}`).
    Share(Vec<(String, String)>),
}

impl<'de> Deserialize<'de> for RawAssign {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawAssign;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a resource id, or a mapping of resource ids to shares (`{bob: 50%}`)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawAssign, E> {
                Ok(RawAssign::Whole(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<RawAssign, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, String>()? {
                    out.push((k, v));
                }
                Ok(RawAssign::Share(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// The JSON Schema of one `assign` entry.
pub struct AssignSchema;

impl JsonSchema for AssignSchema {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Assign".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A resource id (at 100%), or resource ids mapped to shares (`{bob: 50%}`).",
            "anyOf": [
                { "type": "string" },
                { "type": "object", "additionalProperties": { "type": ["string", "number"] } }
            ]
        })
    }
}

/// The `calendar` mapping: when work happens.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCalendar {
    /// The days work happens, `mon`..`sun` (default: `[mon, tue, wed, thu, fri]`).
    #[schemars(with = "Option<Vec<Scalar>>")]
    pub workdays: Option<Vec<S<String>>>,
    /// Days off (dates).
    #[serde(default)]
    #[schemars(with = "Vec<Scalar>")]
    pub holidays: Vec<S<String>>,
}

/// A bucket: a named time window (quarter, month, sprint, iteration, week, phase or release).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBucket {
    /// Unique among buckets.
    #[schemars(with = "Scalar")]
    pub id: S<String>,
    /// Display name (default: the id).
    #[schemars(with = "Option<Scalar>")]
    pub name: Option<S<String>>,
    /// `quarter`, `month`, `sprint`, `iteration`, `week`, `phase` or `release`.
    #[schemars(with = "Option<Scalar>")]
    pub kind: Option<S<String>>,
    /// Free text.
    #[schemars(with = "Option<Scalar>")]
    pub description: Option<S<String>>,
    /// A whole period: `2026-Q2`, `2026-03`, `2026-W07`, `2026`, `M4`, `W7`, a date.
    #[schemars(with = "Option<Scalar>")]
    pub period: Option<S<String>>,
    /// Date expression: the bucket's first day.
    #[schemars(with = "Option<Scalar>")]
    pub start: Option<S<String>>,
    /// Date expression: the bucket's last day; `start` without `end` is open-ended.
    #[schemars(with = "Option<Scalar>")]
    pub end: Option<S<String>>,
    /// Sprint number, counted from the plan start in steps of `length`.
    #[schemars(with = "Option<u32>")]
    pub sprint: Option<S<u32>>,
    /// With `sprint`, the sprint's length, a duration in working days (`2w`).
    #[schemars(with = "Option<Scalar>")]
    pub length: Option<S<String>>,
    /// The bucket this one lies inside (a week inside a phase).
    #[schemars(with = "Option<Scalar>")]
    pub within: Option<S<String>>,
    /// Does work in it start no earlier than its start? Default by kind:
    /// yes for sprint, iteration, week, month and phase; no for quarter and release.
    #[schemars(with = "Option<bool>")]
    pub wait: Option<S<bool>>,
    /// Declared number of items in the bucket.
    #[schemars(with = "Option<u64>")]
    pub total: Option<S<u64>>,
    /// Person-hours of work the bucket holds (`280h`, or person-days `35d`).
    #[schemars(with = "Option<Scalar>")]
    pub capacity: Option<S<String>>,
}

/// A milestone or gate: a point (or short step) that depends on work.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMilestone {
    /// Unique among tasks and milestones.
    #[schemars(with = "Scalar")]
    pub id: S<String>,
    /// Display name (default: the id).
    #[schemars(with = "Option<Scalar>")]
    pub name: Option<S<String>>,
    /// `milestone` (default) or `gate`.
    #[schemars(with = "Option<Scalar>")]
    pub kind: Option<S<String>>,
    /// Free text.
    #[schemars(with = "Option<Scalar>")]
    pub description: Option<S<String>>,
    /// Tasks or milestones that must finish first: `id`, `id +2d`, `id ss`.
    #[serde(default)]
    #[schemars(with = "Vec<Scalar>")]
    pub after: Vec<S<String>>,
    /// Duration in working days (default `0d`; a gate review may take `1d`).
    #[schemars(with = "Option<Scalar>")]
    pub duration: Option<S<String>>,
    /// Date expression: the stated start.
    #[schemars(with = "Option<Scalar>")]
    pub start: Option<S<String>>,
    /// Date expression: the stated end.
    #[schemars(with = "Option<Scalar>")]
    pub end: Option<S<String>>,
    /// The planned date: shorthand for `start` and `end` on the same period.
    #[schemars(with = "Option<Scalar>")]
    pub date: Option<S<String>>,
    /// Date expression: must be reached by the end of this period.
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
    /// What must be true (text; not dependencies).
    #[serde(default)]
    #[schemars(with = "Vec<Scalar>")]
    pub criteria: Vec<S<String>>,
    /// Milestones this one is made of.
    #[serde(default)]
    #[schemars(with = "Vec<Scalar>")]
    pub members: Vec<S<String>>,
    /// The bucket (id) it belongs to.
    #[schemars(with = "Option<Scalar>")]
    pub bucket: Option<S<String>>,
    /// Who owns it.
    #[schemars(with = "Option<Scalar>")]
    pub owner: Option<S<String>>,
    /// `todo`, `in-progress`, `done`, `blocked` or `cancelled` (default: derived).
    #[schemars(with = "Option<Scalar>")]
    pub status: Option<S<String>>,
    /// Free-text tags.
    #[serde(default)]
    #[schemars(with = "Vec<Scalar>")]
    pub tags: Vec<S<String>>,
    /// Declared number of items counted toward it.
    #[schemars(with = "Option<u64>")]
    pub total: Option<S<u64>>,
}

/// A stream: a team or workstream holding tasks.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawStream {
    /// Unique among streams.
    #[schemars(with = "Scalar")]
    pub id: S<String>,
    /// Display name (default: the id).
    #[schemars(with = "Option<Scalar>")]
    pub name: Option<S<String>>,
    /// Free text.
    #[schemars(with = "Option<Scalar>")]
    pub description: Option<S<String>>,
    /// Default owner of its tasks.
    #[schemars(with = "Option<Scalar>")]
    pub owner: Option<S<String>>,
    /// Declared number of items in the stream.
    #[schemars(with = "Option<u64>")]
    pub total: Option<S<u64>>,
    /// Person-hours of its work per bucket (`280h`, or person-days `35d`).
    #[schemars(with = "Option<Scalar>")]
    pub capacity: Option<S<String>>,
    /// Its tasks.
    #[serde(default)]
    pub tasks: Vec<RawTask>,
    /// Forecasts: default spread of its tasks that have only a `duration`,
    /// `-10%..+30%` (default: the plan's).
    #[schemars(with = "Option<Scalar>")]
    pub uncertainty: Option<S<String>>,
    /// Forecasts: default shape of its tasks' estimates, `triangular` or `pert`.
    #[schemars(with = "Option<Scalar>")]
    pub distribution: Option<S<String>>,
}

/// A task: an item, or a group when it has sub-tasks.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTask {
    /// Optional: derived from the name when absent (see docs/plan-format.md).
    #[schemars(with = "Option<Scalar>")]
    pub id: Option<S<String>>,
    /// Display name (required).
    #[schemars(with = "Scalar")]
    pub name: S<String>,
    /// Only on a file's top-level `tasks`: the stream the task belongs to.
    #[schemars(with = "Option<Scalar>")]
    pub stream: Option<S<String>>,
    /// Free text.
    #[schemars(with = "Option<Scalar>")]
    pub description: Option<S<String>>,
    /// `todo` (default), `in-progress`, `done`, `blocked` or `cancelled`; a group's rolls up.
    #[schemars(with = "Option<Scalar>")]
    pub status: Option<S<String>>,
    /// Who does it (default: the parent's, else the stream's).
    #[schemars(with = "Option<Scalar>")]
    pub owner: Option<S<String>>,
    /// Free text such as `P0` or `high` (default: the parent's).
    #[schemars(with = "Option<Scalar>")]
    pub priority: Option<S<String>>,
    /// Free-text tags.
    #[serde(default)]
    #[schemars(with = "Vec<Scalar>")]
    pub tags: Vec<S<String>>,
    /// The bucket (id) it is planned in (default: the parent's).
    #[schemars(with = "Option<Scalar>")]
    pub bucket: Option<S<String>>,
    /// The milestone (id) it counts toward (default: the parent's).
    #[schemars(with = "Option<Scalar>")]
    pub milestone: Option<S<String>>,
    /// Duration in working days (`3d`, `2w`, `0.5d`, `10cd` for calendar days).
    #[schemars(with = "Option<Scalar>")]
    pub duration: Option<S<String>>,
    /// Date expression: the stated start.
    #[schemars(with = "Option<Scalar>")]
    pub start: Option<S<String>>,
    /// Date expression: the stated end.
    #[schemars(with = "Option<Scalar>")]
    pub end: Option<S<String>>,
    /// Date expression: the deadline (default: its bucket's end).
    #[schemars(with = "Option<Scalar>")]
    pub due: Option<S<String>>,
    /// Dependencies: `api` (finish-to-start), `api +2d`, `"api -3d"`, `api ss`, `api ff -1d`, `api sf`.
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
    /// Forecasts: its length as a range `2w..5w` or three points
    /// `2w..3w..6w` (optimistic..likely..pessimistic), docs/forecast.md.
    #[schemars(with = "Option<Scalar>")]
    pub estimate: Option<S<String>>,
    /// Forecasts: the shape of its estimate, `triangular` (default) or `pert`.
    #[schemars(with = "Option<Scalar>")]
    pub distribution: Option<S<String>>,
    /// Work in person-days (`5d`, `2w`) or person-hours (`40h`); the duration follows from it and `assign`.
    #[schemars(with = "Option<Scalar>")]
    pub effort: Option<S<String>>,
    /// Who does it, and at what share: `[alice, {bob: 50%}]` (docs/capacity.md).
    #[serde(default)]
    #[schemars(with = "Vec<AssignSchema>")]
    pub assign: Vec<S<RawAssign>>,
    /// Sub-tasks (a checklist): the task becomes a group.
    #[serde(default)]
    pub tasks: Vec<RawTask>,
}

/// A risk in the register.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRisk {
    /// Unique among risks.
    #[schemars(with = "Scalar")]
    pub id: S<String>,
    /// Display name (required).
    #[schemars(with = "Scalar")]
    pub name: S<String>,
    /// Probability (free text).
    #[schemars(with = "Option<Scalar>")]
    pub probability: Option<S<String>>,
    /// Impact (free text).
    #[schemars(with = "Option<Scalar>")]
    pub impact: Option<S<String>>,
    /// Mitigation (free text).
    #[schemars(with = "Option<Scalar>")]
    pub mitigation: Option<S<String>>,
    /// Who owns it.
    #[schemars(with = "Option<Scalar>")]
    pub owner: Option<S<String>>,
    /// Status (free text).
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
