//! What the test modules share, written once: the plans they run over, the
//! fixed "today", running the command in-process and as a child process,
//! writing and loading plans, a throw-away git repository, and reading the
//! JSON, CSV and Markdown the reports print.

use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The five seed plans in plans/, by file stem.
pub const SEED_PLANS: [&str; 5] = [
    "kaar-roadmap",
    "q2o-gantt",
    "migrationbox-v4.1",
    "devops-platform",
    "vt-milestones",
];

/// Every plan in plans/, the README's example and the view fixtures: a name
/// for snapshots, and the path.
pub const VIEW_PLANS: [(&str, &str); 8] = [
    ("kaar-roadmap", "plans/kaar-roadmap.yaml"),
    ("q2o-gantt", "plans/q2o-gantt.yaml"),
    ("migrationbox-v4.1", "plans/migrationbox-v4.1.yaml"),
    ("devops-platform", "plans/devops-platform.yaml"),
    ("vt-milestones", "plans/vt-milestones.yaml"),
    ("relaunch", "examples/relaunch.yaml"),
    ("tricky", "tests/fixtures/views/tricky.yaml"),
    ("nostart", "tests/fixtures/views/nostart.yaml"),
];

/// The "today" of every report that depends on the date, so that outputs do
/// not move with the clock.
pub const TODAY: &str = "2026-03-01";

/// [`TODAY`] as a date, the as-of date of plans the tests load themselves.
pub fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").expect("TODAY is a date")
}

// ---------------------------------------------------------------------------
// Running the command as a user does
// ---------------------------------------------------------------------------

/// The commands that print no table, and so refuse `--width` (see
/// `tools::global_flags_are_offered_where_they_do_something`).
pub const NO_WIDTH: &[&str] = &[
    "check",
    "export",
    "import",
    "set",
    "start",
    "done",
    "diff",
    "schema",
    "completions",
    "man",
    "init",
];

/// `roadmap ARGS`, the built binary: exit code, standard output, standard
/// error. Colour is off, tables are 100 columns wide and the as-of date is
/// [`TODAY`] (`ROADMAP_TODAY`) unless the arguments say otherwise, so that
/// tests see the same output wherever and whenever they run.
pub fn run<I, T>(args: I) -> (u8, String, String)
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let given = |flag: &str| {
        args.iter().any(|a| {
            let a = a.to_string_lossy();
            a == flag || a.starts_with(&format!("{flag}="))
        })
    };
    let mut defaults: Vec<OsString> = Vec::new();
    // `--width` only where it is offered (a command that prints no table
    // refuses it).
    let mut words = args.iter().map(|a| a.to_string_lossy());
    let mut command = None;
    while let Some(a) = words.next() {
        if ["--today", "--color", "--width"].contains(&a.as_ref()) {
            words.next();
        } else if !a.starts_with("--") {
            command = Some(a);
            break;
        }
    }
    let tables = command.is_none_or(|c| !NO_WIDTH.contains(&c.as_ref()));
    if !given("--width") && tables {
        defaults.extend(["--width".into(), "100".into()]);
    }
    if !given("--color") {
        defaults.extend(["--color".into(), "never".into()]);
    }
    // Global flags go before a `--`, after which every argument is a path;
    // with no arguments at all clap prints its usage, flags or not.
    let at = args.iter().position(|a| a == "--").unwrap_or(args.len());
    let mut argv = args[..at].to_vec();
    if !args.is_empty() {
        argv.extend(defaults);
    }
    argv.extend_from_slice(&args[at..]);
    let out = Command::new(env!("CARGO_BIN_EXE_roadmap"))
        .args(&argv)
        .env_remove("COLUMNS")
        .env_remove("NO_COLOR")
        .env("ROADMAP_TODAY", TODAY)
        .stdin(Stdio::null())
        .output()
        .expect("the roadmap binary runs");
    (
        out.status.code().map_or(255, |c| c as u8),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// [`run`] with the arguments as a program sees them, its name first
/// (`["roadmap", "list", ...]`).
pub fn run_argv<I, T>(argv: I) -> (u8, String, String)
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    run(argv
        .into_iter()
        .map(Into::into)
        .skip(1)
        .collect::<Vec<OsString>>())
}

/// [`run`] as of `today` unless the arguments give `--today`.
pub fn run_at<I, T>(today: &str, args: I) -> (u8, String, String)
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let mut args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    if !args.iter().any(|a| a == "--today") {
        args.extend(["--today".into(), today.into()]);
    }
    run(args)
}

