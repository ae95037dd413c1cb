//! `roadmap gantt`: the schedule as a chart in the terminal.

use super::{Answer, Ctx, Failure, FilterArgs, Outcome, check_filter, load_for_report};
use clap::ValueEnum;
use roadmap::render::gantt::{self, Scale};
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct GanttArgs {
    /// Plan files or folders (default: roadmap.yaml here, else plans/).
    pub paths: Vec<PathBuf>,

    /// Time axis unit (default: the finest that fits the width).
    #[arg(long, value_enum)]
    pub scale: Option<ScaleArg>,

    /// Draw with ASCII characters only, for terminals without Unicode.
    #[arg(long)]
    pub ascii: bool,

    #[command(flatten)]
    pub filter: FilterArgs,
}

/// The time axis units on the command line.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ScaleArg {
    Days,
    Weeks,
    Months,
    Quarters,
}

impl From<ScaleArg> for Scale {
    fn from(s: ScaleArg) -> Scale {
        match s {
            ScaleArg::Days => Scale::Days,
            ScaleArg::Weeks => Scale::Weeks,
            ScaleArg::Months => Scale::Months,
            ScaleArg::Quarters => Scale::Quarters,
        }
    }
}

/// A chart per plan.
pub fn run(mut args: GanttArgs, ctx: &Ctx, err: &mut dyn Write) -> Outcome {
    let project = load_for_report(std::mem::take(&mut args.paths), ctx, err)?;
    check_filter(&project, &mut args.filter)?;
    let opts = gantt::Options {
        width: ctx.style.width,
        scale: args.scale.map(Scale::from),
        ascii: args.ascii,
        color: ctx.style.color,
    };
    let filter = args.filter.filter();
    let mut charts = Vec::new();
    for v in project.views() {
        let Some(s) = v.schedule else {
            return Err(Failure::CannotRun(format!(
                "{}: the plan cannot be scheduled",
                v.name
            )));
        };
        charts.push(gantt::render(&v, s, &filter, &opts));
    }
    Ok(Answer::ok(charts.join("\n")))
}
