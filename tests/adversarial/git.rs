//! `diff` of a git revision: what a pull request can put in the working tree
//! or in a tree it pushes must not change which side is read, write files,
//! or make a slip disappear.

use crate::support::{Run, roadmap, roadmap_with, write};
use std::path::Path;
use std::process::Command;

/// Run git in `dir`; its standard output. `None` when git is not there.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// A repository in a new temporary folder, or `None` (and a note) without git.
fn repo() -> Option<tempfile::TempDir> {
    let dir = tempfile::tempdir().unwrap();
    if git(dir.path(), &["init", "-q", "-b", "main"]).is_none() {
        eprintln!("git is not available: case skipped");
        return None;
    }
    Some(dir)
}

fn commit_all(dir: &Path) {
    git(dir, &["add", "-A"]).unwrap();
    git(dir, &["commit", "-q", "-m", "plans"]).unwrap();
}

/// A plan whose one task takes `weeks` weeks.
fn plan(weeks: u32) -> String {
    format!(
        "title: Launch\nstart: 2026-01-05\nstreams:\n  - id: s\n    tasks:\n      - {{id: a, name: A, duration: 1w}}\n      - {{id: b, name: B, duration: {weeks}w, after: [a]}}\n"
    )
}

fn slipped(run: &Run) {
    run.exit(1);
    assert!(run.out.contains("working days later"), "{}", run.out);
}

/// Finding 2: a folder named like the spec, added by the pull request, is
/// never read instead of the revision; a spec whose revision is unknown is
/// an error, not a path on disk; `./` reads the disk.
#[test]
fn a_folder_named_like_the_revision_does_not_shadow_it() {
    let Some(dir) = repo() else { return };
    let d = dir.path();
    write(d, "plans/roadmap.yaml", plan(2));
    commit_all(d);
    // The pull request: an 11-week slip, and a copy of it where a naive
    // reader would look for the old side.
    write(d, "plans/roadmap.yaml", plan(13));
    write(d, "HEAD:plans/roadmap.yaml", plan(13));
    write(d, "nosuchrev:plans/roadmap.yaml", plan(13));
    slipped(&roadmap(
        d,
        ["diff", "HEAD:plans/", "plans/", "--fail-on", "slip"],
    ));
    let run = roadmap(d, ["diff", "nosuchrev:plans/", "plans/"]);
    run.exit(2);
    assert!(run.err.contains("not a commit"), "{}", run.err);
    // Written with ./, the folder is read: same plan both sides.
    let run = roadmap(d, ["diff", "./HEAD:plans/", "plans/", "--fail-on", "slip"]);
    run.exit(0);
    assert!(run.out.contains("unchanged"), "{}", run.out);
}

