//! The plan as a petgraph DAG of tasks and milestones.
//!
//! Nodes are every task (items and groups) and every milestone. An edge A -> B
//! means B cannot start before A finishes. Edges come from:
//! - `after` entries (a group's `after` holds for each of its children);
//! - a group finishing after each of its children;
//! - a milestone coming after its members and the tasks that count toward it.

use crate::diag::{CycleLink, Diagnostic};
use crate::plan::model::{NodeRef, Plan};
use crate::plan::span::{DepType, Span};
use crate::source::Loc;
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::{HashMap, VecDeque};

/// Why an edge exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// Written in `after`, at this place.
    After(Loc),
    /// Inherited from a parent group's `after`, written at this place.
    Inherited(Loc),
    /// A group finishes after its children.
    Child,
    /// A milestone comes after a member milestone (written here).
    Member(Loc),
    /// A milestone comes after a task that counts toward it.
    CountsToward,
}

/// The graph node of each task and milestone: tasks first, then milestones,
/// in plan order (as [`Plan::nodes`] lists them), so a node is found by its
/// position, not by hashing.
#[derive(Debug, Clone, Default)]
pub struct NodeIndexes {
    tasks: usize,
    milestones: usize,
    all: Vec<NodeIndex>,
}

impl NodeIndexes {
    /// The node of `n`; none when the plan has no such task or milestone.
    pub fn get(&self, n: &NodeRef) -> Option<&NodeIndex> {
        let i = match *n {
            NodeRef::Task(t) if t < self.tasks => t,
            NodeRef::Milestone(m) if m < self.milestones => self.tasks + m,
            _ => return None,
        };
        self.all.get(i)
    }
}

impl std::ops::Index<&NodeRef> for NodeIndexes {
    type Output = NodeIndex;

    /// The node of `n`. Panics when the plan has no such task or milestone.
    fn index(&self, n: &NodeRef) -> &NodeIndex {
        match self.get(n) {
            Some(i) => i,
            None => panic!("no graph node for {n:?}"),
        }
    }
}

/// The dependency graph of a plan, one node per task and milestone; it may
/// have cycles, which [`PlanGraph::cycles`] reports.
pub struct PlanGraph {
    /// Tasks first, then milestones, in plan order; an edge A -> B means B cannot
    /// start before A finishes.
    pub graph: DiGraph<NodeRef, EdgeKind>,
    /// The node of each task and milestone (`index[&n]`, `index.get(&n)`).
    pub index: NodeIndexes,
    /// Per edge (by edge index): its dependency type and lag.
    pub links: Vec<(DepType, Span)>,
}

