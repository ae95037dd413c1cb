//! The rule of imports (docs/architecture.md): a module of the library
//! imports only from its own stage or the stages before it, and no two
//! modules import each other, directly or around a loop. Read from the
//! source, so a new `use crate::…` that breaks the rule fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The stages in pipeline order; a module's stage is its first path segment.
const STAGES: [&[&str]; 9] = [
    &["source", "diag", "escape", "write", "synth", "natural"],
    &["plan"],
    &["schedule", "level"],
    &["check"],
    &["project"],
    &["import"],
    &["report", "edit"],
    &["render"],
    &["lib"],
];

fn stage_of(module: &str) -> usize {
    let top = module.split("::").next().unwrap_or(module);
    STAGES
        .iter()
        .position(|s| s.contains(&top))
        .unwrap_or_else(|| panic!("module `{module}` has no stage in tests/architecture.rs"))
}

/// `src/plan/model.rs` -> `plan::model`; `src/render/mod.rs` -> `render`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .filter(|p| p != "mod")
        .collect();
    parts.join("::")
}

fn library_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            // The command line is the binary's, not the library's.
            if p.file_name().is_some_and(|n| n != "cli") {
                library_files(&p, out);
            }
        } else if p.extension().is_some_and(|x| x == "rs")
            && p.file_name().is_some_and(|n| n != "main.rs")
        {
            out.push(p);
        }
    }
}

/// Every `crate::a::b` path a file names (in `use` lines and in code), as
/// the longest prefix that is a module of the crate.
fn imports(text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        let path: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let segs: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
        let mut best = None;
        for n in 1..=segs.len() {
            let m = segs[..n].join("::");
            if modules.contains(&m) {
                best = Some(m);
            }
        }
        if let Some(m) = best {
            found.insert(m);
        }
    }
    found
}

#[test]
fn no_module_imports_from_a_later_stage_and_there_is_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    library_files(&src, &mut files);
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(&src, f)).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut wrong = Vec::new();
    for f in &files {
        let m = module_of(&src, f);
        let text = std::fs::read_to_string(f).unwrap();
        // Unit tests may reach anywhere, and a comment's link is no import.
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        let text: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .map(|l| format!("{l}\n"))
            .collect();
        let text = text.as_str();
        for dep in imports(text, &modules) {
            if dep == m || m.starts_with(&format!("{dep}::")) {
                continue;
            }
            if m != "lib" && stage_of(&dep) > stage_of(&m) {
                wrong.push(format!("{m} imports {dep}, a later stage"));
            }
            edges.entry(m.clone()).or_default().insert(dep);
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");

    // No loop among modules (a parent module re-exporting its children is
    // not an import of them).
    fn visit(
        m: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(m) {
            Some(2) => return None,
            Some(1) => {
                let at = stack.iter().position(|s| s == m).unwrap_or(0);
                return Some(stack[at..].to_vec());
            }
            _ => {}
        }
        state.insert(m.to_string(), 1);
        stack.push(m.to_string());
        for d in edges.get(m).into_iter().flatten() {
            if d.starts_with(&format!("{m}::")) {
                continue;
            }
            if let Some(c) = visit(d, edges, state, stack) {
                return Some(c);
            }
        }
        stack.pop();
        state.insert(m.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for m in edges.keys() {
        let cycle = visit(m, &edges, &mut state, &mut Vec::new());
        assert!(cycle.is_none(), "import cycle: {cycle:?}");
    }
}

#[test]
fn the_library_has_no_clap_types() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    library_files(&src, &mut files);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(!text.contains("clap"), "{} uses clap", f.display());
    }
}
