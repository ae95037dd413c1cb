//! The validated plan: every reference resolved to an index, every date placed
//! on the calendar, every value still carrying where it was written.

use crate::plan::time::{Calendar, DateExpr, Period};
use crate::source::{FileId, Loc};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// The status of a task or milestone (`status:`); written in kebab-case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Not started (the default).
    Todo,
    /// Under way (`in-progress`).
    InProgress,
    /// Finished.
    Done,
    /// Cannot proceed.
    Blocked,
    /// Dropped: shown, but not counted as open work.
    Cancelled,
}

impl Status {
    /// Every status, in the order reports list them.
    pub const ALL: [Status; 5] = [
        Status::Todo,
        Status::InProgress,
        Status::Done,
        Status::Blocked,
        Status::Cancelled,
    ];

    /// The status as written in YAML (`in-progress`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::InProgress => "in-progress",
            Status::Done => "done",
            Status::Blocked => "blocked",
            Status::Cancelled => "cancelled",
        }
    }

    /// The status written as `s`, or None if `s` is not one.
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// The kind of a bucket (`kind:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BucketKind {
    /// A calendar quarter.
    Quarter,
    /// A calendar month.
    Month,
    /// A sprint.
    Sprint,
    /// An iteration.
    Iteration,
    /// A week.
    Week,
    /// A phase.
    Phase,
    /// A release.
    Release,
}

impl BucketKind {
    /// Every bucket kind, in the order docs/plan-format.md lists them.
    pub const ALL: [BucketKind; 7] = [
        BucketKind::Quarter,
        BucketKind::Month,
        BucketKind::Sprint,
        BucketKind::Iteration,
        BucketKind::Week,
        BucketKind::Phase,
        BucketKind::Release,
    ];

    /// The kind as written in YAML (`quarter`).
    pub fn as_str(self) -> &'static str {
        match self {
            BucketKind::Quarter => "quarter",
            BucketKind::Month => "month",
            BucketKind::Sprint => "sprint",
            BucketKind::Iteration => "iteration",
            BucketKind::Week => "week",
            BucketKind::Phase => "phase",
            BucketKind::Release => "release",
        }
    }

    /// Does work in a bucket of this kind start no earlier than the bucket?
    /// A sprint, iteration, week, month or phase is when the work is done;
    /// a quarter or release is what it is due by ("End of Q3").
    pub fn waits_by_default(self) -> bool {
        !matches!(self, BucketKind::Quarter | BucketKind::Release)
    }
}

/// The kind of a milestone (`kind:`): `milestone` (the default) or `gate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MilestoneKind {
    /// A milestone.
    Milestone,
    /// A gate (such as a review closing a phase).
    Gate,
}

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub loc: Loc,
}

/// A date expression as written, and the period it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    /// The expression as written (`2026-Q2`, `M4-W2`).
    pub text: String,
    /// The parsed expression.
    pub expr: DateExpr,
    /// The period it names (first and last calendar day, inclusive).
    pub period: Period,
    /// Where it was written.
    pub loc: Loc,
}

/// A task or a milestone: the things dependencies connect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeRef {
    /// A task, by index into [`Plan::tasks`].
    Task(usize),
    /// A milestone, by index into [`Plan::milestones`].
    Milestone(usize),
}

/// A dependency (`after` or `before`) on a task or milestone.
#[derive(Debug, Clone)]
pub struct Dep {
    /// The task or milestone depended on.
    pub target: NodeRef,
    /// Where the dependency was written.
    pub loc: Loc,
    /// Finish-to-start unless written otherwise (`api ss`).
    pub kind: crate::plan::span::DepType,
    /// Lag (positive) or lead (negative): `api +2w`, `api -3d`.
    pub lag: crate::plan::span::Span,
}

