//! `roadmap import`: the five seed documents imported give the same model as
//! the hand-written plans in plans/ (compared as models, not as text, every
//! allowed difference named below); more Markdown shapes, Mermaid, CSV
//! exports, the examples of docs/import.md, and bad input.

use roadmap::import::{Options, import_bytes};
use roadmap::plan::model::{NodeRef, Plan};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seeds() -> PathBuf {
    root().join("tests/fixtures/import/seeds")
}

/// Import a file; the YAML and the warnings.
fn import(path: &Path, opts: &Options) -> (String, Vec<String>) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // A seed is a .txt file holding Markdown: import it as Markdown.
    let name = path.with_extension("md");
    let imported =
        import_bytes(&name, &bytes, opts).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let warnings = imported
        .warnings
        .iter()
        .map(|w| format!("{}: {}", w.line, w.message))
        .collect();
    (imported.yaml, warnings)
}

/// Load a plan from YAML text; the plan and its diagnostic codes.
fn load_yaml(yaml: &str) -> (Plan, BTreeMap<String, usize>) {
    let project = roadmap::check_bytes(
        Path::new("imported.yaml"),
        yaml.as_bytes().to_vec(),
        crate::support::today(),
    );
    let codes = codes(&project);
    let plan = project
        .plans
        .into_iter()
        .next()
        .and_then(|p| p.plan)
        .unwrap_or_else(|| panic!("the imported plan does not load: {codes:?}\n{yaml}"));
    (plan, codes)
}

fn load_file(path: &Path) -> (Plan, BTreeMap<String, usize>) {
    let project = roadmap::check_paths(&[path.to_path_buf()], crate::support::today())
        .expect("hand-written plan");
    let codes = codes(&project);
    let plan = project
        .plans
        .into_iter()
        .next()
        .and_then(|p| p.plan)
        .expect("loads");
    (plan, codes)
}

fn codes(p: &roadmap::Project) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for d in &p.diagnostics {
        *m.entry(format!("{} {}", d.severity.as_str(), d.code))
            .or_insert(0) += 1;
    }
    m
}

/// What a plan holds, in the counts that matter: nothing here depends on
/// ids or on how the YAML is laid out.
#[derive(Debug, Clone, PartialEq)]
struct Summary {
    title: String,
    start: Option<String>,
    total: Option<u64>,
    /// Per stream holding items, in order: name, items, done items.
    streams: Vec<(String, usize, usize)>,
    /// Per bucket, in order: items counted in it, declared total, stated
    /// start and end as written, the bucket it lies within (by position).
    buckets: Vec<BucketSum>,
    /// Per milestone, in order.
    milestones: Vec<MilestoneSum>,
    /// Every item, sorted.
    items: Vec<ItemSum>,
    risks: usize,
}

#[derive(Debug, Clone, PartialEq)]
struct BucketSum {
    items: usize,
    total: Option<u64>,
    start: Option<String>,
    end: Option<String>,
    within: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
struct MilestoneSum {
    name: String,
    gate: bool,
    items: usize,
    total: Option<u64>,
    start: Option<String>,
    end: Option<String>,
    duration: Option<u32>,
    owner: Option<String>,
    after: Vec<String>,
    members: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, PartialOrd)]
struct ItemSum {
    stream: usize,
    name: String,
    status: &'static str,
    owner: Option<String>,
    priority: Option<String>,
    bucket: Option<usize>,
    milestone: Option<usize>,
    start: Option<String>,
    end: Option<String>,
    due: Option<String>,
    duration: Option<u32>,
    after: Vec<String>,
}

fn after_names(plan: &Plan, n: NodeRef) -> Vec<String> {
    let mut v: Vec<String> = plan
        .node_after(n)
        .iter()
        .map(|d| plan.node_name(d.target).to_string())
        .collect();
    v.sort();
    v
}

fn summary(plan: &Plan) -> Summary {
    let text = |s: &Option<roadmap::plan::model::Stated>| s.as_ref().map(|s| s.text.clone());
    // Streams with items, by position among them.
    let with_items: Vec<usize> = (0..plan.streams.len())
        .filter(|&s| plan.items().any(|i| plan.tasks[i].stream == s))
        .collect();
    let streams = with_items
        .iter()
        .map(|&s| {
            let items: Vec<usize> = plan
                .items()
                .filter(|&i| plan.tasks[i].stream == s)
                .collect();
            let done = items
                .iter()
                .filter(|&&i| plan.status(i) == roadmap::plan::model::Status::Done)
                .count();
            (plan.streams[s].name.clone(), items.len(), done)
        })
        .collect();
    let buckets = (0..plan.buckets.len())
        .map(|b| {
            let bk = &plan.buckets[b];
            BucketSum {
                items: plan
                    .items()
                    .filter(|&i| {
                        plan.tasks[i]
                            .bucket
                            .is_some_and(|x| plan.bucket_within(x, b))
                    })
                    .count(),
                total: bk.total.as_ref().map(|t| t.value),
                start: text(&bk.start),
                end: text(&bk.end),
                within: bk.within,
            }
        })
        .collect();
    let milestones = (0..plan.milestones.len())
        .map(|m| {
            let ms = &plan.milestones[m];
            let mut members: Vec<String> = ms
                .members
                .iter()
                .map(|x| plan.milestones[x.value].name.clone())
                .collect();
            members.sort();
            MilestoneSum {
                name: ms.name.clone(),
                gate: ms.kind == roadmap::plan::model::MilestoneKind::Gate,
                items: plan.milestone_items(m).len(),
                total: ms.total.as_ref().map(|t| t.value),
                start: text(&ms.start),
                end: text(&ms.end),
                duration: ms.duration.as_ref().map(|d| d.value),
                owner: ms.owner.clone(),
                after: after_names(plan, NodeRef::Milestone(m)),
                members,
            }
        })
        .collect();
    let mut items: Vec<ItemSum> = plan
        .items()
        .map(|i| {
            let t = &plan.tasks[i];
            ItemSum {
                stream: with_items
                    .iter()
                    .position(|&s| s == t.stream)
                    .expect("has items"),
                name: t.name.clone(),
                status: plan.status(i).as_str(),
                owner: t.owner.clone(),
                priority: t.priority.clone(),
                bucket: t.bucket,
                milestone: t.milestone,
                start: text(&t.start),
                end: text(&t.end),
                due: text(&t.due),
                duration: t.duration.as_ref().map(|d| d.value),
                after: after_names(plan, NodeRef::Task(i)),
            }
        })
        .collect();
    items.sort_by(|a, b| a.partial_cmp(b).expect("comparable"));
    Summary {
        title: plan.title.clone(),
        start: plan.start.as_ref().map(|s| s.value.to_string()),
        total: plan.total.as_ref().map(|t| t.value),
        streams,
        buckets,
        milestones,
        items,
        risks: plan.risks.len(),
    }
}

