//! `roadmap load`: work against capacity per resource and per stream.

use super::{Ctx, Outcome, TableFormat, emit, load_for_report};
use roadmap::report::load::{self, By};
use std::io::Write;
use std::path::PathBuf;

#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ByArg {
    Week,
    Bucket,
}

#[derive(clap::Args, Debug)]
pub struct LoadArgs {
    /// Plan files or folders (default: roadmap.yaml here, else plans/).
    pub paths: Vec<PathBuf>,

    /// Columns: calendar weeks, or the plan's dated buckets.
    #[arg(long, value_enum, default_value_t = ByArg::Week)]
    pub by: ByArg,

    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

/// The load of every plan.
pub fn run(args: LoadArgs, ctx: &Ctx, err: &mut dyn Write) -> Outcome {
    let project = load_for_report(args.paths, ctx, err)?;
    let by = match args.by {
        ByArg::Week => By::Week,
        ByArg::Bucket => By::Bucket,
    };
    let reports: Vec<load::LoadReport> = project
        .views()
        .map(|v| load::load(&v, by, ctx.opts.level || v.plan.level))
        .collect();
    emit(&reports, args.format, ctx)
}
