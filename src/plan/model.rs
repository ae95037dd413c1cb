//! The validated plan: every reference resolved to an index, every date placed
//! on the calendar, every value still carrying where it was written.

use crate::source::{FileId, Loc};
use crate::plan::time::{Calendar, DateExpr, Period};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Todo,
    InProgress,
    Done,
    Blocked,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Todo,
        Status::InProgress,
        Status::Done,
        Status::Blocked,
        Status::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::InProgress => "in-progress",
            Status::Done => "done",
            Status::Blocked => "blocked",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BucketKind {
    Quarter,
    Month,
    Sprint,
    Iteration,
    Week,
    Phase,
    Release,
}

impl BucketKind {
    pub const ALL: [BucketKind; 7] = [
        BucketKind::Quarter,
        BucketKind::Month,
        BucketKind::Sprint,
        BucketKind::Iteration,
        BucketKind::Week,
        BucketKind::Phase,
        BucketKind::Release,
    ];

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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MilestoneKind {
    Milestone,
    Gate,
}

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At<T> {
    pub value: T,
    pub loc: Loc,
}

/// A date expression as written, and the period it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    pub text: String,
    pub expr: DateExpr,
    pub period: Period,
    pub loc: Loc,
}

/// A task or a milestone: the things dependencies connect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeRef {
    Task(usize),
    Milestone(usize),
}

#[derive(Debug, Clone)]
pub struct Dep {
    pub target: NodeRef,
    /// Where the dependency was written.
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct Bucket {
    pub id: String,
    pub name: String,
    pub kind: Option<BucketKind>,
    pub description: Option<String>,
    pub start: Option<Stated>,
    pub end: Option<Stated>,
    pub within: Option<usize>,
    pub total: Option<At<u64>>,
    pub loc: Loc,
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
    pub fn is_dated(&self) -> bool {
        self.start.is_some() || self.end.is_some()
    }
}

#[derive(Debug, Clone)]
pub struct Stream {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub owner: Option<String>,
    pub total: Option<At<u64>>,
    pub loc: Loc,
    /// Top-level tasks, in order.
    pub tasks: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Task {
    pub id: String,
    /// False when the id was derived from the name (no `id:` written).
    pub id_written: bool,
    pub name: String,
    /// Where the task is written (its `id`, else its `name`).
    pub loc: Loc,
    pub description: Option<String>,
    /// The status as written; for a group, see [`Plan::status`].
    pub status: Option<At<Status>>,
    /// Owner, priority, bucket and milestone after inheritance from parents.
    pub owner: Option<String>,
    pub priority: Option<String>,
    pub tags: Vec<String>,
    pub bucket: Option<usize>,
    pub milestone: Option<usize>,
    pub duration: Option<At<u32>>,
    pub start: Option<Stated>,
    pub end: Option<Stated>,
    pub due: Option<Stated>,
    pub after: Vec<Dep>,
    pub total: Option<At<u64>>,
    pub stream: usize,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
}

impl Task {
    pub fn is_item(&self) -> bool {
        self.children.is_empty()
    }
}

#[derive(Debug, Clone)]
pub struct Milestone {
    pub id: String,
    pub name: String,
    pub kind: MilestoneKind,
    pub loc: Loc,
    pub description: Option<String>,
    pub after: Vec<Dep>,
    pub duration: Option<At<u32>>,
    pub start: Option<Stated>,
    pub end: Option<Stated>,
    pub deadline: Option<Stated>,
    pub criteria: Vec<String>,
    pub members: Vec<At<usize>>,
    pub bucket: Option<usize>,
    pub owner: Option<String>,
    pub status: Option<At<Status>>,
    pub tags: Vec<String>,
    pub total: Option<At<u64>>,
}

#[derive(Debug, Clone)]
pub struct Risk {
    pub id: String,
    pub name: String,
    pub probability: Option<String>,
    pub impact: Option<String>,
    pub mitigation: Option<String>,
    pub owner: Option<String>,
    pub status: Option<String>,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub title: String,
    pub description: Option<String>,
    pub root: FileId,
    pub files: Vec<FileId>,
    /// Where `title` is written.
    pub loc: Loc,
    pub start: Option<At<NaiveDate>>,
    /// Where relative dates count from: `start`, or a notional Monday.
    pub origin: NaiveDate,
    pub calendar: Calendar,
    pub deadline: Option<Stated>,
    pub total: Option<At<u64>>,
    pub buckets: Vec<Bucket>,
    pub streams: Vec<Stream>,
    pub milestones: Vec<Milestone>,
    pub tasks: Vec<Task>,
    pub risks: Vec<Risk>,
    /// Task and milestone ids.
    pub ids: HashMap<String, NodeRef>,
    /// Per milestone, the items whose `milestone` (their own or a parent's)
    /// names it, in file order.
    pub milestone_tasks: Vec<Vec<usize>>,
}

impl Plan {
    pub fn node_id(&self, n: NodeRef) -> &str {
        match n {
            NodeRef::Task(i) => &self.tasks[i].id,
            NodeRef::Milestone(i) => &self.milestones[i].id,
        }
    }

    pub fn node_name(&self, n: NodeRef) -> &str {
        match n {
            NodeRef::Task(i) => &self.tasks[i].name,
            NodeRef::Milestone(i) => &self.milestones[i].name,
        }
    }

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

    pub fn node_duration(&self, n: NodeRef) -> Option<&At<u32>> {
        match n {
            NodeRef::Task(i) => self.tasks[i].duration.as_ref(),
            NodeRef::Milestone(i) => self.milestones[i].duration.as_ref(),
        }
    }

    pub fn node_bucket(&self, n: NodeRef) -> Option<usize> {
        match n {
            NodeRef::Task(i) => self.tasks[i].bucket,
            NodeRef::Milestone(i) => self.milestones[i].bucket,
        }
    }

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
            NodeRef::Task(i) => (&self.tasks[i].id, &self.tasks[i].name, self.tasks[i].id_written),
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
