//! The starter plan that `roadmap init` writes.

/// The plan `roadmap init` writes: small, commented, and clean under `check`.
pub const STARTER: &str = r#"# A roadmap plan: check it with `roadmap check`, see progress with
# `roadmap status`, the finish date with `roadmap critical-path`.
# Every key is described in docs/plan-format.md. For completion and checks
# in your editor, run `roadmap schema > roadmap.schema.json` and make this
# the first line: # yaml-language-server: $schema=roadmap.schema.json
title: My product roadmap
start: 2026-01-05            # the first day; relative dates like M2-W3 count from here
calendar:
  workdays: [mon, tue, wed, thu, fri]
  holidays: []

# Time windows. A task's bucket end is its due date.
buckets:
  - { id: q1, name: Q1, kind: quarter, period: 2026-Q1 }
  - { id: q2, name: Q2, kind: quarter, period: 2026-Q2 }

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
