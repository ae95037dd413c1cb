//! Per-code severity, as `check --deny CODE`, `--warn CODE` and
//! `--allow CODE` set it (the way clippy and cargo-deny take lint levels).
//!
//! A code set to a level gets it, whatever the group says; the group
//! `warnings`, if set, applies to the other codes whose diagnostics are
//! warnings (`--deny warnings` makes them errors, `--allow warnings` drops
//! them). Allowed diagnostics are dropped:
//! not printed, not counted. Codes that stop the plan from being read or
//! scheduled ([`Stops`]) cannot be allowed or made warnings.

#![warn(missing_docs)]

use super::{Code, Diagnostic, Severity, Stops, did_you_mean};
use std::collections::BTreeMap;

/// A level given on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Neither shown nor counted.
    Allow,
    /// A warning.
    Warn,
    /// An error.
    Deny,
}

impl Level {
    /// The command-line flag, e.g. `--deny`.
    pub fn flag(self) -> &'static str {
        match self {
            Level::Allow => "--allow",
            Level::Warn => "--warn",
            Level::Deny => "--deny",
        }
    }
}

/// What a level is given to: one code, or the group `warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// One code.
    Code(Code),
    /// Every warning of a code not given a level of its own.
    Warnings,
}

/// The name of the group of all warnings.
pub const WARNINGS: &str = "warnings";

/// Why a level given on the command line is refused. `Display` gives the
/// message the tool prints.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LevelError {
    /// `--warn warnings`: the group is for `--deny` and `--allow` only.
    #[error(
        "`--warn {WARNINGS}` would change nothing: the group `{WARNINGS}` is for --deny and --allow"
    )]
    WarnWarnings,
    /// No code has this name; `suggestion` is the nearest name, if one is close.
    #[error("{}", unknown_code(.name, .suggestion.as_deref()))]
    UnknownCode {
        /// The name as given.
        name: String,
        /// A code (or `warnings`) spelt nearly the same; `None` when none is close.
        suggestion: Option<&'static str>,
    },
    /// `--allow CODE` for a code that stops reading or scheduling.
    #[error("`{code}` cannot be allowed: {}", why_fixed(*.stops))]
    CannotAllow {
        /// The code.
        code: Code,
        /// What it stops (never [`Stops::Nothing`]).
        stops: Stops,
    },
    /// `--warn CODE` for a code that stops reading or scheduling.
    #[error("`{code}` cannot be made a warning: {}", why_fixed(*.stops))]
    CannotWarn {
        /// The code.
        code: Code,
        /// What it stops (never [`Stops::Nothing`]).
        stops: Stops,
    },
    /// The same code (or `warnings`) given two different levels.
    #[error(
        "`{} {name}` and `{} {name}` disagree: give one",
        .first.flag(),
        .second.flag(),
        name = .target.as_str()
    )]
    Twice {
        /// The code or group.
        target: Target,
        /// The level given first.
        first: Level,
        /// The other level, given later.
        second: Level,
    },
}

fn unknown_code(name: &str, suggestion: Option<&str>) -> String {
    match suggestion {
        Some(best) => format!("no code is named `{name}`: did you mean `{best}`?"),
        None => format!(
            "no code is named `{name}`; the codes are listed by `roadmap check --help` and in docs/check.md"
        ),
    }
}

fn why_fixed(stops: Stops) -> &'static str {
    match stops {
        Stops::Reading => {
            "it stops the plan from being read, so the rest of the plan would go unchecked"
        }
        Stops::Scheduling | Stops::Nothing => {
            "it stops the plan from being scheduled, so due dates would go unchecked"
        }
    }
}

