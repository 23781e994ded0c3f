#!/usr/bin/env bash
# Fuzzes a target for a bounded time from a scratch copy of its seed corpus
# (the repository's corpus is not grown by CI), with a fixed seed so CI runs
# the sequence a developer ran before; a crash fails the test and
# leaves the input under the scratch folder, named in the output.
# usage: fuzz_for.sh TARGET CORPUS_DIR SECONDS
set -euo pipefail
target=$1 corpus=$2 seconds=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/artifacts"
cp -r "$corpus"/. "$work/corpus/" 2>/dev/null || true
set +e
"$target" -seed=1 -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=30 -max_len=8192 \
  -artifact_prefix="$work/artifacts/" -print_final_stats=1 "$work/corpus" >"$work/log" 2>&1
rc=$?
set -e
grep -E "stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs" "$work/log" || true
if [ $rc -ne 0 ]; then
  tail -60 "$work/log"
  for f in "$work"/artifacts/*; do
    [ -f "$f" ] && { echo "crasher $(basename "$f") (base64):"; base64 -w0 "$f"; echo; }
  done
  exit $rc
fi
