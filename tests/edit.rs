//! `roadmap set`, `start`, `done`: edits keep every byte outside the value,
//! land in the file that holds the item, read back as exactly the change,
//! and are refused (nothing written) when they would add an error.

use crate::support::run_argv as run_args;

use chrono::NaiveDate;
use proptest::prelude::*;
use roadmap::edit::{self, Change};
use roadmap::plan::model::Plan;
use std::path::{Path, PathBuf};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
}

/// Every item's values as the model holds them, one line each, for
/// comparing two loads of a plan.
fn summary(plan: &Plan) -> Vec<String> {
    plan.tasks
        .iter()
        .map(|t| {
            format!(
                "{} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {}",
                t.id,
                t.name,
                t.status.as_ref().map(|s| s.value),
                t.owner,
                t.priority,
                t.tags,
                t.bucket,
                t.duration.as_ref().map(|d| d.value),
                t.due.as_ref().map(|d| d.period),
                t.after.len()
            )
        })
        .chain(plan.milestones.iter().map(|m| {
            format!(
                "{} {:?} {:?} {:?}",
                m.id,
                m.name,
                m.status.as_ref().map(|s| s.value),
                m.owner
            )
        }))
        .collect()
}

fn load(paths: &[PathBuf]) -> Plan {
    let p = roadmap::check_paths(paths, today()).unwrap();
    // Seed plans may carry wrong declared totals (as transcribed): an edit
    // is refused only for errors it adds.
    assert_eq!(p.blocking().count(), 0, "{:?}", p.diagnostics);
    p.plans.into_iter().next().unwrap().plan.unwrap()
}

/// The bytes that differ between `a` and `b`: (start, end in a, end in b).
fn changed(a: &[u8], b: &[u8]) -> (usize, usize, usize) {
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let max = a.len().min(b.len()) - pre;
    let suf = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max)
        .take_while(|(x, y)| x == y)
        .count();
    (pre, a.len() - suf, b.len() - suf)
}

/// Set `key` of `id` in the plan at `root` (a copy in `dir`), check the
/// bytes and the model: exactly that change, every other byte as it was.
fn set_and_compare(
    dir: &Path,
    root: &Path,
    id: &str,
    key: &str,
    value: &str,
    want: impl Fn(&Plan) -> String,
) {
    let paths = vec![root.to_path_buf()];
    let before_plan = load(&paths);
    let change = Change::parse(id, &format!("{key}={value}")).unwrap();
    let prepared = match edit::prepare(&paths, &[change], today()) {
        Ok(p) => p,
        Err(e) => panic!("{id} {key}={value}: {e}"),
    };
    assert_eq!(prepared.files.len(), 1);
    let f = &prepared.files[0];
    let (start, end_a, end_b) = changed(&f.before, &f.after);
    let old = String::from_utf8_lossy(&f.before[start..end_a]).into_owned();
    let new = String::from_utf8_lossy(&f.after[start..end_b]).into_owned();
    // Only the value (or the added key) differs: no line but its own.
    assert!(
        !old.contains('\n'),
        "{id}: changed more than one value: {old:?} -> {new:?}"
    );
    // Setting a value it already has changes no byte. Otherwise the new
    // value is on the changed line (`P` for `P1` changes only the `1`).
    let same = old.is_empty() && new.is_empty();
    // The bytes that differ may leave out the start the old value shares
    // with the new (`customer` -> `cxyopm`): look from that far back.
    let first = value.split(',').next().unwrap();
    let around = String::from_utf8_lossy(&f.after[start.saturating_sub(first.len())..end_b]);
    assert!(same || around.contains(first), "{old:?} -> {new:?}");
    // A value replaced stays on its line; a key added is one new line at most.
    assert!(
        new.matches('\n').count() <= usize::from(old.is_empty()),
        "{new:?}"
    );
    // The model after is the model before with that one change.
    let file = dir.join("after.yaml");
    std::fs::write(&file, &f.after).unwrap();
    std::fs::copy(&f.path, dir.join("before.yaml")).unwrap();
    std::fs::write(&f.path, &f.after).unwrap();
    let after_plan = load(&paths);
    std::fs::write(&f.path, &f.before).unwrap();
    let (a, b) = (summary(&before_plan), summary(&after_plan));
    let idx = before_plan.tasks.iter().position(|t| t.id == id);
    let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    assert!(
        diff.len() <= 1 && diff.iter().all(|&i| Some(i) == idx),
        "{id}: other items changed: {diff:?}"
    );
    assert_eq!(want(&after_plan), value, "{id} {key}");
}

