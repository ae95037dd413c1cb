//! `roadmap set ID... KEY=VALUE...`, and its daily shortcuts `start` and
//! `done`: change a plan file in place, every other byte kept (docs/edit.md).

use super::{Answer, Ctx, Failure, Outcome, paths_or_default};
use chrono::NaiveDate;
use roadmap::edit::{self, Change, EditError, FileChange};
use roadmap::render;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct SetArgs {
    /// Item ids, then KEY=VALUE changes, then (optionally) plan files or
    /// folders (default: roadmap.yaml here, else plans/, else the plans in this folder). Keys: status,
    /// owner, priority, tags (a,b), due, estimate, not-before, progress,
    /// remaining, started, finished.
    #[arg(required = true, value_name = "ID|KEY=VALUE|PLAN", add = clap_complete::engine::ArgValueCandidates::new(super::complete::ids))]
    pub args: Vec<String>,

    /// Print the change as a unified diff; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(clap::Args, Debug)]
pub struct MarkArgs {
    /// Item ids, then (optionally) plan files or folders.
    #[arg(required = true, value_name = "ID|PLAN", add = clap_complete::engine::ArgValueCandidates::new(super::complete::ids))]
    pub args: Vec<String>,

    /// The day it happened (default: today, `--today`).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_today)]
    pub on: Option<NaiveDate>,

    /// Print the change as a unified diff; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// A plan file or folder among the arguments: a `.yaml`/`.yml` name or an
/// existing folder.
fn is_path(a: &str) -> bool {
    a.ends_with(".yaml") || a.ends_with(".yml") || std::path::Path::new(a).is_dir()
}

/// Ids, assignments and paths, in the order given.
fn split(args: &[String]) -> (Vec<&str>, Vec<&str>, Vec<PathBuf>) {
    let (mut ids, mut sets, mut paths) = (Vec::new(), Vec::new(), Vec::new());
    for a in args {
        if a.contains('=') {
            sets.push(a.as_str());
        } else if is_path(a) {
            paths.push(PathBuf::from(a));
        } else {
            ids.push(a.as_str());
        }
    }
    (ids, sets, paths)
}

/// `roadmap set`.
pub fn run_set(args: SetArgs, ctx: &Ctx, err: &mut dyn Write) -> Outcome {
    let (ids, sets, paths) = split(&args.args);
    if ids.is_empty() || sets.is_empty() {
        return Err(Failure::CannotRun(
            "give one or more ids and one or more KEY=VALUE, e.g. `roadmap set 2.1 status=done`"
                .into(),
        ));
    }
    let mut changes = Vec::new();
    for id in &ids {
        for s in &sets {
            changes.push(Change::parse(id, s).map_err(|e| refused(e, err))?);
        }
    }
    apply(paths, changes, args.dry_run, ctx, err)
}

/// `roadmap start` (`status: in-progress`, `started`) and `roadmap done`
/// (`status: done`, `finished`).
pub fn run_mark(args: MarkArgs, done: bool, ctx: &Ctx, err: &mut dyn Write) -> Outcome {
    let (ids, sets, paths) = split(&args.args);
    if let Some(s) = sets.first() {
        return Err(Failure::CannotRun(format!(
            "`{s}`: to change a key, use `roadmap set`"
        )));
    }
    let day = args.on.unwrap_or(ctx.as_of).format("%Y-%m-%d").to_string();
    let (status, date_key) = if done {
        ("done", "finished")
    } else {
        ("in-progress", "started")
    };
    let mut changes = Vec::new();
    for id in &ids {
        for s in [format!("status={status}"), format!("{date_key}={day}")] {
            changes.push(Change::parse(id, &s).map_err(|e| refused(e, err))?);
        }
    }
    apply(paths, changes, args.dry_run, ctx, err)
}

fn apply(
    paths: Vec<PathBuf>,
    changes: Vec<Change>,
    dry_run: bool,
    ctx: &Ctx,
    err: &mut dyn Write,
) -> Outcome {
    let paths = paths_or_default(paths)?;
    let prepared = match edit::prepare(&paths, &changes, ctx.as_of) {
        Ok(p) => p,
        Err(e) => return Err(refused(e, err)),
    };
    let files = prepared.files;
    let ids = prepared.ids;
    prepared.project.drop_in_background();
    if dry_run {
        return Ok(Answer::ok(files.iter().map(diff).collect::<String>()));
    }
    edit::write(&files).map_err(|e| {
        Failure::CannotRun(roadmap::escape::terminal_text(&e.to_string()).into_owned())
    })?;
    let mut text = String::new();
    for (c, id) in changes.iter().zip(&ids) {
        let v = match &c.value {
            edit::Value::Scalar(s) => s.clone(),
            edit::Value::List(l) => l.join(","),
        };
        text.push_str(&format!(
            "{}: {}={}\n",
            roadmap::escape::terminal_text(id),
            c.key.name,
            roadmap::escape::terminal_text(&v)
        ));
    }
    for f in &files {
        text.push_str(&format!(
            "wrote {}\n",
            roadmap::escape::terminal_text(&f.shown)
        ));
    }
    Ok(Answer::ok(text))
}

/// A refusal: the diagnostics on standard error, then one line saying why.
fn refused(e: EditError, err: &mut dyn Write) -> Failure {
    if let EditError::Refused {
        sources,
        diagnostics,
        ..
    } = &e
    {
        for d in diagnostics {
            let _ = writeln!(err, "{}\n", render::diagnostics::human(sources, d, false));
        }
        let _ = writeln!(err, "roadmap: error: {e}");
        return Failure::PlanErrors;
    }
    Failure::CannotRun(roadmap::escape::terminal_text(&e.to_string()).into_owned())
}

/// A unified diff of one file, `a/` and `b/` as git writes them.
fn diff(f: &FileChange) -> String {
    let before = String::from_utf8_lossy(&f.before);
    let after = String::from_utf8_lossy(&f.after);
    similar::TextDiff::from_lines(before.as_ref(), after.as_ref())
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{}", f.shown), &format!("b/{}", f.shown))
        .to_string()
}
