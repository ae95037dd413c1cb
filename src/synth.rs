//! Synthetic plans for benchmarks and tests: a deterministic generator.
//!
//! [`generate`] builds a plan of `tasks` tasks over about `tasks / 50`
//! streams, ten streams to a fragment file that the root `roadmap.yaml`
//! includes. Each stream works in quarters or in two-week sprints; tasks have
//! durations, statuses, owners and priorities, some are groups of sub-tasks,
//! and each has about 2.5 dependencies on tasks at earlier positions in their
//! streams (so the network is acyclic and its critical path stays near 50
//! tasks long whatever the size). Every declared total holds, and each task's
//! bucket is the one its computed finish falls in, so `roadmap check` finds
//! nothing to report.
//!
//! The same network is also written as a TaskJuggler project (`.tjp`), for the
//! comparison in docs/performance.md. Same `tasks` and `seed`, same bytes: the
//! generator uses its own small PRNG (SplitMix64) and no hash-map order.

use chrono::{Datelike, NaiveDate};
use std::fmt::Write as _;
use std::path::Path;

/// Tasks per stream, on average.
pub const TASKS_PER_STREAM: usize = 50;
/// Streams per fragment file.
pub const STREAMS_PER_FILE: usize = 10;
/// Working days in a sprint.
const SPRINT_DAYS: i64 = 10;

/// A generated plan: its files and the same network for TaskJuggler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// The plan's files, as (path relative to the plan's folder, text); the
    /// root, `roadmap.yaml`, first.
    pub files: Vec<(String, String)>,
    /// The same tasks, durations and dependencies as a TaskJuggler project.
    pub tjp: String,
    /// Counts of what was generated.
    pub stats: Stats,
}

/// What was generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    /// Tasks, groups included (milestones not).
    pub tasks: usize,
    /// Leaf tasks.
    pub items: usize,
    /// Tasks with sub-tasks.
    pub groups: usize,
    /// Entries of the fragments' `streams:` lists, one per 50 tasks or fewer.
    pub streams: usize,
    /// Milestones: one gate per fragment file and the root's `launch`.
    pub milestones: usize,
    /// `after` entries of tasks and milestones.
    pub dependencies: usize,
    /// The plan's length in working days, as `roadmap critical-path` computes it.
    pub finish_days: i64,
}

impl Generated {
    /// Write the plan's files under `dir` (created if missing) and the
    /// TaskJuggler project as `dir/synth.tjp`.
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        for (rel, text) in &self.files {
            let path = dir.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, text)?;
        }
        std::fs::write(dir.join("synth.tjp"), &self.tjp)
    }
}

/// SplitMix64: tiny, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `pct` percent.
    fn chance(&mut self, pct: usize) -> bool {
        self.below(100) < pct
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum St {
    Todo,
    InProgress,
    Done,
    Blocked,
    Cancelled,
}

impl St {
    fn as_str(self) -> &'static str {
        match self {
            St::Todo => "todo",
            St::InProgress => "in-progress",
            St::Done => "done",
            St::Blocked => "blocked",
            St::Cancelled => "cancelled",
        }
    }
}

struct Task {
    stream: usize,
    /// Position in its stream: every dependency and every child points to a
    /// lower position, so the network is acyclic.
    pos: usize,
    name: String,
    description: Option<String>,
    /// Working days; 0 for a group.
    duration: u32,
    after: Vec<usize>,
    parent: Option<usize>,
    children: Vec<usize>,
    owner: Option<String>,
    priority: Option<&'static str>,
    tag: Option<&'static str>,
    /// Exclusive earliest finish, in working days from the plan start.
    ef: i64,
    es: i64,
    status: St,
}

impl Task {
    fn id(&self) -> String {
        format!("s{}-t{}", self.stream, self.pos)
    }
}

const VERBS: [&str; 12] = [
    "Build",
    "Migrate",
    "Design",
    "Test",
    "Document",
    "Refactor",
    "Deploy",
    "Review",
    "Harden",
    "Automate",
    "Measure",
    "Integrate",
];
const NOUNS: [&str; 12] = [
    "billing service",
    "login flow",
    "search index",
    "audit log",
    "payment API",
    "user settings",
    "report export",
    "cache layer",
    "alerting rules",
    "data pipeline",
    "mobile client",
    "admin console",
];
const PRIORITIES: [&str; 4] = ["P0", "P1", "P2", "P3"];
const TAGS: [&str; 4] = ["tech-debt", "security", "customer", "compliance"];