#[test]
fn setting_the_status_of_every_item_of_every_seed_plan_changes_only_that_value() {
    let dir = tempfile::tempdir().unwrap();
    let mut plans: Vec<PathBuf> = std::fs::read_dir("plans")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    plans.sort();
    let mut edits = 0;
    for seed in plans {
        let copy = dir.path().join(seed.file_name().unwrap());
        std::fs::copy(&seed, &copy).unwrap();
        let plan = load(std::slice::from_ref(&copy));
        for i in plan.items() {
            let id = plan.tasks[i].id.clone();
            let new = if plan.status(i).as_str() == "blocked" {
                "todo"
            } else {
                "blocked"
            };
            set_and_compare(dir.path(), &copy, &id, "status", new, |p| {
                let j = p.tasks.iter().position(|t| t.id == id).unwrap();
                p.status(j).as_str().to_string()
            });
            edits += 1;
        }
        // The seed file itself is never touched.
        assert_eq!(std::fs::read(&seed).unwrap(), std::fs::read(&copy).unwrap());
    }
    assert!(edits > 100, "{edits}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, .. ProptestConfig::default() })]

    /// For generated plans (root and fragments) and random edits of random
    /// items, the edit lands in the item's file, reads back as exactly the
    /// change, and every byte outside it is as it was.
    #[test]
    fn random_edits_of_generated_plans_change_exactly_the_value(
        seed in 0u64..1000,
        pick in 0usize..10_000,
        which in 0usize..4,
        word in "[A-Za-z][a-z]{0,6}( [A-Z][a-z]{1,5})?",
    ) {
        let g = roadmap::synth::generate(120, seed);
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in &g.files {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let root = dir.path().join(&g.files[0].0);
        let plan = load(std::slice::from_ref(&root));
        let items: Vec<usize> = plan.items().collect();
        let i = items[pick % items.len()];
        let id = plan.tasks[i].id.clone();
        let id2 = id.clone();
        let (key, value): (&str, String) = match which {
            0 => ("status", ["todo", "in-progress", "done", "blocked"][pick % 4].into()),
            1 => ("owner", word.clone()),
            2 => ("priority", word.clone()),
            _ => ("tags", format!("{},x{}", word.to_lowercase().replace(' ', "-"), pick % 7)),
        };
        set_and_compare(dir.path(), &root, &id, key, &value, move |p| {
            let j = p.tasks.iter().position(|t| t.id == id2).unwrap();
            let t = &p.tasks[j];
            match which {
                0 => p.status(j).as_str().to_string(),
                1 => t.owner.clone().unwrap_or_default(),
                2 => t.priority.clone().unwrap_or_default(),
                _ => t.tags.join(","),
            }
        });
    }
}

const FLOW: &str = "\u{feff}title: T\r\nstart: 2026-03-02\r\n# a comment\r\nstreams:\r\n  - id: s\r\n    tasks:\r\n      - { id: a, name: A, duration: 2d }   # keep me\r\n      - id: b\r\n        name: 'B'\r\n        after: [a]\r\n\r\n        duration: 3d\r\n";

fn write_plan(dir: &Path, text: &str) -> PathBuf {
    let p = dir.join("roadmap.yaml");
    std::fs::write(&p, text).unwrap();
    p
}

fn set(args: &[&str]) -> (u8, String, String) {
    let mut a = vec!["roadmap", "--today", "2026-03-01"];
    a.extend(args);
    run_args(a)
}

#[test]
fn a_key_is_added_in_the_style_of_its_item_crlf_and_bom_kept() {
    let dir = tempfile::tempdir().unwrap();
    let p = write_plan(dir.path(), FLOW);
    let ps = p.to_str().unwrap();
    let (code, out, err) = set(&["set", "a", "b", "owner=Priya Das", ps]);
    assert_eq!(code, 0, "{out}{err}");
    let after = std::fs::read_to_string(&p).unwrap();
    assert_eq!(
        after,
        FLOW.replace("duration: 2d }", "duration: 2d, owner: Priya Das }")
            .replace("- id: b\r\n", "- id: b\r\n        owner: Priya Das\r\n")
    );
    // A value present is replaced in its own quoting.
    let (code, _, err) = set(&["set", "b", "owner=O'Neil", ps]);
    assert_eq!(code, 0, "{err}");
    assert!(
        std::fs::read_to_string(&p)
            .unwrap()
            .contains("        owner: \"O'Neil\"\r\n")
    );
}

#[test]
fn dry_run_prints_a_unified_diff_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let p = write_plan(dir.path(), FLOW);
    let (code, out, err) = set(&[
        "set",
        "b",
        "status=blocked",
        "--dry-run",
        p.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\n+        status: blocked\r\n"), "{out}");
    assert!(out.starts_with("--- a/"), "{out}");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), FLOW);
}

#[test]
fn refusals_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let p = write_plan(dir.path(), FLOW);
    let ps = p.to_str().unwrap();
    let cases: [(&[&str], &str); 5] = [
        (
            &["set", "bb", "status=done", ps],
            "no task or milestone has the id `bb` (did you mean `b`?)",
        ),
        (
            &["set", "a", "status=finished", ps],
            "status takes one of todo, in-progress, done",
        ),
        (
            &["set", "a", "total=many", ps],
            "total takes a whole number",
        ),
        (&["set", "a", "after=b", ps], "dependency-cycle"),
        (&["set", "a", "colour=red", ps], "`colour` is not a key"),
    ];
    for (args, want) in cases {
        let (code, out, err) = set(args);
        assert_ne!(code, 0, "{args:?}: {out}");
        assert!(err.contains(want), "{args:?}: {err}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), FLOW, "{args:?}");
    }
}

#[test]
fn an_edit_that_makes_a_declared_total_wrong_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = "title: T\nstreams:\n  - id: s\n    total: 2\n    tasks:\n      - id: a\n        name: A\n      - id: b\n        name: B\n";
    let p = write_plan(dir.path(), text);
    let (code, _, err) = set(&["set", "s", "owner=x", p.to_str().unwrap()]);
    assert_ne!(code, 0);
    assert!(err.contains("no task or milestone has the id `s`"), "{err}");
    let (code, _, err) = set(&["set", "a", "total=3", p.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("total-mismatch"), "{err}");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), text);
}

