#!/usr/bin/env bash
# The whole-run cases of the speed issue (#18): wall time (median of N runs) and peak
# memory of whole `wattfleet` processes, Release build, one core (taskset).
# usage: tools/bench/speed.sh [reps]   (default 5; the reference cases need ../shared/data)
#        WATTFLEET=path/to/wattfleet tools/bench/speed.sh   (another build, e.g. the one before a change)
#        BEFORE=path/to/old/wattfleet tools/bench/speed.sh  (old and this build in turn, run by run:
#          this VM's speed drifts by up to 30 % over minutes, so back-to-back tables mislead)
#        SPEED_LONG=1 adds the quickstart at 1-s rows (a quarter of a minute a run)
set -euo pipefail
. "$(dirname "$0")/common.sh"
reps=${1:-5}
before=${BEFORE:-}
[ -z "$before" ] || [ -x "$before" ] || { echo "BEFORE=$before is not an executable" >&2; exit 2; }

median() {  # file of "seconds KB" lines -> "median-seconds peak-MB"
  sort -n "$1" | awk -v n="$reps" '{ s[NR] = $1; if ($2 > kb) kb = $2 }
    END { printf "%.2f %.1f", (n % 2) ? s[(n + 1) / 2] : (s[n / 2] + s[n / 2 + 1]) / 2, kb / 1024 }'
}

measure() {  # label, target (s), then wattfleet arguments
  local label=$1 target=$2; shift 2
  : >"$out/times"
  : >"$out/times_before"
  for _ in $(seq "$reps"); do
    if [ -n "$before" ]; then
      "${pin[@]}" /usr/bin/time -f "%e %M" -o "$out/t" "$before" "$@" >/dev/null
      cat "$out/t" >>"$out/times_before"
    fi
    "${pin[@]}" /usr/bin/time -f "%e %M" -o "$out/t" "$bin" "$@" >/dev/null
    cat "$out/t" >>"$out/times"
  done
  read -r s mb <<<"$(median "$out/times")"
  if [ -n "$before" ]; then
    read -r bs bmb <<<"$(median "$out/times_before")"
    printf "%-52s %7s s %7s MB  -> %7s s %7s MB   target %s\n" "$label" "$bs" "$bmb" "$s" "$mb" "$target"
  else
    printf "%-52s %7s s %7s MB   target %s\n" "$label" "$s" "$mb" "$target"
  fi
}

if [ -n "$before" ]; then
  printf "%-52s %20s     %20s\n" "case (median of $reps, one core)" "before: wall, RSS" "after: wall, RSS"
else
  printf "%-52s %9s %10s\n" "case (median of $reps, one core)" "wall" "peak RSS"
fi
if [ -d ../shared/data/reference ]; then
  measure "BAT-A year (2 x 1-min gz traces, cabinet, 15-min rows)" "<= 0.25 s, <= 60 MB" \
    run scenarios/reference/bat_a.yaml -o "$out/r.h5" -q
  measure "PV-A year, PV chain at 1 min, hourly rows" "<= 0.15 s" \
    run scenarios/reference/pv_a.yaml -o "$out/r.h5" -q
  measure "microgrid year, 1-min traces and 1-min rows (BAT-A)" "<= 0.2 s" \
    run scenarios/reference/bat_a.yaml -o "$out/r.h5" -q --set output_interval=1min
  # The same with the simple energy-reservoir battery in place of the cabinet: how much
  # of the microgrid's time is the cabinet model (little) and how much the rest.
  measure "microgrid as above, energy-reservoir battery" "-" \
    run scenarios/reference/bat_a.yaml -o "$out/r.h5" -q --set output_interval=1min \
    --set sites.fleet.devices.cabinet=null --set 'sites.fleet.devices.battery={type: battery,
      connect: bus, capacity: 200 kWh, max_charge_power: 100 kW, max_discharge_power: 100 kW}'
  measure "validate BAT-A (reads the two traces)" "-" validate scenarios/reference/bat_a.yaml
else
  echo "(../shared/data absent: the BAT-A and PV-A cases are skipped)"
fi
measure "quickstart year (with its 15-year life)" "<= 0.25 s" \
  run scenarios/quickstart.yaml -o "$out/r.h5" -q
# The year alone, as when the target was set (before lifetimes): economics dropped.
sed -e '/^economics:/,$d' -e "s#\.\./data/#$PWD/data/#" scenarios/quickstart.yaml \
  >"$out/quickstart_year.yaml"
measure "quickstart year without economics (no baseline, no life)" "<= 0.25 s" \
  run "$out/quickstart_year.yaml" -o "$out/r.h5" -q
if [ "${SPEED_LONG:-0}" = 1 ]; then
  measure "quickstart year at 1-s rows" "<= 10 s, <= 60 MB" \
    run scenarios/quickstart.yaml -o "$out/r.h5" -q --set output_interval=1s
fi
