//! Resource levelling: a schedule in which no person or team is given more
//! work at once than they have people (docs/capacity.md).
//!
//! The heuristic is the serial schedule-generation scheme (Kelley 1963;
//! Kolisch 1996) run once per priority rule — latest finish (LFT), least
//! slack (MSLK), most successors (MTS). A task's `priority` comes before any
//! rule: among the tasks that may go next, the most urgent is served first
//! (see [`priority_rank`]). The shortest of the rules' schedules (ties: the
//! first rule) then goes through forward-backward improvement (double
//! justification, Valls, Ballestín & Quintanilla 2005): it is
//! right-justified against its own finish, then left-justified again in the
//! order the right-justified one gives, while that shortens it. The search
//! stops at a schedule that ends at the links' bound (see `search`).
//!
//! The plan as written is levelled, then the forecast as of today against
//! it; a forecast whose model is the plan as written's reuses that search
//! (`Shared`). What no run changes (`Shape`) is built once for both.
//!
//! The scheme places tasks on a simple model of the plan (each task's length
//! and each link's offset in ticks, read from the unlevelled schedule). What
//! it decides becomes start floors ([`Adjust::floor`], with
//! [`Floor::Resource`] saying who a task waits for), and the one scheduler
//! ([`Engine`]) places the plan again with them, so that every constraint of
//! the plan holds as in any other schedule. Should the scheduler place a
//! task later than the scheme assumed (calendar-day lags), the scheme runs
//! again from those places, a few rounds at most.

use crate::plan::graph::PlanGraph;
use crate::plan::model::{NodeRef, Plan, Status};
use crate::plan::span::{DepType, Span, TICKS_PER_DAY};
use crate::schedule::{Adjust, Engine, Floor, Schedule, Why};
use chrono::NaiveDate;
use petgraph::Direction;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use std::collections::BinaryHeap;

const T: i64 = TICKS_PER_DAY;

/// A priority rule of the serial scheme: which eligible task goes next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// Latest finish first (LFT).
    LatestFinish,
    /// Least total slack first (MSLK).
    LeastSlack,
    /// Most successors, direct and indirect, first (MTS).
    MostSuccessors,
}

impl Rule {
    /// Every rule, in the order they are tried.
    pub const ALL: [Rule; 3] = [Rule::LatestFinish, Rule::LeastSlack, Rule::MostSuccessors];
}

/// How a levelled schedule was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// The rule of the schedule kept.
    pub rule: Rule,
    /// Whether forward-backward improvement shortened it.
    pub improved: bool,
    /// Schedules the scheme generated.
    pub schedules: usize,
    /// False when the plan was too large to level within [`BUDGET`]: the
    /// schedule is then the unlevelled one (and `check` says who is
    /// over-allocated in it).
    pub complete: bool,
}

/// Most steps the scheme takes on one plan (stretches of the resources'
/// profiles walked, entries moved): well under a second. A plan past it
/// (say 100,000 tasks for one person, each fitted after all the others) is
/// left unlevelled rather than left to run for minutes.
pub const BUDGET: u64 = 300_000_000;

/// A step function of one resource's use over time, in percent of a person.
#[derive(Debug, Clone, Default)]
struct Profile {
    cap: i64,
    /// The stretches, sorted by time; none before the first. A sorted
    /// vector: a resource has some hundreds of changes.
    steps: Vec<Step>,
    /// Steps taken on it (stretches walked, entries moved): the budget.
    work: u64,
}

/// One stretch of a [`Profile`].
#[derive(Debug, Clone, Copy)]
struct Step {
    /// Where it starts.
    t: i64,
    /// The use from it until the next stretch.
    v: i64,
    /// The first node booked to end at `t`, plus one (0: none; `u32::MAX`:
    /// days off): whom a task that waits until `t` waits for.
    end: u32,
}

/// A node as [`Step::end`] holds it.
fn end_code(node: usize) -> u32 {
    u32::try_from(node).map_or(u32::MAX, |x| x.saturating_add(1))
}

impl Profile {
    /// How many stretches start at or before `t`.
    fn upto(&self, t: i64) -> usize {
        self.steps.partition_point(|s| s.t <= t)
    }

    #[cfg(test)]
    fn at(&self, t: i64) -> i64 {
        match self.upto(t) {
            0 => 0,
            i => self.steps[i - 1].v,
        }
    }

    fn spend(&mut self, n: usize) {
        self.work = self.work.saturating_add(n as u64 + 1);
    }

    /// Make `t` a change point; its index.
    fn split(&mut self, t: i64) -> usize {
        self.split_at(self.upto(t), t)
    }

    /// [`Profile::split`] where `i` stretches start at or before `t`.
    fn split_at(&mut self, i: usize, t: i64) -> usize {
        if i > 0 && self.steps[i - 1].t == t {
            return i - 1;
        }
        let v = if i == 0 { 0 } else { self.steps[i - 1].v };
        self.spend(self.steps.len() - i);
        self.steps.insert(i, Step { t, v, end: 0 });
        i
    }

    fn add(&mut self, a: i64, b: i64, u: i64, node: usize) {
        self.add_near(usize::MAX, a, b, u, node);
    }

