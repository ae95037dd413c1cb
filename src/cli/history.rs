//! `roadmap history`: the plan's progress over its git history.

use super::{Ctx, Failure, Outcome, TableFormat, emit, paths_or_default};
use roadmap::plan::git::Bound;
use roadmap::report::history::{self, By, DEFAULT_SEED, DEFAULT_TRIALS, Options};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// From this many revisions, a progress bar on standard error (a terminal only).
const PROGRESS_FROM: usize = 50;

#[derive(clap::Args, Debug)]
pub struct HistoryArgs {
    /// The plan file or folder (default: roadmap.yaml here, else plans/).
    pub path: Option<PathBuf>,

    /// The oldest revision: a date (YYYY-MM-DD, commits on or after it) or a revision.
    #[arg(long, value_name = "DATE|REV", value_parser = parse_bound)]
    pub since: Option<Bound>,

    /// The newest revision: a date (commits on or before it) or a revision (default: HEAD).
    #[arg(long, value_name = "DATE|REV", value_parser = parse_bound)]
    pub until: Option<Bound>,

    /// Also count per stream or per milestone at each revision (in the JSON and the CSV).
    #[arg(long, value_enum)]
    pub by: Option<ByArg>,

    /// Seed of the throughput forecast's random draws (the same seed, the same dates).
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,

    /// Trials of the throughput forecast.
    #[arg(long, default_value_t = DEFAULT_TRIALS as u64, value_parser = clap::value_parser!(u64).range(100..=1_000_000))]
    pub trials: u64,

    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ByArg {
    Stream,
    Milestone,
}

/// A date when it reads as one, else a revision (refused if it starts with
/// `-`, which git would take for an option).
fn parse_bound(s: &str) -> Result<Bound, String> {
    let s = s.trim();
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(Bound::Date(d));
    }
    if s.is_empty() || s.starts_with('-') {
        return Err("give a date like 2026-03-01 or a git revision".into());
    }
    Ok(Bound::Rev(s.to_string()))
}

/// Walk the plan's history and report it.
pub fn run(args: HistoryArgs, ctx: &Ctx, _err: &mut dyn Write) -> Outcome {
    let path = match args.path {
        Some(p) => p,
        None => paths_or_default(Vec::new())?.remove(0),
    };
    let opts = Options {
        since: args.since,
        until: args.until,
        by: args.by.map(|b| match b {
            ByArg::Stream => By::Stream,
            ByArg::Milestone => By::Milestone,
        }),
        seed: args.seed,
        trials: args.trials as usize,
    };
    let bar = std::cell::OnceCell::new();
    let on_terminal = std::io::stderr().is_terminal();
    let mut progress = |done: usize, total: usize| {
        if !on_terminal || total < PROGRESS_FROM {
            return;
        }
        let bar = bar.get_or_init(|| {
            let b = indicatif::ProgressBar::new(total as u64);
            b.set_style(
                indicatif::ProgressStyle::with_template(
                    "{prefix} [{bar:30}] {pos}/{len} revisions {eta}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            b.set_prefix("history");
            b
        });
        bar.set_position(done as u64);
    };
    let report = history::history(&path, &opts, ctx.as_of, &mut progress);
    if let Some(b) = bar.get() {
        b.finish_and_clear();
    }
    let report = report.map_err(|e| Failure::CannotRun(e.to_string()))?;
    emit(&[report], args.format, ctx)
}
