//! The meaning of cells, headings and item text: ids, dates written the way
//! people write them, statuses, owners, priorities, and column names.

use crate::plan::time::{parse_date_expr, parse_duration};

/// What a column (of a Markdown table or a CSV export) holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The id as written (`1.1`, `PAY-101`).
    Id,
    /// The task's (or milestone's) name.
    Name,
    /// Its status (`Todo`, `In Progress`, `Done`, ...).
    Status,
    /// Who owns it.
    Owner,
    /// Its priority, as written.
    Priority,
    /// The bucket (sprint, iteration, release, quarter, phase) it is in.
    Bucket,
    /// The milestone it belongs to.
    Milestone,
    /// The stream (team, epic, component) it is in.
    Stream,
    /// Its start date.
    Start,
    /// Its end date.
    End,
    /// Its due date.
    Due,
    /// A date: a milestone's date, else read as the due date.
    Date,
    /// A range of dates: the start and the end.
    Period,
    /// Its duration (`3d`, `2w`).
    Duration,
    /// The ids or names it depends on.
    After,
    /// Labels, read as tags.
    Tags,
    /// Free text, read as the description.
    Description,
    /// A milestone's criteria.
    Criteria,
    /// A declared count of items.
    Total,
    /// The milestones a milestone groups.
    Members,
    /// A milestone's deliverables.
    Deliverables,
    /// A risk's probability.
    Probability,
    /// A risk's impact.
    Impact,
    /// A risk's mitigation.
    Mitigation,
    /// A column deliberately not read.
    Ignore,
}

impl Field {
    /// The fields' names as `--map COLUMN=FIELD` takes them, in the order of `Field::ALL`.
    pub const NAMES: [&'static str; 25] = [
        "id",
        "name",
        "status",
        "owner",
        "priority",
        "bucket",
        "milestone",
        "stream",
        "start",
        "end",
        "due",
        "date",
        "period",
        "duration",
        "after",
        "tags",
        "description",
        "criteria",
        "total",
        "members",
        "deliverables",
        "probability",
        "impact",
        "mitigation",
        "ignore",
    ];
    const ALL: [Field; 25] = [
        Field::Id,
        Field::Name,
        Field::Status,
        Field::Owner,
        Field::Priority,
        Field::Bucket,
        Field::Milestone,
        Field::Stream,
        Field::Start,
        Field::End,
        Field::Due,
        Field::Date,
        Field::Period,
        Field::Duration,
        Field::After,
        Field::Tags,
        Field::Description,
        Field::Criteria,
        Field::Total,
        Field::Members,
        Field::Deliverables,
        Field::Probability,
        Field::Impact,
        Field::Mitigation,
        Field::Ignore,
    ];

    /// The field named `s` (case-insensitive) as in [`Field::NAMES`]; `None` for another name.
    pub fn parse(s: &str) -> Option<Field> {
        let s = s.to_ascii_lowercase();
        Self::NAMES
            .iter()
            .position(|n| *n == s)
            .map(|i| Self::ALL[i])
    }

