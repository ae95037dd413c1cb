//! `schema`, `init`, `completions`, `man` and `diff`.

use crate::support::{Repo, roadmap, run};

/// The as-of date of these tests.
const TODAY: &str = "2026-12-01";

/// Issue 13: a plan made today is forecast from today, never in the past.
#[test]
fn init_then_critical_path_finishes_after_today() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().to_str().unwrap();
    let (code, _, err) = run(["init", t, "--today", TODAY]);
    assert_eq!(code, 0, "{err}");
    let plan = dir.path().join("roadmap.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    assert!(
        text.contains("start: 2026-12-07 "),
        "the next Monday: {text}"
    );
    let (code, out, err) = run([
        "critical-path",
        plan.to_str().unwrap(),
        "--format",
        "json",
        "--today",
        TODAY,
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let finish = v["finish"].as_str().expect("a finish date");
    assert!(finish > TODAY, "forecast finish {finish} is after {TODAY}");
}

fn yaml_to_json(text: &str) -> serde_json::Value {
    serde_saphyr::from_str(text).expect("plan YAML reads as a JSON value")
}

#[test]
fn committed_schema_is_the_generated_one() {
    let (code, out, _) = run(["schema"]);
    assert_eq!(code, 0);
    let committed = std::fs::read_to_string("schema/roadmap.schema.json").unwrap();
    assert_eq!(
        committed, out,
        "schema/roadmap.schema.json is stale: run `roadmap schema > schema/roadmap.schema.json`"
    );
}

#[test]
fn every_plan_validates_against_the_schema_and_a_typo_does_not() {
    let (_, schema, _) = run(["schema"]);
    let schema: serde_json::Value = serde_json::from_str(&schema).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let mut n = 0;
    for entry in std::fs::read_dir("plans").unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("# yaml-language-server: $schema=../schema/roadmap.schema.json\n"),
            "{} does not name the schema on its first line",
            path.display()
        );
        let doc = yaml_to_json(&text);
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        n += 1;
    }
    assert_eq!(n, 5);

    let typo = yaml_to_json(
        "title: T\nstreams:\n  - id: s\n    tasks:\n      - { id: a, name: A, duraton: 3d }\n",
    );
    assert!(
        !validator.is_valid(&typo),
        "a misspelled key must fail the schema"
    );
    let ok = yaml_to_json(
        "title: T\nstreams:\n  - id: s\n    tasks:\n      - { id: 1.1, name: A, duration: 3 }\n",
    );
    assert!(
        validator.is_valid(&ok),
        "unquoted numbers are fine where the loader reads text"
    );
}

#[test]
fn init_then_check_passes_in_a_fresh_folder_and_overwrites_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("new-plan");
    let t = target.to_str().unwrap();
    let (code, out, err) = run(["init", t, "--today", TODAY]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("roadmap.yaml"));
    let plan = target.join("roadmap.yaml");
    let (code, out, _) = run(["check", plan.to_str().unwrap(), "--today", TODAY]);
    assert_eq!(code, 0, "{out}");
    assert!(out.trim_end().ends_with(": ok"), "{out}");
    let (code, _, _) = run([
        "check",
        plan.to_str().unwrap(),
        "--deny",
        "warnings",
        "--today",
        TODAY,
    ]);
    assert_eq!(code, 0, "the starter plan has no warnings either");

    std::fs::write(&plan, "title: mine\n").unwrap();
    let (code, _, err) = run(["init", t]);
    assert_eq!(code, 2);
    assert!(
        err.contains("already exists") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), "title: mine\n");
    let leftovers = std::fs::read_dir(&target).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary file is left behind");

    // --force replaces it with the starter plan, and leaves nothing else.
    let (code, _, err) = run(["init", t, "--force", "--today", TODAY]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        roadmap::plan::starter::starter(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap())
    );
    assert_eq!(std::fs::read_dir(&target).unwrap().count(), 1);
}

#[test]
fn completions_and_man_page_are_generated() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let (code, out, _) = run(["completions", shell]);
        assert_eq!(code, 0, "{shell}");
        assert!(out.contains("critical-path"), "{shell}");
    }
    let (code, out, _) = run(["man"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with(".ie") || out.contains(".TH"),
        "{}",
        &out[..80.min(out.len())]
    );
}

