//! One constructor per kind of diagnostic: the code, message, underline
//! label, related places and help of each are written here, once, and the
//! stages that find a problem call the constructor with its facts.
//! docs/check.md describes every code.

#![warn(missing_docs)]

use super::{Code, Diagnostic};
use crate::source::Loc;
use chrono::NaiveDate;

/// Why a file is not UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadEncoding {
    /// It starts with a UTF-16 byte order mark.
    Utf16,
    /// A byte that cannot be decoded.
    Byte {
        /// The byte.
        byte: u8,
        /// Its offset in the file.
        offset: usize,
    },
}

/// Which safety limit of the YAML reader a file exceeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YamlLimit {
    /// Nested deeper than this many levels (the reader's budget).
    Depth(usize),
    /// Nested too deeply for the parser's recursion; at most this many levels.
    Recursion(usize),
    /// More YAML nodes than a plan file may hold.
    Nodes,
    /// Too many anchors or aliases.
    Anchors,
    /// Aliases that expand to too much data.
    Aliases,
    /// Another budget: aliases or size.
    Size,
}

/// One link of a dependency cycle: why `next` waits for `here` (both ids).
#[allow(missing_docs)] // the fields are `here` and `next` in every variant
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CycleLink<'a> {
    /// `next` lists `here` in its `after`.
    After { here: &'a str, next: &'a str },
    /// `next`'s group lists `here` in its `after`.
    Inherited { here: &'a str, next: &'a str },
    /// Milestone `next` has `here` among its `members`.
    Member { here: &'a str, next: &'a str },
    /// Group `next` finishes after its sub-task `here`.
    Child { here: &'a str, next: &'a str },
    /// `here` counts toward milestone `next`.
    CountsToward { here: &'a str, next: &'a str },
}

/// A task or milestone, as a message names it: `task `api-impl``.
#[derive(Debug, Clone, Copy)]
pub struct Node<'a> {
    /// `task` or `milestone`.
    pub kind: &'static str,
    /// Its id.
    pub id: &'a str,
}

impl std::fmt::Display for Node<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} `{}`", self.kind, self.id)
    }
}

/// The facts of a stated start before a dependency's stated end.
#[derive(Debug, Clone)]
pub struct StartBeforeDependency<'a> {
    /// The task or milestone that starts too early.
    pub node: Node<'a>,
    /// The stated start, as the message shows it.
    pub start: String,
    /// Where the start is written.
    pub start_loc: Loc,
    /// The id of the dependency.
    pub dependency: &'a str,
    /// The dependency's stated end, as the message shows it.
    pub dependency_end: String,
    /// Where the dependency's end is written.
    pub dependency_end_loc: Loc,
    /// Where the dependency is written in `after`.
    pub after_loc: Loc,
    /// Both dates are written as days.
    pub both_days: bool,
    /// Both are days, and the start is the day the dependency ends.
    pub same_day: bool,
}

/// The facts of a task planned in a bucket that ends before its dependency's begins.
#[derive(Debug, Clone)]
pub struct BucketOrder<'a> {
    /// The task or milestone planned too early.
    pub node: Node<'a>,
    /// The id of its dependency.
    pub dependency: &'a str,
    /// Where the dependency is written in `after`.
    pub after_loc: Loc,
    /// The node's bucket.
    pub bucket: &'a str,
    /// Where the node's bucket is defined.
    pub bucket_loc: Loc,
    /// The dependency's bucket.
    pub dependency_bucket: &'a str,
    /// Where the dependency's bucket is defined.
    pub dependency_bucket_loc: Loc,
}

/// Was something asked for with a suggestion or a list of what is allowed?
fn hint(suggestion: Option<&str>, list: impl FnOnce() -> String) -> String {
    match suggestion {
        Some(best) => format!("did you mean `{best}`?"),
        None => list(),
    }
}

const SAFETY_HELP: &str = "see docs/security.md for the limits on nesting, aliases and size";

