//! Commands around the plan rather than about it: `diff`, `schema`,
//! `completions`, `man`, `init`.

use super::{Answer, Ctx, EXIT_OK, EXIT_PLAN_ERRORS, Failure, Outcome};
use clap::{Subcommand, ValueEnum};
use roadmap::render::Render;
use std::path::PathBuf;

#[derive(Subcommand, Debug)]
pub enum ToolCommand {
    /// What a change does to the roadmap: tasks added, removed and changed, the finish date and critical path before and after.
    #[command(
        after_help = "Each side is a plan file or folder, or REV:PATH read from git.\n\nExamples:\n  roadmap diff origin/main:plans/ plans/\n  roadmap diff HEAD~1:roadmap.yaml roadmap.yaml --format markdown  for a PR comment\n  roadmap diff main:plans/ plans/ --fail-on slip                   exit 1 if the finish moved later\n  roadmap diff main:roadmap.yaml roadmap.yaml --forecast           P85 and chances, before/after\n\nExit codes: 0 compared (whatever changed), 1 a side has errors (the Markdown lists\nthem) or, with --fail-on slip, the finish date moved later, 2 could not compare\n(a bad path or revision)."
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

    /// Print the man page (roff), or write one page per command to a folder.
    #[command(
        after_help = "Examples:\n  roadmap man > roadmap.1 && man ./roadmap.1\n  roadmap man --out man/                      roadmap.1 and a page per command\n\nWith --out, an existing page is left as it is (exit 2, nothing written) unless\n--force is given; each page is written whole or not at all."
    )]
    Man {
        /// Write roadmap.1 and roadmap-<command>.1 for every command to this folder (created if missing).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Replace pages that exist.
        #[arg(long, requires = "out")]
        force: bool,
    },

    /// Write a small commented starter plan, roadmap.yaml, that passes `check` and starts next Monday.
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
    /// Also forecast both sides (docs/forecast.md): per milestone, the P85
    /// date before and after and the change in the chance of its deadline.
    #[arg(long)]
    pub forecast: bool,
    /// With --forecast: trials per side (1 to 10,000,000).
    #[arg(
        long,
        value_name = "N",
        default_value_t = 10_000,
        requires = "forecast"
    )]
    pub trials: u64,
    /// With --forecast: the seed of both sides' trials.
    #[arg(long, value_name = "S", default_value_t = 1, requires = "forecast")]
    pub seed: u64,
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

/// Run one of these commands.
pub fn run(cmd: ToolCommand, ctx: &Ctx, err: &mut dyn std::io::Write) -> Outcome {
    match cmd {
        ToolCommand::Diff(args) => run_diff(args, ctx, err),
        ToolCommand::Schema => {
            let schema = roadmap::plan::raw::json_schema();
            Ok(Answer::ok(serde_json::to_string_pretty(&schema)? + "\n"))
        }
        ToolCommand::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut super::completion_command(), "roadmap", &mut buf);
            Ok(Answer::ok(String::from_utf8_lossy(&buf)))
        }
        ToolCommand::Man { out: None, .. } => {
            let (name, page) = man_pages()?.swap_remove(0);
            debug_assert_eq!(name, "roadmap.1");
            Ok(Answer::ok(String::from_utf8_lossy(&page)))
        }
        ToolCommand::Man {
            out: Some(dir),
            force,
        } => write_man_pages(&dir, force),
        ToolCommand::Init { dir, force } => run_init(&dir, force, ctx.as_of),
    }
}

