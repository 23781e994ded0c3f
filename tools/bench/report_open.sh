#!/usr/bin/env bash
# How soon `wattfleet report`'s page of the quickstart year (15-min rows) is drawn in
# headless Chromium: ms after navigation until the first screen and every chart are
# drawn (the page's own marks), median of N opens, and the page's size.
# usage: tools/bench/report_open.sh [reps] [page.html]   (default 7; the page is made when not given)
set -euo pipefail
cd "$(dirname "$0")/../.."
reps=${1:-7}
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "needs chromium (apt-get install chromium)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
page=${2:-}
if [ -z "$page" ]; then
  bin=build/release/tools/wattfleet
  [ -x "$bin" ] || bin=build/ci/tools/wattfleet
  [ -x "$bin" ] || { echo "build first: tools/build_release.sh" >&2; exit 2; }
  "$bin" run scenarios/quickstart.yaml -o "$out/year.h5" --quiet --report
  page=$out/year.html
fi
url=$(/usr/bin/python3 -c 'import pathlib, sys; print(pathlib.Path(sys.argv[1]).resolve().as_uri())' "$page")
for _ in $(seq "$reps"); do
  "$browser" --headless=new --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --user-data-dir="$out/profile" --window-size=1280,1800 --virtual-time-budget=20000 \
    --dump-dom "$url" 2>/dev/null | grep -o 'data-wf-check="[^"]*"' || true
done | /usr/bin/python3 -c '
import html, json, statistics, sys
runs = [json.loads(html.unescape(line.strip()[len("data-wf-check=\""):-1])) for line in sys.stdin]
if not runs:
    sys.exit("the page did not finish drawing")
for key, what in [("first_screen_ms", "first screen drawn"), ("drawn_ms", "every chart drawn")]:
    v = [r[key] for r in runs]
    print(f"{what:20} median {statistics.median(v):6.0f} ms  (min {min(v):.0f}, max {max(v):.0f}, {len(v)} opens)")
' 
echo "page: $(stat -c %s "$page" | awk '{ printf "%.2f MB", $1 / 1e6 }')"
