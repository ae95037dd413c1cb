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

use roadmap::cli::run_args;
use roadmap::diag::{Code, Severity};
use std::path::{Path, PathBuf};

const FIXTURES: &str = "tests/fixtures/check";

/// Folders under `FIXTURES` that are not a code: files shared by fixtures.
const SHARED: &[&str] = &["_shared"];

fn code_named(name: &str) -> Option<Code> {
    Code::ALL.into_iter().find(|c| c.as_str() == name)
}

/// `roadmap check <path> <extra…>`, with paths written the way a user would.
///
/// It runs on a thread with the 8 MiB stack the binary's main thread has on
/// Linux: a test thread's 2 MiB is too little for the deepest nesting the
/// loader accepts in a debug build (input-limit/bad-deep.yaml).
fn check(path: &str, extra: &[&str]) -> (u8, String, String) {
    // A fixed as-of date before every fixture's start: the output does not
    // depend on the clock.
    let mut args: Vec<String> = vec![
        "roadmap".into(),
        "check".into(),
        path.into(),
        "--today".into(),
        "2026-01-01".into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || run_args(args))
        .expect("spawn")
        .join()
        .expect("roadmap check panicked")
}

/// Output with the machine-dependent absolute path of the crate replaced, so
/// that snapshots hold on any checkout.
fn portable(out: &str) -> String {
    let root = std::env::current_dir()
        .and_then(|d| d.canonicalize())
        .expect("current dir");
    out.replace(&root.to_string_lossy().replace('\\', "/"), "[CRATE]")
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

        insta::assert_snapshot!(snapshot_name(name, &path), portable(&out));
    }
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
    start_not_held => "start-not-held",
    milestone_date_missed => "milestone-date-missed",
    non_working_day => "non-working-day",
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
