//! `roadmap diff OLD NEW`: what a change does to the roadmap.
//!
//! Each side is a plan path, or `REV:PATH` read from git. Plans are matched by
//! the path of their root file; tasks and milestones by id.

use crate::plan::model::{NodeRef, Plan};
use crate::report::status::Counts;
use crate::schedule::{Schedule, Times};
use crate::{LoadedPlan, Project};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// One side of a diff, loaded.
pub struct Side {
    /// As the user wrote it.
    pub label: String,
    /// The loaded plans of this side.
    pub project: Project,
    /// The folder (or file) the plans were read from, for matching roots.
    base: PathBuf,
    base_is_dir: bool,
}

impl Side {
    /// A side from a project already loaded from `base` (the file or folder
    /// its plans were read from; roots are matched by their path below it).
    pub fn from_project(label: impl Into<String>, project: Project, base: PathBuf) -> Side {
        Side {
            label: label.into(),
            project,
            base_is_dir: base.is_dir(),
            base,
        }
    }
}

impl Side {
    /// A side whose plans were read from `base` in some [`crate::plan::files::Files`]
    /// (a tree in memory, say): roots are matched by their path below `base`
    /// when it is a folder.
    pub fn from_files(
        label: impl Into<String>,
        project: Project,
        base: PathBuf,
        base_is_dir: bool,
    ) -> Side {
        Side {
            label: label.into(),
            project,
            base,
            base_is_dir,
        }
    }
}

/// Why `diff` could not compare the two sides. `Display` gives the message
/// the tool prints.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// A `REV:PATH` side could not be read from git.
    #[error(transparent)]
    Git(#[from] crate::plan::git::GitError),
    /// A side on disk could not be loaded.
    #[error(transparent)]
    Load(#[from] crate::plan::load::LoadError),
    /// A side read from git could not be loaded.
    #[error("{spec}: {source}")]
    LoadAtRevision {
        /// The side as written (`REV:PATH`).
        spec: String,
        /// Why it could not be loaded.
        #[source]
        source: crate::plan::load::LoadError,
    },
    /// A side has errors that stop a report (structural errors); `count` of them.
    #[error(
        "{side}: the plan has {count} error{}: run `roadmap check` on it first",
        if *.count == 1 { "" } else { "s" }
    )]
    PlanHasErrors {
        /// The side as written.
        side: String,
        /// How many blocking errors (at least one).
        count: usize,
    },
    /// `--forecast`: a side cannot be forecast.
    #[error("{side}: {source}")]
    Forecast {
        /// The side as written.
        side: String,
        /// Why.
        #[source]
        source: crate::report::forecast::ForecastError,
    },
}

/// Load one side: a path on disk, or the plan files under PATH at a git
/// revision, read into memory (see [`crate::plan::git::parse_spec`] for which is
/// which), scheduled as of `as_of`. What is read counts against `budget`,
/// shared by both sides.
pub fn load_side(
    spec: &str,
    as_of: NaiveDate,
    budget: &crate::plan::load::Budget,
) -> Result<Side, DiffError> {
    use crate::plan::git::{Spec, Tree, parse_spec};
    match parse_spec(Path::new("."), spec)? {
        Spec::Disk(path) => {
            let project = crate::check_from(
                Box::new(crate::plan::files::Disk),
                std::slice::from_ref(&path),
                as_of,
                budget,
            )?;
            Ok(Side::from_project(spec, project, path))
        }
        Spec::Git { commit, path, .. } => {
            let tree = Tree::open(Path::new("."), spec, &commit, &path)?;
            let project = crate::check_from(
                Box::new(tree.files),
                std::slice::from_ref(&tree.base),
                as_of,
                budget,
            )
            .map_err(|source| DiffError::LoadAtRevision {
                spec: spec.to_string(),
                source,
            })?;
            Ok(Side {
                label: spec.to_string(),
                project,
                base: tree.base,
                base_is_dir: tree.base_is_dir,
            })
        }
    }
}

