//! Markdown roadmaps. pulldown-cmark (CommonMark with the GFM table and task
//! list extensions) reads the document into [`Block`]s; this module gives
//! headings, table cells, list items and a few labelled paragraphs their
//! meaning in a plan. docs/import.md lists the shapes recognised.

use super::cells::{self, Field};
use super::{Bucket, Milestone, Options, Risk, Roadmap, Task};
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

/// One block of the document, with the line it starts on. Strong text is
/// kept as `**...**` in `text`, inline code as `` `...` ``.
#[derive(Debug, Clone)]
pub enum Block {
    /// A heading (`#` to `######`).
    Heading {
        /// Its level, 1 to 6.
        level: u8,
        /// Its text.
        text: String,
        /// The line it is on (1-based).
        line: usize,
    },
    /// A paragraph.
    Para {
        /// Its text, trimmed.
        text: String,
        /// The line it starts on (1-based).
        line: usize,
    },
    /// A list item.
    Item {
        /// How deep it is nested (0 at the top).
        depth: usize,
        /// `Some` for a task-list item (`- [x]`): whether it is checked.
        checked: Option<bool>,
        /// Whether the list is numbered.
        ordered: bool,
        /// Its own text (not its nested items'), runs of white space made one space.
        text: String,
        /// The line it starts on (1-based).
        line: usize,
    },
    /// A table.
    Table {
        /// The line of its header (1-based).
        line: usize,
        /// The header cells.
        header: Vec<String>,
        /// Each row's line (1-based) and cells.
        rows: Vec<(usize, Vec<String>)>,
    },
    /// A fenced code block.
    Code {
        /// The info string after the fence (`mermaid`); empty for an indented block.
        info: String,
        /// Its text.
        text: String,
        /// The line of the opening fence (1-based).
        line: usize,
    },
}

struct OpenItem {
    text: String,
    checked: Option<bool>,
    ordered: bool,
    depth: usize,
    line: usize,
    emitted: bool,
}

/// The document's blocks, in order.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut starts = vec![0usize];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    let line_of = |off: usize| starts.partition_point(|&s| s <= off);
    let opts = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_TASKLISTS
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
    let mut out = Vec::new();
    let mut heading: Option<(u8, usize, String)> = None;
    let mut para: Option<(usize, String)> = None;
    let mut items: Vec<OpenItem> = Vec::new();
    let mut lists: Vec<bool> = Vec::new();
    type Rows = Vec<(usize, Vec<String>)>;
    let mut table: Option<(usize, Vec<String>, Rows)> = None;
    let mut row: Option<(usize, Vec<String>)> = None;
    let mut cell: Option<String> = None;
    let mut code: Option<(String, usize, String)> = None;
    let emit_item = |it: &mut OpenItem, out: &mut Vec<Block>| {
        if !it.emitted {
            it.emitted = true;
            out.push(Block::Item {
                depth: it.depth,
                checked: it.checked,
                ordered: it.ordered,
                text: it.text.split_whitespace().collect::<Vec<_>>().join(" "),
                line: it.line,
            });
        }
    };
    for (ev, range) in Parser::new_ext(text, opts).into_offset_iter() {
        let line = line_of(range.start);
        // Where text goes now.
        macro_rules! sink {
            () => {
                if let Some((_, _, t)) = code.as_mut() {
                    Some(t)
                } else if let Some(c) = cell.as_mut() {
                    Some(c)
                } else if let Some((_, _, t)) = heading.as_mut() {
                    Some(t)
                } else if let Some(it) = items.last_mut() {
                    if it.emitted { None } else { Some(&mut it.text) }
                } else if let Some((_, t)) = para.as_mut() {
                    Some(t)
                } else {
                    None
                }
            };
        }
        match ev {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level as u8, line, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, line, t)) = heading.take() {
                    out.push(Block::Heading {
                        level,
                        text: cells::clean(&cells::unbold(&t)),
                        line,
                    });
                }
            }
            Event::Start(Tag::Paragraph) if items.is_empty() && cell.is_none() => {
                para = Some((line, String::new()));
            }
            Event::End(TagEnd::Paragraph) => {
                if items.is_empty()
                    && let Some((line, t)) = para.take()
                {
                    out.push(Block::Para {
                        text: t.trim().to_string(),
                        line,
                    });
                } else if let Some(it) = items.last_mut() {
                    it.text.push(' ');
                }
            }
            Event::Start(Tag::List(first)) => {
                if let Some(it) = items.last_mut() {
                    emit_item(it, &mut out);
                }
                lists.push(first.is_some());
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => items.push(OpenItem {
                text: String::new(),
                checked: None,
                ordered: lists.last().copied().unwrap_or(false),
                depth: lists.len().saturating_sub(1),
                line,
                emitted: false,
            }),
            Event::End(TagEnd::Item) => {
                if let Some(mut it) = items.pop() {
                    emit_item(&mut it, &mut out);
                }
            }
            Event::TaskListMarker(done) => {
                if let Some(it) = items.last_mut() {
                    it.checked = Some(done);
                }
            }
            Event::Start(Tag::Table(_)) => table = Some((line, Vec::new(), Vec::new())),
            Event::End(TagEnd::Table) => {
                if let Some((line, header, rows)) = table.take() {
                    out.push(Block::Table { line, header, rows });
                }
            }
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                row = Some((line, Vec::new()));
            }
            Event::End(TagEnd::TableHead) => {
                if let (Some((_, h, _)), Some((_, cells))) = (table.as_mut(), row.take()) {
                    *h = cells;
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let (Some((_, _, rows)), Some(r)) = (table.as_mut(), row.take()) {
                    rows.push(r);
                }
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                if let (Some((_, cells)), Some(c)) = (row.as_mut(), cell.take()) {
                    cells.push(c.trim().to_string());
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(i) => i.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((info, line, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((info, line, text)) = code.take() {
                    out.push(Block::Code { info, text, line });
                }
            }
            Event::Start(Tag::Strong) | Event::End(TagEnd::Strong) => {
                if code.is_none()
                    && let Some(s) = sink!()
                {
                    s.push_str("**");
                }
            }
            Event::Code(c) => {
                if let Some(s) = sink!() {
                    s.push('`');
                    s.push_str(&c);
                    s.push('`');
                }
            }
            Event::Text(t) => {
                if let Some(s) = sink!() {
                    s.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                // Lines of a paragraph stay lines (`**Start Date**: ...`).
                let newline = code.is_some()
                    || (para.is_some() && items.is_empty() && cell.is_none() && heading.is_none());
                if let Some(s) = sink!() {
                    s.push(if newline { '\n' } else { ' ' });
                }
            }
            _ => {}
        }
    }
    out
}

/// What a heading says.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Title,
    Bucket,
    Milestone,
    Plain,
}

#[derive(Debug, Clone)]
struct Heading {
    level: u8,
    line: usize,
    kind: Kind,
    /// The text without its parentheses.
    name: String,
    /// The bucket label (`Sprint 1`, `Week 2-3`) or milestone key (`A`).
    label: String,
    /// What follows the label (`Foundation & Setup`).
    title: Option<String>,
    priority: Option<String>,
    note: Option<String>,
    optional: bool,
    bucket: Option<usize>,
    milestone: Option<usize>,
    stream: Option<usize>,
    /// The group task this heading stands for, once made: stream and path.
    group: Option<(usize, Vec<usize>)>,
}

const BUCKET_WORDS: [(&str, &str); 10] = [
    ("sprint", "sprint"),
    ("iteration", "iteration"),
    ("cycle", "iteration"),
    ("phase", "phase"),
    ("stage", "phase"),
    ("week", "week"),
    ("weeks", "week"),
    ("month", "month"),
    ("release", "release"),
    ("quarter", "quarter"),
];

fn classify(text: &str, level: u8, line: usize) -> Heading {
    let (plain, parens) = cells::parens(text);
    let mut h = Heading {
        level,
        line,
        kind: Kind::Plain,
        name: plain.clone(),
        label: plain,
        title: None,
        priority: None,
        note: None,
        optional: false,
        bucket: None,
        milestone: None,
        stream: None,
        group: None,
    };
    for p in &parens {
        if h.priority.is_none()
            && let Some(pr) = cells::priority_in(p)
        {
            h.priority = Some(pr);
            h.note = Some(p.trim().to_string());
        }
        if p.to_ascii_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == "optional")
        {
            h.optional = true;
        }
    }
    // Parentheses that held a period or a priority leave the name; others stay.
    let mut name = text.to_string();
    for p in &parens {
        if cells::period(p).is_some() || cells::priority_in(p).is_some() {
            name = name.replace(&format!("({p})"), "");
        }
    }
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let name = name
        .trim()
        .trim_end_matches([' ', '-', ':'])
        .trim()
        .to_string();
    let name = name.replace(" - -", " -");
    h.name = name.clone();
    h.label = name.clone();
    let words: Vec<&str> = name.split_whitespace().collect();
    let first = words
        .first()
        .map(|w| w.to_ascii_lowercase())
        .unwrap_or_default();
    let first = first.trim_end_matches(':');
    let split_title = |label_words: usize| -> (String, Option<String>) {
        let label = words[..label_words].join(" ");
        let label = label.trim_end_matches(':').to_string();
        let rest = words[label_words..].join(" ");
        let rest = rest.trim().trim_start_matches([':', '-', '–', '—']).trim();
        (label, (!rest.is_empty()).then(|| rest.to_string()))
    };
    let short_key = |w: &str| {
        let w = w.trim_end_matches(':');
        !w.is_empty() && (w.len() <= 3 || w.chars().any(|c| c.is_ascii_digit()))
    };
    if first == "milestone" && words.len() >= 2 && short_key(words[1]) {
        let (label, title) = split_title(2);
        h.kind = Kind::Milestone;
        h.label = label;
        h.title = title;
        return h;
    }
    let numbered = words.len() >= 2
        && words[1]
            .trim_end_matches(':')
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit());
    let quarter = first.len() == 2 && first.starts_with('q') && first[1..].parse::<u8>().is_ok();
    if numbered && BUCKET_WORDS.iter().any(|(w, _)| *w == first) || quarter {
        let (label, title) = split_title(if quarter { 1 } else { 2 });
        h.kind = Kind::Bucket;
        h.label = label;
        h.title = title;
        return h;
    }
    if parens.iter().any(|p| cells::period(p).is_some()) {
        let cut = name
            .find(" - ")
            .or_else(|| name.find(':'))
            .unwrap_or(name.len());
        h.kind = Kind::Bucket;
        h.label = name[..cut].trim().to_string();
        let rest = name[cut..].trim_start_matches([' ', '-', ':']).trim();
        h.title = (!rest.is_empty()).then(|| rest.to_string());
    }
    h
}

