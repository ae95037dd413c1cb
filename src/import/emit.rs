//! Write a [`Roadmap`] as a commented plan. Every string goes through
//! [`quote`] ([`crate::escape::yaml`]); every entry carries a comment naming its source line.

use super::{Bucket, Milestone, Risk, Roadmap, Task};
use std::fmt::Write as _;

/// The one quoting function of the YAML import writes: [`crate::escape::yaml`].
pub fn quote(s: &str) -> String {
    crate::escape::yaml(s)
}

fn list(items: &[String]) -> String {
    let q: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", q.join(", "))
}

struct W {
    out: String,
}

impl W {
    fn kv(&mut self, indent: usize, key: &str, value: &str) {
        let _ = writeln!(self.out, "{:indent$}{key}: {}", "", quote(value));
    }
    fn opt(&mut self, indent: usize, key: &str, value: &Option<String>) {
        if let Some(v) = value {
            self.kv(indent, key, v);
        }
    }
    fn num(&mut self, indent: usize, key: &str, value: Option<u64>) {
        if let Some(n) = value {
            let _ = writeln!(self.out, "{:indent$}{key}: {n}", "");
        }
    }
    fn list(&mut self, indent: usize, key: &str, items: &[String]) {
        if !items.is_empty() {
            let _ = writeln!(self.out, "{:indent$}{key}: {}", "", list(items));
        }
    }
    /// The first key of a list entry, with its source line.
    fn entry(&mut self, indent: usize, id: &str, line: usize) {
        let _ = writeln!(self.out, "{:indent$}- id: {}  # line {line}", "", quote(id));
    }
}

/// The plan as YAML. `source` is the input's name, for the header comment.
pub fn emit(rm: &Roadmap, source: &str) -> String {
    let mut w = W { out: String::new() };
    let _ = writeln!(
        w.out,
        "# Imported from {} by `roadmap import`.\n# Each entry names the line it was read from; what could not be read was\n# listed when importing, not guessed. Check it with `roadmap check`.",
        quote(source)
    );
    w.kv(0, "title", rm.title.as_deref().unwrap_or("Roadmap"));
    if !rm.description.is_empty() {
        w.kv(0, "description", &rm.description.join("\n"));
    }
    if let Some((date, written, line)) = &rm.start {
        let _ = write!(w.out, "start: {}  # line {line}", quote(date));
        if written != date {
            let _ = write!(w.out, ", written {}", quote(written));
        }
        w.out.push('\n');
    }
    if let Some((n, line)) = rm.total {
        let _ = writeln!(w.out, "total: {n}  # line {line}");
    }
    if !rm.buckets.is_empty() {
        w.out.push_str("\nbuckets:\n");
        for b in &rm.buckets {
            bucket(&mut w, rm, b);
        }
    }
    if !rm.milestones.is_empty() {
        w.out.push_str("\nmilestones:\n");
        for m in &rm.milestones {
            milestone(&mut w, m);
        }
    }
    // Streams without tasks are left out (below), so `streams:` is written
    // only over at least one: alone, it would be a null, not a list.
    if rm.streams.iter().any(|s| !s.tasks.is_empty()) {
        w.out.push_str("\nstreams:\n");
        for s in rm.streams.iter().filter(|s| !s.tasks.is_empty()) {
            w.entry(2, &s.id, s.line);
            w.kv(4, "name", &s.name);
            w.opt(4, "description", &s.description);
            w.num(4, "total", s.total);
            w.out.push_str("    tasks:\n");
            for t in &s.tasks {
                task(&mut w, rm, t, 6);
            }
        }
    }
    if !rm.risks.is_empty() {
        w.out.push_str("\nrisks:\n");
        for r in &rm.risks {
            risk(&mut w, r);
        }
    }
    w.out
}

fn bucket(w: &mut W, rm: &Roadmap, b: &Bucket) {
    w.entry(2, &b.id, b.line);
    w.kv(4, "name", &b.name);
    if let Some(k) = b.kind {
        w.kv(4, "kind", k);
    }
    w.opt(4, "description", &b.description);
    w.opt(4, "period", &b.period);
    w.opt(4, "start", &b.start);
    w.opt(4, "end", &b.end);
    if let Some(i) = b.within {
        w.kv(4, "within", &rm.buckets[i].id);
    }
    w.num(4, "total", b.total);
}

