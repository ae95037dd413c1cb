//! `roadmap check` over one fixture folder per diagnostic code.
//!
//! `tests/fixtures/check/<code>/` holds `bad.yaml` (a small plan with the
//! mistake that gives `<code>`), variants `bad-*.yaml` where the code has
//! messages that differ, fragments they include (in sub-folders), and
//! `fixed.yaml` (the plan corrected, which must check clean). Each bad file's
//! human output is pinned by a snapshot in `tests/snapshots/`; docs/check.md
//! quotes the snapshots of the `bad.yaml` files.
//!
//! A new code in `Code::ALL` without a fixture folder fails
//! `every_code_has_a_fixture_folder`.

use crate::support::{portable, run};
use roadmap::diag::{Code, Severity, Stops};
use std::path::{Path, PathBuf};

const FIXTURES: &str = "tests/fixtures/check";

/// Folders under `FIXTURES` that are not a code: files shared by fixtures.
const SHARED: &[&str] = &["_shared"];

fn code_named(name: &str) -> Option<Code> {
    Code::from_name(name)
}

/// `roadmap check <path> <extra…>`, with paths written the way a user would.
fn check(path: &str, extra: &[&str]) -> (u8, String, String) {
    // A fixed as-of date before every fixture's start: the output does not
    // depend on the clock.
    let mut args = vec!["check", path, "--today", "2026-01-01"];
    args.extend_from_slice(extra);
    run(args)
}

/// The bad files of one fixture folder, `bad.yaml` first, then the variants by name.
fn bad_files(code: &str) -> Vec<String> {
    let dir = Path::new(FIXTURES).join(code);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("bad") && n.ends_with(".yaml"))
        .collect();
    names.sort_by_key(|n| (n != "bad.yaml", n.clone()));
    assert_eq!(
        names.first().map(String::as_str),
        Some("bad.yaml"),
        "{code}: no bad.yaml"
    );
    names
        .into_iter()
        .map(|n| format!("{FIXTURES}/{code}/{n}"))
        .collect()
}

/// Snapshot name: the code for `bad.yaml`, `<code>-<variant>` for `bad-<variant>.yaml`.
fn snapshot_name(code: &str, path: &str) -> String {
    let stem = Path::new(path).file_stem().unwrap().to_string_lossy();
    match stem.strip_prefix("bad-") {
        Some(variant) => format!("{code}-{variant}"),
        None => code.to_string(),
    }
}

fn json(path: &str) -> serde_json::Value {
    let (_, out, err) = check(path, &["--format", "json"]);
    assert!(err.is_empty(), "{path}: stderr: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{path}: bad JSON ({e}): {out}"))
}

/// Every bad file of the folder for `code`: exit codes, the code in the
/// output, the file named, and a snapshot of the human output.
fn check_fixture(name: &str) {
    let code = code_named(name).unwrap_or_else(|| panic!("`{name}` is not a code"));
    for path in bad_files(name) {
        let (exit, out, err) = check(&path, &["--color", "never"]);
        assert!(err.is_empty(), "{path}: stderr: {err}");
        match code.severity() {
            Severity::Error => assert_eq!(exit, 1, "{path}: exit code\n{out}"),
            Severity::Warning => {
                assert_eq!(exit, 0, "{path}: a warning alone must exit 0\n{out}");
                let (denied, _, _) = check(&path, &["--color", "never", "--deny", "warnings"]);
                assert_eq!(denied, 1, "{path}: --deny warnings must exit 1");
            }
        }
        assert!(
            out.contains(&format!("{}[{name}]", code.severity().as_str())),
            "{path}: no {name} in the output\n{out}"
        );
        assert!(
            out.contains(&format!("{path}:")),
            "{path}: the output does not name the file\n{out}"
        );
        // The diagnostic points into this fixture's folder, at a real line.
        let report = json(&path);
        let found = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == name)
            .unwrap_or_else(|| panic!("{path}: no {name} in the JSON report"));
        let file = found["file"].as_str().unwrap();
        assert!(
            file.starts_with(&format!("{FIXTURES}/{name}/")),
            "{path}: {name} points at {file}"
        );
        assert!(found["line"].as_u64().unwrap() >= 1);
        assert!(found["column"].as_u64().unwrap() >= 1);
        assert_eq!(found["severity"], code.severity().as_str());
        levels_apply_to(code, &path, &report);

        insta::assert_snapshot!(snapshot_name(name, &path), portable(&out));
    }
}

