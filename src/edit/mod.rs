//! Changing a plan from the command line (`set`, `start`, `done`) without
//! losing a byte of what people wrote.
//!
//! An edit is spliced into the file's text at the spans the loader already
//! keeps for every value ([`crate::plan::raw::S`]): a value present is
//! replaced in its own quoting; a key absent is added in the style of its
//! item (`, key: value` before a flow mapping's `}`, or a new line at the
//! block mapping's indentation). Every other byte (comments, blank lines,
//! key order, CRLF, the BOM) is left as it was. The edited text is then
//! parsed, resolved, scheduled and checked like any plan, and the edit is
//! refused, nothing written, when it adds an error or does not read back as
//! exactly the value asked for. docs/edit.md is the user's guide.

pub mod splice;

use crate::diag::{Diagnostic, did_you_mean};
use crate::plan::load::{self, LoadError, Workspace};
use crate::plan::lookup::{self, find};
use crate::plan::model::Status;
use crate::plan::raw::{RawFile, RawMilestone, RawTask, S};
use crate::plan::resolve::{sibling_ids, top_level_ids};
use crate::project::{self, Project};
use crate::source::{FileId, Loc, Sources};
use chrono::NaiveDate;
use splice::{Quote, Splice};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What kind of value a key takes: checked before anything is spliced, so
/// a value of the wrong type is refused with the list of what fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `todo`, `in-progress`, `done`, `blocked`, `cancelled`.
    Status,
    /// Any text (an owner, a priority).
    Text,
    /// A calendar date, `2026-03-01`.
    Date,
    /// A date or a date expression the loader reads (`2026-03-01`, `M4-W2`).
    DateExpr,
    /// A duration (`3d`, `2w`): the loader checks it.
    Duration,
    /// A whole percent, 0 to 100.
    Percent,
    /// A comma-separated list of tags (`a,b`; empty for none).
    Tags,
    /// A comma-separated list of ids (`after`): the check resolves them.
    Ids,
    /// A whole number (a declared `total`).
    Count,
}