const V1: &str = "title: Checkout
start: 2026-03-02
total: 4
buckets:
  - { id: q1, kind: quarter, period: 2026-Q1 }
  - { id: q2, kind: quarter, period: 2026-Q2 }
streams:
  - id: backend
    tasks:
      - { id: api, name: Payments API, duration: 2w, bucket: q1 }
      - { id: ledger, name: Ledger, duration: 1w, after: [api], bucket: q1 }
      - { id: old-report, name: Old report, duration: 1w, bucket: q2 }
      - { id: docs, name: API docs, duration: 1w, bucket: q2 }
  - id: web
    tasks:
      - id: checkout
        name: Checkout page
        tasks:
          - { id: form, name: Card form, duration: 1w, after: [api] }
milestones:
  - { id: launch, name: Launch, after: [ledger, checkout] }
";

// Renamed (api), removed (old-report), re-parented (form moves out of
// checkout into its own stream), a new task (fraud) on the critical path,
// a longer ledger that loses its slack (docs), and a changed declared total.
const V2: &str = "title: Checkout
start: 2026-03-02
total: 5
buckets:
  - { id: q1, kind: quarter, period: 2026-Q1 }
  - { id: q2, kind: quarter, period: 2026-Q2 }
streams:
  - id: backend
    tasks:
      - { id: api, name: Payments API v2, duration: 2w, bucket: q1 }
      - { id: ledger, name: Ledger, duration: 3w, after: [api], bucket: q1, status: in-progress }
      - { id: fraud, name: Fraud checks, duration: 2w, after: [ledger], bucket: q2 }
      - { id: docs, name: API docs, duration: 7w, bucket: q2 }
  - id: web
    tasks:
      - id: checkout
        name: Checkout page
        tasks:
          - { id: summary, name: Order summary, duration: 1w, bucket: q2 }
  - id: forms
    tasks:
      - { id: form, name: Card form, duration: 1w, after: [api] }
milestones:
  - { id: launch, name: Launch, after: [fraud, checkout, form] }
";

fn diff_repo() -> Repo {
    let r = Repo::new();
    r.commit(&[("plans/checkout.yaml", V1)], "v1");
    r.commit(&[("plans/checkout.yaml", V2)], "v2");
    r
}

/// Run `roadmap diff` with the repository as the working directory (git
/// revisions are read from there), in a child process.
fn diff_in(repo: &Repo, args: &[&str]) -> (i32, String, String) {
    let r = roadmap(
        repo.path(),
        std::iter::once("diff").chain(args.iter().copied()),
    );
    (r.code, r.out, r.err)
}