/// Compare two summaries field by field, with a message that says where.
fn assert_same(seed: &str, imported: &Summary, hand: &Summary) {
    assert_eq!(imported.title, hand.title, "{seed}: title");
    assert_eq!(imported.start, hand.start, "{seed}: plan start");
    assert_eq!(imported.total, hand.total, "{seed}: declared plan total");
    let counts = |s: &Summary| {
        s.streams
            .iter()
            .map(|(_, n, d)| (*n, *d))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        counts(imported),
        counts(hand),
        "{seed}: items and done items per stream"
    );
    assert_eq!(imported.buckets, hand.buckets, "{seed}: buckets");
    assert_eq!(
        imported.milestones.len(),
        hand.milestones.len(),
        "{seed}: milestones"
    );
    for (a, b) in imported.milestones.iter().zip(&hand.milestones) {
        assert_eq!(a, b, "{seed}: milestone {}", b.name);
    }
    assert_eq!(imported.items.len(), hand.items.len(), "{seed}: items");
    for (a, b) in imported.items.iter().zip(&hand.items) {
        assert_eq!(a, b, "{seed}: item {}", b.name);
    }
    assert_eq!(imported.risks, hand.risks, "{seed}: risks");
}

struct Seed {
    file: &'static str,
    plan: &'static str,
}

const SEEDS: [Seed; 5] = [
    Seed {
        file: "000_9125432d68046d38.txt",
        plan: "kaar-roadmap.yaml",
    },
    Seed {
        file: "001_248fc8214ad9a485.utf8-repaired.txt",
        plan: "q2o-gantt.yaml",
    },
    Seed {
        file: "002_5f6deda22708d6da.txt",
        plan: "migrationbox-v4.1.yaml",
    },
    Seed {
        file: "003_59cbef7f58de954c.txt",
        plan: "devops-platform.yaml",
    },
    Seed {
        file: "004_05aabc5841212ae6.txt",
        plan: "vt-milestones.yaml",
    },
];

/// Import a seed and load both plans: (imported, hand-written) summaries
/// and check codes.
type Codes = BTreeMap<String, usize>;

fn seed(s: &Seed) -> (Summary, Summary, Codes, Codes, Vec<String>) {
    let (yaml, warnings) = import(&seeds().join(s.file), &Options::default());
    let (ip, icodes) = load_yaml(&yaml);
    let (hp, hcodes) = load_file(&root().join("plans").join(s.plan));
    (summary(&ip), summary(&hp), icodes, hcodes, warnings)
}

#[test]
fn seed_000_bucket_matrix_equals_the_hand_written_plan() {
    let (imp, hand, ic, hc, _) = seed(&SEEDS[0]);
    // No difference allowed: streams, buckets with their declared totals
    // (8/11/12/1, which the rows do not add up to), plan total 32.
    assert_same("000", &imp, &hand);
    assert_eq!(ic, hc, "000: check codes");
    assert!(
        ic.contains_key("error total-mismatch"),
        "the document's own count errors: {ic:?}"
    );
}

#[test]
fn seed_001_task_tables_equal_the_hand_written_plan() {
    let (imp, mut hand, ic, hc, warnings) = seed(&SEEDS[1]);
    // Allowed difference 1: "Start Date: January 2026" is read as the
    // month's first day, 2026-01-01; the hand-written plan chose the first
    // Monday, 2026-01-05. Every stated date is relative (M1-W1 ...), so the
    // dates as written are the same.
    assert_eq!(imp.start.as_deref(), Some("2026-01-01"));
    assert_eq!(hand.start.as_deref(), Some("2026-01-05"));
    hand.start = imp.start.clone();
    // Allowed difference 2: the stream "CONTINUOUS ACTIVITIES" (5 items) is
    // drawn only in a text chart inside a code block, which import does not
    // read (it warns about the block).
    let continuous = hand
        .streams
        .iter()
        .position(|(n, _, _)| n.starts_with("CONTINUOUS"))
        .expect("hand-written stream");
    assert_eq!(hand.streams[continuous].1, 5);
    hand.streams.remove(continuous);
    hand.items.retain(|i| i.stream != continuous);
    // Allowed difference 3: the risk heatmap (7 risks) is in a code block too.
    assert_eq!(hand.risks, 7);
    hand.risks = 0;
    assert!(
        warnings.iter().any(|w| w.starts_with("30: a code block")),
        "{warnings:?}"
    );
    assert_same("001", &imp, &hand);
    assert_eq!(ic, hc, "001: check codes");
}

