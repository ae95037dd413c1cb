//! From raw YAML to the validated [`Plan`]: ids, references, dates, inheritance.
//!
//! Resolution never stops at the first problem: every bad value becomes a
//! diagnostic and the value is left out, so one run reports everything.

use crate::diag::{Diagnostic, did_you_mean};
use crate::plan::estimate;
use crate::plan::load::PlanFiles;
use crate::plan::model::*;
use crate::plan::raw::{self, S};
use crate::plan::time::{self, Calendar, DateExpr, parse_weekday};
use crate::source::{FileId, Loc};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

/// Beyond this many (unknown references x candidate ids), "did you mean" hints
/// are skipped so that a hostile plan cannot make the tool quadratic.
const SUGGESTION_BUDGET: usize = 2_000_000;

/// Longest task or milestone id, written or derived, in bytes. A derived id
/// repeats its parent's, so without a bound a long name over many sub-tasks
/// would cost memory out of all proportion to the file.
pub const MAX_ID_BYTES: usize = 1024;

/// Most holidays in a calendar: fifty years of twenty. Counting working days
/// walks the holidays in a range, once per date computed.
pub const MAX_HOLIDAYS: usize = 1000;

/// Deepest chain of buckets `within` one another (a week within a month
/// within a quarter is 3).
pub const MAX_WITHIN_DEPTH: usize = 32;

/// Most dependencies that groups may pass down to their sub-tasks in one plan:
/// each becomes an edge of the graph, so a group with 5,000 entries in `after`
/// and 5,000 sub-tasks would need 25 million.
pub const MAX_INHERITED_DEPS: usize = 4_000_000;

/// Resolve one plan's parsed files (root first) into the validated model:
/// references, dates and inheritance. Problems go to `diags`; None when there
/// is no file or groups pass down too many dependencies (diagnosed).
pub fn resolve(files: PlanFiles, diags: &mut Vec<Diagnostic>) -> Option<Plan> {
    let mut r = Resolver {
        diags,
        suggestion_work: 0,
    };
    r.plan(files)
}

struct Resolver<'a> {
    diags: &'a mut Vec<Diagnostic>,
    suggestion_work: usize,
}

fn loc<T>(file: FileId, s: &S<T>) -> Loc {
    s.referenced.loc(file)
}

fn text(s: &Option<S<String>>) -> Option<String> {
    s.as_ref().map(|s| s.value.trim().to_string())
}

/// A task as read, before references are resolved: what it refers to, as
/// written (moved out of a raw task the resolver alone holds, borrowed from
/// one it shares; never copied).
struct PendingTask<'a> {
    file: FileId,
    after: Cow<'a, [S<String>]>,
    before: Cow<'a, [S<String>]>,
    bucket: Option<Cow<'a, S<String>>>,
    milestone: Option<Cow<'a, S<String>>>,
}

