//! Dynamic shell completion (clap_complete's `CompleteEnv`): item ids,
//! stream ids and owners, read from the plan in the current folder
//! (`roadmap.yaml`, else `plans/`) each time the shell asks.
//!
//! Set up once per shell (docs/edit.md):
//! `source <(COMPLETE=bash roadmap)`, `source <(COMPLETE=zsh roadmap)`,
//! `COMPLETE=fish roadmap | source`.

use clap_complete::engine::CompletionCandidate;
use std::collections::BTreeSet;

/// Values gathered from every plan that loads; none when none does.
fn gather(
    f: impl Fn(&roadmap::plan::model::Plan, &mut BTreeSet<(String, Option<String>)>),
) -> Vec<CompletionCandidate> {
    let Ok(paths) = super::default_paths() else {
        return Vec::new();
    };
    let today = chrono::Local::now().date_naive();
    let Ok(project) = roadmap::check_paths(&paths, today) else {
        return Vec::new();
    };
    let mut seen = BTreeSet::new();
    for p in project.plans.iter().filter_map(|p| p.plan.as_ref()) {
        f(p, &mut seen);
    }
    seen.into_iter()
        .map(|(v, help)| {
            let c = CompletionCandidate::new(v);
            match help {
                Some(h) => c.help(Some(roadmap::escape::terminal_text(&h).into_owned().into())),
                None => c,
            }
        })
        .collect()
}

/// Task and milestone ids, each with its name as help.
pub fn ids() -> Vec<CompletionCandidate> {
    gather(|p, out| {
        for t in &p.tasks {
            out.insert((t.id.clone(), Some(t.name.clone())));
        }
        for m in &p.milestones {
            out.insert((m.id.clone(), Some(m.name.clone())));
        }
    })
}

/// Stream ids.
pub fn streams() -> Vec<CompletionCandidate> {
    gather(|p, out| {
        for s in &p.streams {
            out.insert((s.id.clone(), Some(s.name.clone())));
        }
    })
}

/// Owners as written.
pub fn owners() -> Vec<CompletionCandidate> {
    gather(|p, out| {
        for o in p.tasks.iter().filter_map(|t| t.owner.as_ref()) {
            out.insert((o.clone(), None));
        }
    })
}
