//! Reports: plain data built from a plan and its schedule. Each is also
//! what `--format json` prints; the renderers in [`crate::render`] format it.

pub mod critical;
pub mod diff;
pub mod export;
pub mod status;
