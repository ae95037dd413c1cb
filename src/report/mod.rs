//! Reports: plain data built from a plan and its schedule. Each is also
//! what `--format json` prints; the renderers in [`crate::render`] format it.

pub mod critical;
pub mod diff;
pub mod export;
pub mod forecast;
pub mod history;
pub mod list;
pub mod load;
pub mod status;
pub mod why;

use crate::plan::model::{Plan, Status};

/// Which items a report counts.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    /// Stream ids (any of them).
    pub stream: Vec<String>,
    /// Owners as written (any of them).
    pub owner: Vec<String>,
    /// Bucket ids; a bucket within one counts too.
    pub bucket: Vec<String>,
    /// Statuses (any of them).
    pub status: Vec<Status>,
    /// Tags, on the item or a group above it.
    pub tag: Vec<String>,
}

impl Filter {
    /// Does the filter keep this item? Every non-empty list must match.
    pub fn keeps(&self, plan: &Plan, item: usize) -> bool {
        let t = &plan.tasks[item];
        let any = |wanted: &[String], have: Option<&str>| {
            wanted.is_empty()
                || have.is_some_and(|h| wanted.iter().any(|w| w.eq_ignore_ascii_case(h)))
        };
        any(&self.stream, Some(&plan.streams[t.stream].id))
            && any(&self.owner, t.owner.as_deref())
            && (self.bucket.is_empty()
                || self.bucket.iter().any(|b| {
                    plan.buckets
                        .iter()
                        .position(|x| x.id == *b)
                        .is_some_and(|bi| t.bucket.is_some_and(|tb| plan.bucket_within(tb, bi)))
                }))
            && (self.status.is_empty() || self.status.contains(&plan.status(item)))
            && (self.tag.is_empty()
                || self.tag.iter().any(|w| {
                    // A tag on the item or on any group above it.
                    let mut cur = Some(item);
                    while let Some(c) = cur {
                        if plan.tasks[c].tags.iter().any(|x| x.eq_ignore_ascii_case(w)) {
                            return true;
                        }
                        cur = plan.tasks[c].parent;
                    }
                    false
                }))
    }
}

impl Filter {
    /// True when the filter keeps every item.
    pub fn is_empty(&self) -> bool {
        self.stream.is_empty()
            && self.owner.is_empty()
            && self.bucket.is_empty()
            && self.status.is_empty()
            && self.tag.is_empty()
    }
}