impl PlanGraph {
    /// Build the graph of `plan` (edges as in the module doc); never fails.
    pub fn build(plan: &Plan) -> PlanGraph {
        let mut graph = DiGraph::with_capacity(
            plan.tasks.len() + plan.milestones.len(),
            plan.tasks.len() * 3,
        );
        let mut links: Vec<(DepType, Span)> = Vec::with_capacity(plan.tasks.len() * 3);
        let plain = (DepType::Fs, Span::ZERO);
        let mut all = Vec::with_capacity(plan.tasks.len() + plan.milestones.len());
        for n in plan.nodes() {
            all.push(graph.add_node(n));
        }
        let index = NodeIndexes {
            tasks: plan.tasks.len(),
            milestones: plan.milestones.len(),
            all,
        };
        // Nodes are added tasks first, then milestones (`Plan::nodes`): an
        // edge's ends are found by arithmetic, not by hashing.
        let tasks = plan.tasks.len();
        let ix = |n: NodeRef| match n {
            NodeRef::Task(t) => NodeIndex::new(t),
            NodeRef::Milestone(m) => NodeIndex::new(tasks + m),
        };
        debug_assert!(plan.nodes().all(|n| index.get(&n) == Some(&ix(n))));
        for (ti, t) in plan.tasks.iter().enumerate() {
            let me = ix(NodeRef::Task(ti));
            for d in &t.after {
                graph.add_edge(ix(d.target), me, EdgeKind::After(d.loc));
                links.push((d.kind, d.lag));
            }
            for d in &t.before {
                graph.add_edge(me, ix(d.target), EdgeKind::After(d.loc));
                links.push((d.kind, d.lag));
            }
            // Inherited `after`: every ancestor's dependencies hold for this task.
            let mut p = t.parent;
            while let Some(pi) = p {
                for d in &plan.tasks[pi].after {
                    graph.add_edge(ix(d.target), me, EdgeKind::Inherited(d.loc));
                    links.push((d.kind, d.lag));
                }
                p = plan.tasks[pi].parent;
            }
            if let Some(pi) = t.parent {
                graph.add_edge(me, ix(NodeRef::Task(pi)), EdgeKind::Child);
                links.push(plain);
            }
            // Only the outermost task that names the milestone needs the edge.
            if let Some(m) = t.milestone {
                let parent_same = t
                    .parent
                    .is_some_and(|pi| plan.tasks[pi].milestone == Some(m));
                if !parent_same {
                    graph.add_edge(me, ix(NodeRef::Milestone(m)), EdgeKind::CountsToward);
                    links.push(plain);
                }
            }
        }
        for (mi, m) in plan.milestones.iter().enumerate() {
            let me = ix(NodeRef::Milestone(mi));
            for d in &m.after {
                graph.add_edge(ix(d.target), me, EdgeKind::After(d.loc));
                links.push((d.kind, d.lag));
            }
            for d in &m.before {
                graph.add_edge(me, ix(d.target), EdgeKind::After(d.loc));
                links.push((d.kind, d.lag));
            }
            for mem in &m.members {
                graph.add_edge(
                    ix(NodeRef::Milestone(mem.value)),
                    me,
                    EdgeKind::Member(mem.loc),
                );
                links.push(plain);
            }
        }
        debug_assert_eq!(links.len(), graph.edge_count());
        PlanGraph {
            graph,
            index,
            links,
        }
    }

