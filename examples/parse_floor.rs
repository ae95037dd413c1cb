//! The parse floor for bench/run.sh: read every `*.yaml` file under the
//! given folders (or the given files) and deserialise each into
//! `serde::de::IgnoredAny` with serde-saphyr, one file after another on one
//! thread, with the YAML options `roadmap` itself uses. No plan is built:
//! this is the least any YAML-reading tool must spend on the same bytes.
//!
//! ```sh
//! cargo run --release --example parse_floor -- /tmp/plan-100k
//! ```

use serde::de::IgnoredAny;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        entries.sort();
        for e in entries {
            collect(&e, out)?;
        }
    } else if matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml") | Some("yml")
    ) {
        out.push(path.to_path_buf());
    }
    Ok(())
}

fn main() -> ExitCode {
    let mut files = Vec::new();
    for arg in std::env::args_os().skip(1) {
        if let Err(e) = collect(Path::new(&arg), &mut files) {
            eprintln!("parse_floor: {}: {e}", Path::new(&arg).display());
            return ExitCode::from(2);
        }
    }
    if files.is_empty() {
        eprintln!("usage: parse_floor DIR|FILE...  (reads every *.yaml under them)");
        return ExitCode::from(2);
    }
    let mut bytes = 0;
    for f in &files {
        let text = match std::fs::read_to_string(f) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("parse_floor: {}: {e}", f.display());
                return ExitCode::from(2);
            }
        };
        bytes += text.len();
        if let Err(e) =
            serde_saphyr::from_str_with_options::<IgnoredAny>(&text, roadmap::plan::load::yaml_options())
        {
            eprintln!("parse_floor: {}: {e}", f.display());
            return ExitCode::from(1);
        }
    }
    eprintln!("parse_floor: {} files, {bytes} bytes", files.len());
    ExitCode::SUCCESS
}
