//! The command line: argument parsing, picking a renderer, exit codes.
//!
//! Exit codes mean one thing each: 0 the plans are fine, 1 a plan has errors
//! (or warnings under `--deny warnings`), 2 the tool could not run.

use crate::render;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

pub const EXIT_OK: u8 = 0;
pub const EXIT_PLAN_ERRORS: u8 = 1;
pub const EXIT_CANNOT_RUN: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "roadmap",
    version,
    about = "Roadmaps kept as YAML in git, checked and reasoned about",
    long_about = "Roadmaps kept as YAML in git, checked and reasoned about.\n\n\
        A plan is a YAML file (or a root file and the fragments it includes) with \
        streams, tasks, buckets, milestones and dependencies. See docs/plan-format.md.",
    after_help = "Examples:\n  roadmap check                      check roadmap.yaml, else every plan in plans/\n  roadmap check plans/q2o-gantt.yaml check one plan\n  roadmap check --format github      annotations for GitHub Actions\n\nExit codes: 0 fine, 1 the plan has errors, 2 the tool could not run."
)]
pub struct Cli {
    /// When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// Fit tables to this many columns (default: the terminal's width, else $COLUMNS, else 100).
    #[arg(long, global = true, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(40..))]
    pub width: Option<u16>,

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
        after_help = "Examples:\n  roadmap check\n  roadmap check plans/\n  roadmap check plans/kaar-roadmap.yaml --format json\n  roadmap check --deny warnings\n\nStructural problems (YAML, unknown keys, duplicate ids, unknown references, cycles)\nand declared totals that do not match are errors; schedule inconsistencies are\nwarnings. Every code is listed in docs/check.md.\n\nExit codes: 0 no errors, 1 errors (or warnings under --deny warnings), 2 could not run."
    )]
    Check(CheckArgs),

    /// The chain of tasks that sets the finish date, and every task's slack.
    #[command(
        name = "critical-path",
        after_help = "Examples:\n  roadmap critical-path plans/q2o-gantt.yaml\n  roadmap critical-path --near 10          also tasks with up to 10 days of slack\n  roadmap critical-path --all --format json\n  roadmap critical-path --format markdown  for a steering-meeting note or PR comment\n\nDurations are in working days (5 to a week) on the plan's calendar. Slack is\nnegative where a deadline (a task's due date, its bucket's end, a milestone's\ndeadline, the plan's deadline) cannot be met. See docs/critical-path.md."
    )]
    CriticalPath(CriticalPathArgs),

    /// Progress by stream, bucket, owner, milestone or priority; what is overdue and at risk.
    #[command(
        after_help = "Examples:\n  roadmap status\n  roadmap status plans/migrationbox-v4.1.yaml --by owner\n  roadmap status --matrix                   streams x buckets, done/items per cell\n  roadmap status --stream backend --status blocked\n  roadmap status --today 2026-03-01 --format markdown\n\nCounts are over items (tasks without sub-tasks). Cancelled items are shown but\nare not open work; percent done is over the items that are not cancelled.\nSee docs/status.md."
    )]
    Status(StatusArgs),

    /// One row per milestone, gate and bucket with a declared total: counted, declared, done, state.
    #[command(
        after_help = "Examples:\n  roadmap milestones plans/kaar-roadmap.yaml\n  roadmap milestones --format csv > milestones.csv"
    )]
    Milestones(MilestonesArgs),

    /// Why a task starts when it does, and what a slip in it pushes.
    #[command(
        after_help = "Examples:\n  roadmap explain 2.7 plans/q2o-gantt.yaml\n  roadmap explain gate-2"
    )]
    Explain(ExplainArgs),

    /// The schedule as a Gantt chart in the terminal.
    #[command(
        after_help = "Examples:\n  roadmap gantt plans/q2o-gantt.yaml\n  roadmap gantt --scale weeks --width 160\n  roadmap gantt --stream backend --ascii\n  roadmap gantt --today 2026-03-01\n\nOne bar per scheduled task, grouped by stream; milestones as diamonds; dated\nbuckets at the top. Tasks without a duration are listed under the chart, never\ndrawn. See docs/gantt.md."
    )]
    Gantt(GanttArgs),

    /// Export the plan and its schedule: Mermaid, Graphviz DOT, JSON or CSV.
    #[command(
        after_help = "Examples:\n  roadmap export --to mermaid examples/relaunch.yaml    a ```mermaid block for GitHub\n  roadmap export --to dot plans/q2o-gantt.yaml | dot -Tsvg > deps.svg\n  roadmap export --to json -o plan.json\n  roadmap export --to csv -o tasks.csv --force\n\nOne plan at a time. -o writes atomically (a temporary file, then a rename) and\nrefuses to overwrite an existing file without --force. See docs/export.md."
    )]
    Export(ExportArgs),

    #[command(flatten)]
    Tools(crate::tools::ToolCommand),
}

