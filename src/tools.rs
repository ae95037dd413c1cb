//! Commands around the plan rather than about it: `diff`, `schema`,
//! `completions`, `man`, `init`.

use crate::cli::{EXIT_CANNOT_RUN, EXIT_OK, EXIT_PLAN_ERRORS};
use clap::{CommandFactory, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

#[derive(Subcommand, Debug)]
pub enum ToolCommand {
    /// What a change does to the roadmap: tasks added, removed and changed, the finish date and critical path before and after.
    #[command(
        after_help = "Each side is a plan file or folder, or REV:PATH read from git.\n\nExamples:\n  roadmap diff origin/main:plans/ plans/\n  roadmap diff HEAD~1:roadmap.yaml roadmap.yaml --format markdown   for a PR comment\n  roadmap diff main:plans/ plans/ --fail-on slip                   exit 1 if the finish moved later\n\nExit codes: 0 compared (whatever changed), 1 with --fail-on slip when the finish date\nmoved later, 2 could not compare (bad path or revision, a plan with errors)."
    )]
    Diff(DiffArgs),

    /// Print the JSON Schema of the plan format (for editors and validators).
    #[command(
        after_help = "Put this first line in a plan for completion and checks in editors that use\nthe YAML language server:\n  # yaml-language-server: $schema=<path or URL of the schema>\n\nExamples:\n  roadmap schema > roadmap.schema.json"
    )]
    Schema,

    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  roadmap completions bash > ~/.local/share/bash-completion/completions/roadmap\n  roadmap completions zsh > \"${fpath[1]}/_roadmap\"\n  roadmap completions fish > ~/.config/fish/completions/roadmap.fish"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },

    /// Print the man page (roff).
    #[command(after_help = "Examples:\n  roadmap man > roadmap.1 && man ./roadmap.1")]
    Man,

    /// Write a small commented starter plan, roadmap.yaml, that passes `check`.
    #[command(
        after_help = "Examples:\n  roadmap init            in the current folder\n  roadmap init plans/     in plans/\n\nIf roadmap.yaml exists it stops (exit 2) and leaves the file as it is, unless\n--force is given. The file is written whole or not at all."
    )]
    Init {
        /// The folder to write roadmap.yaml in (created if missing).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Replace an existing roadmap.yaml with the starter plan.
        #[arg(long)]
        force: bool,
        /// The plan starts on the first Monday after this day.
        #[command(flatten)]
        today: crate::cli::TodayArg,
    },
}

#[derive(clap::Args, Debug)]
pub struct DiffArgs {
    /// The plan before: a file or folder, or REV:PATH.
    pub old: String,
    /// The plan after: a file or folder, or REV:PATH.
    pub new: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
    /// Exit 1 when this happens.
    #[arg(long, value_enum, value_name = "slip")]
    pub fail_on: Option<FailOn>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Human,
    Markdown,
    Json,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// The finish date moved later.
    Slip,
}

fn fail(err: &mut dyn Write, msg: impl std::fmt::Display) -> u8 {
    let _ = writeln!(err, "roadmap: error: {msg}");
    EXIT_CANNOT_RUN
}

fn write(out: &mut dyn Write, err: &mut dyn Write, bytes: &[u8]) -> u8 {
    match out.write_all(bytes) {
        Ok(()) => EXIT_OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => fail(err, format!("cannot write output: {e}")),
    }
}

pub fn run(cmd: ToolCommand, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match cmd {
        ToolCommand::Diff(args) => run_diff(args, out, err),
        ToolCommand::Schema => {
            let schema = crate::raw::json_schema();
            match serde_json::to_string_pretty(&schema) {
                Ok(s) => write(out, err, (s + "\n").as_bytes()),
                Err(e) => fail(err, e),
            }
        }
        ToolCommand::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut crate::cli::Cli::command(), "roadmap", &mut buf);
            write(out, err, &buf)
        }
        ToolCommand::Man => {
            let mut buf = Vec::new();
            match clap_mangen::Man::new(crate::cli::Cli::command()).render(&mut buf) {
                Ok(()) => write(out, err, &buf),
                Err(e) => fail(err, e),
            }
        }
        ToolCommand::Init { dir, force, today } => {
            let text = starter(today.get());
            run_init(&dir, force, &text, out, err)
        }
    }
}