impl Target {
    /// Read the argument of `level`'s flag: a code, or `warnings` (for
    /// `--deny` and `--allow`). The error says why not, for the user.
    pub fn parse(level: Level, name: &str) -> Result<Target, LevelError> {
        if name == WARNINGS {
            return match level {
                Level::Warn => Err(LevelError::WarnWarnings),
                _ => Ok(Target::Warnings),
            };
        }
        let Some(code) = Code::from_name(name) else {
            let names = Code::ALL.map(Code::as_str);
            let names = names.iter().copied().chain([WARNINGS]);
            return Err(LevelError::UnknownCode {
                name: name.to_string(),
                suggestion: did_you_mean(name, names),
            });
        };
        let stops = code.stops();
        match (stops, level) {
            (Stops::Nothing, _) | (_, Level::Deny) => Ok(Target::Code(code)),
            (_, Level::Allow) => Err(LevelError::CannotAllow { code, stops }),
            (_, Level::Warn) => Err(LevelError::CannotWarn { code, stops }),
        }
    }

    /// The name as given on the command line: the code's name, or `warnings`.
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Code(c) => c.as_str(),
            Target::Warnings => WARNINGS,
        }
    }
}

/// The levels set on the command line; the default sets none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Levels {
    set: BTreeMap<Target, Level>,
}