    /// [`Profile::add`], where `pos` stretches are likely to start at or
    /// before `a` (as [`Profile::earliest_fit`] says; checked).
    fn add_near(&mut self, pos: usize, a: i64, b: i64, u: i64, node: usize) {
        if a >= b {
            return;
        }
        let known = pos <= self.steps.len()
            && (pos == 0 || self.steps[pos - 1].t <= a)
            && self.steps.get(pos).is_none_or(|s| s.t > a);
        let ia = if known {
            self.split_at(pos, a)
        } else {
            self.split(a)
        };
        // Up by `u` from `a` until `b`, in one walk (`b` is near), and `b`
        // a change point back to the level before.
        let mut ib = ia;
        while self.steps.get(ib).is_some_and(|s| s.t < b) {
            self.steps[ib].v += u;
            ib += 1;
        }
        if self.steps.get(ib).is_none_or(|s| s.t > b) {
            let v = self.steps[ib - 1].v - u;
            self.spend(self.steps.len() - ib);
            self.steps.insert(ib, Step { t: b, v, end: 0 });
        }
        let end = &mut self.steps[ib].end;
        if *end == 0 {
            *end = end_code(node);
        }
    }

    /// The earliest start from `t` at which `u` more fits for `d` ticks,
    /// and how many stretches start at or before it: one sweep over the
    /// stretches from `t` on, each blocked one moving the start to its end.
    fn earliest_fit(&mut self, t: i64, d: i64, u: i64) -> (i64, usize) {
        let room = self.cap - u;
        let mut pos = self.upto(t);
        let mut j = pos.saturating_sub(1);
        let mut c = t;
        let mut walked = 0;
        while let Some(s) = self.steps.get(j) {
            walked += 1;
            if s.t >= c + d {
                break;
            }
            if s.v > room {
                match self.steps.get(j + 1) {
                    Some(next) => (c, pos) = (next.t, j + 2),
                    None => break,
                }
            }
            j += 1;
        }
        self.spend(walked);
        (c, pos)
    }

    /// The latest start at or before `t` at which `u` more fits for `d`
    /// ticks, and how many stretches start at or before it: one sweep
    /// backward over the stretches.
    fn latest_fit(&mut self, t: i64, d: i64, u: i64) -> (i64, usize) {
        let room = self.cap - u;
        let mut c = t;
        let mut end = i64::MAX;
        let below = self.steps.partition_point(|s| s.t < t.saturating_add(d));
        let mut walked = 0;
        // Past the walk, the stretch after the last one seen starts after
        // the start found, and the one before it at or before.
        let mut pos = None;
        for (j, s) in self.steps[..below].iter().enumerate().rev() {
            walked += 1;
            if end <= c {
                pos = Some(j + 2);
                break;
            }
            if s.v > room && s.t < c + d {
                c = c.min(s.t - d);
            }
            end = s.t;
        }
        self.spend(walked);
        let pos = pos.unwrap_or_else(|| usize::from(self.steps.first().is_some_and(|s| s.t <= c)));
        (c, pos)
    }

    /// The task booked on it that ends at `t` (else the last to end before).
    /// A walk back from `t`, counted: a task waits until its resource's use
    /// falls, which is where a booking ends, so the first step is the one.
    fn holder(&mut self, t: i64) -> Option<usize> {
        let i = self.upto(t);
        let back = self.steps[..i].iter().rev().position(|s| s.end != 0);
        self.spend(back.unwrap_or(i));
        back.map(|k| match self.steps[i - 1 - k].end {
            u32::MAX => usize::MAX,
            e => e as usize - 1,
        })
    }
}

/// What the scheme needs of the plan that no run of the scheduler changes —
/// the links, who works on what and at what share, priorities, the
/// resources' capacities and days off — built once per levelling and
/// shared by both passes (the plan as written, the forecast) and every rule.
struct Shape {
    n: usize,
    /// Per node, its assignments (resource, percent, at most the
    /// resource's capacity) where it is an item not done nor cancelled:
    /// `assign[assign_at[i]..assign_at[i + 1]]`.
    assign_at: Vec<u32>,
    assign: Vec<(u32, i64)>,
    /// Per node: an item under way (it books its people where it is).
    running: Vec<bool>,
    /// Per node, its `priority` as a rank (0 first): served before any rule.
    prio: Vec<u8>,
    /// Per link, in edge order: (from, to, type, lag).
    links: Vec<(u32, u32, DepType, Span)>,
    /// Each resource's capacity and days off, booked in full.
    base: Vec<Profile>,
}

fn shape(plan: &Plan, g: &PlanGraph, day0: NaiveDate) -> Shape {
    let n = g.graph.node_count();
    let mut sh = Shape {
        n,
        assign_at: Vec::with_capacity(n + 1),
        assign: Vec::new(),
        running: vec![false; n],
        prio: vec![2; n],
        links: g
            .graph
            .edge_references()
            .map(|e| {
                let (kind, lag) = g.links[e.id().index()];
                (
                    e.source().index() as u32,
                    e.target().index() as u32,
                    kind,
                    lag,
                )
            })
            .collect(),
        base: plan
            .resources
            .iter()
            .map(|r| Profile {
                cap: r.units(),
                ..Profile::default()
            })
            .collect(),
    };
    sh.assign_at.push(0);
    for ix in g.graph.node_indices() {
        let i = ix.index();
        if let NodeRef::Task(ti) = g.graph[ix] {
            let task = &plan.tasks[ti];
            sh.prio[i] = priority_rank(task.priority.as_deref());
            let st = plan.status(ti);
            if task.is_item() && !matches!(st, Status::Done | Status::Cancelled) {
                sh.running[i] = st == Status::InProgress;
                sh.assign.extend(task.assign.iter().map(|a| {
                    let cap = plan.resources[a.resource].units();
                    (a.resource as u32, i64::from(a.share).min(cap))
                }));
            }
        }
        sh.assign_at.push(sh.assign.len() as u32);
    }
    // Days off: the whole resource is booked.
    for (r, res) in plan.resources.iter().enumerate() {
        for d in &res.holidays {
            if let Some(k) = day_index(plan, day0, *d) {
                let cap = sh.base[r].cap;
                sh.base[r].add(k * T, (k + 1) * T, cap, usize::MAX);
            }
        }
    }
    sh
}

