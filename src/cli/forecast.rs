//! `roadmap forecast`: Monte Carlo over the plan's estimates.

use super::{Ctx, Failure, Outcome, ReportFormat, emit, load_for_report};
use roadmap::report::forecast::{self, MAX_TRIALS, Options};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

#[derive(clap::Args, Debug)]
pub struct ForecastArgs {
    /// Plan file or folder (default: roadmap.yaml here, else plans/).
    pub paths: Vec<PathBuf>,

    /// Number of trials (1 to 10,000,000).
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub trials: u64,

    /// Seed of the random numbers: the same seed gives the same numbers.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,

    /// Threads to run trials on (default: every core). The numbers do not
    /// depend on it.
    #[arg(long, value_name = "N", hide = true, default_value_t = 0)]
    pub threads: usize,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
}

/// The forecast of every plan.
pub fn run(args: ForecastArgs, ctx: &Ctx, err: &mut dyn Write) -> Outcome {
    if args.trials == 0 || args.trials > MAX_TRIALS {
        return Err(Failure::CannotRun(format!(
            "--trials must be between 1 and {MAX_TRIALS}, not {}",
            args.trials
        )));
    }
    if args.threads > 1024 {
        return Err(Failure::CannotRun(format!(
            "--threads must be at most 1024, not {}",
            args.threads
        )));
    }
    let project = load_for_report(args.paths, ctx, err)?;
    let mut reports = Vec::new();
    let mut skipped = Vec::new();
    let views = project.views().count();
    for v in project.views() {
        // A progress bar on standard error, on a terminal only, once the run
        // has taken a second.
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(args.trials),
            indicatif::ProgressDrawTarget::hidden(),
        );
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{msg} [{bar:30}] {pos}/{len} trials, {eta} left",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar.set_message(format!("forecast {}", roadmap::escape::terminal(v.name)));
        let start = Instant::now();
        let shown = AtomicBool::new(false);
        let terminal = std::io::stderr().is_terminal();
        let progress = |done: u64| {
            if terminal
                && start.elapsed() > Duration::from_secs(1)
                && !shown.swap(true, Ordering::Relaxed)
            {
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            }
            bar.set_position(done);
        };
        let opts = Options {
            trials: args.trials,
            seed: args.seed,
            threads: args.threads,
            progress: Some(&progress),
            level: ctx.opts.level,
        };
        let r = forecast::report(&v, &opts);
        bar.finish_and_clear();
        match r {
            Ok(r) => reports.push(r),
            // Among several plans, one without dates is passed over with a
            // note; alone, it is the answer.
            Err(e @ forecast::ForecastError::NoStart(_)) if views > 1 => {
                let _ = writeln!(err, "roadmap: note: {}; left out", e);
                skipped.push(e);
            }
            Err(e) => return Err(Failure::CannotRun(e.to_string())),
        }
    }
    if reports.is_empty()
        && let Some(e) = skipped.pop()
    {
        return Err(Failure::CannotRun(e.to_string()));
    }
    let answer = emit(&reports, args.format, ctx);
    project.drop_in_background();
    answer
}