/// Output with the machine-dependent absolute path of the crate replaced, so
/// that snapshots hold on any checkout.
pub fn portable(out: &str) -> String {
    let root = std::env::current_dir()
        .and_then(|d| d.canonicalize())
        .expect("current dir");
    out.replace(&root.to_string_lossy().replace('\\', "/"), "[CRATE]")
}

// ---------------------------------------------------------------------------
// Running the built binary as a child process
// ---------------------------------------------------------------------------

/// Longest any one child process may take before it counts as a hang. Debug
/// builds on two cores with other tests running: the 100,000-task cases take
/// ~25 s. A hang guard, not a performance assertion.
pub const BOUND: Duration = Duration::from_secs(120);

/// What a child `roadmap` process did.
pub struct Run {
    pub code: i32,
    pub out: String,
    pub err: String,
}

impl Run {
    /// The `--format json` report on standard output.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.out)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", self.out, self.err))
    }

    /// The diagnostic codes of the JSON report.
    pub fn codes(&self) -> Vec<String> {
        self.json()["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect()
    }

    /// Assert that the JSON report has a diagnostic with `code` in a file
    /// whose path ends with `file`, and that every diagnostic names a file
    /// and a position.
    pub fn has(&self, code: &str, file: &str) -> &Self {
        let v = self.json();
        let diags = v["diagnostics"].as_array().expect("diagnostics");
        for d in diags {
            assert!(!d["file"].as_str().unwrap().is_empty(), "{d}");
            assert!(d["line"].as_u64().unwrap() >= 1, "{d}");
            assert!(d["column"].as_u64().unwrap() >= 1, "{d}");
        }
        assert!(
            diags
                .iter()
                .any(|d| d["code"] == code && d["file"].as_str().unwrap().ends_with(file)),
            "no {code} in {file}: {:?}\n{}",
            self.codes(),
            short(&self.out)
        );
        self
    }

    /// Assert the exit code.
    pub fn exit(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            code,
            "exit {} (wanted {code})\nstdout: {}\nstderr: {}",
            self.code,
            short(&self.out),
            short(&self.err)
        );
        self
    }

    /// Assert that standard error names `file` (for exit 2: the tool could
    /// not read what it was given).
    pub fn err_names(&self, file: &str) -> &Self {
        assert!(
            self.err.contains(file),
            "stderr does not name {file}: {}",
            self.err
        );
        self
    }
}

/// The first 3,000 bytes of `s`, for failure messages.
pub fn short(s: &str) -> String {
    if s.len() > 3000 {
        let cut = (0..=3000)
            .rev()
            .find(|&i| s.is_char_boundary(i))
            .unwrap_or(0);
        format!("{}... ({} bytes)", &s[..cut], s.len())
    } else {
        s.to_string()
    }
}

/// Run the built `roadmap ARGS` in `dir`, with `NO_COLOR` and
/// `ROADMAP_TODAY` set to [`TODAY`]; panic if it takes longer than [`BOUND`]
/// or dies of a signal (a stack overflow aborts).
pub fn roadmap<I, S>(dir: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    roadmap_with(dir, args, &[])
}

/// The binary under test: this build's, or the one `ROADMAP_TEST_BIN`
/// names (to see a new test fail on an older build before a fix).
pub fn binary() -> OsString {
    std::env::var_os("ROADMAP_TEST_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_roadmap").into())
}

/// [`roadmap`] with more environment variables.
pub fn roadmap_with<I, S>(dir: &Path, args: I, envs: &[(&str, &OsStr)]) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let started = Instant::now();
    let mut child = Command::new(binary())
        .args(args)
        .envs(envs.iter().map(|(k, v)| (k, v)))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("ROADMAP_TODAY", TODAY)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start roadmap");
    // Read both pipes while waiting, so that a big report cannot block it.
    let pipe = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            String::from_utf8_lossy(&buf).into_owned()
        })
    };
    let out = pipe(Box::new(child.stdout.take().unwrap()));
    let err = pipe(Box::new(child.stderr.take().unwrap()));
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > BOUND {
            let _ = child.kill();
            let _ = child.wait();
            panic!("roadmap ran longer than {BOUND:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let (out, err) = (out.join().unwrap(), err.join().unwrap());
    let Some(code) = status.code() else {
        panic!(
            "roadmap died of a signal ({status}): a crash\n{}",
            short(&err)
        );
    };
    Run { code, out, err }
}

/// The built `roadmap check --format json FILE` in `dir`.
pub fn check(dir: &Path, file: &str) -> Run {
    roadmap(dir, ["check", "--format", "json", file])
}

// ---------------------------------------------------------------------------
// Files, plans and repositories
// ---------------------------------------------------------------------------

/// Write `name` (creating folders) under `dir`; its path.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).unwrap();
    }
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Load plans the way `check` does; panics only when nothing could be read.
pub fn load(paths: &[PathBuf]) -> roadmap::Project {
    roadmap::check_paths(paths, today()).unwrap_or_else(|e| panic!("{paths:?} does not load: {e}"))
}