#[test]
fn seed_002_sprint_checklists_equal_the_hand_written_plan() {
    let (imp, mut hand, ic, hc, _) = seed(&SEEDS[2]);
    // Allowed difference: the document states no plan start; the
    // hand-written plan took Sprint 1's first day (2026-02-12). Every date
    // in the document is a calendar date, so nothing else moves.
    assert_eq!(imp.start, None);
    assert_eq!(hand.start.as_deref(), Some("2026-02-12"));
    hand.start = None;
    assert_same("002", &imp, &hand);
    assert_eq!(ic, hc, "002: check codes");
}

#[test]
fn seed_003_week_sections_equal_the_hand_written_plan() {
    let (imp, hand, ic, hc, _) = seed(&SEEDS[3]);
    assert_same("003", &imp, &hand);
    assert_eq!(ic, hc, "003: check codes");
}

#[test]
fn seed_004_capability_milestones_equal_the_hand_written_plan() {
    let (imp, hand, ic, hc, warnings) = seed(&SEEDS[4]);
    assert_same("004", &imp, &hand);
    assert_eq!(ic, hc, "004: check codes");
    // The guardrails list is not a checklist and not under a milestone.
    assert!(
        warnings.iter().any(|w| w.starts_with("75: ")),
        "{warnings:?}"
    );
}

// ---------------------------------------------------------------------------
// Other shapes, written for these tests (tests/fixtures/import/).

fn fixture(name: &str, opts: &Options) -> (Plan, BTreeMap<String, usize>, Vec<String>) {
    let path = root().join("tests/fixtures/import").join(name);
    let bytes = std::fs::read(&path).expect("fixture");
    let imported = import_bytes(&path, &bytes, opts).unwrap_or_else(|e| panic!("{name}: {e}"));
    let warnings = imported
        .warnings
        .iter()
        .map(|w| format!("{}: {}", w.line, w.message))
        .collect();
    let (plan, codes) = load_yaml(&imported.yaml);
    (plan, codes, warnings)
}

fn item<'a>(plan: &'a Plan, name: &str) -> (usize, &'a roadmap::plan::model::Task) {
    let i = plan
        .items()
        .find(|&i| plan.tasks[i].name == name)
        .unwrap_or_else(|| panic!("no item {name}"));
    (i, &plan.tasks[i])
}

fn count_status(plan: &Plan, st: roadmap::plan::model::Status) -> usize {
    plan.items().filter(|&i| plan.status(i) == st).count()
}

#[test]
fn quarterly_checklist_with_owners_and_priorities_in_the_text() {
    let (plan, codes, warnings) = fixture("quarterly-checklist.md", &Options::default());
    assert!(codes.is_empty(), "{codes:?}");
    assert!(warnings.is_empty(), "{warnings:?}");
    let s = summary(&plan);
    assert_eq!(s.items.len(), 9);
    assert_eq!(count_status(&plan, roadmap::plan::model::Status::Done), 3);
    // `Q1 2026` headings are quarters with their period.
    assert_eq!(plan.buckets.len(), 2);
    assert_eq!(s.buckets[0].start.as_deref(), Some("2026-Q1"));
    assert_eq!((s.buckets[0].items, s.buckets[1].items), (6, 3));
    assert_eq!(
        item(&plan, "Card vault migration").1.owner.as_deref(),
        Some("dana")
    );
    assert_eq!(
        item(&plan, "Apple Pay on web").1.owner.as_deref(),
        Some("Mobile")
    );
    assert_eq!(
        item(&plan, "Apple Pay on web").1.priority.as_deref(),
        Some("P1")
    );
    // A nested checklist makes its parent a group; its items inherit `(P0)`.
    assert_eq!(item(&plan, "Write path").1.priority.as_deref(), Some("P0"));
    assert_eq!(
        item(&plan, "Monthly close report").1.owner.as_deref(),
        Some("Finance Eng")
    );
}

#[test]
fn team_streams_share_their_sprint_buckets() {
    let (plan, codes, warnings) = fixture("team-sprints.md", &Options::default());
    assert!(codes.is_empty(), "{codes:?}");
    let s = summary(&plan);
    let names: Vec<&str> = s.streams.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(names, ["Backend", "Apps"]);
    assert_eq!(s.streams.iter().map(|x| x.1).collect::<Vec<_>>(), [3, 3]);
    // One bucket per sprint, though both teams list it.
    assert_eq!(plan.buckets.len(), 2);
    assert_eq!((s.buckets[0].items, s.buckets[1].items), (3, 3));
    assert_eq!(s.buckets[0].start.as_deref(), Some("2026-03-02"));
    assert_eq!(s.buckets[0].end.as_deref(), Some("2026-03-13"));
    assert_eq!(
        item(&plan, "Offline mode").1.priority.as_deref(),
        Some("P1")
    );
    // The notes list under `**Notes**:` is no checklist: not items.
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn task_table_with_ids_statuses_and_a_gate() {
    let (plan, codes, warnings) = fixture("release-tasks.md", &Options::default());
    // The document's own problems: it declares 7 tasks and lists 6; Gate A
    // is dated W6, but A3 (W3, 4 weeks) ends on W6's last day, so the gate
    // can be reached only in W7; B3 waits for B1 and B2 and cannot end
    // inside W8, its phase.
    assert_eq!(codes.get("error total-mismatch"), Some(&1), "{codes:?}");
    assert_eq!(
        codes.get("warning milestone-date-missed"),
        Some(&1),
        "{codes:?}"
    );
    assert_eq!(codes.get("warning due-date-missed"), Some(&1), "{codes:?}");
    assert_eq!(codes.len(), 3, "{codes:?}");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        plan.start.as_ref().map(|s| s.value.to_string()).as_deref(),
        Some("2026-04-06")
    );
    assert_eq!(plan.items().count(), 6);
    assert_eq!(
        count_status(&plan, roadmap::plan::model::Status::Blocked),
        1
    );
    assert_eq!(
        count_status(&plan, roadmap::plan::model::Status::InProgress),
        1
    );
    let gate = &plan.milestones[0];
    assert_eq!(gate.kind, roadmap::plan::model::MilestoneKind::Gate);
    assert_eq!(gate.criteria, ["Parity report signed off"]);
    assert_eq!(gate.owner.as_deref(), Some("Data Council"));
    let s = summary(&plan);
    assert_eq!(
        s.milestones[0].after,
        [
            "Port dashboards",
            "Port nightly loads",
            "Provision warehouse"
        ]
    );
    let (b1, _) = item(&plan, "Dual-run week");
    assert_eq!(
        after_names(&plan, NodeRef::Task(b1)),
        ["Gate A: Ready to switch"]
    );
    let (b3, t) = item(&plan, "Decommission old cluster");
    assert_eq!(
        after_names(&plan, NodeRef::Task(b3)),
        ["Dual-run week", "Switch readers"]
    );
    assert_eq!(t.duration.as_ref().map(|d| d.value), Some(2));
    assert_eq!(t.id, "B3");
}