/// One field of a task or milestone that differs between the sides.
#[derive(Debug, Serialize, PartialEq)]
pub struct FieldChange {
    /// The field, e.g. `duration`, `after` or `scheduled finish`.
    pub field: &'static str,
    /// The old value as text; empty when it was not set.
    pub old: String,
    /// The new value as text; empty when it is not set.
    pub new: String,
}

/// A task or milestone on both sides whose fields differ.
#[derive(Debug, Serialize)]
pub struct TaskChange {
    /// Its id.
    pub id: String,
    /// Its name on the new side.
    pub name: String,
    /// The fields that differ, in a fixed order.
    pub changes: Vec<FieldChange>,
}

/// A milestone's forecast against its deadline, on both sides.
#[derive(Debug, Serialize)]
pub struct MilestoneLateness {
    /// Its id.
    pub id: String,
    /// Its name on the new side (the old side's when it was removed).
    pub name: String,
    /// Its deadline (else its date) before, as the last working day it allows.
    pub deadline_old: Option<NaiveDate>,
    /// Its deadline (else its date) after.
    pub deadline_new: Option<NaiveDate>,
    /// The day the forecast reaches it before; `None` when it is not on that
    /// side or has no dates.
    pub finish_old: Option<NaiveDate>,
    /// The day the forecast reaches it after.
    pub finish_new: Option<NaiveDate>,
    /// Working days after its deadline before (0: on time); `None` without a
    /// deadline or a forecast on that side.
    pub late_old: Option<i64>,
    /// Working days after its deadline after (0: on time).
    pub late_new: Option<i64>,
}

impl MilestoneLateness {
    /// Did its deadline, forecast or lateness change?
    pub fn moved(&self) -> bool {
        self.deadline_old != self.deadline_new
            || self.finish_old != self.finish_new
            || self.late_old != self.late_new
    }
}

/// A task or milestone added or removed.
#[derive(Debug, Serialize)]
pub struct TaskRef {
    /// Its id.
    pub id: String,
    /// Its name on the side it is on.
    pub name: String,
}

/// A task or milestone that had slack and has none now (it became critical
/// or late).
#[derive(Debug, Serialize)]
pub struct SlackChange {
    /// Its id.
    pub id: String,
    /// Its name on the new side.
    pub name: String,
    /// Total slack before, in working days (positive).
    pub old: i64,
    /// Total slack now, in working days (zero or negative).
    pub new: i64,
}

/// A number that differs between the sides: a declared total, or the
/// items counted in a bucket.
#[derive(Debug, Serialize)]
pub struct CountChange {
    /// `plan`, `bucket`, `stream`, `milestone` or `task`.
    pub kind: &'static str,
    /// The bucket, stream, milestone or task; empty for the plan.
    pub id: String,
    /// The old number; `None` when there was none (not declared, or no such bucket).
    pub old: Option<u64>,
    /// The new number; `None` when there is none (not declared, or no such bucket).
    pub new: Option<u64>,
}

