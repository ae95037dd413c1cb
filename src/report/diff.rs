//! `roadmap diff OLD NEW`: what a change does to the roadmap.
//!
//! Each side is a plan path, or `REV:PATH` read from git. Plans are matched by
//! the path of their root file; tasks and milestones by id.

use crate::plan::model::{NodeRef, Plan};
use crate::schedule::{Schedule, Times};
use crate::{LoadedPlan, Project};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// One side of a diff, loaded.
pub struct Side {
    /// As the user wrote it.
    pub label: String,
    pub project: Project,
    /// Where a git revision was written out; removed when dropped.
    _tmp: Option<tempfile::TempDir>,
    /// The folder (or file) the plans were read from, for matching roots.
    base: PathBuf,
}

impl Side {
    /// A side from a project already loaded from `base` (the file or folder
    /// its plans were read from; roots are matched by their path below it).
    pub fn from_project(label: impl Into<String>, project: Project, base: PathBuf) -> Side {
        Side {
            label: label.into(),
            project,
            _tmp: None,
            base,
        }
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    Ok(out.stdout)
}

/// `REV:PATH` when REV is a commit git knows and PATH is not a file here.
fn split_rev(spec: &str) -> Option<(&str, &str)> {
    if Path::new(spec).exists() {
        return None;
    }
    let (rev, path) = spec.split_once(':')?;
    if rev.is_empty() {
        return None;
    }
    git(
        Path::new("."),
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .ok()
    .map(|_| (rev, path))
}

/// Load one side: a path, or the plan files under PATH at a git revision.
/// Load one side as of `as_of`: a path, or the plan files under PATH at a
/// git revision.
pub fn load_side(spec: &str, as_of: NaiveDate) -> Result<Side, String> {
    let Some((rev, path)) = split_rev(spec) else {
        if spec.contains(':') && !Path::new(spec).exists() {
            let rev = spec.split(':').next().unwrap_or_default();
            return Err(format!(
                "{spec}: `{rev}` is not a git revision here, and no such file or folder exists"
            ));
        }
        let project = crate::check_paths(&[PathBuf::from(spec)], as_of).map_err(|e| e.to_string())?;
        return Ok(Side::from_project(spec, project, PathBuf::from(spec)));
    };
    let top = String::from_utf8_lossy(&git(Path::new("."), &["rev-parse", "--show-toplevel"])?)
        .trim()
        .to_string();
    let prefix = String::from_utf8_lossy(&git(Path::new("."), &["rev-parse", "--show-prefix"])?)
        .trim()
        .to_string();
    let rel = normalize(&format!("{prefix}{path}"));
    let listing = git(
        Path::new(&top),
        &[
            "ls-tree",
            "-r",
            "--name-only",
            rev,
            "--",
            if rel.is_empty() { "." } else { &rel },
        ],
    )?;
    let files: Vec<String> = String::from_utf8_lossy(&listing)
        .lines()
        .filter(|f| f.ends_with(".yaml") || f.ends_with(".yml"))
        .map(str::to_string)
        .collect();
    if files.is_empty() {
        return Err(format!("{spec}: no plan files at {rev}:{path}"));
    }
    let tmp = tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    for f in &files {
        let bytes = git(Path::new(&top), &["show", &format!("{rev}:{f}")])?;
        let dest = tmp.path().join(f);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::write(&dest, bytes).map_err(|e| e.to_string())?;
    }
    let base = tmp.path().join(&rel);
    let project = crate::check_paths(std::slice::from_ref(&base), as_of).map_err(|e| e.to_string())?;
    Ok(Side {
        label: spec.to_string(),
        project,
        _tmp: Some(tmp),
        base,
    })
}

/// `a/./b/../c/` -> `a/c`.
fn normalize(p: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[derive(Debug, Serialize, PartialEq)]
pub struct FieldChange {
    pub field: &'static str,
    pub old: String,
    pub new: String,
}

#[derive(Debug, Serialize)]
pub struct TaskChange {
    pub id: String,
    pub name: String,
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, Serialize)]
pub struct TaskRef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct SlackChange {
    pub id: String,
    pub name: String,
    pub old: i64,
    pub new: i64,
}

#[derive(Debug, Serialize)]
pub struct CountChange {
    /// `plan`, `bucket`, `stream`, `milestone` or `task`.
    pub kind: &'static str,
    pub id: String,
    pub old: Option<u64>,
    pub new: Option<u64>,
}

#[derive(Debug, Serialize)]
pub struct PlanDiff {
    pub title: String,
    pub file: String,
    pub added: Vec<TaskRef>,
    pub removed: Vec<TaskRef>,
    pub changed: Vec<TaskChange>,
    pub finish_old: Option<NaiveDate>,
    pub finish_new: Option<NaiveDate>,
    pub length_old: i64,
    pub length_new: i64,
    /// Working days the finish moved (positive: later).
    pub finish_slip_days: i64,
    pub critical_path_old: Vec<String>,
    pub critical_path_new: Vec<String>,
    pub slack_lost: Vec<SlackChange>,
    pub totals_changed: Vec<CountChange>,
    pub bucket_counts_changed: Vec<CountChange>,
}

#[derive(Debug, Serialize)]
pub struct Diff {
    pub old: String,
    pub new: String,
    pub plans: Vec<PlanDiff>,
    /// Plans only on one side, by root file.
    pub plans_added: Vec<String>,
    pub plans_removed: Vec<String>,
}

impl Diff {
    /// Did any plan's finish move later?
    pub fn slipped(&self) -> bool {
        self.plans.iter().any(|p| p.finish_slip_days > 0)
    }
}

/// A resolved plan with its schedule.
struct View<'a> {
    plan: &'a Plan,
    lp: &'a LoadedPlan,
    sched: Option<&'a Schedule>,
}

impl View<'_> {
    fn times(&self, n: NodeRef) -> Option<Times> {
        let g = self.lp.graph.as_ref()?;
        self.sched?.times_of(g, n).ok()
    }
    fn dates(&self, n: NodeRef) -> (Option<NaiveDate>, Option<NaiveDate>) {
        match (self.times(n), &self.sched) {
            (Some(t), Some(s)) if self.plan.start.is_some() => {
                (s.start_date(&t), s.finish_date(&t))
            }
            _ => (None, None),
        }
    }
    fn chain(&self) -> Vec<String> {
        match (&self.sched, &self.lp.graph) {
            (Some(s), Some(g)) => s
                .critical_chain(self.plan, g)
                .into_iter()
                .map(|ix| self.plan.node_id(g.graph[ix]).to_string())
                .collect(),
            _ => Vec::new(),
        }
    }
    fn finish(&self) -> (Option<NaiveDate>, i64) {
        match &self.sched {
            Some(s) if s.finish > 0 => (
                if self.plan.start.is_some() {
                    s.finish_day()
                } else {
                    None
                },
                s.length(),
            ),
            _ => (None, 0),
        }
    }
}