    /// The field a column header usually means, by its usual names in
    /// Markdown roadmaps and in GitHub Projects, Jira and Linear exports.
    pub fn of_header(header: &str) -> Option<Field> {
        let h: String = header
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '#')
            .collect();
        Some(match h.as_str() {
            "id" | "key" | "issuekey" | "#" | "taskid" | "number" | "riskid" | "identifier"
            | "ref" => Field::Id,
            "task" | "name" | "title" | "summary" | "item" | "taskitem" | "debtitem"
            | "blocker" | "deliverable" | "issue" | "story" | "feature" | "riskdescription"
            | "risk" | "workitem" => Field::Name,
            "status" | "state" | "progress" => Field::Status,
            "owner" | "assignee" | "assignees" | "assignedto" | "lead" | "blockingteam"
            | "responsible" | "dri" => Field::Owner,
            "priority" => Field::Priority,
            "sprint" | "sprints" | "targetsprint" | "iteration" | "cycle" | "fixversion"
            | "fixversions" | "release" | "quarter" | "phase" | "bucket" | "targetrelease"
            | "cyclename" => Field::Bucket,
            "milestone" | "projectmilestone" => Field::Milestone,
            "team" | "stream" | "teamstream" | "workstream" | "epic" | "epiclink" | "component"
            | "components" | "area" | "project" => Field::Stream,
            "start" | "startdate" | "begin" | "date" | "started" => Field::Start,
            "end" | "enddate" | "finish" | "finishdate" => Field::End,
            "due" | "duedate" | "resolutioneta" | "deadline" | "eta" => Field::Due,
            "targetdate" => Field::Date,
            "timeline" | "when" | "weeks" | "period" | "dates" | "schedule" | "timeframe" => {
                Field::Period
            }
            "duration" => Field::Duration,
            "dependencies"
            | "dependson"
            | "blockedby"
            | "predecessors"
            | "after"
            | "inwardissuelinkblocks"
            | "dependency" => Field::After,
            "labels" | "tags" | "label" => Field::Tags,
            "description" | "notes" | "details" => Field::Description,
            "successcriteria" | "criteria" | "acceptancecriteria" | "exitcriteria" => {
                Field::Criteria
            }
            "count" | "total" | "items" => Field::Total,
            "engineeringmilestones" | "members" => Field::Members,
            "keydeliverables" | "deliverables" => Field::Deliverables,
            "probability" | "likelihood" => Field::Probability,
            "impact" | "severity" => Field::Impact,
            "mitigation" => Field::Mitigation,
            _ => return None,
        })
    }
}

/// An id as people write it, kept as is: `1.1`, `TD-001`, `PROJ-12`, `m0`.
pub fn is_plain_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// Lower case, every run of other characters than letters and digits one `-`.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// A short readable id: the slug of the first four words.
pub fn short_id(s: &str) -> String {
    let s = slug(s);
    let parts: Vec<&str> = s.split('-').filter(|p| !p.is_empty()).take(4).collect();
    parts.join("-")
}

/// How a label is matched: its slug (`Sprint 2` and `SPRINT 2` agree).
pub fn key(s: &str) -> String {
    slug(s)
}

/// Drop leading symbols (emoji, and what is left of emoji in a badly
/// re-encoded file) and the Markdown strong markers around a cell.
pub fn clean(s: &str) -> String {
    let mut t = s.trim();
    loop {
        let before = t;
        t = t.trim();
        if let Some(rest) = t.strip_prefix("**").and_then(|r| r.strip_suffix("**")) {
            t = rest;
        }
        // A leading word with no letter or digit, or with a symbol that is
        // neither a letter, digit nor ordinary punctuation, is decoration.
        if let Some((first, rest)) = t.split_once(' ') {
            let decoration = !first.chars().any(|c| c.is_alphanumeric())
                || first.chars().any(|c| {
                    !(c.is_alphanumeric()
                        || c.is_ascii_punctuation()
                        || matches!(c, '’' | '‘' | '“' | '”' | '–' | '—'))
                });
            if decoration && !first.starts_with('(') && !first.starts_with('#') {
                t = rest;
            }
        } else if !t.chars().any(|c| c.is_alphanumeric()) {
            t = "";
        }
        if t == before {
            break;
        }
    }
    t.trim().to_string()
}

/// Is the whole cell strong (`**Infra Team**`)?
pub fn is_bold(s: &str) -> bool {
    let t = s.trim();
    t.len() > 4 && t.starts_with("**") && t.ends_with("**") && !t[2..t.len() - 2].contains("**")
}

/// Remove strong markers inside a text.
pub fn unbold(s: &str) -> String {
    s.replace("**", "").trim().to_string()
}

/// A check mark in a time-bucket column.
pub fn is_check(s: &str) -> bool {
    matches!(
        unbold(s).as_str(),
        "✓" | "✔"
            | "✔️"
            | "✅"
            | "x"
            | "X"
            | "☑"
            | "☑️"
            | "●"
            | "yes"
            | "Yes"
            | "YES"
            | "Y"
            | "y"
    )
}

/// A cell that says "nothing": empty, `-`, `None`, `N/A`.
pub fn is_none(s: &str) -> bool {
    matches!(
        unbold(s).to_ascii_lowercase().as_str(),
        "" | "-" | "—" | "–" | "none" | "n/a" | "na" | "tbd" | "—none—"
    )
}

