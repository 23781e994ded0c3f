#!/usr/bin/env bash
# Wall time and peak memory of whole `wattfleet run` invocations (Release build).
# usage: tools/bench/whole_run.sh [--long]   (--long adds the one-year run at 1 s output)
set -euo pipefail
. "$(dirname "$0")/common.sh"

measure() {  # label, then wattfleet arguments (the scenario defaults to the quickstart)
  local label=$1; shift
  local scenario=scenarios/quickstart.yaml
  case "${1:-}" in *.yaml) scenario=$1; shift ;; esac
  /usr/bin/time -f "%e %M" -o "$out/t" "$bin" run "$scenario" -o "$out/r.h5" --quiet "$@"
  read -r secs kb <"$out/t"
  awk -v l="$label" -v s="$secs" -v kb="$kb" -v b="$(stat -c %s "$out/r.h5")" \
    'BEGIN { printf "%-44s %8.2f s %8.1f MB peak RSS %8.1f MB file\n", l, s, kb / 1024, b / 1048576 }'
}

measure "quickstart, 1 year, 15-min rows"
measure "quickstart, 1 year, 1-min rows" --set output_interval=1min
measure "quickstart, 1 year, 1-min rows, no battery" --set output_interval=1min --set sites.berlin.controller.type=idle
measure "berlin_vfx (cabinet, DE tariff, appraisal), 1 year" scenarios/berlin_vfx.yaml
measure "berlin_vfx, hourly MPC with 48 h horizon, 1 year" scenarios/berlin_vfx.yaml \
  --set 'sites.berlin.controller={type: mpc, step: 1h, horizon: 48h}'
measure "europe_fleet (4 sites, job shifting), 1 year" scenarios/europe_fleet.yaml
if [ "${1:-}" = "--long" ]; then
  measure "quickstart, 1 year, 1-s rows" --set output_interval=1s
fi
