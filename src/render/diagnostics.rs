//! Rendering diagnostics: compiler-style for people, JSON and GitHub workflow
//! commands for machines.

use crate::diag::{Diagnostic, Severity};
use crate::source::Sources;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

/// A compiler-style report of one diagnostic, with the source lines.
pub fn human(sources: &Sources, d: &Diagnostic, color: bool) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let path = sources.display(d.loc.file);
    let mut title = level.primary_title(d.message.as_str()).id(d.code.as_str());
    let primary = sources.line_of(&d.loc);
    let mut group: Group;
    match primary {
        Some((line, range)) if !sources.get(d.loc.file).text.is_empty() => {
            let mut ann = AnnotationKind::Primary.span(range);
            if let Some(l) = &d.label {
                ann = ann.label(l.as_str());
            }
            title = title.id(d.code.as_str());
            group = title.element(
                Snippet::source(line)
                    .line_start(d.loc.line as usize)
                    .path(path.clone())
                    .annotation(ann),
            );
        }
        _ => {
            group = title.element(
                annotate_snippets::Origin::path(path.clone())
                    .line(d.loc.line as usize)
                    .char_column(d.loc.column as usize),
            );
        }
    }
    for r in &d.related {
        if let Some((line, range)) = sources.line_of(&r.loc) {
            group = group.element(
                Snippet::source(line)
                    .line_start(r.loc.line as usize)
                    .path(sources.display(r.loc.file))
                    .annotation(
                        AnnotationKind::Context
                            .span(range)
                            .label(r.message.as_str()),
                    ),
            );
        }
    }
    if let Some(h) = &d.help {
        group = group.element(Level::HELP.message(h.as_str()));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&[group])
}

/// A related place in a diagnostic's JSON form.
#[derive(Serialize)]
pub struct JsonRelated<'a> {
    /// The file as shown to users ([`crate::source::display_path`]).
    pub file: String,
    /// Line, counting from 1.
    pub line: u32,
    /// Column in characters, counting from 1.
    pub column: u32,
    /// What is at that place.
    pub message: &'a str,
}

/// A diagnostic as `check --format json` prints it (this is the JSON schema).
#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    /// The stable code, e.g. `unknown-reference`.
    pub code: &'static str,
    /// `error` or `warning`, after per-code levels.
    pub severity: &'static str,
    /// The one-line message.
    pub message: &'a str,
    /// The file of the primary place, as shown to users.
    pub file: String,
    /// Line, counting from 1.
    pub line: u32,
    /// Column in characters, counting from 1.
    pub column: u32,
    /// Other places involved; left out of the JSON when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<JsonRelated<'a>>,
    /// How to fix it; left out of the JSON when there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<&'a str>,
}

/// The JSON form of `d`, with file paths looked up in `sources`.
pub fn json_diagnostic<'a>(sources: &Sources, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
        code: d.code.as_str(),
        severity: d.severity.as_str(),
        message: &d.message,
        file: sources.display(d.loc.file),
        line: d.loc.line,
        column: d.loc.column,
        related: d
            .related
            .iter()
            .map(|r| JsonRelated {
                file: sources.display(r.loc.file),
                line: r.loc.line,
                column: r.loc.column,
                message: &r.message,
            })
            .collect(),
        help: d.help.as_deref(),
    }
}

/// A GitHub Actions workflow command: `::error file=…,line=…,col=…,title=…::message`.
pub fn github(sources: &Sources, d: &Diagnostic) -> String {
    let mut msg = d.message.clone();
    if let Some(h) = &d.help {
        msg.push_str("\nhelp: ");
        msg.push_str(h);
    }
    format!(
        "::{} file={},line={},col={},title={}::{}",
        d.severity.as_str(),
        escape_property(&sources.display(d.loc.file)),
        d.loc.line,
        d.loc.column,
        escape_property(&format!("roadmap {}", d.code)),
        escape_data(&msg)
    )
}

use crate::escape::{github_data as escape_data, github_property as escape_property};