/// Where a key's value is in the raw YAML of an item.
pub enum Found<'a> {
    /// A scalar value, or none written.
    Scalar(Option<&'a S<String>>),
    /// A list (empty when none is written, or `[]`).
    List(&'a [S<String>]),
    /// A whole number, or none written.
    Count(Option<&'a S<u64>>),
}

/// A key `set` can change. Adding a key is one entry in [`KEYS`].
pub struct Key {
    /// The name on the command line.
    pub name: &'static str,
    /// The key in the YAML file.
    pub yaml: &'static str,
    /// The value it takes.
    pub kind: Kind,
    /// Its value on a task, as the loader read it.
    pub task: fn(&RawTask) -> Found<'_>,
    /// Its value on a milestone; none when milestones do not have it.
    pub milestone: Option<fn(&RawMilestone) -> Found<'_>>,
}

/// Every key `set` knows.
pub const KEYS: &[Key] = &[
    Key {
        name: "status",
        yaml: "status",
        kind: Kind::Status,
        task: |t| Found::Scalar(t.status.as_ref()),
        milestone: Some(|m| Found::Scalar(m.status.as_ref())),
    },
    Key {
        name: "owner",
        yaml: "owner",
        kind: Kind::Text,
        task: |t| Found::Scalar(t.owner.as_ref()),
        milestone: Some(|m| Found::Scalar(m.owner.as_ref())),
    },
    Key {
        name: "priority",
        yaml: "priority",
        kind: Kind::Text,
        task: |t| Found::Scalar(t.priority.as_ref()),
        milestone: None,
    },
    Key {
        name: "tags",
        yaml: "tags",
        kind: Kind::Tags,
        task: |t| Found::List(&t.tags),
        milestone: Some(|m| Found::List(&m.tags)),
    },
    Key {
        name: "after",
        yaml: "after",
        kind: Kind::Ids,
        task: |t| Found::List(&t.after),
        milestone: Some(|m| Found::List(&m.after)),
    },
    Key {
        name: "total",
        yaml: "total",
        kind: Kind::Count,
        task: |t| Found::Count(t.total.as_ref()),
        milestone: Some(|m| Found::Count(m.total.as_ref())),
    },
    Key {
        name: "due",
        yaml: "due",
        kind: Kind::DateExpr,
        task: |t| Found::Scalar(t.due.as_ref()),
        milestone: None,
    },
    Key {
        name: "estimate",
        yaml: "duration",
        kind: Kind::Duration,
        task: |t| Found::Scalar(t.duration.as_ref()),
        milestone: Some(|m| Found::Scalar(m.duration.as_ref())),
    },
    Key {
        name: "duration",
        yaml: "duration",
        kind: Kind::Duration,
        task: |t| Found::Scalar(t.duration.as_ref()),
        milestone: Some(|m| Found::Scalar(m.duration.as_ref())),
    },
    Key {
        name: "not-before",
        yaml: "not_before",
        kind: Kind::DateExpr,
        task: |t| Found::Scalar(t.not_before.as_ref()),
        milestone: Some(|m| Found::Scalar(m.not_before.as_ref())),
    },
    Key {
        name: "progress",
        yaml: "progress",
        kind: Kind::Percent,
        task: |t| Found::Scalar(t.progress.as_ref()),
        milestone: None,
    },
    Key {
        name: "remaining",
        yaml: "remaining",
        kind: Kind::Duration,
        task: |t| Found::Scalar(t.remaining.as_ref()),
        milestone: None,
    },
    Key {
        name: "started",
        yaml: "started",
        kind: Kind::Date,
        task: |t| Found::Scalar(t.started.as_ref()),
        milestone: Some(|m| Found::Scalar(m.started.as_ref())),
    },
    Key {
        name: "finished",
        yaml: "finished",
        kind: Kind::Date,
        task: |t| Found::Scalar(t.finished.as_ref()),
        milestone: Some(|m| Found::Scalar(m.finished.as_ref())),
    },
];

/// The key named `name` on the command line.
pub fn key(name: &str) -> Option<&'static Key> {
    KEYS.iter().find(|k| k.name == name)
}

/// A new value, as it will be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// One scalar, as text (`done`, `2026-03-01`, `3d`).
    Scalar(String),
    /// A list (`tags`, `after`): the items, empty ones dropped.
    List(Vec<String>),
}

/// One change asked for: set `key` of item `id` to `value`.
pub struct Change {
    /// The id of the task or milestone to change.
    pub id: String,
    /// The key to set.
    pub key: &'static Key,
    /// Its new value, checked against the key's type.
    pub value: Value,
}

impl Change {
    /// Parse `KEY=VALUE` for item `id`: an unknown key or a value of the
    /// wrong type is refused here, with what would fit.
    pub fn parse(id: &str, assignment: &str) -> Result<Change, EditError> {
        let Some((k, v)) = assignment.split_once('=') else {
            return Err(EditError::Usage(format!(
                "`{assignment}`: a change is KEY=VALUE, e.g. status=done"
            )));
        };
        let k = k.trim();
        let Some(key) = key(k) else {
            let all: Vec<&str> = KEYS.iter().map(|k| k.name).collect();
            let hint = crate::diag::key_alias(k, &all)
                .map(|(b, _)| b)
                .or_else(|| did_you_mean(k, all.iter().copied()))
                .map(|b| format!(" (did you mean `{b}`?)"))
                .unwrap_or_default();
            return Err(EditError::Usage(format!(
                "`{k}` is not a key `set` can change{hint}; the keys are: {}",
                all.join(", ")
            )));
        };
        let v = v.trim();
        let wrong = |what: &str| Err(EditError::WrongType(format!("{k}={v}: {k} takes {what}")));
        let value = match key.kind {
            Kind::Status => match Status::parse(&v.to_ascii_lowercase()) {
                Some(s) => Value::Scalar(s.as_str().to_string()),
                None => return wrong("one of todo, in-progress, done, blocked, cancelled"),
            },
            Kind::Date => match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
                Ok(d) => Value::Scalar(d.format("%Y-%m-%d").to_string()),
                Err(_) => return wrong("a date like 2026-03-01"),
            },
            Kind::Percent => match v.trim_end_matches('%').parse::<u8>() {
                Ok(p) if p <= 100 => Value::Scalar(p.to_string()),
                _ => return wrong("a whole percent from 0 to 100"),
            },
            Kind::Count => match v.parse::<u64>() {
                Ok(n) => Value::Scalar(n.to_string()),
                Err(_) => return wrong("a whole number"),
            },
            Kind::Tags | Kind::Ids => Value::List(
                v.split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(String::from)
                    .collect(),
            ),
            Kind::Text | Kind::DateExpr | Kind::Duration if v.is_empty() => {
                return wrong("a value (it cannot be empty)");
            }
            Kind::Text | Kind::DateExpr | Kind::Duration => Value::Scalar(v.to_string()),
        };
        Ok(Change {
            id: id.trim().to_string(),
            key,
            value,
        })
    }
}