#[derive(clap::Args, Debug)]
pub struct CriticalPathArgs {
    /// Plan file or folder (default: roadmap.yaml here, else plans/).
    pub paths: Vec<PathBuf>,

    /// Also show tasks with at most this many working days of slack.
    #[arg(long, value_name = "DAYS", conflicts_with = "all")]
    pub near: Option<u32>,

    /// Show every scheduled task with its slack.
    #[arg(long)]
    pub all: bool,

    #[command(flatten)]
    pub today: TodayArg,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
}

#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// Id of the task or milestone.
    pub id: String,

    /// Plan file or folder (default: roadmap.yaml here, else plans/).
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub today: TodayArg,
}

#[derive(clap::Args, Debug)]
pub struct GanttArgs {
    /// Plan files or folders (default: roadmap.yaml here, else plans/).
    pub paths: Vec<PathBuf>,

    /// Time axis unit (default: the finest that fits the width).
    #[arg(long, value_enum)]
    pub scale: Option<crate::gantt::Scale>,

    /// Draw with ASCII characters only, for terminals without Unicode.
    #[arg(long)]
    pub ascii: bool,

    #[command(flatten)]
    pub filter: FilterArgs,

    #[command(flatten)]
    pub today: TodayArg,
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// Plan file, or a folder holding one plan (default: roadmap.yaml here, else plans/).
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum)]
    pub to: crate::export::Format,

    /// Write to this file instead of standard output (atomically).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// With -o, replace the file if it exists.
    #[arg(long, requires = "output")]
    pub force: bool,

    #[command(flatten)]
    pub today: TodayArg,
}

#[derive(clap::Args, Debug)]
pub struct TodayArg {
    /// The as-of date: work not done is scheduled from it (default: the clock).
    #[arg(long, env = "ROADMAP_TODAY", value_name = "YYYY-MM-DD", value_parser = parse_today)]
    pub today: Option<chrono::NaiveDate>,
}

fn parse_today(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date like 2026-03-01"))
}

impl TodayArg {
    pub fn get(&self) -> chrono::NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }
}

#[derive(clap::Args, Debug)]
pub struct StatusArgs {
    /// Plan files or folders (default: roadmap.yaml here, else plans/).
    pub paths: Vec<PathBuf>,

    /// Group the rows by this.
    #[arg(long, value_enum, default_value_t = crate::status::GroupBy::Stream)]
    pub by: crate::status::GroupBy,

    /// Streams x buckets, like a quarterly roadmap table: done/items per cell.
    #[arg(long, conflicts_with = "by")]
    pub matrix: bool,

    #[command(flatten)]
    pub filter: FilterArgs,

    #[command(flatten)]
    pub today: TodayArg,

    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

/// Which items a view shows (`status`, `gantt`): every flag narrows it.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// Only items of this stream (id; repeat for several).
    #[arg(long, value_name = "ID")]
    pub stream: Vec<String>,

    /// Only items with this owner (as written; repeat for several).
    #[arg(long, value_name = "NAME")]
    pub owner: Vec<String>,

    /// Only items in this bucket, or a bucket within it (id; repeat for several).
    #[arg(long, value_name = "ID")]
    pub bucket: Vec<String>,

    /// Only items with this status: todo, in-progress, done, blocked, cancelled.
    #[arg(long, value_name = "STATUS", value_parser = parse_status)]
    pub status: Vec<crate::model::Status>,

    /// Only items with this tag (on the item or a group above it).
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,
}

impl FilterArgs {
    pub fn filter(&self) -> crate::status::Filter {
        crate::status::Filter {
            stream: self.stream.clone(),
            owner: self.owner.clone(),
            bucket: self.bucket.clone(),
            status: self.status.clone(),
            tag: self.tag.clone(),
        }
    }
}

fn parse_status(s: &str) -> Result<crate::model::Status, String> {
    crate::model::Status::parse(&s.trim().to_ascii_lowercase()).ok_or_else(|| {
        "a status is one of: todo, in-progress, done, blocked, cancelled".to_string()
    })
}