/// The plan as one run of the scheduler placed it, reduced to what the
/// scheme needs, per graph node. Two runs with equal models level alike
/// (see [`Shared`]).
#[derive(Clone, PartialEq)]
struct Model {
    n: usize,
    ok: Vec<bool>,
    /// Placed by the scheme (not done, not under way, not recorded).
    free: Vec<bool>,
    /// Books its people: free, or under way.
    busy: Vec<bool>,
    dur: Vec<i64>,
    /// Earliest start besides links (the unlevelled start, or a later round's).
    lb: Vec<i64>,
    /// Fixed start of what is not free.
    fixed: Vec<i64>,
    /// Incoming and outgoing links, (other node, offset):
    /// `ins[in_at[i]..in_at[i + 1]]`, likewise `outs`.
    in_at: Vec<u32>,
    ins: Vec<(u32, i64)>,
    out_at: Vec<u32>,
    outs: Vec<(u32, i64)>,
    /// Per node, for the rules: latest finish, total slack, successors.
    lf: Vec<i64>,
    slack: Vec<i64>,
    succs: Vec<i64>,
    /// Most steps to take, all runs of the scheme together.
    budget: u64,
}

impl Model {
    fn ins(&self, i: usize) -> &[(u32, i64)] {
        &self.ins[self.in_at[i] as usize..self.in_at[i + 1] as usize]
    }

    fn outs(&self, i: usize) -> &[(u32, i64)] {
        &self.outs[self.out_at[i] as usize..self.out_at[i + 1] as usize]
    }

    /// (resource, percent) that node `i` books.
    fn uses<'s>(&self, sh: &'s Shape, i: usize) -> &'s [(u32, i64)] {
        if self.busy[i] {
            &sh.assign[sh.assign_at[i] as usize..sh.assign_at[i + 1] as usize]
        } else {
            &[]
        }
    }
}

/// The steps taken so far, against the budget.
struct Work<'a> {
    m: &'a Model,
    sh: &'a Shape,
    done: &'a std::cell::Cell<u64>,
    /// The resources' profiles with what is not free booked where it is:
    /// where every run of the scheme on this model starts.
    booked: Vec<Profile>,
    /// Profiles of an earlier run, their room kept for the next.
    spare: std::cell::RefCell<Vec<Profile>>,
}

