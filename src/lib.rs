//! `roadmap`: roadmaps kept as YAML in git, checked and reasoned about.
//!
//! Data flows one way, and the modules follow it (docs/architecture.md):
//! [`source`] and [`diag`] > [`plan`] (files --load--> raw YAML --resolve-->
//! model, graph) > [`schedule`] > [`check`] > [`project`] (one value per
//! plan: model, graph, schedule as of a date) > [`report`] (plain data) >
//! [`render`] (table, Markdown, CSV, JSON, GitHub, charts) > the command
//! line (`src/cli/`, in the binary: the library has no argument-parsing types).
//! A module imports only from the stages before it.
//!
//! The library API: [`check_paths`] loads, schedules and checks plans into a
//! [`Project`]; each [`PlanView`] of it goes to a report in [`report`], whose
//! value serialises as JSON and renders with [`render`].

#![warn(missing_docs)]

pub mod check;
pub mod diag;
pub mod edit;
pub mod escape;
pub mod import;
pub mod level;
pub mod natural;
pub mod plan;
pub mod project;
pub mod render;
pub mod report;
pub mod schedule;
pub mod source;
pub mod synth;
pub mod write;

pub use project::{LoadedPlan, PlanView, Project, check_bytes, check_from, check_paths};