#[derive(clap::Args, Debug)]
pub struct MilestonesArgs {
    /// Plan files or folders (default: roadmap.yaml here, else plans/).
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub today: TodayArg,

    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    Table,
    Json,
    Csv,
    Markdown,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Table,
    Json,
    Markdown,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Plan files or folders (default: roadmap.yaml here, else plans/).
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,

    /// Treat warnings as failures (exit 1).
    #[arg(long, value_enum, value_name = "warnings")]
    pub deny: Option<Deny>,

    #[command(flatten)]
    pub today: TodayArg,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
    Github,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    Warnings,
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
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

/// Run parsed arguments, writing results to `out` and tool errors to `err`.
pub fn run(cli: Cli, color: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let width = cli.width.unwrap_or_else(crate::table::width);
    match cli.command {
        Command::Check(args) => run_check(args, color, out, err),
        Command::Tools(cmd) => crate::tools::run(cmd, out, err),
        Command::CriticalPath(args) => run_critical_path(args, width, out, err),
        Command::Explain(args) => run_explain(args, out, err),
        Command::Status(args) => run_status(args, width, color, out, err),
        Command::Milestones(args) => run_milestones(args, width, color, out, err),
        Command::Gantt(args) => run_gantt(args, width, color, out, err),
        Command::Export(args) => run_export(args, out, err),
    }
}

/// Run a command line as the binary would (for tests): the exit code, what
/// went to standard output, and what went to standard error. Colour is off,
/// and tables are 100 columns wide unless `--width` says otherwise.
pub fn run_args<I, T>(args: I) -> (u8, String, String)
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = match Cli::try_parse_from(args) {
        Ok(mut cli) => {
            // Tests see the same width wherever they run.
            cli.width = cli.width.or(Some(100));
            run(cli, false, &mut out, &mut err)
        }
        Err(e) => {
            err.extend_from_slice(e.to_string().as_bytes());
            if e.use_stderr() {
                EXIT_CANNOT_RUN
            } else {
                EXIT_OK
            }
        }
    };
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
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
    Err("no roadmap.yaml in this folder and no plans/ folder: give a plan file or folder, e.g. `roadmap check plans/`".into())
}

fn fail(err: &mut dyn Write, msg: impl std::fmt::Display) -> u8 {
    let _ = writeln!(err, "roadmap: error: {msg}");
    EXIT_CANNOT_RUN
}

pub fn run_check(args: CheckArgs, color: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let paths = if args.paths.is_empty() {
        match default_paths() {
            Ok(p) => p,
            Err(e) => return fail(err, e),
        }
    } else {
        args.paths
    };
    let project = match crate::check_paths_at(&paths, Some(args.today.get())) {
        Ok(p) => p,
        Err(e) => return fail(err, e),
    };
    let (errors, warnings) = (project.errors(), project.warnings());
    let written = match args.format {
        CheckFormat::Human => write_human(&project, color, out),
        CheckFormat::Json => write_json(&project, out),
        CheckFormat::Github => project
            .diagnostics
            .iter()
            .try_for_each(|d| writeln!(out, "{}", render::github(&project.sources, d))),
    };
    project.drop_in_background();
    if let Err(e) = written {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return EXIT_OK;
        }
        return fail(err, format!("cannot write output: {e}"));
    }
    if errors > 0 || (args.deny == Some(Deny::Warnings) && warnings > 0) {
        EXIT_PLAN_ERRORS
    } else {
        EXIT_OK
    }
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn write_human(p: &crate::Project, color: bool, out: &mut dyn Write) -> std::io::Result<()> {
    for d in &p.diagnostics {
        writeln!(out, "{}\n", render::human(&p.sources, d, color))?;
    }
    for lp in &p.plans {
        let file = p.sources.display(lp.root);
        let (e, w) = p
            .diagnostics
            .iter()
            .filter(|d| lp.files.contains(&d.loc.file))
            .fold(
                (0, 0),
                |(e, w), d| if d.is_error() { (e + 1, w) } else { (e, w + 1) },
            );
        let what = match &lp.plan {
            Some(plan) if plan.title.is_empty() => {
                format!("(untitled) ({})", count(plan.items().count(), "item"))
            }
            Some(plan) => format!("{} ({})", plan.title, count(plan.items().count(), "item")),
            None => "could not be read in full".to_string(),
        };
        let verdict = match (e, w) {
            (0, 0) => "ok".to_string(),
            (e, 0) => count(e, "error"),
            (0, w) => count(w, "warning"),
            (e, w) => format!("{}, {}", count(e, "error"), count(w, "warning")),
        };
        writeln!(out, "{file}: {what}: {verdict}")?;
    }
    Ok(())
}

