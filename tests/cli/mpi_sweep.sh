#!/usr/bin/env bash
# `mpirun -n 3 wattfleet size` gives the same rows, byte for byte, as one process on
# one thread. usage: mpi_sweep.sh MPIEXEC WATTFLEET SCENARIO
set -eu
. "$(dirname "$0")/mpi_test_env.sh"
args=(size "$scenario" --set economics.years=1 --set output_interval=1h
      --capacity 100kWh,150kWh,200kWh --power 50kW,100kW -q)
"$wattfleet" "${args[@]}" -j 1 -o "$out/threads.h5"
"$mpiexec" --oversubscribe -n 3 "$wattfleet" "${args[@]}" -o "$out/mpi.h5"
ls "$out"/*.journal* >/dev/null 2>&1 && { echo "FAIL: journals left: $(ls "$out")"; exit 1; }
/usr/bin/python3 - "$out/threads.h5" "$out/mpi.h5" <<'PY'
import sys, h5py, numpy as np
a, b = (h5py.File(p, "r")["configurations"] for p in sys.argv[1:])
assert sorted(a) == sorted(b), (sorted(a), sorted(b))
differ = [k for k in a if np.asarray(a[k][()]).tobytes() != np.asarray(b[k][()]).tobytes()]
assert len(a["npv_p50"]) == 6, len(a["npv_p50"])
assert not differ, f"columns differ: {differ}"
print("PASS: 6 rows, every column byte-identical")
PY
