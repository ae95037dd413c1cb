//! The command line: argument parsing, one file per command, and what every
//! command shares: the as-of date, loading plans for a report, rendering,
//! writing the answer (broken pipes included) and exit codes, each in one
//! place.
//!
//! Exit codes mean one thing each: 0 the plans are fine, 1 a plan has errors
//! (with `check`, after `--deny`, `--warn` and `--allow`), 2 the tool could not run.

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use roadmap::Project;
use roadmap::render::{self, Render, Style};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

pub mod check;
mod complete;
pub mod critical_path;
pub mod explain;
pub mod export;
pub mod forecast;
pub mod gantt;
pub mod history;
pub mod import;
pub mod list;
pub mod load;
pub mod milestones;
pub mod set;
mod severity;
pub mod status;
pub mod tools;

/// Exit code: the plans are fine (or the command did what it was asked).
pub const EXIT_OK: u8 = 0;
/// Exit code: a plan has errors (or warnings under `--deny`).
pub const EXIT_PLAN_ERRORS: u8 = 1;
/// Exit code: the tool could not run.
pub const EXIT_CANNOT_RUN: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "roadmap",
    version,
    about = "Roadmaps kept as YAML in git, checked and reasoned about",
    long_about = "Roadmaps kept as YAML in git, checked and reasoned about.\n\n\
        A plan is a YAML file (or a root file and the fragments it includes) with \
        streams, tasks, buckets, milestones and dependencies. See docs/plan-format.md.",
    after_help = "Examples:\n  roadmap check                       check roadmap.yaml, else every plan in plans/\n  roadmap check plans/q2o-gantt.yaml  check one plan\n  roadmap check --format github       annotations for GitHub Actions\n\nExit codes: 0 fine, 1 the plan has errors, 2 the tool could not run."
)]
pub struct Cli {
    /// When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// Fit tables to this many columns (default: the terminal's width, else $COLUMNS, else 100).
    #[arg(long, global = true, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(40..))]
    pub width: Option<u16>,

    /// The date taken as today: schedules and reports count from it (default: the clock).
    #[arg(long, global = true, env = "ROADMAP_TODAY", value_name = "YYYY-MM-DD", value_parser = parse_today)]
    pub today: Option<NaiveDate>,

