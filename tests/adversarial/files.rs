//! Files and folders: includes that loop or lead out, symlinks, files that
//! cannot be read, folders without plans, ids defined in two files.

use crate::support::{check, roadmap, write};
use std::os::unix::fs::symlink;
use std::path::Path;

const TASKS: &str = "streams:\n  - id: s\n    tasks:\n      - {id: a, name: A}\n";

fn root_including(dir: &Path, name: &str, include: &str) {
    write(
        dir,
        name,
        format!("title: Root\ninclude: [\"{include}\"]\n{TASKS}"),
    );
}

/// The include diagnostic is in the including file and names the path.
fn include_error(dir: &Path, root: &str, path_in_message: &str) {
    let run = check(dir, root);
    run.exit(1).has("include-error", root);
    assert!(
        run.out.contains(path_in_message),
        "message does not name {path_in_message}: {}",
        run.out
    );
}

/// A file that includes itself, however the path is spelled.
#[test]
fn an_include_that_includes_itself() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("sub")).unwrap();
    for (i, spelling) in [
        "root0.yaml",
        "./root1.yaml",
        "sub/../root2.yaml",
        "me3.yaml",
    ]
    .iter()
    .enumerate()
    {
        let root = format!("root{i}.yaml");
        root_including(d, &root, spelling);
        if spelling.starts_with("me") {
            symlink(&root, d.join(spelling)).unwrap();
        }
        include_error(d, &root, "includes itself");
    }
    // Two files that include each other: a cycle, reported once.
    write(
        d,
        "ping.yaml",
        format!("title: Ping\ninclude: [pong.yaml]\n{TASKS}"),
    );
    write(d, "pong.yaml", "include: [ping.yaml]\n");
    let run = check(d, "ping.yaml");
    run.exit(1).has("include-error", "pong.yaml");
    assert!(run.out.contains("include cycle"), "{}", run.out);
}

/// Includes that lead out of the root's folder are refused: by `..`, by an
/// absolute path, and by a symlink inside the folder that points out.
#[test]
fn an_include_outside_the_plans_folder_is_refused() {
    let outer = tempfile::tempdir().unwrap();
    let o = outer.path();
    write(o, "secret.yaml", "tasks: []\n");
    let d = &o.join("plan");
    std::fs::create_dir(d).unwrap();
    let abs = o.join("secret.yaml").display().to_string();
    symlink(o.join("secret.yaml"), d.join("link.yaml")).unwrap();
    for (i, inc) in [
        "../secret.yaml",
        "sub/../../secret.yaml",
        abs.as_str(),
        "link.yaml",
    ]
    .iter()
    .enumerate()
    {
        std::fs::create_dir_all(d.join("sub")).unwrap();
        let root = format!("root{i}.yaml");
        root_including(d, &root, inc);
        let run = check(d, &root);
        run.exit(1).has("include-error", &root);
        assert!(
            run.out.contains("outside the plan's folder") || run.out.contains("absolute path"),
            "{inc}: {}",
            run.out
        );
    }
    // `..` that stays inside is fine.
    write(
        d,
        "team/frag.yaml",
        "tasks: [{id: b, name: B, stream: s}]\n",
    );
    root_including(d, "ok.yaml", "sub/../team/frag.yaml");
    check(d, "ok.yaml").exit(0);
}

/// A symlink in a scanned folder that leads outside it is refused, so that a
/// pull request cannot make the tool quote another file (the environment in
/// /proc/self/environ, say) in a diagnostic.
#[test]
fn a_symlink_out_of_a_scanned_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "plans/good.yaml", format!("title: Good\n{TASKS}"));
    write(d, "elsewhere.yaml", "title: x\n");
    symlink(d.join("elsewhere.yaml"), d.join("plans/evil.yaml")).unwrap();
    roadmap(d, ["check", "plans"])
        .exit(2)
        .err_names("evil.yaml");
}

/// Symlinks that loop: named directly (cannot be read: exit 2), included
/// (an include error), and in a folder (skipped; the other plans are read).
#[test]
fn a_symlink_loop() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    symlink("b.yaml", d.join("a.yaml")).unwrap();
    symlink("a.yaml", d.join("b.yaml")).unwrap();
    roadmap(d, ["check", "a.yaml"]).exit(2).err_names("a.yaml");

    root_including(d, "root.yaml", "a.yaml");
    include_error(d, "root.yaml", "a.yaml");

    write(d, "plans/good.yaml", format!("title: Good\n{TASKS}"));
    symlink("y.yaml", d.join("plans/x.yaml")).unwrap();
    symlink("x.yaml", d.join("plans/y.yaml")).unwrap();
    // A folder that is a symlink to itself is not walked into either.
    symlink(".", d.join("plans/self.yaml")).unwrap();
    let run = roadmap(d, ["check", "--format", "json", "plans"]);
    run.exit(0);
    assert!(run.out.contains("good.yaml"), "{}", run.out);
}