/// A tracker's status, in the plan's words.
pub fn status(s: &str) -> Option<&'static str> {
    let k = slug(s);
    Some(match k.as_str() {
        "todo"
        | "to-do"
        | "open"
        | "new"
        | "backlog"
        | "not-started"
        | "planned"
        | "ready"
        | "triage"
        | "unstarted"
        | "selected-for-development" => "todo",
        "in-progress" | "doing" | "active" | "started" | "in-review" | "review" | "wip"
        | "ongoing" => "in-progress",
        "done" | "closed" | "complete" | "completed" | "resolved" | "finished" | "shipped"
        | "merged" => "done",
        "blocked" | "on-hold" => "blocked",
        "cancelled" | "canceled" | "won-t-do" | "wont-do" | "duplicate" | "dropped" => "cancelled",
        _ => return None,
    })
}

/// A date or date expression the plan format reads, as written.
pub fn valid_date(s: &str) -> bool {
    parse_date_expr(s).is_ok()
}

/// A duration the plan format reads (`4 weeks`, `1 day`, `3d`).
pub fn valid_duration(s: &str) -> bool {
    parse_duration(s).is_ok()
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| w.starts_with(m) && m.starts_with(&w[..3]))
        .map(|i| i as u32 + 1)
}

/// A date as written in prose or a tracker export, in the plan's form:
/// `2026-03-01` as is, `01/Mar/26` (Jira), `Mar 1, 2026`, `1 March 2026`.
pub fn date(s: &str) -> Option<String> {
    let t = s.trim();
    let head = t.split_whitespace().next().unwrap_or("");
    // An ISO timestamp (`2026-03-05T10:00:00.000Z`): its day.
    let head = match head.split_once('T') {
        Some((day, _)) if day.len() == 10 => day,
        _ => head,
    };
    if valid_date(head) && head.len() >= 7 && head.chars().next()?.is_ascii_digit() {
        return Some(head.to_string());
    }
    if valid_date(t) {
        return Some(t.to_string());
    }
    // Jira: 01/Mar/26 10:00 AM
    let parts: Vec<&str> = head.split('/').collect();
    if parts.len() == 3
        && let (Ok(d), Some(m), Ok(y)) = (
            parts[0].parse::<u32>(),
            month_of(parts[1]),
            parts[2].parse::<i32>(),
        )
    {
        let y = if y < 100 { 2000 + y } else { y };
        return ymd(y, m, d);
    }
    let words: Vec<String> = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    if words.len() == 3 {
        if let (Some(m), Ok(d), Ok(y)) = (
            month_of(&words[0]),
            words[1].parse::<u32>(),
            words[2].parse::<i32>(),
        ) {
            return ymd(y, m, d);
        }
        if let (Ok(d), Some(m), Ok(y)) = (
            words[0].parse::<u32>(),
            month_of(&words[1]),
            words[2].parse::<i32>(),
        ) {
            return ymd(y, m, d);
        }
    }
    if words.len() == 2
        && let (Some(m), Ok(y)) = (month_of(&words[0]), words[1].parse::<i32>())
        && (1000..=9999).contains(&y)
    {
        return Some(format!("{y:04}-{m:02}"));
    }
    None
}

fn ymd(y: i32, m: u32, d: u32) -> Option<String> {
    chrono::NaiveDate::from_ymd_opt(y, m, d).map(|d| d.format("%Y-%m-%d").to_string())
}

