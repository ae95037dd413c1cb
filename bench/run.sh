#!/usr/bin/env bash
# Time `roadmap check` and `roadmap critical-path` on generated plans of
# 1,000, 10,000 and 100,000 tasks, next to the parse floor (the same files
# into serde::de::IgnoredAny, one thread) and TaskJuggler, in one run; print
# the figures and the ratios. docs/performance.md explains them.
#
#   bench/run.sh                   # everything, a few minutes (tj3 time-boxed)
#   SIZES="1000 10000" bench/run.sh
#   RUNS=3 TJ_TIMEOUT=60 bench/run.sh
#   BASELINE=/path/to/older/roadmap bench/run.sh   # also time an older build
#
# Needs: cargo, bash 5; /usr/bin/time (Debian package `time`) for peak
# memory; hyperfine if present, for start-up (else a loop); tj3 (Debian
# package `tj3`) if present.
#
# The machine may be shared: the commands compared at one size run in turns
# (floor, check, critical-path, floor, ...), so that a burst of load elsewhere
# falls on all of them alike rather than on one command's runs.
# Not part of `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1000 10000 100000"}
RUNS=${RUNS:-5}                 # timed runs per command and size
SEED=${SEED:-1}
TJ_TIMEOUT=${TJ_TIMEOUT:-300}   # seconds TaskJuggler may take per size
WORK=${WORK:-${TMPDIR:-/tmp}/roadmap-bench}
TARGET=${CARGO_TARGET_DIR:-target}
# The as-of date of every schedule: the generated plans' first day, so the
# figures do not move with the clock (a later date turns work not done into
# tens of thousands of due-date warnings, which is another workload).
export ROADMAP_TODAY=${ROADMAP_TODAY:-2026-01-05}

echo "== build (release)"
cargo build --release --quiet --bin roadmap --example synth --example parse_floor
BIN=$TARGET/release/roadmap
SYNTH=$TARGET/release/examples/synth
FLOOR=$TARGET/release/examples/parse_floor

rm -rf "$WORK"
mkdir -p "$WORK"

echo "== machine"
echo "cores: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}'); load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "roadmap: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"

have() { command -v "$1" >/dev/null 2>&1; }
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "note: /usr/bin/time missing (apt-get install time): no peak memory"; TIME=; }

# Wall time in seconds of one run of a command.
once() {
  local t0=$EPOCHREALTIME
  "$@" >/dev/null 2>&1 || true
  awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.4f", b - a }'
}

# The median of the numbers on standard input.
med() { sort -g | awk '{a[NR] = $1} END {printf "%.4f", a[int((NR + 1) / 2)]}'; }

# Median wall time in seconds of a command, over RUNS runs after one warm-up.
median() {
  if have hyperfine; then
    local csv="$WORK/hf.csv"
    hyperfine --shell=none --warmup 1 --runs "$RUNS" --ignore-failure \
      --export-csv "$csv" --style none "$*" >/dev/null 2>&1
    awk -F, 'NR == 2 {printf "%.4f", $4}' "$csv"
  else
    "$@" >/dev/null 2>&1 || true
    for _ in $(seq "$RUNS"); do once "$@"; echo; done | med
  fi
}

