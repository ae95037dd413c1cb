//! What a pull request can do to the CI gate, the CI log, the reviewer's
//! terminal, a spreadsheet and the files `roadmap` writes (issue 14).

use crate::support::{check, roadmap, write};
use std::path::Path;

const TASKS: &str = "streams:\n  - id: s\n    tasks:\n      - {id: a, name: A}\n";

/// A plan with an error: an unknown reference.
fn broken_root(d: &Path, name: &str) {
    write(
        d,
        name,
        "title: Main\nstreams:\n  - id: s\n    tasks:\n      - {id: a, name: A, after: [nowhere]}\n",
    );
}

/// Finding 1: in folder mode every file is accounted for. A one-line file
/// that includes itself and the real plan, or two files that include each
/// other, cannot make `check --format github` exit 0 with nothing to say.
#[test]
fn folder_mode_cannot_hide_a_plan() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    broken_root(d, "plans/roadmap.yaml");
    write(d, "plans/zz.yaml", "include: [zz.yaml, roadmap.yaml]\n");
    let run = roadmap(d, ["check", "--format", "github", "plans"]);
    run.exit(1);
    assert!(
        run.out.contains("::error file=plans/zz.yaml,line=1,col="),
        "{}",
        run.out
    );
    // And the real plan's own errors are reported too.
    check(d, "plans")
        .exit(1)
        .has("include-error", "zz.yaml")
        .has("unknown-reference", "roadmap.yaml");

    // Two plans that include each other: a cycle, reported at an include.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "plans/a.yaml",
        format!("title: A\ninclude: [b.yaml]\n{TASKS}"),
    );
    write(
        d,
        "plans/b.yaml",
        "title: B\ninclude: [a.yaml]\nstreams:\n  - id: t\n    tasks:\n      - {id: b, name: B, after: [nowhere]}\n",
    );
    let run = check(d, "plans");
    run.exit(1)
        .has("include-error", "b.yaml")
        .has("unknown-reference", "b.yaml");
    assert!(run.out.contains("include cycle"), "{}", run.out);

    // A file that only includes itself.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "plans/me.yaml",
        format!("title: Me\ninclude: [me.yaml]\n{TASKS}"),
    );
    check(d, "plans").exit(1).has("include-error", "me.yaml");
}

/// Finding 5: a file name that holds newlines and `::` commands writes no
/// line of its own to standard output (in any format) or standard error.
#[cfg(unix)]
#[test]
fn file_names_cannot_write_workflow_commands() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let name = "x\n::error file=forged.yaml::forged\n::stop-commands::t\n.yaml";
    write(
        d,
        &format!("plans/{name}"),
        "title: T\nstreams:\n  - id: s\n    tasks:\n      - {id: a, name: A, after: [zz]}\n",
    );
    let no_forged_lines = |text: &str| {
        for line in text.lines() {
            // The one annotation is the tool's, about the file; nothing else
            // starts a command.
            if line.starts_with("::error file=plans/x") {
                continue;
            }
            assert!(!line.trim_start().starts_with("::"), "{line:?} in\n{text}");
        }
    };
    for format in ["github", "human", "json"] {
        let run = roadmap(d, ["check", "--format", format, "plans"]);
        run.exit(1);
        no_forged_lines(&run.out);
        no_forged_lines(&run.err);
    }
    // A file that cannot be read: the error on standard error names it escaped.
    let fifo = d.join("pipe\n::error::forged\n.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if made {
        let run = roadmap(
            d,
            [
                "check".as_ref(),
                "--format".as_ref(),
                "github".as_ref(),
                fifo.as_os_str(),
            ],
        );
        run.exit(2);
        no_forged_lines(&run.err);
        assert!(
            run.err.contains("pipe\\n::error::forged\\n.yaml"),
            "{}",
            run.err
        );
    }
}

/// Finding 14: bidi overrides in values and file names are shown escaped
/// by `check`, never passed to the terminal.
#[test]
fn bidi_controls_are_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "plans/evil\u{202e}lmay.yaml",
        "title: \"Safe \u{2066}plan\u{2069}\"\nstreams:\n  - id: s\n    tasks:\n      - {id: a, name: A, after: [\"zz\u{202e}\"]}\n",
    );
    let run = roadmap(d, ["check", "plans"]);
    run.exit(1);
    for c in ['\u{202e}', '\u{2066}', '\u{2069}'] {
        assert!(!run.out.contains(c), "{c:?} in {}", run.out);
    }
    assert!(run.out.contains("zz\\u{202e}"), "{}", run.out);
    assert!(run.out.contains("evil\\u{202e}lmay.yaml"), "{}", run.out);
}

