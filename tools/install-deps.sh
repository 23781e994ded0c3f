#!/usr/bin/env bash
# Installs the Debian 12 packages wattfleet needs, only when some are missing.
# Needs root (or sudo) the first time; a no-op afterwards.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config clang-format
  libboost-graph-dev libhdf5-dev libyaml-cpp-dev libfmt-dev
  libhowardhinnant-date-dev tzdata libcli11-dev libeigen3-dev zlib1g-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3-numpy python3-h5py python3-pandas python3-xarray python3-h5netcdf
  python3-pytest python3-yaml python3-dev pybind11-dev
  python3-nbclient python3-nbformat python3-ipykernel python3-matplotlib
  coinor-libclp-dev libmodbus-dev python3-pymodbus
)

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
