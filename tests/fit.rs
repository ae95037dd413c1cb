//! Every terminal table fits `--width`: over every seed and view plan,
//! every command with a table and every grouping, at 60, 80, 100 and 160
//! columns no line is wider than the width, and no id, number or date is
//! split across lines: each cell of an id, number or date column holds a
//! whole one (checked against the ids the JSON output gives).

use crate::support::{VIEW_PLANS, json, run};
use std::collections::HashSet;
use unicode_width::UnicodeWidthStr;

const WIDTHS: [usize; 4] = [60, 80, 100, 160];

/// Every command and grouping that prints a terminal table.
const COMMANDS: &[&[&str]] = &[
    &["status"],
    &["status", "--by", "bucket"],
    &["status", "--by", "owner"],
    &["status", "--by", "milestone"],
    &["status", "--by", "priority"],
    &["status", "--matrix"],
    &["milestones"],
    &["list"],
    &["critical-path"],
    &["critical-path", "--near", "10"],
    &["critical-path", "--all"],
    &["forecast"],
];

/// Columns whose cells are dates (a forecast may carry its lateness).
const DATES: &[&str] = &[
    "due",
    "can finish",
    "date",
    "forecast",
    "start",
    "finish",
    "planned",
];

/// Columns whose cells are numbers (with a unit or mark at most).
const NUMBERS: &[&str] = &[
    "items",
    "done",
    "doing",
    "in progress",
    "blocked",
    "todo",
    "cancelled",
    "done %",
    "slack",
    "free",
    "late",
    "declared",
    "duration",
];

/// The ids of a plan's items and milestones its JSON outputs name, and
/// those with its stream and bucket ids.
fn ids(path: &str) -> (HashSet<String>, HashSet<String>) {
    let mut out = HashSet::new();
    let mut groups = HashSet::new();
    let (_, list, _) = run(["list", "--format", "json", path]);
    for it in json("list", &list)["items"].as_array().unwrap() {
        for k in ["stream", "bucket"] {
            if let Some(s) = it[k].as_str() {
                groups.insert(s.to_string());
            }
        }
    }
    let mut add = |v: &serde_json::Value| {
        if let Some(s) = v.as_str() {
            out.insert(s.to_string());
        }
    };
    for it in json("list", &list)["items"].as_array().unwrap() {
        add(&it["id"]);
    }
    let (_, ms, _) = run(["milestones", "--format", "json", path]);
    for m in json("milestones", &ms)["milestones"].as_array().unwrap() {
        add(&m["id"]);
    }
    let (_, cp, _) = run(["critical-path", "--format", "json", path]);
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(&cp) {
        for t in v["tasks"].as_array().into_iter().flatten() {
            add(&t["id"]);
        }
    }
    let all = out.union(&groups).cloned().collect();
    // An id that is also a stream's or a bucket's may be in a column left out.
    (out.difference(&groups).cloned().collect(), all)
}

/// A date, a date and its lateness `(+3)`, or (on the next line of a
/// narrow column) the lateness alone.
fn is_date(s: &str) -> bool {
    if let Some(n) = s.strip_prefix("(+").and_then(|r| r.strip_suffix(')')) {
        return n.parse::<u32>().is_ok();
    }
    let s = s.split(" (").next().unwrap_or(s);
    s == "-" || chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

fn is_number(s: &str) -> bool {
    let s = s
        .trim_end_matches(" ≠")
        .trim_end_matches(" d")
        .trim_end_matches('%');
    let s = s.trim_start_matches(['+', '-']);
    // A duration: `3 days`, `2 weeks`, `1.5d`...
    let s = s.split(' ').next().unwrap_or(s);
    let s = s.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    !s.is_empty() && s.parse::<f64>().is_ok()
}

/// The cells of a table line (`│ a ┆ b │`), trimmed.
fn cells(line: &str) -> Vec<String> {
    let inner = line.trim_start_matches('│').trim_end_matches('│');
    inner.split('┆').map(|c| c.trim().to_string()).collect()
}

/// Check every table in `out`: each cell of an id, number or date column
/// holds a whole one; `what` names the run in a failure.
fn check_cells(out: &str, ids: &HashSet<String>, what: &str) {
    let lines: Vec<&str> = out.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].starts_with('┌') {
            i += 1;
            continue;
        }
        // The heading: its lines up to `╞`, joined per column.
        i += 1;
        let mut header: Vec<String> = Vec::new();
        while i < lines.len() && lines[i].starts_with('│') {
            for (c, cell) in cells(lines[i]).into_iter().enumerate() {
                if header.len() <= c {
                    header.push(String::new());
                }
                if !cell.is_empty() {
                    if !header[c].is_empty() {
                        header[c].push(' ');
                    }
                    header[c].push_str(&cell);
                }
            }
            i += 1;
        }
        let listing = header.contains(&"id".into());
        let matrix = header.first().is_some_and(|h| h == "stream")
            && !listing
            && !header.contains(&"items".into());
        i += 1; // `╞═══`
        while i < lines.len() && lines[i].starts_with('│') {
            for (c, cell) in cells(lines[i]).iter().enumerate() {
                if cell.is_empty() {
                    continue;
                }
                let h = header[c].as_str();
                let ok = if h == "id" {
                    ids.contains(cell.trim_end_matches(" *"))
                } else if DATES.contains(&h) {
                    is_date(cell)
                } else if NUMBERS.contains(&h) {
                    is_number(cell)
                } else if listing && (h == "bucket" || h == "stream") {
                    ids.contains(cell.as_str()) || cell == "(milestone)"
                } else if matrix && c > 0 {
                    cell.split_once('/')
                        .is_some_and(|(a, b)| a.parse::<u32>().is_ok() && b.parse::<u32>().is_ok())
                } else {
                    true
                };
                assert!(
                    ok,
                    "{what}: a `{h}` cell holds `{cell}`, not a whole one:\n{}",
                    lines[i]
                );
            }
            i += 1;
        }
    }
}