/// `--deny CODE` makes the code an error; `--allow CODE` drops it from the
/// output and the counts (or is refused, for a code that stops reading or
/// scheduling); the other diagnostics stay as they were.
fn levels_apply_to(code: Code, path: &str, report: &serde_json::Value) {
    let name = code.as_str();
    let diags = report["diagnostics"].as_array().unwrap();
    let others: Vec<&serde_json::Value> = diags.iter().filter(|d| d["code"] != name).collect();

    let (exit, out, err) = check(path, &["--format", "json", "--deny", name]);
    assert!(err.is_empty(), "{path}: --deny {name}: {err}");
    assert_eq!(exit, 1, "{path}: --deny {name} must fail");
    let denied: serde_json::Value = serde_json::from_str(&out).unwrap();
    let denied = denied["diagnostics"].as_array().unwrap();
    assert_eq!(denied.len(), diags.len(), "{path}");
    for (d, before) in denied.iter().zip(diags) {
        let severity = if d["code"] == name {
            "error"
        } else {
            before["severity"].as_str().unwrap()
        };
        assert_eq!(d["severity"], severity, "{path}: --deny {name}: {d}");
    }

    let (exit, out, err) = check(path, &["--format", "json", "--allow", name]);
    if code.stops() != Stops::Nothing {
        assert_eq!(exit, 2, "{path}: --allow {name} must be refused");
        assert!(out.is_empty(), "{path}: {out}");
        assert!(
            err.contains(&format!("`{name}` cannot be allowed")),
            "{path}: {err}"
        );
        return;
    }
    assert!(err.is_empty(), "{path}: --allow {name}: {err}");
    let allowed: serde_json::Value = serde_json::from_str(&out).unwrap();
    let kept: Vec<&serde_json::Value> = allowed["diagnostics"].as_array().unwrap().iter().collect();
    assert_eq!(
        kept, others,
        "{path}: --allow {name} must drop it and only it"
    );
    let errors = others.iter().filter(|d| d["severity"] == "error").count();
    assert_eq!(allowed["errors"], errors, "{path}");
    assert_eq!(allowed["warnings"], others.len() - errors, "{path}");
    assert_eq!(
        exit,
        u8::from(errors > 0),
        "{path}: --allow {name}: exit code"
    );
}

macro_rules! fixture_tests {
    ($($test:ident => $code:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check_fixture($code);
            }
        )*

        /// The codes that have a test above, to compare with `Code::ALL`.
        const TESTED: &[&str] = &[$($code),*];
    };
}

fixture_tests! {
    yaml_syntax => "yaml-syntax",
    invalid_value => "invalid-value",
    invalid_date => "invalid-date",
    invalid_duration => "invalid-duration",
    invalid_status => "invalid-status",
    invalid_kind => "invalid-kind",
    invalid_calendar => "invalid-calendar",
    invalid_sprint => "invalid-sprint",
    end_before_start => "end-before-start",
    conflicting_dates => "conflicting-dates",
    empty_value => "empty-value",
    misplaced_key => "misplaced-key",
    missing_key => "missing-key",
    unknown_key => "unknown-key",
    duplicate_key => "duplicate-key",
    input_limit => "input-limit",
    encoding => "encoding",
    empty_file => "empty-file",
    include_error => "include-error",
    duplicate_id => "duplicate-id",
    unknown_reference => "unknown-reference",
    dependency_cycle => "dependency-cycle",
    total_mismatch => "total-mismatch",
    start_before_dependency => "start-before-dependency",
    bucket_order => "bucket-order",
    duration_mismatch => "duration-mismatch",
    outside_bucket => "outside-bucket",
    due_date_missed => "due-date-missed",
    deadline_missed => "deadline-missed",
    date_out_of_range => "date-out-of-range",
    start_not_held => "start-not-held",
    milestone_date_missed => "milestone-date-missed",
    non_working_day => "non-working-day",
    estimate_order => "estimate-order",
    estimate_excludes_duration => "estimate-excludes-duration",
    effort_mismatch => "effort-mismatch",
    over_allocated => "over-allocated",
    over_capacity => "over-capacity",
}