#[test]
fn diff_between_git_revisions_in_every_format() {
    let repo = diff_repo();
    for format in ["human", "markdown", "json"] {
        let (code, out, err) =
            diff_in(&repo, &["HEAD~1:plans/", "HEAD:plans/", "--format", format]);
        assert_eq!(code, 0, "{err}");
        insta::assert_snapshot!(format!("diff-revisions-{format}"), out);
    }
    // A revision against the working tree, one file each side.
    let (code, out, err) = diff_in(
        &repo,
        &["HEAD~1:plans/checkout.yaml", "plans/checkout.yaml"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("+ fraud (Fraud checks)"), "{out}");
    assert!(out.contains("- old-report (Old report)"), "{out}");
    assert!(
        out.contains("name: Payments API -> Payments API v2"),
        "{out}"
    );
    assert!(out.contains("stream: web -> forms"), "{out}");
    assert!(out.contains("parent: checkout -> (none)"), "{out}");
    assert!(out.contains("the plan: 4 -> 5"), "{out}");
    assert!(
        out.contains("docs (API docs): 10 -> 0 working days"),
        "{out}"
    );
    assert!(out.contains("q2: 2 -> 3"), "{out}");
}

#[test]
fn diff_fail_on_slip_and_errors() {
    let repo = diff_repo();
    let (code, out, _) = diff_in(
        &repo,
        &[
            "HEAD~1:plans/",
            "HEAD:plans/",
            "--fail-on",
            "slip",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 1, "the finish moved later");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["plans"][0]["finish_slip_days"].as_i64().unwrap() > 0);
    // The other way round the finish moves earlier: no failure.
    let (code, _, _) = diff_in(
        &repo,
        &["HEAD:plans/", "HEAD~1:plans/", "--fail-on", "slip"],
    );
    assert_eq!(code, 0);
    // Unknown revision or path: cannot run.
    let (code, _, err) = diff_in(&repo, &["nope:plans/", "plans/"]);
    assert_eq!(code, 2);
    assert!(err.contains("nope"), "{err}");
    // A side with structural errors cannot be compared.
    repo.commit(
        &[(
            "plans/checkout.yaml",
            "title: T\nstreams: [{id: s, tasks: [{id: a, name: A, after: [zz]}]}]\n",
        )],
        "broken",
    );
    // A side with errors: exit 1 (errors found, as `check`), the errors on
    // standard error and nothing on standard output...
    let (code, out, err) = diff_in(&repo, &["HEAD~1:plans/", "HEAD:plans/"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("error[unknown-reference]"), "{err}");
    assert!(err.contains("HEAD:plans/: the plans have 1 error"), "{err}");
    assert!(err.contains("roadmap check"), "{err}");
    // ... and in Markdown, a comment that says so.
    let (code, out, err) = diff_in(
        &repo,
        &["HEAD~1:plans/", "HEAD:plans/", "--format", "markdown"],
    );
    assert_eq!(code, 1, "{err}");
    let esc = roadmap::escape::markdown;
    assert!(out.starts_with("## Roadmap changes\n"), "{out}");
    assert!(
        out.contains(&format!("**{} has 1 error**", esc("HEAD:plans/"))),
        "{out}"
    );
    assert!(
        out.contains(&format!("- {}:2:52: ", esc("plans/checkout.yaml")))
            && out.contains(&format!(
                "**error\\[unknown\\-reference\\]** {}",
                esc("no task or milestone has the id `zz`")
            )),
        "{out}"
    );
}

/// `diff` reports a milestone's own status and tags, and how its forecast
/// moves against its deadline (issue: milestones in the PR comment).
#[test]
fn diff_reports_milestone_status_tags_and_lateness() {
    let dir = tempfile::tempdir().unwrap();
    let plan = |status: &str, tags: &str, build: &str| {
        format!(
            "title: Launch\nstart: 2026-03-02\nstreams:\n  - id: s\n    tasks:\n      - {{ id: build, name: Build, duration: {build} }}\nmilestones:\n  - {{ id: beta, name: Beta, after: [build], deadline: 2026-03-13, status: {status}, tags: [{tags}] }}\n"
        )
    };
    let old = crate::support::write(dir.path(), "old.yaml", plan("todo", "", "1w"));
    let new = crate::support::write(dir.path(), "new.yaml", plan("blocked", "risky", "3w"));
    let (code, out, err) = run([
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--format",
        "json",
        "--today",
        "2026-03-02",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    // What the author edited (`changed`) apart from what the schedule made
    // of it (`rescheduled`).
    let entry = |list: &str| {
        v["plans"][0][list]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "beta")
            .unwrap_or_else(|| panic!("beta not in {list}: {out}"))
            .clone()
    };
    let (beta, moved) = (entry("changed"), entry("rescheduled"));
    let field = |name: &str| {
        beta["changes"]
            .as_array()
            .unwrap()
            .iter()
            .chain(moved["changes"].as_array().unwrap())
            .find(|f| f["field"] == name)
            .map(|f| {
                (
                    f["old"].as_str().unwrap().to_string(),
                    f["new"].as_str().unwrap().to_string(),
                )
            })
    };
    assert_eq!(
        field("status"),
        Some(("todo".into(), "blocked".into())),
        "{beta}"
    );
    assert_eq!(field("tags"), Some(("".into(), "risky".into())), "{beta}");
    // Build takes 3 weeks from 2026-03-02: Beta is reached 2026-03-20, 5
    // working days after its deadline of 2026-03-13 (it was on time).
    assert_eq!(
        field("working days late"),
        Some(("".into(), "5".into())),
        "{beta}"
    );
    assert_eq!(
        field("scheduled finish"),
        Some(("2026-03-06".into(), "2026-03-20".into())),
        "{beta}"
    );
    let edited: Vec<&str> = beta["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(edited, ["status", "tags"], "only what was written: {beta}");
    let caused: Vec<&str> = moved["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        caused,
        ["scheduled start", "scheduled finish", "working days late"],
        "{moved}"
    );
    // The milestone's lateness against its deadline, on both sides.
    let m = &v["plans"][0]["milestones"][0];
    assert_eq!(m["id"], "beta");
    assert_eq!(m["deadline_old"], "2026-03-13");
    assert_eq!(m["deadline_new"], "2026-03-13");
    assert_eq!(
        (m["late_old"].as_i64(), m["late_new"].as_i64()),
        (Some(0), Some(5)),
        "{m}"
    );

    // The comment and the terminal lead with the consequences: the finish,
    // the milestone against its deadline, progress; then what was edited;
    // the dates the schedule moved come last.
    let args = |format: &'static str| {
        [
            "diff".to_string(),
            old.display().to_string(),
            new.display().to_string(),
            "--format".into(),
            format.into(),
            "--today".into(),
            "2026-03-02".into(),
        ]
    };
    let (code, md, _) = run(args("markdown"));
    assert_eq!(code, 0);
    let at = |text: &str, what: &str| {
        text.find(what).unwrap_or_else(|| {
            panic!(
                "no `{what}` in
{text}"
            )
        })
    };
    let row = "| beta | Beta | 2026-03-13 | 2026-03-06 → 2026-03-20 | 5 working days late (was on time) :warning: |";
    assert!(at(&md, "- **finish: ") < at(&md, row), "{md}");
    assert!(
        at(&md, "- progress: 0 of 1 items done (0%) (unchanged)") < at(&md, "**Edited**"),
        "{md}"
    );
    assert!(
        at(&md, row) < at(&md, "**Edited**: 0 added, 0 removed, 2 changed"),
        "{md}"
    );
    assert!(
        at(&md, "**Edited**")
            < at(
                &md,
                "<details><summary>Moved by the schedule: 2 tasks and milestones</summary>"
            ),
        "{md}"
    );
    let (_, human, _) = run(args("human"));
    let line =
        "  milestone beta (Beta): 5 working days late for its deadline 2026-03-13 (was on time)\n";
    assert!(at(&human, "  finish: ") < at(&human, line), "{human}");
    assert!(
        at(&human, line) < at(&human, "  edited: 0 added, 0 removed, 2 changed"),
        "{human}"
    );
    assert!(
        at(&human, "  edited: ") < at(&human, "  moved by the schedule: 2"),
        "{human}"
    );
}

/// The commands `roadmap --help` lists (without clap's `help`).
fn commands() -> Vec<String> {
    let (code, out, _) = run(["--help"]);
    assert_eq!(code, 0);
    let list = out.split("Commands:\n").nth(1).expect("a list of commands");
    let names: Vec<String> = list
        .lines()
        .take_while(|l| !l.is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .filter(|n| n != "help")
        .collect();
    assert!(names.len() > 10, "{out}");
    names
}

/// `roadmap man --out DIR` writes the top page and one page per command,
/// and every page the top one refers to (`roadmap-check(1)`, ...) is there.
#[test]
fn man_pages_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("man");
    let d = out_dir.to_str().unwrap();
    let (code, out, err) = run(["man", "--out", d]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("wrote "), "{out}");
    let page = |name: &str| {
        std::fs::read_to_string(out_dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let top = page("roadmap.1");
    // Every page any page refers to exists, and is that command's.
    let mut referred = 0;
    let files: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for file in &files {
        let text = page(file);
        for (i, _) in text.match_indices("(1)") {
            let start = text[..i]
                .rfind(|c: char| c.is_whitespace())
                .map_or(0, |s| s + 1);
            let name = text[start..i].replace("\\-", "-");
            if !name.starts_with("roadmap") {
                continue;
            }
            referred += 1;
            let target = page(&format!("{name}.1"));
            assert!(
                target.contains(&format!(".TH {name} 1")),
                "{file} refers to {name}(1), whose page is not its own"
            );
        }
    }
    assert!(referred >= commands().len(), "{referred} references");
    // One page per command, and nothing else.
    let mut want: Vec<String> = commands()
        .iter()
        .map(|c| format!("roadmap-{c}.1"))
        .chain(["roadmap.1".to_string()])
        .collect();
    let mut have = files.clone();
    want.sort();
    have.sort();
    assert_eq!(have, want);
    assert!(
        !top.contains("roadmap\\-help(1)"),
        "no page for clap's help"
    );
    // `roadmap man` prints the top page.
    let (code, printed, _) = run(["man"]);
    assert_eq!(code, 0);
    assert_eq!(printed, top);
    // Pages that exist are kept unless --force is given; nothing is written.
    std::fs::write(out_dir.join("roadmap-check.1"), "mine").unwrap();
    std::fs::remove_file(out_dir.join("roadmap-diff.1")).unwrap();
    let (code, _, err) = run(["man", "--out", d]);
    assert_eq!(code, 2);
    assert!(err.contains("--force"), "{err}");
    assert_eq!(page("roadmap-check.1"), "mine");
    assert!(!out_dir.join("roadmap-diff.1").exists(), "nothing written");
    let (code, _, err) = run(["man", "--out", d, "--force"]);
    assert_eq!(code, 0, "{err}");
    assert!(page("roadmap-check.1").contains(".TH roadmap-check 1"));
    assert!(out_dir.join("roadmap-diff.1").exists());
    assert_eq!(std::fs::read_dir(&out_dir).unwrap().count(), files.len());
}

/// In each command's `--help`, the examples that have a description have
/// it in one column, after the longest example of the block, and no line
/// is longer than 100 columns.
#[test]
fn help_examples_are_aligned() {
    let mut blocks = 0;
    for c in std::iter::once(String::new()).chain(commands()) {
        let args: Vec<&str> = [c.as_str(), "--help"]
            .into_iter()
            .filter(|a| !a.is_empty())
            .collect();
        let (code, out, _) = run(args);
        assert_eq!(code, 0);
        let Some(examples) = out.split("Examples:\n").nth(1) else {
            panic!("`roadmap {c} --help` has no examples");
        };
        blocks += 1;
        let block: Vec<&str> = examples.lines().take_while(|l| !l.is_empty()).collect();
        let mut columns = Vec::new();
        let mut longest = 0;
        for line in &block {
            assert!(line.starts_with("  roadmap"), "{c}: {line}");
            assert!(line.chars().count() <= 100, "{c}: too long: {line}");
            // A description follows the command after two spaces or more.
            match line[2..].find("  ") {
                Some(i) => {
                    let gap = line[2 + i..].len() - line[2 + i..].trim_start().len();
                    longest = longest.max(2 + i);
                    columns.push(2 + i + gap);
                }
                None => longest = longest.max(line.len()),
            }
        }
        columns.dedup();
        assert!(
            columns.len() <= 1,
            "{c}: descriptions in columns {columns:?}:\n{examples}"
        );
        if let Some(&col) = columns.first() {
            assert!(
                col >= longest + 2,
                "{c}: a description at column {col} beside an example {longest} long:\n{examples}"
            );
        }
    }
    assert!(blocks > 10);
}

/// Global flags are offered by the commands that use them, and only there:
/// `--width` where a table is printed, `--today` where a date is computed,
/// `--color` where there is colour. `--width` or `--today` given to another
/// command is refused; `--color` is accepted everywhere (scripts pass it).
#[test]
fn global_flags_are_offered_where_they_do_something() {
    // (command, offers --width, --today, --color)
    let table: &[(&str, bool, bool, bool)] = &[
        ("check", false, true, true),
        ("critical-path", true, true, true),
        ("status", true, true, true),
        ("milestones", true, true, true),
        ("explain", true, true, true),
        ("gantt", true, true, true),
        ("export", false, true, false),
        ("import", false, false, false),
        ("list", true, true, true),
        ("load", true, true, true),
        ("set", false, true, false),
        ("start", false, true, false),
        ("done", false, true, false),
        ("diff", false, true, false),
        ("history", true, true, true),
        ("forecast", true, true, true),
        ("schema", false, false, false),
        ("completions", false, false, false),
        ("man", false, false, false),
        ("init", false, true, false),
    ];
    let mut listed: Vec<String> = commands();
    let mut named: Vec<String> = table.iter().map(|t| t.0.to_string()).collect();
    listed.sort();
    named.sort();
    assert_eq!(listed, named, "every command is in the table");
    let (_, fish, _) = run(["completions", "fish"]);
    for &(c, width, today, color) in table {
        let (_, help, _) = run([c, "--help"]);
        for (flag, offered) in [("--width", width), ("--today", today), ("--color", color)] {
            assert_eq!(
                help.contains(&format!("      {flag} <")),
                offered,
                "`roadmap {c} --help` and {flag}"
            );
        }
        assert_eq!(
            crate::support::NO_WIDTH.contains(&c),
            !width,
            "support::NO_WIDTH and {c}"
        );
        // The completion scripts offer the same flags.
        for (flag, offered) in [("width", width), ("today", today), ("color", color)] {
            assert_eq!(
                fish.contains(&format!("__fish_roadmap_using_subcommand {c}\" -l {flag} ")),
                offered,
                "fish completions of `roadmap {c}` and --{flag}"
            );
        }
        // Given anyway: refused where it changes nothing, before or after
        // the command name.
        for (flag, value, offered) in [("--width", "100", width), ("--today", "2026-03-01", today)]
        {
            if offered {
                continue;
            }
            // What clap needs before the flag can be looked at; nothing
            // runs (nothing is read or written).
            let needs: &[&str] = match c {
                "export" => &["--to", "json"],
                "import" => &["ROADMAP.md"],
                "set" => &["1.1", "status=done"],
                "start" | "done" => &["1.1"],
                "diff" => &["old/", "new/"],
                "completions" => &["bash"],
                _ => &[],
            };
            let after: Vec<&str> = [c, flag, value]
                .into_iter()
                .chain(needs.iter().copied())
                .collect();
            let before: Vec<&str> = [flag, value, c]
                .into_iter()
                .chain(needs.iter().copied())
                .collect();
            for args in [after, before] {
                let r = roadmap(std::path::Path::new("."), &args);
                assert_eq!(r.code, 2, "{args:?}: {}", r.err);
                assert!(
                    r.err
                        .contains(&format!("{flag} has no effect on `roadmap {c}`")),
                    "{args:?}: {}",
                    r.err
                );
                assert!(r.out.is_empty());
            }
        }
    }
    // `--color` is accepted where it is not offered; ROADMAP_TODAY is
    // never refused.
    let (code, out, err) = run(["schema", "--color", "never"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with('{'));
    let r = roadmap(std::path::Path::new("."), ["schema"]);
    assert_eq!(r.code, 0, "ROADMAP_TODAY is set by the helper: {}", r.err);
}

/// README: the first command exits 1 on purpose, and the lines it ends
/// with are quoted as the tool prints them (as of the day the README says).
#[test]
fn readme_quotes_the_end_of_the_first_command() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let first = readme.lines().nth(3).unwrap();
    assert!(
        first.starts_with("cargo run --release -- check plans/") && first.contains("exits 1"),
        "{first}"
    );
    let (code, out, _) = run(["check", "plans/", "--today", "2026-12-01"]);
    assert_eq!(code, 1, "the seed plans hold real mistakes");
    assert!(
        readme.contains("(run on 2026-12-01:"),
        "the README names its day"
    );
    let plans = std::fs::read_dir("plans")
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "yaml")
        })
        .count();
    let tail: Vec<&str> = out.lines().rev().take(plans).collect();
    let tail: Vec<&str> = tail.into_iter().rev().collect();
    let quoted = format!("```text\n{}\n```", tail.join("\n"));
    assert!(
        readme.contains(&quoted),
        "README.md does not quote the last lines of `roadmap check plans/`:\n{quoted}"
    );
    // And `check -q` prints exactly those lines.
    let (code, quiet, _) = run(["check", "plans/", "--today", "2026-12-01", "-q"]);
    assert_eq!(code, 1);
    assert_eq!(quiet.lines().collect::<Vec<_>>(), tail);
}
