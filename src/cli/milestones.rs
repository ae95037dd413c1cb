//! `roadmap milestones`: one row per milestone, gate and counted bucket.

use super::{Ctx, FilterArgs, Outcome, TableFormat, check_filter, emit, load_for_report};
use roadmap::report::status;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct MilestonesArgs {
    /// Plan files or folders (default: roadmap.yaml here, else plans/, else the plans in this folder).
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub filter: FilterArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

/// The milestones of every plan.
pub fn run(mut args: MilestonesArgs, ctx: &Ctx, err: &mut dyn Write) -> Outcome {
    let project = load_for_report(std::mem::take(&mut args.paths), ctx, err)?;
    check_filter(&project, &mut args.filter)?;
    let filter = args.filter.filter();
    let reports: Vec<status::MilestonesReport> = project
        .views()
        .map(|v| status::milestones_of(&v, &filter))
        .collect();
    emit(&reports, args.format, ctx)
}
