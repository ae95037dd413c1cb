//! Tracker exports (GitHub Projects, Jira, Linear) as CSV: one row per task,
//! columns recognised by their usual header names ([`Field::of_header`]),
//! `--map COLUMN=FIELD` to override.

use super::cells::{self, Field};
use super::markdown::{push_task, task_at};
use super::{Bucket, Milestone, Options, Roadmap, Task};
use std::collections::HashMap;

/// Why a CSV export could not be read at all. `Display` gives the message
/// without the line; [`CsvError::line`] gives the line (1-based).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    /// No column is recognised as the task's name (nor mapped to it).
    #[error("no column names the task: found {found}; say which with --map COLUMN=name")]
    NoNameColumn {
        /// The header's columns, joined with `, `.
        found: String,
    },
    /// The CSV reader refused the text (say, a quote left open).
    #[error("{message}")]
    Malformed {
        /// The line it refused (1-based; 1 for the header).
        line: usize,
        /// The CSV reader's message.
        message: String,
    },
}

impl CsvError {
    /// The line the error is on (1-based).
    pub fn line(&self) -> usize {
        match self {
            CsvError::NoNameColumn { .. } => 1,
            CsvError::Malformed { line, .. } => *line,
        }
    }
}

/// Read a CSV export (`,`, tab or `;` separated, whichever the header holds
/// most). Rows it cannot read become warnings; only a header without a name
/// column, or text the CSV reader refuses, is an error.
pub fn parse(text: &str, opts: &Options) -> Result<Roadmap, CsvError> {
    let first = text.lines().next().unwrap_or("");
    let delim = [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut rd = csv::ReaderBuilder::new()
        .delimiter(delim)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = rd
        .headers()
        .map_err(|e| CsvError::Malformed {
            line: 1,
            message: e.to_string(),
        })?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut named = false;
    let cols: Vec<Option<Field>> = header
        .iter()
        .map(|h| {
            let f = opts
                .map
                .iter()
                .find(|(c, _)| c.eq_ignore_ascii_case(h))
                .map(|(_, f)| *f)
                .or_else(|| Field::of_header(h));
            match f {
                Some(Field::Name) if named => Some(Field::Description),
                Some(Field::Name) => {
                    named = true;
                    f
                }
                _ => f,
            }
        })
        .collect();
    if !named {
        return Err(CsvError::NoNameColumn {
            found: header.join(", "),
        });
    }
    let mut rm = Roadmap::default();
    let unread: Vec<&str> = header
        .iter()
        .zip(&cols)
        .filter(|(h, c)| c.is_none() && !h.is_empty())
        .map(|(h, _)| h.as_str())
        .collect();
    if !unread.is_empty() {
        rm.warn(
            1,
            format!(
                "column(s) {} not read (use --map COLUMN=FIELD)",
                unread.join(", ")
            ),
        );
    }
    let bucket_kind = |h: &str| {
        let k = cells::key(h);
        if k.contains("sprint") {
            Some("sprint")
        } else if k.contains("iteration") || k.contains("cycle") {
            Some("iteration")
        } else if k.contains("version") || k.contains("release") {
            Some("release")
        } else if k.contains("quarter") {
            Some("quarter")
        } else {
            None
        }
    };
    // Lookups by value, so a large export stays linear.
    let mut written_ids: HashMap<String, String> = HashMap::new();
    let mut streams: HashMap<String, usize> = HashMap::new();
    let mut buckets: HashMap<String, usize> = HashMap::new();
    let mut milestones: HashMap<String, usize> = HashMap::new();
    let mut pending: Vec<(usize, usize, Vec<String>, usize)> = Vec::new();
    let mut default_stream = None;
    for rec in rd.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize).unwrap_or(1);
            CsvError::Malformed {
                line,
                message: e.to_string(),
            }
        })?;
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(1);
        let get = |f: Field| -> Vec<(usize, String)> {
            cols.iter()
                .enumerate()
                .filter(|(_, c)| **c == Some(f))
                .filter_map(|(i, _)| rec.get(i).map(|v| (i, v.trim().to_string())))
                .filter(|(_, v)| !cells::is_none(v))
                .collect()
        };
        let one = |f: Field| get(f).into_iter().next().map(|(_, v)| v);
        let Some(name) = one(Field::Name) else {
            if rec.iter().any(|v| !v.trim().is_empty()) {
                rm.warn(line, "a row with no task name; left out");
            }
            continue;
        };
        let stream = match one(Field::Stream) {
            Some(s) => match streams.get(&s) {
                Some(&i) => i,
                None => {
                    let i = rm.add_stream(&s, &s, line);
                    streams.insert(s, i);
                    i
                }
            },
            None => *default_stream.get_or_insert_with(|| rm.add_stream("Tasks", "tasks", line)),
        };
        let written = one(Field::Id);
        let id = match &written {
            Some(w) => {
                let id = rm.node_id_as_written(w.trim_start_matches('#'));
                written_ids.insert(w.clone(), id.clone());
                id
            }
            None => rm.node_id(&name),
        };
        let mut t = Task {
            id: id.clone(),
            name,
            line,
            ..Task::default()
        };
        let in_buckets = get(Field::Bucket);
        if in_buckets.len() > 1 {
            rm.warn(
                line,
                format!(
                    "in {} sprints or releases ({}); put in the first",
                    in_buckets.len(),
                    in_buckets
                        .iter()
                        .map(|(_, v)| v.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        if let Some((c, b)) = in_buckets.into_iter().next() {
            let k = cells::key(&b);
            t.bucket = Some(match buckets.get(&k) {
                Some(&i) => i,
                None => {
                    let i = rm.add_bucket(Bucket {
                        id: b.clone(),
                        name: b.clone(),
                        kind: bucket_kind(&header[c]),
                        line,
                        key: k.clone(),
                        ..Bucket::default()
                    });
                    buckets.insert(k, i);
                    i
                }
            });
        }
        if let Some(m) = one(Field::Milestone) {
            let k = cells::key(&m);
            t.milestone = Some(match milestones.get(&k) {
                Some(&i) => i,
                None => {
                    let ms = Milestone {
                        name: m.clone(),
                        line,
                        ..Milestone::default()
                    };
                    let i = rm.add_milestone(ms, &m);
                    milestones.insert(k, i);
                    i
                }
            });
        }
        t.owner = one(Field::Owner);
        t.priority = one(Field::Priority).filter(|p| !p.eq_ignore_ascii_case("no priority"));
        if let Some(s) = one(Field::Status) {
            match cells::status(&s) {
                Some(st) => t.status = Some(st),
                None => rm.warn(
                    line,
                    format!("status `{s}` is not one the plan knows; left out"),
                ),
            }
        }
        for (f, slot) in [
            (Field::Start, &mut t.start),
            (Field::End, &mut t.end),
            (Field::Due, &mut t.due),
        ] {
            // A target date is a due date, unless a due date is given too.
            let v = one(f).or_else(|| (f == Field::Due).then(|| one(Field::Date)).flatten());
            if let Some(v) = v {
                match cells::date(&v).filter(|d| cells::valid_date(d)) {
                    Some(d) => *slot = Some(d),
                    None => rm.warn(
                        line,
                        format!("`{v}` is not a date the plan format reads; left out"),
                    ),
                }
            }
        }
        if let Some(v) = one(Field::Period) {
            match cells::period(&v) {
                Some((s, e)) => {
                    t.start = Some(s);
                    t.end = e;
                }
                None => rm.warn(
                    line,
                    format!("`{v}` is not a period the plan format reads; left out"),
                ),
            }
        }
        if let Some(d) = one(Field::Duration) {
            if cells::valid_duration(&d) {
                t.duration = Some(d);
            } else {
                rm.warn(
                    line,
                    format!("`{d}` is not a duration the plan format reads; left out"),
                );
            }
        }
        for (_, v) in get(Field::Tags) {
            t.tags.extend(
                v.split(',')
                    .map(|x| x.trim().to_string())
                    .filter(|x| !x.is_empty()),
            );
        }
        if let Some(d) = one(Field::Description) {
            t.description = Some(d);
        }
        let after: Vec<String> = get(Field::After)
            .into_iter()
            .flat_map(|(_, v)| {
                v.split([',', ';', ' '])
                    .map(|x| x.trim().to_string())
                    .filter(|x| !x.is_empty())
                    .collect::<Vec<_>>()
            })
            .collect();
        let path = push_task(&mut rm, stream, &[], t);
        if !after.is_empty() {
            pending.push((stream, path[0], after, line));
        }
    }
    for (s, i, after, line) in pending {
        let mut resolved = Vec::new();
        for a in after {
            match written_ids.get(&a) {
                Some(id) => resolved.push(id.clone()),
                None => rm.warn(
                    line,
                    format!("dependency `{a}` is no task of this export; not read"),
                ),
            }
        }
        task_at(&mut rm, s, &[i]).after = resolved;
    }
    Ok(rm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_their_kind_and_line() {
        let opts = Options::default();
        let e = parse("Key,Points\nA-1,3\n", &opts).unwrap_err();
        assert_eq!(
            e,
            CsvError::NoNameColumn {
                found: "Key, Points".into()
            }
        );
        assert_eq!(e.line(), 1);
    }
}
