#!/usr/bin/env bash
# Whole-year runs of the brief's sites on one core (Release build), the median of N runs
# (default 5): the year itself (`economics=null`) and, where the scenario appraises its
# storage, the run with its appraisal (the life simulated year by year, with and without
# the storage).
# usage: tools/bench/brief_sites.sh [N]   (WATTFLEET=path/to/wattfleet: another build)
set -euo pipefail
. "$(dirname "$0")/common.sh"
n=${1:-5}

median() {  # label, scenario, then wattfleet arguments
  local label=$1 scenario=$2; shift 2
  for _ in $(seq "$n"); do
    "${pin[@]}" /usr/bin/time -f "%e %M" -o "$out/t" "$bin" run "$scenario" -o "$out/r.h5" --quiet "$@"
    cat "$out/t"
  done | sort -n | awk -v l="$label" -v n="$n" '
    { s[NR] = $1; if ($2 > kb) kb = $2 }
    END { printf "| %s | %.2f | %.0f |\n", l, s[int((n + 1) / 2)], kb / 1024 }'
}

echo "| run (one core, median of $n) | s | peak RSS MB |"
echo "|---|---:|---:|"
for s in berlin_vfx frankfurt_finance helsinki_render norway_fjord_llm europe_fleet; do
  median "$s, the year" "scenarios/$s.yaml" --set economics=null
  if grep -q '^economics:' "scenarios/$s.yaml"; then
    median "$s, with its appraisal" "scenarios/$s.yaml"
  fi
done
# The Energy IQ scenario on the measured GPU log (../shared/data): MPC, one-minute replay.
if [ -f ../shared/data/workload/h100x8_aggregated_power_data_100stepsync.csv.gz ]; then
  median "measured/h100_training, the year" scenarios/measured/h100_training.yaml
fi
