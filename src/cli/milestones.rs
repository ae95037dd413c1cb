//! `roadmap milestones`: one row per milestone, gate and counted bucket.

use super::{Ctx, Outcome, TableFormat, emit, load_for_report};
use roadmap::report::status;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct MilestonesArgs {
    /// Plan files or folders (default: roadmap.yaml here, else plans/).
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

/// The milestones of every plan.
pub fn run(args: MilestonesArgs, ctx: &Ctx, err: &mut dyn Write) -> Outcome {
    let project = load_for_report(args.paths, ctx, err)?;
    let reports: Vec<status::MilestonesReport> = project.views().map(|v| status::milestones(&v)).collect();
    emit(&reports, args.format, ctx)
}
