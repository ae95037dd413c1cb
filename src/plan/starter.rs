//! The starter plan that `roadmap init` writes.

/// The plan `roadmap init` writes: small, commented, and clean under `check`.
/// `START` becomes the first Monday after the day it is written.
pub const STARTER: &str = r#"# A roadmap plan: check it with `roadmap check`, see progress with
# `roadmap status`, the finish date with `roadmap critical-path`.
# Every key is described in docs/plan-format.md. For completion and checks
# in your editor, run `roadmap schema > roadmap.schema.json` and make this
# the first line: # yaml-language-server: $schema=roadmap.schema.json
title: My product roadmap
start: START                 # the first day; relative dates like M2-W3 count from here
calendar:
  workdays: [mon, tue, wed, thu, fri]
  holidays: []

# Time windows. A task's bucket end is its due date. M1 is the plan's first
# four weeks (docs/plan-format.md).
buckets:
  - { id: q1, name: First quarter, kind: quarter, start: M1, end: M3 }
  - { id: q2, name: Second quarter, kind: quarter, start: M4, end: M6 }

milestones:
  - id: beta
    name: Public beta
    after: [api, web-app]    # reached when these are done
    criteria: ["ten customers onboarded"]

# Teams or workstreams, each with its tasks.
streams:
  - id: backend
    name: Backend team
    owner: Alex
    tasks:
      - id: api
        name: Public API
        duration: 3w         # working days: 3d, 2w, "2 weeks"
        bucket: q1
        status: in-progress  # todo, in-progress, done, blocked, cancelled
      - id: billing
        name: Billing
        duration: 2w
        after: [api]         # starts when api is done
        bucket: q2
  - id: web
    name: Web team
    owner: Sam
    tasks:
      - id: web-app
        name: Web app
        bucket: q1
        tasks:               # a checklist: sub-tasks roll up into their parent
          - { name: Sign-up page, duration: 1w, status: done }
          - { name: Dashboard, duration: 2w, after: [api] }
"#;

/// The starter plan, starting on the first Monday after `today`.
pub fn starter(today: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let ahead = 7 - today.weekday().num_days_from_monday() as u64;
    let monday = today
        .checked_add_days(chrono::Days::new(ahead))
        .unwrap_or(today);
    STARTER.replacen("START", &monday.to_string(), 1)
}