/// The bucket a bucket heading declares.
fn heading_bucket(h: &Heading, parens: &[String]) -> Bucket {
    let lw = h.label.to_ascii_lowercase();
    let word = lw.split_whitespace().next().unwrap_or("");
    let kind = BUCKET_WORDS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, k)| *k)
        .or_else(|| (word.len() == 2 && word.starts_with('q')).then_some("quarter"));
    let mut b = Bucket {
        id: h.label.clone(),
        name: h.name.clone(),
        kind,
        line: h.line,
        key: cells::key(&h.label),
        ..Bucket::default()
    };
    // A period in parentheses, else the label itself (`Week 2-3`, `Q1 2026`).
    let first_two = h
        .name
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    let dated = parens
        .iter()
        .find_map(|p| cells::period(p))
        .or_else(|| {
            matches!(kind, Some("week" | "month"))
                .then(|| cells::period(&h.label))
                .flatten()
        })
        .or_else(|| {
            (kind == Some("quarter"))
                .then(|| cells::period(&first_two))
                .flatten()
        });
    let (start, end) = match dated {
        Some((s, e)) => (Some(s), e),
        None => (None, None),
    };
    match (start, end) {
        (Some(s), Some(e)) if s == e => b.period = Some(s),
        (s, e) => {
            b.start = s;
            b.end = e;
        }
    }
    b
}

struct TableInfo {
    /// The key of the bucket heading above the table (`phase-3`).
    phase: Option<String>,
    /// Ids of the task rows, in order.
    ids: Vec<String>,
}

struct PendingDep {
    stream: usize,
    path: Vec<usize>,
    text: String,
    line: usize,
    table: usize,
    pos: usize,
}

struct Reader<'a> {
    rm: Roadmap,
    opts: &'a Options,
    stack: Vec<Heading>,
    default_stream: Option<usize>,
    /// A paragraph like `**Phase 1 Deliverables**:` just before a list.
    label: Option<String>,
    /// The items of the list being read: depth and path.
    open_items: Vec<(usize, usize, Vec<usize>)>,
    /// The last block was a list item of a list that is not read as items.
    in_notes: bool,
    tables: Vec<TableInfo>,
    deps: Vec<PendingDep>,
    /// Milestone, column name and cell of `A = M0 + M1` mappings, read at the end.
    members: Vec<(usize, String, String)>,
    /// A too-deep checklist was flattened (warned once).
    flattened: bool,
    /// The line of the block being read.
    line: usize,
}