/// Why an edit was not made. Nothing is written in any case.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// The command line asked for something malformed.
    #[error("{0}")]
    Usage(String),
    /// A value of the wrong type for its key.
    #[error("{0}")]
    WrongType(String),
    /// The plans could not be read.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// No item has this id.
    #[error("no task or milestone has the id `{id}`{}", hint.as_ref().map(|h| format!(" (did you mean `{h}`?)")).unwrap_or_default())]
    UnknownId {
        /// The id asked for.
        id: String,
        /// The nearest known id, if one is close.
        hint: Option<String>,
    },
    /// The id given is the start (or name) of several items' ids.
    #[error("`{id}` matches {} ids: {}; give more of the one you mean", ids.len(), ids.iter().take(10).map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", "))]
    Matches {
        /// The id asked for.
        id: String,
        /// The ids it matches, sorted.
        ids: Vec<String>,
    },
    /// The id is written in more than one place: which one is meant?
    #[error("`{id}` is defined in {} places: {}; give the plan file, or fix the duplicate first", places.len(), places.join(", "))]
    Ambiguous {
        /// The id asked for.
        id: String,
        /// Where it is written (`file:line:column`).
        places: Vec<String>,
    },
    /// The key is not one this kind of item has.
    #[error("`{id}` is a milestone: milestones have no `{key}`")]
    NotOnMilestone {
        /// The milestone's id.
        id: String,
        /// The key only tasks have.
        key: &'static str,
    },
    /// The value could not be spliced in place (a block scalar, say).
    #[error("{0}")]
    Unplaceable(String),
    /// The plan has errors, or the edit would add some: nothing written.
    #[error("{}", if *before { "the plan has errors: fix them first (`roadmap check`)" } else { "the edit would add an error to the plan: nothing written" })]
    Refused {
        /// Whether the errors were there before the edit.
        before: bool,
        /// The files as they would read after the edit (for showing the diagnostics).
        sources: Box<Sources>,
        /// The errors.
        diagnostics: Vec<Diagnostic>,
    },
    /// The file may not be written.
    #[error("{0}: the file is read-only: nothing written")]
    ReadOnly(String),
    /// Writing failed.
    #[error(transparent)]
    Write(#[from] crate::write::WriteError),
    /// Reading a file again failed.
    #[error("cannot read {0}: {1}")]
    Io(String, std::io::Error),
}

/// One file an edit changes: its path, and its bytes before and after.
#[derive(Debug, Clone)]
pub struct FileChange {
    /// The file's path, to write to.
    pub path: PathBuf,
    /// The path as shown to users.
    pub shown: String,
    /// Its bytes before the edit.
    pub before: Vec<u8>,
    /// Its bytes after the edit.
    pub after: Vec<u8>,
}

/// The edits, ready to write: the files they change and the checked plan
/// after them.
pub struct Prepared {
    /// The files that change, each once.
    pub files: Vec<FileChange>,
    /// The plans as they read after the edit.
    pub project: Project,
    /// Each change's item by its id, in the order of the changes (a name
    /// or the start of an id given for it is resolved here).
    pub ids: Vec<String>,
}

/// An item as written in a raw file.
#[derive(Clone, Copy)]
enum RawNode<'a> {
    Task(&'a RawTask),
    Milestone(&'a RawMilestone),
}

/// Where one id is written: its file and its item.
struct Place<'a> {
    file: FileId,
    node: RawNode<'a>,
}

