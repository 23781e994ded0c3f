#!/usr/bin/env bash
# Wall times of `wattfleet size` (Release build): one configuration's 15-year life,
# the speed-up from one to two threads and processes, and optionally the
# 64-configuration sweep. Each timing is repeated (interleaved) and its median and
# fastest printed: a shared virtual machine's timings vary by tens of percent.
# usage: tools/bench/sizing.sh [--sweep] [repetitions, default 5]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$PWD/build/release/tools/wattfleet
[ -x "$bin" ] || { echo "build first: tools/build_release.sh" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
sweep=0
[ "${1:-}" = "--sweep" ] && { sweep=1; shift; }
reps=${1:-5}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
scenario=scenarios/berlin_vfx.yaml
one=(size "$scenario" --capacity 215kWh --power 100kW -q)
# 16 configurations and the baseline: 17 lives, enough to keep two workers busy to the end.
many=(size "$scenario" --capacity 215kWh:860kWh:215kWh --power 25kW,50kW,100kW,200kW
  --set economics.years=3 -q)
mpi=()
command -v mpirun >/dev/null && mpi=(mpirun --oversubscribe)
[ "$(id -u)" = 0 ] && [ ${#mpi[@]} -gt 0 ] && mpi+=(--allow-run-as-root)

time_of() {  # label, command...: appends the wall time to $out/<label>
  local label=$1; shift
  /usr/bin/time -f "%e" -o "$out/t" "$@" -o "$out/size.h5" >/dev/null
  cat "$out/t" >>"$out/$label"
}
stats() {  # label: "median fastest" of its timings
  sort -n "$out/$1" | awk '{ v[NR] = $1 } END { printf "%.2f %.2f\n", v[int((NR + 1) / 2)], v[1] }'
}

for ((r = 0; r < reps; ++r)); do
  time_of one_j2 "$bin" "${one[@]}" -j2
  time_of many_j1 "$bin" "${many[@]}" -j1
  time_of many_j2 "$bin" "${many[@]}" -j2
  if [ ${#mpi[@]} -gt 0 ]; then
    time_of many_n1 "${mpi[@]}" -n 1 "$bin" "${many[@]}"
    time_of many_n2 "${mpi[@]}" -n 2 "$bin" "${many[@]}"
  fi
done

report() {  # label, description
  read -r med fast < <(stats "$1")
  printf "%-58s median %7.2f s   fastest %7.2f s\n" "$2" "$med" "$fast"
}
speedup() {  # one, two, description
  read -r m1 f1 < <(stats "$1")
  read -r m2 f2 < <(stats "$2")
  awk -v a="$m1" -v b="$m2" -v c="$f1" -v d="$f2" -v l="$3" \
    'BEGIN { printf "%-58s median %7.2fx   fastest %7.2fx\n", l, a / b, c / d }'
}
echo "$reps repetitions, $(nproc) cores"
report one_j2 "berlin_vfx, 1 configuration x 15 years (-j2)"
report many_j1 "berlin_vfx, 16 configurations x 3 years, -j1"
report many_j2 "berlin_vfx, 16 configurations x 3 years, -j2"
speedup many_j1 many_j2 "  speed-up, threads 1 -> 2"
if [ ${#mpi[@]} -gt 0 ]; then
  report many_n1 "berlin_vfx, 16 configurations x 3 years, mpirun -n 1"
  report many_n2 "berlin_vfx, 16 configurations x 3 years, mpirun -n 2"
  speedup many_n1 many_n2 "  speed-up, processes 1 -> 2"
fi
if [ "$sweep" = 1 ]; then
  time_of sweep "$bin" size "$scenario" --capacity 215kWh:1720kWh:215kWh --power 25kW:200kW:25kW -q -j2
  report sweep "berlin_vfx, 64 configurations x 15 years, -j2 (once)"
fi
