//! `check --deny`, `--warn`, `--allow`: reading the levels from the command
//! line, and the help that lists every code.

use super::check::CheckArgs;
use roadmap::diag::{Code, Level, LevelError, Levels, Stops, Target};

pub(super) const CHECK_HELP: &str = "Examples:\n  roadmap check                                        roadmap.yaml, else every plan in plans/\n  roadmap check plans/kaar-roadmap.yaml --format json  the report for scripts\n  roadmap check --deny warnings                        fail on warnings too\n  roadmap check --deny deadline-missed                 fail on a missed deadline, not other warnings\n  roadmap check -D outside-bucket -A due-date-missed   deny one code, allow another\n  roadmap check -q                                     one summary line per plan\n\nStructural problems (YAML, unknown keys, duplicate ids, unknown references, cycles)\nand declared totals that do not match are errors; schedule inconsistencies are\nwarnings. --deny, --warn and --allow change that per code; codes that stop a\nplan from being read or scheduled cannot be allowed. Every code is listed in\n`roadmap check --help` and docs/check.md.\n\nExit codes: 0 no errors, 1 errors (after --deny, --warn, --allow), 2 could not run.";

/// The short help, and every code with its default severity and summary.
pub(super) fn check_long_help() -> String {
    let mut s = String::from(CHECK_HELP);
    s.push_str("\n\nCodes (default severity; * cannot be allowed or made a warning):\n");
    for code in Code::ALL {
        let fixed = if code.stops() == Stops::Nothing {
            ' '
        } else {
            '*'
        };
        s.push_str(&format!(
            "  {:<24} {:<7} {fixed} {}\n",
            code.as_str(),
            code.severity().as_str(),
            code.summary()
        ));
    }
    s
}

pub(super) fn deny_arg(s: &str) -> Result<Target, LevelError> {
    Target::parse(Level::Deny, s)
}

pub(super) fn warn_arg(s: &str) -> Result<Target, LevelError> {
    Target::parse(Level::Warn, s)
}

pub(super) fn allow_arg(s: &str) -> Result<Target, LevelError> {
    Target::parse(Level::Allow, s)
}

/// The levels the command line sets; two levels for one code are refused.
pub(super) fn check_levels(args: &CheckArgs) -> Result<Levels, LevelError> {
    let mut levels = Levels::default();
    for (level, targets) in [
        (Level::Deny, &args.deny),
        (Level::Warn, &args.warn),
        (Level::Allow, &args.allow),
    ] {
        for t in targets {
            levels.set(level, *t)?;
        }
    }
    Ok(levels)
}