fn plural(n: u64, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Reading files and YAML.
impl Diagnostic {
    /// `empty-file`: a file with nothing but blank lines, comments and `---`.
    pub fn empty_file(loc: Loc) -> Self {
        Diagnostic::new(
            Code::EmptyFile,
            loc,
            "this file holds no plan: it is empty or only comments",
        )
        .help("a plan root needs at least `title:`; a fragment adds `streams`, `tasks`, `buckets` or `milestones`; see docs/plan-format.md")
    }

    /// `encoding`: a file that is not UTF-8.
    pub fn encoding(loc: Loc, why: BadEncoding) -> Self {
        let message = match why {
            BadEncoding::Utf16 => "this file is UTF-16: save it as UTF-8".to_string(),
            BadEncoding::Byte { byte, offset } => format!(
                "this file is not valid UTF-8: byte 0x{byte:02X} at offset {offset} cannot be decoded"
            ),
        };
        Diagnostic::new(Code::Encoding, loc, message)
    }

    /// `invalid-duration`: a `progress` that is not a percent from 0 to 100.
    pub fn invalid_progress(loc: Loc, written: &str) -> Self {
        Diagnostic::new(
            Code::InvalidDuration,
            loc,
            format!("`{written}` is not a progress: use a percent from 0 to 100, e.g. `40%`"),
        )
    }

    /// `invalid-duration`: a dependency whose lag or type cannot be read.
    pub fn invalid_dependency(loc: Loc, reason: String) -> Self {
        Diagnostic::new(Code::InvalidDuration, loc, reason)
    }

    /// `end-before-start`: a `finished` date before the `started` date.
    pub fn finished_before_started(loc: Loc, finished: &str, started: &str) -> Self {
        Diagnostic::new(
            Code::EndBeforeStart,
            loc,
            format!("it finished ({finished}) before it started ({started})"),
        )
    }

    /// `invalid-kind`: a `schedule` that is neither `asap` nor `alap`.
    pub fn invalid_schedule_mode(loc: Loc, written: &str) -> Self {
        Diagnostic::new(
            Code::InvalidKind,
            loc,
            format!("`{written}` is not a way to schedule"),
        )
        .help("use `asap` (as soon as possible, the default) or `alap` (as late as possible)")
    }

    /// `milestone-date-missed`: a dated milestone its dependencies reach
    /// only on `reached`, after its date (`shown` as written).
    pub fn milestone_date_missed(loc: Loc, id: &str, shown: &str, reached: NaiveDate) -> Self {
        Diagnostic::new(
            Code::MilestoneDateMissed,
            loc,
            format!(
                "milestone `{id}` is dated {shown}, but what it waits for lets it be reached {reached} at the earliest"
            ),
        )
        .label("stated date")
        .help(format!(
            "move the date, or shorten what it waits for: `roadmap explain {id}` shows the chain"
        ))
    }

    /// `start-not-held`: a stated start (`shown` as written) that the plan
    /// can only give on `es`; `because` points at what holds it back (a
    /// dependency, the bucket's start).
    pub fn start_not_held(
        loc: Loc,
        id: &str,
        shown: &str,
        es: NaiveDate,
        because: Option<(Loc, String)>,
    ) -> Self {
        let d = Diagnostic::new(
            Code::StartNotHeld,
            loc,
            format!(
                "task `{id}` is stated to start {shown}, but the plan lets it start {es} at the earliest"
            ),
        )
        .label("stated start")
        .help(format!(
            "a stated start is a start no earlier than: move it, or shorten what it waits for (`roadmap explain {id}`)"
        ));
        match because {
            Some((at, why)) => d.related(at, why),
            None => d,
        }
    }

    /// `non-working-day`: `key: day` written on a day off (`why`), read as
    /// `word` (`moved`).
    pub fn non_working_day(
        loc: Loc,
        key: &str,
        day: NaiveDate,
        why: &str,
        word: &str,
        moved: NaiveDate,
    ) -> Self {
        Diagnostic::new(
            Code::NonWorkingDay,
            loc,
            format!("`{key}: {day}` is {why}, not a working day: it counts as {word}, {moved}"),
        )
        .label("not a working day")
        .help("every command reads it the same way; write the working day to silence this")
    }

    /// `input-limit`: a file that takes the whole run past its input budget.
    pub fn run_too_large(loc: Loc, max_mib: u64) -> Self {
        Diagnostic::new(
            Code::InputLimit,
            loc,
            format!(
                "this file takes the files read in this run past {max_mib} MiB in all: check fewer plans at a time"
            ),
        )
        .help("see docs/security.md for the input limits")
    }

    /// `date-out-of-range`: `id` would finish `when` (on a date, or past the
    /// calendar's end), after `last`; `more` others do too.
    pub fn date_out_of_range(loc: Loc, id: &str, when: &str, last: NaiveDate, more: usize) -> Self {
        Diagnostic::new(
            Code::DateOutOfRange,
            loc,
            format!(
                "`{id}` would finish {when}, after {last}, the last date a report or an export can hold{}",
                match more {
                    0 => String::new(),
                    1 => " (and 1 more)".to_string(),
                    n => format!(" (and {n} more)"),
                }
            ),
        )
        .label("scheduled past 9999-12-31")
        .help("check the durations on the way to it: `roadmap explain` shows the chain")
    }

    /// A file over the size limit, in MiB.
    pub fn file_too_large(loc: Loc, max_mib: u64) -> Self {
        Diagnostic::new(
            Code::InputLimit,
            loc,
            format!(
                "this file is larger than {max_mib} MiB: split the plan into fragments with `include`"
            ),
        )
    }

    /// `input-limit`: YAML beyond a safety limit of the reader.
    pub fn yaml_limit(loc: Loc, limit: YamlLimit) -> Self {
        let what = match limit {
            YamlLimit::Depth(max) => format!("it is nested deeper than {max} levels"),
            YamlLimit::Recursion(max) => format!("it is nested too deeply (at most {max} levels)"),
            YamlLimit::Nodes => {
                "it has more YAML nodes than a plan file may hold: split it with `include`"
                    .to_string()
            }
            YamlLimit::Anchors => "it uses too many anchors or aliases".to_string(),
            YamlLimit::Aliases => "its aliases expand to too much data".to_string(),
            YamlLimit::Size => "its aliases or size expand to too much data".to_string(),
        };
        Diagnostic::new(
            Code::InputLimit,
            loc,
            format!("the YAML exceeds a safety limit: {what}"),
        )
        .help(SAFETY_HELP)
    }

    /// A second `---` document in a file.
    pub fn second_document(loc: Loc) -> Self {
        Diagnostic::new(
            Code::YamlSyntax,
            loc,
            "a plan file holds one YAML document, but this `---` starts a second one",
        )
        .help("put each plan in its own file; a root includes fragments with `include`")
    }

    /// The YAML parser's own message, without its location.
    pub fn yaml_syntax(loc: Loc, parser_message: &str) -> Self {
        let d = Diagnostic::new(
            Code::YamlSyntax,
            loc,
            format!("YAML syntax: {parser_message}"),
        );
        if parser_message.contains("mapping values are not allowed") {
            d.help("a value that contains `: ` must be quoted, e.g. `name: \"Gate 1: go\"`")
        } else {
            d
        }
    }

    /// `yaml-syntax` at a tab: YAML indents with spaces only.
    pub fn yaml_tab(loc: Loc, in_indentation: bool) -> Self {
        let message = if in_indentation {
            "YAML syntax: a tab in the indentation"
        } else {
            "YAML syntax: a tab where YAML does not allow one"
        };
        Diagnostic::new(Code::YamlSyntax, loc, message)
            .label("a tab")
            .help("YAML indents with spaces only: replace the tab with spaces")
    }

    /// `unknown-key`: a key the format does not have there.
    /// `expected` is the keys allowed there; `suggestion` the closest one.
    /// A word people use for a key (`depends_on`, `assignee`) is answered
    /// with that key before any near spelling.
    pub fn unknown_key(loc: Loc, key: &str, suggestion: Option<&str>, expected: &[&str]) -> Self {
        let help = match super::key_alias(key, expected) {
            Some((key, why)) => format!("did you mean `{key}`? {why}"),
            None => hint(suggestion, || {
                format!("the keys allowed here are: {}", expected.join(", "))
            }),
        };
        Diagnostic::new(Code::UnknownKey, loc, format!("unknown key `{key}`"))
            .label("not a key here")
            .help(help)
    }

    /// A key the YAML reader found missing (`name`, `id`).
    pub fn missing_key(loc: Loc, key: &str) -> Self {
        Diagnostic::new(Code::MissingKey, loc, format!("missing key `{key}`"))
            .label(format!("`{key}` is required here"))
    }

    /// `duplicate-key`: a key set twice in one mapping (its name, when known).
    pub fn duplicate_key(loc: Loc, key: Option<&str>) -> Self {
        Diagnostic::new(
            Code::DuplicateKey,
            loc,
            match key {
                Some(k) => format!("duplicate key `{k}`"),
                None => "duplicate key".to_string(),
            },
        )
        .label("this key was already set in the same mapping")
    }

    /// A YAML value of another shape than the one expected: `expected` is
    /// the YAML reader's name for it (`sequence start`, `mapping start`, ...).
    pub fn unexpected_shape(loc: Loc, expected: &str) -> Self {
        Diagnostic::new(
            Code::InvalidValue,
            loc,
            match expected {
                "sequence start" => {
                    "expected a list here, e.g. `[a, b]` or lines starting with `- `".to_string()
                }
                "mapping start" => "expected a mapping here (lines of `key: value`)".to_string(),
                "string scalar" | "scalar" => {
                    "expected a single value (text), not a list or a mapping".to_string()
                }
                other => format!("expected {other} here"),
            },
        )
    }

    /// `invalid-value`: a value of the wrong type, with the YAML reader's message.
    /// A value of the wrong type, with the YAML reader's message.
    pub fn wrong_type(loc: Loc, reader_message: &str) -> Self {
        let msg = reader_message;
        let message = if msg.contains("invalid u64") || msg.contains("invalid u32") {
            "expected a whole number (0 or more)".to_string()
        } else if msg.contains("expected string scalar") {
            "expected a single value (text), not a list or a mapping".to_string()
        } else if msg.contains("sequence") {
            format!("{msg}: write a list, e.g. `after: [\"1.1\", \"1.2\"]`")
        } else {
            msg.to_string()
        };
        Diagnostic::new(Code::InvalidValue, loc, message)
    }
}

/// Includes.
impl Diagnostic {
    /// `include-error`: an empty include path.
    pub fn include_empty(loc: Loc) -> Self {
        Diagnostic::new(Code::IncludeError, loc, "an include path is empty")
    }

    /// `include-error`: an absolute include path.
    pub fn include_absolute(loc: Loc, include: &str) -> Self {
        Diagnostic::new(
            Code::IncludeError,
            loc,
            format!(
                "`{include}` is an absolute path: includes are relative to the including file and stay inside the plan's folder"
            ),
        )
    }

    /// `reason` says what is wrong with the path (it does not exist, ...).
    pub fn include_unreadable(loc: Loc, include: &str, reason: &str) -> Self {
        Diagnostic::new(
            Code::IncludeError,
            loc,
            format!("cannot include `{include}`: {reason}"),
        )
    }

    /// `include-error`: an include outside the folder of the plan's root file.
    pub fn include_outside(loc: Loc, include: &str, root_folder: &str) -> Self {
        Diagnostic::new(
            Code::IncludeError,
            loc,
            format!(
                "`{include}` is outside the plan's folder: a plan may only include files in the folder of its root file, {root_folder}"
            ),
        )
    }

    /// `include-error`: an include that names a folder.
    pub fn include_folder(loc: Loc, include: &str) -> Self {
        Diagnostic::new(
            Code::IncludeError,
            loc,
            format!("`{include}` is a folder, not a plan file"),
        )
    }

    /// `include-error`: a file that includes itself.
    pub fn include_self(loc: Loc) -> Self {
        Diagnostic::new(Code::IncludeError, loc, "this file includes itself")
    }

    /// `file` is already part of the plan: included twice, or a cycle.
    pub fn include_twice(loc: Loc, file: &str) -> Self {
        Diagnostic::new(
            Code::IncludeError,
            loc,
            format!("`{file}` is already part of this plan (included twice, or an include cycle)"),
        )
    }

    /// `include-error`: a fragment already in the plan whose root is `other_root`.
    pub fn include_in_two_plans(loc: Loc, file: &str, other_root: &str) -> Self {
        Diagnostic::new(
            Code::IncludeError,
            loc,
            format!(
                "`{file}` already belongs to the plan whose root is `{other_root}`: a fragment may be included by one plan only"
            ),
        )
    }
}

/// Values of the plan.
impl Diagnostic {
    /// `missing-key`: a plan root without `title`.
    pub fn missing_title(loc: Loc) -> Self {
        Diagnostic::new(
            Code::MissingKey,
            loc,
            "missing key `title`: a plan root needs a title",
        )
        .help("add `title: ...` at the top; a file without a title can only be included by a plan")
    }

    /// `missing-key`: a top-level task without `stream`.
    pub fn missing_stream(loc: Loc) -> Self {
        Diagnostic::new(
            Code::MissingKey,
            loc,
            "missing key `stream`: a task listed at the top level of a file must name its stream",
        )
        .help("add `stream: <id>`, or move the task under its stream's `tasks`")
    }

    /// `missing-key`: `sprint: N` without `length`.
    pub fn sprint_without_length(loc: Loc) -> Self {
        Diagnostic::new(
            Code::MissingKey,
            loc,
            "a numbered sprint needs `length` too, e.g. `length: 2w`",
        )
    }

    /// `missing-key`: `length` without `sprint: N`.
    pub fn length_without_sprint(loc: Loc) -> Self {
        Diagnostic::new(Code::MissingKey, loc, "`length` goes with `sprint: N`")
    }

    /// `empty-value`: an empty plan title.
    pub fn empty_title(loc: Loc) -> Self {
        Diagnostic::new(Code::EmptyValue, loc, "the plan title is empty")
    }

    /// `empty-value`: an empty stream id.
    pub fn empty_stream_id(loc: Loc) -> Self {
        Diagnostic::new(Code::EmptyValue, loc, "a stream id is empty")
    }

    /// `empty-value`: an empty bucket id.
    pub fn empty_bucket_id(loc: Loc) -> Self {
        Diagnostic::new(Code::EmptyValue, loc, "a bucket id is empty")
    }

    /// An empty task or milestone id.
    pub fn empty_id(loc: Loc) -> Self {
        Diagnostic::new(Code::EmptyValue, loc, "an id is empty")
    }

    /// `empty-value`: an empty task name.
    pub fn empty_task_name(loc: Loc) -> Self {
        Diagnostic::new(Code::EmptyValue, loc, "a task name is empty")
    }

    /// A key of the plan's root file (`title`, `start`, ...) in a fragment.
    pub fn root_only_key(loc: Loc, key: &str) -> Self {
        Diagnostic::new(
            Code::MisplacedKey,
            loc,
            format!("`{key}` may only be set in the plan's root file"),
        )
        .help("move it to the file that has `title`")
    }

    /// `misplaced-key`: an `estimate` on a task with sub-tasks.
    pub fn estimate_on_group(loc: Loc) -> Self {
        Diagnostic::new(
            Code::MisplacedKey,
            loc,
            "`estimate` on a group: its length is its sub-tasks'".to_string(),
        )
        .help("give its sub-tasks estimates instead (docs/forecast.md)")
    }

    /// `stream` on a task inside a stream or a group.
    pub fn stream_not_top_level(loc: Loc) -> Self {
        Diagnostic::new(
            Code::MisplacedKey,
            loc,
            "`stream` is only for tasks listed at the top level of a file",
        )
        .help("a task inside a stream or a group belongs to that stream already")
    }

    /// A date that cannot be read; `reason` is the date parser's message.
    pub fn invalid_date(loc: Loc, reason: String) -> Self {
        Diagnostic::new(Code::InvalidDate, loc, reason)
    }

    /// A date that reads, but lies beyond what the calendar holds.
    pub fn beyond_calendar(loc: Loc, written: &str) -> Self {
        Diagnostic::new(
            Code::InvalidDate,
            loc,
            format!("`{written}` is beyond the calendar"),
        )
    }

    /// A plan `start` that is a week, month, ... rather than a day.
    pub fn plan_start_not_a_day(loc: Loc, written: &str) -> Self {
        Diagnostic::new(
            Code::InvalidDate,
            loc,
            format!("the plan start must be a day such as 2026-01-05, not `{written}`"),
        )
    }

    /// `invalid-date`: a holiday that is a week, month, ... rather than a day.
    pub fn holiday_not_a_day(loc: Loc, written: &str) -> Self {
        Diagnostic::new(
            Code::InvalidDate,
            loc,
            format!("a holiday is one day such as 2026-12-25, not `{written}`"),
        )
    }

    /// A duration that cannot be read; `reason` is the parser's message.
    pub fn invalid_duration(loc: Loc, reason: String) -> Self {
        Diagnostic::new(Code::InvalidDuration, loc, reason)
    }

    /// `names` are the statuses; `suggestion` the closest one.
    pub fn invalid_status(
        loc: Loc,
        written: &str,
        suggestion: Option<&str>,
        names: &[&str],
    ) -> Self {
        Diagnostic::new(
            Code::InvalidStatus,
            loc,
            format!("`{written}` is not a status"),
        )
        .help(hint(suggestion, || {
            format!("a status is one of: {}", names.join(", "))
        }))
    }

    /// `invalid-kind`: a bucket `kind` that is none of `names`.
    pub fn invalid_bucket_kind(
        loc: Loc,
        written: &str,
        suggestion: Option<&str>,
        names: &[&str],
    ) -> Self {
        Diagnostic::new(
            Code::InvalidKind,
            loc,
            format!("`{written}` is not a kind of bucket"),
        )
        .help(hint(suggestion, || {
            format!("a bucket kind is one of: {}", names.join(", "))
        }))
    }

    /// `estimate-order`: an `estimate` whose optimistic length exceeds its
    /// pessimistic one (or whose most likely is outside them), or an
    /// `uncertainty` whose sides have the wrong sign; `reason` says which.
    pub fn estimate_order(loc: Loc, reason: String) -> Self {
        Diagnostic::new(Code::EstimateOrder, loc, reason).help(
            "write optimistic..likely..pessimistic, shortest first (`2w..3w..6w`); an uncertainty as `-10%..+30%`",
        )
    }

    /// `estimate-excludes-duration`: the range `written` does not contain
    /// the task's `duration` (written at `duration`).
    pub fn estimate_excludes_duration(loc: Loc, written: &str, duration: Loc) -> Self {
        Diagnostic::new(
            Code::EstimateExcludesDuration,
            loc,
            format!("the estimate `{written}` does not contain the task's duration"),
        )
        .related(duration, "the duration is written here")
        .help("widen the estimate, or change the duration (it is the most likely length)")
    }

    /// `invalid-kind`: a `distribution` other than `triangular` or `pert`.
    pub fn invalid_distribution(loc: Loc, written: &str) -> Self {
        Diagnostic::new(
            Code::InvalidKind,
            loc,
            format!("`{written}` is not a distribution: use `triangular` (the default) or `pert`"),
        )
    }

    /// `invalid-kind`: a milestone `kind` other than `milestone` or `gate`.
    pub fn invalid_milestone_kind(loc: Loc, written: &str) -> Self {
        Diagnostic::new(
            Code::InvalidKind,
            loc,
            format!("`{written}` is not a kind of milestone: use `milestone` or `gate`"),
        )
    }

    /// `invalid-calendar`: a name in `workdays` that is not a day of the week.
    pub fn not_a_weekday(loc: Loc, written: &str) -> Self {
        Diagnostic::new(
            Code::InvalidCalendar,
            loc,
            format!("`{written}` is not a day of the week: use mon, tue, wed, thu, fri, sat, sun"),
        )
    }

    /// `invalid-calendar`: `workdays` without any work day.
    pub fn no_workdays(loc: Loc) -> Self {
        Diagnostic::new(
            Code::InvalidCalendar,
            loc,
            "the calendar needs at least one work day",
        )
    }

    /// `invalid-sprint`: sprint 0.
    pub fn sprint_zero(loc: Loc) -> Self {
        Diagnostic::new(Code::InvalidSprint, loc, "sprints count from 1")
    }

    /// `invalid-sprint`: a numbered sprint in a plan without `start`.
    pub fn sprint_without_plan_start(loc: Loc) -> Self {
        Diagnostic::new(
            Code::InvalidSprint,
            loc,
            "a numbered sprint counts from the plan `start`, which is not set",
        )
    }

    /// `invalid-sprint`: a sprint that does not fit on the calendar.
    pub fn sprint_off_calendar(loc: Loc) -> Self {
        Diagnostic::new(
            Code::InvalidSprint,
            loc,
            "this sprint does not fit on the calendar",
        )
    }

    /// `what` is `task` or `bucket`; `end` and `start` as written.
    pub fn end_before_start(loc: Loc, what: &str, id: &str, end: &str, start: &str) -> Self {
        Diagnostic::new(
            Code::EndBeforeStart,
            loc,
            format!("{what} `{id}` ends ({end}) before it starts ({start})"),
        )
    }

    /// `conflicting-dates`: a bucket with more than one of `period`, `start`/`end`, `sprint`/`length`.
    pub fn bucket_dates_two_ways(loc: Loc, id: &str) -> Self {
        Diagnostic::new(
            Code::ConflictingDates,
            loc,
            format!("bucket `{id}` gives its dates more than one way"),
        )
        .help("use one of: `period`; `start` and `end`; `sprint` with `length`")
    }

    /// `conflicting-dates`: a milestone with `date` and `start` or `end`.
    pub fn milestone_date_and_range(loc: Loc, id: &str) -> Self {
        Diagnostic::new(
            Code::ConflictingDates,
            loc,
            format!("milestone `{id}` has both `date` and `start`/`end`"),
        )
        .help("`date` means start and end on the same period: keep one form")
    }
}

/// Ids and references.
impl Diagnostic {
    /// A task or milestone id taken already, by `first` (`a task`, `a milestone`).
    pub fn duplicate_id(loc: Loc, id: &str, first: &str, first_loc: Loc) -> Self {
        Diagnostic::new(
            Code::DuplicateId,
            loc,
            format!("id `{id}` is already used by {first}"),
        )
        .label("second use")
        .related(first_loc, "first used here")
        .help("ids of tasks and milestones must be unique across the whole plan")
    }

    /// `duplicate-id`: a stream defined twice.
    pub fn duplicate_stream(loc: Loc, id: &str, first_loc: Loc) -> Self {
        Diagnostic::new(
            Code::DuplicateId,
            loc,
            format!("stream `{id}` is defined twice"),
        )
        .label("second definition")
        .related(first_loc, "first defined here")
        .help("to add tasks to a stream from another file, list them under top-level `tasks` with `stream: <id>`")
    }

    /// `duplicate-id`: a bucket defined twice.
    pub fn duplicate_bucket(loc: Loc, id: &str, first_loc: Loc) -> Self {
        Diagnostic::new(
            Code::DuplicateId,
            loc,
            format!("bucket `{id}` is defined twice"),
        )
        .label("second definition")
        .related(first_loc, "first defined here")
    }

    /// No `what` (`task or milestone`, `bucket`, ...) has the id `id`.
    pub fn unknown_reference(loc: Loc, what: &str, id: &str, suggestion: Option<&str>) -> Self {
        let d = Diagnostic::new(
            Code::UnknownReference,
            loc,
            format!("no {what} has the id `{id}`"),
        )
        .label(format!("unknown {what}"));
        match suggestion {
            Some(best) => d.help(format!("did you mean `{best}`?")),
            None => d,
        }
    }

    /// `unknown-reference`: a task named where a milestone is expected.
    pub fn task_not_milestone(loc: Loc, id: &str) -> Self {
        Diagnostic::new(
            Code::UnknownReference,
            loc,
            format!("`{id}` is a task, not a milestone"),
        )
    }

    /// A bucket `within` itself, through `through`.
    pub fn bucket_within_itself(loc: Loc, bucket: &str, through: &str) -> Self {
        Diagnostic::new(
            Code::DependencyCycle,
            loc,
            format!("bucket `{bucket}` would lie within itself through `{through}`"),
        )
    }

    /// A dependency cycle through `ids` (in order), each link where it is written.
    pub fn dependency_cycle(loc: Loc, ids: &[&str], links: &[(Loc, CycleLink<'_>)]) -> Self {
        let mut chain = if ids.len() > 20 {
            format!(
                "{} -> ... ({} more) -> {}",
                ids[..10].join(" -> "),
                ids.len() - 11,
                ids[ids.len() - 1]
            )
        } else {
            ids.join(" -> ")
        };
        chain.push_str(" -> ");
        chain.push_str(ids.first().copied().unwrap_or_default());
        let mut d = Diagnostic::new(
            Code::DependencyCycle,
            loc,
            format!("dependency cycle: {chain}"),
        )
        .label(if ids.len() == 1 {
            "this depends on itself".to_string()
        } else {
            format!("this is one of the {} in the cycle", ids.len())
        })
        .help("remove one of these dependencies: nothing in a cycle can ever start");
        // Show at most 50 links, so a 100,000-task cycle stays readable.
        for (l, link) in links.iter().take(50) {
            let why = match link {
                CycleLink::After { here, next } => format!("`{next}` waits for `{here}` (after)"),
                CycleLink::Inherited { here, next } => {
                    format!("`{next}` waits for `{here}` (its group's after)")
                }
                CycleLink::Member { here, next } => format!("`{next}` is made of `{here}`"),
                CycleLink::Child { here, next } => {
                    format!("`{next}` finishes after its sub-task `{here}`")
                }
                CycleLink::CountsToward { here, next } => {
                    format!("`{here}` counts toward milestone `{next}`")
                }
            };
            d = d.related(*l, why);
        }
        if links.len() > 50 {
            d = d.related(loc, format!("... and {} more links", links.len() - 50));
        }
        d
    }
}

/// Limits on what a plan may make the tool compute.
impl Diagnostic {
    /// `input-limit`: an id of `len` bytes, over `max`.
    pub fn id_too_long(loc: Loc, len: usize, max: usize) -> Self {
        Diagnostic::new(
            Code::InputLimit,
            loc,
            format!("this id is {len} bytes long; an id may have at most {max}"),
        )
        .help("a task without `id` takes its parent's id and its name: give it a short `id`")
    }

    /// `input-limit`: buckets `within` one another more than `max` deep.
    pub fn buckets_too_deep(loc: Loc, max: usize) -> Self {
        Diagnostic::new(
            Code::InputLimit,
            loc,
            format!("buckets may lie within one another at most {max} deep"),
        )
    }

    /// `input-limit`: a calendar with `count` holidays, over `max`.
    pub fn too_many_holidays(loc: Loc, max: usize, count: usize) -> Self {
        Diagnostic::new(
            Code::InputLimit,
            loc,
            format!("a calendar may have at most {max} holidays; this one lists {count}"),
        )
    }

    /// `input-limit`: groups passing `count` dependencies to their sub-tasks, over `max`.
    pub fn too_many_inherited_dependencies(loc: Loc, count: usize, max: usize) -> Self {
        Diagnostic::new(
            Code::InputLimit,
            loc,
            format!(
                "the groups of this plan pass {count} dependencies on to their sub-tasks; a plan may have at most {max}"
            ),
        )
        .help("a group's `after` holds for each of its sub-tasks: depend on a milestone instead of on many tasks")
    }

    /// Counting milestones' items stopped at milestone `id`.
    pub fn milestone_count_too_long(loc: Loc, max: usize, id: &str) -> Self {
        Diagnostic::new(
            Code::InputLimit,
            loc,
            format!(
                "counting the items of the milestones takes more than {max} steps; stopped at milestone `{id}`"
            ),
        )
        .help("milestones made of many others, or after large groups, count the same items many times; see docs/security.md")
    }
}

/// Totals and dates.
impl Diagnostic {
    /// `what` names the thing that declares the total: `stream `web``.
    pub fn total_mismatch(loc: Loc, what: &str, declared: u64, counted: u64) -> Self {
        Diagnostic::new(
            Code::TotalMismatch,
            loc,
            format!(
                "{what} declares {} but has {}",
                plural(declared, "item"),
                plural(counted, "item")
            ),
        )
        .label(format!("declared {declared}, counted {counted}"))
        .help(if counted < declared {
            format!("an item is a task without sub-tasks; add the missing items, or change the total to {counted}")
        } else {
            format!("an item is a task without sub-tasks; change the total to {counted}, or remove the items that do not belong")
        })
    }

    /// `start-before-dependency`: a stated start before a dependency's stated end.
    pub fn start_before_dependency(f: StartBeforeDependency<'_>) -> Self {
        let message = if f.same_day {
            format!(
                "{} starts on {}, the day its dependency `{}` ends: it can start the next working day",
                f.node, f.start, f.dependency,
            )
        } else {
            format!(
                "{} starts {} before its dependency `{}` ends {}",
                f.node, f.start, f.dependency, f.dependency_end,
            )
        };
        Diagnostic::new(Code::StartBeforeDependency, f.start_loc, message)
            .label("stated start")
            .related(f.dependency_end_loc, format!("`{}` ends here", f.dependency))
            .related(f.after_loc, "the dependency")
            .help(if f.both_days {
                "a task can start on the working day after its dependency ends"
            } else {
                "with dates written as weeks or months, starting in the period where the dependency ends is a hand-off; starting in an earlier one is not"
            })
    }

    /// `lasts` is the duration as text; `span` says what the dates span.
    pub fn duration_mismatch(
        loc: Loc,
        node: Node<'_>,
        lasts: &str,
        span: &str,
        start_loc: Loc,
        end_loc: Loc,
    ) -> Self {
        Diagnostic::new(
            Code::DurationMismatch,
            loc,
            format!("{node} lasts {lasts}, but {span}"),
        )
        .label("stated duration")
        .related(start_loc, "stated start")
        .related(end_loc, "stated end")
        .help("make the duration, the start and the end agree")
    }

    /// `bucket-order`: a task planned in a bucket that ends before its dependency's begins.
    pub fn bucket_order(f: BucketOrder<'_>) -> Self {
        Diagnostic::new(
            Code::BucketOrder,
            f.after_loc,
            format!(
                "{} is planned in `{}`, which ends before `{}` (the bucket of its dependency `{}`) begins",
                f.node, f.bucket, f.dependency_bucket, f.dependency
            ),
        )
        .label("this dependency")
        .related(f.bucket_loc, format!("bucket `{}`", f.bucket))
        .related(f.dependency_bucket_loc, format!("bucket `{}`", f.dependency_bucket))
        .help("move the task to a later bucket, or its dependency to an earlier one")
    }

    /// A stated start before the bucket begins (`starts` true), or a stated
    /// end after it ends; `date` and `bound` as the message shows them.
    pub fn outside_bucket(
        loc: Loc,
        node: Node<'_>,
        starts: bool,
        date: &str,
        bucket: &str,
        bound: &str,
        bound_loc: Loc,
    ) -> Self {
        let message = if starts {
            format!("{node} starts {date}, before its bucket `{bucket}` begins {bound}")
        } else {
            format!("{node} ends {date}, after its bucket `{bucket}` ends {bound}")
        };
        Diagnostic::new(Code::OutsideBucket, loc, message)
            .label(if starts { "stated start" } else { "stated end" })
            .related(bound_loc, format!("bucket `{bucket}`"))
            .help("move the task to the bucket its dates fall in, or change its dates")
    }

    /// `finish` is the earliest finish; `due` names the due date (`its due
    /// date`, `the end of its bucket `q2``) and `date` is its day.
    pub fn due_date_missed(
        loc: Loc,
        node: Node<'_>,
        finish: &str,
        days_late: i64,
        due: &str,
        date: &str,
        due_loc: Loc,
    ) -> Self {
        let s = if days_late == 1 { "" } else { "s" };
        Diagnostic::new(
            Code::DueDateMissed,
            loc,
            format!(
                "{node} can finish {finish} at the earliest, {days_late} working day{s} after {due} ({date})"
            ),
        )
        .label(format!("{days_late} working day{s} late"))
        .related(due_loc, "the due date")
        .help("`roadmap explain` shows the chain that makes it late; shorten that chain or move the due date")
    }

    /// `deadline-missed`: a milestone's earliest finish after its own
    /// `deadline` (kept apart from `due-date-missed` so that CI can deny it
    /// alone).
    pub fn deadline_missed(
        loc: Loc,
        node: Node<'_>,
        finish: &str,
        days_late: i64,
        date: &str,
        deadline_loc: Loc,
    ) -> Self {
        let s = if days_late == 1 { "" } else { "s" };
        Diagnostic::new(
            Code::DeadlineMissed,
            loc,
            format!(
                "{node} can finish {finish} at the earliest, {days_late} working day{s} after its deadline ({date})"
            ),
        )
        .label(format!("{days_late} working day{s} late"))
        .related(deadline_loc, "the deadline")
        .help("`roadmap explain` shows the chain that makes it late; shorten that chain or move the deadline")
    }

    /// `deadline-missed`: the plan's earliest finish after its deadline.
    pub fn plan_deadline_missed(loc: Loc, finish: &str, days_late: i64, deadline: &str) -> Self {
        Diagnostic::new(
            Code::DeadlineMissed,
            loc,
            format!(
                "the plan can finish {finish} at the earliest, {days_late} working day{} after its deadline ({deadline})",
                if days_late == 1 { "" } else { "s" }
            ),
        )
        .label("plan deadline")
        .help("`roadmap critical-path` shows the chain that sets the finish date")
    }

    /// `invalid-duration`: a `capacity`, `effort` or share that cannot be read.
    pub fn invalid_amount(loc: Loc, key: &str, reason: &str) -> Self {
        Diagnostic::new(
            Code::InvalidDuration,
            loc,
            format!("`{key}` cannot be read: {reason}"),
        )
        .help("see docs/capacity.md for the units: `40h`, `5d`, `8h/d`, `32h/w`, `50%`")
    }

    /// `duplicate-id`: a resource defined twice.
    pub fn duplicate_resource(loc: Loc, id: &str, first_loc: Loc) -> Self {
        Diagnostic::new(
            Code::DuplicateId,
            loc,
            format!("resource `{id}` is defined twice"),
        )
        .label("second definition")
        .related(first_loc, "first defined here")
    }

    /// `effort-mismatch`: a written duration that effort and assignments disagree with.
    pub fn effort_mismatch(
        loc: Loc,
        task: &str,
        lasts: &str,
        implied: &str,
        effort_loc: Loc,
    ) -> Self {
        Diagnostic::new(
            Code::EffortMismatch,
            loc,
            format!("task `{task}` lasts {lasts}, but its effort and assignments take {implied}"),
        )
        .label("stated duration")
        .related(effort_loc, "effort")
        .help("write `duration` or `effort`, not both; or make them agree (docs/capacity.md)")
    }

    /// `over-allocated`: a resource given more work at once than it has people.
    pub fn over_allocated(loc: Loc, resource: &str, detail: &str) -> Self {
        Diagnostic::new(
            Code::OverAllocated,
            loc,
            format!("`{resource}` is over-allocated: {detail}"),
        )
        .label("this resource")
        .help("level the plan (`level: true`, or `--level`) to schedule work when its people are free, or move or reassign work")
    }

    /// `over-capacity`: a bucket or stream whose work exceeds its declared capacity.
    pub fn over_capacity(loc: Loc, what: &str, need: &str, have: &str) -> Self {
        Diagnostic::new(
            Code::OverCapacity,
            loc,
            format!("{what} needs {need} of {have} person-hours"),
        )
        .label("declared capacity")
        .help(
            "move work out, or raise its `capacity` (`roadmap load --by bucket` shows the demand)",
        )
    }
}
