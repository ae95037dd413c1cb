//! `roadmap status`: progress by stream, bucket, owner, milestone, priority.

use super::{Ctx, FilterArgs, Outcome, TableFormat, check_filter, emit, load_for_report};
use clap::ValueEnum;
use roadmap::report::status::{self, GroupBy};
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct StatusArgs {
    /// Plan files or folders (default: roadmap.yaml here, else plans/, else the plans in this folder).
    pub paths: Vec<PathBuf>,

    /// Group the rows by this.
    #[arg(long, value_enum, default_value_t = GroupByArg::Stream)]
    pub by: GroupByArg,

    /// Streams x buckets, like a quarterly roadmap table: done/items per cell.
    #[arg(long, conflicts_with = "by")]
    pub matrix: bool,

    #[command(flatten)]
    pub filter: FilterArgs,

    /// List at most this many late items, worst first (0: all; JSON has them all).
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,

    /// One line per plan (items, done, overdue, at risk, finish against the
    /// deadline), for scripts and chat.
    #[arg(long, conflicts_with_all = ["matrix", "format"])]
    pub oneline: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

/// The groupings on the command line.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum GroupByArg {
    Stream,
    Bucket,
    Owner,
    Milestone,
    Priority,
}

impl From<GroupByArg> for GroupBy {
    fn from(g: GroupByArg) -> GroupBy {
        match g {
            GroupByArg::Stream => GroupBy::Stream,
            GroupByArg::Bucket => GroupBy::Bucket,
            GroupByArg::Owner => GroupBy::Owner,
            GroupByArg::Milestone => GroupBy::Milestone,
            GroupByArg::Priority => GroupBy::Priority,
        }
    }
}

/// Progress of every plan, or the streams x buckets matrix.
pub fn run(mut args: StatusArgs, ctx: &Ctx, err: &mut dyn Write) -> Outcome {
    let project = load_for_report(std::mem::take(&mut args.paths), ctx, err)?;
    check_filter(&project, &mut args.filter)?;
    let filter = args.filter.filter();
    if args.matrix {
        let ms: Vec<status::Matrix> = project
            .views()
            .map(|v| status::matrix(&v, &filter))
            .collect();
        emit(&ms, args.format, ctx)
    } else {
        let by = GroupBy::from(args.by);
        let limit = (args.limit > 0).then_some(args.limit);
        let reports: Vec<status::StatusReport> = project
            .views()
            .map(|v| status::StatusReport {
                limit,
                ..status::status(&v, by, &filter)
            })
            .collect();
        if args.oneline {
            let lines: String = reports
                .iter()
                .map(roadmap::render::status::status_oneline)
                .collect();
            return Ok(super::Answer::ok(lines));
        }
        emit(&reports, args.format, ctx)
    }
}