/// Deepest nesting of tasks written.
const MAX_NESTING: usize = 24;

/// Read a Markdown document.
pub fn parse(text: &str, opts: &Options) -> Roadmap {
    let blocks = blocks(text);
    let title_at = blocks
        .iter()
        .position(|b| matches!(b, Block::Heading { .. }));
    let mut r = Reader {
        rm: Roadmap::default(),
        opts,
        stack: Vec::new(),
        default_stream: None,
        label: None,
        open_items: Vec::new(),
        in_notes: false,
        tables: Vec::new(),
        deps: Vec::new(),
        members: Vec::new(),
        flattened: false,
        line: 1,
    };
    // The title: the first heading if it is level 1 or alone at its level.
    let title = title_at.and_then(|i| match &blocks[i] {
        Block::Heading { level, text, .. } => {
            let alone = blocks
                .iter()
                .filter(|b| matches!(b, Block::Heading { level: l, .. } if l == level))
                .count()
                == 1;
            (*level == 1 || alone).then(|| (i, text.clone()))
        }
        _ => None,
    });
    for (i, b) in blocks.iter().enumerate() {
        r.line = match b {
            Block::Heading { line, .. }
            | Block::Para { line, .. }
            | Block::Item { line, .. }
            | Block::Table { line, .. }
            | Block::Code { line, .. } => *line,
        };
        let is_item = matches!(b, Block::Item { .. });
        if !is_item {
            r.open_items.clear();
            r.in_notes = false;
        }
        match b {
            Block::Heading { level, text, line } => {
                r.label = None;
                while r.stack.last().is_some_and(|h| h.level >= *level) {
                    r.stack.pop();
                }
                if title.as_ref().is_some_and(|(ti, _)| *ti == i) {
                    r.rm.title = Some(text.clone());
                    let mut h = classify(text, *level, *line);
                    h.kind = Kind::Title;
                    r.stack.push(h);
                    continue;
                }
                r.heading(text, *level, *line);
            }
            Block::Para { text, line } => {
                for (k, l) in text.lines().enumerate() {
                    if !l.trim().is_empty() {
                        r.para(l.trim(), line + k);
                    }
                }
            }
            Block::Item {
                depth,
                checked,
                ordered,
                text,
                line,
            } => r.item(*depth, *checked, *ordered, text, *line),
            Block::Table { line, header, rows } => {
                r.label = None;
                r.table(*line, header, rows);
            }
            Block::Code { info, text, line } => {
                r.label = None;
                let is_gantt = text
                    .lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty() && !l.starts_with("%%"))
                    == Some("gantt");
                if info.trim().starts_with("mermaid") && is_gantt {
                    super::mermaid::parse_into(&mut r.rm, text, line + 1);
                } else {
                    r.rm.warn(
                        *line,
                        "a code block is not read (only Mermaid `gantt` blocks are)",
                    );
                }
            }
        }
    }
    r.resolve_deps();
    r.resolve_members();
    r.rm
}