/// The plan's first day, a Monday.
fn plan_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 5).expect("valid constant date")
}

/// The date of working day `idx` (Monday to Friday, no holidays).
fn day_date(idx: i64) -> NaiveDate {
    let (weeks, rest) = (idx / 5, idx % 5);
    plan_start() + chrono::Days::new((weeks * 7 + rest) as u64)
}

/// Quarter number counted from 2026-Q1 = 0.
fn quarter_of(d: NaiveDate) -> usize {
    ((d.year() - 2026) * 4) as usize + (d.month0() / 3) as usize
}

fn quarter_id(q: usize) -> String {
    format!("q{}-{}", 2026 + q / 4, q % 4 + 1)
}

/// How a generated plan is cut into streams and files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Tasks per stream, on average.
    pub tasks_per_stream: usize,
    /// Streams per fragment file.
    pub streams_per_file: usize,
}

impl Default for Shape {
    fn default() -> Self {
        Shape {
            tasks_per_stream: TASKS_PER_STREAM,
            streams_per_file: STREAMS_PER_FILE,
        }
    }
}

/// Generate a plan of `tasks` tasks (at least 1) from `seed`.
pub fn generate(tasks: usize, seed: u64) -> Generated {
    generate_shaped(tasks, seed, Shape::default())
}

