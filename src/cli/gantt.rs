//! `roadmap gantt`: the schedule as a chart in the terminal.

use super::{Answer, Ctx, Failure, FilterArgs, Outcome, TextFormat, check_filter, load_for_report};
use clap::ValueEnum;
use roadmap::render::gantt::{self, Scale};
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct GanttArgs {
    /// Plan files or folders (default: roadmap.yaml here, else plans/, else the plans in this folder).
    pub paths: Vec<PathBuf>,

    /// Time axis unit (default: the finest that fits the width).
    #[arg(long, value_enum)]
    pub scale: Option<ScaleArg>,

    /// Draw with ASCII characters only, for terminals without Unicode.
    #[arg(long)]
    pub ascii: bool,

    #[command(flatten)]
    pub filter: FilterArgs,

    /// Output format: the chart, or what it draws as JSON (the schedule of
    /// every task the filters keep, as `critical-path --format json`).
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    pub format: TextFormat,
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
    let mut reports = Vec::new();
    for v in project.views() {
        let Some(s) = v.schedule else {
            return Err(Failure::CannotRun(format!(
                "{}: the plan cannot be scheduled",
                v.name
            )));
        };
        if args.format == TextFormat::Json {
            let mut r = roadmap::report::critical::report(&v, s);
            roadmap::report::critical::retain(&mut r, v.plan, &filter);
            reports.push(r);
        } else {
            charts.push(gantt::render(&v, s, &filter, &opts));
        }
    }
    if args.format == TextFormat::Json {
        return Ok(Answer::ok(roadmap::render::json_one_or_many(&reports)?));
    }
    Ok(Answer::ok(charts.join("\n")))
}