/// A file's parsed YAML as the resolver reads it: its own (the loader's
/// only copy), whose parts it moves out and frees as it goes; or shared
/// with a [`crate::plan::load::ParseCache`], which it reads in place.
enum Src<'a> {
    Own(&'a mut raw::RawFile),
    Shared(&'a raw::RawFile),
}

impl<'a> Src<'a> {
    fn of(f: &'a mut Arc<raw::RawFile>) -> Self {
        // Asked twice: matching on one `get_mut` would keep `f` borrowed
        // in its `None` arm too (the borrow checker's known limit).
        if Arc::get_mut(f).is_none() {
            return Src::Shared(f);
        }
        match Arc::get_mut(f) {
            Some(own) => Src::Own(own),
            None => unreachable!("no other holder appeared in between"),
        }
    }

    fn get(&self) -> &raw::RawFile {
        match self {
            Src::Own(f) => f,
            Src::Shared(f) => f,
        }
    }
}

/// A raw task as [`Resolver::task`] reads it: see [`Src`].
enum TaskSrc<'t, 'a> {
    Own(&'t mut raw::RawTask),
    Shared(&'a raw::RawTask),
}

impl TaskSrc<'_, '_> {
    fn get(&self) -> &raw::RawTask {
        match self {
            TaskSrc::Own(t) => t,
            TaskSrc::Shared(t) => t,
        }
    }
}

/// A raw stream as the resolver reads it: see [`Src`].
enum StreamSrc<'t, 'a> {
    Own(&'t mut raw::RawStream),
    Shared(&'a raw::RawStream),
}

impl<'t, 'a> StreamSrc<'t, 'a> {
    fn get(&self) -> &raw::RawStream {
        match self {
            StreamSrc::Own(s) => s,
            StreamSrc::Shared(s) => s,
        }
    }

    /// Its tasks, each as [`Resolver::task`] reads it.
    fn into_tasks(self) -> Vec<TaskSrc<'t, 'a>> {
        match self {
            StreamSrc::Own(s) => s.tasks.iter_mut().map(TaskSrc::Own).collect(),
            StreamSrc::Shared(s) => s.tasks.iter().map(TaskSrc::Shared).collect(),
        }
    }
}

struct PendingMilestone {
    file: FileId,
    after: Vec<S<String>>,
    before: Vec<S<String>>,
    members: Vec<S<String>>,
    bucket: Option<S<String>>,
}

/// From this many tasks, the raw YAML is freed on another thread as it is
/// read (it is over a million small allocations at 100,000 tasks).
const BACKGROUND_DROP_TASKS: usize = 5_000;

/// Frees what it is given on another thread, or at once if none could start.
struct Freer(Option<std::sync::mpsc::Sender<Box<dyn Send>>>);

impl Freer {
    fn new(background: bool) -> Self {
        let (tx, rx) = std::sync::mpsc::channel::<Box<dyn Send>>();
        let started = background
            && std::thread::Builder::new()
                .spawn(move || rx.into_iter().for_each(drop))
                .is_ok();
        Freer(started.then_some(tx))
    }

    fn free<T: Send + 'static>(&self, v: T) {
        if let Some(tx) = &self.0 {
            // Should the thread be gone, the value comes back and is dropped here.
            let _ = tx.send(Box::new(v));
        }
    }
}

impl Resolver<'_> {
    fn err(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn plan(&mut self, pf: PlanFiles) -> Option<Plan> {
        let root = pf.root;
        let mut files = pf.files.into_iter();
        let (root_id, root_raw) = files.next()?;
        debug_assert_eq!(root_id, root);
        let rest: Vec<(FileId, Arc<raw::RawFile>)> = files.collect();

        let title = match &root_raw.title {
            // As written: each output escapes it (crate::escape).
            Some(t) if !t.value.trim().is_empty() => t.value.trim().to_string(),
            Some(t) => {
                self.err(Diagnostic::empty_title(loc(root, t)));
                String::new()
            }
            None => {
                self.err(Diagnostic::missing_title(Loc::file_start(root)));
                String::new()
            }
        };
        let title_loc = root_raw
            .title
            .as_ref()
            .map(|t| loc(root, t))
            .unwrap_or(Loc::file_start(root));

        // Root-only keys in fragments.
        for (fid, f) in &rest {
            let misplaced: [(&str, Option<Loc>); 10] = [
                ("uncertainty", f.uncertainty.as_ref().map(|v| loc(*fid, v))),
                (
                    "distribution",
                    f.distribution.as_ref().map(|v| loc(*fid, v)),
                ),
                ("title", f.title.as_ref().map(|v| loc(*fid, v))),
                ("description", f.description.as_ref().map(|v| loc(*fid, v))),
                ("start", f.start.as_ref().map(|v| loc(*fid, v))),
                ("deadline", f.deadline.as_ref().map(|v| loc(*fid, v))),
                ("total", f.total.as_ref().map(|v| loc(*fid, v))),
                ("level", f.level.as_ref().map(|v| loc(*fid, v))),
                (
                    "capacity",
                    f.capacity
                        .as_ref()
                        .and_then(|c| c.values().next())
                        .map(|v| loc(*fid, v)),
                ),
                (
                    "calendar",
                    f.calendar
                        .as_ref()
                        .and_then(|c| c.workdays.as_ref().and_then(|w| w.first()))
                        .map(|v| loc(*fid, v)),
                ),
            ];
            for (key, l) in misplaced {
                if let Some(l) = l {
                    self.err(Diagnostic::root_only_key(l, key));
                }
            }
        }

        let start = root_raw.start.as_ref().and_then(|s| {
            let l = loc(root, s);
            match time::parse_date_expr(&s.value) {
                Ok(DateExpr::Absolute {
                    first,
                    granularity: time::Granularity::Day,
                    ..
                }) => Some(At {
                    value: first,
                    loc: l,
                }),
                Ok(_) => {
                    self.err(Diagnostic::plan_start_not_a_day(l, &s.value));
                    None
                }
                Err(e) => {
                    self.err(Diagnostic::invalid_date(l, e));
                    None
                }
            }
        });
        let origin = start
            .as_ref()
            .map(|s| s.value)
            .unwrap_or_else(time::notional_origin);
        let calendar = self.calendar(root, root_raw.calendar.as_ref());

        let mut plan = Plan {
            title,
            description: text(&root_raw.description),
            root,
            files: std::iter::once(root)
                .chain(rest.iter().map(|(f, _)| *f))
                .collect(),
            loc: title_loc,
            start,
            origin,
            calendar,
            deadline: None,
            total: root_raw.total.as_ref().map(|t| At {
                value: t.value,
                loc: loc(root, t),
            }),
            buckets: Vec::new(),
            streams: Vec::new(),
            milestones: Vec::new(),
            tasks: Vec::new(),
            risks: Vec::new(),
            uncertainty: None,
            distribution: None,
            ids: HashMap::new(),
            milestone_tasks: Vec::new(),
            resources: Vec::new(),
            level: root_raw.level.as_ref().is_some_and(|l| l.value),
        };
        plan.uncertainty = self.uncertainty(root, &root_raw.uncertainty);
        plan.distribution = self.distribution(root, &root_raw.distribution);
        plan.deadline = root_raw
            .deadline
            .as_ref()
            .and_then(|d| self.stated(&plan, root, d));

        let mut all: Vec<(FileId, Arc<raw::RawFile>)> =
            std::iter::once((root, root_raw)).chain(rest).collect();

        // Buckets first: their ids are needed by tasks.
        let mut bucket_ids: HashMap<String, usize> = HashMap::new();
        let mut pending_within: Vec<(usize, FileId, S<String>)> = Vec::new();
        for (fid, f) in &all {
            for b in &f.buckets {
                if let Some(idx) = self.bucket(&mut plan, *fid, b, &mut bucket_ids)
                    && let Some(w) = &b.within
                {
                    pending_within.push((idx, *fid, w.clone()));
                }
            }
        }
        for (idx, fid, w) in pending_within {
            if let Some(target) = self.lookup_bucket(&bucket_ids, fid, &w) {
                // Walk up from the target, at most the depth allowed: the
                // links so far form a forest, so this finds any cycle.
                let mut up = Some(target);
                let mut depth = 0;
                let mut cycle = false;
                while let Some(b) = up
                    && depth < MAX_WITHIN_DEPTH
                {
                    cycle |= b == idx;
                    up = plan.buckets[b].within;
                    depth += 1;
                }
                if up.is_some() && !cycle {
                    self.err(Diagnostic::buckets_too_deep(loc(fid, &w), MAX_WITHIN_DEPTH));
                } else if cycle {
                    self.err(Diagnostic::bucket_within_itself(
                        loc(fid, &w),
                        &plan.buckets[idx].id,
                        &w.value,
                    ));
                } else {
                    plan.buckets[idx].within = Some(target);
                }
            }
        }
        // Links made in any order can still chain deeper: cut them there.
        for idx in 0..plan.buckets.len() {
            let mut up = plan.buckets[idx].within;
            let mut depth = 0;
            while let Some(b) = up
                && depth < MAX_WITHIN_DEPTH
            {
                up = plan.buckets[b].within;
                depth += 1;
            }
            if up.is_some() {
                let l = plan.buckets[idx].loc;
                self.err(Diagnostic::buckets_too_deep(l, MAX_WITHIN_DEPTH));
                plan.buckets[idx].within = None;
            }
        }

        // People and teams, before the tasks that name them.
        let refs: Vec<(FileId, &raw::RawFile)> = all.iter().map(|(f, r)| (*f, &**r)).collect();
        crate::plan::capacity::resources(&mut plan, &refs, self.diags);
        crate::plan::capacity::bucket_defaults(
            &mut plan,
            root,
            all[0].1.capacity.as_ref(),
            self.diags,
        );
        let mut pending_work: Vec<crate::plan::capacity::PendingWork> = Vec::new();

        // Streams, milestones and tasks; ids are checked as they come.
        let mut stream_ids: HashMap<String, usize> = HashMap::new();
        let mut pending_tasks: Vec<PendingTask> = Vec::new();
        let mut pending_ms: Vec<PendingMilestone> = Vec::new();
        let raw_tasks: usize = all.iter().map(|(_, f)| f.task_count()).sum();
        plan.tasks.reserve_exact(raw_tasks);
        pending_tasks.reserve_exact(raw_tasks);
        pending_work.reserve_exact(raw_tasks);
        let raw_milestones: usize = all.iter().map(|(_, f)| f.milestones.len()).sum();
        plan.ids.reserve(raw_tasks + raw_milestones);
        // A file's streams are not needed once their tasks are read: free them
        // as they are done, so that the plan does not sit beside all its YAML
        // (a file shared with a cache is read in place and left as it is).
        let freer = Freer::new(raw_tasks >= BACKGROUND_DROP_TASKS);
        let mut srcs: Vec<(FileId, Src)> = all.iter_mut().map(|(f, r)| (*f, Src::of(r))).collect();
        for (fid, src) in &mut srcs {
            let fid = *fid;
            for m in &src.get().milestones {
                self.milestone(&mut plan, fid, m, &mut pending_ms);
            }
            let (mut own_streams, shared_streams) = match src {
                Src::Own(f) => (std::mem::take(&mut f.streams), &[][..]),
                Src::Shared(f) => {
                    let f = *f;
                    (Vec::new(), &f.streams[..])
                }
            };
            let streams: Vec<StreamSrc> = own_streams
                .iter_mut()
                .map(StreamSrc::Own)
                .chain(shared_streams.iter().map(StreamSrc::Shared))
                .collect();
            for s in streams {
                let Some((sidx, inherited, derived)) =
                    self.stream(&mut plan, fid, s.get(), &mut stream_ids)
                else {
                    continue;
                };
                for (t, derived) in s.into_tasks().into_iter().zip(derived) {
                    if let Some(ti) = self.task(
                        &mut plan,
                        fid,
                        t,
                        sidx,
                        None,
                        derived,
                        &inherited,
                        &mut pending_tasks,
                        &mut pending_work,
                    ) {
                        plan.streams[sidx].tasks.push(ti);
                    }
                }
            }
            freer.free(own_streams);
            for r in &src.get().risks {
                plan.risks.push(Risk {
                    id: r.id.value.trim().to_string(),
                    name: r.name.value.trim().to_string(),
                    probability: text(&r.probability),
                    impact: text(&r.impact),
                    mitigation: text(&r.mitigation),
                    owner: text(&r.owner),
                    status: text(&r.status),
                    loc: loc(fid, &r.id),
                });
            }
        }

        // Top-level `tasks` of a file join the stream they name; all streams
        // are known by now, whichever file declares them.
        let stream_names: Vec<String> = plan.streams.iter().map(|s| s.id.clone()).collect();
        for (fid, src) in &mut srcs {
            let fid = *fid;
            let derived = top_level_ids(&src.get().tasks);
            let tasks: Vec<TaskSrc> = match src {
                Src::Own(f) => f.tasks.iter_mut().map(TaskSrc::Own).collect(),
                Src::Shared(f) => {
                    let f = *f;
                    f.tasks.iter().map(TaskSrc::Shared).collect()
                }
            };
            for (t, derived) in tasks.into_iter().zip(derived) {
                let Some(sref) = &t.get().stream else {
                    self.err(Diagnostic::missing_stream(loc(fid, &t.get().name)));
                    continue;
                };
                let key = sref.value.trim();
                let Some(&sidx) = stream_ids.get(key) else {
                    self.unknown(loc(fid, sref), "stream", key, &stream_names);
                    continue;
                };
                let inherited = Inherited {
                    owner: plan.streams[sidx].owner.clone(),
                    ..Default::default()
                };
                // Derived with the stream key as written: the same text as
                // the stream's id once trimmed.
                if let Some(ti) = self.task(
                    &mut plan,
                    fid,
                    t,
                    sidx,
                    None,
                    derived,
                    &inherited,
                    &mut pending_tasks,
                    &mut pending_work,
                ) {
                    plan.streams[sidx].tasks.push(ti);
                }
            }
        }
        drop(srcs);

        // References. The ids offered in "did you mean" hints are listed
        // only when a reference is unknown.
        let mut candidates: Option<Vec<String>> = None;
        for (ti, p) in pending_tasks.into_iter().enumerate() {
            plan.tasks[ti].after = self.deps(&plan, &mut candidates, p.file, &p.after);
            plan.tasks[ti].before = self.deps(&plan, &mut candidates, p.file, &p.before);
            if let Some(b) = &p.bucket {
                plan.tasks[ti].bucket = self.lookup_bucket(&bucket_ids, p.file, b);
            }
            if let Some(m) = &p.milestone {
                plan.tasks[ti].milestone = self.lookup_milestone(&plan, p.file, m);
            }
        }
        for (mi, p) in pending_ms.into_iter().enumerate() {
            plan.milestones[mi].after = self.deps(&plan, &mut candidates, p.file, &p.after);
            plan.milestones[mi].before = self.deps(&plan, &mut candidates, p.file, &p.before);
            let mut members = Vec::new();
            for m in &p.members {
                if let Some(target) = self.lookup_milestone(&plan, p.file, m) {
                    members.push(At {
                        value: target,
                        loc: loc(p.file, m),
                    });
                }
            }
            plan.milestones[mi].members = members;
            if let Some(b) = &p.bucket {
                plan.milestones[mi].bucket = self.lookup_bucket(&bucket_ids, p.file, b);
            }
        }
        // Sub-tasks inherit bucket and milestone from their parent once resolved
        // (parents come before children in `tasks`).
        for ti in 0..plan.tasks.len() {
            if let Some(p) = plan.tasks[ti].parent {
                if plan.tasks[ti].bucket.is_none() {
                    plan.tasks[ti].bucket = plan.tasks[p].bucket;
                }
                if plan.tasks[ti].milestone.is_none() {
                    plan.tasks[ti].milestone = plan.tasks[p].milestone;
                }
            }
        }
        // What groups pass down to their sub-tasks becomes edges of the graph:
        // bound it before the graph is built.
        let mut passed = vec![0usize; plan.tasks.len()];
        let mut inherited_deps = 0usize;
        for ti in 0..plan.tasks.len() {
            if let Some(p) = plan.tasks[ti].parent {
                passed[ti] = passed[p].saturating_add(plan.tasks[p].after.len());
                inherited_deps = inherited_deps.saturating_add(passed[ti]);
            }
        }
        if inherited_deps > MAX_INHERITED_DEPS {
            self.err(Diagnostic::too_many_inherited_dependencies(
                title_loc,
                inherited_deps,
                MAX_INHERITED_DEPS,
            ));
            return None;
        }
        crate::plan::capacity::work(&mut plan, pending_work, self.diags);
        plan.milestone_tasks = vec![Vec::new(); plan.milestones.len()];
        for i in 0..plan.tasks.len() {
            if let (true, Some(m)) = (plan.tasks[i].is_item(), plan.tasks[i].milestone) {
                plan.milestone_tasks[m].push(i);
            }
        }
        freer.free(all);
        Some(plan)
    }

    /// A stream's own keys: its index in `plan.streams` (the first
    /// definition's, when it is defined twice), what its tasks inherit, and
    /// its tasks' derived ids; none when its id is empty.
    fn stream(
        &mut self,
        plan: &mut Plan,
        fid: FileId,
        s: &raw::RawStream,
        stream_ids: &mut HashMap<String, usize>,
    ) -> Option<(usize, Inherited, Vec<Option<String>>)> {
        let l = loc(fid, &s.id);
        let id = s.id.value.trim().to_string();
        if id.is_empty() {
            self.err(Diagnostic::empty_stream_id(l));
            return None;
        }
        // A stream defined twice is reported once; its tasks still
        // join the first definition so that nothing else cascades.
        let sidx = if let Some(&prev) = stream_ids.get(&id) {
            self.err(Diagnostic::duplicate_stream(l, &id, plan.streams[prev].loc));
            prev
        } else {
            plan.streams.len()
        };
        if sidx == plan.streams.len() {
            stream_ids.insert(id.clone(), sidx);
            plan.streams.push(Stream {
                name: text(&s.name).unwrap_or_else(|| id.clone()),
                id: id.clone(),
                description: text(&s.description),
                owner: text(&s.owner),
                total: s.total.as_ref().map(|t| At {
                    value: t.value,
                    loc: loc(fid, t),
                }),
                loc: l,
                tasks: Vec::with_capacity(s.tasks.len()),
                uncertainty: self.uncertainty(fid, &s.uncertainty),
                distribution: self.distribution(fid, &s.distribution),
                capacity: crate::plan::capacity::amount(fid, &s.capacity, self.diags),
            });
        }
        let inherited = Inherited {
            owner: text(&s.owner),
            ..Default::default()
        };
        Some((sidx, inherited, sibling_ids(&id, &s.tasks)))
    }

    fn calendar(&mut self, file: FileId, c: Option<&raw::RawCalendar>) -> Calendar {
        let mut cal = Calendar::default();
        let Some(c) = c else { return cal };
        if let Some(days) = &c.workdays {
            let mut mask = [false; 7];
            for d in days {
                match parse_weekday(&d.value) {
                    Some(w) => mask[w.num_days_from_monday() as usize] = true,
                    None => self.err(Diagnostic::not_a_weekday(loc(file, d), &d.value)),
                }
            }
            if mask.iter().any(|d| *d) {
                cal.workdays = mask;
            } else {
                let l = days
                    .first()
                    .map(|d| loc(file, d))
                    .unwrap_or(Loc::file_start(file));
                self.err(Diagnostic::no_workdays(l));
            }
        }
        if let Some(h) = c.holidays.get(MAX_HOLIDAYS) {
            self.err(Diagnostic::too_many_holidays(
                loc(file, h),
                MAX_HOLIDAYS,
                c.holidays.len(),
            ));
        }
        for h in c.holidays.iter().take(MAX_HOLIDAYS) {
            match time::parse_date_expr(&h.value) {
                Ok(DateExpr::Absolute {
                    first,
                    granularity: time::Granularity::Day,
                    ..
                }) => {
                    cal.holidays.insert(first);
                }
                Ok(_) => self.err(Diagnostic::holiday_not_a_day(loc(file, h), &h.value)),
                Err(e) => self.err(Diagnostic::invalid_date(loc(file, h), e)),
            }
        }
        cal
    }

    /// Resolve a date expression; relative forms count from the plan origin.
    fn stated(&mut self, plan: &Plan, file: FileId, s: &S<String>) -> Option<Stated> {
        let l = loc(file, s);
        match time::parse_date_expr(&s.value) {
            Ok(expr) => match expr.period(plan.origin) {
                Some(period) => Some(Stated {
                    text: s.value.trim().to_string(),
                    expr,
                    period,
                    loc: l,
                }),
                None => {
                    self.err(Diagnostic::beyond_calendar(l, &s.value));
                    None
                }
            },
            Err(e) => {
                self.err(Diagnostic::invalid_date(l, e));
                None
            }
        }
    }

    fn duration(&mut self, file: FileId, s: &Option<S<String>>) -> Option<At<u32>> {
        let s = s.as_ref()?;
        let l = loc(file, s);
        match time::parse_duration(&s.value) {
            Ok(d) => Some(At { value: d, loc: l }),
            Err(e) => {
                self.err(Diagnostic::invalid_duration(l, e));
                None
            }
        }
    }

    fn status(&mut self, file: FileId, s: &Option<S<String>>) -> Option<At<Status>> {
        let s = s.as_ref()?;
        let l = loc(file, s);
        // Most statuses are written as they are spelled: no copy for those.
        let trimmed = s.value.trim();
        let v: Cow<str> = if trimmed.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
            Cow::Borrowed(trimmed)
        } else {
            Cow::Owned(trimmed.to_ascii_lowercase().replace(['_', ' '], "-"))
        };
        match Status::parse(&v) {
            Some(st) => Some(At { value: st, loc: l }),
            None => {
                let names = Status::ALL.map(Status::as_str);
                self.err(Diagnostic::invalid_status(
                    l,
                    &s.value,
                    did_you_mean(&v, names),
                    &names,
                ));
                None
            }
        }
    }

    fn bucket(
        &mut self,
        plan: &mut Plan,
        fid: FileId,
        b: &raw::RawBucket,
        ids: &mut HashMap<String, usize>,
    ) -> Option<usize> {
        let l = loc(fid, &b.id);
        let id = b.id.value.trim().to_string();
        if id.is_empty() {
            self.err(Diagnostic::empty_bucket_id(l));
            return None;
        }
        if let Some(&prev) = ids.get(&id) {
            self.err(Diagnostic::duplicate_bucket(l, &id, plan.buckets[prev].loc));
            return None;
        }
        let kind = b.kind.as_ref().and_then(|k| {
            let v = k.value.trim().to_ascii_lowercase();
            let found = BucketKind::ALL.into_iter().find(|x| x.as_str() == v);
            if found.is_none() {
                let names = BucketKind::ALL.map(BucketKind::as_str);
                self.err(Diagnostic::invalid_bucket_kind(
                    loc(fid, k),
                    &k.value,
                    did_you_mean(&v, names),
                    &names,
                ));
            }
            found
        });
        let (mut start, mut end) = (None, None);
        let forms = [
            b.period.is_some(),
            b.start.is_some() || b.end.is_some(),
            b.sprint.is_some() || b.length.is_some(),
        ];
        if forms.iter().filter(|f| **f).count() > 1 {
            self.err(Diagnostic::bucket_dates_two_ways(l, &id));
        } else if let Some(p) = &b.period {
            if let Some(s) = self.stated(plan, fid, p) {
                start = Some(s.clone());
                end = Some(s);
            }
        } else if b.sprint.is_some() || b.length.is_some() {
            match (&b.sprint, &b.length) {
                (Some(n), Some(len)) => {
                    let len_days = self.duration(fid, &Some(len.clone()));
                    if n.value == 0 {
                        self.err(Diagnostic::sprint_zero(loc(fid, n)));
                    } else if plan.start.is_none() {
                        self.err(Diagnostic::sprint_without_plan_start(loc(fid, n)));
                    } else if let Some(len_days) = len_days {
                        let cal = &plan.calendar;
                        let offset = (n.value as i64 - 1) * len_days.value as i64;
                        let first = cal.add_workdays(plan.origin, offset);
                        let last = first
                            .and_then(|f| cal.add_workdays(f, (len_days.value as i64 - 1).max(0)));
                        match (first, last) {
                            (Some(first), Some(last)) if len_days.value > 0 => {
                                let mk = |d| Stated {
                                    text: format!("sprint {}", n.value),
                                    expr: DateExpr::Absolute {
                                        first: d,
                                        last: d,
                                        granularity: time::Granularity::Day,
                                    },
                                    period: time::Period {
                                        first: d,
                                        last: d,
                                        granularity: time::Granularity::Day,
                                    },
                                    loc: loc(fid, n),
                                };
                                start = Some(mk(first));
                                end = Some(mk(last));
                            }
                            _ => self.err(Diagnostic::sprint_off_calendar(loc(fid, len))),
                        }
                    }
                }
                (Some(n), None) => self.err(Diagnostic::sprint_without_length(loc(fid, n))),
                (None, Some(len)) => self.err(Diagnostic::length_without_sprint(loc(fid, len))),
                (None, None) => {}
            }
        } else {
            start = b.start.as_ref().and_then(|s| self.stated(plan, fid, s));
            end = b.end.as_ref().and_then(|s| self.stated(plan, fid, s));
            if let (Some(s), Some(e)) = (&start, &end)
                && e.period.last < s.period.first
            {
                self.err(Diagnostic::end_before_start(
                    e.loc, "bucket", &id, &e.text, &s.text,
                ));
            }
        }
        let waits = match &b.wait {
            Some(w) => w.value,
            None => kind.is_some_and(BucketKind::waits_by_default),
        };
        let idx = plan.buckets.len();
        ids.insert(id.clone(), idx);
        plan.buckets.push(Bucket {
            waits,
            name: text(&b.name).unwrap_or_else(|| id.clone()),
            id,
            kind,
            description: text(&b.description),
            start,
            end,
            within: None,
            total: b.total.as_ref().map(|t| At {
                value: t.value,
                loc: loc(fid, t),
            }),
            loc: l,
            capacity: crate::plan::capacity::amount(fid, &b.capacity, self.diags),
        });
        Some(idx)
    }

    /// Register a task or milestone id; false (with a diagnostic) if it is taken.
    fn claim_id(&mut self, plan: &mut Plan, id: &str, node: NodeRef, l: Loc) -> bool {
        if id.is_empty() {
            self.err(Diagnostic::empty_id(l));
            return false;
        }
        if id.len() > MAX_ID_BYTES {
            self.err(Diagnostic::id_too_long(l, id.len(), MAX_ID_BYTES));
            return false;
        }
        // One hash of the id, whether it is new or taken.
        let prev = match plan.ids.entry(id.to_string()) {
            std::collections::hash_map::Entry::Occupied(e) => *e.get(),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(node);
                return true;
            }
        };
        let what = |n: NodeRef| match n {
            NodeRef::Task(_) => "a task",
            NodeRef::Milestone(_) => "a milestone",
        };
        self.err(Diagnostic::duplicate_id(
            l,
            id,
            what(prev),
            plan.node_loc(prev),
        ));
        false
    }

    fn milestone(
        &mut self,
        plan: &mut Plan,
        fid: FileId,
        m: &raw::RawMilestone,
        pending: &mut Vec<PendingMilestone>,
    ) {
        let l = loc(fid, &m.id);
        let id = m.id.value.trim().to_string();
        let idx = plan.milestones.len();
        if !self.claim_id(plan, &id, NodeRef::Milestone(idx), l) {
            return;
        }
        let kind = match &m.kind {
            None => MilestoneKind::Milestone,
            Some(k) => match k.value.trim().to_ascii_lowercase().as_str() {
                "milestone" => MilestoneKind::Milestone,
                "gate" => MilestoneKind::Gate,
                _ => {
                    self.err(Diagnostic::invalid_milestone_kind(loc(fid, k), &k.value));
                    MilestoneKind::Milestone
                }
            },
        };
        let (start, end) = match &m.date {
            Some(d) => {
                if m.start.is_some() || m.end.is_some() {
                    self.err(Diagnostic::milestone_date_and_range(loc(fid, d), &id));
                }
                let s = self.stated(plan, fid, d);
                (s.clone(), s)
            }
            None => (
                m.start.as_ref().and_then(|s| self.stated(plan, fid, s)),
                m.end.as_ref().and_then(|s| self.stated(plan, fid, s)),
            ),
        };
        let span = self.span(fid, &m.duration);
        let duration = span.as_ref().map(span_days);
        let deadline = m.deadline.as_ref().and_then(|d| self.stated(plan, fid, d));
        let status = self.status(fid, &m.status);
        let sched = self.sched_keys(
            plan,
            fid,
            &m.not_before,
            &m.started,
            &m.finished,
            &m.schedule,
            !m.before.is_empty(),
        );
        plan.milestones.push(Milestone {
            name: text(&m.name).unwrap_or_else(|| id.clone()),
            id,
            kind,
            loc: l,
            description: text(&m.description),
            after: Vec::new(),
            duration,
            start,
            end,
            deadline,
            span,
            not_before: sched.not_before,
            started: sched.started,
            finished: sched.finished,
            alap: sched.alap,
            before: Vec::new(),
            criteria: m
                .criteria
                .iter()
                .map(|c| c.value.trim().to_string())
                .collect(),
            members: Vec::new(),
            bucket: None,
            owner: text(&m.owner),
            status,
            tags: m.tags.iter().map(|t| t.value.trim().to_string()).collect(),
            total: m.total.as_ref().map(|t| At {
                value: t.value,
                loc: loc(fid, t),
            }),
        });
        pending.push(PendingMilestone {
            file: fid,
            after: m.after.clone(),
            before: m.before.clone(),
            members: m.members.clone(),
            bucket: m.bucket.clone(),
        });
    }

    /// Read a task and its sub-tasks. Uses an explicit stack: nesting depth is
    /// bounded by the YAML budget, but no recursion is needed either.
    #[allow(clippy::too_many_arguments)]
    fn task<'a>(
        &mut self,
        plan: &mut Plan,
        fid: FileId,
        t: TaskSrc<'_, 'a>,
        stream: usize,
        parent: Option<usize>,
        derived: Option<String>,
        inherited: &Inherited,
        pending: &mut Vec<PendingTask<'a>>,
        work: &mut Vec<crate::plan::capacity::PendingWork<'a>>,
    ) -> Option<usize> {
        let mut first = None;
        // (raw task, parent index, its derived id, the task it inherits
        // from: none for `inherited`). The first is not on the stack, which
        // holds sub-tasks only (most tasks have none: no allocation).
        type Next<'t, 'a> = (
            TaskSrc<'t, 'a>,
            Option<usize>,
            Option<String>,
            Option<usize>,
        );
        let mut next: Option<Next> = Some((t, parent, derived, None));
        let mut stack: Vec<Next> = Vec::new();
        while let Some((src, parent, derived, from)) = next.take().or_else(|| stack.pop()) {
            let t = src.get();
            let name = t.name.value.trim().to_string();
            let name_loc = loc(fid, &t.name);
            let (id, l) = match &t.id {
                Some(i) => (i.value.trim().to_string(), loc(fid, i)),
                None => (derived.unwrap_or_default(), name_loc),
            };
            if name.is_empty() {
                self.err(Diagnostic::empty_task_name(name_loc));
            }
            // `stream` belongs on a file's top-level tasks only.
            if let Some(s) = &t.stream
                && !(parent.is_none() && s.value.trim() == plan.streams[stream].id)
            {
                self.err(Diagnostic::stream_not_top_level(loc(fid, s)));
            }
            let idx = plan.tasks.len();
            if !self.claim_id(plan, &id, NodeRef::Task(idx), l) {
                continue;
            }
            // Inherited values are copied only where the task has none.
            let owner = text(&t.owner).or_else(|| match from {
                Some(p) => plan.tasks[p].owner.clone(),
                None => inherited.owner.clone(),
            });
            let priority = text(&t.priority).or_else(|| match from {
                Some(p) => plan.tasks[p].priority.clone(),
                None => inherited.priority.clone(),
            });
            let status = self.status(fid, &t.status);
            let mut span = self.span(fid, &t.duration);
            let estimate = match &t.estimate {
                // A group's length is its sub-tasks'.
                Some(e) if !t.tasks.is_empty() => {
                    self.err(Diagnostic::estimate_on_group(loc(fid, e)));
                    None
                }
                _ => self.estimate(fid, &t.estimate, &mut span),
            };
            let distribution = self.distribution(fid, &t.distribution);
            let duration = span.as_ref().map(span_days);
            let sched = self.sched_keys(
                plan,
                fid,
                &t.not_before,
                &t.started,
                &t.finished,
                &t.schedule,
                !t.before.is_empty(),
            );
            let remaining = self.span(fid, &t.remaining);
            let progress = t.progress.as_ref().and_then(|p| {
                let v = p.value.trim().trim_end_matches('%').trim();
                match v.parse::<u32>() {
                    Ok(n) if n <= 100 => Some(At {
                        value: n,
                        loc: loc(fid, p),
                    }),
                    _ => {
                        self.err(Diagnostic::invalid_progress(loc(fid, p), &p.value));
                        None
                    }
                }
            });
            let start = t.start.as_ref().and_then(|s| self.stated(plan, fid, s));
            let end = t.end.as_ref().and_then(|s| self.stated(plan, fid, s));
            if let (Some(s), Some(e)) = (&start, &end)
                && e.period.last < s.period.first
            {
                self.err(Diagnostic::end_before_start(
                    e.loc, "task", &id, &e.text, &s.text,
                ));
            }
            let due = t.due.as_ref().and_then(|s| self.stated(plan, fid, s));
            plan.tasks.push(Task {
                id: id.clone(),
                id_written: t.id.is_some(),
                name,
                loc: l,
                description: text(&t.description),
                status,
                owner,
                priority,
                tags: t.tags.iter().map(|x| x.value.trim().to_string()).collect(),
                bucket: None,
                milestone: None,
                duration,
                start,
                end,
                due,
                after: Vec::new(),
                span,
                not_before: sched.not_before,
                started: sched.started,
                finished: sched.finished,
                alap: sched.alap,
                before: Vec::new(),
                remaining,
                progress,
                total: t.total.as_ref().map(|x| At {
                    value: x.value,
                    loc: loc(fid, x),
                }),
                stream,
                parent,
                children: Vec::new(),
                estimate,
                distribution,
                effort: None,
                assign: Vec::new(),
            });
            match parent {
                Some(p) => plan.tasks[p].children.push(idx),
                None => first = Some(idx),
            }
            let derived = sibling_ids(&id, &t.tasks);
            // What is resolved once every id is known: moved out of a task
            // the resolver owns, borrowed from a shared one.
            match src {
                TaskSrc::Own(t) => {
                    work.push(crate::plan::capacity::PendingWork {
                        file: fid,
                        effort: t.effort.take().map(Cow::Owned),
                        assign: Cow::Owned(std::mem::take(&mut t.assign)),
                    });
                    pending.push(PendingTask {
                        file: fid,
                        after: Cow::Owned(std::mem::take(&mut t.after)),
                        before: Cow::Owned(std::mem::take(&mut t.before)),
                        bucket: t.bucket.take().map(Cow::Owned),
                        milestone: t.milestone.take().map(Cow::Owned),
                    });
                    for (child, d) in t.tasks.iter_mut().zip(derived).rev() {
                        stack.push((TaskSrc::Own(child), Some(idx), d, Some(idx)));
                    }
                }
                TaskSrc::Shared(t) => {
                    work.push(crate::plan::capacity::PendingWork {
                        file: fid,
                        effort: t.effort.as_ref().map(Cow::Borrowed),
                        assign: Cow::Borrowed(&t.assign),
                    });
                    pending.push(PendingTask {
                        file: fid,
                        after: Cow::Borrowed(&t.after),
                        before: Cow::Borrowed(&t.before),
                        bucket: t.bucket.as_ref().map(Cow::Borrowed),
                        milestone: t.milestone.as_ref().map(Cow::Borrowed),
                    });
                    for (child, d) in t.tasks.iter().zip(derived).rev() {
                        stack.push((TaskSrc::Shared(child), Some(idx), d, Some(idx)));
                    }
                }
            }
        }
        first
    }

    /// Would a hint over `n` more candidates stay within the budget?
    fn within_budget(&self, n: usize) -> bool {
        self.suggestion_work.saturating_add(n) <= SUGGESTION_BUDGET
    }

    fn suggest(&mut self, word: &str, candidates: &[String]) -> Option<String> {
        self.suggestion_work += candidates.len();
        if self.suggestion_work > SUGGESTION_BUDGET {
            return None;
        }
        did_you_mean(word, candidates.iter().map(String::as_str)).map(str::to_string)
    }

    fn unknown(&mut self, l: Loc, what: &str, word: &str, candidates: &[String]) {
        let best = self.suggest(word, candidates);
        self.err(Diagnostic::unknown_reference(
            l,
            what,
            word,
            best.as_deref(),
        ));
    }

    /// `candidates` is filled with every id on the first unknown reference.
    fn lookup_node(
        &mut self,
        plan: &Plan,
        candidates: &mut Option<Vec<String>>,
        fid: FileId,
        s: &S<String>,
    ) -> Option<NodeRef> {
        let key = s.value.trim();
        match plan.ids.get(key) {
            Some(n) => Some(*n),
            None => {
                let candidates =
                    candidates.get_or_insert_with(|| plan.ids.keys().cloned().collect());
                self.unknown(loc(fid, s), "task or milestone", key, candidates);
                None
            }
        }
    }

    fn lookup_milestone(&mut self, plan: &Plan, fid: FileId, s: &S<String>) -> Option<usize> {
        let key = s.value.trim();
        match plan.ids.get(key) {
            Some(NodeRef::Milestone(m)) => Some(*m),
            Some(NodeRef::Task(_)) => {
                self.err(Diagnostic::task_not_milestone(loc(fid, s), key));
                None
            }
            None => {
                // The list is built for the hint only, and only while hints
                // are within budget: building it for each of 20,000 unknown
                // references to 20,000 milestones took minutes.
                let ms: Vec<String> = if self.within_budget(plan.milestones.len()) {
                    plan.milestones.iter().map(|m| m.id.clone()).collect()
                } else {
                    Vec::new()
                };
                self.unknown(loc(fid, s), "milestone", key, &ms);
                None
            }
        }
    }

    fn lookup_bucket(
        &mut self,
        ids: &HashMap<String, usize>,
        fid: FileId,
        s: &S<String>,
    ) -> Option<usize> {
        let key = s.value.trim();
        match ids.get(key) {
            Some(b) => Some(*b),
            None => {
                let names: Vec<String> = if self.within_budget(ids.len()) {
                    ids.keys().cloned().collect()
                } else {
                    Vec::new()
                };
                self.unknown(loc(fid, s), "bucket", key, &names);
                None
            }
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Inherited {
    owner: Option<String>,
    priority: Option<String>,
}

/// A derived id takes the first two words of the name, and a third while
/// the id stays within [`ID_CHARS`] characters.
const ID_WORDS: usize = 3;
/// See [`ID_WORDS`].
const ID_CHARS: usize = 24;

/// The words of a name (split at spaces), each in lower case with every run
/// of characters other than letters and digits turned into one `-`:
/// `Deploy kube-prometheus-stack (Helm)` is `deploy`, `kube-prometheus-stack`,
/// `helm`.
fn slug_words(name: &str) -> Vec<String> {
    name.split_whitespace()
        .map(|word| {
            let mut slug = String::with_capacity(word.len());
            for c in word.chars().flat_map(char::to_lowercase) {
                if c.is_alphanumeric() {
                    slug.push(c);
                } else if !slug.is_empty() && !slug.ends_with('-') {
                    slug.push('-');
                }
            }
            slug.trim_end_matches('-').to_string()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// How many words a derived id starts with (see [`ID_WORDS`]).
fn base_words(words: &[String]) -> usize {
    let mut k = words.len().min(2);
    let mut len = words[..k]
        .iter()
        .map(|w| w.chars().count() + 1)
        .sum::<usize>();
    while k < words.len() && k < ID_WORDS {
        len += words[k].chars().count() + 1;
        if len > ID_CHARS + 1 {
            break;
        }
        k += 1;
    }
    k
}

/// The ids of a list of sibling tasks, `None` where a task has its own id
/// (`names[i]` is `None`) and derived from the name where it has not: the
/// parent's id, `/`, and the name's first words (see [`base_words`]) in
/// lower case joined by `-`. Where siblings' names start alike, each takes
/// as many more words as tell it apart from the others, so the ids depend on
/// the names alone, never on their order; siblings with the same name get
/// the same id (a `duplicate-id` error).
pub fn derive_ids(parent_id: &str, names: &[Option<&str>]) -> Vec<Option<String>> {
    // Every task has its own id: nothing to derive.
    if names.iter().all(Option::is_none) {
        return vec![None; names.len()];
    }
    let words: Vec<Option<Vec<String>>> = names.iter().map(|n| n.map(slug_words)).collect();
    // A name needs one word more than it shares with any other name; the
    // most it shares is with a neighbour in sorted order.
    let mut sorted: Vec<&Vec<String>> = words.iter().flatten().collect();
    sorted.sort();
    sorted.dedup();
    let lcp = |a: &[String], b: &[String]| a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let shared: std::collections::HashMap<&Vec<String>, usize> = sorted
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let before = i.checked_sub(1).map_or(0, |p| lcp(w, sorted[p]));
            let after = sorted.get(i + 1).map_or(0, |n| lcp(w, n));
            (*w, before.max(after))
        })
        .collect();
    words
        .iter()
        .map(|w| {
            let w = w.as_ref()?;
            let k = base_words(w).max(shared[w] + 1).min(w.len());
            Some(format!("{parent_id}/{}", w[..k].join("-")))
        })
        .collect()
}

/// The derived ids of a list of tasks under one parent (see [`derive_ids`]).
pub fn sibling_ids(parent_id: &str, tasks: &[raw::RawTask]) -> Vec<Option<String>> {
    let names: Vec<Option<&str>> = tasks
        .iter()
        .map(|t| t.id.is_none().then(|| t.name.value.trim()))
        .collect();
    derive_ids(parent_id, &names)
}

/// The derived ids of a file's top-level `tasks`: siblings are the tasks that
/// name the same stream, whose id is the prefix.
pub fn top_level_ids(tasks: &[raw::RawTask]) -> Vec<Option<String>> {
    let key = |t: &raw::RawTask| t.stream.as_ref().map(|s| s.value.trim().to_string());
    let mut out = vec![None; tasks.len()];
    let mut done: Vec<Option<String>> = Vec::new();
    for t in tasks {
        let k = key(t);
        if done.contains(&k) {
            continue;
        }
        let group: Vec<usize> = (0..tasks.len()).filter(|&i| key(&tasks[i]) == k).collect();
        let names: Vec<Option<&str>> = group
            .iter()
            .map(|&i| tasks[i].id.is_none().then(|| tasks[i].name.value.trim()))
            .collect();
        for (i, id) in group
            .iter()
            .zip(derive_ids(k.as_deref().unwrap_or(""), &names))
        {
            out[*i] = id;
        }
        done.push(k);
    }
    out
}

/// The scheduling keys tasks and milestones share.
struct SchedKeys {
    not_before: Option<Box<Stated>>,
    started: Option<Box<Stated>>,
    finished: Option<Box<Stated>>,
    alap: bool,
}

/// A length in whole working days, rounded up, for what counts in days.
fn span_days(s: &At<crate::plan::span::Span>) -> At<u32> {
    At {
        value: s.value.approx_days().clamp(0, u32::MAX as i64) as u32,
        loc: s.loc,
    }
}

impl Resolver<'_> {
    /// A duration as written, to a hundredth of a day or in calendar days.
    fn span(&mut self, file: FileId, s: &Option<S<String>>) -> Option<At<crate::plan::span::Span>> {
        let s = s.as_ref()?;
        let l = loc(file, s);
        match crate::plan::span::parse_span(&s.value) {
            Ok(v) => Some(At { value: v, loc: l }),
            Err(e) => {
                self.err(Diagnostic::invalid_duration(l, e));
                None
            }
        }
    }

    /// A task's `estimate`: checked against its `duration` (which it gives
    /// when none is written: the most likely length, else the range's middle).
    fn estimate(
        &mut self,
        file: FileId,
        s: &Option<S<String>>,
        span: &mut Option<At<crate::plan::span::Span>>,
    ) -> Option<Box<At<estimate::Estimate>>> {
        let s = s.as_ref()?;
        let l = loc(file, s);
        let e = match estimate::parse_estimate(&s.value) {
            Ok(e) => e,
            Err(estimate::EstimateError::Syntax(m)) => {
                self.err(Diagnostic::invalid_duration(l, m));
                return None;
            }
            Err(estimate::EstimateError::Order(m)) => {
                self.err(Diagnostic::estimate_order(l, m));
                return None;
            }
        };
        match span {
            Some(d) if !e.contains(d.value) => {
                self.err(Diagnostic::estimate_excludes_duration(
                    l,
                    s.value.trim(),
                    d.loc,
                ));
                return None;
            }
            Some(_) => {}
            None => {
                *span = Some(At {
                    value: e.nominal(),
                    loc: l,
                })
            }
        }
        Some(Box::new(At { value: e, loc: l }))
    }

    /// A plan's or stream's `uncertainty`.
    fn uncertainty(
        &mut self,
        file: FileId,
        s: &Option<S<String>>,
    ) -> Option<At<estimate::Uncertainty>> {
        let s = s.as_ref()?;
        let l = loc(file, s);
        match estimate::parse_uncertainty(&s.value) {
            Ok(u) => Some(At { value: u, loc: l }),
            Err(estimate::EstimateError::Syntax(m)) => {
                self.err(Diagnostic::invalid_duration(l, m));
                None
            }
            Err(estimate::EstimateError::Order(m)) => {
                self.err(Diagnostic::estimate_order(l, m));
                None
            }
        }
    }

    /// A `distribution`: `triangular` or `pert`.
    fn distribution(
        &mut self,
        file: FileId,
        s: &Option<S<String>>,
    ) -> Option<estimate::Distribution> {
        let s = s.as_ref()?;
        let d = estimate::Distribution::parse(&s.value);
        if d.is_none() {
            self.err(Diagnostic::invalid_distribution(
                loc(file, s),
                s.value.trim(),
            ));
        }
        d
    }

    #[allow(clippy::too_many_arguments)]
    fn sched_keys(
        &mut self,
        plan: &Plan,
        fid: FileId,
        not_before: &Option<S<String>>,
        started: &Option<S<String>>,
        finished: &Option<S<String>>,
        schedule: &Option<S<String>>,
        has_before: bool,
    ) -> SchedKeys {
        let mut date = |s: &Option<S<String>>| s.as_ref().and_then(|s| self.stated(plan, fid, s));
        let not_before = date(not_before);
        let started = date(started);
        let finished = date(finished);
        if let (Some(s), Some(f)) = (&started, &finished)
            && f.period.last < s.period.first
        {
            self.err(Diagnostic::finished_before_started(f.loc, &f.text, &s.text));
        }
        let alap = match schedule {
            None => has_before,
            Some(v) => match v.value.trim().to_ascii_lowercase().as_str() {
                "asap" => false,
                "alap" => true,
                _ => {
                    self.err(Diagnostic::invalid_schedule_mode(loc(fid, v), &v.value));
                    has_before
                }
            },
        };
        SchedKeys {
            not_before: not_before.map(Box::new),
            started: started.map(Box::new),
            finished: finished.map(Box::new),
            alap,
        }
    }

    /// Dependencies as written (`api`, `api +2w`, `api ss -1d`), resolved.
    fn deps(
        &mut self,
        plan: &Plan,
        candidates: &mut Option<Vec<String>>,
        fid: FileId,
        list: &[S<String>],
    ) -> Vec<Dep> {
        let mut out = Vec::with_capacity(list.len());
        for a in list {
            // Most entries are a plain id: one lookup.
            if let Some(&target) = plan.ids.get(a.value.trim()) {
                out.push(Dep {
                    target,
                    loc: loc(fid, a),
                    kind: crate::plan::span::DepType::Fs,
                    lag: crate::plan::span::Span::ZERO,
                });
                continue;
            }
            let parsed = match crate::plan::span::parse_dep(&a.value, |s| plan.ids.contains_key(s))
            {
                Ok(p) => p,
                Err(e) => {
                    self.err(Diagnostic::invalid_dependency(loc(fid, a), e));
                    continue;
                }
            };
            let key = S {
                value: parsed.id,
                referenced: a.referenced,
            };
            if let Some(target) = self.lookup_node(plan, candidates, fid, &key) {
                out.push(Dep {
                    target,
                    loc: loc(fid, a),
                    kind: parsed.kind,
                    lag: parsed.lag,
                });
            }
        }
        out
    }
}