/// [`generate`] with other stream and file sizes (`roadmap history`'s
/// benchmark wants a plan in many small files).
pub fn generate_shaped(tasks: usize, seed: u64, shape: Shape) -> Generated {
    let tasks_per_stream = shape.tasks_per_stream.max(1);
    let streams_per_file = shape.streams_per_file.max(1);
    let n = tasks.max(1);
    let mut rng = Rng(seed ^ 0x5EED_0FC0_FFEE);
    let n_streams = n.div_ceil(tasks_per_stream).max(1);
    let mut all: Vec<Task> = Vec::with_capacity(n);
    // Per stream: task index by position, and the top-level tasks in order.
    let mut by_pos: Vec<Vec<usize>> = Vec::with_capacity(n_streams);
    let mut top: Vec<Vec<usize>> = Vec::with_capacity(n_streams);
    let mut dependencies = 0usize;

    for s in 0..n_streams {
        let count = n / n_streams + usize::from(s < n % n_streams);
        by_pos.push(Vec::with_capacity(count));
        top.push(Vec::new());
        let mut made = 0;
        while made < count {
            let left = count - made;
            if left >= 5 && rng.chance(12) {
                // A group of 3 to 6 sub-tasks: children first, then the group
                // at the next position (a group finishes after its children).
                let c = 3 + rng.below((left - 1).min(6) - 2);
                let mut kids = Vec::with_capacity(c);
                for _ in 0..c {
                    let i = new_item(&mut rng, s, &mut all, &by_pos, streams_per_file);
                    by_pos[s].push(i);
                    kids.push(i);
                }
                let g = all.len();
                let pos = by_pos[s].len();
                let noun = NOUNS[rng.below(NOUNS.len())];
                all.push(Task {
                    stream: s,
                    pos,
                    name: format!("Work package on the {noun} ({pos})"),
                    description: None,
                    duration: 0,
                    after: Vec::new(),
                    parent: None,
                    children: kids.clone(),
                    owner: None,
                    priority: None,
                    tag: None,
                    ef: 0,
                    es: 0,
                    status: St::Todo,
                });
                for k in kids {
                    all[k].parent = Some(g);
                }
                by_pos[s].push(g);
                top[s].push(g);
                made += c + 1;
            } else {
                let i = new_item(&mut rng, s, &mut all, &by_pos, streams_per_file);
                by_pos[s].push(i);
                top[s].push(i);
                made += 1;
            }
        }
    }

    // Earliest times, in order of position: every edge goes up in position.
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by_key(|&i| all[i].pos);
    for &i in &order {
        let es = if all[i].children.is_empty() {
            all[i].after.iter().map(|&d| all[d].ef).max().unwrap_or(0)
        } else {
            all[i]
                .children
                .iter()
                .map(|&c| all[c].ef)
                .max()
                .unwrap_or(0)
        };
        all[i].es = es;
        all[i].ef = es + all[i].duration as i64;
    }
    let tasks_finish = all.iter().map(|t| t.ef).max().unwrap_or(0);
    // Statuses: what lies before "today" (a quarter of the way in) is done.
    let today = tasks_finish / 4;
    for t in all.iter_mut().filter(|t| t.children.is_empty()) {
        t.status = if t.ef <= today {
            if rng.chance(2) {
                St::Cancelled
            } else {
                St::Done
            }
        } else if t.es < today {
            St::InProgress
        } else if rng.chance(3) {
            St::Blocked
        } else {
            St::Todo
        };
    }

    // Buckets: each item goes in the quarter or sprint its finish falls in;
    // a task may start in an earlier sprint, so the sprints do not hold work
    // back (`wait: false`; docs/scheduling.md).
    let uses_sprints = |s: usize| s % 2 == 1;
    let last_day = (tasks_finish - 1).max(0);
    let n_quarters = quarter_of(day_date(last_day)) + 1;
    let n_sprints = (last_day / SPRINT_DAYS + 1) as usize;
    let mut quarter_items = vec![0usize; n_quarters];
    let mut sprint_items = vec![0usize; n_sprints];
    let bucket_of = |t: &Task| -> (bool, usize) {
        let day = (t.ef - 1).max(0);
        if uses_sprints(t.stream) {
            (true, (day / SPRINT_DAYS) as usize)
        } else {
            (false, quarter_of(day_date(day)))
        }
    };
    for t in all.iter().filter(|t| t.children.is_empty()) {
        match bucket_of(t) {
            (true, k) => sprint_items[k] += 1,
            (false, q) => quarter_items[q] += 1,
        }
    }

    let items = all.iter().filter(|t| t.children.is_empty()).count();
    let groups = all.len() - items;
    let n_files = n_streams.div_ceil(streams_per_file);
    let file_name = |f: usize| format!("streams/part-{f:03}.yaml");
    let mut files = Vec::with_capacity(n_files + 1);

    // The root.
    let mut root = String::new();
    let _ = writeln!(
        root,
        "# A synthetic plan: {} tasks in {n_streams} streams, seed {seed}.\n# Generated by `cargo run --release --example synth`; see docs/performance.md.",
        all.len()
    );
    let _ = writeln!(
        root,
        "title: Synthetic plan ({} tasks, seed {seed})",
        all.len()
    );
    root.push_str("description: A generated network for benchmarks.\nstart: 2026-01-05\n");
    let _ = writeln!(root, "total: {items}");
    root.push_str("include:\n");
    for f in 0..n_files {
        let _ = writeln!(root, "  - {}", file_name(f));
    }
    root.push_str("buckets:\n");
    for (q, &count) in quarter_items.iter().enumerate() {
        let _ = writeln!(
            root,
            "  - {{ id: {}, kind: quarter, period: {}-Q{}, total: {count} }}",
            quarter_id(q),
            2026 + q / 4,
            q % 4 + 1
        );
    }
    for (k, &count) in sprint_items.iter().enumerate() {
        let _ = writeln!(
            root,
            "  - {{ id: sprint-{}, kind: sprint, sprint: {}, length: 2w, wait: false, total: {count} }}",
            k + 1,
            k + 1
        );
    }
    root.push_str("milestones:\n  - id: launch\n    name: Launch\n    members: [");
    for f in 0..n_files {
        let _ = write!(root, "{}m{f}", if f == 0 { "" } else { ", " });
    }
    root.push_str("]\n");
    files.push(("roadmap.yaml".to_string(), root));

    // The fragments: ten streams each, and a gate after their last tasks.
    let mut milestone_after: Vec<Vec<usize>> = Vec::with_capacity(n_files);
    for f in 0..n_files {
        let streams = f * streams_per_file..((f + 1) * streams_per_file).min(n_streams);
        let mut text = String::with_capacity(streams.len() * tasks_per_stream * 200);
        let _ = writeln!(
            text,
            "# Streams {} to {} of the synthetic plan.",
            streams.start,
            streams.end - 1
        );
        let last: Vec<usize> = streams
            .clone()
            .filter_map(|s| top[s].last().copied())
            .collect();
        let counted: usize = last.iter().map(|&t| leaves(&all, t)).sum();
        let _ = writeln!(
            text,
            "milestones:\n  - id: m{f}\n    name: Part {f} delivered\n    kind: gate\n    duration: 1d"
        );
        let _ = writeln!(text, "    after: [{}]", ids(&all, &last));
        let _ = writeln!(text, "    total: {counted}");
        dependencies += last.len();
        milestone_after.push(last);
        text.push_str("streams:\n");
        for s in streams {
            let stream_items: usize = top[s].iter().map(|&t| leaves(&all, t)).sum();
            let _ = writeln!(
                text,
                "  - id: s{s}\n    name: Stream {s}\n    owner: team-{s}\n    total: {stream_items}\n    tasks:"
            );
            for &t in &top[s] {
                write_task(&mut text, &all, t, 6, &bucket_of);
            }
        }
        files.push((file_name(f), text));
    }

    let stats = Stats {
        tasks: all.len(),
        items,
        groups,
        streams: n_streams,
        milestones: n_files + 1,
        dependencies: dependencies + all.iter().map(|t| t.after.len()).sum::<usize>(),
        // The gates take a day after the last tasks.
        finish_days: tasks_finish + 1,
    };
    let tjp = taskjuggler(&all, &top, &milestone_after, n_streams, seed, tasks_finish);
    Generated { files, tjp, stats }
}

