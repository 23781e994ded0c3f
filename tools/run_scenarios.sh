#!/usr/bin/env bash
# Runs every shipped scenario (scenarios/*.yaml, scenarios/reference/*.yaml,
# scenarios/measured/*.yaml: the last two read ../shared/data) into
# OUT_DIR/<name>.h5 with the given wattfleet binary: the material of
# tools/compare_results.py --dirs when a change must leave results bit-identical.
# usage: tools/run_scenarios.sh OUT_DIR [WATTFLEET_BINARY]   (default: build/release/tools/wattfleet)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: tools/run_scenarios.sh OUT_DIR [WATTFLEET_BINARY]}
bin=${2:-build/release/tools/wattfleet}
mkdir -p "$out"
list=(scenarios/*.yaml)
if [ -d ../shared/data ]; then
  list+=(scenarios/reference/*.yaml scenarios/measured/*.yaml)
else
  echo "(../shared/data absent: scenarios/reference and scenarios/measured skipped)"
fi
failed=0
for s in "${list[@]}"; do
  n=$(basename "$s" .yaml)
  rm -f "$out/$n.h5"
  start=$(date +%s%N)
  # A binary from before a scenario's fields (a baseline) refuses it: say so and go on.
  if ! "$bin" run "$s" -o "$out/$n.h5" --quiet; then
    echo "$n: FAILED (see above)" >&2
    failed=1
    continue
  fi
  ms=$((($(date +%s%N) - start) / 1000000))
  printf '%-22s %4d.%03d s\n' "$n" $((ms / 1000)) $((ms % 1000))
done
exit $failed
