//! Hostile and broken input: each case runs the built `roadmap` binary as a
//! child process (`support::roadmap`), kills it if it runs past a bound, and
//! asserts the exit code and that the message names the file. Big inputs are generated here, into a
//! temporary folder, never committed.
//!
//! The bound is a hang guard, not a performance assertion: it is generous
//! because the tests run unoptimised and in parallel on small machines.
//!
//! tests/robustness.rs holds the in-process cases (malformed YAML, junk bytes,
//! mutated seed plans); the cases here add what needs a real process, real
//! files, or inputs too big to keep.

mod dates;
#[cfg(unix)]
mod files;
mod git;
mod graphs;
mod markdown;
mod pr;
mod text;
mod yaml;
