//! Running the `roadmap` binary as a user would.

#![allow(dead_code)]

use std::process::{Command, Stdio};

/// Run `roadmap` with these arguments (the first is the program name, as in
/// `std::env::args`): the exit code, standard output and standard error.
/// Colour is off, and tables are 100 columns wide unless `--width` says
/// otherwise, so tests see the same output wherever they run.
pub fn run_args<I, T>(args: I) -> (u8, String, String)
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).skip(1).collect();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_roadmap"));
    cmd.args(&args)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .stdin(Stdio::null());
    let given_width = args.iter().any(|a| {
        let a = a.to_string_lossy();
        a == "--width" || a.starts_with("--width=")
    });
    let given_color = args.iter().any(|a| a.to_string_lossy().starts_with("--color"));
    // After `--` every argument is positional.
    if let Some(i) = args.iter().position(|a| a == "--") {
        let mut before: Vec<std::ffi::OsString> = args[..i].to_vec();
        if !given_width {
            before.extend(["--width".into(), "100".into()]);
        }
        if !given_color {
            before.extend(["--color".into(), "never".into()]);
        }
        cmd = Command::new(env!("CARGO_BIN_EXE_roadmap"));
        cmd.args(before)
            .args(&args[i..])
            .env("NO_COLOR", "1")
            .env_remove("COLUMNS")
            .stdin(Stdio::null());
    } else if !args.is_empty() {
        if !given_width {
            cmd.args(["--width", "100"]);
        }
        if !given_color {
            cmd.args(["--color", "never"]);
        }
    }
    let out = cmd.output().expect("the roadmap binary runs");
    let code = out.status.code().map_or(255, |c| c as u8);
    (
        code,
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