/// What changed in one plan present on both sides.
#[derive(Debug, Serialize)]
pub struct PlanDiff {
    /// The new plan's title.
    pub title: String,
    /// The plan's root file relative to the side's folder (plans are matched by
    /// it; with one plan on each side, the new one's).
    pub file: String,
    /// Tasks and milestones only on the new side, in file order.
    pub added: Vec<TaskRef>,
    /// Tasks and milestones only on the old side, in file order.
    pub removed: Vec<TaskRef>,
    /// Tasks and milestones on both sides whose written fields differ (what
    /// the author edited: name, duration, dependencies, status, ...), in the
    /// new file order; `changes` holds those fields only.
    pub changed: Vec<TaskChange>,
    /// Tasks and milestones on both sides whose computed dates differ (what
    /// the edits caused: `scheduled start`, `scheduled finish`, and a
    /// milestone's `working days late`), in the new file order.
    pub rescheduled: Vec<TaskChange>,
    /// Each milestone with a deadline (or a date) on either side: how late
    /// the forecast reaches it, before and after.
    pub milestones: Vec<MilestoneLateness>,
    /// Items done before.
    pub progress_old: Counts,
    /// Items done after.
    pub progress_new: Counts,
    /// The old plan's last working day; `None` without a start date or when
    /// nothing is scheduled.
    pub finish_old: Option<NaiveDate>,
    /// The new plan's last working day; `None` without a start date or when
    /// nothing is scheduled.
    pub finish_new: Option<NaiveDate>,
    /// The old plan's length in working days (0 without a schedule).
    pub length_old: i64,
    /// The new plan's length in working days (0 without a schedule).
    pub length_new: i64,
    /// Working days the finish moved (positive: later).
    pub finish_slip_days: i64,
    /// The old critical chain: ids in order of start.
    pub critical_path_old: Vec<String>,
    /// The new critical chain: ids in order of start.
    pub critical_path_new: Vec<String>,
    /// Tasks and milestones that lost all their slack.
    pub slack_lost: Vec<SlackChange>,
    /// Declared totals (`total:`) added, removed or changed.
    pub totals_changed: Vec<CountChange>,
    /// Buckets whose count of items (those of nested buckets included) changed.
    pub bucket_counts_changed: Vec<CountChange>,
    /// With `--forecast`: per date followed (the finish, each milestone and
    /// gate, each item with a deadline), its P85 and its chance of meeting
    /// its deadline on each side (both sides with the same trials and seed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forecast: Option<Vec<ForecastChange>>,
}

/// One date of `diff --forecast`: P85 and chance before and after.
#[derive(Debug, Serialize)]
pub struct ForecastChange {
    /// The id; empty for the plan's finish.
    pub id: String,
    /// Its name (the new side's, else the old's).
    pub name: String,
    /// `finish`, `milestone`, `gate` or `task`.
    pub kind: &'static str,
    /// P85 on the old side; `None` where it is not followed there.
    pub p85_old: Option<NaiveDate>,
    /// P85 on the new side.
    pub p85_new: Option<NaiveDate>,
    /// Calendar days P85 moved (later is positive).
    pub p85_shift_days: Option<i64>,
    /// Chance (0 to 1) of meeting its deadline on the old side.
    pub probability_old: Option<f64>,
    /// Chance on the new side.
    pub probability_new: Option<f64>,
    /// `probability_new - probability_old`.
    pub probability_change: Option<f64>,
}

/// Everything `diff` reports (also its JSON form).
#[derive(Debug, Serialize)]
pub struct Diff {
    /// The old side as the user wrote it.
    pub old: String,
    /// The new side as the user wrote it.
    pub new: String,
    /// Plans on both sides, in the new side's order.
    pub plans: Vec<PlanDiff>,
    /// Plans only on one side, by root file.
    pub plans_added: Vec<String>,
    /// Plans only on the old side, by root file.
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
        match (self.times(n), self.sched) {
            (Some(t), Some(s)) if self.plan.start.is_some() => {
                (s.start_date(&t), s.finish_date(&t))
            }
            _ => (None, None),
        }
    }
    fn chain(&self) -> Vec<String> {
        match (self.sched, &self.lp.graph) {
            (Some(s), Some(g)) => s
                .critical_chain(self.plan, g)
                .into_iter()
                .map(|ix| self.plan.node_id(g.graph[ix]).to_string())
                .collect(),
            _ => Vec::new(),
        }
    }
    fn finish(&self) -> (Option<NaiveDate>, i64) {
        match self.sched {
            Some(s) if s.finish > 0 => (
                s.finish_told().filter(|_| self.plan.start.is_some()),
                s.length(),
            ),
            _ => (None, 0),
        }
    }
}

/// A milestone's due day and its lateness (see [`milestone_due`]).
type Due = (NaiveDate, Option<i64>);

