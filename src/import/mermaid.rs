//! Mermaid `gantt` charts: `section`s are streams, tasks keep their ids,
//! `after` references, dates and durations as written; `done` and `active`
//! are statuses, `crit` a tag, `milestone` a milestone.

use super::cells;
use super::markdown::push_task;
use super::{Milestone, Roadmap, Task};

/// A whole `.mmd` file.
pub fn parse_document(text: &str) -> Roadmap {
    let mut rm = Roadmap::default();
    parse_into(&mut rm, text, 1);
    rm
}

/// Read a gantt chart whose first line is line `first_line` of the document.
pub fn parse_into(rm: &mut Roadmap, text: &str, first_line: usize) {
    let mut stream: Option<usize> = None;
    // Mermaid ids as written -> plan ids; unresolved `after` references.
    let mut ids: std::collections::HashMap<String, String> = Default::default();
    let mut pending: Vec<(Target, Vec<String>, usize)> = Vec::new();
    let mut previous: Option<String> = None;
    let mut date_format_ok = true;
    let mut seen_gantt = false;
    for (i, raw) in text.lines().enumerate() {
        let line = first_line + i;
        let l = raw.trim();
        if l.is_empty() || l.starts_with("%%") {
            continue;
        }
        if !seen_gantt {
            seen_gantt = l == "gantt";
            if !seen_gantt {
                rm.warn(line, "not a Mermaid gantt chart; not read");
                return;
            }
            continue;
        }
        let (word, rest) = l.split_once(char::is_whitespace).unwrap_or((l, ""));
        match word {
            "title" => {
                if rm.title.is_none() {
                    rm.title = Some(rest.trim().to_string());
                }
                continue;
            }
            "dateFormat" => {
                date_format_ok = rest.trim() == "YYYY-MM-DD";
                if !date_format_ok {
                    rm.warn(
                        line,
                        format!(
                            "dateFormat `{}`: only YYYY-MM-DD dates are read",
                            rest.trim()
                        ),
                    );
                }
                continue;
            }
            "excludes" => {
                if rest.trim() != "weekends" {
                    rm.warn(
                        line,
                        format!(
                            "`excludes {}` not read: the plan's calendar is Monday to Friday",
                            rest.trim()
                        ),
                    );
                }
                continue;
            }
            "section" => {
                let name = rest.trim();
                stream = Some(rm.add_stream(name, name, line));
                previous = None;
                continue;
            }
            "axisFormat" | "tickInterval" | "todayMarker" | "weekday" | "inclusiveEndDates"
            | "topAxis" | "displayMode" | "accTitle" | "accDescr" => continue,
            _ => {}
        }
        let Some((name, meta)) = l.split_once(':') else {
            rm.warn(
                line,
                format!("`{l}` is not a gantt task (`Name :meta`); not read"),
            );
            continue;
        };
        let name = name.trim().to_string();
        if name.is_empty() {
            rm.warn(line, "a gantt task with no name; not read");
            continue;
        }
        let mut parts: Vec<&str> = meta
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let (mut done, mut active, mut crit, mut milestone) = (false, false, false, false);
        while let Some(p) = parts.first() {
            match *p {
                "done" => done = true,
                "active" => active = true,
                "crit" => crit = true,
                "milestone" => milestone = true,
                _ => break,
            }
            parts.remove(0);
        }
        // [id,] [start | after ids,] end-or-duration
        let mut id_written = None;
        if parts.len() == 3 {
            id_written = Some(parts.remove(0).to_string());
        }
        let (start_part, end_part) = match parts.len() {
            2 => (Some(parts[0]), Some(parts[1])),
            1 => (None, Some(parts[0])),
            _ => (None, None),
        };
        let mut after = Vec::new();
        let mut start = None;
        match start_part {
            Some(s) if s.starts_with("after ") => {
                after = s[6..].split_whitespace().map(str::to_string).collect();
            }
            Some(s) if date_format_ok && cells::valid_date(s) && s.len() == 10 => {
                start = Some(s.to_string())
            }
            Some(s) => rm.warn(
                line,
                format!("start `{s}` not read (a YYYY-MM-DD date or `after ID`)"),
            ),
            None => {
                // No start: Mermaid begins the task when the one before it ends.
                if let Some(p) = &previous {
                    after.push(p.clone());
                }
            }
        }
        let (mut end, mut duration) = (None, None);
        if let Some(e) = end_part {
            if date_format_ok && e.len() == 10 && cells::valid_date(e) {
                end = Some(e.to_string());
            } else if cells::valid_duration(e) {
                duration = Some(e.to_string());
            } else {
                rm.warn(
                    line,
                    format!("`{e}` is neither a date nor a duration in days or weeks; left out"),
                );
            }
        }
        let id = match &id_written {
            Some(w) => rm.node_id_as_written(w),
            None => rm.node_id(&name),
        };
        if let Some(w) = &id_written {
            ids.insert(w.clone(), id.clone());
        }
        previous = Some(id.clone());
        if milestone {
            let m = Milestone {
                name,
                line,
                start: start.clone(),
                end: end.clone().or(start),
                duration,
                ..Milestone::default()
            };
            let mi = rm.milestones.len();
            rm.milestones.push(Milestone { id, ..m });
            pending.push((Target::Milestone(mi), after, line));
            continue;
        }
        let s = match stream {
            Some(s) => s,
            None => {
                let name = rm.title.clone().unwrap_or_else(|| "Roadmap".to_string());
                let s = rm.add_stream(&name, "roadmap", line);
                stream = Some(s);
                s
            }
        };
        let t = Task {
            id,
            name,
            line,
            status: if done {
                Some("done")
            } else if active {
                Some("in-progress")
            } else {
                None
            },
            tags: if crit {
                vec!["crit".to_string()]
            } else {
                Vec::new()
            },
            start,
            end,
            duration,
            ..Task::default()
        };
        let path = push_task(rm, s, &[], t);
        pending.push((Target::Task(s, path[0]), after, line));
    }
    for (target, after, line) in pending {
        let mut resolved = Vec::new();
        for a in after {
            match ids
                .get(&a)
                .cloned()
                .or_else(|| rm.node_ids.contains(&a).then(|| a.clone()))
            {
                Some(id) => resolved.push(id),
                None => rm.warn(
                    line,
                    format!("`after {a}`: no task has the id `{a}`; not read"),
                ),
            }
        }
        match target {
            Target::Task(s, i) => rm.streams[s].tasks[i].after = resolved,
            Target::Milestone(m) => rm.milestones[m].after = resolved,
        }
    }
}

enum Target {
    Task(usize, usize),
    Milestone(usize),
}
