//! `roadmap explain ID`: why a task starts when it does.

use super::{Answer, Ctx, Failure, Outcome, load_for_report};
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// Id of the task or milestone.
    #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::ids))]
    pub id: String,

    /// Plan file or folder (default: roadmap.yaml here, else plans/).
    pub paths: Vec<PathBuf>,
}

/// Explain one task or milestone.
pub fn run(args: ExplainArgs, ctx: &Ctx, err: &mut dyn Write) -> Outcome {
    let project = load_for_report(args.paths, ctx, err)?;
    let mut all_ids = Vec::new();
    for v in project.views() {
        if let Some(&n) = v.plan.ids.get(args.id.trim()) {
            let Some(s) = v.schedule else {
                return Err(Failure::CannotRun(format!(
                    "{}: the plan cannot be scheduled",
                    v.name
                )));
            };
            let text = format!(
                "{}: {}\n\n{}",
                v.name,
                v.plan.title,
                roadmap::report::critical::explain_with(v.plan, v.graph, s, n, &|l| format!(
                    "{}:{}:{}",
                    project.sources.display(l.file),
                    l.line,
                    l.column
                ))
            );
            return Ok(Answer::ok(roadmap::escape::terminal_text(&text)));
        }
        all_ids.extend(v.plan.ids.keys().cloned());
    }
    let hint = roadmap::diag::did_you_mean(&args.id, all_ids.iter().map(String::as_str))
        .map(|b| format!(" (did you mean `{}`?)", roadmap::escape::terminal(b)))
        .unwrap_or_default();
    Err(Failure::CannotRun(format!(
        "no task or milestone has the id `{}`{hint}",
        args.id
    )))
}
