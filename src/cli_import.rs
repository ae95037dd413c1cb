//! `roadmap import`: a Markdown roadmap or a tracker's CSV export read into a
//! plan (the library is [`crate::import`]; docs/import.md).

use crate::cli::{EXIT_CANNOT_RUN, EXIT_OK, EXIT_PLAN_ERRORS};
use crate::import::{ImportError, Options, import_bytes};
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

fn fail(err: &mut dyn Write, code: u8, msg: impl std::fmt::Display) -> u8 {
    let msg = crate::diag::printable(msg.to_string());
    let _ = writeln!(err, "roadmap: error: {msg}");
    code
}

pub fn run(args: ImportArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let opts = match Options::with_maps(&args.map) {
        Ok(o) => o,
        Err(e) => return fail(err, EXIT_CANNOT_RUN, e),
    };
    let shown = crate::source::display_path(&args.file);
    // Refuse an existing output before reading anything.
    if let Some(o) = &args.output
        && !args.force
        && o.symlink_metadata().is_ok()
    {
        return fail(
            err,
            EXIT_CANNOT_RUN,
            format!(
                "{} exists; give --force to replace it",
                crate::source::display_path(o)
            ),
        );
    }
    let mut bytes = Vec::new();
    let read = std::fs::File::open(&args.file).and_then(|f| {
        f.take(crate::import::MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
    });
    if let Err(e) = read {
        return fail(err, EXIT_CANNOT_RUN, format!("cannot read {shown}: {e}"));
    }
    let imported = match import_bytes(&args.file, &bytes, &opts) {
        Ok(i) => i,
        Err(e @ ImportError::BadMap(_)) => return fail(err, EXIT_CANNOT_RUN, e),
        Err(e) => return fail(err, EXIT_PLAN_ERRORS, e),
    };
    for w in &imported.warnings {
        let _ = writeln!(
            err,
            "{shown}:{}: warning: {}",
            w.line,
            crate::diag::printable(w.message.clone())
        );
    }
    match &args.output {
        None => match out.write_all(imported.yaml.as_bytes()) {
            Ok(()) => EXIT_OK,
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
            Err(e) => fail(err, EXIT_CANNOT_RUN, format!("cannot write output: {e}")),
        },
        Some(o) => {
            match crate::export::write_atomic(o, args.force, |w| {
                w.write_all(imported.yaml.as_bytes())
            }) {
                Ok(()) => {
                    let _ = writeln!(
                        err,
                        "wrote {}: try `roadmap check {}`",
                        crate::source::display_path(o),
                        crate::source::display_path(o)
                    );
                    EXIT_OK
                }
                Err(e) => fail(err, EXIT_CANNOT_RUN, e),
            }
        }
    }
}
