//! Diagnostics: what `check` (and every loader stage) says about a plan.
//!
//! Each diagnostic has a stable code, a severity, a message and a primary
//! location; related locations (where a total was declared, the other members of
//! a cycle) and a help line are optional. Rendering is in [`crate::render::diagnostics`].
//!
//! The codes are one table ([`Code`], in `diag/codes.rs`); each kind of
//! diagnostic has its constructor (`diag/kinds.rs`), so that a stage states
//! the facts and the wording lives here; [`Levels`] are the per-code
//! severities from the command line.

use crate::source::Loc;
use serde::Serialize;

mod codes;
mod kinds;
mod levels;

pub use codes::{Code, Stops};
pub use kinds::{BadEncoding, BucketOrder, CycleLink, Node, StartBeforeDependency, YamlLimit};
pub use levels::{Level, LevelError, Levels, Target, WARNINGS};

/// How serious a diagnostic is; errors sort before warnings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The plan is wrong: `check` exits 1, and most errors stop reports
    /// ([`crate::project::is_blocking`]).
    Error,
    /// Worth a look; does not fail `check` unless turned into an error by [`Levels`].
    Warning,
}

impl Severity {
    /// The lowercase name shown in output and JSON: `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Control characters from a plan's values (a newline in an id, an escape
/// sequence in a name) shown escaped, as `\n` or `\u{1b}`: a message is one
/// line, and a plan must not be able to write lines of its own into the
/// output (`::error::…` is a command to GitHub Actions) or drive the terminal.
/// Bidi controls (U+202E) are shown escaped too ([`crate::escape::terminal`]).
pub fn printable(s: String) -> String {
    match crate::escape::terminal(&s) {
        std::borrow::Cow::Borrowed(_) => s,
        std::borrow::Cow::Owned(o) => o,
    }
}

/// A secondary place a diagnostic points at, with what is there.
#[derive(Debug, Clone)]
pub struct Related {
    /// The place.
    pub loc: Loc,
    /// What is there, e.g. `first defined here`; control characters escaped.
    pub message: String,
}

/// One problem found in a plan: a stable code, a severity, a one-line message
/// and the place it is about. Built only by the constructors in `diag/kinds.rs`.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// The stable code (docs/check.md), which also gives the default severity.
    pub code: Code,
    /// The code's default severity until [`Levels::apply`] sets the final one.
    pub severity: Severity,
    /// One line, control characters escaped ([`printable`]).
    pub message: String,
    /// The primary place, underlined in the compiler-style output.
    pub loc: Loc,
    /// Text under the primary underline.
    pub label: Option<String>,
    /// Other places involved: where a total was declared, the other links of a cycle.
    pub related: Vec<Related>,
    /// A suggestion on how to fix it, shown after `help:`.
    pub help: Option<String>,
}

impl Diagnostic {
    /// Only the constructors of `diag/kinds.rs` assemble diagnostics.
    fn new(code: Code, loc: Loc, message: impl Into<String>) -> Self {
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

    fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(printable(label.into()));
        self
    }

    fn related(mut self, loc: Loc, message: impl Into<String>) -> Self {
        self.related.push(Related {
            loc,
            message: printable(message.into()),
        });
        self
    }

    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(printable(help.into()));
        self
    }

    /// Whether the severity (after levels are applied) is [`Severity::Error`].
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

/// Words people write for a key the format names otherwise: (their word, the
/// key, why). Edit distance finds typos (`durration`), not these.
const KEY_ALIASES: &[(&str, &str, &str)] = &[
    (
        "deadline",
        "due",
        "a task's date to finish by is `due`; `deadline` is a milestone's or the plan's",
    ),
    (
        "due",
        "deadline",
        "a milestone's or the plan's date to finish by is `deadline`; `due` is a task's",
    ),
    (
        "depends_on",
        "after",
        "what must finish first is `after: [id, ...]`",
    ),
    (
        "depends",
        "after",
        "what must finish first is `after: [id, ...]`",
    ),
    (
        "dependencies",
        "after",
        "what must finish first is `after: [id, ...]`",
    ),
    (
        "requires",
        "after",
        "what must finish first is `after: [id, ...]`",
    ),
    (
        "blocked_by",
        "after",
        "what must finish first is `after: [id, ...]`",
    ),
    ("assignee", "owner", "who does the work is `owner`"),
    ("assigned_to", "owner", "who does the work is `owner`"),
    (
        "state",
        "status",
        "`status` is one of todo, in-progress, done, blocked, cancelled",
    ),
];

/// The key of `expected` that `word` is another name for (`depends_on` for
/// `after`), and why, if `word` is such a word and the key is allowed here.
pub fn key_alias(word: &str, expected: &[&str]) -> Option<(&'static str, &'static str)> {
    let word = word.trim().to_lowercase().replace('-', "_");
    KEY_ALIASES
        .iter()
        .find(|(w, key, _)| *w == word && expected.contains(key))
        .map(|&(_, key, why)| (key, why))
}

/// Sort diagnostics by file, line and column so output is stable.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (a.loc.file, a.loc.line, a.loc.column, a.code)
            .cmp(&(b.loc.file, b.loc.line, b.loc.column, b.code))
            .then_with(|| crate::natural::natural_cmp(&a.message, &b.message))
    });
}