/// A bucket: a named time window (quarter, sprint, phase...).
#[derive(Debug, Clone)]
pub struct Bucket {
    /// Unique id among buckets.
    pub id: String,
    /// Display name (the id when none is written).
    pub name: String,
    /// Its kind, or None when no `kind` is written.
    pub kind: Option<BucketKind>,
    /// Free text (`description`).
    pub description: Option<String>,
    /// Its stated start (`start`, `period`, `sprint`), or None when undated.
    pub start: Option<Stated>,
    /// Its stated end, or None when undated or open-ended.
    pub end: Option<Stated>,
    /// The bucket it lies inside (`within`), by index into [`Plan::buckets`].
    pub within: Option<usize>,
    /// Declared number of items in it (`total`), checked by `check`.
    pub total: Option<At<u64>>,
    /// Where the bucket is written.
    pub loc: Loc,
    /// Work in it starts no earlier than its start (`wait`, else the
    /// default of its kind: see docs/scheduling.md).
    pub waits: bool,
    /// Person-hours of work it holds (`capacity`), in hundredths of an hour.
    pub capacity: Option<At<i64>>,
}

impl Bucket {
    /// First day, if the bucket has one.
    pub fn first_day(&self) -> Option<NaiveDate> {
        self.start.as_ref().map(|s| s.period.first)
    }
    /// Last day, if the bucket has one (open-ended buckets have none).
    pub fn last_day(&self) -> Option<NaiveDate> {
        self.end.as_ref().map(|s| s.period.last)
    }
    /// Whether it has a start or an end (else it is undated but ordered).
    pub fn is_dated(&self) -> bool {
        self.start.is_some() || self.end.is_some()
    }
}

/// A stream: a team or workstream holding tasks.
#[derive(Debug, Clone)]
pub struct Stream {
    /// Unique id among streams.
    pub id: String,
    /// Display name (the id when none is written).
    pub name: String,
    /// Free text (`description`).
    pub description: Option<String>,
    /// Default owner of its tasks.
    pub owner: Option<String>,
    /// Declared number of items in it (`total`).
    pub total: Option<At<u64>>,
    /// Where the stream is written.
    pub loc: Loc,
    /// Top-level tasks, in order.
    pub tasks: Vec<usize>,
    /// Default spread of its tasks that have only a duration (`uncertainty`).
    pub uncertainty: Option<At<crate::plan::estimate::Uncertainty>>,
    /// Default distribution of its tasks' estimates (`distribution`).
    pub distribution: Option<crate::plan::estimate::Distribution>,
    /// Person-hours of its work per bucket (`capacity`), in hundredths of an hour.
    pub capacity: Option<At<i64>>,
}

/// A task: an item (a leaf) or a group of sub-tasks.
#[derive(Debug, Clone)]
pub struct Task {
    /// Unique id among tasks and milestones: written, or derived from the name.
    pub id: String,
    /// False when the id was derived from the name (no `id:` written).
    pub id_written: bool,
    /// Display name.
    pub name: String,
    /// Where the task is written (its `id`, else its `name`).
    pub loc: Loc,
    /// Free text (`description`).
    pub description: Option<String>,
    /// The status as written; for a group, see [`Plan::status`].
    pub status: Option<At<Status>>,
    /// Owner, priority, bucket and milestone after inheritance from parents.
    pub owner: Option<String>,
    /// Priority as written (free text), inherited from parents.
    pub priority: Option<String>,
    /// Tags as written (`tags`).
    pub tags: Vec<String>,
    /// Its bucket (`bucket`, inherited), by index into [`Plan::buckets`].
    pub bucket: Option<usize>,
    /// Its milestone (`milestone`, inherited), by index into [`Plan::milestones`].
    pub milestone: Option<usize>,
    /// Duration in whole working days, rounded up (None: not written).
    pub duration: Option<At<u32>>,
    /// Stated start (`start`), or None.
    pub start: Option<Stated>,
    /// Stated end (`end`), or None.
    pub end: Option<Stated>,
    /// Due date (`due`, else its bucket's end), or None.
    pub due: Option<Stated>,
    /// Its dependencies (`after`).
    pub after: Vec<Dep>,
    /// The exact length as written (`0.5d`, `10cd`); `duration` is it in
    /// whole working days, rounded up. The keys below are rare: boxed, so
    /// that a plan of 100,000 tasks stays small.
    pub span: Option<At<crate::plan::span::Span>>,
    /// Start no earlier than this (`not_before`).
    pub not_before: Option<Box<Stated>>,
    /// Actual start and finish (`started`, `finished`).
    pub started: Option<Box<Stated>>,
    /// Actual finish (`finished`).
    pub finished: Option<Box<Stated>>,
    /// Scheduled as late as possible (`schedule: alap`, or `before`).
    pub alap: bool,
    /// What it must finish before (`before`): edges from it to them.
    pub before: Vec<Dep>,
    /// Work left on an item in progress (`remaining`), or its percent done.
    pub remaining: Option<At<crate::plan::span::Span>>,
    /// Percent done, 0 to 100 (`progress`).
    pub progress: Option<At<u32>>,
    /// Declared number of items below it (`total`).
    pub total: Option<At<u64>>,
    /// Its stream, by index into [`Plan::streams`].
    pub stream: usize,
    /// Its parent task (a group), by index into [`Plan::tasks`]; None at top level.
    pub parent: Option<usize>,
    /// Its sub-tasks, by index into [`Plan::tasks`]; empty for an item.
    pub children: Vec<usize>,
    /// Its uncertain length for forecasts (`estimate`).
    pub estimate: Option<Box<At<crate::plan::estimate::Estimate>>>,
    /// The shape of its estimate's spread (`distribution`).
    pub distribution: Option<crate::plan::estimate::Distribution>,
    /// Work (`effort`), in hundredths of a person-hour.
    pub effort: Option<At<i64>>,
    /// Who does it (`assign`, else an `owner` that names a resource).
    pub assign: Vec<Assign>,
}

