//! `roadmap gantt` and `roadmap export` over the seed plans, the worked
//! example and two view fixtures, with a fixed "today" so the snapshots do
//! not move with the clock.

mod common;
use common::run_args;
use unicode_width::UnicodeWidthStr;

/// Every plan in plans/, the README's example, and the view fixtures.
const PLANS: [(&str, &str); 8] = [
    ("kaar-roadmap", "plans/kaar-roadmap.yaml"),
    ("q2o-gantt", "plans/q2o-gantt.yaml"),
    ("migrationbox-v4.1", "plans/migrationbox-v4.1.yaml"),
    ("devops-platform", "plans/devops-platform.yaml"),
    ("vt-milestones", "plans/vt-milestones.yaml"),
    ("relaunch", "examples/relaunch.yaml"),
    ("tricky", "tests/fixtures/views/tricky.yaml"),
    ("nostart", "tests/fixtures/views/nostart.yaml"),
];
const TODAY: &str = "2026-03-01";

fn run(args: &[&str]) -> (u8, String, String) {
    let mut v = vec!["roadmap"];
    v.extend_from_slice(args);
    run_args(v)
}

fn gantt(path: &str, extra: &[&str]) -> String {
    let mut args = vec!["gantt", path, "--today", TODAY];
    args.extend_from_slice(extra);
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

fn assert_fits(out: &str, width: usize, what: &str) {
    for line in out.lines() {
        assert!(
            line.width() <= width,
            "{what}: a line is {} columns wide, more than {width}:\n{line}",
            line.width()
        );
    }
}

#[test]
fn snapshots_of_gantt_for_every_plan_at_80_and_160_columns() {
    for (name, path) in PLANS {
        for width in [80usize, 160] {
            let out = gantt(path, &["--width", &width.to_string()]);
            assert_fits(&out, width, &format!("{name} at {width}"));
            insta::assert_snapshot!(format!("gantt-{name}-{width}"), out);
        }
    }
}

#[test]
fn snapshots_of_gantt_in_ascii_and_with_a_scale_and_filters() {
    for (name, path) in [
        ("q2o-gantt", "plans/q2o-gantt.yaml"),
        ("tricky", "tests/fixtures/views/tricky.yaml"),
        ("nostart", "tests/fixtures/views/nostart.yaml"),
    ] {
        let out = gantt(path, &["--width", "80", "--ascii"]);
        assert_fits(&out, 80, name);
        assert!(out.is_ascii(), "{name} --ascii is not ASCII:\n{out}");
        insta::assert_snapshot!(format!("gantt-{name}-ascii"), out);
    }
    let out = gantt(
        "plans/q2o-gantt.yaml",
        &["--width", "120", "--scale", "quarters"],
    );
    assert_fits(&out, 120, "quarters");
    insta::assert_snapshot!("gantt-q2o-gantt-quarters", out);
    // Days do not fit 100 columns over 89 weeks: the chart is cut, and says so.
    let out = gantt(
        "plans/q2o-gantt.yaml",
        &["--width", "100", "--scale", "days"],
    );
    assert_fits(&out, 100, "days");
    assert!(out.contains("(cut at "), "{out}");
    let out = gantt(
        "plans/q2o-gantt.yaml",
        &["--width", "100", "--stream", "phase-3"],
    );
    assert_fits(&out, 100, "filtered");
    insta::assert_snapshot!("gantt-q2o-gantt-stream-phase-3", out);
    let out = gantt(
        "tests/fixtures/views/tricky.yaml",
        &[
            "--width",
            "100",
            "--status",
            "in-progress",
            "--status",
            "done",
        ],
    );
    insta::assert_snapshot!("gantt-tricky-status-filter", out);
}

#[test]
fn gantt_fits_every_width_from_40_up() {
    for (name, path) in PLANS {
        for width in [40usize, 41, 57, 63, 99, 100, 101, 133, 200, 250] {
            let out = gantt(path, &["--width", &width.to_string()]);
            assert_fits(&out, width, &format!("{name} at {width}"));
            let out = gantt(path, &["--width", &width.to_string(), "--ascii"]);
            assert_fits(&out, width, &format!("{name} at {width}, ASCII"));
        }
    }
}

#[test]
fn gantt_colour_only_when_asked() {
    // run_args never colours; the renderer does when told to.
    let out = gantt("examples/relaunch.yaml", &["--width", "100"]);
    assert!(!out.contains('\u{1b}'));
    let project = roadmap::check_paths(
        &["examples/relaunch.yaml".into()],
        chrono::NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
    )
    .unwrap();
    let v = project.views().next().unwrap();
    let s = v.schedule.unwrap();
    let opts = roadmap::render::gantt::Options {
        width: 100,
        scale: None,
        ascii: false,
        color: true,
    };
    let coloured = roadmap::render::gantt::render(&v, s, &Default::default(), &opts);
    assert!(coloured.contains("\u{1b}[31m"), "critical bars are red");
    // Without the escapes it is the same chart, so colour never moves a column.
    let plain = roadmap::render::gantt::render(
        &v,
        s,
        &Default::default(),
        &roadmap::render::gantt::Options {
            color: false,
            ..opts
        },
    );
    let mut stripped = String::new();
    let mut esc = false;
    for c in coloured.chars() {
        match (esc, c) {
            (false, '\u{1b}') => esc = true,
            (true, 'm') => esc = false,
            (true, _) => {}
            (false, c) => stripped.push(c),
        }
    }
    assert_eq!(stripped, plain);
}

#[test]
fn gantt_filters_name_things_that_exist() {
    let (code, _, err) = run(&["gantt", "plans/q2o-gantt.yaml", "--stream", "phase-9"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `phase-1`"), "{err}");
}

fn load(path: &str) -> (roadmap::plan::model::Plan, roadmap::plan::graph::PlanGraph) {
    let mut p = roadmap::check_paths(&[path.into()], chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()).unwrap();
    let lp = p.plans.remove(0);
    (lp.plan.unwrap(), lp.graph.unwrap())
}

fn export(path: &str, to: &str) -> String {
    let (code, out, err) = run(&["export", "--to", to, path]);
    assert_eq!(code, 0, "{path} {to}: {err}");
    out
}

#[test]
fn snapshots_of_every_export_format_for_every_plan() {
    for (name, path) in PLANS {
        for to in ["mermaid", "dot", "json", "csv"] {
            let out = export(path, to);
            insta::assert_snapshot!(format!("export-{name}-{to}"), out);
        }
    }
}

/// The text of a Mermaid task line, and its data after the colon.
fn mermaid_tasks(chart: &str) -> Vec<(String, Vec<String>)> {
    chart
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty()
                && !l.starts_with("%%")
                && ![
                    "gantt",
                    "title ",
                    "dateFormat ",
                    "axisFormat ",
                    "todayMarker ",
                    "section ",
                ]
                .iter()
                .any(|k| l.starts_with(k))
        })
        .map(|l| {
            let (text, data) = l.split_once(" :").expect("a task line has ` :`");
            (
                text.to_string(),
                data.split(", ").map(str::to_string).collect(),
            )
        })
        .collect()
}

#[test]
fn mermaid_ids_are_safe_and_every_after_names_one() {
    for (name, path) in PLANS {
        let chart = export(path, "mermaid");
        let tasks = mermaid_tasks(&chart);
        let mut ids = std::collections::HashSet::new();
        for (text, data) in &tasks {
            // `:` `#` `;` only as entity codes (`#58;`), never bare.
            let mut rest = text.as_str();
            while let Some(i) = rest.find('#') {
                let code = rest[i + 1..].split(';').next().unwrap();
                assert!(
                    !code.is_empty() && code.chars().all(|c| c.is_ascii_digit()),
                    "{name}: a bare # in {text}"
                );
                rest = &rest[i + code.len() + 2..];
            }
            assert!(
                !rest.contains(':') && !text.contains('\n'),
                "{name}: {text}"
            );
            let plain: String = text
                .split('#')
                .map(|p| p.split_once(';').map_or(p, |x| x.1))
                .collect();
            assert!(
                !plain.contains(':') && !plain.contains(';'),
                "{name}: {text}"
            );
            let id = data
                .iter()
                .find(|d| !["crit", "done", "active", "milestone"].contains(&d.as_str()))
                .unwrap();
            assert!(
                id.len() >= 2
                    && id[..1].chars().all(|c| "tmb".contains(c))
                    && id[1..].chars().all(|c| c.is_ascii_digit()),
                "{name}: unsafe id {id}"
            );
            assert!(ids.insert(id.clone()), "{name}: id {id} twice");
        }
        for (_, data) in &tasks {
            for d in data {
                if let Some(list) = d.strip_prefix("after ") {
                    for id in list.split(' ') {
                        assert!(ids.contains(id), "{name}: after {id} names no task");
                    }
                }
            }
        }
    }
    // Several ids at once where a task waits for several.
    let chart = export("examples/relaunch.yaml", "mermaid");
    assert!(chart.contains("after t4 t5"), "{chart}");
}

#[test]
fn mermaid_dates_are_the_schedule_dates() {
    // The frontend: Monday March 23 to Monday April 6 (Good Friday off), so
    // Mermaid's exclusive end is April 7.
    let chart = export("examples/relaunch.yaml", "mermaid");
    assert!(
        chart.contains("frontend Frontend :crit, t4, 2026-03-23, 2026-04-07"),
        "{chart}"
    );
    // Mermaid counts calendar days: no `Nd` duration except a milestone's 0d.
    for (_, data) in mermaid_tasks(&chart) {
        let last = data.last().unwrap();
        assert!(last == "0d" || last.len() == 10, "{last}");
    }
}

#[test]
fn dot_marks_the_critical_path_and_milestones() {
    let dot = export("examples/relaunch.yaml", "dot");
    assert!(dot.contains("\"launch\" [label=\"launch\\nLaunch"));
    assert!(dot.contains("shape=diamond"));
    assert!(dot.contains("\"frontend\" -> \"launch\" [color=\"#d62728\", penwidth=2.5]"));
    assert!(dot.contains("\"content\" -> \"launch\";"));
    assert!(dot.contains("subgraph cluster_s0"));
}

#[test]
fn json_export_holds_the_plan_and_agrees_with_critical_path() {
    for (name, path) in PLANS {
        let v: serde_json::Value = serde_json::from_str(&export(path, "json")).unwrap();
        assert_eq!(v["format"], "roadmap-export");
        assert_eq!(v["version"], 1);
        let (plan, _) = load(path);
        assert_eq!(v["tasks"].as_array().unwrap().len(), plan.tasks.len());
        assert_eq!(
            v["milestones"].as_array().unwrap().len(),
            plan.milestones.len()
        );
        for t in v["tasks"].as_array().unwrap() {
            for key in [
                "id", "name", "stream", "status", "after", "schedule", "children",
            ] {
                assert!(t.get(key).is_some(), "{name}: task without {key}: {t}");
            }
            assert_ne!(
                t["schedule"].is_null(),
                t["unscheduled"].is_null(),
                "{name}: {t}"
            );
        }
        let (code, cp, _) = run(&["critical-path", path, "--format", "json", "--all"]);
        assert_eq!(code, 0);
        let cp: serde_json::Value = serde_json::from_str(&cp).unwrap();
        assert_eq!(v["critical_path"], cp["critical_path"], "{name}");
        assert_eq!(v["finish"], cp["finish"], "{name}");
        for row in cp["tasks"].as_array().unwrap() {
            let list = if row["kind"] == "task" {
                &v["tasks"]
            } else {
                &v["milestones"]
            };
            let mine = list
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["id"] == row["id"])
                .unwrap();
            for k in [
                "es",
                "ef",
                "ls",
                "lf",
                "total_slack",
                "free_slack",
                "critical",
            ] {
                assert_eq!(mine["schedule"][k], row[k], "{name} {} {k}", row["id"]);
            }
        }
    }
}