/// The field values compared for a task or milestone, as text.
fn fields(v: &View, n: NodeRef) -> Vec<(&'static str, String)> {
    let p = v.plan;
    let opt = |o: Option<&String>| o.cloned().unwrap_or_default();
    let stated = |s: Option<&crate::plan::model::Stated>| s.map(|s| s.text.clone()).unwrap_or_default();
    let (start, end) = p.node_dates(n);
    let mut after: Vec<String> = p
        .node_after(n)
        .iter()
        .map(|d| p.node_id(d.target).to_string())
        .collect();
    after.sort();
    let (es, ef) = v.dates(n);
    let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let mut f = vec![
        ("name", p.node_name(n).to_string()),
        (
            "duration",
            p.node_duration(n)
                .map(|d| crate::plan::time::format_days(d.value))
                .unwrap_or_default(),
        ),
        ("start", stated(start)),
        ("end", stated(end)),
        ("after", after.join(", ")),
        (
            "bucket",
            p.node_bucket(n)
                .map(|b| p.buckets[b].id.clone())
                .unwrap_or_default(),
        ),
        ("scheduled start", day(es)),
        ("scheduled finish", day(ef)),
    ];
    match n {
        NodeRef::Task(t) => {
            let task = &p.tasks[t];
            f.extend([
                ("status", p.status(t).as_str().to_string()),
                ("stream", p.streams[task.stream].id.clone()),
                (
                    "parent",
                    task.parent
                        .map(|x| p.tasks[x].id.clone())
                        .unwrap_or_default(),
                ),
                ("owner", opt(task.owner.as_ref())),
                ("priority", opt(task.priority.as_ref())),
                (
                    "milestone",
                    task.milestone
                        .map(|m| p.milestones[m].id.clone())
                        .unwrap_or_default(),
                ),
                ("due", stated(task.due.as_ref())),
            ]);
        }
        NodeRef::Milestone(m) => {
            let ms = &p.milestones[m];
            f.extend([
                ("owner", opt(ms.owner.as_ref())),
                ("deadline", stated(ms.deadline.as_ref())),
            ]);
        }
    }
    f
}

