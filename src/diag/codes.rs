//! The list of diagnostic codes: one table, from which [`Code`], [`Code::ALL`],
//! the code strings, default severities, what each code stops and the
//! one-line summaries (shown by `roadmap check --help` and in docs/check.md)
//! are all made. A new code is one line here, a constructor in
//! [`super::kinds`], a section in docs/check.md and a fixture folder under
//! tests/fixtures/check.

#![warn(missing_docs)]

use super::Severity;

/// What a problem stops, besides itself. A code that stops something cannot
/// be allowed or made a warning with `check --allow` / `--warn`: the plan
/// would pass while parts of it were never checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stops {
    /// Nothing: the bad value is left out and the rest of the plan is checked.
    Nothing,
    /// The plan is not read further (its other checks do not run).
    Reading,
    /// The plan cannot be scheduled (due dates are not checked).
    Scheduling,
}

macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident, $stops:ident, $summary:literal;)*) => {
        /// Every diagnostic code. The strings are stable: scripts, `--deny`
        /// / `--allow` / `--warn` arguments and docs rely on them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(
                #[doc = $summary]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in the order of docs/check.md.
            pub const ALL: [Code; [$($name),*].len()] = [$(Code::$variant),*];

            /// The stable string, e.g. `unknown-reference`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// The severity unless the command line says otherwise.
            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// What a diagnostic with this code stops.
            pub fn stops(self) -> Stops {
                match self {
                    $(Code::$variant => Stops::$stops,)*
                }
            }

            /// One line on what the code means.
            pub fn summary(self) -> &'static str {
                match self {
                    $(Code::$variant => $summary,)*
                }
            }
        }
    };
}

codes! {
    YamlSyntax = "yaml-syntax", Error, Reading,
        "the file is not valid YAML";
    InvalidValue = "invalid-value", Error, Reading,
        "a list where one value belongs, text where a number belongs";
    InvalidDate = "invalid-date", Error, Nothing,
        "a date that cannot be read or is not the day the key needs";
    InvalidDuration = "invalid-duration", Error, Nothing,
        "a duration, lag or progress that cannot be read or is too long";
    InvalidStatus = "invalid-status", Error, Nothing,
        "a `status` that is not one of the statuses";
    InvalidKind = "invalid-kind", Error, Nothing,
        "a `kind` or `schedule` that is not one of the choices";
    InvalidCalendar = "invalid-calendar", Error, Nothing,
        "a `workdays` name that is not a weekday, or no work day";
    InvalidSprint = "invalid-sprint", Error, Nothing,
        "a numbered sprint that cannot be placed on the calendar";
    EndBeforeStart = "end-before-start", Error, Nothing,
        "a task or bucket that ends before it starts";
    ConflictingDates = "conflicting-dates", Error, Nothing,
        "dates written two ways at once (`date` and `start`/`end`)";
    EmptyValue = "empty-value", Error, Nothing,
        "an empty title, id or task name";
    MisplacedKey = "misplaced-key", Error, Nothing,
        "a key where it has no meaning (`title` in a fragment, ...)";
    MissingKey = "missing-key", Error, Reading,
        "a required key is absent";
    UnknownKey = "unknown-key", Error, Reading,
        "a key the format does not have there";
    DuplicateKey = "duplicate-key", Error, Reading,
        "the same key twice in one mapping";
    InputLimit = "input-limit", Error, Reading,
        "alias bomb, nesting too deep, file too large, other limits";
    Encoding = "encoding", Error, Reading,
        "the file is not UTF-8";
    EmptyFile = "empty-file", Error, Reading,
        "nothing but comments";
    IncludeError = "include-error", Error, Reading,
        "an `include` that cannot be used";
    DuplicateId = "duplicate-id", Error, Nothing,
        "two tasks, milestones, buckets or streams with one id";
    UnknownReference = "unknown-reference", Error, Nothing,
        "an id that names nothing";
    DependencyCycle = "dependency-cycle", Error, Scheduling,
        "work that waits for itself";
    TotalMismatch = "total-mismatch", Error, Nothing,
        "a declared `total` that differs from the count";
    StartBeforeDependency = "start-before-dependency", Warning, Nothing,
        "a start before a dependency's end";
    BucketOrder = "bucket-order", Warning, Nothing,
        "a bucket that ends before a dependency's bucket begins";
    DurationMismatch = "duration-mismatch", Warning, Nothing,
        "`duration` disagrees with `start` and `end`";
    OutsideBucket = "outside-bucket", Warning, Nothing,
        "stated dates outside the task's bucket";
    DueDateMissed = "due-date-missed", Warning, Nothing,
        "the schedule misses a task's `due` or its bucket's end";
    DeadlineMissed = "deadline-missed", Warning, Nothing,
        "the schedule misses a milestone's or the plan's `deadline`";
    DateOutOfRange = "date-out-of-range", Error, Nothing,
        "a schedule past 9999-12-31 or the calendar's end";
    StartNotHeld = "start-not-held", Warning, Nothing,
        "a stated start that dependencies or the bucket push later";
    MilestoneDateMissed = "milestone-date-missed", Warning, Nothing,
        "a dated milestone its dependencies reach after its date";
    NonWorkingDay = "non-working-day", Warning, Nothing,
        "a date written on a weekend or holiday";
    EstimateOrder = "estimate-order", Error, Nothing,
        "an estimate or uncertainty out of order";
    EstimateExcludesDuration = "estimate-excludes-duration", Error, Nothing,
        "an estimate that excludes the `duration`";
    EffortMismatch = "effort-mismatch", Warning, Nothing,
        "`duration` disagrees with `effort` and `assign`";
    OverAllocated = "over-allocated", Warning, Nothing,
        "a person or team on overlapping tasks beyond their capacity";
    OverCapacity = "over-capacity", Warning, Nothing,
        "a bucket or stream whose work exceeds its declared `capacity`";
}

impl Code {
    /// The code named `name`, if any.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
