#!/usr/bin/env bash
# Installs the Debian 12 packages wattfleet needs, only when some are missing:
# those in deps/debian-packages.txt and those providing the Python modules of
# deps/python-modules.txt. Needs root (or sudo) the first time; a no-op afterwards.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

mapfile -t packages < <(
  { grep -v '^\s*#' "$here/deps/debian-packages.txt" | awk 'NF { print $1 }'
    grep -v '^\s*#' "$here/deps/python-modules.txt" | awk 'NF { print $2 }'
  } | sort -u)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