fn declared_totals(p: &Plan) -> BTreeMap<(&'static str, String), u64> {
    let mut m = BTreeMap::new();
    if let Some(t) = &p.total {
        m.insert(("plan", String::new()), t.value);
    }
    for b in &p.buckets {
        if let Some(t) = &b.total {
            m.insert(("bucket", b.id.clone()), t.value);
        }
    }
    for s in &p.streams {
        if let Some(t) = &s.total {
            m.insert(("stream", s.id.clone()), t.value);
        }
    }
    for ms in &p.milestones {
        if let Some(t) = &ms.total {
            m.insert(("milestone", ms.id.clone()), t.value);
        }
    }
    for t in &p.tasks {
        if let Some(x) = &t.total {
            m.insert(("task", t.id.clone()), x.value);
        }
    }
    m
}

fn bucket_counts(p: &Plan) -> BTreeMap<String, u64> {
    (0..p.buckets.len())
        .map(|bi| {
            let n = p
                .items()
                .filter(|&i| p.tasks[i].bucket.is_some_and(|tb| p.bucket_within(tb, bi)))
                .count();
            (p.buckets[bi].id.clone(), n as u64)
        })
        .collect()
}

fn count_changes(
    kind_of: impl Fn(&(&'static str, String)) -> (&'static str, String),
    old: BTreeMap<(&'static str, String), u64>,
    new: BTreeMap<(&'static str, String), u64>,
) -> Vec<CountChange> {
    let keys: BTreeSet<_> = old.keys().chain(new.keys()).cloned().collect();
    keys.into_iter()
        .filter(|k| old.get(k) != new.get(k))
        .map(|k| {
            let (kind, id) = kind_of(&k);
            CountChange {
                kind,
                id,
                old: old.get(&k).copied(),
                new: new.get(&k).copied(),
            }
        })
        .collect()
}

/// Task and milestone ids in file order.
fn order(p: &Plan) -> Vec<&String> {
    p.nodes()
        .filter_map(|n| p.ids.get_key_value(p.node_id(n)).map(|(k, _)| k))
        .collect()
}

fn plan_diff(old: &View, new: &View, file: String) -> PlanDiff {
    let (po, pn) = (old.plan, new.plan);
    let refs = |p: &Plan, ids: Vec<&String>| -> Vec<TaskRef> {
        ids.into_iter()
            .map(|id| TaskRef {
                id: id.clone(),
                name: p.node_name(p.ids[id]).to_string(),
            })
            .collect()
    };
    // In file order of each side.
    let added = refs(
        pn,
        order(pn)
            .into_iter()
            .filter(|id| !po.ids.contains_key(*id))
            .collect(),
    );
    let removed = refs(
        po,
        order(po)
            .into_iter()
            .filter(|id| !pn.ids.contains_key(*id))
            .collect(),
    );
    let mut changed = Vec::new();
    let mut slack_lost = Vec::new();
    for id in order(pn) {
        let (Some(&a), Some(&b)) = (po.ids.get(id), pn.ids.get(id)) else {
            continue;
        };
        let fa = fields(old, a);
        let fb = fields(new, b);
        let changes: Vec<FieldChange> = fa
            .into_iter()
            .zip(fb)
            .filter(|(x, y)| x.0 == y.0 && x.1 != y.1)
            .map(|(x, y)| FieldChange {
                field: x.0,
                old: x.1,
                new: y.1,
            })
            .collect();
        if !changes.is_empty() {
            changed.push(TaskChange {
                id: id.clone(),
                name: pn.node_name(b).to_string(),
                changes,
            });
        }
        if let (Some(ta), Some(tb)) = (old.times(a), new.times(b))
            && ta.total_slack > 0
            && tb.total_slack <= 0
        {
            slack_lost.push(SlackChange {
                id: id.clone(),
                name: pn.node_name(b).to_string(),
                old: ta.total_slack,
                new: tb.total_slack,
            });
        }
    }
    let (finish_old, length_old) = old.finish();
    let (finish_new, length_new) = new.finish();
    let slip = match (finish_old, finish_new) {
        (Some(a), Some(b)) if b > a => pn.calendar.workdays_between(a.succ_opt().unwrap_or(a), b),
        (Some(a), Some(b)) if b < a => -pn.calendar.workdays_between(b.succ_opt().unwrap_or(b), a),
        (Some(_), Some(_)) => 0,
        _ => length_new - length_old,
    };
    let to_count = |m: BTreeMap<String, u64>| -> BTreeMap<(&'static str, String), u64> {
        m.into_iter().map(|(k, v)| (("bucket", k), v)).collect()
    };
    PlanDiff {
        title: pn.title.clone(),
        file,
        added,
        removed,
        changed,
        finish_old,
        finish_new,
        length_old,
        length_new,
        finish_slip_days: slip,
        critical_path_old: old.chain(),
        critical_path_new: new.chain(),
        slack_lost,
        totals_changed: count_changes(
            |k| (k.0, k.1.clone()),
            declared_totals(po),
            declared_totals(pn),
        ),
        bucket_counts_changed: count_changes(
            |k| (k.0, k.1.clone()),
            to_count(bucket_counts(po)),
            to_count(bucket_counts(pn)),
        ),
    }
}

/// The root file of a plan relative to the side's base, for matching.
fn root_key(side: &Side, lp: &LoadedPlan) -> String {
    let path = side.project.sources.path(lp.root);
    let rel = if side.base.is_dir() {
        path.strip_prefix(&side.base).unwrap_or(path)
    } else {
        Path::new(path.file_name().unwrap_or_default())
    };
    crate::source::display_path(rel)
}

/// Compare two loaded sides. Plans with structural errors cannot be compared.
pub fn diff(old: &Side, new: &Side) -> Result<Diff, String> {
    for side in [old, new] {
        let blocking = side.project.blocking().count();
        if blocking > 0 {
            return Err(format!(
                "{}: the plan has {blocking} error{}: run `roadmap check` on it first",
                side.label,
                if blocking == 1 { "" } else { "s" }
            ));
        }
    }
    fn views(side: &Side) -> Vec<(String, View<'_>)> {
        side.project
            .plans
            .iter()
            .filter_map(|lp| {
                let plan = lp.plan.as_ref()?;
                let sched = lp.schedule.as_ref();
                Some((root_key(side, lp), View { plan, lp, sched }))
            })
            .collect()
    }
    let (vo, vn) = (views(old), views(new));
    let mut out = Diff {
        old: old.label.clone(),
        new: new.label.clone(),
        plans: Vec::new(),
        plans_added: Vec::new(),
        plans_removed: Vec::new(),
    };
    // One plan each side: compare them whatever their file names.
    if vo.len() == 1 && vn.len() == 1 {
        out.plans
            .push(plan_diff(&vo[0].1, &vn[0].1, vn[0].0.clone()));
        return Ok(out);
    }
    for (key, v) in &vn {
        match vo.iter().find(|(k, _)| k == key) {
            Some((_, o)) => out.plans.push(plan_diff(o, v, key.clone())),
            None => out.plans_added.push(key.clone()),
        }
    }
    for (key, _) in &vo {
        if !vn.iter().any(|(k, _)| k == key) {
            out.plans_removed.push(key.clone());
        }
    }
    Ok(out)
}

