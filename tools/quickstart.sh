#!/usr/bin/env bash
# README command 1: install what is missing, build wattfleet (Release) and run
# the built-in default scenario, writing quickstart.h5 in the project folder.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build_release.sh --target wattfleet  # the first time also trains its PGO profiles
build/release/tools/wattfleet run scenarios/quickstart.yaml -o quickstart.h5 "$@"