impl Task {
    /// Whether it is an item (a leaf task: no sub-tasks).
    pub fn is_item(&self) -> bool {
        self.children.is_empty()
    }
}

/// A milestone or gate: a point (or short step) that depends on work.
#[derive(Debug, Clone)]
pub struct Milestone {
    /// Unique id among tasks and milestones.
    pub id: String,
    /// Display name (the id when none is written).
    pub name: String,
    /// Milestone or gate.
    pub kind: MilestoneKind,
    /// Where the milestone is written.
    pub loc: Loc,
    /// Free text (`description`).
    pub description: Option<String>,
    /// Its dependencies (`after`).
    pub after: Vec<Dep>,
    /// Duration in whole working days, rounded up (None: not written, a point).
    pub duration: Option<At<u32>>,
    /// Stated start (`start` or `date`), or None.
    pub start: Option<Stated>,
    /// Stated end (`end` or `date`), or None.
    pub end: Option<Stated>,
    /// Must be reached by the end of this period (`deadline`), or None.
    pub deadline: Option<Stated>,
    /// The exact length as written (`0.5d`, `10cd`); `duration` is it in
    /// whole working days, rounded up. The keys below are rare: boxed, so
    /// that a plan of 100,000 tasks stays small.
    pub span: Option<At<crate::plan::span::Span>>,
    /// Start no earlier than this (`not_before`).
    pub not_before: Option<Box<Stated>>,
    /// Actual start and finish (`started`, `finished`).
    pub started: Option<Box<Stated>>,
    /// Actual finish (`finished`): the milestone reached.
    pub finished: Option<Box<Stated>>,
    /// Scheduled as late as possible (`schedule: alap`, or `before`).
    pub alap: bool,
    /// What it must finish before (`before`): edges from it to them.
    pub before: Vec<Dep>,
    /// What must be true (`criteria`): text, not dependencies.
    pub criteria: Vec<String>,
    /// Milestones it is made of (`members`), by index into [`Plan::milestones`].
    pub members: Vec<At<usize>>,
    /// Its bucket (`bucket`), by index into [`Plan::buckets`].
    pub bucket: Option<usize>,
    /// Owner as written.
    pub owner: Option<String>,
    /// The status as written; None when it is derived.
    pub status: Option<At<Status>>,
    /// Tags as written (`tags`).
    pub tags: Vec<String>,
    /// Declared number of items counted toward it (`total`).
    pub total: Option<At<u64>>,
}

/// Hundredths of an hour in a working day of one person at full time (8 hours).
pub const DAY_CENTIHOURS: i64 = 800;