fn milestone(w: &mut W, m: &Milestone) {
    w.entry(2, &m.id, m.line);
    w.kv(4, "name", &m.name);
    if m.gate {
        w.kv(4, "kind", "gate");
    }
    w.opt(4, "description", &m.description);
    w.list(4, "after", &m.after);
    w.list(4, "members", &m.members);
    w.opt(4, "date", &m.date);
    w.opt(4, "start", &m.start);
    w.opt(4, "end", &m.end);
    w.opt(4, "duration", &m.duration);
    w.opt(4, "owner", &m.owner);
    w.list(4, "criteria", &m.criteria);
    w.list(4, "tags", &m.tags);
    w.num(4, "total", m.total);
}

fn task(w: &mut W, rm: &Roadmap, t: &Task, indent: usize) {
    w.entry(indent, &t.id, t.line);
    let i = indent + 2;
    w.kv(i, "name", &t.name);
    w.opt(i, "description", &t.description);
    if let Some(s) = t.status {
        w.kv(i, "status", s);
    }
    w.opt(i, "owner", &t.owner);
    w.opt(i, "priority", &t.priority);
    w.list(i, "tags", &t.tags);
    if let Some(b) = t.bucket {
        w.kv(i, "bucket", &rm.buckets[b].id);
    }
    if let Some(m) = t.milestone {
        w.kv(i, "milestone", &rm.milestones[m].id);
    }
    w.opt(i, "start", &t.start);
    w.opt(i, "end", &t.end);
    w.opt(i, "duration", &t.duration);
    w.opt(i, "due", &t.due);
    w.list(i, "after", &t.after);
    w.num(i, "total", t.total);
    if !t.tasks.is_empty() {
        let _ = writeln!(w.out, "{:i$}tasks:", "");
        for c in &t.tasks {
            task(w, rm, c, i + 2);
        }
    }
}

fn risk(w: &mut W, r: &Risk) {
    w.entry(2, &r.id, r.line);
    w.kv(4, "name", &r.name);
    w.opt(4, "probability", &r.probability);
    w.opt(4, "impact", &r.impact);
    w.opt(4, "mitigation", &r.mitigation);
    w.opt(4, "owner", &r.owner);
    w.opt(4, "status", &r.status);
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quoting_reads_back() {
        for s in [
            "plain words",
            "1.1",
            "yes",
            "Null",
            "a: b",
            "x #y",
            "\"q\" and \\",
            "line\nbreak",
            "tab\there",
            "esc\u{1b}[31m",
            "- dash",
            "[flow]",
            "{a}",
            "ğ\u{fffd} emoji 🚀",
            "trailing ",
            "",
            "@at",
            "*star",
            "&anchor",
            "!tag",
            "%pct",
            "`tick`",
            "'single'",
            "|pipe",
            ">fold",
            "?q",
            "a,b",
            "non\u{fffe}char\u{ffff}",
            "nel\u{85}bom\u{feff}ls\u{2028}",
            "bidi\u{202e}txt\u{2066}",
        ] {
            let yaml = format!("k: {}\nl: [{}]\n", quote(s), quote(s));
            #[derive(serde::Deserialize)]
            struct K {
                k: String,
                l: Vec<String>,
            }
            let k: K = serde_saphyr::from_str(&yaml).unwrap_or_else(|e| panic!("{yaml}: {e}"));
            assert_eq!(k.k, s, "{yaml}");
            assert_eq!(k.l, vec![s.to_string()], "{yaml}");
        }
        assert_eq!(quote("plain words"), "plain words");
        assert_eq!(quote("1.1"), "\"1.1\"");
        // Bidi controls are written escaped: the file reads as its bytes.
        assert_eq!(quote("a\u{202e}b"), "\"a\\u202Eb\"");
    }
}