/// Every task and milestone of every plan by id, as written.
fn index(ws: &Workspace) -> HashMap<String, Vec<Place<'_>>> {
    let mut ids: HashMap<String, Vec<Place<'_>>> = HashMap::new();
    for plan in &ws.plans {
        for (fid, raw) in &plan.files {
            walk(raw, |id, node| {
                ids.entry(id).or_default().push(Place { file: *fid, node })
            });
        }
    }
    ids
}

/// Call `f` with the id of every task and milestone of a file (derived ids
/// as the resolver derives them).
fn walk<'a>(raw: &'a RawFile, mut f: impl FnMut(String, RawNode<'a>)) {
    for m in &raw.milestones {
        f(m.id.value.trim().to_string(), RawNode::Milestone(m));
    }
    let mut stack: Vec<(&RawTask, Option<String>)> = Vec::new();
    for s in &raw.streams {
        let derived = sibling_ids(s.id.value.trim(), &s.tasks);
        stack.extend(s.tasks.iter().zip(derived));
    }
    stack.extend(raw.tasks.iter().zip(top_level_ids(&raw.tasks)));
    while let Some((t, derived)) = stack.pop() {
        let id = match &t.id {
            Some(i) => i.value.trim().to_string(),
            None => derived.unwrap_or_default(),
        };
        stack.extend(t.tasks.iter().zip(sibling_ids(&id, &t.tasks)));
        f(id, RawNode::Task(t));
    }
}

/// Look `query` up among the ids and names of the index
/// ([`crate::plan::lookup::find`]).
fn find_place<'a>(ids: &'a HashMap<String, Vec<Place<'_>>>, query: &str) -> lookup::Found<'a> {
    let items: Vec<(&str, &str)> = ids
        .iter()
        .flat_map(|(id, places)| {
            places.iter().map(move |p| {
                let name = match p.node {
                    RawNode::Task(t) => t.name.value.as_str(),
                    RawNode::Milestone(m) => m.name.as_ref().map_or("", |n| n.value.as_str()),
                };
                (id.as_str(), name)
            })
        })
        .collect();
    find(query, &items)
}

fn found<'a>(node: RawNode<'a>, key: &'static Key, id: &str) -> Result<Found<'a>, EditError> {
    match node {
        RawNode::Task(t) => Ok((key.task)(t)),
        RawNode::Milestone(m) => match key.milestone {
            Some(f) => Ok(f(m)),
            None => Err(EditError::NotOnMilestone {
                id: id.to_string(),
                key: key.name,
            }),
        },
    }
}

/// The values that can anchor a new key: the item's `id` and `name`.
fn anchors(node: RawNode<'_>) -> Vec<(&'static str, &S<String>)> {
    match node {
        RawNode::Task(t) => {
            t.id.as_ref()
                .map(|i| ("id", i))
                .into_iter()
                .chain([("name", &t.name)])
                .collect()
        }
        RawNode::Milestone(m) => [("id", &m.id)]
            .into_iter()
            .chain(m.name.as_ref().map(|n| ("name", n)))
            .collect(),
    }
}

fn span(s: &S<String>) -> Option<(usize, usize)> {
    (s.referenced.offset != u32::MAX)
        .then_some((s.referenced.offset as usize, s.referenced.len as usize))
}

