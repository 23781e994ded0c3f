#!/usr/bin/env bash
# Runs `wattfleet run` (or COMMAND) on a bad scenario and checks the contract for bad
# input: exit code 2, one message naming file, line and field, and no file at the
# output path.
# usage: expect_input_error.sh WATTFLEET SCENARIO REGEX [COMMAND]
set -u
wattfleet=$1 scenario=$2 pattern=$3 command=${4:-run}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$wattfleet" "$command" "$scenario" -o "$out/result.h5" --quiet 2>"$out/stderr"
code=$?
msg=$(cat "$out/stderr")
echo "exit code $code; stderr: $msg"
[ "$code" -eq 2 ] || { echo "FAIL: expected exit code 2"; exit 1; }
[ "$(wc -l <"$out/stderr")" -eq 1 ] || { echo "FAIL: expected exactly one line of error"; exit 1; }
grep -Eq -- "$pattern" <<<"$msg" || { echo "FAIL: message does not match: $pattern"; exit 1; }
if ls "$out"/result.h5* >/dev/null 2>&1; then echo "FAIL: output left behind: $(ls "$out")"; exit 1; fi
echo PASS
