//! `roadmap check`: the CI gate for plan pull requests.

use super::severity::{allow_arg, check_levels, deny_arg, warn_arg};
use super::{Answer, Ctx, EXIT_OK, EXIT_PLAN_ERRORS, Outcome, count, paths_or_default};
use clap::ValueEnum;
use roadmap::Project;
use roadmap::diag::Target;
use roadmap::render::diagnostics as render;
use std::fmt::Write as _;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Plan files or folders (default: roadmap.yaml here, else plans/, else the plans in this folder).
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,

    /// Make the code CODE an error; `warnings`: every warning (repeatable).
    #[arg(long, short = 'D', value_name = "CODE", value_parser = deny_arg)]
    pub deny: Vec<Target>,

    /// Make the code CODE a warning (repeatable).
    #[arg(long, short = 'W', value_name = "CODE", value_parser = warn_arg)]
    pub warn: Vec<Target>,

    /// Neither print nor count the code CODE; `warnings`: every warning (repeatable).
    #[arg(long, short = 'A', value_name = "CODE", value_parser = allow_arg)]
    pub allow: Vec<Target>,

    /// Print only the summary line of each plan (the exit code is the same).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
    Github,
}

/// Check the plans and report every diagnostic.
pub fn run(args: CheckArgs, ctx: &Ctx) -> Outcome {
    let levels = check_levels(&args)?;
    if args.quiet && args.format != CheckFormat::Human {
        return Err(super::Failure::CannotRun(format!(
            "--quiet prints the summary lines of `--format human`; `--format {}` has none to keep",
            args.format
                .to_possible_value()
                .map(|v| v.get_name().to_string())
                .unwrap_or_default()
        )));
    }
    let paths = paths_or_default(args.paths)?;
    let mut project = roadmap::project::check_paths_with(&paths, ctx.as_of, ctx.opts)?;
    // Final severities: allowed diagnostics are neither printed nor counted.
    project.diagnostics = levels.apply(std::mem::take(&mut project.diagnostics));
    let errors = project.errors();
    let text = match args.format {
        CheckFormat::Human => human(&project, ctx.style.color, args.quiet),
        CheckFormat::Json => json(&project)?,
        CheckFormat::Github => project
            .diagnostics
            .iter()
            .map(|d| render::github(&project.sources, d) + "\n")
            .collect(),
    };
    project.drop_in_background();
    let failed = errors > 0;
    Ok(Answer {
        text,
        code: if failed { EXIT_PLAN_ERRORS } else { EXIT_OK },
    })
}

/// Each diagnostic, then one summary line per plan; `quiet`: the summary lines only.
fn human(p: &Project, color: bool, quiet: bool) -> String {
    let mut out = String::new();
    for d in p.diagnostics.iter().filter(|_| !quiet) {
        let _ = writeln!(out, "{}\n", render::human(&p.sources, d, color));
    }
    for lp in &p.plans {
        let file = &lp.name;
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
            Some(plan) => format!(
                "{} ({})",
                roadmap::escape::terminal(&plan.title),
                count(plan.items().count(), "item")
            ),
            None => "could not be read in full".to_string(),
        };
        let verdict = match (e, w) {
            (0, 0) => "ok".to_string(),
            (e, 0) => count(e, "error"),
            (0, w) => count(w, "warning"),
            (e, w) => format!("{}, {}", count(e, "error"), count(w, "warning")),
        };
        let _ = writeln!(out, "{file}: {what}: {verdict}");
    }
    out
}

fn json(p: &Project) -> serde_json::Result<String> {
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
                file: lp.name.clone(),
                title: lp.plan.as_ref().map(|pl| pl.title.clone()),
                items: lp.plan.as_ref().map(|pl| pl.items().count()),
            })
            .collect(),
    };
    Ok(serde_json::to_string_pretty(&report)? + "\n")
}