fn run_diff(args: DiffArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let old = match crate::diff::load_side(&args.old) {
        Ok(s) => s,
        Err(e) => return fail(err, e),
    };
    let new = match crate::diff::load_side(&args.new) {
        Ok(s) => s,
        Err(e) => return fail(err, e),
    };
    let d = match crate::diff::diff(&old, &new) {
        Ok(d) => d,
        Err(e) => return fail(err, e),
    };
    let text = match args.format {
        DiffFormat::Human => crate::diff::render_human(&d),
        DiffFormat::Markdown => crate::diff::render_markdown(&d),
        DiffFormat::Json => match serde_json::to_string_pretty(&d) {
            Ok(s) => s + "\n",
            Err(e) => return fail(err, e),
        },
    };
    let code = write(out, err, text.as_bytes());
    if code != EXIT_OK {
        return code;
    }
    if args.fail_on == Some(FailOn::Slip) && d.slipped() {
        EXIT_PLAN_ERRORS
    } else {
        EXIT_OK
    }
}

/// The plan `roadmap init` writes: small, commented, and clean under `check`.
/// `START` becomes the first Monday after the day it is written.
pub const STARTER: &str = r#"# A roadmap plan: check it with `roadmap check`, see progress with
# `roadmap status`, the finish date with `roadmap critical-path`.
# Every key is described in docs/plan-format.md. For completion and checks
# in your editor, run `roadmap schema > roadmap.schema.json` and make this
# the first line: # yaml-language-server: $schema=roadmap.schema.json
title: My product roadmap
start: START                 # the first day; relative dates like M2-W3 count from here
calendar:
  workdays: [mon, tue, wed, thu, fri]
  holidays: []

# Time windows. A task's bucket end is its due date. M1 is the plan's first
# four weeks (docs/plan-format.md).
buckets:
  - { id: q1, name: First quarter, kind: quarter, start: M1, end: M3 }
  - { id: q2, name: Second quarter, kind: quarter, start: M4, end: M6 }

milestones:
  - id: beta
    name: Public beta
    after: [api, web-app]    # reached when these are done
    criteria: ["ten customers onboarded"]

# Teams or workstreams, each with its tasks.
streams:
  - id: backend
    name: Backend team
    owner: Alex
    tasks:
      - id: api
        name: Public API
        duration: 3w         # working days: 3d, 2w, "2 weeks"
        bucket: q1
        status: in-progress  # todo, in-progress, done, blocked, cancelled
      - id: billing
        name: Billing
        duration: 2w
        after: [api]         # starts when api is done
        bucket: q2
  - id: web
    name: Web team
    owner: Sam
    tasks:
      - id: web-app
        name: Web app
        bucket: q1
        tasks:               # a checklist: sub-tasks roll up into their parent
          - { name: Sign-up page, duration: 1w, status: done }
          - { name: Dashboard, duration: 2w, after: [api] }
"#;

/// The starter plan, starting on the first Monday after `today`.
pub fn starter(today: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let ahead = 7 - today.weekday().num_days_from_monday() as u64;
    let monday = today
        .checked_add_days(chrono::Days::new(ahead))
        .unwrap_or(today);
    STARTER.replacen("START", &monday.to_string(), 1)
}

fn run_init(
    dir: &std::path::Path,
    force: bool,
    text: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let path = dir.join("roadmap.yaml");
    let shown = crate::source::display_path(&path);
    if let Err(e) = std::fs::create_dir_all(dir) {
        return fail(err, format!("cannot create {}: {e}", dir.display()));
    }
    match crate::export::write_atomic(&path, force, |w| w.write_all(text.as_bytes())) {
        Ok(()) => write(
            out,
            err,
            format!("wrote {shown}: try `roadmap check {shown}`\n").as_bytes(),
        ),
        Err(e) => fail(err, e),
    }
}