fn write_json(p: &crate::Project, out: &mut dyn Write) -> std::io::Result<()> {
    #[derive(serde::Serialize)]
    struct PlanSummary {
        file: String,
        title: Option<String>,
        items: Option<usize>,
    }
    #[derive(serde::Serialize)]
    struct Report<'a> {
        diagnostics: Vec<render::JsonDiagnostic<'a>>,
        errors: usize,
        warnings: usize,
        plans: Vec<PlanSummary>,
    }
    let report = Report {
        diagnostics: p
            .diagnostics
            .iter()
            .map(|d| render::json_diagnostic(&p.sources, d))
            .collect(),
        errors: p.errors(),
        warnings: p.warnings(),
        plans: p
            .plans
            .iter()
            .map(|lp| PlanSummary {
                file: p.sources.display(lp.root),
                title: lp.plan.as_ref().map(|pl| pl.title.clone()),
                items: lp.plan.as_ref().map(|pl| pl.items().count()),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &report).map_err(std::io::Error::other)?;
    writeln!(out)
}

/// Load plans for a report: errors in them stop the report (exit 1, shown on
/// standard error); warnings do not.
fn load_for_report(
    paths: Vec<PathBuf>,
    today: &TodayArg,
    err: &mut dyn Write,
) -> Result<crate::Project, u8> {
    let paths = if paths.is_empty() {
        default_paths().map_err(|e| fail(err, e))?
    } else {
        paths
    };
    let project = crate::check_paths_at(&paths, Some(today.get())).map_err(|e| fail(err, e))?;
    // A wrong declared total does not stop a report; a plan that could not be
    // read whole does.
    let blocking =
        |d: &&crate::diag::Diagnostic| d.is_error() && d.code != crate::diag::Code::TotalMismatch;
    let blockers = project.diagnostics.iter().filter(blocking).count();
    if blockers == 0 && project.errors() > 0 {
        let _ = writeln!(
            err,
            "roadmap: note: the plan has {} (`roadmap check` lists them)",
            count(project.errors(), "error")
        );
    }
    if blockers > 0 {
        for d in project.diagnostics.iter().filter(blocking) {
            let _ = writeln!(err, "{}\n", render::human(&project.sources, d, false));
        }
        let _ = writeln!(
            err,
            "roadmap: error: the plan has {}: run `roadmap check` and fix them first",
            count(blockers, "error")
        );
        return Err(EXIT_PLAN_ERRORS);
    }
    Ok(project)
}

fn write_out(out: &mut dyn Write, err: &mut dyn Write, text: &str) -> u8 {
    match out.write_all(text.as_bytes()) {
        Ok(()) => EXIT_OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => fail(err, format!("cannot write output: {e}")),
    }
}

pub fn run_critical_path(
    args: CriticalPathArgs,
    width: u16,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let project = match load_for_report(args.paths, &args.today, err) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let show = if args.all {
        crate::critical::Show::All
    } else if let Some(n) = args.near {
        crate::critical::Show::Near(n as i64)
    } else {
        crate::critical::Show::Critical
    };
    let mut reports = Vec::new();
    for lp in &project.plans {
        let (Some(plan), Some(g)) = (&lp.plan, &lp.graph) else {
            continue;
        };
        let Some(s) = &lp.schedule else {
            return fail(
                err,
                format!(
                    "{}: the plan cannot be scheduled",
                    project.sources.display(lp.root)
                ),
            );
        };
        // JSON holds every task; a table or Markdown only the rows it shows.
        let rows = match args.format {
            ReportFormat::Json => crate::critical::Show::All,
            ReportFormat::Table | ReportFormat::Markdown => show,
        };
        reports.push(crate::critical::report_showing(
            plan,
            project.sources.display(lp.root),
            g,
            s,
            rows,
        ));
    }
    let text = match args.format {
        ReportFormat::Json => {
            let v = if reports.len() == 1 {
                serde_json::to_string_pretty(&reports[0])
            } else {
                serde_json::to_string_pretty(&reports)
            };
            match v {
                Ok(s) => s + "\n",
                Err(e) => return fail(err, e),
            }
        }
        ReportFormat::Table => reports
            .iter()
            .map(|r| crate::critical::render_table(r, show, width))
            .collect::<Vec<_>>()
            .join("\n"),
        ReportFormat::Markdown => reports
            .iter()
            .map(|r| crate::critical::render_markdown(r, show))
            .collect::<Vec<_>>()
            .join("\n"),
    };
    project.drop_in_background();
    write_out(out, err, &text)
}

pub fn run_explain(args: ExplainArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let project = match load_for_report(args.paths, &args.today, err) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let mut all_ids = Vec::new();
    for lp in &project.plans {
        let (Some(plan), Some(g)) = (&lp.plan, &lp.graph) else {
            continue;
        };
        if let Some(&n) = plan.ids.get(args.id.trim()) {
            let Some(s) = &lp.schedule else {
                return fail(err, "the plan cannot be scheduled");
            };
            let text = format!(
                "{}: {}\n\n{}",
                project.sources.display(lp.root),
                plan.title,
                crate::critical::explain(plan, g, s, n)
            );
            return write_out(out, err, &text);
        }
        all_ids.extend(plan.ids.keys().cloned());
    }
    let hint = crate::diag::did_you_mean(&args.id, all_ids.iter().map(String::as_str))
        .map(|b| format!(" (did you mean `{b}`?)"))
        .unwrap_or_default();
    fail(
        err,
        format!("no task or milestone has the id `{}`{hint}", args.id),
    )
}

/// One JSON value for one plan, an array for several.
fn json_one_or_many<T: serde::Serialize>(v: &[T]) -> Result<String, serde_json::Error> {
    let s = if v.len() == 1 {
        serde_json::to_string_pretty(&v[0])?
    } else {
        serde_json::to_string_pretty(v)?
    };
    Ok(s + "\n")
}

/// Filter values must name something that exists, or the report would be
/// silently empty.
fn check_filter(project: &crate::Project, args: &FilterArgs) -> Result<(), String> {
    let plans: Vec<&crate::model::Plan> = project
        .plans
        .iter()
        .filter_map(|p| p.plan.as_ref())
        .collect();
    let streams: Vec<&str> = plans
        .iter()
        .flat_map(|p| p.streams.iter().map(|s| s.id.as_str()))
        .collect();
    let buckets: Vec<&str> = plans
        .iter()
        .flat_map(|p| p.buckets.iter().map(|b| b.id.as_str()))
        .collect();
    for (what, wanted, have) in [
        ("stream", &args.stream, &streams),
        ("bucket", &args.bucket, &buckets),
    ] {
        for w in wanted {
            if !have.iter().any(|h| h.eq_ignore_ascii_case(w)) {
                let hint = crate::diag::did_you_mean(w, have.iter().copied())
                    .map(|b| format!(" (did you mean `{b}`?)"))
                    .unwrap_or_default();
                return Err(format!("--{what} {w}: no {what} has this id{hint}"));
            }
        }
    }
    Ok(())
}

pub fn run_status(
    args: StatusArgs,
    width: u16,
    color: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let project = match load_for_report(args.paths.clone(), &args.today, err) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(e) = check_filter(&project, &args.filter) {
        return fail(err, e);
    }
    let filter = args.filter.filter();
    let today = args.today.get();
    let plans: Vec<(&crate::model::Plan, &crate::graph::PlanGraph, String)> = project
        .plans
        .iter()
        .filter_map(|lp| {
            Some((
                lp.plan.as_ref()?,
                lp.graph.as_ref()?,
                project.sources.display(lp.root),
            ))
        })
        .collect();
    let text = if args.matrix {
        let ms: Vec<crate::status::Matrix> = plans
            .iter()
            .map(|(plan, _, file)| crate::status::matrix(plan, file.clone(), &filter))
            .collect();
        match args.format {
            TableFormat::Table => ms
                .iter()
                .map(|m| crate::status::matrix_table(m, width))
                .collect::<Vec<_>>()
                .join("\n"),
            TableFormat::Markdown => ms
                .iter()
                .map(crate::status::matrix_markdown)
                .collect::<Vec<_>>()
                .join("\n"),
            TableFormat::Csv => crate::status::matrix_csv(&ms),
            TableFormat::Json => match json_one_or_many(&ms) {
                Ok(s) => s,
                Err(e) => return fail(err, e),
            },
        }
    } else {
        let reports: Vec<crate::status::StatusReport> = plans
            .iter()
            .map(|(plan, g, file)| {
                let sched = crate::schedule::schedule(plan, g, Some(today));
                crate::status::status(
                    plan,
                    file.clone(),
                    g,
                    sched.as_ref(),
                    args.by,
                    &filter,
                    today,
                )
            })
            .collect();
        match args.format {
            TableFormat::Table => reports
                .iter()
                .map(|r| crate::status::status_table(r, width, color))
                .collect::<Vec<_>>()
                .join("\n"),
            TableFormat::Markdown => reports
                .iter()
                .map(crate::status::status_markdown)
                .collect::<Vec<_>>()
                .join("\n"),
            TableFormat::Csv => crate::status::status_csv(&reports),
            TableFormat::Json => match json_one_or_many(&reports) {
                Ok(s) => s,
                Err(e) => return fail(err, e),
            },
        }
    };
    write_out(out, err, &text)
}

pub fn run_milestones(
    args: MilestonesArgs,
    width: u16,
    color: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let project = match load_for_report(args.paths, &args.today, err) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let today = args.today.get();
    let reports: Vec<crate::status::MilestonesReport> = project
        .plans
        .iter()
        .filter_map(|lp| {
            Some(crate::status::milestones(
                lp.plan.as_ref()?,
                project.sources.display(lp.root),
                lp.graph.as_ref(),
                lp.schedule.as_ref(),
                today,
            ))
        })
        .collect();
    let text = match args.format {
        TableFormat::Table => reports
            .iter()
            .map(|r| crate::status::milestones_table(r, width, color))
            .collect::<Vec<_>>()
            .join("\n"),
        TableFormat::Markdown => reports
            .iter()
            .map(crate::status::milestones_markdown)
            .collect::<Vec<_>>()
            .join("\n"),
        TableFormat::Csv => crate::status::milestones_csv(&reports),
        TableFormat::Json => match json_one_or_many(&reports) {
            Ok(s) => s,
            Err(e) => return fail(err, e),
        },
    };
    write_out(out, err, &text)
}

/// The plans of a project that resolved, with their graphs and file names.
fn resolved(
    project: &crate::Project,
) -> Vec<(&crate::model::Plan, &crate::graph::PlanGraph, String)> {
    project
        .plans
        .iter()
        .filter_map(|lp| {
            Some((
                lp.plan.as_ref()?,
                lp.graph.as_ref()?,
                project.sources.display(lp.root),
            ))
        })
        .collect()
}

pub fn run_gantt(
    args: GanttArgs,
    width: u16,
    color: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let project = match load_for_report(args.paths, &args.today, err) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(e) = check_filter(&project, &args.filter) {
        return fail(err, e);
    }
    let opts = crate::gantt::Options {
        width,
        scale: args.scale,
        ascii: args.ascii,
        color,
        today: args.today.get(),
    };
    let filter = args.filter.filter();
    let mut charts = Vec::new();
    for (plan, g, file) in resolved(&project) {
        let Some(s) = crate::schedule::schedule(plan, g, Some(opts.today)) else {
            return fail(err, format!("{file}: the plan cannot be scheduled"));
        };
        charts.push(crate::gantt::render(plan, &file, g, &s, &filter, &opts));
    }
    write_out(out, err, &charts.join("\n"))
}

pub fn run_export(args: ExportArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let project = match load_for_report(args.paths, &args.today, err) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let plans = resolved(&project);
    let (plan, g, file) = match plans.as_slice() {
        [one] => one,
        [] => return fail(err, "no plan to export"),
        many => {
            let names: Vec<&str> = many.iter().map(|(_, _, f)| f.as_str()).collect();
            return fail(
                err,
                format!(
                    "export takes one plan, and these paths hold {}: {}; name one file",
                    many.len(),
                    names.join(", ")
                ),
            );
        }
    };
    let Some(s) = crate::schedule::schedule(plan, g, Some(args.today.get())) else {
        return fail(err, format!("{file}: the plan cannot be scheduled"));
    };
    let text = match crate::export::export(plan, file, g, &s, args.to) {
        Ok(t) => t,
        Err(e) => return fail(err, e),
    };
    match args.output {
        None => write_out(out, err, &text),
        Some(path) => {
            let write = |w: &mut dyn Write| w.write_all(text.as_bytes());
            match crate::export::write_atomic(&path, args.force, write) {
                Ok(()) => EXIT_OK,
                Err(e) => fail(err, e),
            }
        }
    }
}