#[test]
fn an_id_defined_in_two_places_is_refused_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let root = "title: T\ninclude: [more.yaml]\nstreams:\n  - id: s\n    tasks:\n      - { id: a, name: A }\n";
    let more = "tasks:\n  - { id: a, name: A again, stream: s }\n";
    let p = write_plan(dir.path(), root);
    std::fs::write(dir.path().join("more.yaml"), more).unwrap();
    let (code, _, err) = set(&["set", "a", "status=done", p.to_str().unwrap()]);
    assert_ne!(code, 0);
    assert!(
        err.contains("duplicate-id") || err.contains("defined in 2 places"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&p).unwrap(), root);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("more.yaml")).unwrap(),
        more
    );
}

#[test]
fn the_edit_lands_in_the_fragment_that_holds_the_item() {
    let dir = tempfile::tempdir().unwrap();
    let root = "title: T\ninclude: [more.yaml]\nstreams:\n  - id: s\n    tasks:\n      - { id: a, name: A }\n";
    let more = "# fragment\ntasks:\n  - id: b   # here\n    name: B\n    stream: s\n";
    let p = write_plan(dir.path(), root);
    std::fs::write(dir.path().join("more.yaml"), more).unwrap();
    let (code, _, err) = set(&["set", "b", "priority=P1", p.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), root);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("more.yaml")).unwrap(),
        more.replace("# here\n", "# here\n    priority: P1\n")
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_refused_and_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = write_plan(dir.path(), FLOW);
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).unwrap();
    let (code, _, err) = set(&["set", "a", "status=done", p.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("read-only"), "{err}");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), FLOW);
    // A writable file keeps its mode through the atomic replace.
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
    let (code, _, err) = set(&["set", "a", "status=done", p.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

#[test]
fn start_and_done_set_the_status_and_the_day() {
    let dir = tempfile::tempdir().unwrap();
    let p = write_plan(dir.path(), FLOW);
    let (code, out, err) = set(&[
        "done",
        "a",
        "--on",
        "2026-02-27",
        "--dry-run",
        p.to_str().unwrap(),
    ]);
    // The loader learns `finished` with the actual dates ("Schedule from
    // today"); until then the check after the edit refuses the key.
    let knows = serde_json::to_string(&roadmap::plan::raw::json_schema())
        .unwrap()
        .contains("\"finished\"");
    if knows {
        assert_eq!(code, 0, "{err}");
        assert!(
            out.contains("status: done, finished: 2026-02-27 }"),
            "{out}"
        );
    } else {
        assert_eq!(code, 1, "{out}");
        assert!(err.contains("unknown key `finished`"), "{err}");
    }
    assert_eq!(std::fs::read_to_string(&p).unwrap(), FLOW);
}
