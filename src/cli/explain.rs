//! `roadmap explain ID`: why a task starts when it does.

use super::{Answer, Ctx, Failure, Outcome, TextFormat, load_for_report};
use roadmap::plan::lookup::Miss;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// The task or milestone: its id, its name, or the start of its id.
    #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::complete::ids))]
    pub id: String,

    /// Output format: text, or the explanation as JSON.
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    pub format: TextFormat,

    /// Plan file or folder (default: roadmap.yaml here, else plans/, else the plans in this folder).
    pub paths: Vec<PathBuf>,
}

/// Explain one task or milestone: named by its id, its name, or the start
/// of its id (see [`roadmap::plan::lookup::find`]).
pub fn run(args: ExplainArgs, ctx: &Ctx, err: &mut dyn Write) -> Outcome {
    // `explain plan.yaml ID`: the id comes first.
    if let [path] = &args.paths[..]
        && !path.exists()
        && std::path::Path::new(&args.id).is_file()
    {
        return Err(Failure::CannotRun(format!(
            "{}: no such file or folder; the id comes first: `roadmap explain {} {}`",
            path.display(),
            path.display(),
            args.id
        )));
    }
    let project = load_for_report(args.paths, ctx, err)?;
    let mut hits = Vec::new();
    let mut many = Vec::new();
    let mut all_ids = Vec::new();
    for (i, v) in project.views().enumerate() {
        if let Some(&n) = v.plan.ids.get(args.id.trim()) {
            hits = vec![(i, n)];
            many.clear();
            break;
        }
        match roadmap::plan::lookup::find_node(v.plan, &args.id) {
            Ok(n) => hits.push((i, n)),
            Err(Miss::Many(ids)) => many.extend(ids),
            Err(Miss::None) => all_ids.extend(v.plan.ids.keys().cloned()),
        }
    }
    if hits.len() > 1 || !many.is_empty() {
        let views: Vec<_> = project.views().collect();
        many.extend(
            hits.iter()
                .map(|(i, n)| views[*i].plan.node_id(*n).to_string()),
        );
        many.sort();
        return Err(super::ambiguous(&args.id, &many));
    }
    if let Some(&(i, n)) = hits.first() {
        let v = project.views().nth(i).expect("a view of the project");
        let Some(s) = v.schedule else {
            return Err(Failure::CannotRun(format!(
                "{}: the plan cannot be scheduled",
                v.name
            )));
        };
        if args.format == TextFormat::Json {
            let e = roadmap::report::critical::explanation(v.plan, v.graph, s, n);
            return Ok(Answer::ok(roadmap::render::json_one_or_many(&[e])?));
        }
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
        let text = roadmap::escape::terminal_text(&text);
        return Ok(Answer::ok(roadmap::render::table::wrap_text(
            &text,
            ctx.style.width,
        )));
    }
    let hint = roadmap::diag::did_you_mean(&args.id, all_ids.iter().map(String::as_str))
        .map(|b| format!(" (did you mean `{}`?)", roadmap::escape::terminal(b)))
        .unwrap_or_default();
    Err(Failure::CannotRun(format!(
        "no task or milestone has the id or name `{}`{hint}",
        roadmap::escape::terminal(&args.id)
    )))
}