impl Reader<'_> {
    fn heading(&mut self, text: &str, level: u8, line: usize) {
        let (_, parens) = cells::parens(text);
        let mut h = classify(text, level, line);
        match h.kind {
            Kind::Bucket => {
                let mut b = heading_bucket(&h, &parens);
                b.within = self.stack.iter().rev().find_map(|x| x.bucket);
                // The same sprint under another team's heading is one bucket.
                let same = self.rm.buckets.iter().position(|x| {
                    x.key == b.key
                        && (x.period.clone(), x.start.clone(), x.end.clone(), x.within)
                            == (b.period.clone(), b.start.clone(), b.end.clone(), b.within)
                });
                h.bucket = Some(match same {
                    Some(i) => i,
                    None => self.rm.add_bucket(b),
                });
            }
            Kind::Milestone => {
                let key = h.label.split_whitespace().nth(1).map(cells::key);
                let m = Milestone {
                    name: h.name.clone(),
                    line,
                    key,
                    tags: if h.optional {
                        vec!["optional".to_string()]
                    } else {
                        Vec::new()
                    },
                    ..Milestone::default()
                };
                h.milestone = Some(self.rm.add_milestone(m, &h.label));
            }
            _ => {}
        }
        self.stack.push(h);
    }

    fn para(&mut self, text: &str, line: usize) {
        let plain = cells::unbold(text);
        self.label = None;
        if let Some((label, value)) = plain.split_once(':') {
            let l = label.trim().to_ascii_lowercase();
            let v = value.trim();
            if l.contains("total") && (l.contains("item") || l.contains("task")) {
                match cells::count(v) {
                    Some(n) if self.rm.total.is_none() => {
                        self.rm.total = Some((n, line));
                        return;
                    }
                    _ => {}
                }
            }
            if matches!(
                l.as_str(),
                "start date" | "start" | "kickoff" | "project start"
            ) && self.rm.start.is_none()
            {
                match cells::date(v) {
                    Some(d) if d.len() == 10 => self.rm.start = Some((d, v.to_string(), line)),
                    // A month: its first day.
                    Some(m) if m.len() == 7 => {
                        self.rm.start = Some((format!("{m}-01"), v.to_string(), line))
                    }
                    _ => self
                        .rm
                        .warn(line, format!("start date `{v}` is not a date; left out")),
                }
                return;
            }
            if text.trim_start().starts_with("**") && v.is_empty() {
                self.label = Some(label.trim().to_string());
                return;
            }
        }
        let top = self.stack.last();
        match top {
            None => self.rm.description.push(plain),
            Some(h) if h.kind == Kind::Title => self.rm.description.push(plain),
            Some(h) if h.kind == Kind::Milestone => {
                let m = h.milestone.expect("milestone heading");
                push_desc(&mut self.rm.milestones[m].description, &plain);
            }
            _ => {}
        }
    }

    /// The stream of list items under the current headings, made on first use.
    fn item_stream(&mut self) -> (usize, usize) {
        // The outermost heading below the title, when plain, is a stream.
        let first = self.stack.iter().position(|h| h.kind != Kind::Title);
        if let Some(i) = first
            && self.stack[i].kind == Kind::Plain
        {
            if self.stack[i].stream.is_none() {
                let h = &self.stack[i];
                let (name, line) = (h.name.clone(), h.line);
                self.stack[i].stream = Some(self.rm.add_stream(&name, &name, line));
            }
            return (self.stack[i].stream.expect("made"), i + 1);
        }
        (self.default_stream(), first.unwrap_or(self.stack.len()))
    }

    fn default_stream(&mut self) -> usize {
        if let Some(s) = self.default_stream {
            return s;
        }
        let name = self
            .rm
            .title
            .clone()
            .unwrap_or_else(|| "Roadmap".to_string());
        // The line of the first entry that goes in it.
        let s = self.rm.add_stream(&name, "roadmap", self.line);
        self.default_stream = Some(s);
        s
    }

    /// The group task for list items under the current headings: each
    /// milestone or plain heading below the stream, and the nearest
    /// heading when it is a bucket, is a group.
    fn item_parent(&mut self) -> (usize, Vec<usize>) {
        let (stream, from) = self.item_stream();
        let last = self.stack.len().saturating_sub(1);
        let mut parent: Vec<usize> = Vec::new();
        for i in from..self.stack.len() {
            let is_group = match self.stack[i].kind {
                Kind::Milestone | Kind::Plain => true,
                Kind::Bucket => i == last,
                Kind::Title => false,
            };
            if !is_group {
                continue;
            }
            if let Some((s, p)) = &self.stack[i].group
                && *s == stream
            {
                parent = p.clone();
                continue;
            }
            let h = &self.stack[i];
            let name = match (&h.kind, &h.title) {
                (Kind::Bucket, Some(t)) if h.label.to_ascii_lowercase().starts_with("week") => {
                    t.clone()
                }
                _ => h.name.clone(),
            };
            let bucket = self.stack[..=i].iter().rev().find_map(|x| x.bucket);
            let mut t = Task {
                id: self.rm.node_id(&name),
                name,
                line: h.line,
                bucket,
                milestone: h.milestone,
                priority: h.priority.clone(),
                description: h.note.clone(),
                ..Task::default()
            };
            if h.optional {
                t.tags.push("optional".to_string());
            }
            let path = push_task(&mut self.rm, stream, &parent, t);
            self.stack[i].group = Some((stream, path.clone()));
            parent = path;
        }
        (stream, parent)
    }

    fn item(
        &mut self,
        depth: usize,
        checked: Option<bool>,
        ordered: bool,
        text: &str,
        line: usize,
    ) {
        let under_milestone = self.stack.iter().any(|h| h.kind == Kind::Milestone);
        let is_item = checked.is_some() || (!ordered && under_milestone && self.label.is_none());
        if !is_item {
            if !self.in_notes && self.open_items.is_empty() {
                self.in_notes = true;
                self.notes_start(line);
            }
            if let Some(target) = self.notes_target() {
                let t = cells::unbold(text);
                let indent = "  ".repeat(depth);
                self.append_note(target, &format!("{indent}- {t}"));
            }
            return;
        }
        if self.in_notes && depth > 0 {
            return;
        }
        self.in_notes = false;
        let (text, owner) = cells::take_owner(text);
        let (name, parens) = cells::parens(&text);
        let mut priority = None;
        let mut tags = Vec::new();
        for p in &parens {
            if let Some(pr) = cells::priority_in(p) {
                priority = Some(pr);
            }
        }
        // Keep parentheses in the name unless they only held a priority.
        let name = if priority.is_some() && parens.len() == 1 {
            name
        } else {
            cells::unbold(&text)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        if name.is_empty() {
            self.rm.warn(line, "a list item with no text; left out");
            return;
        }
        if name.to_ascii_lowercase().ends_with("(optional)") {
            tags.push("optional".to_string());
        }
        while self.open_items.last().is_some_and(|(d, _, _)| *d >= depth) {
            self.open_items.pop();
        }
        let (stream, mut parent) = match self.open_items.last() {
            Some((_, s, p)) => (*s, p.clone()),
            None => self.item_parent(),
        };
        // The plan's YAML may nest 128 levels: deeper checklists are kept
        // at this depth.
        if parent.len() >= MAX_NESTING {
            parent.truncate(MAX_NESTING - 1);
            if !self.flattened {
                self.flattened = true;
                self.rm.warn(
                    line,
                    format!("a checklist nested deeper than {MAX_NESTING} levels: deeper items are kept at that level"),
                );
            }
        }
        // An item straight in a stream takes the bucket of the headings.
        let bucket = if parent.is_empty() {
            self.stack.iter().rev().find_map(|h| h.bucket)
        } else {
            None
        };
        let t = Task {
            id: self.rm.node_id(&name),
            name,
            line,
            status: (checked == Some(true)).then_some("done"),
            owner,
            priority,
            tags,
            bucket,
            ..Task::default()
        };
        let path = push_task(&mut self.rm, stream, &parent, t);
        self.open_items.push((depth, stream, path));
    }

    fn notes_target(&self) -> Option<NoteTarget> {
        self.label.as_ref()?;
        for h in self.stack.iter().rev() {
            if let Some(s) = h.stream {
                return Some(NoteTarget::Stream(s));
            }
            if let Some(b) = h.bucket {
                return Some(NoteTarget::Bucket(b));
            }
            if let Some(m) = h.milestone {
                return Some(NoteTarget::Milestone(m));
            }
            if h.kind == Kind::Title {
                return Some(NoteTarget::Plan);
            }
            // A section that holds no plan entry of its own is not a place
            // to look further up from (`### Attendees` under `## Governance`).
            h.group.as_ref()?;
        }
        None
    }

    fn notes_start(&mut self, line: usize) {
        match (self.notes_target(), self.label.clone()) {
            (Some(t), Some(label)) => self.append_note(t, &format!("{label}:")),
            _ => self.rm.warn(
                line,
                "a list that is not a checklist (`- [ ]`) and not under a milestone heading: not read as items",
            ),
        }
    }

    fn append_note(&mut self, t: NoteTarget, line: &str) {
        let d = match t {
            NoteTarget::Stream(s) => &mut self.rm.streams[s].description,
            NoteTarget::Bucket(b) => &mut self.rm.buckets[b].description,
            NoteTarget::Milestone(m) => &mut self.rm.milestones[m].description,
            NoteTarget::Plan => {
                self.rm.description.push(line.to_string());
                return;
            }
        };
        match d {
            Some(s) => {
                s.push('\n');
                s.push_str(line);
            }
            None => *d = Some(line.to_string()),
        }
    }

    /// Columns of a table: the field of each, `--map` first.
    fn columns(&self, header: &[String]) -> Vec<Option<Field>> {
        let mut named = false;
        header
            .iter()
            .map(|h| {
                let h = cells::clean(h);
                let f = self
                    .opts
                    .map
                    .iter()
                    .find(|(c, _)| c.eq_ignore_ascii_case(&h))
                    .map(|(_, f)| *f)
                    .or_else(|| Field::of_header(&h));
                match f {
                    Some(Field::Name) if named => Some(Field::Description),
                    Some(Field::Name) => {
                        named = true;
                        f
                    }
                    _ => f,
                }
            })
            .collect()
    }

    fn table(&mut self, line: usize, header: &[String], rows: &[(usize, Vec<String>)]) {
        let cols = self.columns(header);
        let col = |f: Field| cols.iter().position(|c| *c == Some(f));
        let first = header
            .first()
            .map(|h| cells::key(&cells::clean(h)))
            .unwrap_or_default();
        // A table of milestones, or of rows that each name a known bucket
        // (a summary of declared counts).
        let all_buckets = !rows.is_empty()
            && rows.iter().all(|(_, r)| {
                r.first()
                    .is_some_and(|c| self.rm.find_bucket(&cells::clean(c)).is_some())
            });
        if first.ends_with("milestone") || all_buckets {
            return self.milestone_table(header, rows);
        }
        if col(Field::Probability).is_some()
            || col(Field::Mitigation).is_some()
            || first.starts_with("risk")
        {
            return self.risk_table(rows, &cols);
        }
        // Time-bucket columns: check marks or nothing, at least one mark.
        let checks: Vec<usize> = (0..header.len())
            .filter(|&c| {
                let vals: Vec<&str> = rows
                    .iter()
                    .map(|(_, r)| r.get(c).map(String::as_str).unwrap_or(""))
                    .collect();
                vals.iter().any(|v| cells::is_check(v))
                    && vals
                        .iter()
                        .all(|v| v.trim().is_empty() || cells::is_check(v))
            })
            .collect();
        if col(Field::Name).is_none() {
            let names: Vec<String> = header.iter().map(|h| cells::clean(h)).collect();
            self.rm.warn(
                line,
                format!(
                    "a table with columns {}: none names a task; not read",
                    names.join(", ")
                ),
            );
            return;
        }
        if !checks.is_empty() {
            return self.matrix_table(line, header, rows, &cols, &checks);
        }
        self.task_table(line, header, rows, &cols);
    }

    /// The stream a table's rows go to: the heading above it.
    fn table_stream(&mut self) -> usize {
        match self.stack.iter().rposition(|h| h.kind != Kind::Title) {
            Some(i) => {
                if let Some(s) = self.stack[i].stream {
                    return s;
                }
                let h = &self.stack[i];
                let name = h.name.clone();
                let id = if h.kind == Kind::Bucket {
                    h.label.clone()
                } else {
                    name.clone()
                };
                let s = self.rm.add_stream(&name, &id, h.line);
                self.stack[i].stream = Some(s);
                s
            }
            None => self.default_stream(),
        }
    }

    fn find_or_make_bucket(&mut self, text: &str, line: usize) -> Option<usize> {
        let name = cells::clean(text);
        if cells::is_none(&name) {
            return None;
        }
        if let Some(b) = self.rm.find_bucket(&name) {
            return Some(b);
        }
        let lw = name.to_ascii_lowercase();
        let word = lw.split_whitespace().next().unwrap_or("");
        let kind = BUCKET_WORDS
            .iter()
            .find(|(w, _)| *w == word)
            .map(|(_, k)| *k);
        Some(self.rm.add_bucket(Bucket {
            id: name.clone(),
            name: name.clone(),
            kind,
            line,
            key: cells::key(&name),
            ..Bucket::default()
        }))
    }

    fn matrix_table(
        &mut self,
        line: usize,
        header: &[String],
        rows: &[(usize, Vec<String>)],
        cols: &[Option<Field>],
        checks: &[usize],
    ) {
        let buckets: Vec<usize> = checks
            .iter()
            .map(|&c| {
                let name = cells::clean(&header[c]);
                match self.rm.find_bucket(&name) {
                    Some(b) => b,
                    None => {
                        let lw = name.to_ascii_lowercase();
                        let kind =
                            if lw.contains("release") || lw.split_whitespace().any(|w| w == "ga") {
                                Some("release")
                            } else if lw.split_whitespace().any(|w| {
                                w.len() == 2 && w.starts_with('q') && w[1..].parse::<u8>().is_ok()
                            }) || lw.contains("quarter")
                            {
                                Some("quarter")
                            } else if lw.contains("sprint") {
                                Some("sprint")
                            } else {
                                None
                            };
                        self.rm.add_bucket(Bucket {
                            id: name.clone(),
                            name: name.clone(),
                            kind,
                            line,
                            key: cells::key(&name),
                            ..Bucket::default()
                        })
                    }
                }
            })
            .collect();
        let name_col = cols
            .iter()
            .position(|c| *c == Some(Field::Name))
            .expect("checked");
        let stream_col = cols.iter().position(|c| *c == Some(Field::Stream));
        let mut stream: Option<usize> = None;
        for (rl, r) in rows {
            let cell = |c: usize| r.get(c).map(String::as_str).unwrap_or("");
            if let Some(sc) = stream_col {
                let s = cells::clean(cell(sc));
                if !s.is_empty() {
                    stream = Some(self.rm.stream_named(&s, *rl));
                }
            }
            let stream = match stream {
                Some(s) => s,
                None => self.table_stream(),
            };
            let name = cells::clean(cell(name_col));
            if name.is_empty() {
                self.rm.warn(*rl, "a row with no task name; left out");
                continue;
            }
            let marked: Vec<usize> = checks
                .iter()
                .enumerate()
                .filter(|(_, c)| cells::is_check(cell(**c)))
                .map(|(i, _)| buckets[i])
                .collect();
            if marked.len() > 1 {
                self.rm.warn(
                    *rl,
                    format!(
                        "`{name}` is marked in {} time columns; put in the first",
                        marked.len()
                    ),
                );
            }
            let mut t = Task {
                id: self.rm.node_id(&name),
                name,
                line: *rl,
                bucket: marked.first().copied(),
                ..Task::default()
            };
            self.row_fields(&mut t, r, cols, *rl);
            push_task(&mut self.rm, stream, &[], t);
        }
    }

    /// Owner, priority, status, dates, tags and description from a row.
    fn row_fields(&mut self, t: &mut Task, r: &[String], cols: &[Option<Field>], line: usize) {
        for (c, f) in cols.iter().enumerate() {
            let Some(f) = f else { continue };
            let raw = r.get(c).map(String::as_str).unwrap_or("");
            let v = cells::unbold(raw);
            if cells::is_none(&v) {
                continue;
            }
            match f {
                Field::Owner => t.owner = Some(v),
                Field::Priority => t.priority = Some(v),
                Field::Status => match cells::status(&v) {
                    Some(s) => t.status = Some(s),
                    None => self.rm.warn(
                        line,
                        format!("status `{v}` is not one the plan knows; left out"),
                    ),
                },
                Field::Start | Field::End | Field::Due | Field::Date => {
                    // A date, else a period (`Week 3`): its first or last part.
                    let d = cells::date(&v)
                        .filter(|d| cells::valid_date(d))
                        .or_else(|| {
                            cells::period(&v).map(|(s, e)| match f {
                                Field::Start => s,
                                _ => e.unwrap_or(s),
                            })
                        });
                    match d {
                        Some(d) => match f {
                            Field::Start => t.start = Some(d),
                            Field::End => t.end = Some(d),
                            _ => t.due = Some(d),
                        },
                        None => self.rm.warn(
                            line,
                            format!("`{v}` is not a date the plan format reads; left out"),
                        ),
                    }
                }
                Field::Period => match cells::period(&v) {
                    Some((s, e)) => {
                        t.start = Some(s);
                        t.end = e;
                    }
                    None => self.rm.warn(
                        line,
                        format!("`{v}` is not a period the plan format reads; left out"),
                    ),
                },
                Field::Duration => {
                    if cells::valid_duration(&v) {
                        t.duration = Some(v);
                    } else {
                        self.rm.warn(
                            line,
                            format!("`{v}` is not a duration the plan format reads; left out"),
                        );
                    }
                }
                Field::Tags => t.tags.extend(
                    v.split(',')
                        .map(|x| x.trim().to_string())
                        .filter(|x| !x.is_empty()),
                ),
                Field::Description | Field::Criteria | Field::Deliverables => {
                    push_desc(&mut t.description, &v)
                }
                Field::Total => t.total = cells::count(&v),
                _ => {}
            }
        }
    }

    fn task_table(
        &mut self,
        line: usize,
        header: &[String],
        rows: &[(usize, Vec<String>)],
        cols: &[Option<Field>],
    ) {
        let col = |f: Field| cols.iter().position(|c| *c == Some(f));
        let name_col = col(Field::Name).expect("checked");
        let id_col = col(Field::Id);
        let bucket_col = col(Field::Bucket);
        let after_col = col(Field::After);
        let stream_col = col(Field::Stream);
        let heading_bucket = self.stack.iter().rev().find_map(|h| h.bucket);
        let phase = self
            .stack
            .iter()
            .rev()
            .find(|h| h.bucket.is_some())
            .map(|h| cells::key(&h.label));
        let unread: Vec<String> = header
            .iter()
            .zip(cols)
            .filter(|(_, c)| c.is_none())
            .map(|(h, _)| cells::clean(h))
            .collect();
        if !unread.is_empty() {
            self.rm.warn(
                line,
                format!(
                    "column(s) {} not read (use --map COLUMN=FIELD)",
                    unread.join(", ")
                ),
            );
        }
        let table = self.tables.len();
        self.tables.push(TableInfo {
            phase,
            ids: Vec::new(),
        });
        let numbered = rows.iter().any(|(_, r)| {
            leading_id(&cells::clean(
                r.get(name_col).map(String::as_str).unwrap_or(""),
            ))
            .is_some()
        });
        let mut row_ids: Vec<String> = Vec::new();
        for (rl, r) in rows {
            let cell = |c: usize| r.get(c).map(String::as_str).unwrap_or("");
            let full = cells::clean(cell(name_col));
            if full.is_empty() {
                self.rm.warn(*rl, "a row with no task name; left out");
                continue;
            }
            let (written_id, name) = match id_col
                .map(|c| cells::clean(cell(c)))
                .filter(|s| !s.is_empty())
            {
                Some(id) => (Some(id), full.clone()),
                None => match leading_id(&full) {
                    Some((id, rest)) => (Some(id), rest),
                    None => (None, full.clone()),
                },
            };
            let lower = name.to_ascii_lowercase();
            let dur = col(Field::Duration)
                .map(|c| cells::unbold(cell(c)))
                .unwrap_or_default();
            let short =
                dur.is_empty() || crate::plan::time::parse_duration(&dur).is_ok_and(|d| d <= 1);
            let is_milestone = written_id.is_none()
                && (lower.starts_with("gate")
                    || lower.starts_with("milestone")
                    || (numbered && short));
            if is_milestone {
                self.milestone_row(&name, r, cols, *rl, &row_ids);
                continue;
            }
            let stream = match stream_col
                .map(|c| cells::clean(cell(c)))
                .filter(|s| !s.is_empty())
            {
                Some(s) => self.rm.stream_named(&s, *rl),
                None => self.table_stream(),
            };
            let id = match &written_id {
                Some(w) => self.rm.node_id_as_written(w),
                None => self.rm.node_id(&name),
            };
            let bucket = match bucket_col {
                Some(c) => self.find_or_make_bucket(cell(c), *rl),
                None => heading_bucket,
            };
            let mut t = Task {
                id: id.clone(),
                name,
                line: *rl,
                bucket,
                ..Task::default()
            };
            self.row_fields(&mut t, r, cols, *rl);
            let path = push_task(&mut self.rm, stream, &[], t);
            if let Some(ac) = after_col {
                let text = cells::unbold(cell(ac));
                if !cells::is_none(&text) {
                    self.deps.push(PendingDep {
                        stream,
                        path,
                        text,
                        line: *rl,
                        table,
                        pos: row_ids.len(),
                    });
                }
            }
            row_ids.push(id.clone());
            self.tables[table].ids.push(id);
        }
    }

    /// A gate or milestone row of a task table: it closes the table, so it
    /// comes after the table's tasks above it; its dependency cell holds
    /// its criteria (`99.9%+ uptime for 30 days`).
    fn milestone_row(
        &mut self,
        name: &str,
        r: &[String],
        cols: &[Option<Field>],
        line: usize,
        above: &[String],
    ) {
        let label = name.split(':').next().unwrap_or(name).trim().to_string();
        let mut m = Milestone {
            name: name.to_string(),
            gate: name.to_ascii_lowercase().starts_with("gate"),
            line,
            key: Some(cells::key(&label)),
            after: above.to_vec(),
            ..Milestone::default()
        };
        for (c, f) in cols.iter().enumerate() {
            let Some(f) = f else { continue };
            let v = cells::unbold(r.get(c).map(String::as_str).unwrap_or(""));
            if cells::is_none(&v) {
                continue;
            }
            match f {
                Field::Start | Field::End | Field::Date | Field::Due => {
                    match cells::date(&v).filter(|d| cells::valid_date(d)) {
                        Some(d) => match f {
                            Field::Start => m.start = Some(d),
                            Field::End => m.end = Some(d),
                            _ => m.date = Some(d),
                        },
                        None => self.rm.warn(
                            line,
                            format!("`{v}` is not a date the plan format reads; left out"),
                        ),
                    }
                }
                Field::Duration if cells::valid_duration(&v) => m.duration = Some(v),
                Field::Owner => m.owner = Some(v),
                Field::After | Field::Criteria => {
                    for g in self.gate_refs(&v) {
                        if !m.after.contains(&g) {
                            m.after.push(g);
                        }
                    }
                    m.criteria.push(v);
                }
                Field::Description => push_desc(&mut m.description, &v),
                _ => {}
            }
        }
        self.rm.add_milestone(m, &label);
    }

    /// Gates named in a text: `Gate 1 approved`, `All gates passed`.
    fn gate_refs(&self, text: &str) -> Vec<String> {
        let lower = text.to_ascii_lowercase();
        if lower.starts_with("all gates") {
            return self
                .rm
                .milestones
                .iter()
                .filter(|m| m.gate)
                .map(|m| m.id.clone())
                .collect();
        }
        let words: Vec<&str> = lower.split_whitespace().collect();
        if words.len() >= 2 && words[0] == "gate" {
            let k = cells::key(&format!("gate {}", words[1]));
            return self
                .rm
                .milestones
                .iter()
                .filter(|m| m.key.as_deref() == Some(k.as_str()))
                .map(|m| m.id.clone())
                .collect();
        }
        Vec::new()
    }

    fn milestone_table(&mut self, header: &[String], rows: &[(usize, Vec<String>)]) {
        let mut cols = self.columns(header);
        if let Some(c) = cols.first_mut() {
            *c = Some(Field::Name);
        }
        for (c, f) in cols.iter_mut().enumerate().skip(1) {
            if *f == Some(Field::Name) || *f == Some(Field::Milestone) {
                *f = Some(if cells::key(&header[c]).contains("milestone") {
                    Field::Members
                } else {
                    Field::Description
                });
            }
            if *f == Some(Field::Start) {
                *f = Some(Field::Date);
            }
        }
        for (rl, r) in rows {
            let cell = |c: usize| r.get(c).map(String::as_str).unwrap_or("");
            let name = cells::clean(cell(0));
            if name.is_empty() {
                continue;
            }
            let label = match name.split_once(':') {
                Some((l, _)) if l.split_whitespace().count() <= 2 => l.trim().to_string(),
                _ => name.clone(),
            };
            let key = cells::key(&label);
            if let Some(b) = self.rm.find_bucket(&name) {
                for (c, f) in cols.iter().enumerate().skip(1) {
                    let v = cells::unbold(cell(c));
                    if cells::is_none(&v) {
                        continue;
                    }
                    match f {
                        Some(Field::Total) => match cells::count(&v) {
                            Some(n) => self.rm.buckets[b].total = Some(n),
                            None => self
                                .rm
                                .warn(*rl, format!("count `{v}` is not a number; left out")),
                        },
                        Some(Field::Description | Field::Deliverables) => {
                            push_desc(&mut self.rm.buckets[b].description, &v)
                        }
                        _ => push_desc(
                            &mut self.rm.buckets[b].description,
                            &format!("{}: {v}", cells::clean(&header[c])),
                        ),
                    }
                }
                continue;
            }
            let found = self.rm.milestones.iter().position(|m| {
                m.key.as_deref() == Some(key.as_str()) || cells::key(&m.name) == cells::key(&name)
            });
            let (m, new) = match found {
                Some(m) => (m, false),
                None => {
                    let ms = Milestone {
                        name: name.clone(),
                        line: *rl,
                        key: Some(key.clone()),
                        ..Milestone::default()
                    };
                    (self.rm.add_milestone(ms, &label), true)
                }
            };
            let mut owner = None;
            for (c, f) in cols.iter().enumerate().skip(1) {
                let v = cells::unbold(cell(c));
                if cells::is_none(&v) {
                    continue;
                }
                let hname = cells::clean(&header[c]);
                match f {
                    Some(Field::Total) => self.rm.milestones[m].total = cells::count(&v),
                    Some(Field::Date) | Some(Field::End) | Some(Field::Due) => {
                        match cells::date(&v).filter(|d| cells::valid_date(d)) {
                            Some(d) => {
                                let ms = &self.rm.milestones[m];
                                let stated = ms.date.clone().or(ms.end.clone());
                                match stated {
                                    None => self.rm.milestones[m].date = Some(d),
                                    Some(s) if s == d => {}
                                    Some(s) => self.rm.warn(*rl, format!("{hname} `{d}` differs from `{s}` stated before; the first kept")),
                                }
                            }
                            None => self.rm.warn(
                                *rl,
                                format!("`{v}` is not a date the plan format reads; left out"),
                            ),
                        }
                    }
                    Some(Field::Criteria) => {
                        for g in self.gate_refs(&v) {
                            if !self.rm.milestones[m].after.contains(&g) {
                                self.rm.milestones[m].after.push(g);
                            }
                        }
                        if !self.rm.milestones[m].criteria.contains(&v) {
                            self.rm.milestones[m].criteria.push(v);
                        }
                    }
                    Some(Field::Owner) => {
                        owner = Some(v.clone());
                        if self.rm.milestones[m].owner.is_none() {
                            self.rm.milestones[m].owner = Some(v);
                        }
                    }
                    Some(Field::Members) => self.members.push((m, hname, v)),
                    Some(Field::Deliverables) if new => {
                        let stream = self.table_stream();
                        let gid = self.rm.node_id(&format!("{label} work"));
                        let mut g = Task {
                            id: gid,
                            name: name.clone(),
                            line: *rl,
                            milestone: Some(m),
                            owner: owner.clone(),
                            ..Task::default()
                        };
                        for part in v.split(", ").map(str::trim).filter(|p| !p.is_empty()) {
                            let id = self.rm.node_id(&format!("{label} {part}"));
                            g.tasks.push(Task {
                                id,
                                name: part.to_string(),
                                line: *rl,
                                ..Task::default()
                            });
                        }
                        push_task(&mut self.rm, stream, &[], g);
                    }
                    Some(Field::Description) | Some(Field::Deliverables) => {
                        push_desc(&mut self.rm.milestones[m].description, &v)
                    }
                    _ => push_desc(
                        &mut self.rm.milestones[m].description,
                        &format!("{hname}: {v}"),
                    ),
                }
            }
        }
    }

    fn risk_table(&mut self, rows: &[(usize, Vec<String>)], cols: &[Option<Field>]) {
        for (rl, r) in rows {
            let get = |f: Field| {
                cols.iter()
                    .position(|c| *c == Some(f))
                    .map(|c| cells::unbold(r.get(c).map(String::as_str).unwrap_or("")))
                    .filter(|v| !cells::is_none(v))
            };
            let Some(name) = get(Field::Name) else {
                self.rm.warn(*rl, "a risk with no description; left out");
                continue;
            };
            let id = get(Field::Id).unwrap_or_else(|| name.clone());
            let risk = Risk {
                name,
                probability: get(Field::Probability),
                impact: get(Field::Impact),
                mitigation: get(Field::Mitigation),
                owner: get(Field::Owner),
                status: get(Field::Status),
                line: *rl,
                ..Risk::default()
            };
            self.rm.add_risk(risk, &id);
        }
    }

    fn resolve_members(&mut self) {
        for (m, hname, v) in std::mem::take(&mut self.members) {
            let ids: Vec<Option<String>> = v
                .split('+')
                .map(|p| cells::key(p.trim()))
                .map(|k| {
                    let found = self
                        .rm
                        .milestones
                        .iter()
                        .find(|x| x.key.as_deref() == Some(k.as_str()));
                    found.map(|x| x.id.clone())
                })
                .collect();
            let own = self.rm.milestones[m].id.clone();
            if !ids.is_empty() && ids.iter().all(Option::is_some) {
                let ids: Vec<String> = ids.into_iter().flatten().collect();
                if ids.contains(&own) {
                    let line = self.rm.milestones[m].line;
                    self.rm.warn(
                        line,
                        format!("`{own}` is listed as made of itself; that member left out"),
                    );
                }
                self.rm.milestones[m].members = ids.into_iter().filter(|i| *i != own).collect();
            } else {
                push_desc(
                    &mut self.rm.milestones[m].description,
                    &format!("{hname}: {v}"),
                );
            }
        }
    }

    fn resolve_deps(&mut self) {
        let deps = std::mem::take(&mut self.deps);
        for d in deps {
            let mut after = Vec::new();
            for part in d
                .text
                .split([',', ';'])
                .map(str::trim)
                .filter(|p| !cells::is_none(p))
            {
                let lower = part.to_ascii_lowercase();
                let words: Vec<&str> = lower.split_whitespace().collect();
                let first = part.split_whitespace().next().unwrap_or("");
                let found: Vec<String> = if self.rm.node_ids.contains(first) {
                    vec![first.to_string()]
                } else if words.first() == Some(&"gate") {
                    self.gate_refs(part)
                } else if words.len() >= 3 && words[0] == "all" && words.last() == Some(&"tasks") {
                    let k = cells::key(&words[1..words.len() - 1].join(" "));
                    match self
                        .tables
                        .iter()
                        .position(|t| t.phase.as_deref() == Some(k.as_str()))
                    {
                        Some(ti) if ti == d.table => self.tables[ti].ids[..d.pos].to_vec(),
                        Some(ti) => self.tables[ti].ids.clone(),
                        None => Vec::new(),
                    }
                } else {
                    self.rm
                        .milestones
                        .iter()
                        .filter(|m| m.name.eq_ignore_ascii_case(part))
                        .map(|m| m.id.clone())
                        .collect()
                };
                if found.is_empty() {
                    self.rm.warn(
                        d.line,
                        format!("dependency `{part}` names no task or gate; not read"),
                    );
                }
                for f in found {
                    if !after.contains(&f) {
                        after.push(f);
                    }
                }
            }
            task_at(&mut self.rm, d.stream, &d.path).after = after;
        }
    }
}

