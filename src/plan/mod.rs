//! The plan stage: files read into raw YAML values, resolved into the
//! validated [`model::Plan`], and its dependency graph.

pub mod capacity;
pub mod estimate;
pub mod files;
pub mod git;
pub mod graph;
pub mod load;
pub mod lookup;
pub mod model;
pub mod raw;
pub mod resolve;
pub mod span;
pub mod starter;
pub mod time;