/// Does `chmod 000` stop this process reading a file? Not as root.
fn chmod_stops_reads(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let p = dir.join("probe");
    std::fs::write(&p, "x").unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::read(&p).is_err()
}

/// A file that cannot be read: exit 2 naming it when named on the command
/// line; an include error when included. With `chmod 000` when that stops
/// reads; as root it does not, so the named file is then a symlink to
/// /proc/self/mem (a regular file whose read fails with EIO) and the
/// included case is skipped (a symlink there would lead outside the
/// folder, which is a different error).
#[test]
fn an_unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let by_chmod = chmod_stops_reads(d);
    if by_chmod {
        write(d, "locked.yaml", format!("title: Locked\n{TASKS}"));
        std::fs::set_permissions(
            d.join("locked.yaml"),
            std::fs::Permissions::from_mode(0o000),
        )
        .unwrap();
    } else {
        eprintln!("running as root: chmod 000 does not stop reads; using /proc/self/mem");
        symlink("/proc/self/mem", d.join("locked.yaml")).unwrap();
    }
    roadmap(d, ["check", "locked.yaml"])
        .exit(2)
        .err_names("locked.yaml");
    if by_chmod {
        root_including(d, "root.yaml", "locked.yaml");
        include_error(d, "root.yaml", "locked.yaml");
    }
}

/// A FIFO, or a device, where a plan should be: refused at once instead of
/// waiting for a writer that never comes.
#[test]
fn a_fifo_or_device_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let made = std::process::Command::new("mkfifo")
        .arg(d.join("pipe.yaml"))
        .status()
        .is_ok_and(|s| s.success());
    if made {
        roadmap(d, ["check", "pipe.yaml"])
            .exit(2)
            .err_names("pipe.yaml");
        root_including(d, "root.yaml", "pipe.yaml");
        include_error(d, "root.yaml", "pipe.yaml");
    } else {
        eprintln!("mkfifo is not available: FIFO case skipped");
    }
    roadmap(d, ["check", "/dev/zero"])
        .exit(2)
        .err_names("/dev/zero");
}

/// A folder with no plan files: exit 2, naming the folder. Files of other
/// kinds, sub-folders (not searched) and a folder named like a plan do not
/// count.
#[test]
fn a_folder_with_no_plans() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "empty-plans/README.md", "# plans go here\n");
    write(d, "empty-plans/notes.txt", "title: not yaml by name\n");
    write(
        d,
        "empty-plans/deeper/plan.yaml",
        format!("title: Deep\n{TASKS}"),
    );
    std::fs::create_dir(d.join("empty-plans/folder.yaml")).unwrap();
    let run = roadmap(d, ["check", "empty-plans"]);
    run.exit(2).err_names("empty-plans");
    assert!(run.err.contains("no plan files"), "{}", run.err);
    assert!(run.out.is_empty());
}

/// The same id in a root and in the fragment it includes: reported in the
/// second file, pointing at the first.
#[test]
fn the_same_id_in_two_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    root_including(d, "root.yaml", "team.yaml");
    write(
        d,
        "team.yaml",
        "tasks:\n  - {id: a, name: Again, stream: s}\n",
    );
    let run = check(d, "root.yaml");
    run.exit(1).has("duplicate-id", "team.yaml");
    let v = run.json();
    let d0 = &v["diagnostics"][0];
    assert!(
        d0["related"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["file"].as_str().unwrap().ends_with("root.yaml")),
        "{d0}"
    );
    // Two roots in one folder may reuse ids: they are different plans.
    write(d, "plans/one.yaml", format!("title: One\n{TASKS}"));
    write(d, "plans/two.yaml", format!("title: Two\n{TASKS}"));
    roadmap(d, ["check", "plans"]).exit(0);
}

/// `export -o` onto a symlink: refused without --force; with it, the link is
/// replaced by the new file and what it pointed at is left alone (the write
/// is a rename, never a write through the link).
#[test]
fn export_onto_a_symlink_never_writes_through_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "plan.yaml", format!("title: P\n{TASKS}"));
    write(d, "precious.txt", "do not touch");
    symlink(d.join("precious.txt"), d.join("out.csv")).unwrap();
    roadmap(d, ["export", "--to", "csv", "-o", "out.csv", "plan.yaml"])
        .exit(2)
        .err_names("out.csv");
    roadmap(
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
    )
    .exit(0);
    assert_eq!(
        std::fs::read_to_string(d.join("precious.txt")).unwrap(),
        "do not touch"
    );
    let meta = std::fs::symlink_metadata(d.join("out.csv")).unwrap();
    assert!(meta.file_type().is_file(), "the link itself was replaced");
}
