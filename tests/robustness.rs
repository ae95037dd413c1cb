//! No input makes the tool panic: malformed YAML, wrong types, empty files and
//! binary junk all end in a diagnostic and exit 1 (or 2 when nothing could be
//! read at all).

use roadmap::cli::run_args;
use std::path::Path;

fn check_file(dir: &Path, name: &str, bytes: &[u8]) -> (u8, String, String) {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    run_args([
        "roadmap".as_ref(),
        "check".as_ref(),
        path.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ])
}

/// Each case: the input, and the code the report must contain.
const CASES: &[(&str, &[u8], &str)] = &[
    ("empty", b"", "empty-file"),
    ("comments-only", b"# nothing here\n# at all\n", "empty-file"),
    ("whitespace", b"   \n\n\t\n", "empty-file"),
    ("unclosed-flow", b"title: x\nstreams: [{id: a\n", "yaml-syntax"),
    ("unclosed-quote", b"title: \"abc\n", "yaml-syntax"),
    ("bad-indent", b"title: x\n streams:\n- id: a\n", "yaml-syntax"),
    ("tab-indent", b"title: x\nstreams:\n\t- id: a\n", "yaml-syntax"),
    ("scalar-root", b"just a string\n", "invalid-value"),
    ("list-root", b"- a\n- b\n", "invalid-value"),
    ("streams-not-list", b"title: x\nstreams: 5\n", "invalid-value"),
    ("total-negative", b"title: x\ntotal: -3\n", "invalid-value"),
    ("total-text", b"title: x\ntotal: many\n", "invalid-value"),
    ("total-huge", b"title: x\ntotal: 99999999999999999999999\n", "invalid-value"),
    ("title-list", b"title: [a, b]\n", "invalid-value"),
    ("after-scalar", b"title: x\nstreams:\n  - id: s\n    tasks:\n      - { id: a, name: A, after: b }\n", "invalid-value"),
    ("task-no-name", b"title: x\nstreams:\n  - id: s\n    tasks:\n      - { id: a }\n", "missing-key"),
    ("unknown-top", b"title: x\nstreems: []\n", "unknown-key"),
    ("dup-key", b"title: x\ntitle: y\n", "duplicate-key"),
    ("no-title", b"streams: []\n", "missing-key"),
    ("bad-date", b"title: x\nstart: 2026-02-30\n", "invalid-value"),
    ("year-99999", b"title: x\nstart: 99999-01-01\n", "invalid-value"),
    ("huge-duration", b"title: x\nstreams:\n  - id: s\n    tasks:\n      - { id: a, name: A, duration: 99999 weeks }\n", "invalid-value"),
    ("relative-far", b"title: x\nstart: 2026-01-05\nbuckets:\n  - { id: b, start: W99999999 }\n", "invalid-value"),
    ("binary", b"\x00\x01\x02\xff\xfe\x00title", "encoding"),
    ("latin1", b"title: caf\xe9\n", "encoding"),
    ("utf16", b"\xff\xfet\x00i\x00t\x00", "encoding"),
    ("nul", b"title: a\x00b\n", "yaml-syntax"),
    ("multi-doc", b"title: a\n---\ntitle: b\n", "yaml-syntax"),
    ("unknown-anchor", b"title: *nope\n", "yaml-syntax"),
];

#[test]
fn malformed_inputs_end_in_a_diagnostic_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes, code) in CASES {
        let (exit, out, err) = check_file(dir.path(), &format!("{name}.yaml"), bytes);
        assert_eq!(exit, 1, "{name}: exit {exit}\n{out}\n{err}");
        let v: serde_json::Value =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{name}: {e}\n{out}"));
        let codes: Vec<&str> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        assert!(
            codes.contains(code),
            "{name}: expected {code}, got {codes:?}"
        );
        for d in v["diagnostics"].as_array().unwrap() {
            assert!(
                d["file"]
                    .as_str()
                    .unwrap()
                    .ends_with(&format!("{name}.yaml")),
                "{name}: {d}"
            );
            assert!(d["line"].as_u64().unwrap() >= 1);
            assert!(d["column"].as_u64().unwrap() >= 1);
        }
    }
}