    /// Level resources: schedule work when its people are free, as if every plan said `level: true` (docs/capacity.md).
    #[arg(long, global = true)]
    pub level: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check plans for mistakes: the CI gate for plan pull requests.
    #[command(
        after_help = severity::CHECK_HELP,
        after_long_help = severity::check_long_help()
    )]
    Check(check::CheckArgs),

    /// The chain of tasks that sets the finish date, and every task's slack.
    #[command(
        name = "critical-path",
        after_help = "Examples:\n  roadmap critical-path plans/q2o-gantt.yaml\n  roadmap critical-path --near 10             also tasks with up to 10 days of slack\n  roadmap critical-path --all --format json\n  roadmap critical-path --format markdown     for a steering-meeting note or PR comment\n\nDurations are in working days (5 to a week) on the plan's calendar. Slack is\nnegative where a deadline (a task's due date, its bucket's end, a milestone's\ndeadline, the plan's deadline) cannot be met. See docs/critical-path.md."
    )]
    CriticalPath(critical_path::CriticalPathArgs),

    /// Progress by stream, bucket, owner, milestone or priority; what is overdue and at risk.
    #[command(
        after_help = "Examples:\n  roadmap status\n  roadmap status plans/migrationbox-v4.1.yaml --by owner\n  roadmap status --matrix                                 streams x buckets, done/items per cell\n  roadmap status --oneline                                one line per plan, for scripts and chat\n  roadmap status --limit 0                                every late item, not the worst 10\n  roadmap status --stream backend --status blocked\n  roadmap status --today 2026-03-01 --format markdown\n\nCounts are over items (tasks without sub-tasks). Cancelled items are shown but\nare not open work; percent done is over the items that are not cancelled.\nSee docs/status.md."
    )]
    Status(status::StatusArgs),

    /// One row per milestone, gate and bucket with a declared total: counted, declared, done, state.
    #[command(
        after_help = "Examples:\n  roadmap milestones plans/kaar-roadmap.yaml\n  roadmap milestones --format csv > milestones.csv"
    )]
    Milestones(milestones::MilestonesArgs),

    /// Why a task starts when it does, and what a slip in it pushes.
    #[command(
        after_help = "Examples:\n  roadmap explain 2.7 plans/q2o-gantt.yaml\n  roadmap explain gate-2"
    )]
    Explain(explain::ExplainArgs),

    /// The schedule as a Gantt chart in the terminal.
    #[command(
        after_help = "Examples:\n  roadmap gantt plans/q2o-gantt.yaml\n  roadmap gantt --scale weeks --width 160\n  roadmap gantt --stream backend --ascii\n  roadmap gantt --today 2026-03-01\n\nOne bar per scheduled task, grouped by stream; milestones as diamonds; dated\nbuckets at the top. Tasks without a duration are listed under the chart, never\ndrawn. See docs/gantt.md."
    )]
    Gantt(gantt::GanttArgs),

    /// Progress over the plan's git history: burn-up, milestone trend, a forecast from our pace.
    #[command(
        after_help = "Examples:\n  roadmap history                              roadmap.yaml (else plans/), every commit\n  roadmap history plans/ --since 2026-01-01    from a date on\n  roadmap history --since v1.0 --until main    between two revisions\n  roadmap history --by stream --format csv     per stream, for a spreadsheet\n\nEach commit that touched the plan's files (first parent, renames followed) is\nloaded and scheduled as of its own date; one that does not load is a gap, with\nthe reason. P50 and P85 resample the weeks' throughput (seeded: --seed).\nExit codes: 0 done, 2 could not run (not a git repository, a shallow clone,\na bad revision). See docs/history.md."
    )]
    History(history::HistoryArgs),
    /// Finish and milestone dates with confidence: Monte Carlo over the estimates.
    #[command(
        after_help = "Examples:\n  roadmap forecast plans/q2o-gantt.yaml\n  roadmap forecast --trials 100000 --seed 7\n  roadmap forecast --today 2026-03-01 --format markdown   for a steering-meeting note\n  roadmap forecast --format json                          every percentile\n\nTasks with an `estimate` (2w..5w, or 2w..3w..6w), or a `duration` under a plan's\nor stream's `uncertainty`, vary from trial to trial; the others keep their length.\nP85 is the date 85% of the trials finish by. The same seed gives the same numbers.\nSee docs/forecast.md."
    )]
    Forecast(forecast::ForecastArgs),

    /// Export the plan and its schedule: Mermaid, Graphviz DOT, JSON or CSV.
    #[command(
        after_help = "Examples:\n  roadmap export --to mermaid examples/relaunch.yaml                   a ```mermaid block\n  roadmap export --to dot plans/q2o-gantt.yaml | dot -Tsvg > deps.svg\n  roadmap export --to json -o plan.json\n  roadmap export --to csv -o tasks.csv --force\n\nOne plan at a time. -o writes atomically (a temporary file, then a rename) and\nrefuses to overwrite an existing file without --force. See docs/export.md."
    )]
    Export(export::ExportArgs),

    /// Read a roadmap kept in Markdown or a tracker's CSV export into a plan.
    #[command(
        after_help = "Examples:\n  roadmap import ROADMAP.md                                            the plan on standard output\n  roadmap import ROADMAP.md -o roadmap.yaml\n  roadmap import issues.csv --map \"Squad=stream\" -o plan.yaml --force\n\nWhat cannot be read is listed on standard error with its line, never guessed.\nExit codes: 0 imported, 1 the file is not a roadmap (or binary, or too large),\n2 could not run (the output exists without --force, a bad --map). See docs/import.md."
    )]
    Import(import::ImportArgs),
    /// One row per item: id, name, stream, owner, status, bucket, dates, slack, lateness.
    #[command(
        visible_alias = "tasks",
        after_help = "Examples:\n  roadmap list --owner Priya\n  roadmap list --overdue --sort due\n  roadmap list --stream backend --status in-progress --format csv\n  roadmap list --sort -slack,id --limit 10\n\nSee docs/list.md."
    )]
    List(list::ListArgs),

    /// Work against capacity per person, team and stream, by week or bucket: a heat map and a table.
    #[command(
        after_help = "Examples:\n  roadmap load                                           per calendar week: a heat map and a table\n  roadmap load plans/migrationbox-v4.1.yaml --by bucket  per bucket, against sprint capacity\n  roadmap load --level                                   after levelling\n  roadmap load --format csv > load.csv                   one row per resource or stream and week\n\nHours are person-hours; a person-day is 8 hours. See docs/capacity.md."
    )]
    Load(load::LoadArgs),

    /// Change keys of items in place, every other byte of the file kept.
    #[command(
        after_help = "Examples:\n  roadmap set 2.1 status=blocked\n  roadmap set 2.1 2.2 owner=Priya plans/q2o-gantt.yaml\n  roadmap set 2.1 tags=api,urgent --dry-run\n\nThe edited plan is checked before it is written; an edit that adds an\nerror is refused and nothing is written. See docs/edit.md."
    )]
    Set(set::SetArgs),

    /// Mark items started: status in-progress, and the day (`started`).
    #[command(
        after_help = "Examples:\n  roadmap start 2.1\n  roadmap start 2.1 2.2 --on 2026-03-02 --dry-run"
    )]
    Start(set::MarkArgs),

    /// Mark items done: status done, and the day (`finished`).
    #[command(after_help = "Examples:\n  roadmap done 2.1\n  roadmap done 2.1 2.2 --on 2026-03-06")]
    Done(set::MarkArgs),

    #[command(flatten)]
    Tools(tools::ToolCommand),
}

