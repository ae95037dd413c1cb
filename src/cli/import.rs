//! `roadmap import`: a Markdown roadmap or a tracker's CSV export read into a
//! plan (the library is [`roadmap::import`]; docs/import.md).

use super::{Answer, Ctx, Failure, Outcome};
use roadmap::import::{ImportError, Options, import_bytes};
use std::io::{Read, Write};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// The roadmap to read: Markdown (.md), a Mermaid gantt (.mmd) or a CSV export (.csv).
    pub file: PathBuf,
    /// Write the plan to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "PLAN.yaml")]
    pub output: Option<PathBuf>,
    /// Replace an existing output file.
    #[arg(long)]
    pub force: bool,
    /// Read a column as a plan field, e.g. --map "Story=name" --map "Squad=stream".
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    pub map: Vec<String>,
}

pub fn run(args: ImportArgs, _ctx: &Ctx, err: &mut dyn Write) -> Outcome {
    let opts = Options::with_maps(&args.map)?;
    let shown = roadmap::source::display_path(&args.file);
    // Refuse an existing output before reading anything.
    if let Some(o) = &args.output
        && !args.force
        && o.symlink_metadata().is_ok()
    {
        return Err(Failure::CannotRun(format!(
            "{} exists; give --force to replace it",
            roadmap::source::display_path(o)
        )));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(&args.file)
        .and_then(|f| {
            f.take(roadmap::import::MAX_INPUT_BYTES + 1)
                .read_to_end(&mut bytes)
        })
        .map_err(|e| Failure::CannotRun(format!("cannot read {shown}: {e}")))?;
    let imported = match import_bytes(&args.file, &bytes, &opts) {
        Ok(i) => i,
        Err(e @ ImportError::BadMap(_)) => return Err(Failure::CannotRun(e.to_string())),
        Err(e) => {
            // Input that is no roadmap: said here, exit 1.
            let msg = e.to_string();
            let _ = writeln!(err, "roadmap: error: {}", roadmap::escape::terminal(&msg));
            return Err(Failure::PlanErrors);
        }
    };
    for w in &imported.warnings {
        let _ = writeln!(
            err,
            "{}:{}: warning: {}",
            roadmap::escape::terminal(&shown),
            w.line,
            roadmap::escape::terminal(&w.message)
        );
    }
    match &args.output {
        None => Ok(Answer::ok(imported.yaml)),
        Some(o) => {
            roadmap::write::write_atomic(o, args.force, |w| w.write_all(imported.yaml.as_bytes()))?;
            let o = roadmap::source::display_path(o);
            let o = roadmap::escape::terminal(&o);
            let _ = writeln!(err, "wrote {o}: try `roadmap check {o}`");
            Ok(Answer::ok(""))
        }
    }
}
