#!/usr/bin/env bash
# README command 2 (and CI): install what is missing, build with warnings as
# errors and run every test; then the unit tests again under ASan + UBSan;
# then the fuzz harnesses (clang-14): their corpora and crashers replayed and
# each fuzzed for a bounded time (WATTFLEET_FUZZ_SECONDS, 15 s each).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
/usr/bin/python3 tools/check_python_modules.py
export CTEST_PARALLEL_LEVEL=2

cmake --preset ci >/dev/null
cmake --build --preset ci -j2
ctest --preset ci

cmake --preset asan >/dev/null
cmake --build --preset asan -j2
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --preset asan

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j2
ctest --preset fuzz