/// Finding 7: CSV cells from a plan never start a formula, in `export` and
/// in the CSV of `status` and `milestones`.
#[test]
fn csv_cells_cannot_start_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "plan.yaml",
        "title: \"=cmd|' /C calc'!A0\"\nstart: 2026-01-05\nmilestones:\n  - {id: \"+m\", name: \"@SUM(1)\", after: [\"-a\"]}\nstreams:\n  - id: \"=s\"\n    tasks:\n      - {id: \"-a\", name: \"=HYPERLINK(\\\"http://x\\\")\", duration: 1d, owner: \"\\tboss\", priority: \"\\r=1\"}\n",
    );
    for args in [
        vec!["export", "--to", "csv", "plan.yaml"],
        vec!["status", "--format", "csv", "plan.yaml"],
        vec!["status", "--matrix", "--format", "csv", "plan.yaml"],
        vec!["milestones", "--format", "csv", "plan.yaml"],
    ] {
        let run = roadmap(d, &args);
        run.exit(0);
        let mut rd = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(run.out.as_bytes());
        for rec in rd.records() {
            for cell in rec.unwrap().iter() {
                let bad = cell.starts_with(['=', '+', '@', '\t', '\r'])
                    || (cell.starts_with('-') && cell.parse::<f64>().is_err());
                assert!(!bad, "{args:?}: cell {cell:?} in\n{}", run.out);
            }
        }
    }
}

/// Finding 9: `--force` replaces a regular file (or a symbolic link), never
/// a FIFO or a device.
#[cfg(unix)]
#[test]
fn force_replaces_only_regular_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "plan.yaml", format!("title: P\n{TASKS}"));
    let made = std::process::Command::new("mkfifo")
        .arg(d.join("out.csv"))
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("mkfifo is not available: case skipped");
        return;
    }
    let run = roadmap(
        d,
        [
            "export",
            "--to",
            "csv",
            "-o",
            "out.csv",
            "--force",
            "plan.yaml",
        ],
    );
    run.exit(2).err_names("out.csv");
    use std::os::unix::fs::FileTypeExt;
    let t = std::fs::symlink_metadata(d.join("out.csv"))
        .unwrap()
        .file_type();
    assert!(t.is_fifo(), "the FIFO was replaced");
    std::fs::create_dir(d.join("sub")).unwrap();
    std::os::unix::net::UnixListener::bind(d.join("sub/roadmap.yaml")).unwrap();
    roadmap(d, ["init", "sub", "--force"]).exit(2);
    let t = std::fs::symlink_metadata(d.join("sub/roadmap.yaml"))
        .unwrap()
        .file_type();
    assert!(t.is_socket(), "the socket was replaced");
}

/// Finding 12: a new file follows the umask; a replaced one keeps its mode.
#[cfg(unix)]
#[test]
fn written_files_follow_the_umask_or_the_old_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "plan.yaml", format!("title: P\n{TASKS}"));
    let bin = crate::support::binary();
    let sh = |cmd: &str| {
        let status = std::process::Command::new("sh")
            .args(["-c", cmd, "sh"])
            .arg(&bin)
            .current_dir(d)
            .status()
            .unwrap();
        assert!(status.success(), "{cmd}");
    };
    let mode = |p: &str| std::fs::metadata(d.join(p)).unwrap().permissions().mode() & 0o777;
    sh("umask 022; \"$1\" export --to csv -o new.csv plan.yaml");
    assert_eq!(mode("new.csv"), 0o644);
    sh("umask 027; \"$1\" init here >/dev/null");
    assert_eq!(mode("here/roadmap.yaml"), 0o640);
    std::fs::write(d.join("old.csv"), "x").unwrap();
    std::fs::set_permissions(d.join("old.csv"), std::fs::Permissions::from_mode(0o664)).unwrap();
    sh("umask 077; \"$1\" export --to csv -o old.csv --force plan.yaml");
    assert_eq!(mode("old.csv"), 0o664);
}