/// Finding 4: a tree whose entries are named `..` (git stores what it is
/// given; `git fetch` does not refuse it) is refused, and nothing is written
/// where its paths lead.
#[test]
fn a_tree_with_dot_dot_entries_writes_nothing() {
    let Some(dir) = repo() else { return };
    let d = dir.path();
    let target = tempfile::tempdir().unwrap();
    let target_dir = target.path().canonicalize().unwrap();
    let blob = {
        write(d, "blob.yaml", plan(2));
        git(d, &["hash-object", "-w", "blob.yaml"]).unwrap()
    };
    // plans/../../../…/<target_dir>/escaped.yaml, deep enough to reach `/`
    // from any temporary folder.
    let mktree = |entries: &str| -> String {
        let mut child = Command::new("git")
            .args(["mktree"])
            .current_dir(d)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(entries.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    let mut tree = mktree(&format!("100644 blob {blob}\tescaped.yaml\n"));
    for part in target_dir
        .iter()
        .skip(1)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
    {
        tree = mktree(&format!("040000 tree {tree}\t{}\n", part.to_string_lossy()));
    }
    for _ in 0..40 {
        tree = mktree(&format!("040000 tree {tree}\t..\n"));
    }
    let top = mktree(&format!(
        "040000 tree {tree}\tplans\n100644 blob {blob}\troadmap.yaml\n"
    ));
    let commit = git(d, &["commit-tree", &top, "-m", "evil"]).unwrap();
    write(d, "now.yaml", plan(2));
    let run = roadmap(d, ["diff", &format!("{commit}:plans/"), "now.yaml"]);
    assert!(
        !target_dir.join("escaped.yaml").exists(),
        "diff wrote outside its folder"
    );
    run.exit(2);
    assert!(
        run.err.contains("`..`") || run.err.contains("no checkout"),
        "{}",
        run.err
    );
}

/// Finding 10: a file named with non-ASCII letters is read from the
/// revision (not shown as added), and its slip is seen.
#[test]
fn non_ascii_file_names_in_a_revision() {
    let Some(dir) = repo() else { return };
    let d = dir.path();
    write(d, "plans/größe.yaml", plan(2));
    commit_all(d);
    write(d, "plans/größe.yaml", plan(13));
    let run = roadmap(d, ["diff", "HEAD:plans/", "plans/", "--fail-on", "slip"]);
    slipped(&run);
    assert!(!run.out.contains("plan added"), "{}", run.out);
}

/// Finding 11: `REV:FILE` reads the root's includes from the same revision.
#[test]
fn a_roots_includes_come_from_the_same_revision() {
    let Some(dir) = repo() else { return };
    let d = dir.path();
    let fragment = |weeks: u32| {
        format!("tasks:\n  - {{id: c, name: C, stream: s, duration: {weeks}w, after: [b]}}\n")
    };
    write(
        d,
        "plans/roadmap.yaml",
        plan(2).replace(
            "title: Launch\n",
            "title: Launch\ninclude: [team/more.yaml]\n",
        ),
    );
    write(d, "plans/team/more.yaml", fragment(1));
    commit_all(d);
    write(d, "plans/team/more.yaml", fragment(12));
    slipped(&roadmap(
        d,
        [
            "diff",
            "HEAD:plans/roadmap.yaml",
            "plans/roadmap.yaml",
            "--fail-on",
            "slip",
        ],
    ));
}

/// Finding 17: a path that climbs out of the repository is refused.
#[test]
fn a_revision_path_out_of_the_repository_is_refused() {
    let Some(dir) = repo() else { return };
    let d = dir.path();
    write(d, "sub/roadmap.yaml", plan(2));
    commit_all(d);
    for spec in ["HEAD:..", "HEAD:../x", "HEAD:sub/../../.."] {
        let run = roadmap(d, ["diff", spec, "sub/roadmap.yaml"]);
        run.exit(2);
        assert!(
            run.err.contains("out of the repository"),
            "{spec}: {}",
            run.err
        );
    }
    roadmap(
        &d.join("sub"),
        ["diff", "HEAD:roadmap.yaml", "roadmap.yaml"],
    )
    .exit(0);
}

/// Finding 18: 10,000 plan files at a revision are read by a handful of git
/// processes (one `cat-file --batch` for all the files), not one per file.
/// Counted through a `git` on PATH that logs each run, not timed.
#[cfg(unix)]
#[test]
fn ten_thousand_plan_files_take_a_few_git_processes() {
    use std::os::unix::fs::PermissionsExt;
    let Some(dir) = repo() else { return };
    let d = dir.path();
    let n = 10_000;
    for i in 0..n {
        write(
            d,
            &format!("plans/p{i:05}.yaml"),
            format!(
                "title: P{i}\nstart: 2026-01-05\nstreams:\n  - id: s\n    tasks:\n      - {{id: a, name: A, duration: 1d}}\n"
            ),
        );
    }
    commit_all(d);
    let real = String::from_utf8(
        Command::new("sh")
            .args(["-c", "command -v git"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let bin = tempfile::tempdir().unwrap();
    let log = bin.path().join("log");
    let wrapper = bin.path().join("git");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\necho run >> '{}'\nexec '{}' \"$@\"\n",
            log.display(),
            real.trim()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = roadmap_with(
        d,
        ["diff", "HEAD:plans/", "plans/"],
        &[("PATH", path.as_ref())],
    );
    run.exit(0);
    let runs = std::fs::read_to_string(&log)
        .unwrap_or_default()
        .lines()
        .count();
    assert!(runs <= 10, "{runs} git processes for {n} files");
}