#[test]
fn every_code_has_a_fixture_folder() {
    for code in Code::ALL {
        let dir = Path::new(FIXTURES).join(code.as_str());
        assert!(
            dir.join("bad.yaml").is_file() && dir.join("fixed.yaml").is_file(),
            "code `{code}` has no fixture: add {0}/bad.yaml and {0}/fixed.yaml",
            dir.display()
        );
        assert!(
            TESTED.contains(&code.as_str()),
            "code `{code}` has no test: add it to fixture_tests! in this file"
        );
    }
    // And every folder is a code (a typo in a folder name would skip its tests).
    for entry in std::fs::read_dir(FIXTURES).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_dir() && !SHARED.contains(&name.as_str()) {
            assert!(
                code_named(&name).is_some(),
                "{FIXTURES}/{name} is not a code"
            );
        }
    }
}

#[test]
fn every_fixed_plan_checks_clean() {
    let mut n = 0;
    for code in Code::ALL {
        let path = format!("{FIXTURES}/{code}/fixed.yaml");
        let (exit, out, err) = check(&path, &["--color", "never", "--deny", "warnings"]);
        assert!(err.is_empty(), "{path}: stderr: {err}");
        assert_eq!(exit, 0, "{path} must check clean\n{out}");
        assert!(
            out.starts_with(&format!("{path}: ")) && out.trim_end().ends_with(": ok"),
            "{path}: expected only the `ok` summary line\n{out}"
        );
        assert_eq!(out.lines().count(), 1, "{path}\n{out}");
        let report = json(&path);
        assert_eq!(report["diagnostics"], serde_json::json!([]), "{path}");
        assert_eq!(report["errors"], 0);
        assert_eq!(report["warnings"], 0);
        n += 1;
    }
    assert_eq!(n, Code::ALL.len());
}

/// A fragment included by two plans of one folder: the folder is the argument.
#[test]
fn a_fragment_in_two_plans() {
    let path = format!("{FIXTURES}/include-error/two-plans/");
    let (exit, out, err) = check(&path, &["--color", "never"]);
    assert!(err.is_empty(), "stderr: {err}");
    assert_eq!(exit, 1);
    assert!(out.contains("error[include-error]"), "{out}");
    assert!(out.contains(&format!("{path}refunds.yaml:3:11")), "{out}");
    insta::assert_snapshot!("include-error-two-plans", portable(&out));
}

/// The machine formats, for a few fixtures: an error with a help line, one
/// with related locations, a file that could not be read, and warnings.
#[test]
fn json_and_github_formats() {
    let cases = [
        "yaml-syntax/bad.yaml",
        "unknown-reference/bad.yaml",
        "dependency-cycle/bad-three.yaml",
        "total-mismatch/bad-added-task.yaml",
        "encoding/bad-utf16.yaml",
        "start-before-dependency/bad-weeks.yaml",
        "duration-mismatch/bad.yaml",
    ];
    for case in cases {
        let path = format!("{FIXTURES}/{case}");
        let code = case.split('/').next().unwrap();
        let name = snapshot_name(code, &path);

        let (exit_json, out, err) = check(&path, &["--format", "json"]);
        assert!(err.is_empty(), "{path}: stderr: {err}");
        let report: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert!(report["diagnostics"].is_array());
        assert!(report["errors"].is_u64() && report["warnings"].is_u64());
        assert_eq!(report["plans"][0]["file"], path.as_str());
        insta::assert_snapshot!(format!("{name}-json"), portable(&out));

        let (exit_github, out, err) = check(&path, &["--format", "github"]);
        assert!(err.is_empty(), "{path}: stderr: {err}");
        assert_eq!(
            exit_json, exit_github,
            "{path}: the format changes the exit code"
        );
        for line in out.lines() {
            assert!(
                line.starts_with("::error file=") || line.starts_with("::warning file="),
                "{path}: not a workflow command: {line}"
            );
        }
        insta::assert_snapshot!(format!("{name}-github"), portable(&out));
    }
}

