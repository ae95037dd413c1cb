//! `roadmap`: roadmaps kept as YAML in git, checked and reasoned about.
//!
//! Data flows one way:
//! files --[`load`]--> raw YAML --[`resolve`]--> [`model::Plan`] --[`graph`]-->
//! petgraph DAG --[`check`]--> diagnostics --[`render`]--> text, JSON, GitHub.
//! The binary (`src/main.rs`) only parses arguments ([`cli`]) and maps results
//! to exit codes.

pub mod check;
pub mod cli;
pub mod constraints;
pub mod critical;
pub mod diag;
pub mod diff;
pub mod export;
pub mod gantt;
pub mod graph;
pub mod load;
pub mod model;
pub mod raw;
pub mod render;
pub mod resolve;
pub mod schedule;
pub mod source;
pub mod span;
pub mod status;
pub mod synth;
pub mod table;
pub mod time;
pub mod tools;
pub mod why;

use diag::Diagnostic;
use graph::PlanGraph;
use model::Plan;
use source::{FileId, Sources};
use std::path::PathBuf;

/// One plan after loading: resolved when its files parsed.
pub struct LoadedPlan {
    pub root: FileId,
    /// Every file of the plan, read or not, root first.
    pub files: Vec<FileId>,
    pub plan: Option<Plan>,
    pub graph: Option<PlanGraph>,
    /// The schedule, computed once for the checks and the reports; none when
    /// the plan has a dependency cycle.
    pub schedule: Option<schedule::Schedule>,
}

/// From this many tasks, the checks and the schedule run on two threads.
const PARALLEL_CHECK_TASKS: usize = 5_000;

/// Everything read in one run, and every diagnostic about it.
pub struct Project {
    pub sources: Sources,
    pub plans: Vec<LoadedPlan>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Project {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// Free a large project on another thread, for a command that has no
    /// more use for it: the process can write its answer and exit while a
    /// 100,000-task plan's million allocations are freed.
    pub fn drop_in_background(self) {
        let tasks: usize = self
            .plans
            .iter()
            .filter_map(|p| p.plan.as_ref())
            .map(|p| p.tasks.len())
            .sum();
        if tasks >= PARALLEL_CHECK_TASKS {
            // Should the thread not start, the project is dropped here.
            let _ = std::thread::Builder::new().spawn(move || drop(self));
        }
    }
}

/// Load, resolve and check the plans at `paths`.
/// The schedule is the plan as written (no as-of date): see
/// [`check_paths_at`].
pub fn check_paths(paths: &[PathBuf]) -> Result<Project, load::LoadError> {
    check_paths_at(paths, None)
}

/// [`check_paths`], scheduling as of `today` (docs/scheduling.md): the
/// plan's schedule is then a forecast, with the plan as written as its
/// baseline.
pub fn check_paths_at(
    paths: &[PathBuf],
    today: Option<chrono::NaiveDate>,
) -> Result<Project, load::LoadError> {
    Ok(check_workspace(load::load_paths(paths)?, today))
}

/// Load, resolve and check one plan given as bytes, as if read from `path`
/// (the entry point for fuzzing; see docs/security.md).
pub fn check_bytes(path: &std::path::Path, bytes: Vec<u8>) -> Project {
    check_workspace(load::load_bytes(path, bytes), None)
}

fn check_workspace(ws: load::Workspace, today: Option<chrono::NaiveDate>) -> Project {
    let mut diagnostics = ws.diagnostics;
    let mut plans = Vec::new();
    for files in ws.plans {
        let root = files.root;
        let all_files = files.all_files.clone();
        let complete = files.complete;
        let plan = if complete {
            resolve::resolve(files, &mut diagnostics)
        } else {
            None
        };
        let mut sched = None;
        let graph = plan.as_ref().map(|p| {
            let g = PlanGraph::build(p);
            // Both only read the plan and the graph.
            let (checked, s) = if p.tasks.len() >= PARALLEL_CHECK_TASKS {
                std::thread::scope(|scope| {
                    let checks = std::thread::Builder::new()
                        .stack_size(8 << 20)
                        .spawn_scoped(scope, || check::check_plan(p, &g));
                    let s = schedule::schedule(p, &g, today);
                    let checked = match checks {
                        Ok(h) => h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
                        Err(_) => check::check_plan(p, &g),
                    };
                    (checked, s)
                })
            } else {
                (check::check_plan(p, &g), schedule::schedule(p, &g, today))
            };
            diagnostics.extend(checked);
            if let Some(s) = &s {
                diagnostics.extend(check::deadlines(p, &g, s));
                diagnostics.extend(constraints::constraint_checks(p, &g, s));
            }
            sched = s;
            g
        });
        plans.push(LoadedPlan {
            root,
            files: all_files,
            plan,
            graph,
            schedule: sched,
        });
    }
    diag::sort(&mut diagnostics);
    Project {
        sources: ws.sources,
        plans,
        diagnostics,
    }
}
