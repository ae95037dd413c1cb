#!/usr/bin/env bash
# `roadmap diff` of two sides of N buckets and N tasks, against `roadmap
# check` of both sides in one run: the target of issue 14 is diff at most 3x
# check. docs/performance.md has the figure.
#
#   bench/diff.sh                 # N=40000, RUNS=5
#   N=12000 RUNS=3 bench/diff.sh
#   BASELINE=/path/to/older/roadmap bench/diff.sh   # also time an older build
#
# Every task is in a bucket of its own (the shape that made diff quadratic:
# items x buckets) and every other task waits for the one before it; the
# new side makes the first task a week longer. Not part of `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-40000}
RUNS=${RUNS:-5}
WORK=${WORK:-${TMPDIR:-/tmp}/roadmap-bench-diff}
TARGET=${CARGO_TARGET_DIR:-target}

echo "== build (release)"
cargo build --release --quiet --bin roadmap
BIN=$TARGET/release/roadmap
mkdir -p "$WORK"

side() {
  awk -v n="$N" -v first="$1" 'BEGIN {
    print "title: Wide"; print "start: 2026-01-05"; print "buckets:"
    for (i = 0; i < n; i++) printf "  - {id: b%d, name: Bucket %d}\n", i, i
    print "streams:"; print "  - id: s"; print "    tasks:"
    for (i = 0; i < n; i++) {
      after = (i > 0 && i % 2 == 0) ? sprintf(", after: [t%d]", i - 1) : ""
      printf "      - {id: t%d, name: Task %d, duration: %dd, bucket: b%d%s}\n", i, i, (i == 0 ? first : 1), i, after
    }
  }'
}
side 5 >"$WORK/old.yaml"
side 10 >"$WORK/new.yaml"

echo "== machine"
echo "cores: $(nproc); load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "roadmap: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"

once() {
  local t0=$EPOCHREALTIME
  "$@" >/dev/null 2>&1 || true
  awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.4f", b - a }'
}
med() { sort -g | awk '{a[NR] = $1} END {printf "%.4f", a[int((NR + 1) / 2)]}'; }

cmds=("$BIN check $WORK/old.yaml $WORK/new.yaml" "$BIN diff $WORK/old.yaml $WORK/new.yaml")
[ -n "${BASELINE:-}" ] && cmds+=("$BASELINE diff $WORK/old.yaml $WORK/new.yaml")
for c in "${cmds[@]}"; do once $c >/dev/null; done   # warm-up
declare -a times=()
for _ in $(seq "$RUNS"); do
  for i in "${!cmds[@]}"; do times[i]+="$(once ${cmds[i]}) "; done
done
CHECK=$(printf '%s\n' ${times[0]} | med)
DIFF=$(printf '%s\n' ${times[1]} | med)
echo "== $N buckets and $N tasks a side, median of $RUNS runs in turns"
echo "check of both sides: $CHECK s"
echo "diff:                $DIFF s"
echo "diff / check:        $(awk -v a="$DIFF" -v b="$CHECK" 'BEGIN { printf "%.2f", a / b }') (target: at most 3)"
if [ -n "${BASELINE:-}" ]; then
  echo "diff, baseline:      $(printf '%s\n' ${times[2]} | med) s"
fi
