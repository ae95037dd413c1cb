//! Ids a person can type: derived ids are short and depend on the names
//! alone, and every command that takes an id also takes the name or the
//! start of the id, refusing one that fits several with the candidates.

use crate::support::{SEED_PLANS, json, run, write};
use roadmap::plan::lookup::{Found, find};
use roadmap::plan::resolve::derive_ids;

fn ids(parent: &str, names: &[&str]) -> Vec<String> {
    let names: Vec<Option<&str>> = names.iter().map(|n| Some(*n)).collect();
    derive_ids(parent, &names)
        .into_iter()
        .map(Option::unwrap)
        .collect()
}

#[test]
fn a_derived_id_is_the_first_words_of_the_name() {
    assert_eq!(
        ids("argocd", &["Deploy ArgoCD to K8s cluster"]),
        ["argocd/deploy-argocd-to"]
    );
    assert_eq!(ids("s", &["Canary (config)"]), ["s/canary-config"]);
    // Two words at least, a third only within 24 characters.
    assert_eq!(
        ids("m", &["Deploy kube-prometheus-stack via Helm"]),
        ["m/deploy-kube-prometheus-stack"]
    );
    assert_eq!(ids("m", &["Ship"]), ["m/ship"]);
}

#[test]
fn siblings_that_start_alike_take_words_until_they_differ() {
    let got = ids(
        "s2",
        &[
            "Integration tests against LocalStack",
            "Integration tests against real clouds (sandbox)",
            "Write docs",
        ],
    );
    assert_eq!(
        got,
        [
            "s2/integration-tests-against-localstack",
            "s2/integration-tests-against-real",
            "s2/write-docs",
        ]
    );
    // The same names in another order get the same ids.
    let again = ids(
        "s2",
        &[
            "Write docs",
            "Integration tests against real clouds (sandbox)",
            "Integration tests against LocalStack",
        ],
    );
    assert_eq!(again[0], got[2]);
    assert_eq!(again[1], got[1]);
    assert_eq!(again[2], got[0]);
    // Same name, same id: left to `duplicate-id`.
    let same = ids("w", &["Write the copy", "Write the copy"]);
    assert_eq!(same[0], same[1]);
}

#[test]
fn a_task_with_its_own_id_keeps_it() {
    let got = derive_ids("p", &[None, Some("Load testing")]);
    assert_eq!(got, [None, Some("p/load-testing".to_string())]);
}

#[test]
fn seed_plan_ids_are_short_enough_to_type() {
    for plan in SEED_PLANS {
        let path = format!("plans/{plan}.yaml");
        let (_, out, _) = run(["list", "--format", "json", &path]);
        let v = json(&path, &out);
        let ids: Vec<&str> = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap())
            .collect();
        for id in &ids {
            let last = id.rsplit('/').next().unwrap();
            assert!(
                last.len() <= 40 && id.len() <= 60,
                "{plan}: `{id}` is too long to type"
            );
        }
        let unique: std::collections::HashSet<&&str> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{plan}: ids repeat");
    }
}

#[test]
fn find_takes_the_id_the_name_or_the_start() {
    let items = [
        ("gate-1", "Gate 1: proceed?"),
        ("gate-2", "Gate 2: proceed?"),
        ("ops/deploy-argocd-to", "Deploy ArgoCD to K8s"),
        ("1.1", "Hire team"),
        ("1.10", "Fraud rules"),
    ];
    assert_eq!(find("gate-2", &items), Found::One("gate-2"));
    assert_eq!(find("GATE-2", &items), Found::One("gate-2"));
    assert_eq!(find("gate 1: PROCEED?", &items), Found::One("gate-1"));
    assert_eq!(
        find("ops/deploy", &items),
        Found::One("ops/deploy-argocd-to")
    );
    assert_eq!(
        find("deploy-arg", &items),
        Found::One("ops/deploy-argocd-to")
    );
    // An exact id wins over the ids it starts.
    assert_eq!(find("1.1", &items), Found::One("1.1"));
    assert_eq!(find("gate", &items), Found::Many(vec!["gate-1", "gate-2"]));
    assert_eq!(find("nothing", &items), Found::None);
    assert_eq!(find("  ", &items), Found::None);
}

#[test]
fn explain_takes_a_name_or_a_start_and_lists_the_candidates_of_an_ambiguous_one() {
    let by_name = run([
        "explain",
        "kubernetes cluster setup",
        "plans/q2o-gantt.yaml",
    ]);
    assert_eq!(by_name.0, 0, "{}", by_name.2);
    assert!(
        by_name.1.contains("1.3 (Kubernetes Cluster Setup)"),
        "{}",
        by_name.1
    );
    let by_start = run(["explain", "project-comp", "plans/q2o-gantt.yaml"]);
    assert_eq!(by_start.0, 0, "{}", by_start.2);
    assert!(by_start.1.contains("project-complete ("), "{}", by_start.1);
    let (code, out, err) = run(["explain", "gate", "plans/q2o-gantt.yaml"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("`gate` matches 3 ids: `gate-1`, `gate-2`, `gate-3`"),
        "{err}"
    );
}

#[test]
fn set_and_done_take_a_name() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write(
        dir.path(),
        "roadmap.yaml",
        "title: T\nstart: 2026-03-02\nstreams:\n  - id: web\n    name: Web\n    tasks:\n      - name: Write the checkout copy\n        duration: 2d\n      - name: Write the checkout tests\n        duration: 1d\n",
    );
    let p = plan.to_str().unwrap();
    let (code, out, err) = run(["done", "write the checkout copy", p, "--on", "2026-03-03"]);
    assert_eq!(code, 0, "{err}");
    // It says which item it changed, by its id.
    assert!(
        out.contains("web/write-the-checkout-copy: status=done"),
        "{out}"
    );
    let text = std::fs::read_to_string(&plan).unwrap();
    assert!(text.contains("status: done"), "{text}");
    let (code, _, err) = run(["set", "web/write", "owner=Sam", p]);
    assert_eq!(code, 2);
    assert!(
        err.contains("`web/write` matches 2 ids: `web/write-the-checkout-copy`, `web/write-the-checkout-tests`"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), text);
}

#[test]
fn filters_take_a_name_or_a_start() {
    let (code, out, err) = run([
        "list",
        "--milestone",
        "gate 2: proceed to phase 3?",
        "--stream",
        "phase-2",
        "--format",
        "json",
        "plans/q2o-gantt.yaml",
    ]);
    assert_eq!(code, 0, "{err}");
    let v = json("list", &out);
    assert!(!v["items"].as_array().unwrap().is_empty());
    let (code, _, err) = run(["status", "--stream", "phase", "plans/q2o-gantt.yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("--stream `phase` matches 4 ids"), "{err}");
}