/// The period a heading's parenthesis names: `Weeks 1-4`, `Week 14+`,
/// `Months 1-4`, `Feb 12-25, 2026`, `Feb 26 - Mar 10, 2026`,
/// `Aug-Oct 2026`, `2026-03-01 to 2026-03-14`, `Q2 2026`.
/// Returns (start, end) in the plan's forms; `end` is none for `14+`.
pub fn period(s: &str) -> Option<(String, Option<String>)> {
    let t = s.trim().trim_end_matches('.');
    let lower = t.to_ascii_lowercase();
    // Relative weeks and months.
    for (word, prefix) in [("week", "W"), ("month", "M")] {
        if let Some(rest) = lower.strip_prefix(word) {
            let rest = rest.trim_start_matches('s').trim();
            if let Some(n) = rest.strip_suffix('+') {
                let n: u32 = n.trim().parse().ok()?;
                return Some((format!("{prefix}{n}"), None));
            }
            let (a, b) = match rest.split_once(['-', '–']) {
                Some((a, b)) => (a.trim(), b.trim()),
                None => (rest, rest),
            };
            let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
            if a == 0 || b < a {
                return None;
            }
            return Some((format!("{prefix}{a}"), Some(format!("{prefix}{b}"))));
        }
    }
    // Quarter: Q2 2026 / 2026-Q2.
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.len() == 2
        && let Some(q) = words[0].strip_prefix(['Q', 'q'])
        && let (Ok(q), Ok(y)) = (q.parse::<u32>(), words[1].parse::<i32>())
    {
        let p = format!("{y}-Q{q}");
        return valid_date(&p).then(|| (p.clone(), Some(p)));
    }
    if valid_date(t) && t.chars().next()?.is_ascii_digit() {
        return Some((t.to_string(), Some(t.to_string())));
    }
    // Two sides: split on " - ", " – ", " to ", or a single '-' between words.
    let (a, b) = split_range(t)?;
    // The year is written once, at the end.
    let year: Option<i32> = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse().ok())
        .next_back();
    let side = |x: &str, month_hint: Option<u32>| -> Option<(String, bool)> {
        if let Some(d) = date(x) {
            return Some((d.clone(), d.len() > 7));
        }
        let y = year?;
        let ys = y.to_string();
        let ws: Vec<&str> = x
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty() && *w != ys)
            .collect();
        match ws.as_slice() {
            [m, d] => match (month_of(m), d.parse::<u32>()) {
                (Some(m), Ok(d)) if d <= 31 => ymd(y, m, d).map(|s| (s, true)),
                (Some(m), _) => Some((format!("{y:04}-{m:02}"), false)),
                _ => None,
            },
            [m] => match (month_of(m), m.parse::<u32>(), month_hint) {
                (Some(m), _, _) => Some((format!("{y:04}-{m:02}"), false)),
                (None, Ok(d), Some(hm)) => ymd(y, hm, d).map(|s| (s, true)),
                _ => None,
            },
            _ => None,
        }
    };
    let first_month = a.split_whitespace().next().and_then(month_of);
    let (start, _) = side(a, None)?;
    let (end, _) = side(b, first_month)?;
    (valid_date(&start) && valid_date(&end)).then_some((start, Some(end)))
}

fn split_range(t: &str) -> Option<(&str, &str)> {
    for sep in [" - ", " – ", " — ", " to ", " until "] {
        if let Some((a, b)) = t.split_once(sep) {
            return Some((a.trim(), b.trim()));
        }
    }
    // `Feb 12-25, 2026`, `Aug-Oct 2026`: a dash inside the first word pair.
    let i = t.find(['-', '–'])?;
    let (a, b) = (&t[..i], &t[i + t[i..].chars().next()?.len_utf8()..]);
    // `Aug-Oct 2026`: a is a month; `Feb 12-25, 2026`: a is `Feb 12`.
    Some((a.trim(), b.trim()))
}

/// Split a heading into its text and its parentheses: `Phase 1: X (Weeks 1-4)`
/// gives `Phase 1: X` and `["Weeks 1-4"]`.
pub fn parens(s: &str) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut inside = Vec::new();
    let mut depth = 0;
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '(' => {
                if depth > 0 {
                    cur.push(c);
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    inside.push(std::mem::take(&mut cur));
                } else {
                    cur.push(c);
                }
            }
            _ if depth > 0 => cur.push(c),
            _ => text.push(c),
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = text.trim().trim_end_matches([' ', '-', ':']).to_string();
    (text.replace(" - -", " -").replace(" :", ":"), inside)
}

/// A priority written as `P0`..`P9` at the head of a parenthesis: `(P0)`,
/// `(P1 - Should Complete)`.
pub fn priority_in(paren: &str) -> Option<String> {
    let p = paren.trim();
    let b = p.as_bytes();
    (b.len() >= 2
        && (b[0] == b'P' || b[0] == b'p')
        && b[1].is_ascii_digit()
        && (b.len() == 2 || !b[2].is_ascii_alphanumeric()))
    .then(|| p[..2].to_ascii_uppercase())
}