/// Global flags that a command has no use for. They are left out of its
/// `--help`, man page and completions; `--width` and `--today` given to it
/// are refused (they would change nothing). `--color` is still accepted, so
/// that a script can pass it to every command.
pub const UNUSED_GLOBALS: &[(&str, &[&str])] = &[
    ("check", &["width"]),
    ("export", &["width", "color"]),
    ("import", &["width", "color", "today", "level"]),
    ("set", &["width", "color", "level"]),
    ("start", &["width", "color", "level"]),
    ("done", &["width", "color", "level"]),
    ("diff", &["width", "color", "level"]),
    ("history", &["level"]),
    ("schema", &["width", "color", "today", "level"]),
    ("completions", &["width", "color", "today", "level"]),
    ("man", &["width", "color", "today", "level"]),
    ("init", &["width", "color", "level"]),
];

/// [`Cli`] as clap builds it, and its global flags.
fn with_globals() -> (clap::Command, Vec<clap::Arg>) {
    let cmd = <Cli as clap::CommandFactory>::command();
    let globals = cmd
        .get_arguments()
        .filter(|a| a.is_global_set())
        .cloned()
        .collect();
    (cmd, globals)
}

/// The ids of the global flags `command` has no use for ([`UNUSED_GLOBALS`]).
fn unused_globals(command: &str) -> &'static [&'static str] {
    UNUSED_GLOBALS
        .iter()
        .find(|(name, _)| *name == command)
        .map_or(&[][..], |(_, ids)| *ids)
}

/// The command line as clap sees it: [`Cli`], with each command's
/// [`UNUSED_GLOBALS`] hidden. Help, completions and man pages are made
/// from this.
pub fn command() -> clap::Command {
    let (cmd, globals) = with_globals();
    // A command that has its own (hidden) copy of a global flag does not
    // get the global one: clap skips an id the command already has.
    // (`mut_subcommands` keeps the commands in their order.)
    cmd.mut_subcommands(|s| {
        let ids = unused_globals(s.get_name());
        globals
            .iter()
            .filter(|a| ids.contains(&a.get_id().as_str()))
            .fold(s, |s, a| s.arg(a.clone().global(false).hide(true)))
    })
}

/// [`command`] for the completion scripts of `roadmap completions`, whose
/// generators list hidden flags too: there each command is given only the
/// global flags it uses, as its own.
pub fn completion_command() -> clap::Command {
    let (cmd, globals) = with_globals();
    cmd.mut_args(|a| a.global(false)).mut_subcommands(|s| {
        let unused = unused_globals(s.get_name());
        globals
            .iter()
            .filter(|a| !unused.contains(&a.get_id().as_str()))
            .fold(s, |s, a| s.arg(a.clone().global(false)))
    })
}

/// A global flag given to a command that has no use for it, as a message.
fn unused_global(m: &clap::ArgMatches) -> Option<String> {
    let (name, sub) = m.subcommand()?;
    unused_globals(name)
        .iter()
        .filter(|a| **a != "color")
        .find(|a| sub.value_source(a) == Some(clap::parser::ValueSource::CommandLine))
        .map(|a| format!("--{a} has no effect on `roadmap {name}`: leave it out"))
}

pub fn parse_today(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date like 2026-03-01"))
}

/// What every command is given besides its own arguments.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    /// How tables are drawn.
    pub style: Style,
    /// The date schedules and reports count from.
    pub as_of: NaiveDate,
    /// How plans are scheduled (`--level`).
    pub opts: roadmap::project::Options,
}

