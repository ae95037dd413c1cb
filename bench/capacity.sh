#!/usr/bin/env bash
# Time `roadmap load` (demand against capacity) and `roadmap critical-path
# --level` as whole processes on the 10,000-task, 100-resource plan of
# examples/level_bench.rs, beside `roadmap check` and `roadmap
# critical-path` of the same plan, in one run (hyperfine, RUNS runs each
# after a warm-up). docs/performance.md explains the figures. Not part of
# `cargo test`.
#
#   bench/capacity.sh
#   RUNS=5 bench/capacity.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-10}
TARGET=${CARGO_TARGET_DIR:-target}
WORK=${WORK:-${TMPDIR:-/tmp}/roadmap-bench-capacity}
export ROADMAP_TODAY=${ROADMAP_TODAY:-2026-01-05}
cargo build --release --quiet --bin roadmap --example level_bench
BIN=$(realpath "$TARGET/release/roadmap")
mkdir -p "$WORK"
"$TARGET/release/examples/level_bench" write "$WORK/plan.yaml"
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -N --warmup 1 --runs "$RUNS" -i --export-markdown "$WORK/times.md" \
  "$BIN check $WORK/plan.yaml" \
  "$BIN critical-path $WORK/plan.yaml --format json" \
  "$BIN load $WORK/plan.yaml --format json" \
  "$BIN load $WORK/plan.yaml --by bucket --format json" \
  "$BIN critical-path $WORK/plan.yaml --level --format json"
cat "$WORK/times.md"
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
