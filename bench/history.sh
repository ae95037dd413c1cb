#!/usr/bin/env bash
# Time `roadmap history` over generated git histories, next to what it
# replaces: for each revision, `git show` of the file the commit changed and
# `roadmap status --format json` on the plan as of that commit's date. One
# run, so the ratios are between figures measured together.
#
#   bench/history.sh                        # 1,000-task plan in 50 files; 1,000 and 2,000 commits
#   RUNS=3 bench/history.sh
#   TASKS=1000 FILES=50 COMMITS="500 1000" bench/history.sh
#
# The first size of COMMITS is the one the per-revision baseline runs on
# (it takes about a minute at 1,000 commits). Needs cargo, git, bash 5.
# docs/performance.md explains the figures. Not part of `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."

TASKS=${TASKS:-1000}
FILES=${FILES:-50}
COMMITS=${COMMITS:-"1000 2000"}
RUNS=${RUNS:-5}          # timed runs of `history` per size (median)
SEED=${SEED:-1}
WORK=${WORK:-${TMPDIR:-/tmp}/roadmap-bench-history}
TARGET=${CARGO_TARGET_DIR:-target}
export ROADMAP_TODAY=${ROADMAP_TODAY:-2026-12-01}

echo "== build (release)"
cargo build --release --quiet --bin roadmap --example history_repo
BIN=$(realpath "$TARGET/release/roadmap")
GEN=$(realpath "$TARGET/release/examples/history_repo")

rm -rf "$WORK"
mkdir -p "$WORK"
echo "== machine"
echo "cores: $(nproc); load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "roadmap: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"

# Seconds since the epoch, with microseconds.
now() { echo "$EPOCHREALTIME"; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
med() { sort -g | awk '{a[NR] = $1} END {printf "%.3f", a[int((NR + 1) / 2)]}'; }

echo "== repositories ($TASKS tasks in $FILES fragment files and a root)"
for n in $COMMITS; do
  dir=$WORK/repo-$n
  git init -q -b main "$dir"
  "$GEN" --tasks "$TASKS" --files "$FILES" --commits "$n" --seed "$SEED" | git -C "$dir" fast-import --quiet
  git -C "$dir" reset -q --hard main
  echo "$n commits: $(git -C "$dir" rev-list --count HEAD) in git, $(find "$dir/plan" -name '*.yaml' | wc -l) plan files"
done

# One run of `roadmap history` over the repository of $1 commits.
history_once() {
  local t0 t1
  t0=$(now)
  (cd "$WORK/repo-$1" && "$BIN" history plan/roadmap.yaml --format json >"$WORK/history-$1.json")
  t1=$(now)
  secs "$t0" "$t1"
}

# The per-revision baseline: a working copy of the plan kept up to date with
# one `git show` per commit (each commit changes one file), and `roadmap
# status --format json` as of the commit's date.
baseline_once() {
  local dir=$WORK/repo-$1 copy=$WORK/copy t0 t1 rev date path first=1
  rm -rf "$copy"
  mkdir -p "$copy"
  t0=$(now)
  while read -r rev date path; do
    if [ "$first" = 1 ]; then
      git -C "$dir" archive "$rev" plan | tar -x -C "$copy"
      first=0
    else
      git -C "$dir" show "$rev:$path" >"$copy/$path"
    fi
    "$BIN" status "$copy/plan/roadmap.yaml" --format json --today "$date" >/dev/null || true
  done < <(git -C "$dir" log --first-parent --reverse --format='%H %cs' --name-only -- plan |
    awk 'NF == 2 { rev = $1; date = $2; next } NF == 1 && rev != "" { print rev, date, $1; rev = "" }
         END { }')
  t1=$(now)
  secs "$t0" "$t1"
}

set -- $COMMITS
FIRST=$1
echo "== history, $RUNS runs per size, sizes in turns"
for n in $COMMITS; do history_once "$n" >/dev/null; done   # warm-up
declare -A times
for _ in $(seq "$RUNS"); do
  for n in $COMMITS; do times[$n]+="$(history_once "$n") "; done
done
for n in $COMMITS; do
  m=$(echo "${times[$n]}" | tr ' ' '\n' | grep . | med)
  times[$n]=$m
  revs=$(grep -c '"commit"' "$WORK/history-$n.json" || true)
  parsed=$(grep -o '"files_parsed": [0-9]*' "$WORK/history-$n.json" | grep -o '[0-9]*$')
  reused=$(grep -o '"files_reused": [0-9]*' "$WORK/history-$n.json" | grep -o '[0-9]*$')
  echo "history, $n commits: ${m} s ($revs revisions; files parsed $parsed, reused $reused)"
done
echo "== baseline: git show + roadmap status per revision, $FIRST commits (one run)"
base=$(baseline_once "$FIRST")
echo "baseline, $FIRST commits: ${base} s"
echo "== ratios"
awk -v b="$base" -v h="${times[$FIRST]}" -v n="$FIRST" 'BEGIN { printf "baseline / history at %d commits: %.1fx (target: at least 20x)\n", n, b / h }'
prev=""
for n in $COMMITS; do
  if [ -n "$prev" ]; then
    awk -v a="${times[$prev]}" -v b="${times[$n]}" -v p="$prev" -v n="$n" 'BEGIN { printf "history %d / %d commits: %.2fx (target: at most 2.2x for double)\n", n, p, b / a }'
  fi
  prev=$n
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
