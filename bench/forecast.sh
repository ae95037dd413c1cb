#!/usr/bin/env bash
# Time `roadmap forecast` (docs/performance.md, "Forecast"): on a generated
# plan of 10,000 tasks whose durations all carry an uncertainty, in one run:
#   - one trial (sampling included) against one deterministic schedule (both
#     passes), on one thread, timed in turns;
#   - TRIALS trials on every core against TRIALS deterministic schedules one
#     after another;
#   - peak memory of `roadmap forecast` at 1,000 and 100,000 trials.
#
#   bench/forecast.sh
#   TASKS=1000 TRIALS=2000 MEM_TRIALS="1000 10000" bench/forecast.sh
#
# Needs cargo and /usr/bin/time (Debian package `time`). Not part of `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."

TASKS=${TASKS:-10000}
TRIALS=${TRIALS:-10000}
MEM_TRIALS=${MEM_TRIALS:-"1000 100000"}
SEED=${SEED:-1}
WORK=${WORK:-${TMPDIR:-/tmp}/roadmap-bench-forecast}
TARGET=${CARGO_TARGET_DIR:-target}
TODAY=${TODAY:-2026-01-05}

echo "== build (release)"
cargo build --release --quiet --bin roadmap --example synth --example forecast_bench
rm -rf "$WORK"
mkdir -p "$WORK"
echo "== machine"
echo "cores: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "roadmap: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"

"$TARGET/release/examples/synth" --tasks "$TASKS" --seed "$SEED" --out "$WORK/plan"
# Every task with a duration varies: 20% shorter to 50% longer.
echo 'uncertainty: -20%..+50%' >> "$WORK/plan/roadmap.yaml"

echo "== time ($TASKS tasks, $TRIALS trials)"
"$TARGET/release/examples/forecast_bench" "$WORK/plan/roadmap.yaml" "$TODAY" "$TRIALS"

echo "== peak memory of roadmap forecast"
for n in $MEM_TRIALS; do
  /usr/bin/time -v "$TARGET/release/roadmap" forecast "$WORK/plan/roadmap.yaml" \
    --today "$TODAY" --trials "$n" --format json >/dev/null 2>"$WORK/time-$n"
  kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$WORK/time-$n")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/time-$n")
  echo "trials $n: peak $((kb / 1024)) MB, wall $wall"
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