/// An owner written in item text: `**Owner: DevOps**`, `**Owner**: DevOps`,
/// `(Owner: QA)`, or `@alice` at the end. Returns the text without it.
pub fn take_owner(text: &str) -> (String, Option<String>) {
    let lower = text.to_ascii_lowercase();
    for pat in ["**owner:", "**owner**:", "(owner:", "owner:"] {
        if let Some(i) = lower.find(pat) {
            let after = &text[i + pat.len()..];
            let end = after.find(['*', ')']).unwrap_or(after.len());
            let owner = after[..end].trim().trim_end_matches(['*', ')']).trim();
            let rest_after = after[end..].trim_start_matches(['*', ')']);
            let before = text[..i].trim_end();
            let before = before
                .strip_suffix(" -")
                .or_else(|| before.strip_suffix(" –"))
                .or_else(|| before.strip_suffix(" —"))
                .or_else(|| before.strip_suffix(','))
                .unwrap_or(before);
            let mut rest = before.trim().to_string();
            if !rest_after.trim().is_empty() {
                rest.push(' ');
                rest.push_str(rest_after.trim());
            }
            if owner.is_empty() {
                return (text.to_string(), None);
            }
            return (rest, Some(owner.to_string()));
        }
    }
    if let Some((before, last)) = text.trim_end().rsplit_once(' ')
        && let Some(user) = last.strip_prefix('@')
        && is_plain_id(user)
    {
        return (before.trim_end().to_string(), Some(user.to_string()));
    }
    (text.to_string(), None)
}

/// A number as written at the head of a cell: `8 items` is 8.
pub fn count(s: &str) -> Option<u64> {
    let t = unbold(s);
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || digits.len() > 12 {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_as_written() {
        let p = |s: &str| period(s);
        assert_eq!(p("Weeks 1-4"), Some(("W1".into(), Some("W4".into()))));
        assert_eq!(p("Weeks 14+"), Some(("W14".into(), None)));
        assert_eq!(p("Months 10-13"), Some(("M10".into(), Some("M13".into()))));
        assert_eq!(
            p("Feb 12-25, 2026"),
            Some(("2026-02-12".into(), Some("2026-02-25".into())))
        );
        assert_eq!(
            p("Feb 26 - Mar 10, 2026"),
            Some(("2026-02-26".into(), Some("2026-03-10".into())))
        );
        assert_eq!(
            p("Aug-Oct 2026"),
            Some(("2026-08".into(), Some("2026-10".into())))
        );
        assert_eq!(
            p("2026-03-01 to 2026-03-14"),
            Some(("2026-03-01".into(), Some("2026-03-14".into())))
        );
        assert_eq!(
            p("Q2 2026"),
            Some(("2026-Q2".into(), Some("2026-Q2".into())))
        );
        assert_eq!(p("optional, post-v1"), None);
        assert_eq!(p("P0 - Must Complete"), None);
    }

    #[test]
    fn owners_and_cells() {
        assert_eq!(
            take_owner("Create GCP account - **Owner: DevOps**"),
            ("Create GCP account".into(), Some("DevOps".into()))
        );
        assert_eq!(take_owner("Plain text"), ("Plain text".into(), None));
        assert_eq!(
            clean("**ğ\u{fffd}\u{fffd} Team Assembled**"),
            "Team Assembled"
        );
        assert_eq!(clean("**1.1 Hire DevOps Team**"), "1.1 Hire DevOps Team");
        assert_eq!(count("8 items"), Some(8));
        assert_eq!(date("01/Mar/26 10:00 AM").as_deref(), Some("2026-03-01"));
        assert_eq!(date("Mar 5, 2026").as_deref(), Some("2026-03-05"));
        assert_eq!(
            date("2026-03-05T10:00:00.000Z").as_deref(),
            Some("2026-03-05")
        );
        assert_eq!(priority_in("P0 - Must Complete").as_deref(), Some("P0"));
        assert_eq!(priority_in("Pods"), None);
        assert_eq!(
            short_id("Decision: Cluster Segmentation now"),
            "decision-cluster-segmentation-now"
        );
    }
}