# Peak resident memory in MB of one run.
peak() {
  if [ -n "$TIME" ]; then
    "$TIME" -f '%M' -o "$WORK/mem" "$@" >/dev/null 2>&1 || true
    awk '{printf "%.0f", $1 / 1024}' "$WORK/mem"
  else
    echo "-"
  fi
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
ms() { awk -v a="$1" 'BEGIN { printf "%.1f", a * 1000 }'; }

echo "== plans"
"$SYNTH" --tasks 50 --seed "$SEED" --out "$WORK/plan-50" 2>&1
for n in $SIZES; do
  "$SYNTH" --tasks "$n" --seed "$SEED" --out "$WORK/plan-$n" 2>&1
  "$BIN" check "$WORK/plan-$n/roadmap.yaml" >/dev/null ||
    { echo "roadmap check finds problems in the generated plan of $n tasks" >&2; exit 1; }
done

echo "== timing (median of $RUNS runs in turns, after a warm-up)"
declare -A LIST_T SET_T FLOOR_T CHECK_T CP_T CHECK_M CP_M FILES MB TJ_T BASE_CHECK_T BASE_CP_T BASE_CHECK_M
for n in $SIZES; do
  dir=$WORK/plan-$n
  FILES[$n]=$(find "$dir" -name '*.yaml' | wc -l)
  MB[$n]=$(find "$dir" -name '*.yaml' -print0 | du -cb --files0-from=- | awk 'END {printf "%.1f", $1 / 1e6}')
  # `set` edits one task of the plan (the same value every run after the
  # first: the whole load, splice, check and atomic write all the same).
  cmds=("$FLOOR $dir" "$BIN check $dir/roadmap.yaml" "$BIN critical-path $dir/roadmap.yaml"
        "$BIN set s0-t1 priority=P1 $dir/roadmap.yaml"
        "$BIN list --format json $dir/roadmap.yaml")
  [ -n "${BASELINE:-}" ] && cmds+=("$BASELINE check $dir/roadmap.yaml" "$BASELINE critical-path $dir/roadmap.yaml")
  for c in "${cmds[@]}"; do once $c >/dev/null; done   # warm-up
  declare -a times=()
  for _ in $(seq "$RUNS"); do
    for i in "${!cmds[@]}"; do times[i]+="$(once ${cmds[i]}) "; done
  done
  FLOOR_T[$n]=$(printf '%s\n' ${times[0]} | med)
  CHECK_T[$n]=$(printf '%s\n' ${times[1]} | med)
  CP_T[$n]=$(printf '%s\n' ${times[2]} | med)
  SET_T[$n]=$(printf '%s\n' ${times[3]} | med)
  LIST_T[$n]=$(printf '%s\n' ${times[4]} | med)
  CHECK_M[$n]=$(peak "$BIN" check "$dir/roadmap.yaml")
  CP_M[$n]=$(peak "$BIN" critical-path "$dir/roadmap.yaml")
  echo "  $n tasks: floor ${FLOOR_T[$n]} s, check ${CHECK_T[$n]} s, critical-path ${CP_T[$n]} s, set ${SET_T[$n]} s (set / check $(ratio "${SET_T[$n]}" "${CHECK_T[$n]}")), list ${LIST_T[$n]} s (list / floor $(ratio "${LIST_T[$n]}" "${FLOOR_T[$n]}"))"
  if [ -n "${BASELINE:-}" ]; then
    BASE_CHECK_T[$n]=$(printf '%s\n' ${times[5]} | med)
    BASE_CP_T[$n]=$(printf '%s\n' ${times[6]} | med)
    BASE_CHECK_M[$n]=$(peak "$BASELINE" check "$dir/roadmap.yaml")
    echo "  $n tasks, baseline: check ${BASE_CHECK_T[$n]} s, critical-path ${BASE_CP_T[$n]} s"
  fi
  unset times
done
STARTUP=$(RUNS=$((RUNS * 4)) median "$BIN" check "$WORK/plan-50/roadmap.yaml")

echo "== TaskJuggler (each size time-boxed to $TJ_TIMEOUT s; stops at the first that does not finish)"
TJ_LAST=
if have tj3; then
  echo "  $(tj3 --version 2>/dev/null | head -1)"
  for n in $SIZES; do
    out=$WORK/tj-$n
    mkdir -p "$out"
    t0=$(date +%s.%N)
    if timeout "$TJ_TIMEOUT" tj3 --silent --no-color -o "$out" "$WORK/plan-$n/synth.tjp" >"$out/log" 2>&1; then
      t1=$(date +%s.%N)
      TJ_T[$n]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
      TJ_LAST=$n
      ours=$("$BIN" critical-path --format json "$WORK/plan-$n/roadmap.yaml" | grep -m1 '"finish"' | tr -dc '0-9-')
      theirs=$(grep '"launch"' "$out/synth-finish.csv" | cut -d';' -f3 | tr -dc '0-9-')
      same=$([ "$ours" = "$theirs" ] && echo "same finish date, $ours" || echo "finish dates differ: roadmap $ours, tj3 $theirs")
      echo "  $n tasks: ${TJ_T[$n]} s ($same)"
    else
      echo "  $n tasks: did not finish within $TJ_TIMEOUT s (or failed: $out/log)"
      break
    fi
  done
else
  echo "  tj3 not installed (apt-get install tj3): skipped"
fi

echo
echo "== results ($(date -u +%Y-%m-%d); load at end: $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "| tasks | files | MB | parse floor | check | critical-path | check / floor | critical-path / floor | peak MB check | peak MB critical-path | tj3 |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $SIZES; do
  tj=-
  [ -n "${TJ_T[$n]:-}" ] && tj="$(ms "${TJ_T[$n]}") ms"
  echo "| $n | ${FILES[$n]} | ${MB[$n]} | $(ms "${FLOOR_T[$n]}") ms | $(ms "${CHECK_T[$n]}") ms | $(ms "${CP_T[$n]}") ms | $(ratio "${CHECK_T[$n]}" "${FLOOR_T[$n]}") | $(ratio "${CP_T[$n]}" "${FLOOR_T[$n]}") | ${CHECK_M[$n]} | ${CP_M[$n]} | $tj |"
done
echo
echo "startup: roadmap check on a 50-task plan: $(ms "$STARTUP") ms"
prev=
for n in $SIZES; do
  if [ -n "$prev" ]; then
    echo "growth $prev -> $n tasks: check x$(ratio "${CHECK_T[$n]}" "${CHECK_T[$prev]}"), critical-path x$(ratio "${CP_T[$n]}" "${CP_T[$prev]}"), floor x$(ratio "${FLOOR_T[$n]}" "${FLOOR_T[$prev]}")"
  fi
  prev=$n
done
if [ -n "${BASELINE:-}" ]; then
  echo
  echo "baseline ($BASELINE) against this build:"
  echo
  echo "| tasks | check, baseline | check | speed-up | critical-path, baseline | critical-path | speed-up | peak MB check, baseline | peak MB check |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for n in $SIZES; do
    echo "| $n | $(ms "${BASE_CHECK_T[$n]}") ms | $(ms "${CHECK_T[$n]}") ms | x$(ratio "${BASE_CHECK_T[$n]}" "${CHECK_T[$n]}") | $(ms "${BASE_CP_T[$n]}") ms | $(ms "${CP_T[$n]}") ms | x$(ratio "${BASE_CP_T[$n]}" "${CP_T[$n]}") | ${BASE_CHECK_M[$n]} | ${CHECK_M[$n]} |"
  done
  echo
fi
if [ -n "$TJ_LAST" ]; then
  echo "tj3 / roadmap critical-path at $TJ_LAST tasks (the largest size both finish): x$(ratio "${TJ_T[$TJ_LAST]}" "${CP_T[$TJ_LAST]}")"
fi
