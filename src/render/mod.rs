//! Renderers: reports and diagnostics formatted as terminal tables,
//! Markdown, CSV, JSON, GitHub annotations, the terminal chart, Mermaid and DOT.

pub mod diagnostics;
pub mod gantt;
pub mod table;