    /// One diagnostic per dependency cycle, listing every member in order.
    pub fn cycles(&self, plan: &Plan) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        // Most plans have no cycle: a topological sort tells, without the
        // components' allocations.
        if self.is_acyclic() {
            return out;
        }
        // kosaraju_scc is iterative; tarjan_scc recurses once per node in
        // petgraph 0.8 and overflows the stack on a 100,000-task chain.
        for scc in petgraph::algo::kosaraju_scc(&self.graph) {
            let self_loop = scc.len() == 1 && self.graph.contains_edge(scc[0], scc[0]);
            if scc.len() < 2 && !self_loop {
                continue;
            }
            let start = *scc
                .iter()
                .min_by_key(|n| plan.node_loc(self.graph[**n]).line)
                .unwrap_or(&scc[0]);
            let cycle = self.find_cycle(start, &scc);
            out.push(self.cycle_diagnostic(plan, &cycle));
        }
        out
    }

    /// Whether the graph has no cycle (Kahn's topological sort: every node
    /// is taken once its predecessors are; no recursion).
    pub fn is_acyclic(&self) -> bool {
        use petgraph::visit::EdgeRef;
        let n = self.graph.node_count();
        let mut waiting = vec![0u32; n];
        for e in self.graph.edge_references() {
            waiting[e.target().index()] += 1;
        }
        let mut ready: Vec<NodeIndex> = (0..n)
            .filter(|&i| waiting[i] == 0)
            .map(NodeIndex::new)
            .collect();
        let mut taken = 0;
        while let Some(node) = ready.pop() {
            taken += 1;
            for next in self.graph.neighbors(node) {
                let w = &mut waiting[next.index()];
                *w -= 1;
                if *w == 0 {
                    ready.push(next);
                }
            }
        }
        taken == n
    }

    /// A shortest cycle through `start` inside one strongly connected component
    /// (breadth-first, no recursion).
    fn find_cycle(&self, start: NodeIndex, scc: &[NodeIndex]) -> Vec<(NodeIndex, EdgeKind)> {
        let members: std::collections::HashSet<NodeIndex> = scc.iter().copied().collect();
        let mut prev: HashMap<NodeIndex, (NodeIndex, EdgeKind)> = HashMap::new();
        let mut queue = VecDeque::from([start]);
        while let Some(n) = queue.pop_front() {
            for e in self.graph.edges(n) {
                use petgraph::visit::EdgeRef;
                let to = e.target();
                if !members.contains(&to) {
                    continue;
                }
                if to == start {
                    // Walk back from n to start.
                    let mut path = vec![(n, *e.weight())];
                    let mut cur = n;
                    while cur != start {
                        let (p, k) = prev[&cur];
                        path.push((p, k));
                        cur = p;
                    }
                    path.reverse();
                    // path[i] = (node, edge from node to the next one)
                    return path;
                }
                if let std::collections::hash_map::Entry::Vacant(v) = prev.entry(to) {
                    v.insert((n, *e.weight()));
                    queue.push_back(to);
                }
            }
        }
        vec![(start, EdgeKind::Child)]
    }

    fn cycle_diagnostic(&self, plan: &Plan, cycle: &[(NodeIndex, EdgeKind)]) -> Diagnostic {
        let ids: Vec<&str> = cycle
            .iter()
            .map(|(n, _)| plan.node_id(self.graph[*n]))
            .collect();
        let first = self.graph[cycle[0].0];
        let links: Vec<(Loc, CycleLink<'_>)> = cycle
            .iter()
            .enumerate()
            .map(|(i, (n, kind))| {
                let next = plan.node_id(self.graph[cycle[(i + 1) % cycle.len()].0]);
                let here = plan.node_id(self.graph[*n]);
                match kind {
                    EdgeKind::After(l) => (*l, CycleLink::After { here, next }),
                    EdgeKind::Inherited(l) => (*l, CycleLink::Inherited { here, next }),
                    EdgeKind::Member(l) => (*l, CycleLink::Member { here, next }),
                    EdgeKind::Child => (
                        plan.node_loc(self.graph[*n]),
                        CycleLink::Child { here, next },
                    ),
                    EdgeKind::CountsToward => (
                        plan.node_loc(self.graph[*n]),
                        CycleLink::CountsToward { here, next },
                    ),
                }
            })
            .collect();
        Diagnostic::dependency_cycle(plan.node_loc(first), &ids, &links)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn graph_of(nodes: usize, edges: &[(usize, usize)]) -> PlanGraph {
        let mut graph = DiGraph::new();
        for i in 0..nodes {
            graph.add_node(NodeRef::Task(i));
        }
        for &(a, b) in edges {
            graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), EdgeKind::Child);
        }
        PlanGraph {
            graph,
            index: NodeIndexes::default(),
            links: Vec::new(),
        }
    }

    #[test]
    fn self_loops_and_parallel_edges() {
        assert!(graph_of(2, &[(0, 1), (0, 1)]).is_acyclic());
        assert!(!graph_of(2, &[(0, 1), (1, 1)]).is_acyclic());
        assert!(!graph_of(3, &[(0, 1), (1, 2), (2, 0)]).is_acyclic());
        assert!(graph_of(0, &[]).is_acyclic());
    }

    proptest! {
        /// The topological sort agrees with petgraph on every graph.
        #[test]
        fn acyclic_as_petgraph_says(
            nodes in 1usize..12,
            edges in proptest::collection::vec((0usize..12, 0usize..12), 0..30),
        ) {
            let edges: Vec<(usize, usize)> =
                edges.into_iter().map(|(a, b)| (a % nodes, b % nodes)).collect();
            let g = graph_of(nodes, &edges);
            prop_assert_eq!(
                g.is_acyclic(),
                !petgraph::algo::is_cyclic_directed(&g.graph),
                "{:?}",
                edges
            );
        }
    }
}