/// Why a command stopped without an answer.
#[derive(Debug)]
pub enum Failure {
    /// The tool could not run: the message says why (exit 2).
    CannotRun(String),
    /// The plan has errors that stop this command; they are already on
    /// standard error (exit 1).
    PlanErrors,
}

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Failure {
        Failure::CannotRun(e.to_string())
    }
}

/// A command's answer: the text for standard output, and the exit code.
pub struct Answer {
    /// Printed on standard output.
    pub text: String,
    /// The exit code once the text is written.
    pub code: u8,
}

impl Answer {
    /// Text, and exit 0.
    pub fn ok(text: impl Into<String>) -> Answer {
        Answer {
            text: text.into(),
            code: EXIT_OK,
        }
    }
}

/// What a command returns.
pub type Outcome = Result<Answer, Failure>;

pub fn main() -> ExitCode {
    // `COMPLETE=bash roadmap` prints the shell's hook; the shell then calls
    // back here for every TAB (src/cli/complete.rs).
    clap_complete::CompleteEnv::with_factory(completion_command).complete();
    let parsed = command().try_get_matches().and_then(|m| {
        if let Some(msg) = unused_global(&m) {
            return Err(command().error(clap::error::ErrorKind::ArgumentConflict, msg));
        }
        <Cli as clap::FromArgMatches>::from_arg_matches(&m)
    });
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                EXIT_CANNOT_RUN
            } else {
                EXIT_OK
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let color = use_color(cli.color);
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    let code = run(cli, color, &mut out, &mut err);
    let _ = out.flush();
    ExitCode::from(code)
}

/// Run parsed arguments, writing the answer to `out` and tool errors to `err`.
pub fn run(cli: Cli, color: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let ctx = Ctx {
        style: Style {
            width: cli.width.unwrap_or_else(render::table::width),
            color,
        },
        as_of: cli
            .today
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        opts: roadmap::project::Options { level: cli.level },
    };
    let outcome = match cli.command {
        Command::Check(args) => check::run(args, &ctx),
        Command::CriticalPath(args) => critical_path::run(args, &ctx, err),
        Command::Explain(args) => explain::run(args, &ctx, err),
        Command::Status(args) => status::run(args, &ctx, err),
        Command::Milestones(args) => milestones::run(args, &ctx, err),
        Command::Gantt(args) => gantt::run(args, &ctx, err),
        Command::History(args) => history::run(args, &ctx, err),
        Command::Forecast(args) => forecast::run(args, &ctx, err),
        Command::Export(args) => export::run(args, &ctx, err),
        Command::Import(args) => import::run(args, &ctx, err),
        Command::List(args) => list::run(args, &ctx, err),
        Command::Load(args) => load::run(args, &ctx, err),
        Command::Set(args) => set::run_set(args, &ctx, err),
        Command::Start(args) => set::run_mark(args, false, &ctx, err),
        Command::Done(args) => set::run_mark(args, true, &ctx, err),
        Command::Tools(cmd) => tools::run(cmd, &ctx, err),
    };
    match outcome {
        Ok(answer) => match out.write_all(answer.text.as_bytes()) {
            Ok(()) => answer.code,
            // A reader that stopped early (`| head`) is not an error.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => answer.code,
            Err(e) => fail(err, format!("cannot write output: {e}")),
        },
        Err(Failure::CannotRun(msg)) => fail(err, msg),
        Err(Failure::PlanErrors) => EXIT_PLAN_ERRORS,
    }
}

/// Colour on a terminal only, never under NO_COLOR (any non-empty value).
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

/// The paths to read when none are given.
pub fn default_paths() -> Result<Vec<PathBuf>, String> {
    let here = PathBuf::from("roadmap.yaml");
    if here.is_file() {
        return Ok(vec![here]);
    }
    let plans = PathBuf::from("plans");
    if plans.is_dir() {
        return Ok(vec![plans]);
    }
    // A folder of plans: its YAML files, as `roadmap check .` reads them.
    let yaml = |p: &std::path::Path| {
        p.extension().is_some_and(|e| e == "yaml" || e == "yml")
            && !p
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            && p.is_file()
    };
    if std::fs::read_dir(".")
        .map(|d| d.flatten().any(|e| yaml(&e.path())))
        .unwrap_or(false)
    {
        return Ok(vec![PathBuf::from(".")]);
    }
    Err("no roadmap.yaml, no plans/ folder and no YAML file in this folder: give a plan file or folder, e.g. `roadmap check plans/`".into())
}

