#!/usr/bin/env bash
# A long fuzzing run of one target: until RUNS executions or SECONDS pass
# (default 10 million / 30 min), from the seed corpus into a working corpus
# under build/fuzz-work/TARGET (kept between runs). Crashes land in
# build/fuzz-work/TARGET/artifacts; copy each into tests/fuzz/crashers/TARGET
# once fixed. Prints the executions, the rate and the peak memory.
# usage: tests/fuzz/long_run.sh TARGET [SECONDS] [RUNS]   (after: cmake --build --preset fuzz)
set -euo pipefail
cd "$(dirname "$0")/../.."
target=$1 seconds=${2:-1800} runs=${3:-10000000}
bin=build/fuzz/tests/fuzz/fuzz_$target
work=build/fuzz-work/$target
mkdir -p "$work/corpus" "$work/artifacts"
cp -n tests/fuzz/corpus/"$target"/* "$work/corpus/" 2>/dev/null || true
cd scenarios  # the scenario corpus names traces relative to here
set +e
"../$bin" -runs="$runs" -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=30 -max_len=8192 \
  -artifact_prefix="../$work/artifacts/" -print_final_stats=1 "../$work/corpus" >"../$work/log" 2>&1
rc=$?
set -e
grep -E "stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb" "../$work/log" |
  sed "s/^/$target: /"
echo "$target: exit $rc, artifacts: $(ls "../$work/artifacts" | wc -l)"
exit $rc
