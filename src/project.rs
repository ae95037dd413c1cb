//! One value per loaded plan, built once per command: its identity (the
//! name reports give it, its files), the model, the graph and the schedule
//! as of one date. Every report takes a [`PlanView`] of it.

use crate::check;
use crate::diag::{Code, Diagnostic};
use crate::plan::graph::PlanGraph;
use crate::plan::model::Plan;
use crate::plan::{files, load, resolve};
use crate::schedule::{self, Schedule};
use crate::source::{FileId, Sources};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// One plan after loading: resolved when its files parsed.
pub struct LoadedPlan {
    /// The plan's root file.
    pub root: FileId,
    /// Every file of the plan, read or not, root first.
    pub files: Vec<FileId>,
    /// How reports name the plan: its root file's path as given.
    pub name: String,
    /// The validated model; none when a file could not be read whole.
    pub plan: Option<Plan>,
    /// The dependency graph of the model.
    pub graph: Option<PlanGraph>,
    /// The schedule as of [`Project::as_of`], computed once for the checks
    /// and the reports; none when the plan has a dependency cycle.
    pub schedule: Option<Schedule>,
}

impl LoadedPlan {
    /// The plan as reports see it; none when it did not resolve.
    pub fn view(&self, as_of: NaiveDate) -> Option<PlanView<'_>> {
        Some(PlanView {
            name: &self.name,
            plan: self.plan.as_ref()?,
            graph: self.graph.as_ref()?,
            schedule: self.schedule.as_ref(),
            as_of,
        })
    }
}

/// A resolved plan, everything a report reads about it.
#[derive(Clone, Copy)]
pub struct PlanView<'a> {
    /// How reports name the plan (its root file's path).
    pub name: &'a str,
    /// The model.
    pub plan: &'a Plan,
    /// Its dependency graph.
    pub graph: &'a PlanGraph,
    /// Its schedule; none when it has a dependency cycle.
    pub schedule: Option<&'a Schedule>,
    /// The date the schedule and the reports count from ("today").
    pub as_of: NaiveDate,
}

/// From this many tasks, the checks and the schedule run on two threads.
const PARALLEL_CHECK_TASKS: usize = 5_000;

/// Everything read in one run, and every diagnostic about it.
pub struct Project {
    /// Every file read, with its text, for diagnostics.
    pub sources: Sources,
    /// The plans, in the order their roots were found.
    pub plans: Vec<LoadedPlan>,
    /// Every diagnostic of every plan, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The date the schedules count from.
    pub as_of: NaiveDate,
}

impl Project {
    /// How many diagnostics are errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// How many diagnostics are warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// The errors that stop a report: every error but a wrong declared total
    /// (a report can still count a plan whose declared numbers are wrong;
    /// one that could not be read whole it cannot).
    pub fn blocking(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| is_blocking(d))
    }

    /// The plans that resolved, as reports see them.
    pub fn views(&self) -> impl Iterator<Item = PlanView<'_>> {
        self.plans.iter().filter_map(|lp| lp.view(self.as_of))
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

/// Does this diagnostic stop a report? See [`Project::blocking`].
pub fn is_blocking(d: &Diagnostic) -> bool {
    d.is_error() && d.code != Code::TotalMismatch
}

/// Load, resolve, schedule as of `as_of`, and check the plans at `paths`.
pub fn check_paths(paths: &[PathBuf], as_of: NaiveDate) -> Result<Project, load::LoadError> {
    Ok(check_workspace(load::load_paths(paths)?, as_of))
}

/// How plans are scheduled besides what each plan says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Level every plan's resources, as if each said `level: true`.
    pub level: bool,
}

/// [`check_paths`], with `opts`.
pub fn check_paths_with(
    paths: &[PathBuf],
    as_of: NaiveDate,
    opts: Options,
) -> Result<Project, load::LoadError> {
    Ok(check_workspace_with(load::load_paths(paths)?, as_of, opts))
}

/// The one schedule of a plan as of `as_of`: levelled when the plan or
/// `opts` asks for it.
pub fn plan_schedule(p: &Plan, g: &PlanGraph, as_of: NaiveDate, opts: Options) -> Option<Schedule> {
    if opts.level || p.level {
        crate::level::level(p, g, Some(as_of)).map(|(s, _)| s)
    } else {
        schedule::schedule(p, g, Some(as_of))
    }
}

/// Load, resolve, schedule as of `as_of` and check the plans at `paths` in
/// `fs` (the disk, or files in memory such as a git revision), taking what
/// is read from `budget`.
pub fn check_from(
    fs: Box<dyn files::Files>,
    paths: &[PathBuf],
    as_of: NaiveDate,
    budget: &load::Budget,
) -> Result<Project, load::LoadError> {
    Ok(check_workspace(load::load_from(fs, paths, budget)?, as_of))
}

/// Load, resolve, schedule and check one plan given as bytes, as if read
/// from `path` (the entry point for fuzzing; see docs/security.md).
pub fn check_bytes(path: &Path, bytes: Vec<u8>, as_of: NaiveDate) -> Project {
    check_workspace(load::load_bytes(path, bytes), as_of)
}

/// Resolve, schedule as of `as_of` and check plans already read.
pub fn check_workspace(ws: load::Workspace, as_of: NaiveDate) -> Project {
    check_inner(ws, as_of, true, Options::default())
}

/// [`check_workspace`], with `opts`.
pub fn check_workspace_with(ws: load::Workspace, as_of: NaiveDate, opts: Options) -> Project {
    check_inner(ws, as_of, true, opts)
}

/// [`check_workspace`] without the checks that can only warn (missed due
/// dates and deadlines, constraints not held, non-working days): the same
/// plans, schedules and errors, for a command that loads many versions of a
/// plan and needs no warnings (`roadmap history`).
pub fn check_workspace_quietly(ws: load::Workspace, as_of: NaiveDate) -> Project {
    check_inner(ws, as_of, false, Options::default())
}

fn check_inner(ws: load::Workspace, as_of: NaiveDate, warnings: bool, opts: Options) -> Project {
    let mut diagnostics = ws.diagnostics;
    let mut plans = Vec::new();
    for files in ws.plans {
        let root = files.root;
        let all_files = files.all_files.clone();
        let plan = if files.complete {
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
                    let s = plan_schedule(p, &g, as_of, opts);
                    let checked = match checks {
                        Ok(h) => h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
                        Err(_) => check::check_plan(p, &g),
                    };
                    (checked, s)
                })
            } else {
                (check::check_plan(p, &g), plan_schedule(p, &g, as_of, opts))
            };
            diagnostics.extend(checked);
            if let Some(s) = &s {
                if warnings {
                    diagnostics.extend(check::deadlines(p, &g, s));
                }
                diagnostics.extend(check::horizon(p, &g, s));
                if warnings {
                    diagnostics.extend(check::constraints::constraint_checks(p, &g, s));
                    diagnostics.extend(check::capacity::capacity_checks(p, &g, s));
                }
            }
            sched = s;
            g
        });
        plans.push(LoadedPlan {
            root,
            files: all_files,
            name: ws.sources.display(root),
            plan,
            graph,
            schedule: sched,
        });
    }
    crate::diag::sort(&mut diagnostics);
    Project {
        sources: ws.sources,
        plans,
        diagnostics,
        as_of,
    }
}
