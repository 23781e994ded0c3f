# Sourced by the whole-run benches: from the project root, the Release binary (or
# $WATTFLEET), GNU time, a scratch folder $out removed on exit, and $pin to run on one
# core where taskset exists.
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
bin=${WATTFLEET:-build/release/tools/wattfleet}
[ -x "$bin" ] || { echo "build first: tools/build_release.sh" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
