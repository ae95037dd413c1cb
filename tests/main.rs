//! The integration tests: one test binary (`cargo test --test main`), one
//! module per concern, the helpers they share in [`support`]. One binary
//! links the crate and its dependencies once instead of once per file.
//!
//! `Cargo.toml` sets `autotests = false`, so a file in tests/ is compiled
//! only when declared here; `every_test_file_is_a_module` fails otherwise.

mod adversarial;
mod architecture;
mod capacity;
mod check_fixtures;
mod command_props;
mod critical_path;
mod edit;
mod everyday;
mod fit;
mod forecast;
mod history;
mod ids;
mod import;
mod list;
mod messages;
mod plans;
mod render_tools;
mod robustness;
mod schedule_props;
mod scheduling;
mod status;
mod support;
mod synth;
mod taskjuggler;
mod tools;
mod views;

/// Every `tests/*.rs` is declared above: with `autotests = false` an
/// undeclared file would silently never run.
#[test]
fn every_test_file_is_a_module() {
    let main = include_str!("main.rs");
    for entry in std::fs::read_dir("tests").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            let stem = path.file_stem().unwrap().to_string_lossy();
            if stem != "main" {
                assert!(
                    main.contains(&format!("\nmod {stem};\n")),
                    "tests/{stem}.rs is not a module of tests/main.rs, so it never runs"
                );
            }
        }
    }
}