/// The splice that makes `change` in `text`, given where the item is.
fn splice_for(text: &str, node: RawNode<'_>, change: &Change) -> Result<Splice, EditError> {
    let cannot = |why: &str| {
        EditError::Unplaceable(format!(
            "{} {}: {why}; edit it by hand",
            change.id, change.key.name
        ))
    };
    let (found, new) = (found(node, change.key, &change.id)?, &change.value);
    match (found, new) {
        (Found::Count(Some(old)), Value::Scalar(v)) => {
            let at = old.referenced.offset as usize;
            if old.referenced.offset == u32::MAX
                || splice::key_start(text, at, change.key.yaml).is_none()
            {
                return Err(cannot("its value is not written on its key's line"));
            }
            Ok(Splice {
                at,
                remove: old.referenced.len as usize,
                insert: v.clone(),
            })
        }
        (Found::Count(None), Value::Scalar(v)) => add(text, node, change, v),
        (Found::Scalar(Some(old)), Value::Scalar(v)) => {
            let (at, len) = span(old).ok_or_else(|| cannot("its value has no position"))?;
            if splice::key_start(text, at, change.key.yaml).is_none() {
                return Err(cannot("its value is not written on its key's line"));
            }
            Ok(Splice {
                at,
                remove: len,
                insert: splice::scalar(v, Quote::of(text, at)),
            })
        }
        (Found::List(old), Value::List(v)) if !old.is_empty() => {
            let (first, _) = span(&old[0]).ok_or_else(|| cannot("no position"))?;
            let (last, last_len) =
                span(&old[old.len() - 1]).ok_or_else(|| cannot("no position"))?;
            let quote = Quote::of(text, first);
            let open = text[..first].trim_end();
            if open.ends_with(['[', ',']) {
                // A flow list: from its `[` to its `]`.
                let start = text[..first].rfind('[').ok_or_else(|| cannot("no `[`"))?;
                let close = text[last + last_len..]
                    .find(']')
                    .map(|i| last + last_len + i)
                    .ok_or_else(|| cannot("no `]`"))?;
                Ok(Splice {
                    at: start,
                    remove: close + 1 - start,
                    insert: splice::flow_list(v, quote),
                })
            } else if open.ends_with('-') && !v.is_empty() {
                // A block list: one `- tag` line each, as the first is written.
                let ls = text[..first].rfind('\n').map_or(0, |i| i + 1);
                let prefix = &text[ls..first];
                let sep = format!("{}{prefix}", splice::line_ending(text));
                let items: Vec<String> = v.iter().map(|t| splice::scalar(t, quote)).collect();
                Ok(Splice {
                    at: first,
                    remove: last + last_len - first,
                    insert: items.join(&sep),
                })
            } else {
                Err(cannot(
                    "the list is written in a way this tool does not rewrite",
                ))
            }
        }
        (Found::List(_), Value::List(v)) => {
            // None written, or `[]`: a `tags:` already there cannot be told
            // from none by the loader's values; look for the key itself.
            if let Some((at, len)) = empty_list_at(text, node, change.key.yaml) {
                return Ok(Splice {
                    at,
                    remove: len,
                    insert: splice::flow_list(v, Quote::Plain),
                });
            }
            add(text, node, change, &splice::flow_list(v, Quote::Plain))
        }
        (Found::Scalar(None), Value::Scalar(v)) => {
            add(text, node, change, &splice::scalar(v, Quote::Plain))
        }
        _ => Err(cannot("the value is not of the key's kind")),
    }
}

/// Add the key to the item, anchored on its id or name.
fn add(text: &str, node: RawNode<'_>, change: &Change, value: &str) -> Result<Splice, EditError> {
    for (k, v) in anchors(node) {
        if let Some((at, len)) = span(v)
            && let Some(s) = splice::add_key(text, k, at, len, change.key.yaml, value)
        {
            return Ok(s);
        }
    }
    Err(EditError::Unplaceable(format!(
        "{}: cannot add `{}` to this item (its id and name are not on their keys' lines); edit it by hand",
        change.id, change.key.yaml
    )))
}