#[derive(Clone, Copy)]
enum NoteTarget {
    Stream(usize),
    Bucket(usize),
    Milestone(usize),
    Plan,
}

fn push_desc(d: &mut Option<String>, s: &str) {
    match d {
        Some(x) => {
            x.push('\n');
            x.push_str(s);
        }
        None => *d = Some(s.to_string()),
    }
}

/// `1.1 Hire DevOps Team`: the id `1.1` and the name.
fn leading_id(s: &str) -> Option<(String, String)> {
    let (first, rest) = s.split_once(' ')?;
    let id = first.trim_end_matches('.');
    let ok = !id.is_empty()
        && id.chars().next().is_some_and(|c| c.is_ascii_digit())
        && id.chars().all(|c| c.is_ascii_digit() || c == '.');
    (ok && !rest.trim().is_empty()).then(|| (id.to_string(), rest.trim().to_string()))
}

/// Add a task under `parent` (a path of indices) in `stream`; its path.
pub(super) fn push_task(rm: &mut Roadmap, stream: usize, parent: &[usize], t: Task) -> Vec<usize> {
    let list = if parent.is_empty() {
        &mut rm.streams[stream].tasks
    } else {
        &mut task_at(rm, stream, parent).tasks
    };
    list.push(t);
    let mut p = parent.to_vec();
    p.push(list.len() - 1);
    p
}