#[test]
fn now_next_later_matrix_keeps_the_declared_counts() {
    let (plan, codes, warnings) = fixture("now-next-later.md", &Options::default());
    assert!(warnings.is_empty(), "{warnings:?}");
    let s = summary(&plan);
    assert_eq!(s.total, Some(5));
    let b: Vec<(usize, Option<u64>)> = s.buckets.iter().map(|b| (b.items, b.total)).collect();
    assert_eq!(b, [(2, Some(2)), (2, Some(2)), (1, Some(2))]);
    // `Later` declares 2 and holds 1: check finds the document's error.
    assert_eq!(codes.get("error total-mismatch"), Some(&1), "{codes:?}");
    assert_eq!(s.streams.iter().map(|x| x.1).collect::<Vec<_>>(), [3, 2]);
}

#[test]
fn mermaid_gantt_block() {
    let (plan, codes, warnings) = fixture("mermaid-gantt.md", &Options::default());
    assert!(codes.is_empty(), "{codes:?}");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(plan.items().count(), 4);
    let (vd, t) = item(&plan, "Visual design");
    assert_eq!(plan.status(vd), roadmap::plan::model::Status::InProgress);
    assert_eq!(t.duration.as_ref().map(|d| d.value), Some(10));
    assert_eq!(after_names(&plan, NodeRef::Task(vd)), ["Wireframes"]);
    let (wf, t) = item(&plan, "Wireframes");
    assert_eq!(plan.status(wf), roadmap::plan::model::Status::Done);
    assert_eq!(
        t.start.as_ref().map(|s| s.text.as_str()),
        Some("2026-05-04")
    );
    assert_eq!(item(&plan, "Templates").1.tags, ["crit"]);
    assert_eq!(
        item(&plan, "Content migration")
            .1
            .end
            .as_ref()
            .map(|s| s.text.as_str()),
        Some("2026-06-05")
    );
    let s = summary(&plan);
    assert_eq!(s.milestones.len(), 1);
    assert_eq!(s.milestones[0].after, ["Content migration", "Templates"]);
    assert_eq!(
        s.milestones[0].items, 2,
        "the tasks it names count toward the launch"
    );
}

#[test]
fn github_projects_export() {
    let (plan, codes, warnings) = fixture("github-project.csv", &Options::default());
    assert!(codes.is_empty(), "{codes:?}");
    assert!(
        warnings.iter().any(|w| w.contains("URL not read")),
        "{warnings:?}"
    );
    let s = summary(&plan);
    assert_eq!(s.items.len(), 4);
    let ms: Vec<(&str, usize)> = s
        .milestones
        .iter()
        .map(|m| (m.name.as_str(), m.items))
        .collect();
    assert_eq!(ms, [("Beta", 2), ("GA", 2)]);
    let bs: Vec<(&str, usize)> = plan
        .buckets
        .iter()
        .zip(&s.buckets)
        .map(|(b, x)| (b.name.as_str(), x.items))
        .collect();
    assert_eq!(bs, [("Iteration 1", 1), ("Iteration 2", 2)]);
    assert_eq!(
        plan.buckets[0].kind,
        Some(roadmap::plan::model::BucketKind::Iteration)
    );
    let (i, t) = item(&plan, "Dark mode");
    assert_eq!(plan.status(i), roadmap::plan::model::Status::InProgress);
    assert_eq!(t.owner.as_deref(), Some("tom"));
    assert_eq!(t.priority.as_deref(), Some("P2"));
    assert_eq!(t.tags, ["ui"]);
    assert_eq!(t.end.as_ref().map(|s| s.text.as_str()), Some("2026-03-20"));
    assert_eq!(
        item(&plan, "Design token pipeline").1.tags,
        ["design", "infra"]
    );
}

