//! Diagnostics: what `check` (and every loader stage) says about a plan.
//!
//! Each diagnostic has a stable code, a severity, a message and a primary
//! location; related locations (where a total was declared, the other members of
//! a cycle) and a help line are optional. Rendering is in [`crate::report::diagnostics`].

use crate::source::Loc;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Every diagnostic code. The strings are stable: scripts and docs rely on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    YamlSyntax,
    InvalidValue,
    MissingKey,
    UnknownKey,
    DuplicateKey,
    InputLimit,
    Encoding,
    EmptyFile,
    IncludeError,
    DuplicateId,
    UnknownReference,
    DependencyCycle,
    TotalMismatch,
    StartBeforeDependency,
    BucketOrder,
    DurationMismatch,
    OutsideBucket,
    DueDateMissed,
    StartNotHeld,
    MilestoneDateMissed,
    NonWorkingDay,
}

impl Code {
    pub const ALL: [Code; 21] = [
        Code::YamlSyntax,
        Code::InvalidValue,
        Code::MissingKey,
        Code::UnknownKey,
        Code::DuplicateKey,
        Code::InputLimit,
        Code::Encoding,
        Code::EmptyFile,
        Code::IncludeError,
        Code::DuplicateId,
        Code::UnknownReference,
        Code::DependencyCycle,
        Code::TotalMismatch,
        Code::StartBeforeDependency,
        Code::BucketOrder,
        Code::DurationMismatch,
        Code::OutsideBucket,
        Code::DueDateMissed,
        Code::StartNotHeld,
        Code::MilestoneDateMissed,
        Code::NonWorkingDay,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::YamlSyntax => "yaml-syntax",
            Code::InvalidValue => "invalid-value",
            Code::MissingKey => "missing-key",
            Code::UnknownKey => "unknown-key",
            Code::DuplicateKey => "duplicate-key",
            Code::InputLimit => "input-limit",
            Code::Encoding => "encoding",
            Code::EmptyFile => "empty-file",
            Code::IncludeError => "include-error",
            Code::DuplicateId => "duplicate-id",
            Code::UnknownReference => "unknown-reference",
            Code::DependencyCycle => "dependency-cycle",
            Code::TotalMismatch => "total-mismatch",
            Code::StartBeforeDependency => "start-before-dependency",
            Code::BucketOrder => "bucket-order",
            Code::DurationMismatch => "duration-mismatch",
            Code::OutsideBucket => "outside-bucket",
            Code::DueDateMissed => "due-date-missed",
            Code::StartNotHeld => "start-not-held",
            Code::MilestoneDateMissed => "milestone-date-missed",
            Code::NonWorkingDay => "non-working-day",
        }
    }

    /// Structural problems and wrong totals are errors; schedule
    /// inconsistencies are warnings (failures only under `--deny warnings`).
    pub fn severity(self) -> Severity {
        match self {
            Code::StartBeforeDependency
            | Code::BucketOrder
            | Code::DurationMismatch
            | Code::OutsideBucket
            | Code::DueDateMissed
            | Code::StartNotHeld
            | Code::MilestoneDateMissed
            | Code::NonWorkingDay => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Control characters from a plan's values (a newline in an id, an escape
/// sequence in a name) shown escaped, as `\n` or `\u{1b}`: a message is one
/// line, and a plan must not be able to write lines of its own into the
/// output (`::error::…` is a command to GitHub Actions) or drive the terminal.
pub fn printable(s: String) -> String {
    if !s.chars().any(char::is_control) {
        return s;
    }
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[derive(Debug, Clone)]
pub struct Related {
    pub loc: Loc,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub loc: Loc,
    /// Text under the primary underline.
    pub label: Option<String>,
    pub related: Vec<Related>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(code: Code, loc: Loc, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message: printable(message.into()),
            loc,
            label: None,
            related: Vec::new(),
            help: None,
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(printable(label.into()));
        self
    }

    pub fn related(mut self, loc: Loc, message: impl Into<String>) -> Self {
        self.related.push(Related {
            loc,
            message: printable(message.into()),
        });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(printable(help.into()));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        // Best score; on a tie the alphabetically first, so runs agree.
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// Sort diagnostics by file, line and column so output is stable.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (a.loc.file, a.loc.line, a.loc.column, a.code, &a.message).cmp(&(
            b.loc.file,
            b.loc.line,
            b.loc.column,
            b.code,
            &b.message,
        ))
    });
}