#[test]
fn csv_export_has_one_row_per_item_and_the_documented_columns() {
    for (name, path) in PLANS {
        let out = export(path, "csv");
        let mut r = csv::Reader::from_reader(out.as_bytes());
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header, roadmap::render::export::CSV_COLUMNS, "{name}");
        let rows = r.records().count();
        let (plan, _) = load(path);
        assert_eq!(rows, plan.items().count(), "{name}");
    }
}

#[test]
fn export_takes_one_plan() {
    let (code, out, err) = run(&["export", "--to", "csv", "plans/"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("export takes one plan"), "{err}");
}

#[test]
fn output_file_is_written_refused_without_force_and_replaced_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("chart.mmd");
    let f = file.to_str().unwrap();
    let (code, out, err) = run(&[
        "export",
        "--to",
        "mermaid",
        "examples/relaunch.yaml",
        "-o",
        f,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        export("examples/relaunch.yaml", "mermaid")
    );

    // Refused: exit 2, a clear message, the file untouched.
    std::fs::write(&file, "precious").unwrap();
    let (code, _, err) = run(&["export", "--to", "csv", "examples/relaunch.yaml", "-o", f]);
    assert_eq!(code, 2);
    assert!(
        err.contains("already exists") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "precious");

    // --force replaces it.
    let (code, _, err) = run(&[
        "export",
        "--to",
        "csv",
        "examples/relaunch.yaml",
        "-o",
        f,
        "--force",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        export("examples/relaunch.yaml", "csv")
    );
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    // --force needs -o.
    let (code, _, _) = run(&["export", "--to", "csv", "examples/relaunch.yaml", "--force"]);
    assert_eq!(code, 2);
}

#[test]
fn nothing_is_written_when_the_export_fails() {
    let dir = tempfile::tempdir().unwrap();
    // A plan with errors: exit 1, no file.
    let bad = dir.path().join("bad.yaml");
    std::fs::write(
        &bad,
        "title: Bad\nstreams:\n  - id: s\n    tasks:\n      - { id: a, name: A, after: [zz] }\n",
    )
    .unwrap();
    let file = dir.path().join("out.json");
    let (code, _, _) = run(&[
        "export",
        "--to",
        "json",
        bad.to_str().unwrap(),
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(!file.exists());
    // A folder that does not exist: exit 2, nothing created.
    let missing = dir.path().join("no/such/dir/out.json");
    let (code, _, err) = run(&[
        "export",
        "--to",
        "json",
        "examples/relaunch.yaml",
        "-o",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot write"), "{err}");
    assert!(!dir.path().join("no").exists());
}

#[test]
fn a_failed_write_leaves_the_old_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plan.json");
    std::fs::write(&file, "old contents").unwrap();
    // The writer fails half way through, with --force.
    let res = roadmap::write::write_atomic(&file, true, |w| {
        w.write_all(b"half of the new")?;
        Err(std::io::Error::other("disk full"))
    });
    assert!(matches!(res, Err(roadmap::write::WriteError::Io { .. })));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "old contents");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "the temporary file is removed"
    );
    // Without --force an existing file is refused before anything is written.
    let mut called = false;
    let res = roadmap::write::write_atomic(&file, false, |_| {
        called = true;
        Ok(())
    });
    assert!(matches!(res, Err(roadmap::write::WriteError::Exists(_))));
    assert!(!called);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "old contents");
}

/// The fenced block of `lang` that follows `after` in a document.
fn block_after(doc: &str, after: &str, lang: &str) -> String {
    let from = doc.find(after).unwrap_or_else(|| panic!("no `{after}`"));
    let open = format!("```{lang}\n");
    let start = doc[from..].find(&open).unwrap() + from + open.len();
    let end = doc[start..].find("```\n").unwrap() + start;
    doc[start..end].to_string()
}

#[test]
fn the_pictures_in_the_docs_are_the_tools_output() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let (_, chart, _) = run(&[
        "gantt",
        "examples/relaunch.yaml",
        "--width",
        "80",
        "--today",
        "2026-03-16",
    ]);
    assert_eq!(block_after(&readme, "## Pictures", "text"), chart);
    let mermaid = export("examples/relaunch.yaml", "mermaid");
    assert_eq!(block_after(&readme, "## Pictures", "mermaid"), mermaid);

    let gantt_md = std::fs::read_to_string("docs/gantt.md").unwrap();
    let (_, chart, _) = run(&[
        "gantt",
        "tests/fixtures/views/tricky.yaml",
        "--width",
        "90",
        "--today",
        "2026-03-16",
    ]);
    assert_eq!(
        block_after(&gantt_md, "## Reading the chart", "text"),
        chart
    );
    let export_md = std::fs::read_to_string("docs/export.md").unwrap();
    assert_eq!(block_after(&export_md, "## Mermaid", "text"), mermaid);
}
