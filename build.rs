//! Finds the renderers that tests/render_tools.rs drives, so that a test
//! whose tool is missing is reported as `ignored` with its reason (stable
//! libtest can only ignore at compile time).
//!
//! - `dot` on the PATH: cfg `roadmap_graphviz`, and its path in the
//!   compile-time variable `ROADMAP_FOUND_DOT`.
//! - the Mermaid CLI (`MMDC`, else `mmdc` on the PATH) and Chromium
//!   (`ROADMAP_CHROMIUM`, else `chromium`, `chromium-browser` or
//!   `google-chrome` on the PATH): cfg `roadmap_mermaid`, with
//!   `ROADMAP_FOUND_MMDC` and `ROADMAP_FOUND_CHROMIUM`.
//!
//! - `tj3` on the PATH: cfg `roadmap_tj3` (tests/taskjuggler.rs).
//! - the seed documents beside the checkout (`../shared/seeds`): cfg
//!   `roadmap_seeds`, for the tests that compare a plan with its source.
//!
//! With `ROADMAP_REQUIRE_RENDERERS=1` (set by .ci/run) both renderer cfgs are
//! set whatever was found, and with `ROADMAP_REQUIRE_TJ3=1` the tj3 one, so
//! the tests run and fail on a missing tool.
//!
//! The look-up runs again when one of those variables or the PATH changes;
//! after installing a tool on an unchanged PATH, `touch build.rs`.

use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    for var in [
        "PATH",
        "MMDC",
        "ROADMAP_CHROMIUM",
        "ROADMAP_REQUIRE_RENDERERS",
        "ROADMAP_REQUIRE_TJ3",
    ] {
        println!("cargo::rerun-if-env-changed={var}");
    }
    println!("cargo::rustc-check-cfg=cfg(roadmap_graphviz)");
    println!("cargo::rustc-check-cfg=cfg(roadmap_mermaid)");
    println!("cargo::rustc-check-cfg=cfg(roadmap_tj3)");
    println!("cargo::rustc-check-cfg=cfg(roadmap_seeds)");
    let seeds = std::path::Path::new("../shared/seeds");
    if seeds.is_dir() {
        println!("cargo::rerun-if-changed=../shared/seeds");
        println!("cargo::rustc-cfg=roadmap_seeds");
    }

    let required = std::env::var("ROADMAP_REQUIRE_RENDERERS").is_ok_and(|v| v == "1");
    let dot = on_path(&["dot"]);
    let mmdc = from_env("MMDC").or_else(|| on_path(&["mmdc"]));
    let chromium = from_env("ROADMAP_CHROMIUM")
        .or_else(|| on_path(&["chromium", "chromium-browser", "google-chrome"]));

    for (name, path) in [("DOT", &dot), ("MMDC", &mmdc), ("CHROMIUM", &chromium)] {
        if let Some(p) = path {
            println!("cargo::rustc-env=ROADMAP_FOUND_{name}={}", p.display());
        }
    }
    if required || dot.is_some() {
        println!("cargo::rustc-cfg=roadmap_graphviz");
    }
    if required || (mmdc.is_some() && chromium.is_some()) {
        println!("cargo::rustc-cfg=roadmap_mermaid");
    }
    // TaskJuggler, for tests/taskjuggler.rs.
    let tj3_required = std::env::var("ROADMAP_REQUIRE_TJ3").is_ok_and(|v| v == "1");
    if tj3_required || on_path(&["tj3"]).is_some() {
        println!("cargo::rustc-cfg=roadmap_tj3");
    }
}

/// The file named by the environment variable `var`, if it exists.
fn from_env(var: &str) -> Option<PathBuf> {
    let p = PathBuf::from(std::env::var_os(var)?);
    p.is_file().then_some(p)
}

/// The first of `names` found in a folder of the PATH.
fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}