/// Billion laughs written with keys the format accepts, so that the aliases
/// really are expanded: nine levels of ten-fold task lists.
#[test]
fn alias_bomb_is_refused_by_the_input_budget() {
    let mut doc = String::from("title: bomb\nstreams:\n  - id: s\n    tasks:\n");
    doc.push_str(&format!(
        "      - name: l0\n        tasks: &l0 [{}]\n",
        ["{name: x}"; 10].join(", ")
    ));
    for i in 1..9 {
        let item = format!("{{name: y, tasks: *l{}}}", i - 1);
        doc.push_str(&format!(
            "      - name: l{i}\n        tasks: &l{i} [{}]\n",
            [item.as_str(); 10].join(", ")
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let (exit, out, _) = check_file(dir.path(), "bomb.yaml", doc.as_bytes());
    assert_eq!(exit, 1);
    assert!(out.contains("\"code\": \"input-limit\""), "{out}");
    assert!(out.contains("bomb.yaml"));
}

#[test]
fn bom_and_crlf_are_read_like_plain_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let plain =
        b"title: T\nstreams:\n  - id: s\n    tasks:\n      - { id: a, name: A, after: [zz] }\n";
    let mut crlf_bom = vec![0xEF, 0xBB, 0xBF];
    crlf_bom.extend(String::from_utf8_lossy(plain).replace('\n', "\r\n").bytes());
    let (e1, o1, _) = check_file(dir.path(), "plain.yaml", plain);
    let (e2, o2, _) = check_file(dir.path(), "bom.yaml", &crlf_bom);
    assert_eq!((e1, e2), (1, 1));
    let strip = |s: &str| s.replace("bom.yaml", "X").replace("plain.yaml", "X");
    assert_eq!(
        strip(&o1),
        strip(&o2),
        "same diagnostics, same line and column"
    );
    assert!(o1.contains("\"line\": 5"));
}

#[test]
fn paths_that_cannot_be_read_exit_2_and_name_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.yaml");
    let (exit, out, err) = run_args(["roadmap".as_ref(), "check".as_ref(), missing.as_os_str()]);
    assert_eq!(exit, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("nope.yaml") && err.contains("no such file"),
        "{err}"
    );

    let empty_dir = dir.path().join("empty");
    std::fs::create_dir(&empty_dir).unwrap();
    let (exit, _, err) = run_args(["roadmap".as_ref(), "check".as_ref(), empty_dir.as_os_str()]);
    assert_eq!(exit, 2);
    assert!(err.contains("no plan files"), "{err}");

    let (exit, _, err) = run_args(["roadmap", "check", "--format", "xml"]);
    assert_eq!(exit, 2, "bad arguments: {err}");
}

/// A small deterministic generator (no extra crate): xorshift.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Mutate the seed plans byte by byte, line by line, and check each result:
/// whatever comes out, the tool answers with an exit code, never a panic.
#[test]
fn mutated_seed_plans_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let seeds: Vec<Vec<u8>> = std::fs::read_dir("plans")
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    let tokens: &[&[u8]] = &[
        b": ",
        b"- ",
        b"[",
        b"]",
        b"{",
        b"}",
        b"&a ",
        b"*a",
        b"\"",
        b"'",
        b"#",
        b"\n  ",
        b"\t",
        b"after: [x]",
        b"0",
        b"-1",
        b"M99-W9",
        b"2026-13-01",
        b"9999999999",
        b"\xff",
        b"tasks:",
        b"total: 3",
        b"include: [x.yaml]",
        b"within: ",
        b"!!binary ",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..300 {
        let mut doc = seeds[round % seeds.len()].clone();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(doc.len());
            match rng.below(4) {
                0 => {
                    let end = (at + rng.below(40)).min(doc.len());
                    doc.drain(at..end);
                }
                1 => {
                    let t = tokens[rng.below(tokens.len())];
                    doc.splice(at..at, t.iter().copied());
                }
                2 => doc[at] = rng.next() as u8,
                _ => {
                    // Duplicate a line elsewhere: duplicate keys and ids.
                    let start = doc[..at]
                        .iter()
                        .rposition(|&b| b == b'\n')
                        .map_or(0, |i| i + 1);
                    let end = doc[at..]
                        .iter()
                        .position(|&b| b == b'\n')
                        .map_or(doc.len(), |i| at + i + 1);
                    let line = doc[start..end].to_vec();
                    let to = rng.below(doc.len());
                    doc.splice(to..to, line);
                }
            }
        }
        let (exit, out, err) = check_file(dir.path(), "m.yaml", &doc);
        assert!(exit <= 1, "round {round}: exit {exit}: {err}");
        assert!(
            serde_json::from_str::<serde_json::Value>(&out).is_ok(),
            "round {round}"
        );
    }
}

/// Found by the fuzzer: a bucket written back to front (an error `check`
/// reports; the CLI then refuses to draw) made the library's Gantt chart an
/// axis with no units and index past its end. The library draws such a plan
/// anyway, over the days between the bucket's two ends.
#[test]
fn gantt_of_a_plan_with_a_backwards_bucket_does_not_panic() {
    let doc = "title: Backwards\nstart: 2026-03-02\nbuckets:\n  - { id: b, kind: sprint, start: 2030-03-02, end: 2026-03-13 }\nstreams:\n  - id: s\n    tasks:\n      - { id: a, name: A, bucket: b }\n";
    let project = roadmap::check_bytes(Path::new("backwards.yaml"), doc.as_bytes().to_vec());
    assert!(
        project.diagnostics.iter().any(|d| d.is_error()),
        "the backwards bucket is an error"
    );
    let lp = &project.plans[0];
    let (plan, g) = (lp.plan.as_ref().unwrap(), lp.graph.as_ref().unwrap());
    let s = roadmap::schedule::schedule(plan, g, None).unwrap();
    let opts = roadmap::gantt::Options {
        width: 80,
        scale: None,
        ascii: true,
        color: false,
        today: chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
    };
    let chart = roadmap::gantt::render(plan, "backwards.yaml", g, &s, &Default::default(), &opts);
    assert!(chart.contains("Backwards"), "{chart}");
    // The window runs from 2026 to March 2030: the axis is labelled with the
    // years from 2026 (2030's label would not fit at the right edge).
    assert!(chart.contains("2026") && chart.contains("2029"), "{chart}");
}
