//! `roadmap history`: repositories with a known history, built in temporary
//! folders with fixed commit dates, and every number of the answer checked
//! against what the history holds.

use crate::support::{Repo, csv_rows, json, markdown_rows, write};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};

/// `roadmap ARGS` run in `dir`, tables 100 wide, no colour, as of `today`.
fn run_in(dir: &Path, today: &str, args: &[&str]) -> (u8, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_roadmap"))
        .args(args)
        .args(["--color", "never", "--today", today])
        .args(if args.contains(&"--width") {
            vec![]
        } else {
            vec!["--width", "100"]
        })
        .current_dir(dir)
        .env_remove("COLUMNS")
        .env_remove("NO_COLOR")
        .env_remove("ROADMAP_TODAY")
        .stdin(Stdio::null())
        .output()
        .expect("the roadmap binary runs");
    (
        out.status.code().map_or(255, |c| c as u8),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Commit everything in the repository, as of `date` (noon UTC) for both
/// the author and the committer.
fn commit_at(repo: &Repo, date: &str, msg: &str) {
    let when = format!("{date}T12:00:00+00:00");
    for args in [
        &["add", "-A"][..],
        &["commit", "-q", "--allow-empty", "-m", msg],
    ] {
        let st = Command::new("git")
            .arg("-C")
            .arg(repo.path())
            .args(args)
            .env("GIT_AUTHOR_DATE", &when)
            .env("GIT_COMMITTER_DATE", &when)
            .env("GIT_AUTHOR_NAME", "Ana")
            .env("GIT_COMMITTER_NAME", "Ana")
            .status()
            .unwrap();
        assert!(st.success(), "git {args:?}");
    }
}

const V1: &str = "title: Relaunch
start: 2026-03-02
streams:
  - id: build
    tasks:
      - { id: a, name: API, duration: 1w }
      - { id: b, name: Backend, duration: 1w, after: [a] }
milestones:
  - { id: beta, name: Beta, after: [b] }
";

const V2: &str = "title: Relaunch
start: 2026-03-02
streams:
  - id: build
    tasks:
      - { id: a, name: API, duration: 1w, status: done }
      - { id: b, name: Backend, duration: 1w, after: [a], status: in-progress }
      - { id: c, name: Client, duration: 1w, after: [b] }
milestones:
  - { id: beta, name: Beta, after: [c] }
";

const V4: &str = "title: Relaunch
start: 2026-03-02
streams:
  - id: build
    tasks:
      - { id: a, name: API, duration: 1w, status: done }
      - { id: b, name: Backend, duration: 1w, after: [a], status: done }
      - { id: c, name: Client, duration: 3w, after: [b] }
milestones:
  - { id: beta, name: Beta, after: [c] }
";

const V5: &str = "title: Relaunch
start: 2026-03-02
streams:
  - id: build
    tasks:
      - { id: a, name: API, duration: 1w, status: done }
      - { id: b, name: Backend, duration: 1w, after: [a], status: done }
      - { id: c, name: Client, duration: 3w, after: [b], status: in-progress }
  - id: docs
    tasks:
      - { id: d, name: Docs, duration: 1w }
milestones:
  - { id: beta, name: Beta, after: [c] }
";

/// The known history, one commit a week (dates are Mondays but one):
///
/// 1. 03-02 `roadmap.yaml`: a, b; beta after b.
/// 2. 03-09 a done, b in progress, c added after b; beta after c.
/// 3. 03-11 a syntax error: the plan does not load.
/// 4. 03-16 fixed; b done; c takes 3 weeks instead of 1 (beta slips).
/// 5. 03-23 renamed to `plan.yaml`; c in progress; d added.
/// 6. 03-30 d cancelled (out of scope).
/// 7. 03-31 `other.yaml` added beside it: not a plan file, not a revision.
fn known_history() -> Repo {
    let repo = Repo::new();
    let p = repo.path();
    write(p, "roadmap.yaml", V1);
    commit_at(&repo, "2026-03-02", "plan: a and b");
    write(p, "roadmap.yaml", V2);
    commit_at(&repo, "2026-03-09", "a done, c added");
    write(p, "roadmap.yaml", format!("{V2}  - {{ id: x\n"));
    commit_at(&repo, "2026-03-11", "half an edit");
    write(p, "roadmap.yaml", V4);
    commit_at(&repo, "2026-03-16", "b done, c takes longer");
    repo.git(&["mv", "roadmap.yaml", "plan.yaml"]);
    write(p, "plan.yaml", V5);
    commit_at(&repo, "2026-03-23", "rename; docs");
    write(
        p,
        "plan.yaml",
        V5.replace(
            "duration: 1w }\nmilestones",
            "duration: 1w, status: cancelled }\nmilestones",
        ),
    );
    commit_at(&repo, "2026-03-30", "no docs after all");
    write(p, "other.yaml", "name: not a plan\n");
    commit_at(&repo, "2026-03-31", "unrelated");
    repo
}

fn history_json(repo: &Repo, today: &str, extra: &[&str]) -> Value {
    let mut args = vec!["history", "plan.yaml", "--format", "json"];
    args.extend(extra);
    let (code, out, err) = run_in(repo.path(), today, &args);
    assert_eq!(code, 0, "{err}\n{out}");
    json("history", &out)
}

fn col<'a>(v: &'a Value, key: &str) -> Vec<&'a Value> {
    v["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r[key])
        .collect()
}

#[test]
fn every_number_of_a_known_history() {
    let repo = known_history();
    let v = history_json(&repo, "2026-03-31", &[]);
    let n = |xs: &[i64]| xs.iter().map(|&x| Value::from(x)).collect::<Vec<_>>();
    let dates = col(&v, "date");
    assert_eq!(
        dates,
        [
            "2026-03-02",
            "2026-03-09",
            "2026-03-11",
            "2026-03-16",
            "2026-03-23",
            "2026-03-30"
        ],
        "six revisions, oldest first; the rename followed, other.yaml not one"
    );
    let gap = col(&v, "gap");
    assert_eq!(
        gap[2], "roadmap.yaml:11:5: YAML syntax: unclosed bracket '{'",
        "the third does not load, and says why"
    );
    assert!(gap.iter().enumerate().all(|(i, g)| (i == 2) != g.is_null()));
    // Gaps count nothing; the others compare with the last revision that loaded.
    let get = |k: &str| col(&v, k).into_iter().cloned().collect::<Vec<Value>>();
    assert_eq!(get("scope"), n(&[2, 3, 0, 3, 4, 3]));
    assert_eq!(get("done"), n(&[0, 1, 0, 2, 2, 2]));
    assert_eq!(get("in_progress"), n(&[0, 1, 0, 0, 1, 1]));
    assert_eq!(get("added"), n(&[0, 1, 0, 0, 1, 0]), "c, then d");
    assert_eq!(get("removed"), n(&[0, 0, 0, 0, 0, 1]), "d cancelled");
    assert_eq!(get("completed"), n(&[0, 1, 0, 1, 0, 0]), "a, then b");
    // Each revision scheduled as of its own date: 1 week each for a and b
    // from 03-02; c a week after b's week from 03-09; c 3 weeks from 03-16
    // (15 working days). From 03-23 c is in progress with no `started`, so
    // it keeps the start the plan gives it (03-16, docs/scheduling.md).
    let finish = [
        "2026-03-13",
        "2026-03-20",
        "",
        "2026-04-03",
        "2026-04-03",
        "2026-04-03",
    ];
    for (i, f) in finish.iter().enumerate() {
        let got = v["revisions"][i]["finish"].as_str().unwrap_or("");
        assert_eq!(got, *f, "finish of revision {}", i + 1);
        let beta = &v["revisions"][i]["milestones"];
        if f.is_empty() {
            assert_eq!(beta, &Value::Array(vec![]));
        } else {
            assert_eq!(beta[0]["id"], "beta");
            assert_eq!(beta[0]["forecast"], *f, "beta follows c (b at first)");
        }
    }
    assert_eq!(col(&v, "author")[0], "Ana");
    assert_eq!(col(&v, "commit")[0].as_str().unwrap().len(), 10);
    // The milestone trend: 03-13 -> 03-20 -> 04-03, then steady.
    let beta = &v["milestones"][0];
    assert_eq!(beta["id"], "beta");
    assert_eq!(beta["name"], "Beta");
    assert_eq!(beta["first"], "2026-03-13");
    assert_eq!(beta["last"], "2026-04-03");
    assert_eq!(beta["moved_days"], 21);
    assert_eq!(beta["slips"], 2);
    // The newest revision as of today (03-31): c still ends 04-03.
    assert_eq!(v["schedule_finish"], "2026-04-03");
    // Throughput: the weeks of 03-02 .. 03-30; a done in the second, b in
    // the third. One item left; a week does one with chance 2/5, so after
    // 1, 2, 3, 4 weeks: 0.4, 0.64, 0.784, 0.87: P50 two weeks, P85 four.
    let t = &v["throughput"];
    assert_eq!(t["weekly"], serde_json::json!([0, 1, 1, 0, 0]));
    assert_eq!(t["remaining"], 1);
    assert_eq!(t["from"], "2026-03-31");
    assert_eq!(t["seed"], 18);
    assert_eq!(t["trials"], 10000);
    assert_eq!(t["p50"], "2026-04-14");
    assert_eq!(t["p85"], "2026-04-28");
    assert_eq!(v["title"], "Relaunch");
    // One file, parsed at each revision whose blob is new (the broken one
    // too, but a file that does not parse is not kept): 5; the dropped 7th
    // revision read the same blob as the 6th.
    assert_eq!(v["files_parsed"], 5, "{v}");
    assert_eq!(v["files_reused"], 1, "{v}");
}

#[test]
fn since_and_until_take_dates_and_revisions() {
    let repo = known_history();
    let dates = |extra: &[&str]| -> Vec<String> {
        let v = history_json(&repo, "2026-03-31", extra);
        col(&v, "date")
            .iter()
            .map(|d| d.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        dates(&["--since", "2026-03-12"]),
        ["2026-03-16", "2026-03-23", "2026-03-30"]
    );
    assert_eq!(
        dates(&["--until", "2026-03-15"]),
        ["2026-03-02", "2026-03-09", "2026-03-11"]
    );
    // HEAD~3 is the 03-16 commit (HEAD is the unrelated 03-31 one).
    assert_eq!(
        dates(&["--since", "HEAD~3", "--until", "HEAD~2"]),
        ["2026-03-16", "2026-03-23"]
    );
    // The first revision in range has no earlier one to compare with.
    let v = history_json(&repo, "2026-03-31", &["--since", "2026-03-09"]);
    assert_eq!(v["revisions"][0]["added"], 0);
    assert_eq!(v["revisions"][0]["scope"], 3);
    // Until a revision: the walk starts there, under the older name too.
    let (code, out, err) = run_in(
        repo.path(),
        "2026-03-31",
        &[
            "history",
            "plan.yaml",
            "--until",
            "HEAD~3",
            "--format",
            "csv",
        ],
    );
    assert_eq!(code, 2, "plan.yaml is not there yet at HEAD~3: {out}");
    assert!(
        err.contains("plan.yaml: no plan file or folder of that name in git at HEAD~3"),
        "{err}"
    );
    let (code, out, err) = run_in(
        repo.path(),
        "2026-03-31",
        &[
            "history",
            "roadmap.yaml",
            "--until",
            "HEAD~3",
            "--format",
            "csv",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let rows = csv_rows("history", &out);
    assert_eq!(rows.len(), 5, "header and four revisions: {out}");
    assert_eq!(
        rows[0][..12],
        [
            "plan",
            "date",
            "commit",
            "author",
            "gap",
            "scope",
            "done",
            "in_progress",
            "added",
            "removed",
            "completed",
            "finish"
        ]
    );
    assert_eq!(rows[0][12], "forecast:beta");
    assert_eq!(rows[4][1], "2026-03-16");
    assert_eq!(rows[4][5..9], ["3", "2", "0", "0"]);
    assert_eq!(rows[4][12], "2026-04-03");
    assert!(rows[3][4].contains("YAML syntax"), "{:?}", rows[3]);
    for bad in [&["--since", "no-such-rev"][..], &["--until", "nope~1"]] {
        let mut args = vec!["history", "plan.yaml"];
        args.extend(bad);
        let (code, _, err) = run_in(repo.path(), "2026-03-31", &args);
        assert_eq!(code, 2, "{bad:?}");
        assert!(err.contains("not a commit in this git repository"), "{err}");
    }
    let (code, _, err) = run_in(
        repo.path(),
        "2026-03-31",
        &["history", "plan.yaml", "--since=-x"],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("a date like 2026-03-01 or a git revision"),
        "{err}"
    );
}

#[test]
fn per_stream_counts_at_each_revision() {
    let repo = known_history();
    let v = history_json(&repo, "2026-03-31", &["--by", "stream"]);
    assert_eq!(v["by"], "stream");
    let groups = |i: usize| v["revisions"][i]["groups"].clone();
    assert_eq!(
        groups(0),
        serde_json::json!([{ "key": "build", "scope": 2, "done": 0 }])
    );
    assert_eq!(
        groups(4),
        serde_json::json!([
            { "key": "build", "scope": 3, "done": 2 },
            { "key": "docs", "scope": 1, "done": 0 }
        ])
    );
    // Cancelled: out of the stream's scope.
    assert_eq!(
        groups(5)[1],
        serde_json::json!({ "key": "docs", "scope": 0, "done": 0 })
    );
    let (code, out, _) = run_in(
        repo.path(),
        "2026-03-31",
        &["history", "plan.yaml", "--by", "stream", "--format", "csv"],
    );
    assert_eq!(code, 0);
    let rows = csv_rows("history --by stream", &out);
    assert_eq!(
        rows[0][13..],
        [
            "stream:build:scope",
            "stream:build:done",
            "stream:docs:scope",
            "stream:docs:done"
        ]
    );
    assert_eq!(rows[1][13..], ["2", "0", "", ""], "no docs stream yet");
    assert_eq!(rows[5][13..], ["3", "2", "1", "0"]);
    assert_eq!(rows[3][13..], ["", "", "", ""], "the gap counts nothing");
    // The table: each stream at the first and the newest revision.
    let (code, out, _) = run_in(
        repo.path(),
        "2026-03-31",
        &["history", "plan.yaml", "--by", "stream", "--width", "40"],
    );
    assert_eq!(code, 0);
    let part: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("By stream (done/scope)"))
        .collect();
    assert!(
        part[2].contains("2026-03-02") && part[2].contains("2026-03-30"),
        "{out}"
    );
    let row = |name: &str| {
        part.iter()
            .find(|l| l.contains(name))
            .map(|l| {
                l.split('┆')
                    .map(|c| c.trim_matches(['│', ' ']).to_string())
                    .collect::<Vec<_>>()
            })
            .unwrap()
    };
    assert_eq!(row("build"), ["build", "0/2", "2/3"]);
    assert_eq!(
        row("docs"),
        ["docs", "-", "0/0"],
        "no docs at first; d cancelled now"
    );
    assert!(
        out.lines()
            .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 40)
    );
    // beta counts the items it lists in `after` (c, from the second
    // revision); the last row, as in `status --by milestone`, the items
    // without a `milestone` key of their own (a, b and c).
    let v = history_json(&repo, "2026-03-31", &["--by", "milestone"]);
    assert_eq!(
        v["revisions"][1]["groups"],
        serde_json::json!([
            { "key": "beta", "scope": 1, "done": 0 },
            { "key": "", "scope": 3, "done": 1 }
        ])
    );
}

#[test]
fn a_plan_folder_reuses_files_that_did_not_change() {
    let repo = Repo::new();
    let p = repo.path();
    write(
        p,
        "plans/root.yaml",
        "title: Folder\nstart: 2026-03-02\ninclude: [team.yaml]\nstreams:\n  - id: s\n    tasks:\n      - { id: a, name: A, duration: 1d }\n",
    );
    write(
        p,
        "plans/team.yaml",
        "tasks:\n  - { id: b, name: B, stream: s, duration: 1d }\n",
    );
    commit_at(&repo, "2026-03-02", "two files");
    write(
        p,
        "plans/team.yaml",
        "tasks:\n  - { id: b, name: B, stream: s, duration: 1d, status: done }\n  - { id: c, name: C, stream: s, duration: 1d }\n",
    );
    commit_at(&repo, "2026-03-03", "the fragment");
    write(p, "README.md", "not yaml\n");
    commit_at(&repo, "2026-03-04", "not the plan");
    write(
        p,
        "plans/root.yaml",
        "title: Folder\nstart: 2026-03-02\ninclude: [team.yaml]\nstreams:\n  - id: s\n    tasks:\n      - { id: a, name: A, duration: 1d, status: done }\n",
    );
    commit_at(&repo, "2026-03-05", "the root");
    let (code, out, err) = run_in(p, "2026-03-06", &["history", "plans", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v = json("history", &out);
    let dates: Vec<&Value> = col(&v, "date");
    assert_eq!(dates, ["2026-03-02", "2026-03-03", "2026-03-05"]);
    let scope: Vec<&Value> = col(&v, "scope");
    assert_eq!(scope, [2, 3, 3]);
    let done: Vec<&Value> = col(&v, "done");
    assert_eq!(done, [0, 1, 2]);
    // Two files at first, then one new blob per commit; the other reused.
    assert_eq!(v["files_parsed"], 4);
    assert_eq!(v["files_reused"], 2);
}

#[test]
fn a_shallow_clone_and_a_folder_outside_git_are_refused() {
    let repo = known_history();
    let shallow = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.path().display());
    let st = Command::new("git")
        .args(["clone", "-q", "--depth", "1", &url])
        .arg(shallow.path().join("c"))
        .status()
        .unwrap();
    assert!(st.success());
    let (code, out, err) = run_in(
        &shallow.path().join("c"),
        "2026-03-31",
        &["history", "plan.yaml"],
    );
    assert_eq!(code, 2, "{out}");
    assert!(
        err.contains("plan.yaml: the repository is a shallow clone")
            && err.contains("git fetch --unshallow"),
        "{err}"
    );
    assert!(out.is_empty());

    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "plan.yaml", V1);
    let out = Command::new(env!("CARGO_BIN_EXE_roadmap"))
        .args(["history", "plan.yaml"])
        .current_dir(outside.path())
        .env("GIT_CEILING_DIRECTORIES", outside.path().parent().unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("plan.yaml: not in a git repository"), "{err}");
    assert!(out.stdout.is_empty());

    let (code, _, err) = run_in(
        outside.path(),
        "2026-03-31",
        &["history", "no/such/plan.yaml"],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("no/such/plan.yaml: no such file or folder"),
        "{err}"
    );

    // In a repository, but never committed.
    let fresh = Repo::new();
    write(fresh.path(), "plan.yaml", V1);
    let (code, _, err) = run_in(fresh.path(), "2026-03-31", &["history", "plan.yaml"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("HEAD: not a commit in this git repository"),
        "{err}"
    );
    commit_at(&fresh, "2026-03-02", "first");
    let (code, _, err) = run_in(fresh.path(), "2026-03-31", &["history", "nothing.yaml"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("nothing.yaml: no plan file or folder of that name in git at HEAD"),
        "{err}"
    );
}

#[test]
fn the_forecast_is_seeded() {
    let repo = known_history();
    let a = history_json(&repo, "2026-03-31", &["--seed", "7", "--trials", "2000"]);
    let b = history_json(&repo, "2026-03-31", &["--seed", "7", "--trials", "2000"]);
    assert_eq!(a["throughput"], b["throughput"]);
    assert_eq!(a["throughput"]["seed"], 7);
    assert_eq!(a["throughput"]["trials"], 2000);
    assert!(a["throughput"]["p50"].as_str() <= a["throughput"]["p85"].as_str());
    let (code, _, err) = run_in(
        repo.path(),
        "2026-03-31",
        &["history", "plan.yaml", "--trials", "5"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("--trials"), "{err}");
}

#[test]
fn table_chart_and_markdown() {
    let repo = known_history();
    let (code, out, err) = run_in(repo.path(), "2026-03-31", &["history", "plan.yaml"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("history-table", out);
    for w in ["40", "60", "80", "100", "160"] {
        let (code, out, _) = run_in(
            repo.path(),
            "2026-03-31",
            &["history", "plan.yaml", "--width", w],
        );
        assert_eq!(code, 0);
        let width: usize = w.parse().unwrap();
        for line in out.lines() {
            assert!(
                unicode_width::UnicodeWidthStr::width(line) <= width,
                "wider than {w}: {line:?}"
            );
        }
    }
    let (_, out, _) = run_in(
        repo.path(),
        "2026-03-31",
        &["history", "plan.yaml", "--width", "60"],
    );
    insta::assert_snapshot!("history-table-60", out);
    let (code, out, _) = run_in(
        repo.path(),
        "2026-03-31",
        &["history", "plan.yaml", "--format", "markdown"],
    );
    assert_eq!(code, 0);
    let rows = markdown_rows(&out);
    assert_eq!(rows.len(), 6, "{out}");
    assert_eq!(rows[0][0], "2026-03-02");
    assert!(
        rows[0][1].starts_with('`') && rows[0][1].len() == 12,
        "{:?}",
        rows[0]
    );
    assert_eq!(rows[0][2..5], ["Ana", "2", "0"]);
    assert!(rows[2][9].starts_with("gap: roadmap"), "{:?}", rows[2]);
}

#[test]
fn docs_worked_example_is_what_the_tool_prints() {
    let doc = std::fs::read_to_string("docs/history.md").unwrap();
    let repo = known_history();
    let (code, out, _) = run_in(
        repo.path(),
        "2026-03-31",
        &["history", "plan.yaml", "--width", "100"],
    );
    assert_eq!(code, 0);
    assert!(doc.contains(&out), "docs/history.md is out of date:\n{out}");
    for fact in ["two slips", "+21 d", "by 04-14", "by 04-28"] {
        assert!(doc.contains(fact), "{fact}");
    }
    assert!(out.contains("+21 d") && out.contains("P50 2026-04-14, P85 2026-04-28"));
}

/// `history` shares the files its parse cache holds between revisions
/// (`Arc<RawFile>`), and the resolver reads a shared file in place where it
/// moves out of a file it alone holds. Both ways give the same plan and the
/// same diagnostics, for the example plans and every check fixture (good
/// and bad).
#[test]
fn a_shared_parsed_file_resolves_as_a_fresh_one() {
    use roadmap::plan::{load, resolve};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<std::path::PathBuf> = Vec::new();
    for dir in ["plans", "tests/fixtures/check", "tests/fixtures/scheduling"] {
        let mut stack = vec![root.join(dir)];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).expect("the fixtures are there") {
                let p = e.expect("an entry").path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "yaml") {
                    paths.push(p);
                }
            }
        }
    }
    paths.sort();
    assert!(paths.len() > 50, "{} plans", paths.len());
    // A plan, its diagnostics and its id map, printed; the id map sorted
    // (its own order is a hash map's).
    let resolved = |shared: bool, path: &Path| -> Vec<String> {
        let ws = load::load_paths(&[path.to_path_buf()]).expect("it loads");
        let mut diags = ws.diagnostics;
        // Other holders of every file, as the parse cache is in `history`.
        let held: Vec<_> = ws
            .plans
            .iter()
            .flat_map(|p| p.files.iter().map(|(_, raw)| std::sync::Arc::clone(raw)))
            .collect();
        if !shared {
            drop(held);
        }
        let mut out = Vec::new();
        for files in ws.plans {
            match resolve::resolve(files, &mut diags) {
                Some(mut plan) => {
                    let mut ids: Vec<_> = plan.ids.drain().collect();
                    ids.sort_by(|a, b| a.0.cmp(&b.0));
                    out.push(format!("{plan:?}\n{ids:?}"));
                }
                None => out.push("none".into()),
            }
        }
        out.push(format!("{diags:?}"));
        out
    };
    // Some fixtures nest as deep as the parser allows: a main thread's stack.
    let plans = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let mut plans = 0;
            for path in &paths {
                let fresh = resolved(false, path);
                let shared = resolved(true, path);
                plans += fresh.iter().filter(|p| p.as_str() != "none").count() - 1;
                assert_eq!(fresh, shared, "{}", path.display());
            }
            plans
        })
        .expect("the thread starts")
        .join()
        .expect("no difference");
    assert!(plans > 50, "{plans} plans resolved");
}

/// A plan whose tasks take no time (a checklist without durations) has no
/// finish to forecast: the history says so rather than giving the plan's
/// start, a date in the past, as the finish.
#[test]
fn a_plan_with_nothing_to_schedule_has_no_finish() {
    let repo = Repo::new();
    let p = repo.path();
    let list = "title: Checklist\nstart: 2026-03-02\nstreams:\n  - id: s\n    tasks:\n      - { id: a, name: A }\n      - { id: b, name: B }\n";
    write(p, "plan.yaml", list);
    commit_at(&repo, "2026-03-02", "a checklist");
    write(
        p,
        "plan.yaml",
        list.replace("name: A }", "name: A, status: done }"),
    );
    commit_at(&repo, "2026-03-09", "a done");
    let v = history_json(&repo, "2026-06-01", &[]);
    assert_eq!(col(&v, "finish"), [&Value::Null, &Value::Null]);
    assert_eq!(col(&v, "done"), [&Value::from(0), &Value::from(1)]);
    let (code, out, err) = run_in(p, "2026-06-01", &["history", "plan.yaml"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "Forecast finish: the plan's schedule (as of 2026-06-01) none: nothing is scheduled"
        ),
        "{out}"
    );
    assert!(!out.contains("2026-03-02 ┆ 2026-03-02"), "{out}");
}