/// A person, or a team of people, who does work (`resources`).
#[derive(Debug, Clone)]
pub struct Resource {
    /// Unique among resources.
    pub id: String,
    /// Display name (the id when none is written).
    pub name: String,
    /// How many people (1 for a person).
    pub count: u32,
    /// Working time of one person a working day, in hundredths of an hour
    /// (800: eight hours).
    pub hours: i64,
    /// Its own days off, besides the plan's holidays.
    pub holidays: Vec<NaiveDate>,
    /// Cost of an hour of work, if written.
    pub rate: Option<f64>,
    /// Where it is written.
    pub loc: Loc,
}

impl Resource {
    /// What it can give at once, in percent of one person (`count` x 100).
    pub fn units(&self) -> i64 {
        i64::from(self.count) * 100
    }

    /// Person-hours a working day (hundredths), the whole team.
    pub fn day_capacity(&self) -> i64 {
        i64::from(self.count) * self.hours
    }
}

/// One assignment of a task: a resource at a share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assign {
    /// The resource, by index into [`Plan::resources`].
    pub resource: usize,
    /// Percent of one of its people (100: full time; 200: two people of a team).
    pub share: u32,
    /// Where it is written (the task's `owner` when it comes from it).
    pub loc: Loc,
}

/// A risk in the register (`risks`); not counted as an item.
#[derive(Debug, Clone)]
pub struct Risk {
    /// Unique id among risks.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Probability as written (free text).
    pub probability: Option<String>,
    /// Impact as written (free text).
    pub impact: Option<String>,
    /// Mitigation as written (free text).
    pub mitigation: Option<String>,
    /// Owner as written.
    pub owner: Option<String>,
    /// Status as written (free text).
    pub status: Option<String>,
    /// Where the risk is written.
    pub loc: Loc,
}

/// The validated plan: every file of one root, resolved.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The plan's name (`title`), shown in every report.
    pub title: String,
    /// Free text (`description`).
    pub description: Option<String>,
    /// The root file.
    pub root: FileId,
    /// Every file of the plan: the root, then its fragments.
    pub files: Vec<FileId>,
    /// Where `title` is written.
    pub loc: Loc,
    /// The plan's first day (`start`): relative dates and sprints count from it.
    pub start: Option<At<NaiveDate>>,
    /// Where relative dates count from: `start`, or a notional Monday.
    pub origin: NaiveDate,
    /// The working days and holidays (`calendar`).
    pub calendar: Calendar,
    /// The whole plan must finish by the end of this period (`deadline`).
    pub deadline: Option<Stated>,
    /// Declared number of items in the whole plan (`total`).
    pub total: Option<At<u64>>,
    /// Buckets, in the order written.
    pub buckets: Vec<Bucket>,
    /// Streams, in the order written.
    pub streams: Vec<Stream>,
    /// Milestones, in the order written.
    pub milestones: Vec<Milestone>,
    /// Tasks (groups and items) in file order; indices are [`NodeRef::Task`].
    pub tasks: Vec<Task>,
    /// The risk register.
    pub risks: Vec<Risk>,
    /// Default spread of tasks that have only a duration (`uncertainty`).
    pub uncertainty: Option<At<crate::plan::estimate::Uncertainty>>,
    /// Default distribution of estimates (`distribution`).
    pub distribution: Option<crate::plan::estimate::Distribution>,
    /// Task and milestone ids.
    pub ids: HashMap<String, NodeRef>,
    /// Per milestone, the items whose `milestone` (their own or a parent's)
    /// names it, in file order.
    pub milestone_tasks: Vec<Vec<usize>>,
    /// People and teams (`resources`), in the order written.
    pub resources: Vec<Resource>,
    /// Schedule work when its people are free (`level: true`).
    pub level: bool,
}

impl Plan {
    /// The work of an item in hundredths of a person-hour: its `effort`, else
    /// its length times what its assignments give a day; none without either.
    pub fn demand(&self, item: usize) -> Option<i64> {
        let t = &self.tasks[item];
        if let Some(e) = &t.effort {
            return Some(e.value);
        }
        if t.assign.is_empty() {
            return None;
        }
        let days = t.span.as_ref().map(|s| s.value).and_then(|s| match s {
            crate::plan::span::Span::Work(x) => Some(x),
            crate::plan::span::Span::Calendar(_) => None,
        })?;
        let per_day: i64 = t
            .assign
            .iter()
            .map(|a| i64::from(a.share) * self.resources[a.resource].hours / 100)
            .sum();
        Some(days.saturating_mul(per_day) / crate::plan::span::TICKS_PER_DAY)
    }

