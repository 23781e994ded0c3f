#!/usr/bin/env bash
# A wattfleet copied without libwattfleet_mpi.so and started by mpirun stops with one
# clear line and exit code 2, and writes nothing. usage: mpi_plugin_missing.sh MPIEXEC WATTFLEET SCENARIO
set -u
. "$(dirname "$0")/mpi_test_env.sh"
cp "$wattfleet" "$out/wattfleet"
"$mpiexec" -n 1 "$out/wattfleet" run "$scenario" -o "$out/r.h5" -q 2>"$out/err"
code=$?
[ "$code" = 2 ] || { echo "FAIL: exit $code, expected 2"; cat "$out/err"; exit 1; }
grep -q "wattfleet: error: .*libwattfleet_mpi.so: started by mpirun, but the MPI plugin does not load" \
  "$out/err" || { echo "FAIL: message"; cat "$out/err"; exit 1; }
[ ! -e "$out/r.h5" ] || { echo "FAIL: a result was written"; exit 1; }
echo PASS
