#!/usr/bin/env bash
# Clp is opened at run time (models/ems/clp_model.hpp): a scenario with an LP controller
# and no loadable Clp stops before its run with one line naming the controller and exit
# code 2, writing nothing; WATTFLEET_CLP naming the library loads it.
# usage: clp_missing.sh WATTFLEET SCENARIO
set -u
wattfleet=$1 scenario=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
WATTFLEET_CLP=/nonexistent/libClp.so.1 "$wattfleet" run "$scenario" -o "$out/r.h5" -q 2>"$out/err"
code=$?
[ "$code" = 2 ] || { echo "FAIL: exit $code, expected 2"; cat "$out/err"; exit 1; }
grep -q "'mpc' plans with an LP solver: COIN-OR Clp .* does not load: /nonexistent/libClp.so.1" \
  "$out/err" || { echo "FAIL: message"; cat "$out/err"; exit 1; }
grep -q "$(basename "$scenario"):[0-9]" "$out/err" || { echo "FAIL: no scenario line"; cat "$out/err"; exit 1; }
[ ! -e "$out/r.h5" ] || { echo "FAIL: a result was written"; exit 1; }
WATTFLEET_CLP=libClp.so.1 "$wattfleet" validate "$scenario" >"$out/ok" 2>&1 ||
  { echo "FAIL: WATTFLEET_CLP=libClp.so.1 does not load"; cat "$out/ok"; exit 1; }
echo PASS