impl<'a> Work<'a> {
    fn new(sh: &'a Shape, m: &'a Model, done: &'a std::cell::Cell<u64>) -> Work<'a> {
        let mut booked = sh.base.clone();
        for i in 0..m.n {
            if m.ok[i] && !m.free[i] {
                for &(r, u) in m.uses(sh, i) {
                    booked[r as usize].add(m.fixed[i], m.fixed[i] + m.dur[i], u, i);
                }
            }
        }
        Work {
            m,
            sh,
            done,
            booked,
            spare: std::cell::RefCell::new(Vec::new()),
        }
    }

    /// Profiles to place on: [`Work::booked`], in an earlier run's room.
    fn profiles(&self) -> Vec<Profile> {
        let mut prof = self.spare.take();
        if prof.len() != self.booked.len() {
            return self.booked.clone();
        }
        for (p, b) in prof.iter_mut().zip(&self.booked) {
            p.cap = b.cap;
            p.work = b.work;
            p.steps.clear();
            p.steps.extend_from_slice(&b.steps);
        }
        prof
    }

    /// Keep `prof`'s room for the next run.
    fn keep(&self, prof: Vec<Profile>) {
        *self.spare.borrow_mut() = prof;
    }

    /// Past the budget with the steps taken on `prof` so far?
    fn over(&self, prof: &[Profile]) -> bool {
        let w = prof
            .iter()
            .map(|p| p.work)
            .fold(self.done.get(), u64::saturating_add);
        if w > self.m.budget {
            self.done.set(w);
        }
        w > self.m.budget
    }

    /// Count the steps taken on `prof`; false past the budget.
    fn spent(&self, prof: &[Profile]) -> bool {
        let w = prof
            .iter()
            .map(|p| p.work)
            .fold(self.done.get(), u64::saturating_add);
        self.done.set(w);
        w <= self.m.budget
    }

    fn exhausted(&self) -> bool {
        self.done.get() > self.m.budget
    }
}

/// A task's `priority` as a rank, most urgent first: `P0`..`P9`, or
/// critical, high, medium (also normal, and no priority), low.
pub fn priority_rank(p: Option<&str>) -> u8 {
    let Some(p) = p.map(|x| x.trim().to_ascii_lowercase()) else {
        return 2;
    };
    if let Some(n) = p.strip_prefix('p').and_then(|n| n.parse::<u8>().ok()) {
        return n.min(9);
    }
    match p.as_str() {
        "critical" | "highest" | "urgent" => 0,
        "high" => 1,
        "low" => 3,
        "lowest" => 4,
        _ => 2,
    }
}

/// The start a link from `p` (starting at `sp`) asks of `s`: `start_s >= sp + offset`.
fn offset(kind: DepType, lag: Span, dp: i64, ds: i64) -> i64 {
    let l = match lag {
        Span::Work(x) => x,
        // Calendar days: five working days a week, near enough; the
        // scheduler places it exactly and a next round follows it.
        Span::Calendar(d) => d * 5 * T / 7,
    };
    match kind {
        DepType::Fs => dp + l,
        DepType::Ss => l,
        DepType::Ff => dp + l - ds,
        DepType::Sf => l - ds,
    }
}

/// Working-day index of `d` from `day0`, if it is a working day on or after it.
fn day_index(plan: &Plan, day0: NaiveDate, d: NaiveDate) -> Option<i64> {
    (d >= day0 && plan.calendar.is_workday(d)).then(|| plan.calendar.workdays_between(day0, d) - 1)
}

fn model(sh: &Shape, s0: &Schedule, budget: u64) -> Model {
    let n = sh.n;
    let mut m = Model {
        n,
        ok: vec![false; n],
        free: vec![false; n],
        busy: vec![false; n],
        dur: vec![0; n],
        lb: vec![0; n],
        fixed: vec![0; n],
        in_at: vec![0; n + 1],
        ins: Vec::new(),
        out_at: vec![0; n + 1],
        outs: Vec::new(),
        lf: vec![0; n],
        slack: vec![0; n],
        succs: vec![0; n],
        budget,
    };
    for i in 0..n {
        let Ok(t) = s0.times[i] else { continue };
        m.ok[i] = true;
        let (es, ef) = s0.ticks[i];
        m.dur[i] = ef - es;
        m.free[i] = matches!(s0.why[i], Why::Floor(_) | Why::Link(_) | Why::Late);
        m.busy[i] = m.free[i] || sh.running[i];
        m.lb[i] = es;
        m.fixed[i] = es;
        m.lf[i] = t.lf;
        m.slack[i] = t.total_slack;
    }
    // The links between scheduled nodes, by target and by source.
    let live = |&&(p, s, _, _): &&(u32, u32, DepType, Span)| m.ok[p as usize] && m.ok[s as usize];
    for &(p, s, _, _) in sh.links.iter().filter(live) {
        m.in_at[s as usize + 1] += 1;
        m.out_at[p as usize + 1] += 1;
    }
    for i in 0..n {
        m.in_at[i + 1] += m.in_at[i];
        m.out_at[i + 1] += m.out_at[i];
    }
    let mut ins = vec![(0u32, 0i64); m.in_at[n] as usize];
    let mut outs = vec![(0u32, 0i64); m.out_at[n] as usize];
    let (mut in_fill, mut out_fill) = (m.in_at.clone(), m.out_at.clone());
    for &(p, s, kind, lag) in sh.links.iter().filter(live) {
        let (pu, su) = (p as usize, s as usize);
        let o = offset(kind, lag, m.dur[pu], m.dur[su]);
        ins[in_fill[su] as usize] = (p, o);
        in_fill[su] += 1;
        outs[out_fill[pu] as usize] = (s, o);
        out_fill[pu] += 1;
    }
    (m.ins, m.outs) = (ins, outs);
    // Successors, direct and indirect: exact below a size, else summed
    // along the graph (which counts a successor once per path).
    let order = &s0.order;
    if n <= 4_000 {
        let words = n.div_ceil(64);
        let mut bits = vec![0u64; n * words];
        for ix in order.iter().rev() {
            let i = ix.index();
            for &(s, _) in m.outs(i) {
                let s = s as usize;
                bits[i * words + s / 64] |= 1 << (s % 64);
                for w in 0..words {
                    let v = bits[s * words + w];
                    bits[i * words + w] |= v;
                }
            }
            m.succs[i] = bits[i * words..(i + 1) * words]
                .iter()
                .map(|w| i64::from(w.count_ones()))
                .sum();
        }
    } else {
        for ix in order.iter().rev() {
            let i = ix.index();
            m.succs[i] = m
                .outs(i)
                .iter()
                .map(|&(s, _)| 1 + m.succs[s as usize])
                .fold(0i64, i64::saturating_add);
        }
    }
    m
}

/// One schedule of the scheme: starts, and who each waiting task waits for.
#[derive(Clone)]
struct Placed {
    start: Vec<i64>,
    /// Where a task waits for a resource: (resource, holder node).
    waits: Vec<Option<(usize, usize)>>,
    finish: i64,
}

/// The serial scheme, forward: eligible tasks in order of `key` (smallest
/// first, after priority), each at its earliest start that links and
/// resources allow.
fn forward(w: &Work, key: &[i64]) -> Placed {
    let (sh, m) = (w.sh, w.m);
    let mut prof = w.profiles();
    let mut start = vec![0i64; m.n];
    let mut waits = vec![None; m.n];
    // The eligible tasks, (priority, key, node) packed in one integer in
    // that order: the heap compares plain integers.
    let packed = |i: usize| {
        let k = (key[i] as u64) ^ (1 << 63);
        std::cmp::Reverse((u128::from(sh.prio[i]) << 96) | (u128::from(k) << 32) | i as u128)
    };
    let mut indeg: Vec<u32> = (0..m.n).map(|i| m.in_at[i + 1] - m.in_at[i]).collect();
    let mut heap: BinaryHeap<std::cmp::Reverse<u128>> = (0..m.n)
        .filter(|&i| m.ok[i] && indeg[i] == 0)
        .map(packed)
        .collect();
    let mut pos: Vec<usize> = Vec::new();
    let mut finish = i64::MIN;
    let mut placed = 0usize;
    while let Some(std::cmp::Reverse(x)) = heap.pop() {
        let i = x as u32 as usize;
        placed += 1;
        if placed.is_multiple_of(256) && w.over(&prof) {
            w.keep(prof);
            return Placed {
                start,
                waits,
                finish: i64::MAX,
            };
        }
        let s = if m.free[i] {
            let es = m
                .ins(i)
                .iter()
                .map(|&(p, o)| start[p as usize].saturating_add(o))
                .fold(m.lb[i], i64::max);
            let d = m.dur[i];
            let uses = m.uses(sh, i);
            let mut t = es;
            let mut blocker = None;
            if d > 0 && !uses.is_empty() {
                // Round the resources it needs until each fits at one
                // start: until all of them in a row have. Each one's last
                // fit is at that start.
                pos.clear();
                pos.resize(uses.len(), 0);
                let mut fit = 0;
                for (k, &(r, u)) in uses.iter().enumerate().cycle() {
                    let (c, at) = prof[r as usize].earliest_fit(t, d, u);
                    pos[k] = at;
                    if c > t {
                        t = c;
                        blocker = Some(r as usize);
                        fit = 1;
                    } else {
                        fit += 1;
                    }
                    if fit == uses.len() {
                        break;
                    }
                }
                if t > es
                    && let Some(r) = blocker
                {
                    waits[i] = prof[r].holder(t).map(|h| (r, h));
                }
                for (&(r, u), &at) in uses.iter().zip(&pos) {
                    prof[r as usize].add_near(at, t, t + d, u, i);
                }
            }
            t
        } else {
            m.fixed[i]
        };
        start[i] = s;
        finish = finish.max(s + m.dur[i]);
        for &(sx, _) in m.outs(i) {
            let sx = sx as usize;
            indeg[sx] -= 1;
            if indeg[sx] == 0 {
                heap.push(packed(sx));
            }
        }
    }
    w.spent(&prof);
    w.keep(prof);
    Placed {
        start,
        waits,
        finish: finish.max(0),
    }
}

/// Right-justify `p` against its own finish: tasks in order of latest
/// finish first, each as late as its successors and resources allow.
/// Returns the starts, whose order drives the next forward pass.
fn backward(w: &Work, p: &Placed) -> Vec<i64> {
    let (sh, m) = (w.sh, w.m);
    let mut prof = w.profiles();
    let mut start = p.start.clone();
    let mut outdeg: Vec<u32> = (0..m.n).map(|i| m.out_at[i + 1] - m.out_at[i]).collect();
    // (finish, node) packed in one integer in that order, latest first.
    let packed = |f: i64, i: usize| (u128::from((f as u64) ^ (1 << 63)) << 32) | i as u128;
    let mut heap: BinaryHeap<u128> = (0..m.n)
        .filter(|&i| m.ok[i] && outdeg[i] == 0)
        .map(|i| packed(p.start[i] + m.dur[i], i))
        .collect();
    let mut placed = 0usize;
    let mut pos: Vec<usize> = Vec::new();
    while let Some(x) = heap.pop() {
        let i = x as u32 as usize;
        placed += 1;
        if placed.is_multiple_of(256) && w.over(&prof) {
            w.keep(prof);
            return start;
        }
        if m.free[i] {
            let d = m.dur[i];
            let ls = m
                .outs(i)
                .iter()
                .map(|&(s, o)| start[s as usize].saturating_sub(o))
                .fold(p.finish - d, i64::min);
            let uses = m.uses(sh, i);
            let mut t = ls;
            if d > 0 && !uses.is_empty() {
                pos.clear();
                pos.resize(uses.len(), 0);
                let mut fit = 0;
                for (k, &(r, u)) in uses.iter().enumerate().cycle() {
                    let (c, at) = prof[r as usize].latest_fit(t, d, u);
                    pos[k] = at;
                    fit = if c < t { 1 } else { fit + 1 };
                    t = t.min(c);
                    if fit == uses.len() {
                        break;
                    }
                }
                for (&(r, u), &at) in uses.iter().zip(&pos) {
                    prof[r as usize].add_near(at, t, t + d, u, i);
                }
            }
            start[i] = t;
        }
        for &(px, _) in m.ins(i) {
            let px = px as usize;
            outdeg[px] -= 1;
            if outdeg[px] == 0 {
                heap.push(packed(start[px] + m.dur[px], px));
            }
        }
    }
    w.spent(&prof);
    w.keep(prof);
    start
}

/// The best schedule of the rules, then forward-backward improvement of
/// it while that shortens it (at most three rounds). `None` past the budget.
///
/// No schedule of the scheme ends before every task's earliest start
/// besides links ([`Model::lb`], the unlevelled start) plus its length: a
/// schedule that ends there is the shortest there is, and the search stops
/// at it (the rules after it and the improvement could only tie it, and a
/// tie keeps the first).
fn search(w: &Work, rules: &[Rule]) -> Option<(Placed, Found)> {
    let m = w.m;
    let bound = (0..m.n)
        .filter(|&i| m.ok[i])
        .map(|i| m.lb[i] + m.dur[i])
        .fold(0, i64::max);
    let mut best: Option<(Placed, Rule)> = None;
    let mut schedules = 0;
    for &rule in rules {
        if best.as_ref().is_some_and(|(b, _)| b.finish <= bound) {
            break;
        }
        let key: Vec<i64> = match rule {
            Rule::LatestFinish => m.lf.clone(),
            Rule::LeastSlack => m.slack.clone(),
            Rule::MostSuccessors => m.succs.iter().map(|s| -s).collect(),
        };
        let cur = forward(w, &key);
        schedules += 1;
        if w.exhausted() {
            return None;
        }
        if best.as_ref().is_none_or(|(b, _)| cur.finish < b.finish) {
            best = Some((cur, rule));
        }
    }
    let (mut cur, rule) = best.expect("at least one rule");
    let mut improved = false;
    for _ in 0..3 {
        if cur.finish <= bound {
            break;
        }
        let back = backward(w, &cur);
        let next = forward(w, &back);
        schedules += 2;
        if w.exhausted() {
            break;
        }
        if next.finish < cur.finish {
            cur = next;
            improved = true;
        } else {
            break;
        }
    }
    Some((
        cur,
        Found {
            rule,
            improved,
            schedules,
            complete: true,
        },
    ))
}

/// What the passes of one levelling share: the plan's [`Shape`], and the
/// searches done so far.
#[derive(Default)]
struct Shared {
    shape: std::cell::OnceCell<Shape>,
    /// Whether to keep the searches for a later pass.
    remember: bool,
    searched: std::cell::RefCell<Vec<Searched>>,
    /// Searches answered by an earlier one.
    hits: std::cell::Cell<usize>,
}

/// One search done: on what model, the steps taken before and after it,
/// and what it found.
struct Searched {
    model: Model,
    before: u64,
    after: u64,
    found: Option<(Placed, Found)>,
}

impl Shared {
    /// [`search`] on `m`, with `done` steps taken before it: what an earlier
    /// search on an equal model found, if any (the search depends on
    /// nothing else), else a new search. The forecast of a plan not yet
    /// under way — today before its start, nothing done or started — is
    /// the plan as written, and is levelled by the as-written pass's search.
    fn search(
        &self,
        sh: &Shape,
        m: &Model,
        done: &std::cell::Cell<u64>,
        rules: &[Rule],
    ) -> Option<(Placed, Found)> {
        let before = done.get();
        if let Some(e) = self
            .searched
            .borrow()
            .iter()
            .find(|e| e.before == before && e.model == *m)
        {
            done.set(e.after);
            self.hits.set(self.hits.get() + 1);
            return e.found.clone();
        }
        let found = search(&Work::new(sh, m, done), rules);
        if self.remember {
            self.searched.borrow_mut().push(Searched {
                model: m.clone(),
                before,
                after: done.get(),
                found: found.clone(),
            });
        }
        found
    }
}

/// The levelled schedule of `plan` as of `today` (as [`crate::schedule::schedule`]
/// gives the unlevelled one), and how it was found; `None` where the plan
/// cannot be scheduled. A plan without assignments is returned unlevelled.
pub fn level(plan: &Plan, g: &PlanGraph, today: Option<NaiveDate>) -> Option<(Schedule, Found)> {
    level_with(plan, g, today, &Rule::ALL)
}

/// [`level`] with the given priority rules only.
pub fn level_with(
    plan: &Plan,
    g: &PlanGraph,
    today: Option<NaiveDate>,
    rules: &[Rule],
) -> Option<(Schedule, Found)> {
    level_within(plan, g, today, rules, BUDGET)
}

/// [`level_with`] within `budget` steps (see [`BUDGET`]).
pub fn level_within(
    plan: &Plan,
    g: &PlanGraph,
    today: Option<NaiveDate>,
    rules: &[Rule],
    budget: u64,
) -> Option<(Schedule, Found)> {
    let today = today.filter(|_| plan.start.is_some());
    let shared = Shared {
        remember: today.is_some(),
        ..Shared::default()
    };
    level_passes(plan, g, today, rules, budget, &shared)
}

/// [`level_within`] sharing `shared` between its passes.
fn level_passes(
    plan: &Plan,
    g: &PlanGraph,
    today: Option<NaiveDate>,
    rules: &[Rule],
    budget: u64,
    shared: &Shared,
) -> Option<(Schedule, Found)> {
    let engine = Engine::new(plan, g)?;
    let none = Adjust::default();
    // The plan as written is levelled on its own (from the plan's start,
    // ignoring today): its floors are not the forecast's. The forecast is
    // then levelled against it, as the unlevelled schedule is.
    let (base, found) = level_runs(plan, g, shared, rules, budget, &none, &|a: &Adjust| {
        engine.as_written(a)
    })?;
    match today {
        None => Some((base, found)),
        Some(day) => {
            let (mut s, found) =
                level_runs(plan, g, shared, rules, budget, &none, &|a: &Adjust| {
                    engine.as_of(day, &base, a)
                })?;
            s.baseline = Some(Box::new(base));
            Some((s, found))
        }
    }
}

/// One forecast trial levelled: `adjust` holds the trial's lengths, and the
/// schedule is [`Engine::as_of`] against `base`, levelled by the same
/// scheme, rules and improvement as [`level`]. A plan without assignments is
/// the trial's schedule unlevelled.
pub fn level_trial(
    plan: &Plan,
    g: &PlanGraph,
    engine: &Engine,
    today: NaiveDate,
    base: &Schedule,
    adjust: &Adjust,
) -> Option<Schedule> {
    level_runs(
        plan,
        g,
        &Shared::default(),
        &Rule::ALL,
        BUDGET,
        adjust,
        &|a: &Adjust| engine.as_of(today, base, a),
    )
    .map(|(s, _)| s)
}

/// The levelling of [`level_within`] over any run of the one scheduler:
/// `run` schedules with an [`Adjust`]: `given` (a trial's lengths), its
/// floors replaced by the levelled ones (no caller sets floors of its own).
fn level_runs(
    plan: &Plan,
    g: &PlanGraph,
    shared: &Shared,
    rules: &[Rule],
    budget: u64,
    given: &Adjust,
    run: &dyn Fn(&Adjust) -> Option<Schedule>,
) -> Option<(Schedule, Found)> {
    let s0 = run(given)?;
    let none = Found {
        rule: Rule::LatestFinish,
        improved: false,
        schedules: 0,
        complete: true,
    };
    if rules.is_empty() || plan.tasks.iter().all(|t| t.assign.is_empty()) {
        return Some((s0, none));
    }
    let sh = shared.shape.get_or_init(|| shape(plan, g, s0.day0));
    let mut m = model(sh, &s0, budget);
    let done = std::cell::Cell::new(0);
    let mut found = none;
    let mut out = None;
    for _round in 0..4 {
        let Some((p, f)) = shared.search(sh, &m, &done, rules) else {
            return Some((
                s0,
                Found {
                    complete: false,
                    ..none
                },
            ));
        };
        found = f;
        let mut adjust = Adjust {
            floor: vec![None; m.n],
            ..given.clone()
        };
        for i in 0..m.n {
            if !m.free[i] {
                continue;
            }
            let prec = m
                .ins(i)
                .iter()
                .map(|&(q, o)| p.start[q as usize].saturating_add(o))
                .fold(m.lb[i], i64::max);
            if p.start[i] > prec {
                let (resource, holder) = p.waits[i].unwrap_or((usize::MAX, usize::MAX));
                adjust.floor[i] = Some((
                    p.start[i],
                    Floor::Resource {
                        resource,
                        holder: NodeIndex::new(holder),
                    },
                ));
            }
        }
        let s = run(&adjust)?;
        // Where the scheduler placed a task later than the scheme assumed,
        // place again from there.
        let mut moved = false;
        for i in 0..m.n {
            if m.free[i] && s.times[i].is_ok() && s.ticks[i].0 > p.start[i] {
                m.lb[i] = m.lb[i].max(s.ticks[i].0);
                moved = true;
            }
        }
        out = Some(s);
        if !moved {
            break;
        }
    }
    let mut s = out?;
    resource_critical(g, &m, &mut s);
    Some((s, found))
}

/// Mark as critical what sets the finish through links or through waiting
/// for a resource: a task is critical when it ends at the finish, or a
/// critical task starts as soon as it lets it (by a link, or by freeing the
/// resource it waits for).
fn resource_critical(g: &PlanGraph, m: &Model, s: &mut Schedule) {
    let n = m.n;
    let finish_t = (0..n)
        .filter(|&i| s.times[i].is_ok())
        .map(|i| s.ticks[i].1)
        .max()
        .unwrap_or(0);
    let mut crit: Vec<bool> = (0..n)
        .map(|i| s.times[i].is_ok() && s.ticks[i].1 == finish_t)
        .collect();
    // Links from a holder to the task that waits for it.
    let mut waits_on: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, w) in s.why.iter().enumerate() {
        if let Why::Floor(Floor::Resource { holder, .. }) = w
            && holder.index() < n
        {
            waits_on[holder.index()].push(i);
        }
    }
    // Latest start first (then reverse topological order): a link or a
    // wait leads to a task that starts no earlier, so one pass settles
    // nearly everything; repeat until nothing changes.
    // (start, position, node) packed in one integer in that order.
    let mut order: Vec<u128> = s
        .order
        .iter()
        .enumerate()
        .map(|(pos, ix)| {
            let es = (s.ticks[ix.index()].0 as u64) ^ (1 << 63);
            (u128::from(es) << 64) | ((pos as u128) << 32) | ix.index() as u128
        })
        .collect();
    order.sort_unstable_by(|a, b| b.cmp(a));
    for _ in 0..n.max(1) {
        let mut changed = false;
        for &x in &order {
            let i = x as u32 as usize;
            if crit[i] {
                continue;
            }
            let (es, _) = s.ticks[i];
            let by_link = g
                .graph
                .edges_directed(NodeIndex::new(i), Direction::Outgoing)
                .any(|e| {
                    let t = e.target().index();
                    crit[t] && s.times[t].is_ok() && {
                        let (kind, lag) = g.links[e.id().index()];
                        let o = offset(kind, lag, m.dur[i], s.ticks[t].1 - s.ticks[t].0);
                        s.ticks[t].0 == es + o
                    }
                });
            let by_wait = waits_on[i]
                .iter()
                .any(|&w| crit[w] && s.ticks[w].0 == s.ticks[i].1);
            if by_link || by_wait {
                crit[i] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for (t, c) in s.times.iter_mut().zip(crit) {
        if let Ok(t) = t.as_mut() {
            t.critical = c;
        }
    }
}

/// Per resource, the most it is given at once over the schedule's free and
/// running work, against its capacity: (resource, peak percent, capacity,
/// the first tick of the peak). For the `over-allocated` check and the
/// property tests.
pub fn peaks(plan: &Plan, g: &PlanGraph, s: &Schedule) -> Vec<(usize, i64, i64, i64)> {
    // Per resource, (time, change in use): one sort and one sweep each.
    let mut events: Vec<Vec<(i64, i64)>> = vec![Vec::new(); plan.resources.len()];
    for ix in g.graph.node_indices() {
        let i = ix.index();
        let NodeRef::Task(ti) = g.graph[ix] else {
            continue;
        };
        let task = &plan.tasks[ti];
        if !task.is_item()
            || s.times[i].is_err()
            || matches!(plan.status(ti), Status::Done | Status::Cancelled)
        {
            continue;
        }
        let (a, b) = s.ticks[i];
        if b > a {
            for x in &task.assign {
                events[x.resource].push((a, i64::from(x.share)));
                events[x.resource].push((b, -i64::from(x.share)));
            }
        }
    }
    events
        .into_iter()
        .enumerate()
        .map(|(r, mut ev)| {
            // Ends before starts at one time: back to back is not overlap.
            ev.sort_unstable();
            let (mut level, mut peak, mut at) = (0i64, 0i64, 0i64);
            for (t, dx) in ev {
                level += dx;
                if level > peak {
                    (peak, at) = (level, t);
                }
            }
            (r, peak, plan.resources[r].units(), at)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    /// A seeded random plan: 30 tasks on three resources (one or two each,
    /// some at half time), links to earlier tasks (some with a lag, some
    /// start-to-start), some priorities, a day off.
    fn random_plan(seed: u64) -> (Plan, PlanGraph) {
        let mut rng = rand_pcg::Pcg64::seed_from_u64(seed);
        let mut y = String::from(
            "title: Random\nstart: 2026-03-02\nresources:\n  - {id: r0, count: 2}\n  - {id: r1, holidays: [2026-03-10]}\n  - {id: r2}\nstreams:\n  - id: s\n    tasks:\n",
        );
        for i in 0..30 {
            let mut assign = vec![format!("r{}", rng.random_range(0..3))];
            if rng.random_bool(0.3) {
                assign.push(format!("{{r{}: 50%}}", rng.random_range(0..3)));
            }
            assign.dedup();
            let after: Vec<String> = (0..rng.random_range(0..3))
                .filter(|_| i > 0)
                .map(|_| {
                    let lag = ["", " +1d", " SS"][rng.random_range(0..3)];
                    format!("\"t{}{lag}\"", rng.random_range(0..i))
                })
                .collect();
            let prio = ["", ", priority: high", ", priority: low"][rng.random_range(0..3)];
            y.push_str(&format!(
                "      - {{id: t{i}, name: T{i}, duration: {}d, assign: [{}], after: [{}]{prio}}}\n",
                rng.random_range(1..6),
                assign.join(", "),
                after.join(", ")
            ));
        }
        let mut ws = crate::plan::load::load_bytes(std::path::Path::new("plan.yaml"), y.into());
        let mut diags = Vec::new();
        let plan = crate::plan::resolve::resolve(ws.plans.remove(0), &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        let plan = plan.unwrap();
        let g = PlanGraph::build(&plan);
        (plan, g)
    }

    /// Reusing a search is exact: a forecast levelled with the as-written
    /// pass's search (today before the plan's start) is the forecast
    /// levelled by a search of its own, date for date, reason for reason;
    /// and with today inside the plan the forecast is searched on its own.
    #[test]
    fn a_remembered_search_is_the_search() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d);
        let mut waits = 0;
        for seed in 0..40 {
            let (plan, g) = random_plan(seed);
            for (today, hit) in [(day(1), true), (day(11), false)] {
                let run = |remember| {
                    let shared = Shared {
                        remember,
                        ..Shared::default()
                    };
                    let out = level_passes(&plan, &g, today, &Rule::ALL, BUDGET, &shared).unwrap();
                    (out, shared.hits.get())
                };
                let ((a, fa), hits) = run(true);
                let ((b, fb), none) = run(false);
                assert_eq!((hits > 0, none), (hit, 0), "seed {seed}, {today:?}");
                assert_eq!(fa, fb, "seed {seed}");
                assert_eq!(a.ticks, b.ticks, "seed {seed}");
                assert_eq!(a.why, b.why, "seed {seed}");
                waits += a
                    .why
                    .iter()
                    .filter(|w| matches!(w, Why::Floor(Floor::Resource { .. })))
                    .count();
                let crit = |s: &Schedule| -> Vec<bool> {
                    s.times
                        .iter()
                        .map(|t| t.as_ref().is_ok_and(|t| t.critical))
                        .collect()
                };
                assert_eq!(crit(&a), crit(&b), "seed {seed}");
                let base = |s: &Schedule| s.baseline.as_ref().map(|b| b.ticks.clone());
                assert_eq!(base(&a), base(&b), "seed {seed}");
            }
        }
        assert!(waits > 100, "the plans level: {waits} waits");
    }

    /// The fits agree with a tick-by-tick search on random profiles, and
    /// the holder at a time is the first booked to end at the last end
    /// up to it.
    #[test]
    fn fits_agree_with_brute_force() {
        let mut rng = rand_pcg::Pcg64::seed_from_u64(7);
        for _ in 0..300 {
            let mut p = Profile {
                cap: rng.random_range(1..4) * 100,
                ..Profile::default()
            };
            // Where bookings end: the first node booked to end at each time.
            let mut ends = std::collections::BTreeMap::new();
            for n in 0..rng.random_range(0..12) {
                let a = rng.random_range(0..60);
                let b = a + rng.random_range(1..15);
                let u = rng.random_range(1..=p.cap / 50) * 50;
                let u = u.min(p.cap);
                if (a..b).all(|x| p.at(x) + u <= p.cap) {
                    p.add(a, b, u, n);
                    ends.entry(b).or_insert(n);
                }
            }
            for x in 0..80 {
                let last = ends.range(..=x).next_back().map(|(_, n)| *n);
                assert_eq!(p.holder(x), last, "holder at {x}");
            }
            let (t, d) = (rng.random_range(0..70), rng.random_range(1..10));
            let u = (rng.random_range(1..=p.cap / 50) * 50).min(p.cap);
            let fits = |c: i64| (c..c + d).all(|x| p.at(x) + u <= p.cap);
            let early = (t..).find(|&c| fits(c)).unwrap();
            let late = (-100..=t).rev().find(|&c| fits(c)).unwrap();
            let (c, at) = p.earliest_fit(t, d, u);
            assert_eq!((c, at), (early, p.upto(early)));
            let (c, at) = p.latest_fit(t, d, u);
            assert_eq!((c, at), (late, p.upto(late)));
        }
    }
}
