//! `roadmap list`, and the examples of docs/list.md and docs/edit.md run
//! against the tool.

use crate::support::run_argv as run_args;

use std::path::Path;
use std::process::Command;

/// Run `roadmap` in `dir` as the docs show it (today 2026-02-16, 100
/// columns, no colour): standard output, then standard error.
fn run_in(dir: &Path, line: &str) -> String {
    let args: Vec<&str> = line.split_whitespace().skip(1).collect();
    // `--width` only for a command that prints a table (the others refuse it).
    let width: &[&str] = match args.first() {
        Some(c) if crate::support::NO_WIDTH.contains(c) => &[],
        _ => &["--width", "100"],
    };
    let out = Command::new(env!("CARGO_BIN_EXE_roadmap"))
        .args(["--today", "2026-02-16"])
        .args(width)
        .args(["--color", "never"])
        .args(&args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("ROADMAP_TODAY")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// Does the plan format have the actual dates (`started`, `finished`)?
fn knows_actual_dates() -> bool {
    serde_json::to_string(&roadmap::plan::raw::json_schema())
        .unwrap()
        .contains("\"finished\"")
}

/// Every ```console block of `doc`, run in order on a copy of the plan in
/// docs/list.md's ```yaml block: the output must be the block's.
fn check_doc(doc: &str) {
    let plan_doc = std::fs::read_to_string("docs/list.md").unwrap();
    let yaml = plan_doc
        .split("```yaml\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("roadmap.yaml"), yaml).unwrap();
    let text = std::fs::read_to_string(doc).unwrap();
    let mut blocks = 0;
    for block in text.split("```console").skip(1) {
        let (info, body) = block.split_once('\n').unwrap();
        let body = body.split("```").next().unwrap();
        let (cmd, want) = body.split_once('\n').unwrap();
        let cmd = cmd.strip_prefix("$ ").unwrap();
        if info == ",needs-actual-dates" && !knows_actual_dates() {
            eprintln!("{doc}: `{cmd}` not run: the plan format has no `finished` yet");
            continue;
        }
        assert_eq!(
            run_in(dir.path(), cmd),
            want,
            "{doc} is out of date for `{cmd}`"
        );
        blocks += 1;
    }
    assert!(blocks >= 5, "{doc}: {blocks} examples");
}

#[test]
fn the_examples_of_docs_list_md_are_what_the_tool_prints() {
    check_doc("docs/list.md");
}

#[test]
fn the_examples_of_docs_edit_md_are_what_the_tool_prints() {
    check_doc("docs/edit.md");
}

const PLAN: &str = "title: T\nstart: 2026-01-05\nstreams:\n  - id: s\n    tasks:\n      - { id: '4.10', name: Ten, duration: 1d, owner: '=HYPERLINK(\"x\")' }\n      - { id: '4.5', name: \"Five\\e[31m\", duration: 2d, due: 2026-01-06 }\n      - { id: '4.9', name: Nine, duration: 3d, status: done, due: 2026-01-06 }\n";

fn plan() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.yaml");
    std::fs::write(&p, PLAN).unwrap();
    let s = p.to_str().unwrap().to_string();
    (dir, s)
}

fn list(args: &[&str]) -> (u8, String, String) {
    let mut a = vec!["roadmap", "--today", "2026-01-12", "list"];
    a.extend(args);
    run_args(a)
}

fn ids_of_csv(out: &str) -> Vec<String> {
    out.lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().to_string())
        .collect()
}

#[test]
fn ids_sort_in_natural_order_and_sort_keys_chain() {
    let (_d, p) = plan();
    let (code, out, err) = list(&[&p, "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(ids_of_csv(&out), ["4.5", "4.9", "4.10"]);
    let (_, out, _) = list(&[&p, "--format", "csv", "--sort", "-id"]);
    assert_eq!(ids_of_csv(&out), ["4.10", "4.9", "4.5"]);
    // Status first (todo before done), then the due date descending, missing last.
    let (_, out, _) = list(&[&p, "--format", "csv", "--sort", "status,-due"]);
    assert_eq!(ids_of_csv(&out), ["4.5", "4.10", "4.9"]);
}

#[test]
fn limit_says_how_many_more_and_filters_narrow() {
    let (_d, p) = plan();
    let (_, out, _) = list(&[&p, "--limit", "1"]);
    assert!(out.contains("and 2 more"), "{out}");
    let (_, out, _) = list(&[&p, "--overdue", "--format", "csv"]);
    assert_eq!(ids_of_csv(&out), ["4.5"]);
    let (_, out, _) = list(&[
        &p,
        "--due-before",
        "2026-01-07",
        "--status",
        "done",
        "--format",
        "csv",
    ]);
    assert_eq!(ids_of_csv(&out), ["4.9"]);
}

#[test]
fn user_text_is_escaped_for_csv_and_the_terminal() {
    let (_d, p) = plan();
    let (_, out, _) = list(&[&p, "--format", "csv"]);
    assert!(out.contains(",\"'=HYPERLINK(\"\"x\"\")\","), "{out}");
    let (_, out, _) = list(&[&p]);
    assert!(!out.contains('\u{1b}'), "{out}");
    assert!(out.contains("Five\\u{1b}"), "{out}");
}

#[test]
fn an_unknown_owner_or_stream_is_refused_with_a_did_you_mean() {
    let (_d, p) = plan();
    let (code, _, err) = list(&[&p, "--stream", "ss"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `s`?"), "{err}");
    let (code, _, err) = list(&[&p, "--owner", "=HYPERLINK(\"y\")"]);
    assert_eq!(code, 2);
    assert!(err.contains("no item has this owner"), "{err}");
}

#[test]
fn tasks_is_an_alias_of_list() {
    let (_d, p) = plan();
    assert_eq!(
        list(&[&p, "--format", "json"]).1,
        run_args([
            "roadmap",
            "--today",
            "2026-01-12",
            "tasks",
            &p,
            "--format",
            "json"
        ])
        .1
    );
}

/// What the shell's completion hook gets for `words` (fish's protocol).
fn complete(dir: &Path, shell: &str, words: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_roadmap"))
        .arg("--")
        .args(words)
        .current_dir(dir)
        .env("COMPLETE", shell)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_shell_completes_ids_streams_and_owners_from_the_plan_here() {
    let plan_doc = std::fs::read_to_string("docs/list.md").unwrap();
    let yaml = plan_doc
        .split("```yaml\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("roadmap.yaml"), yaml).unwrap();
    let ids = complete(dir.path(), "fish", &["roadmap", "done", "1."]);
    let ids: Vec<&str> = ids.lines().map(|l| l.split('\t').next().unwrap()).collect();
    assert_eq!(ids, ["1.1", "1.10", "1.2"]);
    let streams = complete(dir.path(), "fish", &["roadmap", "list", "--stream", ""]);
    assert!(
        streams.lines().any(|l| l.starts_with("backend"))
            && streams.lines().any(|l| l.starts_with("web")),
        "{streams}"
    );
    let owners = complete(dir.path(), "fish", &["roadmap", "list", "--owner", "P"]);
    assert_eq!(owners.trim(), "Priya");
    // The hook itself, for each shell.
    for (shell, mark) in [
        ("bash", "complete -o"),
        ("zsh", "#compdef roadmap"),
        ("fish", "complete "),
    ] {
        let hook = complete(dir.path(), shell, &[]);
        assert!(hook.contains(mark), "{shell}: {hook}");
    }
}