/// One plan file, resolved and with its graph.
pub fn load_plan(path: &str) -> (roadmap::plan::model::Plan, roadmap::plan::graph::PlanGraph) {
    let mut p = load(&[path.into()]);
    let lp = p.plans.remove(0);
    (
        lp.plan.expect("plan resolved"),
        lp.graph.expect("graph built"),
    )
}

/// A plan written from YAML text into a temporary folder, then loaded.
pub fn load_yaml(yaml: &str) -> roadmap::Project {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "plan.yaml", yaml);
    load(&[path])
}

/// A git repository in a temporary folder, with helpers to commit plans.
pub struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    pub fn new() -> Repo {
        let dir = tempfile::tempdir().unwrap();
        let r = Repo { dir };
        r.git(&["init", "-q", "-b", "main"]);
        r.git(&["config", "user.email", "t@example.com"]);
        r.git(&["config", "user.name", "Test"]);
        r
    }
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
    pub fn git(&self, args: &[&str]) {
        let st = Command::new("git")
            .arg("-C")
            .arg(self.path())
            .args(args)
            .status()
            .unwrap();
        assert!(st.success(), "git {args:?}");
    }
    pub fn commit(&self, files: &[(&str, &str)], msg: &str) {
        for (name, text) in files {
            write(self.path(), name, text);
        }
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", msg]);
    }
}

// ---------------------------------------------------------------------------
// Reading what the reports print
// ---------------------------------------------------------------------------

/// Parse a JSON report, naming `what` when it is not JSON.
pub fn json(what: &str, out: &str) -> serde_json::Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("{what}: not JSON ({e}):\n{}", short(out)))
}

/// The records of a CSV report, header first; every record has the
/// header's number of fields (the csv reader refuses ragged rows).
pub fn csv_rows(what: &str, out: &str) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(out.as_bytes());
    r.records()
        .map(|rec| {
            rec.unwrap_or_else(|e| panic!("{what}: bad CSV ({e})"))
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// The body rows of the first Markdown table in `out`, cells trimmed.
pub fn markdown_rows(out: &str) -> Vec<Vec<String>> {
    out.lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().trim_matches('|').trim().to_string())
                .collect()
        })
        .collect()
}

/// A JSON value cut down for a snapshot: every array keeps its first `keep`
/// elements and says how many it dropped. The shape of each kept row is
/// there to read; the counts are asserted separately.
pub fn trimmed(v: &serde_json::Value, keep: usize) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Array(a) => {
            let mut out: Vec<Value> = a.iter().take(keep).map(|x| trimmed(x, keep)).collect();
            if a.len() > keep {
                out.push(Value::String(format!("... {} more", a.len() - keep)));
            }
            Value::Array(out)
        }
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, x)| (k.clone(), trimmed(x, keep)))
                .collect(),
        ),
        x => x.clone(),
    }
}

/// Assert that every object in `rows` has the same keys as the first one
/// (one schema per row), and return those keys.
pub fn same_keys(what: &str, rows: &[serde_json::Value]) -> Vec<String> {
    let keys = |r: &serde_json::Value| -> Vec<String> {
        r.as_object()
            .unwrap_or_else(|| panic!("{what}: a row is not an object: {r}"))
            .keys()
            .cloned()
            .collect()
    };
    let Some(first) = rows.first() else {
        return Vec::new();
    };
    let want = keys(first);
    for r in rows {
        assert_eq!(keys(r), want, "{what}: a row with other keys: {r}");
    }
    want
}

/// The first `n` lines of `out`, and how many were cut: a trimmed view of a
/// long text output for a snapshot.
pub fn head(out: &str, n: usize) -> String {
    let lines: Vec<&str> = out.lines().collect();
    if lines.len() <= n {
        return out.to_string();
    }
    format!(
        "{}\n... {} more lines\n",
        lines[..n].join("\n"),
        lines.len() - n
    )
}