fn fail(err: &mut dyn Write, msg: impl std::fmt::Display) -> u8 {
    let _ = writeln!(err, "roadmap: error: {msg}");
    EXIT_CANNOT_RUN
}

/// The given paths, or the default ones.
pub fn paths_or_default(paths: Vec<PathBuf>) -> Result<Vec<PathBuf>, Failure> {
    if paths.is_empty() {
        Ok(default_paths()?)
    } else {
        Ok(paths)
    }
}

/// "1 error", "2 errors".
pub fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// Load plans for a report: errors that stop a report (see
/// [`roadmap::project::is_blocking`]) are shown on standard error and stop
/// it (exit 1); other errors and warnings are noted in one line.
pub fn load_for_report(
    paths: Vec<PathBuf>,
    ctx: &Ctx,
    err: &mut dyn Write,
) -> Result<Project, Failure> {
    let paths = paths_or_default(paths)?;
    let project = roadmap::project::check_paths_with(&paths, ctx.as_of, ctx.opts)?;
    let blockers = project.blocking().count();
    if blockers == 0 {
        for (plan, n) in errors_by_plan(&project, |d| d.is_error()) {
            let _ = writeln!(
                err,
                "roadmap: note: {plan} has {} (`roadmap check {plan}` lists them)",
                count(n, "error")
            );
        }
    }
    if blockers > 0 {
        for d in project.blocking() {
            let _ = writeln!(
                err,
                "{}\n",
                render::diagnostics::human(&project.sources, d, false)
            );
        }
        let by_plan = errors_by_plan(&project, roadmap::project::is_blocking);
        for (plan, n) in &by_plan {
            let _ = writeln!(
                err,
                "roadmap: error: {plan} has {}: run `roadmap check {plan}` and fix {} first",
                count(*n, "error"),
                if *n == 1 { "it" } else { "them" }
            );
        }
        if by_plan.is_empty() {
            let _ = writeln!(
                err,
                "roadmap: error: the plans have {}: run `roadmap check` and fix them first",
                count(blockers, "error")
            );
        }
        return Err(Failure::PlanErrors);
    }
    Ok(project)
}

/// Each plan (its root file, as reports name it) with how many of its
/// diagnostics are `which`, leaving out plans with none.
fn errors_by_plan(
    project: &Project,
    which: impl Fn(&roadmap::diag::Diagnostic) -> bool,
) -> Vec<(&str, usize)> {
    project
        .plans
        .iter()
        .map(|lp| {
            let n = project
                .diagnostics
                .iter()
                .filter(|d| which(d) && lp.files.contains(&d.loc.file))
                .count();
            (lp.name.as_str(), n)
        })
        .filter(|&(_, n)| n > 0)
        .collect()
}

/// Render a command's reports (one per plan) in the chosen format.
pub fn emit<R: Render>(reports: &[R], format: impl Into<render::Format>, ctx: &Ctx) -> Outcome {
    Ok(Answer::ok(render::render(
        reports,
        format.into(),
        &ctx.style,
    )?))
}

/// Filter values must name something that exists, or the report would be
/// silently empty; an id may be given by its name or its start, and is
/// replaced by the id it names.
pub fn check_filter(project: &Project, f: &mut FilterArgs) -> Result<(), Failure> {
    let plans: Vec<&roadmap::plan::model::Plan> = project
        .plans
        .iter()
        .filter_map(|p| p.plan.as_ref())
        .collect();
    let streams: Vec<(&str, &str)> = plans
        .iter()
        .flat_map(|p| p.streams.iter().map(|s| (s.id.as_str(), s.name.as_str())))
        .collect();
    let buckets: Vec<(&str, &str)> = plans
        .iter()
        .flat_map(|p| p.buckets.iter().map(|b| (b.id.as_str(), b.name.as_str())))
        .collect();
    let owners: Vec<(&str, &str)> = plans
        .iter()
        .flat_map(|p| {
            p.tasks
                .iter()
                .filter_map(|t| t.owner.as_deref())
                .chain(p.milestones.iter().filter_map(|m| m.owner.as_deref()))
        })
        .map(|o| (o, o))
        .collect();
    must_name("stream", &mut f.stream, &streams, "no stream has this id")?;
    must_name("bucket", &mut f.bucket, &buckets, "no bucket has this id")?;
    must_name("owner", &mut f.owner, &owners, "no item has this owner")
}