fn run_diff(args: DiffArgs, ctx: &Ctx, err: &mut dyn std::io::Write) -> Outcome {
    use roadmap::report::diff;
    // One input budget for both sides.
    let budget = roadmap::plan::load::Budget::default();
    let old = diff::load_side(&args.old, ctx.as_of, &budget)?;
    let new = diff::load_side(&args.new, ctx.as_of, &budget)?;
    // A side with errors that stop a report cannot be compared: exit 1, as
    // `check` does. The Markdown (a PR comment) lists them; the other
    // formats print them on standard error, as every report does.
    let broken: Vec<&diff::Side> = [&old, &new]
        .into_iter()
        .filter(|s| s.project.blocking().next().is_some())
        .collect();
    if !broken.is_empty() {
        if args.format == DiffFormat::Markdown {
            return Ok(Answer {
                text: roadmap::render::diff::markdown_errors(&broken),
                code: EXIT_PLAN_ERRORS,
            });
        }
        for side in broken {
            let p = &side.project;
            for d in p.blocking() {
                let _ = writeln!(
                    err,
                    "{}\n",
                    roadmap::render::diagnostics::human(&p.sources, d, false)
                );
            }
            let n = p.blocking().count();
            let _ = writeln!(
                err,
                "roadmap: error: {}: the plans have {}: they cannot be compared until {} fixed (`roadmap check` lists them)",
                roadmap::escape::terminal(&side.label),
                super::count(n, "error"),
                if n == 1 { "it is" } else { "they are" }
            );
        }
        return Err(Failure::PlanErrors);
    }
    let max = roadmap::report::forecast::MAX_TRIALS;
    if args.forecast && (args.trials == 0 || args.trials > max) {
        return Err(Failure::CannotRun(format!(
            "--trials must be between 1 and {max}, not {}",
            args.trials
        )));
    }
    let opts = roadmap::report::forecast::Options {
        trials: args.trials,
        seed: args.seed,
        threads: 0,
        progress: None,
        level: false,
    };
    let d = diff::diff_forecast(&old, &new, args.forecast.then_some(&opts))?;
    let text = match args.format {
        DiffFormat::Human => d.table(&ctx.style),
        DiffFormat::Markdown => d.markdown(),
        DiffFormat::Json => serde_json::to_string_pretty(&d)? + "\n",
    };
    let slipped = args.fail_on == Some(FailOn::Slip) && d.slipped();
    Ok(Answer {
        text,
        code: if slipped { EXIT_PLAN_ERRORS } else { EXIT_OK },
    })
}

/// Every man page, the top one first: (file name, roff). The top page lists
/// each command as `roadmap-<command>(1)`, and each of those is here.
fn man_pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    // `roadmap help` is clap's; it gets no page, and the top page does not
    // refer to one.
    let mut cmd = super::command().disable_help_subcommand(true);
    // Building sets each command's display name, `roadmap-check`.
    cmd.build();
    let mut pages = Vec::new();
    for c in std::iter::once(&cmd).chain(cmd.get_subcommands().filter(|s| !s.is_hide_set())) {
        let man = clap_mangen::Man::new(c.clone());
        let mut buf = Vec::new();
        man.render(&mut buf)?;
        pages.push((man.get_filename(), buf));
    }
    Ok(pages)
}

/// `roadmap man --out DIR`: every page, each written atomically; none if
/// one exists and `force` is not given.
fn write_man_pages(dir: &std::path::Path, force: bool) -> Outcome {
    let pages = man_pages()?;
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::CannotRun(format!("cannot create {}: {e}", dir.display())))?;
    if !force
        && let Some((name, _)) = pages
            .iter()
            .find(|(n, _)| dir.join(n).symlink_metadata().is_ok())
    {
        return Err(Failure::CannotRun(format!(
            "{} already exists: give --force to replace the pages (nothing was written)",
            roadmap::source::display_path(&dir.join(name))
        )));
    }
    for (name, page) in &pages {
        roadmap::write::write_atomic(&dir.join(name), force, |w| w.write_all(page))?;
    }
    Ok(Answer::ok(format!(
        "wrote {} man pages to {}: {}\n",
        pages.len(),
        roadmap::source::display_path(dir),
        pages
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )))
}

fn run_init(dir: &std::path::Path, force: bool, today: chrono::NaiveDate) -> Outcome {
    let path = dir.join("roadmap.yaml");
    let shown = roadmap::source::display_path(&path);
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::CannotRun(format!("cannot create {}: {e}", dir.display())))?;
    let starter = roadmap::plan::starter::starter(today);
    roadmap::write::write_atomic(&path, force, |w| w.write_all(starter.as_bytes()))?;
    Ok(Answer::ok(format!(
        "wrote {shown}: try `roadmap check {shown}`\n"
    )))
}