/// An empty flow list `key: []` written in the item (the loader's value is
/// an empty list either way): its span.
fn empty_list_at(text: &str, node: RawNode<'_>, key: &str) -> Option<(usize, usize)> {
    let (k, anchor) = anchors(node).into_iter().next()?;
    let (at, _) = span(anchor)?;
    let ks = splice::key_start(text, at, k)?;
    let flow = splice::in_flow(text, ks);
    // The item's extent: its flow mapping, or the lines at its indentation.
    let (from, to) = if flow {
        let open = text[..ks].rfind('{')?;
        (open, splice::flow_close(text, at)?)
    } else {
        let ls = text[..ks].rfind('\n').map_or(0, |i| i + 1);
        let indent = ks - ls;
        let mut start = ls;
        // Back to the line of the item's `- `.
        while !text[start..ks].trim_start().starts_with('-') && start > 0 {
            let prev = text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
            let line = &text[prev..start - 1];
            if line.trim().is_empty() || line.len() - line.trim_start().len() < indent {
                break;
            }
            start = prev;
        }
        let mut end = ks;
        loop {
            let next = text[end..].find('\n').map(|i| end + i + 1);
            let Some(n) = next else {
                end = text.len();
                break;
            };
            let line = &text[n..text[n..].find('\n').map_or(text.len(), |i| n + i)];
            let ind = line.len() - line.trim_start().len();
            if !line.trim().is_empty() && !line.trim_start().starts_with('#') && ind < indent {
                end = n;
                break;
            }
            end = n;
            if n >= text.len() {
                break;
            }
        }
        (start, end)
    };
    let region = &text[from..to];
    let mut search = 0;
    while let Some(i) = region[search..].find(key) {
        let at = from + search + i;
        search += i + key.len();
        let rest = &text[at + key.len()..to];
        let before = text[..at].trim_end_matches([' ', '\t']);
        let on_key = before.ends_with(['\n', '{', ',', '-']) || before.is_empty();
        let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
        let on_key = on_key && (flow || column == ks - text[..ks].rfind('\n').map_or(0, |i| i + 1));
        let Some(after_colon) = rest.trim_start_matches([' ', '\t']).strip_prefix(':') else {
            continue;
        };
        if !on_key {
            continue;
        }
        let v = after_colon.trim_start_matches([' ', '\t']);
        if v.starts_with("[]") {
            let vat = to - rest.len() + (rest.len() - v.len());
            return Some((vat, 2));
        }
    }
    None
}