/// A typed id that names several things: which ones, and what to do.
pub fn ambiguous(query: &str, ids: &[String]) -> Failure {
    let shown: Vec<String> = ids
        .iter()
        .take(10)
        .map(|s| format!("`{}`", roadmap::escape::terminal(s)))
        .collect();
    let more = match ids.len() {
        n if n > 10 => format!(" and {} more", n - 10),
        _ => String::new(),
    };
    Failure::CannotRun(format!(
        "`{}` matches {} ids: {}{more}; give more of the one you mean",
        roadmap::escape::terminal(query),
        ids.len(),
        shown.join(", ")
    ))
}

/// Every value of `--{flag}` must name one of `have` (id, name): by its id
/// in any case, its name, or the start of its id
/// ([`roadmap::plan::lookup::find`]), and is replaced by that id; one that
/// names nothing is refused, with `none` saying what is missing and a
/// did-you-mean, and one that names several is refused with them listed.
pub fn must_name(
    flag: &str,
    wanted: &mut [String],
    have: &[(&str, &str)],
    none: &str,
) -> Result<(), Failure> {
    use roadmap::plan::lookup::{Found, find};
    for w in wanted.iter_mut() {
        match find(w, have) {
            Found::One(id) => *w = id.to_string(),
            Found::Many(ids) => {
                let ids: Vec<String> = ids.into_iter().map(String::from).collect();
                return Err(match ambiguous(w, &ids) {
                    Failure::CannotRun(m) => Failure::CannotRun(format!("--{flag} {m}")),
                    other => other,
                });
            }
            Found::None => {
                let hint = roadmap::diag::did_you_mean(w, have.iter().map(|(id, _)| *id))
                    .map(|b| format!(" (did you mean `{}`?)", roadmap::escape::terminal(b)))
                    .unwrap_or_default();
                return Err(Failure::CannotRun(format!(
                    "--{flag} {}: {none}{hint}",
                    roadmap::escape::terminal(w)
                )));
            }
        }
    }
    Ok(())
}

/// Which items a view shows (`status`, `gantt`): every flag narrows it.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// Only items of this stream (id; repeat for several).
    #[arg(long, value_name = "ID", add = clap_complete::engine::ArgValueCandidates::new(complete::streams))]
    pub stream: Vec<String>,

    /// Only items with this owner (as written; repeat for several).
    #[arg(long, value_name = "NAME", add = clap_complete::engine::ArgValueCandidates::new(complete::owners))]
    pub owner: Vec<String>,

    /// Only items in this bucket, or a bucket within it (id; repeat for several).
    #[arg(long, value_name = "ID")]
    pub bucket: Vec<String>,

    /// Only items with this status: todo, in-progress, done, blocked, cancelled.
    #[arg(long, value_name = "STATUS", value_parser = parse_status)]
    pub status: Vec<roadmap::plan::model::Status>,

    /// Only items with this tag (on the item or a group above it).
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,
}

impl FilterArgs {
    pub fn filter(&self) -> roadmap::report::Filter {
        roadmap::report::Filter {
            stream: self.stream.clone(),
            owner: self.owner.clone(),
            bucket: self.bucket.clone(),
            status: self.status.clone(),
            tag: self.tag.clone(),
        }
    }
}

fn parse_status(s: &str) -> Result<roadmap::plan::model::Status, String> {
    roadmap::plan::model::Status::parse(&s.trim().to_ascii_lowercase()).ok_or_else(|| {
        "a status is one of: todo, in-progress, done, blocked, cancelled".to_string()
    })
}

/// Formats of the tabular reports.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    Table,
    Json,
    Csv,
    Markdown,
}

impl From<TableFormat> for render::Format {
    fn from(f: TableFormat) -> render::Format {
        match f {
            TableFormat::Table => render::Format::Table,
            TableFormat::Json => render::Format::Json,
            TableFormat::Csv => render::Format::Csv,
            TableFormat::Markdown => render::Format::Markdown,
        }
    }
}

/// Formats of the commands whose answer is text or a chart (`explain`,
/// `gantt`): the text, or the report value as JSON.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum TextFormat {
    Text,
    Json,
}

/// Formats of the reports that have no CSV form.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Table,
    Json,
    Markdown,
}

impl From<ReportFormat> for render::Format {
    fn from(f: ReportFormat) -> render::Format {
        match f {
            ReportFormat::Table => render::Format::Table,
            ReportFormat::Json => render::Format::Json,
            ReportFormat::Markdown => render::Format::Markdown,
        }
    }
}
