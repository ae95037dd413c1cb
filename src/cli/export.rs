//! `roadmap export`: the plan as Mermaid, DOT, JSON or CSV.

use super::{Answer, Ctx, Failure, Outcome, load_for_report};
use clap::ValueEnum;
use roadmap::render::export::{self, Format};
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// Plan file, or a folder holding one plan (default: roadmap.yaml here, else plans/, else the plans in this folder).
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum)]
    pub to: ExportFormat,

    /// Write to this file instead of standard output (atomically).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// With -o, replace the file if it exists.
    #[arg(long, requires = "output")]
    pub force: bool,
}

/// The export formats on the command line.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// A Mermaid `gantt` chart (GitHub renders it in Markdown).
    Mermaid,
    /// The dependency graph for Graphviz.
    Dot,
    /// The resolved plan with its schedule.
    Json,
    /// One row per task.
    Csv,
}

impl From<ExportFormat> for Format {
    fn from(f: ExportFormat) -> Format {
        match f {
            ExportFormat::Mermaid => Format::Mermaid,
            ExportFormat::Dot => Format::Dot,
            ExportFormat::Json => Format::Json,
            ExportFormat::Csv => Format::Csv,
        }
    }
}

/// Export one plan to standard output or a file.
pub fn run(args: ExportArgs, ctx: &Ctx, err: &mut dyn Write) -> Outcome {
    let project = load_for_report(args.paths, ctx, err)?;
    let views: Vec<_> = project.views().collect();
    let v = match views.as_slice() {
        [one] => one,
        [] => return Err(Failure::CannotRun("no plan to export".into())),
        many => {
            let names: Vec<&str> = many.iter().map(|v| v.name).collect();
            return Err(Failure::CannotRun(format!(
                "export takes one plan, and these paths hold {}: {}; name one file",
                many.len(),
                names.join(", ")
            )));
        }
    };
    let Some(s) = v.schedule else {
        return Err(Failure::CannotRun(format!(
            "{}: the plan cannot be scheduled",
            v.name
        )));
    };
    let text = export::export(v, s, args.to.into())?;
    match args.output {
        None => Ok(Answer::ok(text)),
        Some(path) => {
            roadmap::write::write_atomic(&path, args.force, |w| w.write_all(text.as_bytes()))?;
            Ok(Answer::ok(""))
        }
    }
}