    /// The id of a task or milestone.
    pub fn node_id(&self, n: NodeRef) -> &str {
        match n {
            NodeRef::Task(i) => &self.tasks[i].id,
            NodeRef::Milestone(i) => &self.milestones[i].id,
        }
    }

    /// The display name of a task or milestone.
    pub fn node_name(&self, n: NodeRef) -> &str {
        match n {
            NodeRef::Task(i) => &self.tasks[i].name,
            NodeRef::Milestone(i) => &self.milestones[i].name,
        }
    }

    /// Where a task or milestone is written.
    pub fn node_loc(&self, n: NodeRef) -> Loc {
        match n {
            NodeRef::Task(i) => self.tasks[i].loc,
            NodeRef::Milestone(i) => self.milestones[i].loc,
        }
    }

    /// Stated start and end of a task or milestone.
    pub fn node_dates(&self, n: NodeRef) -> (Option<&Stated>, Option<&Stated>) {
        match n {
            NodeRef::Task(i) => (self.tasks[i].start.as_ref(), self.tasks[i].end.as_ref()),
            NodeRef::Milestone(i) => (
                self.milestones[i].start.as_ref(),
                self.milestones[i].end.as_ref(),
            ),
        }
    }

    /// Duration in whole working days, if written.
    pub fn node_duration(&self, n: NodeRef) -> Option<&At<u32>> {
        match n {
            NodeRef::Task(i) => self.tasks[i].duration.as_ref(),
            NodeRef::Milestone(i) => self.milestones[i].duration.as_ref(),
        }
    }

    /// Bucket of a task or milestone, by index into [`Plan::buckets`].
    pub fn node_bucket(&self, n: NodeRef) -> Option<usize> {
        match n {
            NodeRef::Task(i) => self.tasks[i].bucket,
            NodeRef::Milestone(i) => self.milestones[i].bucket,
        }
    }

    /// The dependencies (`after`) of a task or milestone.
    pub fn node_after(&self, n: NodeRef) -> &[Dep] {
        match n {
            NodeRef::Task(i) => &self.tasks[i].after,
            NodeRef::Milestone(i) => &self.milestones[i].after,
        }
    }