/// Finding 13: a schedule past 9999-12-31 is an error in `check` (and so
/// no report or export draws it).
#[test]
fn a_schedule_past_year_9999_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "far.yaml",
        "title: Far\nstart: 9990-01-04\nstreams:\n  - id: s\n    tasks:\n      - {id: a, name: A, duration: 5000w}\n      - {id: b, name: B, duration: 1d, after: [a]}\n",
    );
    let run = check(d, "far.yaml");
    run.exit(1).has("date-out-of-range", "far.yaml");
    let run = roadmap(d, ["export", "--to", "mermaid", "far.yaml"]);
    assert_ne!(run.code, 0);
    assert!(!run.out.contains("+1"), "{}", run.out);
    // Without a start the plan is drawn from 2001: 45 tasks of 50,000
    // working days in a chain end near the year 10600.
    let mut doc = String::from("title: Undated\nstreams:\n  - id: s\n    tasks:\n");
    for i in 0..45 {
        let after = if i == 0 {
            String::new()
        } else {
            format!(", after: [t{}]", i - 1)
        };
        doc.push_str(&format!(
            "      - {{id: t{i}, name: T, duration: 50000d{after}}}\n"
        ));
    }
    write(d, "undated.yaml", doc);
    check(d, "undated.yaml")
        .exit(1)
        .has("date-out-of-range", "undated.yaml");
}

/// Finding 16: a CR alone inside a line is a line break to YAML: the line a
/// diagnostic quotes is the line its number names.
#[test]
fn a_lone_cr_does_not_shift_the_quoted_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "cr.yaml",
        "title: T # note\r# still a comment\nstreams:\n  - id: s\n    tasks:\n      - {id: a, name: A}\n      - {id: b, name: B, after: [zz]}\n",
    );
    let run = check(d, "cr.yaml");
    run.exit(1).has("unknown-reference", "cr.yaml");
    let line = run.json()["diagnostics"][0]["line"].as_u64().unwrap();
    let human = roadmap(d, ["check", "cr.yaml"]);
    let quoted = format!("{line} |       - {{id: b, name: B, after: [zz]}}");
    assert!(
        human.out.contains(&quoted),
        "no `{quoted}` in\n{}",
        human.out
    );
}

/// Finding 15: the files of one run share one input budget (128 MiB): three
/// files of 45 MB, each under the file limit, are not all read.
#[test]
fn a_run_has_one_input_budget() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let big = format!(
        "title: Big\n{TASKS}{}",
        "# padding padding padding\n".repeat(45_000_000 / 26)
    );
    for name in ["a.yaml", "b.yaml", "c.yaml"] {
        write(d, &format!("plans/{name}"), &big);
    }
    let run = check(d, "plans");
    run.exit(1).has("input-limit", "c.yaml");
    assert!(
        run.out.contains("in this run"),
        "{}",
        &run.out[..run.out.len().min(2000)]
    );
}

/// Finding 6 (diff): escape sequences, OSC 8 links, OSC 52 clipboard
/// writes, BEL and CR in names and ids reach the terminal escaped: the
/// human report of `diff` holds no control character but its newlines, so
/// no line can be forged ("finish: … (unchanged)").
#[test]
fn diff_output_cannot_drive_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let plan = |weeks: u32| {
        format!(
            "title: \"T\\e[2J\"\nstart: 2026-01-05\nstreams:\n  - id: s\n    tasks:\n      - {{id: \"a\\e]8;;http://x\\a\", name: \"A\\rfinish: 2026-01-09 (unchanged)\\e]52;c;eA==\\a\", duration: {weeks}w}}\n"
        )
    };
    write(d, "old.yaml", plan(1));
    write(d, "new.yaml", plan(3));
    let run = roadmap(d, ["diff", "old.yaml", "new.yaml"]);
    run.exit(0);
    assert!(
        !run.out.chars().any(|c| c.is_control() && c != '\n'),
        "{:?}",
        run.out
    );
    assert!(run.out.contains("working days later"), "{}", run.out);
}

/// Finding 17: `%%{init}%%` in a name is text in the Mermaid export, not a
/// directive Mermaid would apply or strip.
#[test]
fn mermaid_directives_in_names_are_text() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "plan.yaml",
        "title: \"T %%{init: {'theme': 'forest'}}%%\"\nstart: 2026-01-05\nstreams:\n  - id: s\n    tasks:\n      - {id: a, name: \"x %%{init: {'securityLevel': 'loose'}}%% y\", duration: 1d}\n",
    );
    let run = roadmap(d, ["export", "--to", "mermaid", "plan.yaml"]);
    run.exit(0);
    assert!(!run.out.contains("%%{"), "{}", run.out);
    assert!(!run.out.contains("}%%"), "{}", run.out);
}