#[test]
fn jira_export_with_links_and_dates() {
    let (plan, codes, warnings) = fixture("jira-export.csv", &Options::default());
    assert!(codes.is_empty(), "{codes:?}");
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("Issue id, Issue Type not read")),
        "{warnings:?}"
    );
    let s = summary(&plan);
    assert_eq!(
        s.streams
            .iter()
            .map(|(n, c, _)| (n.as_str(), *c))
            .collect::<Vec<_>>(),
        [("Billing", 3), ("Tax", 2)]
    );
    assert_eq!(
        count_status(&plan, roadmap::plan::model::Status::Cancelled),
        1
    );
    assert_eq!(count_status(&plan, roadmap::plan::model::Status::Todo), 2);
    let (i, t) = item(&plan, "Invoice PDF renderer");
    assert_eq!(t.id, "PAY-102");
    assert_eq!(
        after_names(&plan, NodeRef::Task(i)),
        ["Set up billing events topic"]
    );
    assert_eq!(t.due.as_ref().map(|s| s.text.as_str()), Some("2026-03-13"));
    assert_eq!(t.owner.as_deref(), Some("Lee Chen"));
    assert_eq!(
        plan.buckets[0].kind,
        Some(roadmap::plan::model::BucketKind::Sprint)
    );
    // --map reads a column the defaults leave out.
    let opts = Options::with_maps(&["Issue Type=tags".to_string()]).expect("valid map");
    let (plan, _, warnings) = fixture("jira-export.csv", &opts);
    assert_eq!(item(&plan, "Tax rate service").1.tags, ["Task"]);
    assert!(
        warnings.iter().any(|w| w.contains("Issue id not read")),
        "{warnings:?}"
    );
}

/// Names that YAML would misread unquoted come back exactly.
#[test]
fn awkward_names_come_back_exactly() {
    let md = "# Plan: \"quoted\" #1\n\n## yes\n- [ ] null\n- [ ] 1.5\n- [ ] key: value # not a comment\n- [ ] 'single' and \"double\" \\ back\n- [ ] [flow] {map} & *alias !tag %pct @at `tick`\n- [ ] tab\tin it\n";
    let imported =
        import_bytes(Path::new("awkward.md"), md.as_bytes(), &Options::default()).expect("imports");
    let (plan, codes) = load_yaml(&imported.yaml);
    assert!(codes.is_empty(), "{codes:?}\n{}", imported.yaml);
    assert_eq!(plan.title, "Plan: \"quoted\" #1");
    let names: Vec<&str> = plan.items().map(|i| plan.tasks[i].name.as_str()).collect();
    assert_eq!(
        names,
        [
            "null",
            "1.5",
            "key: value # not a comment",
            "'single' and \"double\" \\ back",
            "[flow] {map} & *alias !tag %pct @at `tick`",
            "tab in it",
        ]
    );
}

// ---------------------------------------------------------------------------
// Bad input, and the command.

#[test]
fn a_document_that_is_not_a_roadmap_says_what_it_found() {
    let md = "# Meeting notes\n\nWe talked.\n\n- coffee\n- cake\n";
    let e = import_bytes(Path::new("notes.md"), md.as_bytes(), &Options::default())
        .expect_err("not a roadmap");
    let msg = e.to_string();
    assert!(
        msg.starts_with(
            "notes.md: not a roadmap: found 1 heading, 1 paragraph, 2 plain list items"
        ),
        "{msg}"
    );
    let e = import_bytes(Path::new("x.md"), b"", &Options::default()).expect_err("empty");
    // Blank names and titles (the loader refuses them) are left out.
    let md = "# \u{3000}\n\n- [ ] \u{3000}\n- [ ] Real\n";
    let ok =
        import_bytes(Path::new("blank.md"), md.as_bytes(), &Options::default()).expect("imports");
    let (plan, _) = load_yaml(&ok.yaml);
    assert_eq!(plan.title, "blank");
    assert_eq!(plan.items().count(), 1);
    assert!(e.to_string().contains("found 0 headings"), "{e}");
}

#[test]
fn binary_non_utf8_and_huge_input_is_refused() {
    let e = import_bytes(
        Path::new("a.md"),
        b"# A\n- [ ] b\n\0\x01",
        &Options::default(),
    )
    .expect_err("binary");
    assert_eq!(
        e.to_string(),
        "a.md:3: the file is binary, not text (a NUL byte)"
    );
    let e = import_bytes(
        Path::new("a.md"),
        b"# A\n- [ ] b\xff\n",
        &Options::default(),
    )
    .expect_err("latin-1");
    assert_eq!(e.to_string(), "a.md:2:8: the file is not UTF-8 text");
    let big = vec![b'x'; roadmap::import::MAX_INPUT_BYTES as usize + 1];
    let e = import_bytes(Path::new("big.md"), &big, &Options::default()).expect_err("huge");
    assert!(
        e.to_string().starts_with("big.md: the file is larger than"),
        "{e}"
    );
}

#[test]
fn csv_without_a_name_column_names_its_line_and_the_fix() {
    let e = import_bytes(
        Path::new("t.csv"),
        b"Key,Points\nA-1,3\n",
        &Options::default(),
    )
    .expect_err("no name");
    assert_eq!(
        e.to_string(),
        "t.csv:1: no column names the task: found Key, Points; say which with --map COLUMN=name"
    );
    let opts = Options::with_maps(&["Key=name".to_string()]).expect("map");
    let ok = import_bytes(Path::new("t.csv"), b"Key,Points\nA-1,3\n", &opts).expect("mapped");
    assert!(ok.yaml.contains("name: A-1"), "{}", ok.yaml);
    assert!(Options::with_maps(&["Key".to_string()]).is_err());
    assert!(Options::with_maps(&["Key=colour".to_string()]).is_err());
}

fn run(args: &[&str]) -> (u8, String, String) {
    crate::support::run(args)
}

