//! Running the binary under a time bound, and reading its JSON report.

use std::ffi::OsStr;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longest any one run may take before it counts as a hang. Debug builds on
/// two cores with other tests running: the 100,000-task cases take ~25 s.
pub const BOUND: Duration = Duration::from_secs(120);

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

fn short(s: &str) -> String {
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

/// The binary under test: this build's, or the one `ROADMAP_TEST_BIN`
/// names (to see a new test fail on an older build before a fix).
pub fn binary() -> std::ffi::OsString {
    std::env::var_os("ROADMAP_TEST_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_roadmap").into())
}

/// Run `roadmap ARGS` in `dir`; panic if it takes longer than [`BOUND`] or
/// dies of a signal (a stack overflow aborts).
pub fn roadmap<I, S>(dir: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    roadmap_with(dir, args, &[])
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
        .env("ROADMAP_TODAY", "2026-03-01")
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

/// `roadmap check --format json FILE` in `dir`.
pub fn check(dir: &Path, file: &str) -> Run {
    roadmap(dir, ["check", "--format", "json", file])
}

/// Write `name` (creating folders) under `dir`.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    let path = dir.join(name);
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).unwrap();
    }
    std::fs::write(path, bytes).unwrap();
}

/// A plan of `n` tasks in one stream, `after(i)` giving each task's
/// dependency.
pub fn plan_of(n: usize, after: impl Fn(usize) -> Option<usize>) -> String {
    let mut s = String::with_capacity(n * 60);
    s.push_str("title: big\nstart: 2026-01-05\nstreams:\n  - id: s\n    tasks:\n");
    for i in 0..n {
        match after(i) {
            Some(a) => s.push_str(&format!(
                "      - {{id: t{i}, name: T, duration: 1d, after: [t{a}]}}\n"
            )),
            None => s.push_str(&format!("      - {{id: t{i}, name: T, duration: 1d}}\n")),
        }
    }
    s
}
