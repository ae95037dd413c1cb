//! `roadmap critical-path`: the chain that sets the finish date.

use super::{Ctx, Failure, FilterArgs, Outcome, ReportFormat, check_filter, emit, load_for_report};
use roadmap::report::critical::{self, Show};
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct CriticalPathArgs {
    /// Plan file or folder (default: roadmap.yaml here, else plans/, else the plans in this folder).
    pub paths: Vec<PathBuf>,

    /// Also show tasks with at most this many working days of slack.
    #[arg(long, value_name = "DAYS", conflicts_with = "all")]
    pub near: Option<u32>,

    /// Show every scheduled task with its slack.
    #[arg(long)]
    pub all: bool,

    #[command(flatten)]
    pub filter: FilterArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
}

/// The critical path of every plan.
pub fn run(mut args: CriticalPathArgs, ctx: &Ctx, err: &mut dyn Write) -> Outcome {
    let project = load_for_report(std::mem::take(&mut args.paths), ctx, err)?;
    check_filter(&project, &mut args.filter)?;
    let filter = args.filter.filter();
    let show = if args.all {
        Show::All
    } else if let Some(n) = args.near {
        Show::Near(n as i64)
    } else {
        Show::Critical
    };
    // JSON holds every task; a table or Markdown only the rows it shows.
    let rows = match args.format {
        ReportFormat::Json => Show::All,
        ReportFormat::Table | ReportFormat::Markdown => show,
    };
    let mut reports = Vec::new();
    for v in project.views() {
        let Some(s) = v.schedule else {
            return Err(Failure::CannotRun(format!(
                "{}: the plan cannot be scheduled",
                v.name
            )));
        };
        let mut r = critical::report_showing(&v, s, rows);
        critical::retain(&mut r, v.plan, &filter);
        r.show = show;
        reports.push(r);
    }
    let answer = emit(&reports, args.format, ctx);
    project.drop_in_background();
    answer
}