#[test]
fn the_command_writes_stdout_or_a_file_and_never_overwrites_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = root().join("tests/fixtures/import/release-tasks.md");
    let src = src.to_str().expect("utf-8 path");
    let (code, out, err) = run(&["import", src]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("title: Data Warehouse Migration"), "{out}");
    assert!(out.contains("- id: A1  # line 11"), "{out}");
    let dest = dir.path().join("plan.yaml");
    let dest_s = dest.to_str().expect("utf-8 path");
    let (code, out, err) = run(&["import", src, "-o", dest_s]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    let written = std::fs::read_to_string(&dest).expect("written");
    assert!(written.contains("title: Data Warehouse Migration"));
    std::fs::write(&dest, "keep me").expect("write");
    let (code, _, err) = run(&["import", src, "-o", dest_s]);
    assert_eq!(code, 2);
    assert!(err.contains("exists; give --force"), "{err}");
    assert_eq!(std::fs::read_to_string(&dest).expect("kept"), "keep me");
    let (code, _, err) = run(&["import", src, "-o", dest_s, "--force"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_to_string(&dest).expect("replaced"), written);
    // The plan written passes check with only the document's own error.
    let (code, out, _) = run(&["check", dest_s, "--format", "json"]);
    assert_eq!(code, 1);
    assert!(out.contains("total-mismatch"), "{out}");
}

#[test]
fn bad_input_exits_1_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let notes = dir.path().join("notes.md");
    std::fs::write(&notes, "# Notes\n\nNothing planned.\n").expect("write");
    let bin = dir.path().join("image.md");
    std::fs::write(&bin, b"\x89PNG\r\n\x1a\n\0\0\0").expect("write");
    let dest = dir.path().join("out.yaml");
    for input in [&notes, &bin] {
        let (code, out, err) = run(&[
            "import",
            input.to_str().expect("utf-8"),
            "-o",
            dest.to_str().expect("utf-8"),
        ]);
        assert_eq!(code, 1, "{err}");
        assert!(out.is_empty());
        assert!(err.starts_with("roadmap: error: "), "{err}");
        assert!(!dest.exists(), "nothing written");
    }
    let (code, _, err) = run(&["import", "no/such/file.md"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read no/such/file.md"), "{err}");
    let (code, _, err) = run(&[
        "import",
        notes.to_str().expect("utf-8"),
        "--map",
        "nonsense",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("COLUMN=FIELD"), "{err}");
}

#[test]
fn warnings_name_the_line_on_stderr() {
    let src = root().join("tests/fixtures/import/seeds/001_248fc8214ad9a485.utf8-repaired.txt");
    let dir = tempfile::tempdir().expect("tempdir");
    let md = dir.path().join("q2o.md");
    std::fs::copy(&src, &md).expect("copy");
    let (code, out, err) = run(&["import", md.to_str().expect("utf-8")]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("title: Q2O Technical Roadmap - Gantt Chart"));
    assert!(
        err.contains("q2o.md:30: warning: a code block is not read"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------
// docs/import.md: every example imports to the counts stated above it.

#[test]
fn the_examples_of_docs_import_md_import_as_stated() {
    let doc = std::fs::read_to_string(root().join("docs/import.md")).expect("docs/import.md");
    let lines: Vec<&str> = doc.lines().collect();
    let mut seen = 0;
    for (i, l) in lines.iter().enumerate() {
        let Some(spec) = l
            .strip_prefix("<!-- example: ")
            .and_then(|s| s.strip_suffix(" -->"))
        else {
            continue;
        };
        let mut words = spec.split_whitespace();
        let name = words.next().expect("file name");
        let want: BTreeMap<&str, usize> = words
            .map(|w| {
                let (k, v) = w.split_once('=').expect("key=value");
                (k, v.parse().expect("number"))
            })
            .collect();
        let fence = lines[i + 1];
        let fence = &fence[..3];
        let end = (i + 2..lines.len())
            .find(|&j| lines[j] == fence)
            .expect("closed fence");
        let text = lines[i + 2..end].join("\n") + "\n";
        let imported = import_bytes(Path::new(name), text.as_bytes(), &Options::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let (plan, _) = load_yaml(&imported.yaml);
        let s = summary(&plan);
        let got: BTreeMap<&str, usize> = [
            ("items", s.items.len()),
            ("streams", s.streams.len()),
            ("buckets", plan.buckets.len()),
            ("milestones", plan.milestones.len()),
            ("warnings", imported.warnings.len()),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            got, want,
            "{name}: {:?}\n{}",
            imported.warnings, imported.yaml
        );
        seen += 1;
    }
    assert_eq!(seen, 6, "every shape has an example");
}

#[test]
fn the_docs_examples_say_what_check_finds() {
    // quarters.md: "GA Release declares 3 items and holds 2".
    let doc = std::fs::read_to_string(root().join("docs/import.md")).expect("doc");
    let start = doc.find("<!-- example: quarters.md").expect("example");
    let body = &doc[start..];
    let body = &body[body.find("```markdown\n").expect("fence") + 12..];
    let body = &body[..body.find("```").expect("end")];
    let imported =
        import_bytes(Path::new("q.md"), body.as_bytes(), &Options::default()).expect("ok");
    let (_, codes) = load_yaml(&imported.yaml);
    assert_eq!(codes.get("error total-mismatch"), Some(&1), "{codes:?}");
}

// ---------------------------------------------------------------------------
// The emitter: whatever the strings, the plan loads and they come back.

mod emitted_strings {
    use super::*;
    use proptest::prelude::*;
    use roadmap::import::{Roadmap, Stream, Task, emit::emit};

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn any_names_read_back(
            title in any::<String>().prop_filter("not blank", |s| !s.trim().is_empty()),
            names in proptest::collection::vec(any::<String>().prop_filter("not blank", |s| !s.trim().is_empty()), 1..6),
            owner in any::<String>(),
        ) {
            let mut rm = Roadmap::default();
            rm.title = Some(title.clone());
            let tasks: Vec<Task> = names
                .iter()
                .enumerate()
                .map(|(i, n)| Task {
                    id: rm.node_id(n),
                    name: n.clone(),
                    owner: (!owner.is_empty()).then(|| owner.clone()),
                    line: i + 1,
                    ..Task::default()
                })
                .collect();
            rm.streams.push(Stream { id: "s".into(), name: owner.clone() + "x", tasks, line: 1, ..Stream::default() });
            let yaml = emit(&rm, &title);
            let (plan, codes) = load_yaml(&yaml);
            prop_assert!(codes.is_empty(), "{:?}\n{}", codes, yaml);
            // The library trims values, and shows control characters in a
            // title escaped.
            prop_assert_eq!(plan.title.clone(), roadmap::diag::printable(title.trim().to_string()));
            let got: Vec<&str> = plan.items().map(|i| plan.tasks[i].name.as_str()).collect();
            let want: Vec<&str> = names.iter().map(|n| n.trim()).collect();
            prop_assert_eq!(got, want);
            for i in plan.items() {
                prop_assert_eq!(plan.tasks[i].owner.as_deref(), (!owner.is_empty()).then_some(owner.trim()));
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Documents assembled from the shapes' pieces and arbitrary text: an import
// either says the file is not a roadmap or gives a plan that loads; it
// never fails on a plan of its own making.

mod assembled_documents {
    use super::*;
    use proptest::prelude::*;
    use roadmap::import::ImportError;

    const PIECES: &[&str] = &[
        "# Title",
        "## Sprint 1 (Feb 12-25, 2026)",
        "### Phase 2: Build (Weeks 3-4)",
        "## Milestone A: Preview",
        "#### Week 2-3: Stack",
        "## Backend",
        "- [ ] task one - **Owner: Ops**",
        "- [x] done (P0)",
        "  - [ ] nested",
        "- plain bullet",
        "**Deliverables**:",
        "**Total Items Tracked:** 3",
        "**Start Date**: January 2026",
        "| Task | Start | End | Duration | Dependencies | Assignee |",
        "|------|-------|-----|----------|--------------|----------|",
        "| **1.1 A** | M1-W1 | M1-W2 | 2 weeks | None | HR |",
        "| **1.2 B** | M1-W3 | M9 | 1 day | 1.1, Gate 1 approved | x |",
        "| **GATE 1: Go?** | M2-W1 | M2-W1 | 1 day | All gates passed | Exec |",
        "| Team | Item | Q1 | Q2 |",
        "|---|---|---|---|",
        "| **S** | thing | ✓ | ✓ |",
        "| Milestone | Count |",
        "| **Q1** | 4 items |",
        "```mermaid",
        "gantt",
        "section S",
        "T :t1, 2026-01-05, 3d",
        "U :after t1 t9, 2w",
        "M :milestone, m, after t1, 0d",
        "```",
        "| Product Milestone | Engineering Milestones | Summary |",
        "| **A: Preview** | A + M0 | text |",
        "| Eng Milestone | Owner | Key Deliverables |",
        "| M0: Found | Team | CI, x, `just` |",
        "| ID | Debt Item | Priority | Target Sprint | Status | Due |",
        "| TD-1 | thing | P1 | Sprint 1 | Done | 2026-02-30 |",
        "| Risk ID | Risk Description | Probability | Impact |",
        "| R-1 | outage | Low | High |",
        "",
    ];

    fn doc() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                4 => proptest::sample::select(PIECES).prop_map(str::to_string),
                1 => "[^\u{0}]{0,30}",
            ],
            0..40,
        )
        .prop_map(|lines| lines.join("\n"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        #[test]
        fn an_import_loads_or_says_it_is_no_roadmap(text in doc()) {
            match import_bytes(Path::new("doc.md"), text.as_bytes(), &Options::default()) {
                Ok(imported) => {
                    let (plan, codes) = load_yaml(&imported.yaml);
                    let foreign: Vec<&String> = codes
                        .keys()
                        .filter(|c| c.starts_with("error ") && !c.ends_with("total-mismatch") && !c.ends_with("dependency-cycle"))
                        .collect();
                    prop_assert!(foreign.is_empty(), "{:?}\n{}", foreign, imported.yaml);
                    prop_assert!(plan.items().count() > 0 || !plan.milestones.is_empty());
                }
                Err(ImportError::NotARoadmap { .. }) => {}
                Err(e) => prop_assert!(false, "{e}\n{text}"),
            }
        }
    }
}

#[test]
fn linear_export_and_a_mermaid_file() {
    let (plan, codes, warnings) = fixture("linear-export.csv", &Options::default());
    assert!(codes.is_empty(), "{codes:?}");
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("Estimate, Created not read")),
        "{warnings:?}"
    );
    let s = summary(&plan);
    // Team comes first of the stream columns (Team, Project).
    assert_eq!(
        s.streams
            .iter()
            .map(|(n, c, _)| (n.as_str(), *c))
            .collect::<Vec<_>>(),
        [("Platform", 2), ("Web", 2)]
    );
    assert_eq!(
        s.milestones
            .iter()
            .map(|m| (m.name.as_str(), m.items))
            .collect::<Vec<_>>(),
        [("Beta", 2), ("GA", 1)]
    );
    let (_, t) = item(&plan, "Retry queue for webhooks");
    assert_eq!(t.due.as_ref().map(|d| d.text.as_str()), Some("2026-03-06"));
    assert_eq!(t.priority.as_deref(), Some("High"));
    assert_eq!(
        item(&plan, "Replay button").1.priority,
        None,
        "`No priority` is none"
    );
    assert_eq!(
        count_status(&plan, roadmap::plan::model::Status::Cancelled),
        1
    );
    assert_eq!(
        plan.buckets
            .iter()
            .map(|b| b.name.as_str())
            .collect::<Vec<_>>(),
        ["Cycle 12", "Cycle 13"]
    );
    // A `.mmd` file is a Mermaid chart on its own.
    let mmd =
        "gantt\n    title Ops\n    section Run\n    Patch :p1, 2026-01-05, 2d\n    Reboot :2d\n";
    let imported =
        import_bytes(Path::new("ops.mmd"), mmd.as_bytes(), &Options::default()).expect("imports");
    let (plan, codes) = load_yaml(&imported.yaml);
    assert!(codes.is_empty(), "{codes:?}");
    assert_eq!(plan.title, "Ops");
    let (r, _) = item(&plan, "Reboot");
    assert_eq!(
        after_names(&plan, NodeRef::Task(r)),
        ["Patch"],
        "no start: after the task before"
    );
}

#[test]
fn a_checklist_nested_too_deep_for_yaml_is_kept_at_a_depth_that_loads() {
    let mut md = String::from("# Deep\n");
    for k in 0..300 {
        md.push_str(&format!("{}- [ ] item {k}\n", "  ".repeat(k)));
    }
    let imported =
        import_bytes(Path::new("deep.md"), md.as_bytes(), &Options::default()).expect("imports");
    let (plan, codes) = load_yaml(&imported.yaml);
    assert!(codes.is_empty(), "{codes:?}");
    assert_eq!(plan.tasks.len(), 300, "every item is kept");
    assert_eq!(imported.warnings.len(), 1, "{:?}", imported.warnings);
    assert!(imported.warnings[0].message.contains("nested deeper than"));
}

#[test]
fn repeated_names_get_distinct_short_ids() {
    let mut csv = String::from("Title,Sprint\n");
    for _ in 0..2000 {
        csv.push_str("Fix bug,Sprint 1\n");
    }
    let imported =
        import_bytes(Path::new("bugs.csv"), csv.as_bytes(), &Options::default()).expect("imports");
    let (plan, codes) = load_yaml(&imported.yaml);
    assert!(codes.is_empty(), "{codes:?}");
    assert_eq!(plan.items().count(), 2000);
    assert!(plan.tasks.iter().any(|t| t.id == "fix-bug-2000"));
}

#[test]
fn week_ranges_in_a_timeline_column_or_a_start_cell() {
    let md = "# Plan\n\n| Task | Timeline | Owner |\n|---|---|---|\n| Design | Weeks 1-3 | Ana |\n| Build | W4-W9 | Tom |\n| Launch | Mar 2-13, 2026 | Lee |\n\n| Task | Start | End |\n|---|---|---|\n| Tidy | Week 10 | Week 11 |\n";
    let imported =
        import_bytes(Path::new("t.md"), md.as_bytes(), &Options::default()).expect("imports");
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    let (plan, _) = load_yaml(&imported.yaml);
    let dates = |n: &str| {
        let t = item(&plan, n).1;
        (
            t.start.as_ref().map(|s| s.text.clone()).unwrap_or_default(),
            t.end.as_ref().map(|s| s.text.clone()).unwrap_or_default(),
        )
    };
    assert_eq!(dates("Design"), ("W1".into(), "W3".into()));
    assert_eq!(dates("Build"), ("W4".into(), "W9".into()));
    assert_eq!(dates("Launch"), ("2026-03-02".into(), "2026-03-13".into()));
    assert_eq!(dates("Tidy"), ("W10".into(), "W11".into()));
}

/// The commented YAML itself, for one small document.
#[test]
fn the_plan_written_for_a_small_gantt() {
    let mmd = "gantt\n    title Relaunch\n    dateFormat YYYY-MM-DD\n    section Design\n    Wireframes    :done, wf, 2026-05-04, 5d\n    Visual design :active, vd, after wf, 2w\n    section Build\n    Templates     :crit, tpl, after vd, 10d\n    Launch        :milestone, launch, after tpl, 0d\n";
    let imported = import_bytes(
        Path::new("relaunch.mmd"),
        mmd.as_bytes(),
        &Options::default(),
    )
    .expect("imports");
    insta::assert_snapshot!(imported.yaml);
}

mod assembled_exports {
    use super::*;
    use proptest::prelude::*;
    use roadmap::import::ImportError;

    const VALUES: &[&str] = &[
        "",
        "T-1",
        "T-2",
        "Done",
        "In Progress",
        "Sprint 1",
        "sprint 1",
        "2026-02-30",
        "05/Mar/26",
        "T-1, T-2",
        "T-3",
        "Beta",
        "#12",
        "1.1",
        "yes",
        "-",
        "None",
        "W3",
        "Weeks 1-4",
        "3d",
        "x: y",
        "\"quoted\"",
    ];

    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => proptest::sample::select(VALUES).prop_map(str::to_string),
            1 => "[^\u{0}]{0,12}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        #[test]
        fn an_export_loads_or_is_refused(rows in proptest::collection::vec(proptest::collection::vec(cell(), 8), 0..12)) {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(["ID", "Title", "Status", "Sprint", "Blocked by", "Team", "Due Date", "Timeline"]).expect("header");
            for r in &rows {
                w.write_record(r).expect("row");
            }
            let bytes = w.into_inner().expect("csv");
            match import_bytes(Path::new("export.csv"), &bytes, &Options::default()) {
                Ok(imported) => {
                    let (_, codes) = load_yaml(&imported.yaml);
                    let foreign: Vec<&String> = codes
                        .keys()
                        .filter(|c| c.starts_with("error ") && !c.ends_with("total-mismatch") && !c.ends_with("dependency-cycle"))
                        .collect();
                    prop_assert!(foreign.is_empty(), "{:?}\n{}", foreign, imported.yaml);
                }
                Err(ImportError::NotARoadmap { .. }) | Err(ImportError::Csv { .. }) => {}
                Err(e) => prop_assert!(false, "{e}"),
            }
        }
    }
}