pub(super) fn task_at<'a>(rm: &'a mut Roadmap, stream: usize, path: &[usize]) -> &'a mut Task {
    let mut t = &mut rm.streams[stream].tasks[path[0]];
    for &i in &path[1..] {
        t = &mut t.tasks[i];
    }
    t
}

/// What a document that is not a roadmap holds, for the error message.
pub fn describe(text: &str) -> String {
    let bs = blocks(text);
    let n = |f: &dyn Fn(&Block) -> bool| bs.iter().filter(|b| f(b)).count();
    let headings = n(&|b| matches!(b, Block::Heading { .. }));
    let paras = n(&|b| matches!(b, Block::Para { .. }));
    let items = n(&|b| matches!(b, Block::Item { .. }));
    let tables = n(&|b| matches!(b, Block::Table { .. }));
    let codes = n(&|b| matches!(b, Block::Code { .. }));
    let plural = |k: usize, w: &str| format!("{k} {w}{}", if k == 1 { "" } else { "s" });
    format!(
        "found {}, {}, {}, {} and {}, but no checklist (`- [ ]`), task table, \
         milestone heading or Mermaid gantt block (see docs/import.md)",
        plural(headings, "heading"),
        plural(paras, "paragraph"),
        plural(items, "plain list item"),
        plural(tables, "table without a task column"),
        plural(codes, "code block"),
    )
}
