#!/usr/bin/env bash
# Scale (issue 22): wall time and peak memory of whole runs as sites and runs grow,
# Release build, one core. The 1,000-node site over 90 days, a year and 5 years shows
# whether memory follows the run's length; then 10,000 nodes, then a fleet of sites.
# usage: tools/bench/scale.sh [--fleet]   (--fleet adds 100 sites x 100 nodes over 30 days,
#        in one process and under mpirun -n 2 and -n 3: minutes)
set -euo pipefail
. "$(dirname "$0")/common.sh"

measure() {  # label, scenario, then wattfleet arguments
  local label=$1 scenario=$2; shift 2
  "${pin[@]}" /usr/bin/time -f "%e %M" -o "$out/t" "$bin" run "$scenario" -o "$out/r.h5" -q "$@"
  read -r secs kb <"$out/t"
  printf "%-48s %8.2f s %8.1f MB peak RSS %8.1f MB file\n" "$label" "$secs" \
    "$(awk -v k="$kb" 'BEGIN { print k / 1024 }')" \
    "$(awk -v b="$(stat -c %s "$out/r.h5")" 'BEGIN { print b / 1048576 }')"
}

s=tools/bench/scenarios
measure "1,000 nodes, 90 days, 15-min rows" $s/training_1000_nodes.yaml --set duration=90d
measure "1,000 nodes, 1 year, 15-min rows" $s/training_1000_nodes.yaml
measure "1,000 nodes, 5 years, 15-min rows" $s/training_1000_nodes.yaml --set duration=1825d
measure "1,000 nodes, 30 days, 1-min rows" $s/training_1000_nodes.yaml --set duration=30d \
  --set output_interval=1min
measure "10,000 nodes, 1 year, 15-min rows" $s/training_10000_nodes.yaml
if [ "${1:-}" = "--fleet" ]; then
  tools/bench/make_fleet.sh 100 100 30d >"$out/fleet.yaml"
  measure "fleet of 100 sites x 100 nodes, 30 days" "$out/fleet.yaml"
  if command -v mpirun >/dev/null; then  # the same fleet split over 2 and 3 processes
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    for n in 2 3; do
      /usr/bin/time -f "%e %M" -o "$out/t" mpirun --oversubscribe -n $n "$bin" run "$out/fleet.yaml" \
        -o "$out/r$n.h5" -q
      read -r secs kb <"$out/t"
      printf "%-48s %8.2f s %8.1f MB peak RSS (mpirun)\n" "the same fleet, mpirun -n $n" "$secs" \
        "$(awk -v k="$kb" 'BEGIN { print k / 1024 }')"
    done
  fi
fi
