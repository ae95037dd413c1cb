//! Finding a task, milestone, stream or bucket by what a person types: its
//! id, its id in another case, its name, or the start of its id. Every
//! command that takes an id asks here, so they all read it the same way.

use crate::plan::model::{NodeRef, Plan};

/// What a typed id names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found<'a> {
    /// One thing: its id.
    One(&'a str),
    /// Several things match equally well: their ids, sorted.
    Many(Vec<&'a str>),
    /// Nothing.
    None,
}

/// A rule of [`find`]: does `(id, name)` match?
type Rule<'r> = dyn Fn(&str, &str) -> bool + 'r;

/// Find `query` among `(id, name)` pairs. The first rule that matches
/// anything decides: the id exactly; the id in any case; the name in any
/// case; the start of the id, or of its last part after a `/`, in any case.
/// Several matches under the deciding rule are [`Found::Many`].
pub fn find<'a>(query: &str, items: &[(&'a str, &'a str)]) -> Found<'a> {
    let q = query.trim();
    if q.is_empty() {
        return Found::None;
    }
    let lower = q.to_lowercase();
    let starts = |id: &str| {
        let id = id.to_lowercase();
        id.starts_with(&lower) || id.rsplit('/').next().is_some_and(|t| t.starts_with(&lower))
    };
    let rules: [&Rule<'_>; 4] = [
        &|id, _| id == q,
        &|id, _| id.to_lowercase() == lower,
        &|_, name| name.trim().to_lowercase() == lower,
        &|id, _| starts(id),
    ];
    for rule in rules {
        let mut hits: Vec<&'a str> = items
            .iter()
            .filter(|(id, name)| rule(id, name))
            .map(|(id, _)| *id)
            .collect();
        hits.sort_unstable();
        hits.dedup();
        match hits.len() {
            0 => continue,
            1 => return Found::One(hits[0]),
            _ => return Found::Many(hits),
        }
    }
    Found::None
}

/// Why a typed id names no one thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    /// It names nothing.
    None,
    /// It names several things: their ids, sorted.
    Many(Vec<String>),
}

/// Find a task or milestone of `plan` (see [`find`]).
pub fn find_node(plan: &Plan, query: &str) -> Result<NodeRef, Miss> {
    // The exact id first, without a scan.
    if let Some(&n) = plan.ids.get(query.trim()) {
        return Ok(n);
    }
    let items: Vec<(&str, &str)> = plan
        .nodes()
        .map(|n| (plan.node_id(n), plan.node_name(n)))
        .collect();
    match find(query, &items) {
        Found::One(id) => Ok(plan.ids[id]),
        Found::Many(ids) => Err(Miss::Many(ids.into_iter().map(str::to_string).collect())),
        Found::None => Err(Miss::None),
    }
}
