//! `roadmap import`: the five seed documents imported give the same model as
//! the hand-written plans in plans/ (compared as models, not as text, every
//! allowed difference named below); more Markdown shapes, Mermaid, CSV
//! exports, the examples of docs/import.md, and bad input.

use roadmap::import::{Options, import_bytes};
use roadmap::model::{NodeRef, Plan};
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
    let project = roadmap::check_bytes(Path::new("imported.yaml"), yaml.as_bytes().to_vec());
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
    let project = roadmap::check_paths(&[path.to_path_buf()]).expect("hand-written plan");
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
    let text = |s: &Option<roadmap::model::Stated>| s.as_ref().map(|s| s.text.clone());
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
                .filter(|&&i| plan.status(i) == roadmap::model::Status::Done)
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
                gate: ms.kind == roadmap::model::MilestoneKind::Gate,
                items: roadmap::check::milestone_items(plan, m).len(),
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
fn seed(
    s: &Seed,
) -> (
    Summary,
    Summary,
    BTreeMap<String, usize>,
    BTreeMap<String, usize>,
    Vec<String>,
) {
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