/// docs/check.md has a section for every code, quoting the human output of
/// its `bad.yaml` exactly as the tool prints it today.
#[test]
fn docs_quote_the_output_of_every_bad_example() {
    let docs = std::fs::read_to_string("docs/check.md").expect("docs/check.md");
    for code in Code::ALL {
        assert!(
            docs.contains(&format!("\n## `{code}`\n")),
            "docs/check.md has no section `## \\`{code}\\``"
        );
        let path: PathBuf = [FIXTURES, code.as_str(), "bad.yaml"].iter().collect();
        let (_, out, _) = check(path.to_str().unwrap(), &["--color", "never"]);
        let out = portable(&out);
        assert!(
            docs.contains(out.trim_end()),
            "docs/check.md does not quote the current output for {}:\n{out}",
            path.display()
        );
    }
}

/// Per-code severity on the command line, in the three formats.
#[test]
fn deny_warn_and_allow_set_the_final_severity() {
    let path = format!("{FIXTURES}/outside-bucket/bad.yaml");
    // One warning denied: an error in every format, and the exit code fails.
    let (exit, out, _) = check(&path, &["--color", "never", "--deny", "outside-bucket"]);
    assert_eq!(exit, 1);
    assert!(out.starts_with("error[outside-bucket]: "), "{out}");
    assert!(out.trim_end().ends_with("(3 items): 1 error"), "{out}");
    let (_, out, _) = check(&path, &["--format", "github", "-D", "outside-bucket"]);
    assert!(out.starts_with("::error file="), "{out}");
    // Another code denied leaves this warning a warning.
    let (exit, out, _) = check(&path, &["--color", "never", "--deny", "bucket-order"]);
    assert_eq!(exit, 0);
    assert!(out.starts_with("warning[outside-bucket]: "), "{out}");

    // An error made a warning passes.
    let path = format!("{FIXTURES}/total-mismatch/bad.yaml");
    let (exit, out, _) = check(&path, &["--color", "never", "--warn", "total-mismatch"]);
    assert_eq!(exit, 0, "{out}");
    assert!(out.starts_with("warning[total-mismatch]: "), "{out}");
    assert!(out.trim_end().ends_with(": 1 warning"), "{out}");

    // An error allowed is neither printed nor counted.
    let path = format!("{FIXTURES}/unknown-reference/bad.yaml");
    let (exit, out, _) = check(&path, &["--color", "never", "--allow", "unknown-reference"]);
    assert_eq!((exit, out.lines().count()), (0, 1), "{out}");
    assert!(out.trim_end().ends_with(": ok"), "{out}");

    // A code given a level keeps it whatever `warnings` says.
    let path = format!("{FIXTURES}/start-before-dependency/bad-milestone.yaml");
    let warnings = json(&path)["warnings"].as_u64().unwrap();
    assert!(warnings >= 1);
    let (exit, _, _) = check(&path, &["--deny", "warnings"]);
    assert_eq!(exit, 1);
    let (exit, out, _) = check(
        &path,
        &[
            "--format",
            "json",
            "--deny",
            "warnings",
            "-A",
            "start-before-dependency",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["severity"] == "error" && d["code"] != "start-before-dependency"),
        "{out}"
    );
    assert_eq!(exit, u8::from(v["errors"].as_u64().unwrap() > 0));
    let path = format!("{FIXTURES}/start-before-dependency/bad.yaml");
    // The fixture also dates a milestone its dependency reaches later
    // (milestone-date-missed) and states a start its dependency pushes
    // later (start-not-held): allowed here, to look at one code.
    let (exit, out, _) = check(
        &path,
        &[
            "--color",
            "never",
            "--deny",
            "warnings",
            "--warn",
            "start-before-dependency",
            "--allow",
            "milestone-date-missed",
            "--allow",
            "start-not-held",
        ],
    );
    assert_eq!(exit, 0, "{out}");
    assert!(
        out.starts_with("warning[start-before-dependency]: "),
        "{out}"
    );
    let (exit, out, _) = check(&path, &["--format", "json", "--allow", "warnings"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["warnings"], 0, "{out}");
    assert_eq!(exit, u8::from(v["errors"].as_u64().unwrap() > 0));
}

/// Bad levels stop the check before it reads anything (exit 2), and say why.
#[test]
fn bad_levels_are_refused() {
    let path = format!("{FIXTURES}/outside-bucket/bad.yaml");
    let cases: [(&[&str], &str); 6] = [
        (
            &["--deny", "outside-buckets"],
            "no code is named `outside-buckets`: did you mean `outside-bucket`?",
        ),
        (&["--allow", "warning"], "did you mean `warnings`?"),
        (
            &["--allow", "yaml-syntax"],
            "`yaml-syntax` cannot be allowed: it stops the plan from being read",
        ),
        (
            &["--warn", "dependency-cycle"],
            "`dependency-cycle` cannot be made a warning: it stops the plan from being scheduled",
        ),
        (
            &["--allow", "bucket-order", "--deny", "bucket-order"],
            "`--deny bucket-order` and `--allow bucket-order` disagree: give one",
        ),
        (
            &["--warn", "warnings"],
            "the group `warnings` is for --deny and --allow",
        ),
    ];
    for (args, says) in cases {
        let (exit, out, err) = check(&path, args);
        assert_eq!(exit, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

/// `check --help` lists every code with its severity and summary, from the
/// one table of codes.
#[test]
fn help_lists_every_code() {
    let (exit, out, _) = run(["check", "--help"]);
    assert_eq!(exit, 0);
    for code in Code::ALL {
        let line = out
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{code} ")))
            .unwrap_or_else(|| panic!("no line for {code} in\n{out}"));
        assert!(line.contains(code.severity().as_str()), "{line}");
        assert!(line.trim_end().ends_with(code.summary()), "{line}");
    }
}

/// The table of codes in docs/check.md is the table of the source, and the
/// example of `--deny` / `--allow` there is what the tool prints.
#[test]
fn docs_list_every_code_and_show_the_levels() {
    let docs = std::fs::read_to_string("docs/check.md").expect("docs/check.md");
    for code in Code::ALL {
        let allow = if code.stops() == Stops::Nothing {
            "yes"
        } else {
            "no"
        };
        let row = format!(
            "| [`{code}`](#{code}) | {} | {allow} | {} |",
            code.severity().as_str(),
            code.summary()
        );
        assert!(docs.contains(&row), "docs/check.md has no row\n{row}");
    }
    let path = format!("{FIXTURES}/outside-bucket/bad.yaml");
    let args = ["--deny", "outside-bucket", "--allow", "due-date-missed"];
    let (exit, out, _) = check(&path, &args);
    assert_eq!(exit, 1);
    assert!(
        docs.contains(&format!("roadmap check {path} {}\n", args.join(" "))),
        "docs/check.md does not show the command"
    );
    assert!(
        docs.contains(out.trim_end()),
        "docs/check.md does not quote the output of --deny:\n{out}"
    );
    let (exit, _, err) = check("plans/", &["--allow", "yaml-syntax"]);
    assert_eq!(exit, 2);
    let said = err.lines().next().unwrap();
    assert!(
        docs.contains(&format!(
            "$ roadmap check plans/ --allow yaml-syntax\n{said}\n"
        )),
        "docs/check.md does not quote the refusal:\n{said}"
    );
}

/// Each section of docs/check.md lists the message of every variant
/// `bad-*.yaml` of its code, as the tool prints it today.
#[test]
fn docs_list_the_message_of_every_variant() {
    let docs = std::fs::read_to_string("docs/check.md").expect("docs/check.md");
    for code in Code::ALL {
        let section = docs
            .split(&format!("\n## `{code}`\n"))
            .nth(1)
            .and_then(|s| s.split("\n## ").next())
            .unwrap_or_else(|| panic!("docs/check.md has no section for {code}"));
        for path in bad_files(code.as_str()).into_iter().skip(1) {
            let (_, out, _) = check(&path, &["--color", "never"]);
            let msg = out
                .lines()
                .find_map(|l| {
                    l.strip_prefix(&format!("error[{code}]: "))
                        .or_else(|| l.strip_prefix(&format!("warning[{code}]: ")))
                })
                .unwrap_or_else(|| panic!("{path}: no {code}\n{out}"));
            let file = Path::new(&path).file_name().unwrap().to_string_lossy();
            let line = format!("- {msg} (`{file}`)\n");
            assert!(
                section.contains(&line),
                "docs/check.md, section {code}, does not list\n{line}"
            );
        }
    }
}

/// The CI gate for deadlines: `--deny deadline-missed` fails on a milestone
/// (or the plan) that misses its `deadline`, and on nothing else: a task's
/// missed due date stays a warning that passes.
#[test]
fn deny_deadline_missed_fails_on_deadlines_only() {
    let dir = tempfile::tempdir().unwrap();
    // The bad milestone fixture with its task's due date moved earlier: one
    // missed due date (a task) and one missed deadline (a milestone).
    let both = std::fs::read_to_string(format!("{FIXTURES}/deadline-missed/bad.yaml"))
        .unwrap()
        .replace("due: 2026-03-27", "due: 2026-03-20");
    let both = crate::support::write(dir.path(), "both.yaml", both);
    let both = both.to_str().unwrap();
    let (exit, out, _) = check(both, &["--format", "json"]);
    assert_eq!(exit, 0, "warnings alone pass\n{out}");
    let codes = |out: &str| -> Vec<(String, String)> {
        let v: serde_json::Value = serde_json::from_str(out).unwrap();
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_string(),
                    d["severity"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let mut seen = codes(&out);
    seen.sort();
    assert_eq!(
        seen,
        [
            ("deadline-missed".to_string(), "warning".to_string()),
            ("due-date-missed".to_string(), "warning".to_string())
        ],
        "{out}"
    );

    let (exit, out, _) = check(both, &["--format", "json", "--deny", "deadline-missed"]);
    assert_eq!(exit, 1, "{out}");
    let mut seen = codes(&out);
    seen.sort();
    assert_eq!(seen[0], ("deadline-missed".into(), "error".into()));
    assert_eq!(seen[1], ("due-date-missed".into(), "warning".into()));

    // A plan that only misses task due dates passes the deadline gate.
    for path in bad_files("due-date-missed") {
        let (exit, out, _) = check(&path, &["--color", "never", "--deny", "deadline-missed"]);
        assert_eq!(exit, 0, "{path}\n{out}");
        assert!(out.contains("warning[due-date-missed]"), "{path}\n{out}");
    }
    // And the plan's own deadline is a deadline too.
    let path = format!("{FIXTURES}/deadline-missed/bad-plan.yaml");
    let (exit, out, _) = check(&path, &["--color", "never", "-D", "deadline-missed"]);
    assert_eq!(exit, 1, "{out}");
    assert!(
        out.starts_with("error[deadline-missed]: the plan "),
        "{out}"
    );
}

/// `check -q` prints the summary lines of the full output and nothing else,
/// with the same exit code; with a machine format it is refused.
#[test]
fn quiet_prints_only_the_summary_lines() {
    let cases: [(&str, &[&str]); 4] = [
        ("unknown-reference/bad.yaml", &[]),
        ("due-date-missed/bad-bucket.yaml", &[]),
        ("due-date-missed/bad-bucket.yaml", &["--deny", "warnings"]),
        ("deadline-missed/fixed.yaml", &[]),
    ];
    for (case, extra) in cases {
        let path = format!("{FIXTURES}/{case}");
        let mut args = vec!["--color", "never"];
        args.extend_from_slice(extra);
        let (full_exit, full, _) = check(&path, &args);
        for q in ["-q", "--quiet"] {
            let mut quiet_args = args.clone();
            quiet_args.push(q);
            let (exit, out, err) = check(&path, &quiet_args);
            assert!(err.is_empty(), "{path}: {err}");
            assert_eq!(exit, full_exit, "{path} {q}: the exit code changed");
            let summary: Vec<&str> = full
                .lines()
                .filter(|l| l.starts_with(&format!("{path}: ")))
                .collect();
            assert_eq!(out.lines().collect::<Vec<_>>(), summary, "{path} {q}");
            assert_eq!(out.lines().count(), 1, "{path}\n{out}");
        }
    }
    // A folder of several plans: one line each.
    let (exit, out, _) = check("plans/", &["-q", "--color", "never"]);
    let (full_exit, full, _) = check("plans/", &["--color", "never"]);
    assert_eq!(exit, full_exit);
    assert!(out.lines().count() > 1, "{out}");
    assert!(
        full.ends_with(&out),
        "the summary lines are the end of the full output"
    );
    assert!(!out.contains("error["), "{out}");

    for format in ["json", "github"] {
        let path = format!("{FIXTURES}/unknown-reference/bad.yaml");
        let (exit, out, err) = check(&path, &["-q", "--format", format]);
        assert_eq!(exit, 2, "{format}");
        assert!(out.is_empty(), "{out}");
        assert!(err.contains("--quiet"), "{err}");
    }
}