/// A new leaf task in stream `s` at the next position, with its dependencies.
fn new_item(
    rng: &mut Rng,
    s: usize,
    all: &mut Vec<Task>,
    by_pos: &[Vec<usize>],
    streams_per_file: usize,
) -> usize {
    let pos = by_pos[s].len();
    let mut after = Vec::new();
    if pos > 0 {
        // The task before it in the stream, nearly always.
        if rng.chance(95) {
            after.push(by_pos[s][pos - 1]);
        }
        // One to three more: a recent task of a neighbouring stream in the
        // same file, or of any earlier stream, at a lower position.
        let extra = [0, 1, 1, 2, 2, 2, 2, 3, 3, 3][rng.below(10)];
        let file_first = s - s % streams_per_file;
        for _ in 0..extra {
            let other = if rng.chance(60) {
                file_first + rng.below(s - file_first + 1)
            } else {
                rng.below(s + 1)
            };
            let want = pos.saturating_sub(1 + rng.below(8));
            let p = want.min(by_pos[other].len().saturating_sub(1));
            if let Some(&target) = by_pos[other].get(p)
                && all[target].pos < pos
                && !after.contains(&target)
            {
                after.push(target);
            }
        }
    }
    let verb = VERBS[rng.below(VERBS.len())];
    let noun = NOUNS[rng.below(NOUNS.len())];
    let duration = [1, 2, 2, 3, 3, 3, 5, 5, 5, 8, 10, 15][rng.below(12)];
    let description = rng
        .chance(15)
        .then(|| format!("{verb} the {noun} for the stream {s} rollout; see the design notes."));
    let owner = rng.chance(40).then(|| format!("dev-{}", rng.below(400)));
    let priority = rng
        .chance(30)
        .then(|| PRIORITIES[rng.below(PRIORITIES.len())]);
    let tag = rng.chance(10).then(|| TAGS[rng.below(TAGS.len())]);
    all.push(Task {
        stream: s,
        pos,
        name: format!("{verb} {noun} {pos}"),
        description,
        duration,
        after,
        parent: None,
        children: Vec::new(),
        owner,
        priority,
        tag,
        ef: 0,
        es: 0,
        status: St::Todo,
    });
    all.len() - 1
}

/// Leaf tasks at or below `t`.
fn leaves(all: &[Task], t: usize) -> usize {
    if all[t].children.is_empty() {
        1
    } else {
        all[t].children.iter().map(|&c| leaves(all, c)).sum()
    }
}

fn ids(all: &[Task], list: &[usize]) -> String {
    list.iter()
        .map(|&t| all[t].id())
        .collect::<Vec<_>>()
        .join(", ")
}

fn duration_text(days: u32) -> String {
    if days.is_multiple_of(5) {
        format!("{}w", days / 5)
    } else {
        format!("{days}d")
    }
}