/// A milestone's deadline (else its date) as the last working day it
/// allows, and how many working days after it the forecast reaches it (0 on
/// time; `None` without a forecast).
fn milestone_due(v: &View, m: usize) -> Option<Due> {
    let p = v.plan;
    let ms = &p.milestones[m];
    let due = ms
        .deadline
        .as_ref()
        .or(ms.end.as_ref())
        .filter(|d| p.start.is_some() || !d.expr.is_relative())
        .and_then(|d| p.calendar.last_workday_until(d.period.last))?;
    let late = v.dates(NodeRef::Milestone(m)).1.map(|f| {
        if f > due {
            p.calendar.workdays_after(due, f)
        } else {
            0
        }
    });
    Some((due, late))
}

/// The computed values compared for a task or milestone, as text: what the
/// schedule makes of the written fields.
fn computed(v: &View, n: NodeRef) -> Vec<(&'static str, String)> {
    let (es, ef) = v.dates(n);
    let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let mut f = vec![("scheduled start", day(es)), ("scheduled finish", day(ef))];
    if let NodeRef::Milestone(m) = n {
        // How late the forecast reaches it against its deadline, else its
        // date, in working days ("" when on time or undated).
        let late = match milestone_due(v, m) {
            Some((_, Some(late))) if late > 0 => late.to_string(),
            _ => String::new(),
        };
        f.push(("working days late", late));
    }
    f
}