/// Finding 8: `diff` of two sides of 40,000 buckets and 40,000 tasks
/// (322 s before: every bucket counted over every item) finishes inside the
/// hang bound. bench/run.sh times it against `check`.
#[test]
fn diff_of_40000_buckets_and_tasks() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let n = 40_000;
    let side = |weeks: u32| {
        let mut s = String::from("title: Wide\nstart: 2026-01-05\nbuckets:\n");
        for i in 0..n {
            s.push_str(&format!("  - {{id: b{i}}}\n"));
        }
        s.push_str("streams:\n  - id: s\n    tasks:\n");
        for i in 0..n {
            s.push_str(&format!(
                "      - {{id: t{i}, name: T, duration: {}d, bucket: b{i}}}\n",
                if i == 0 { weeks * 5 } else { 1 }
            ));
        }
        s
    };
    write(d, "old.yaml", side(1));
    write(d, "new.yaml", side(2));
    let run = roadmap(d, ["diff", "old.yaml", "new.yaml", "--format", "json"]);
    run.exit(0);
    assert!(
        run.out.contains("\"finish_slip_days\": 5"),
        "{}",
        &run.out[..run.out.len().min(2000)]
    );
}

/// Finding 6 (explain): the same for `explain`, which names the task, its
/// drivers and what it pushes.
#[test]
fn explain_output_cannot_drive_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "plan.yaml",
        "title: \"T\\e]0;title\\a\"\nstart: 2026-01-05\nstreams:\n  - id: s\n    tasks:\n      - {id: a, name: \"A\\e[1A\\rforged\", duration: 1w}\n      - {id: b, name: \"B\\e]52;c;eA==\\a\", duration: 1w, after: [a]}\n",
    );
    let run = roadmap(d, ["explain", "b", "plan.yaml"]);
    run.exit(0);
    assert!(
        !run.out.chars().any(|c| c.is_control() && c != '\n'),
        "{:?}",
        run.out
    );
    assert!(run.out.contains("\\u{1b}]52"), "{}", run.out);
}

/// A report's text on a plan whose names, owners, ids and title hold
/// terminal controls: no control character but the line feed, no bidi
/// control.
fn report_text_is_inert(args: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "plan.yaml",
        "title: \"T\\e]0;t\\a\"\nstart: 2026-01-05\nbuckets:\n  - {id: \"q\\e[2J\", name: \"Q\\u202e1\", period: 2026-Q1}\nmilestones:\n  - {id: m, name: \"M\\e]8;;http://x\\a\", after: [\"a\\r\"], total: 1}\nstreams:\n  - id: \"s\\e[1A\"\n    name: \"S\\e]52;c;eA==\\a\"\n    tasks:\n      - {id: \"a\\r\", name: \"A\\rforged\", owner: \"O\\e[31m\", bucket: \"q\\e[2J\", tags: [\"t\\a\"], duration: 1w}\n      - {id: b, name: \"B\\u2066x\\u2069\", duration: 1w, after: [\"a\\r\"]}\n",
    );
    let mut a: Vec<&str> = args.to_vec();
    a.extend(["--color", "never", "plan.yaml"]);
    let run = roadmap(d, &a);
    run.exit(0);
    assert!(
        !run.out
            .chars()
            .any(|c| (c.is_control() && c != '\n') || roadmap::escape::is_bidi_control(c)),
        "{args:?}: {:?}",
        run.out
    );
}

// Finding 6 for the other reports: their tables go through escape::terminal.

#[test]
fn status_tables_cannot_drive_the_terminal() {
    report_text_is_inert(&["status"]);
    report_text_is_inert(&["status", "--by", "owner"]);
    report_text_is_inert(&["status", "--matrix"]);
}

#[test]
fn milestones_table_cannot_drive_the_terminal() {
    report_text_is_inert(&["milestones"]);
}

#[test]
fn critical_path_table_cannot_drive_the_terminal() {
    report_text_is_inert(&["critical-path", "--all"]);
}

#[test]
fn gantt_cannot_drive_the_terminal() {
    report_text_is_inert(&["gantt"]);
}