/// Prepare `changes` to the plans at `paths`: locate each item, splice each
/// value, check the edited plans as of `as_of`. Nothing is written.
pub fn prepare(
    paths: &[PathBuf],
    changes: &[Change],
    as_of: NaiveDate,
) -> Result<Prepared, EditError> {
    let ws = load::load_paths(paths)?;
    let errors: Vec<Diagnostic> = ws
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    if !errors.is_empty() || ws.plans.iter().any(|p| !p.complete) {
        return Err(EditError::Refused {
            before: true,
            sources: Box::new(ws.sources),
            diagnostics: errors,
        });
    }
    let mut splices: HashMap<FileId, Vec<Splice>> = HashMap::new();
    // Each change's item by its id as written in the plan.
    let mut canon: Vec<String> = Vec::with_capacity(changes.len());
    {
        let ids = index(&ws);
        for c in changes {
            let places = match ids.get(&c.id) {
                Some(p) => {
                    canon.push(c.id.clone());
                    p
                }
                // A name, an id in another case or the start of one.
                None => match find_place(&ids, &c.id) {
                    lookup::Found::One(id) => {
                        canon.push(id.to_string());
                        &ids[id]
                    }
                    lookup::Found::Many(m) => {
                        return Err(EditError::Matches {
                            id: c.id.clone(),
                            ids: m.into_iter().map(String::from).collect(),
                        });
                    }
                    lookup::Found::None => {
                        return Err(EditError::UnknownId {
                            id: c.id.clone(),
                            hint: did_you_mean(&c.id, ids.keys().map(String::as_str))
                                .map(String::from),
                        });
                    }
                },
            };
            if places.len() > 1 {
                return Err(EditError::Ambiguous {
                    id: c.id.clone(),
                    places: places.iter().map(|p| place_name(&ws.sources, p)).collect(),
                });
            }
            let p = &places[0];
            let text = &ws.sources.get(p.file).text;
            splices
                .entry(p.file)
                .or_default()
                .push(splice_for(text, p.node, c)?);
        }
    }
    let mut ws = ws;
    let mut files = Vec::new();
    let mut touched: Vec<FileId> = splices.keys().copied().collect();
    touched.sort();
    for fid in touched {
        let text = &ws.sources.get(fid).text;
        let new = splice::apply(text, &splices[&fid]).ok_or_else(|| {
            EditError::Usage("two changes overlap in one value: give each key once per item".into())
        })?;
        let path = ws.sources.path(fid).to_path_buf();
        let before = std::fs::read(&path).map_err(|e| EditError::Io(ws.sources.display(fid), e))?;
        let bom: &[u8] = if before.starts_with(&[0xEF, 0xBB, 0xBF]) {
            &[0xEF, 0xBB, 0xBF]
        } else {
            &[]
        };
        let mut after = bom.to_vec();
        after.extend_from_slice(new.as_bytes());
        if let Err(d) = ws.replace_text(fid, new) {
            return Err(EditError::Refused {
                before: false,
                sources: Box::new(ws.sources),
                diagnostics: vec![*d],
            });
        }
        files.push(FileChange {
            shown: ws.sources.display(fid),
            path,
            before,
            after,
        });
    }
    // Each value reads back as exactly what was asked for.
    {
        let ids = index(&ws);
        for (c, id) in changes.iter().zip(&canon) {
            let Some([p]) = ids.get(id).map(Vec::as_slice) else {
                return Err(EditError::Unplaceable(format!(
                    "{}: the item is no longer found after the edit; nothing written",
                    c.id
                )));
            };
            let got = match found(p.node, c.key, id)? {
                Found::Scalar(s) => s.map(|s| Value::Scalar(s.value.trim().to_string())),
                Found::List(l) => Some(Value::List(
                    l.iter().map(|s| s.value.trim().to_string()).collect(),
                )),
                Found::Count(n) => n.map(|n| Value::Scalar(n.value.to_string())),
            };
            // A key the loader does not read has no value to compare: the
            // check below refuses it as an unknown key.
            if got.is_some() && got.as_ref() != Some(&c.value) {
                return Err(EditError::Unplaceable(format!(
                    "{} {}: the edited file does not read back as {:?}; nothing written",
                    c.id, c.key.name, c.value
                )));
            }
        }
    }
    let project = project::check_workspace(ws, as_of);
    let after_errors: Vec<&Diagnostic> = project
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    if !after_errors.is_empty() {
        // Only errors the edit adds stop it: compare with the plans as they are.
        let before = crate::check_paths(paths, as_of)?;
        let mut had: HashMap<(crate::diag::Code, &str), usize> = HashMap::new();
        for d in before.diagnostics.iter().filter(|d| d.is_error()) {
            *had.entry((d.code, d.message.as_str())).or_default() += 1;
        }
        let mut new = Vec::new();
        for d in after_errors {
            match had.get_mut(&(d.code, d.message.as_str())) {
                Some(n) if *n > 0 => *n -= 1,
                _ => new.push(d.clone()),
            }
        }
        if !new.is_empty() {
            let Project { sources, .. } = project;
            return Err(EditError::Refused {
                before: false,
                sources: Box::new(sources),
                diagnostics: new,
            });
        }
    }
    Ok(Prepared {
        files,
        project,
        ids: canon,
    })
}

fn place_name(sources: &Sources, p: &Place<'_>) -> String {
    let s = match p.node {
        RawNode::Task(t) => t.id.as_ref().unwrap_or(&t.name),
        RawNode::Milestone(m) => &m.id,
    };
    let loc: Loc = s.referenced.loc(p.file);
    format!("{}:{}:{}", sources.display(p.file), loc.line, loc.column)
}

/// Write the edited files: each atomically (a temporary file renamed over
/// it), keeping its permissions. A read-only file (by its mode, which holds
/// for every user, root too) is refused before anything is written.
pub fn write(files: &[FileChange]) -> Result<(), EditError> {
    for f in files {
        let meta = std::fs::metadata(&f.path).map_err(|e| EditError::Io(f.shown.clone(), e))?;
        if meta.permissions().readonly() {
            return Err(EditError::ReadOnly(f.shown.clone()));
        }
    }
    for f in files {
        let target = real_path(&f.path);
        let perms = std::fs::metadata(&target)
            .map_err(|e| EditError::Io(f.shown.clone(), e))?
            .permissions();
        crate::write::write_atomic(&target, true, |w| w.write_all(&f.after))?;
        std::fs::set_permissions(&target, perms).map_err(|e| EditError::Io(f.shown.clone(), e))?;
    }
    Ok(())
}

/// The file a path names, through symbolic links, so that the link stays.
fn real_path(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}