    /// All tasks and milestones, tasks first, in file order.
    pub fn nodes(&self) -> impl Iterator<Item = NodeRef> + '_ {
        (0..self.tasks.len())
            .map(NodeRef::Task)
            .chain((0..self.milestones.len()).map(NodeRef::Milestone))
    }

    /// Indices of the items (leaf tasks), in file order.
    pub fn items(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.tasks.len()).filter(|&i| self.tasks[i].is_item())
    }

    /// A task's status; a group's is rolled up from its items.
    pub fn status(&self, task: usize) -> Status {
        let t = &self.tasks[task];
        if t.is_item() {
            return t.status.as_ref().map(|s| s.value).unwrap_or(Status::Todo);
        }
        let (mut done, mut cancelled, mut blocked, mut started, mut n) = (0, 0, 0, 0, 0);
        self.for_each_item(task, |i| {
            n += 1;
            match self.status(i) {
                Status::Done => done += 1,
                Status::Cancelled => cancelled += 1,
                Status::Blocked => blocked += 1,
                Status::InProgress => started += 1,
                Status::Todo => {}
            }
        });
        if cancelled == n {
            Status::Cancelled
        } else if done + cancelled == n {
            Status::Done
        } else if blocked > 0 {
            Status::Blocked
        } else if started > 0 || done > 0 {
            Status::InProgress
        } else {
            Status::Todo
        }
    }

    /// Call `f` on every item at or below `task`, without recursion.
    pub fn for_each_item(&self, task: usize, mut f: impl FnMut(usize)) {
        let mut stack = vec![task];
        while let Some(t) = stack.pop() {
            let task = &self.tasks[t];
            if task.is_item() {
                f(t);
            } else {
                stack.extend(task.children.iter().rev());
            }
        }
    }

    /// Is bucket `inner` the same as, or inside, bucket `outer`?
    pub fn bucket_within(&self, inner: usize, outer: usize) -> bool {
        let mut b = Some(inner);
        let mut steps = 0;
        while let Some(i) = b {
            if i == outer {
                return true;
            }
            steps += 1;
            if steps > self.buckets.len() {
                return false;
            }
            b = self.buckets[i].within;
        }
        false
    }

    /// How a task or milestone is named in a report: "id name", or the name
    /// alone when the id was derived from the name or equals it (saying it
    /// twice helps nobody). Not escaped: each renderer escapes it.
    pub fn label(&self, n: NodeRef) -> String {
        let (id, name, written) = match n {
            NodeRef::Task(i) => (
                &self.tasks[i].id,
                &self.tasks[i].name,
                self.tasks[i].id_written,
            ),
            NodeRef::Milestone(i) => (&self.milestones[i].id, &self.milestones[i].name, true),
        };
        if !written || id == name {
            name.clone()
        } else {
            format!("{id} {name}")
        }
    }

    /// Depth of a bucket in the `within` tree (0 for a top-level bucket).
    pub fn bucket_depth(&self, b: usize) -> usize {
        let mut d = 0;
        let mut cur = self.buckets[b].within;
        while let Some(c) = cur {
            d += 1;
            if d > self.buckets.len() {
                break;
            }
            cur = self.buckets[c].within;
        }
        d
    }

    /// The due date of an item: its own `due`, else its bucket's end.
    /// On the last working day of the period, or the period's last day when
    /// the calendar has no working day before it; none for a relative date in
    /// a plan without a start.
    pub fn due_date(&self, item: usize) -> Option<NaiveDate> {
        let t = &self.tasks[item];
        let stated = t
            .due
            .as_ref()
            .or_else(|| t.bucket.and_then(|b| self.buckets[b].end.as_ref()))?;
        if stated.expr.is_relative() && self.start.is_none() {
            return None;
        }
        self.calendar
            .last_workday_until(stated.period.last)
            .or(Some(stated.period.last))
    }

    /// The items counted toward a milestone: those whose `milestone` names it
    /// or one of its members (at any depth), and those it lists in `after`
    /// (with their sub-tasks); each once, in file order.
    pub fn milestone_items(&self, m: usize) -> Vec<usize> {
        let mut unbounded = usize::MAX;
        self.milestone_items_within(m, &mut unbounded)
            .unwrap_or_default()
    }

    /// [`Plan::milestone_items`], spending at most `budget` steps (None past it).
    pub fn milestone_items_within(&self, m: usize, budget: &mut usize) -> Option<Vec<usize>> {
        let mut spend = |n: usize| -> Option<()> {
            *budget = budget.checked_sub(n)?;
            Some(())
        };
        let mut ms = HashSet::from([m]);
        let mut stack = vec![m];
        let mut out = Vec::new();
        while let Some(x) = stack.pop() {
            let own = self.milestone_tasks.get(x).map_or(&[][..], Vec::as_slice);
            spend(1 + own.len() + self.milestones[x].members.len())?;
            out.extend_from_slice(own);
            for mem in &self.milestones[x].members {
                if ms.insert(mem.value) {
                    stack.push(mem.value);
                }
            }
        }
        for d in &self.milestones[m].after {
            if let NodeRef::Task(t) = d.target {
                let before = out.len();
                self.for_each_item(t, |i| out.push(i));
                spend(1 + out.len() - before)?;
            }
        }
        out.sort_unstable();
        out.dedup();
        Some(out)
    }

    /// The stated date of a milestone, on the plan's calendar (its last
    /// working day): without a plan start (`dated` false) only relative
    /// dates (plan weeks) have a place.
    pub fn milestone_planned(&self, m: usize, dated: bool) -> Option<NaiveDate> {
        let ms = &self.milestones[m];
        let s = ms.end.as_ref().or(ms.start.as_ref())?;
        if !dated && !s.expr.is_relative() {
            return None;
        }
        self.calendar.last_workday_until(s.period.last)
    }
}