/// One task (and its sub-tasks) as a YAML list entry indented by `indent`.
fn write_task(
    out: &mut String,
    all: &[Task],
    t: usize,
    indent: usize,
    bucket_of: &dyn Fn(&Task) -> (bool, usize),
) {
    let task = &all[t];
    let pad = " ".repeat(indent);
    let _ = writeln!(out, "{pad}- id: {}", task.id());
    let _ = writeln!(out, "{pad}  name: {}", task.name);
    if let Some(d) = &task.description {
        let _ = writeln!(out, "{pad}  description: {d}");
    }
    if task.children.is_empty() {
        let _ = writeln!(out, "{pad}  duration: {}", duration_text(task.duration));
        if task.status != St::Todo {
            let _ = writeln!(out, "{pad}  status: {}", task.status.as_str());
        }
    }
    if let Some(o) = &task.owner {
        let _ = writeln!(out, "{pad}  owner: {o}");
    }
    if let Some(p) = task.priority {
        let _ = writeln!(out, "{pad}  priority: {p}");
    }
    if let Some(tag) = task.tag {
        let _ = writeln!(out, "{pad}  tags: [{tag}]");
    }
    if task.children.is_empty() {
        let bucket = match bucket_of(task) {
            (true, k) => format!("sprint-{}", k + 1),
            (false, q) => quarter_id(q),
        };
        let _ = writeln!(out, "{pad}  bucket: {bucket}");
    }
    if !task.after.is_empty() {
        let _ = writeln!(out, "{pad}  after: [{}]", ids(all, &task.after));
    }
    if !task.children.is_empty() {
        let _ = writeln!(out, "{pad}  total: {}", leaves(all, t));
        let _ = writeln!(out, "{pad}  tasks:");
        for &c in &task.children {
            write_task(out, all, c, indent + 4, bucket_of);
        }
    }
}

/// The network as a TaskJuggler 3 project: a container task per stream,
/// groups as containers, `length` in working days, `depends` by full path.
fn taskjuggler(
    all: &[Task],
    top: &[Vec<usize>],
    milestone_after: &[Vec<usize>],
    n_streams: usize,
    seed: u64,
    finish: i64,
) -> String {
    let tj_id = |t: usize| format!("s{}_t{}", all[t].stream, all[t].pos);
    let path = |t: usize| {
        let mut p = tj_id(t);
        let mut cur = all[t].parent;
        while let Some(g) = cur {
            p = format!("{}.{p}", tj_id(g));
            cur = all[g].parent;
        }
        format!("s{}.{p}", all[t].stream)
    };
    // Room for the schedule: its length in weeks, and two years more.
    let years = finish / 250 + 2;
    let mut out = String::with_capacity(all.len() * 120);
    let _ = writeln!(
        out,
        "/* The synthetic plan of {} tasks, seed {seed}, as a TaskJuggler project\n   (generated by examples/synth.rs; see docs/performance.md). */",
        all.len()
    );
    let _ = writeln!(
        out,
        "project synth \"Synthetic plan\" 2026-01-05 +{years}y {{\n  timezone \"UTC\"\n}}\n"
    );
    fn write_tj(
        out: &mut String,
        all: &[Task],
        t: usize,
        indent: usize,
        tj_id: &dyn Fn(usize) -> String,
        path: &dyn Fn(usize) -> String,
    ) {
        let pad = " ".repeat(indent);
        let task = &all[t];
        let _ = writeln!(out, "{pad}task {} \"{}\" {{", tj_id(t), task.name);
        if task.children.is_empty() {
            let _ = writeln!(out, "{pad}  length {}d", task.duration);
            if !task.after.is_empty() {
                let deps: Vec<String> = task.after.iter().map(|&d| path(d)).collect();
                let _ = writeln!(out, "{pad}  depends {}", deps.join(", "));
            }
        } else {
            for &c in &task.children {
                write_tj(out, all, c, indent + 2, tj_id, path);
            }
        }
        let _ = writeln!(out, "{pad}}}");
    }
    for (s, list) in top.iter().enumerate().take(n_streams) {
        let _ = writeln!(out, "task s{s} \"Stream {s}\" {{");
        for &t in list {
            write_tj(&mut out, all, t, 2, &tj_id, &path);
        }
        out.push_str("}\n");
    }
    for (f, last) in milestone_after.iter().enumerate() {
        let deps: Vec<String> = last.iter().map(|&d| path(d)).collect();
        let _ = writeln!(
            out,
            "task m{f} \"Part {f} delivered\" {{\n  length 1d\n  depends {}\n}}",
            deps.join(", ")
        );
    }
    let members: Vec<String> = (0..milestone_after.len())
        .map(|f| format!("m{f}"))
        .collect();
    let _ = writeln!(
        out,
        "task launch \"Launch\" {{\n  milestone\n  depends {}\n}}",
        members.join(", ")
    );
    // One small report, the finish date: bench/run.sh compares it with
    // `roadmap critical-path`'s.
    out.push_str(
        "\ntaskreport finish \"synth-finish\" {\n  formats csv\n  columns id, start, end\n  hidetask ~ismilestone(plan)\n}\n",
    );
    out
}
