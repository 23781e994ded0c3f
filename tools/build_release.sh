#!/usr/bin/env bash
# Builds the Release wattfleet with profile-guided optimisation (GCC PGO, cmake/pgo.cmake):
# the first time, an instrumented wattfleet (build/pgo-train) runs the shipped scenarios
# (scenarios/*.yaml, which need nothing outside the project) and leaves its profiles in
# build/pgo-profile; the release preset compiles with them. Same results, 3 to 8 % less
# time a run (issue 18). Later calls reuse the profiles (a source changed since loses
# its own, GCC warns "coverage mismatch"); a different compiler version trains again.
# usage: tools/build_release.sh [--retrain] [cmake --build arguments, e.g. --target wattfleet]
#        WATTFLEET_PGO=OFF tools/build_release.sh   (a plain Release build, no training)
set -euo pipefail
cd "$(dirname "$0")/.."
profile=$PWD/build/pgo-profile
retrain=0
args=()
for a in "$@"; do
  if [ "$a" = --retrain ]; then retrain=1; else args+=("$a"); fi
done

case "${WATTFLEET_PGO:-use}" in
  [Oo][Ff][Ff] | 0 | [Nn][Oo] | [Ff][Aa][Ll][Ss][Ee])
    [ $retrain = 0 ] || echo "WATTFLEET_PGO=OFF: --retrain ignored" >&2
    cmake --preset release -DWATTFLEET_PGO=OFF >/dev/null
    exec cmake --build --preset release -j2 "${args[@]}"
    ;;
esac

compiler="$("${CXX:-c++}" -dumpfullversion 2>/dev/null || echo unknown)"
if [ $retrain = 1 ] || ! grep -qxF "compiler $compiler" "$profile/trained" 2>/dev/null; then
  echo "PGO: building an instrumented wattfleet and training it on scenarios/*.yaml"
  # Trained into a fresh folder: the old profiles stay in use until the new ones are whole.
  fresh=$profile.new
  rm -rf "$fresh"
  # The release preset's settings, so that both builds compile every function alike
  # (else GCC finds that the profiles do not match).
  cmake --preset release -B build/pgo-train -DWATTFLEET_PGO=generate \
    -DWATTFLEET_PGO_DIR="$fresh" >/dev/null
  cmake --build build/pgo-train --target wattfleet -j2
  for s in scenarios/*.yaml; do
    build/pgo-train/tools/wattfleet run "$s" -o build/pgo-train/training.h5 --quiet
  done
  rm -f build/pgo-train/training.h5
  compgen -G "$fresh/*.gcda" >/dev/null ||
    { echo "PGO: the training wrote no profiles into $fresh" >&2; exit 1; }
  printf 'trained %s\ncompiler %s\ncommit %s\n' "$(date -u +%FT%TZ)" "$compiler" \
    "$(git describe --always --dirty 2>/dev/null || echo unknown)" >"$fresh/trained"
  rm -rf "$profile"
  mv "$fresh" "$profile"
fi
# The profiles' stamp is part of every compile command: new ones compile everything again.
cmake --preset release -DWATTFLEET_PGO=use >/dev/null
cmake --build --preset release -j2 "${args[@]}"