impl Levels {
    /// Levels from `(level, argument)` pairs as given on the command line.
    /// The same code (or `warnings`) given two different levels is refused.
    pub fn parse<'a, I>(args: I) -> Result<Levels, LevelError>
    where
        I: IntoIterator<Item = (Level, &'a str)>,
    {
        let mut levels = Levels::default();
        for (level, name) in args {
            let target = Target::parse(level, name)?;
            levels.set(level, target)?;
        }
        Ok(levels)
    }

    /// Set `target` to `level`; an error if it was set to another level.
    pub fn set(&mut self, level: Level, target: Target) -> Result<(), LevelError> {
        match self.set.insert(target, level) {
            Some(first) if first != level => Err(LevelError::Twice {
                target,
                first,
                second: level,
            }),
            _ => Ok(()),
        }
    }

    /// The severity a diagnostic with `code` gets; `None` when it is allowed.
    pub fn severity(&self, code: Code) -> Option<Severity> {
        match self.set.get(&Target::Code(code)) {
            Some(Level::Allow) => None,
            Some(Level::Warn) => Some(Severity::Warning),
            Some(Level::Deny) => Some(Severity::Error),
            None => match (code.severity(), self.set.get(&Target::Warnings)) {
                (Severity::Warning, Some(Level::Allow)) => None,
                (Severity::Warning, Some(Level::Deny)) => Some(Severity::Error),
                (severity, _) => Some(severity),
            },
        }
    }

    /// Give each diagnostic its final severity, and drop the allowed ones.
    pub fn apply(&self, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        if self.set.is_empty() {
            return diags;
        }
        diags
            .into_iter()
            .filter_map(|mut d| {
                d.severity = self.severity(d.code)?;
                Some(d)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levels(args: &[(Level, &str)]) -> Result<Levels, LevelError> {
        Levels::parse(args.iter().copied())
    }

    #[test]
    fn no_levels_keep_the_default_severity() {
        let l = Levels::default();
        for code in Code::ALL {
            assert_eq!(l.severity(code), Some(code.severity()), "{code}");
        }
    }

    #[test]
    fn a_code_gets_its_level_and_the_others_keep_theirs() {
        let l = levels(&[
            (Level::Deny, "outside-bucket"),
            (Level::Allow, "due-date-missed"),
            (Level::Warn, "total-mismatch"),
        ])
        .unwrap();
        assert_eq!(l.severity(Code::OutsideBucket), Some(Severity::Error));
        assert_eq!(l.severity(Code::DueDateMissed), None);
        assert_eq!(l.severity(Code::TotalMismatch), Some(Severity::Warning));
        assert_eq!(l.severity(Code::BucketOrder), Some(Severity::Warning));
        assert_eq!(l.severity(Code::UnknownReference), Some(Severity::Error));
    }

    #[test]
    fn a_code_given_a_level_keeps_it_whatever_the_group_says() {
        let l = levels(&[(Level::Deny, "warnings"), (Level::Allow, "bucket-order")]).unwrap();
        assert_eq!(l.severity(Code::BucketOrder), None);
        assert_eq!(l.severity(Code::OutsideBucket), Some(Severity::Error));
        // Warnings kept as warnings while the others fail.
        let l = levels(&[(Level::Warn, "bucket-order"), (Level::Deny, "warnings")]).unwrap();
        assert_eq!(l.severity(Code::BucketOrder), Some(Severity::Warning));
        assert_eq!(l.severity(Code::DueDateMissed), Some(Severity::Error));
        // An error made a warning is not denied again by the group.
        let l = levels(&[(Level::Warn, "total-mismatch"), (Level::Deny, "warnings")]).unwrap();
        assert_eq!(l.severity(Code::TotalMismatch), Some(Severity::Warning));
        let l = levels(&[(Level::Allow, "warnings"), (Level::Deny, "outside-bucket")]).unwrap();
        assert_eq!(l.severity(Code::OutsideBucket), Some(Severity::Error));
        assert_eq!(l.severity(Code::DurationMismatch), None);
        assert_eq!(l.severity(Code::InvalidDate), Some(Severity::Error));
    }

    #[test]
    fn unknown_codes_are_refused_with_a_suggestion() {
        let e = levels(&[(Level::Deny, "outside-buckets")]).unwrap_err();
        assert_eq!(
            e,
            LevelError::UnknownCode {
                name: "outside-buckets".into(),
                suggestion: Some("outside-bucket")
            }
        );
        assert_eq!(
            e.to_string(),
            "no code is named `outside-buckets`: did you mean `outside-bucket`?"
        );
        let e = levels(&[(Level::Allow, "warning")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("did you mean `warnings`?"), "{e}");
        let e = levels(&[(Level::Allow, "zzz")]).unwrap_err();
        assert!(
            matches!(
                e,
                LevelError::UnknownCode {
                    suggestion: None,
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(e.to_string().contains("roadmap check --help"), "{e}");
    }

    #[test]
    fn codes_that_stop_reading_or_scheduling_cannot_be_allowed_or_warned() {
        for code in Code::ALL {
            let allowed = levels(&[(Level::Allow, code.as_str())]);
            let warned = levels(&[(Level::Warn, code.as_str())]);
            let denied = levels(&[(Level::Deny, code.as_str())]);
            assert!(denied.is_ok(), "{code}");
            match code.stops() {
                Stops::Nothing => assert!(allowed.is_ok() && warned.is_ok(), "{code}"),
                _ => {
                    let e = allowed.unwrap_err();
                    assert!(matches!(e, LevelError::CannotAllow { code: c, .. } if c == code));
                    let e = e.to_string();
                    assert!(e.starts_with(&format!("`{code}` cannot be allowed: it stops")));
                    let e = warned.unwrap_err();
                    assert!(matches!(e, LevelError::CannotWarn { code: c, .. } if c == code));
                    let e = e.to_string();
                    assert!(e.starts_with(&format!("`{code}` cannot be made a warning")));
                }
            }
        }
        assert_eq!(Code::YamlSyntax.stops(), Stops::Reading);
    }

    #[test]
    fn two_levels_for_one_code_are_refused_and_repeats_are_not() {
        let e = levels(&[
            (Level::Allow, "bucket-order"),
            (Level::Deny, "bucket-order"),
        ]);
        assert_eq!(
            e.unwrap_err().to_string(),
            "`--allow bucket-order` and `--deny bucket-order` disagree: give one"
        );
        assert!(levels(&[(Level::Deny, "warnings"), (Level::Deny, "warnings")]).is_ok());
        let e = levels(&[(Level::Warn, "warnings")]).unwrap_err();
        assert_eq!(e, LevelError::WarnWarnings);
        assert_eq!(
            e.to_string(),
            "`--warn warnings` would change nothing: the group `warnings` is for --deny and --allow"
        );
    }
}