fn assert_fits(out: &str, width: usize, what: &str) {
    for line in out.lines() {
        assert!(
            line.width() <= width,
            "{what}: a line is {} columns wide, more than {width}:\n{line}\n\n{out}",
            line.width()
        );
    }
}

/// The words of an output: split at spaces and table rules, punctuation
/// around them trimmed.
fn tokens(out: &str) -> HashSet<String> {
    out.split(|c: char| c.is_whitespace() || "│┆".contains(c))
        .map(|t| t.trim_matches(|c: char| "(),;:`*".contains(c)).to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

#[test]
fn every_table_fits_every_width_and_never_breaks_an_id_number_or_date() {
    for (name, path) in VIEW_PLANS {
        let (items, ids) = ids(path);
        assert!(!items.is_empty(), "{name}: no ids");
        for cmd in COMMANDS {
            let mut args: Vec<&str> = cmd.to_vec();
            args.extend(["--width", "400", path]);
            let (_, wide, _) = run(&args);
            let shown: Vec<String> = tokens(&wide).intersection(&items).cloned().collect();
            for width in WIDTHS {
                let w = width.to_string();
                let mut args: Vec<&str> = cmd.to_vec();
                args.extend(["--width", &w, path]);
                let (code, out, err) = run(&args);
                let what = format!("{name}: roadmap {} at {width}", cmd.join(" "));
                // `forecast` refuses a plan without a start date (exit 2,
                // nothing on standard output).
                assert!(
                    code < 2 || cmd[0] == "forecast",
                    "{what}: exit {code}: {err}"
                );
                assert_fits(&out, width, &what);
                check_cells(&out, &ids, &what);
                // Every id the widest table shows is whole here too.
                let here = tokens(&out);
                for id in &shown {
                    assert!(here.contains(id), "{what}: `{id}` is not whole:\n{out}");
                }
            }
        }
    }
}

/// The checker itself finds a split id and a split date.
#[test]
fn the_cell_check_finds_a_split_id_and_date() {
    let ids: HashSet<String> = ["billing-service".to_string()].into();
    let table = "┌─────────┬──────┐\n│ id      ┆ due  │\n╞═════════╪══════╡\n│ billing ┆ 2026 │\n│ -service┆ -03  │\n└─────────┴──────┘\n";
    let caught = std::panic::catch_unwind(|| check_cells(table, &ids, "split"));
    assert!(caught.is_err());
    let whole = "┌─────────────────┬────────────┐\n│ id              ┆ due        │\n╞═════════════════╪════════════╡\n│ billing-service ┆ 2026-03-01 │\n└─────────────────┴────────────┘\n";
    check_cells(whole, &ids, "whole");
}

/// Left-out columns are named under the table, in the documented order.
#[test]
fn a_narrow_table_names_the_columns_it_leaves_out() {
    let (_, out, _) = run(["milestones", "--width", "60", "plans/q2o-gantt.yaml"]);
    let words = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("(left out to fit 60 columns: kind, declared, done %, items, done, date;"),
        "{out}"
    );
    let (_, wide, _) = run(["milestones", "--width", "160", "plans/q2o-gantt.yaml"]);
    assert!(!wide.contains("left out"), "{wide}");
}

/// `explain` wraps its lines to the width too, ids whole.
#[test]
fn explain_fits_every_width() {
    for (name, path, id) in [
        ("q2o-gantt", "plans/q2o-gantt.yaml", "2.7"),
        ("relaunch", "examples/relaunch.yaml", "frontend"),
        ("q2o-gantt", "plans/q2o-gantt.yaml", "project-complete"),
    ] {
        for width in WIDTHS {
            let w = width.to_string();
            let (code, out, err) = run(["explain", id, path, "--width", &w]);
            let what = format!("{name}: explain {id} at {width}");
            assert_eq!(code, 0, "{what}: {err}");
            assert_fits(&out, width, &what);
            assert!(tokens(&out).contains(id), "{what}:\n{out}");
        }
    }
}

/// Where no table fits (an id wider than the room beside it), each row is a
/// block: the id alone on its line, the name, then `column: value`.
#[test]
fn a_table_no_width_fits_is_printed_as_blocks_with_whole_ids() {
    let (code, out, err) = run(["list", "plans/migrationbox-v4.1.yaml", "--width", "60"]);
    assert_eq!(code, 0, "{err}");
    // Its longest id is 57 columns wide.
    assert!(!out.contains('│'), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    let first = lines
        .iter()
        .position(|l| *l == "blockers/azure-service-principal")
        .unwrap_or_else(|| panic!("the id alone on a line:\n{out}"));
    assert_eq!(lines[first + 1], "  Azure Service Principal not created");
    assert!(lines[first + 2].contains("owner: DevOps"), "{out}");
    assert!(lines[first + 3].contains("due: 2026-02-13"), "{out}");
    assert_fits(&out, 60, "blocks");
}