/// The written field values compared for a task or milestone, as text.
fn fields(v: &View, n: NodeRef) -> Vec<(&'static str, String)> {
    let p = v.plan;
    let opt = |o: Option<&String>| o.cloned().unwrap_or_default();
    let stated =
        |s: Option<&crate::plan::model::Stated>| s.map(|s| s.text.clone()).unwrap_or_default();
    let (start, end) = p.node_dates(n);
    let mut after: Vec<String> = p
        .node_after(n)
        .iter()
        .map(|d| p.node_id(d.target).to_string())
        .collect();
    crate::natural::sort(&mut after);
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
                (
                    "estimate",
                    task.estimate
                        .as_ref()
                        .map(|e| e.value.to_string())
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
                ("tags", task.tags.join(", ")),
            ]);
        }
        NodeRef::Milestone(m) => {
            let ms = &p.milestones[m];
            f.extend([
                (
                    "status",
                    ms.status
                        .as_ref()
                        .map(|s| s.value.as_str().to_string())
                        .unwrap_or_default(),
                ),
                ("owner", opt(ms.owner.as_ref())),
                ("deadline", stated(ms.deadline.as_ref())),
                ("tags", ms.tags.join(", ")),
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

/// Items in each bucket or a bucket within it: each item counted up its
/// bucket's `within` chain, once per bucket (linear in items times the
/// chain's length, not items times buckets).
fn bucket_counts(p: &Plan) -> BTreeMap<String, u64> {
    let mut n = vec![0u64; p.buckets.len()];
    // The last item that counted in each bucket: a chain that loops counts once.
    let mut counted = vec![usize::MAX; p.buckets.len()];
    for i in p.items() {
        let mut b = p.tasks[i].bucket;
        while let Some(x) = b {
            if counted[x] == i {
                break;
            }
            counted[x] = i;
            n[x] += 1;
            b = p.buckets[x].within;
        }
    }
    p.buckets
        .iter()
        .zip(n)
        .map(|(b, n)| (b.id.clone(), n))
        .collect()
}

fn count_changes(
    kind_of: impl Fn(&(&'static str, String)) -> (&'static str, String),
    old: BTreeMap<(&'static str, String), u64>,
    new: BTreeMap<(&'static str, String), u64>,
) -> Vec<CountChange> {
    let keys: BTreeSet<_> = old.keys().chain(new.keys()).cloned().collect();
    let mut keys: Vec<_> = keys.into_iter().collect();
    // Ids in their natural order (`4.5` before `4.10`) within each kind.
    keys.sort_by(|a, b| {
        a.0.cmp(b.0)
            .then_with(|| crate::natural::natural_cmp(&a.1, &b.1))
    });
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
    let mut rescheduled = Vec::new();
    let mut slack_lost = Vec::new();
    let differ = |fa: Vec<(&'static str, String)>, fb: Vec<(&'static str, String)>| {
        fa.into_iter()
            .zip(fb)
            .filter(|(x, y)| x.0 == y.0 && x.1 != y.1)
            .map(|(x, y)| FieldChange {
                field: x.0,
                old: x.1,
                new: y.1,
            })
            .collect::<Vec<FieldChange>>()
    };
    for id in order(pn) {
        let (Some(&a), Some(&b)) = (po.ids.get(id), pn.ids.get(id)) else {
            continue;
        };
        for (list, changes) in [
            (&mut changed, differ(fields(old, a), fields(new, b))),
            (&mut rescheduled, differ(computed(old, a), computed(new, b))),
        ] {
            if !changes.is_empty() {
                list.push(TaskChange {
                    id: id.clone(),
                    name: pn.node_name(b).to_string(),
                    changes,
                });
            }
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
        (Some(a), Some(b)) => pn.calendar.workdays_after(a, b),
        _ => length_new - length_old,
    };
    let to_count = |m: BTreeMap<String, u64>| -> BTreeMap<(&'static str, String), u64> {
        m.into_iter().map(|(k, v)| (("bucket", k), v)).collect()
    };
    PlanDiff {
        forecast: None,
        title: pn.title.clone(),
        file,
        added,
        removed,
        changed,
        rescheduled,
        milestones: milestone_lateness(old, new),
        progress_old: progress(po),
        progress_new: progress(pn),
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

/// How many items are done, of how many.
fn progress(p: &Plan) -> Counts {
    Counts::of(p.items().map(|i| p.status(i)))
}

/// Each milestone with a deadline (or a date) on either side, in the new
/// file order, then those removed, in the old.
fn milestone_lateness(old: &View, new: &View) -> Vec<MilestoneLateness> {
    let (po, pn) = (old.plan, new.plan);
    let side = |v: &View, id: &str| -> Option<(usize, Option<Due>)> {
        match v.plan.ids.get(id)? {
            NodeRef::Milestone(m) => Some((*m, milestone_due(v, *m))),
            NodeRef::Task(_) => None,
        }
    };
    let ids = pn.milestones.iter().map(|m| m.id.as_str()).chain(
        po.milestones
            .iter()
            .map(|m| m.id.as_str())
            .filter(|id| !pn.ids.contains_key(*id)),
    );
    ids.filter_map(|id| {
        let (o, n) = (side(old, id), side(new, id));
        let (due_o, due_n) = (o.and_then(|x| x.1), n.and_then(|x| x.1));
        if due_o.is_none() && due_n.is_none() {
            return None;
        }
        let name = match (n, o) {
            (Some((m, _)), _) => pn.milestones[m].name.clone(),
            (None, Some((m, _))) => po.milestones[m].name.clone(),
            (None, None) => return None,
        };
        let finish =
            |v: &View, x: Option<(usize, _)>| x.and_then(|(m, _)| v.dates(NodeRef::Milestone(m)).1);
        Some(MilestoneLateness {
            id: id.to_string(),
            name,
            deadline_old: due_o.map(|d| d.0),
            deadline_new: due_n.map(|d| d.0),
            finish_old: finish(old, o),
            finish_new: finish(new, n),
            late_old: due_o.and_then(|d| d.1),
            late_new: due_n.and_then(|d| d.1),
        })
    })
    .collect()
}

/// The root file of a plan relative to the side's base, for matching.
fn root_key(side: &Side, lp: &LoadedPlan) -> String {
    let path = side.project.sources.path(lp.root);
    let rel = if side.base_is_dir {
        path.strip_prefix(&side.base).unwrap_or(path)
    } else {
        Path::new(path.file_name().unwrap_or_default())
    };
    crate::source::display_path(rel)
}

/// Compare two loaded sides. Plans with structural errors cannot be compared.
pub fn diff(old: &Side, new: &Side) -> Result<Diff, DiffError> {
    diff_forecast(old, new, None)
}

/// The P85 and chance of each followed date on both sides of a plan.
fn forecast_changes(
    old: (&Side, &LoadedPlan),
    new: (&Side, &LoadedPlan),
    opts: &crate::report::forecast::Options,
) -> Result<Vec<ForecastChange>, DiffError> {
    use crate::report::forecast;
    let run = |(side, lp): (&Side, &LoadedPlan)| -> Result<forecast::Report, DiffError> {
        let err = |source| DiffError::Forecast {
            side: side.label.clone(),
            source,
        };
        let v = lp
            .view(side.project.as_of)
            .ok_or_else(|| err(forecast::ForecastError::NoSchedule(lp.name.clone())))?;
        forecast::report(&v, opts).map_err(err)
    };
    let (ro, rn) = (run(old)?, run(new)?);
    let key = |r: &forecast::Row| (r.kind == "finish", r.id.clone());
    let old_rows: HashMap<(bool, String), &forecast::Row> =
        ro.rows.iter().map(|r| (key(r), r)).collect();
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    let both = |o: Option<&forecast::Row>, n: Option<&forecast::Row>| {
        let any = n.or(o).expect("a row on one side");
        let (p_old, p_new) = (o.and_then(|r| r.p85), n.and_then(|r| r.p85));
        let (c_old, c_new) = (o.and_then(|r| r.probability), n.and_then(|r| r.probability));
        ForecastChange {
            id: any.id.clone(),
            name: any.name.clone(),
            kind: any.kind,
            p85_old: p_old,
            p85_new: p_new,
            p85_shift_days: p_old.zip(p_new).map(|(a, b)| (b - a).num_days()),
            probability_old: c_old,
            probability_new: c_new,
            probability_change: c_old.zip(c_new).map(|(a, b)| b - a),
        }
    };
    for r in &rn.rows {
        seen.insert(key(r));
        out.push(both(old_rows.get(&key(r)).copied(), Some(r)));
    }
    for r in &ro.rows {
        if !seen.contains(&key(r)) {
            out.push(both(Some(r), None));
        }
    }
    Ok(out)
}

/// [`diff`], and with `forecast` the forecast of each plan on both sides
/// ([`PlanDiff::forecast`]).
pub fn diff_forecast(
    old: &Side,
    new: &Side,
    forecast: Option<&crate::report::forecast::Options>,
) -> Result<Diff, DiffError> {
    for side in [old, new] {
        let count = side.project.blocking().count();
        if count > 0 {
            return Err(DiffError::PlanHasErrors {
                side: side.label.clone(),
                count,
            });
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
    let pair = |o: &View, n: &View, key: String| -> Result<PlanDiff, DiffError> {
        let mut d = plan_diff(o, n, key);
        if let Some(opts) = forecast {
            d.forecast = Some(forecast_changes((old, o.lp), (new, n.lp), opts)?);
        }
        Ok(d)
    };
    if vo.len() == 1 && vn.len() == 1 {
        out.plans.push(pair(&vo[0].1, &vn[0].1, vn[0].0.clone())?);
        return Ok(out);
    }
    let old_by_key: HashMap<&str, &View> = vo.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let new_keys: std::collections::HashSet<&str> = vn.iter().map(|(k, _)| k.as_str()).collect();
    for (key, v) in &vn {
        match old_by_key.get(key.as_str()) {
            Some(o) => out.plans.push(pair(o, v, key.clone())?),
            None => out.plans_added.push(key.clone()),
        }
    }
    for (key, _) in &vo {
        if !new_keys.contains(key.as_str()) {
            out.plans_removed.push(key.clone());
        }
    }
    Ok(out)
}
