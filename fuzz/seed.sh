#!/bin/sh
# Fill fuzz/corpus/check with the seed plans and the test fixtures (the
# corpus itself is not committed: it grows while the fuzzer runs).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
corpus="$here/corpus/check"
mkdir -p "$corpus"
find "$here/../plans" "$here/../tests/fixtures" -type f \( -name '*.yaml' -o -name '*.yml' \) |
while read -r f; do
    # Name each seed by its content, as libFuzzer does, so reruns add nothing.
    cp "$f" "$corpus/seed-$(sha1sum "$f" | cut -c1-16)"
done
echo "$(ls "$corpus" | wc -l) files in $corpus"
