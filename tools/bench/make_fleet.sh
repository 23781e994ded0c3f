#!/usr/bin/env bash
# Writes a fleet scenario of N sites of M nodes to stdout (the scale benchmark's fleet):
# every third site a VFX render farm, the others LLM-training nodes, each with a cabinet
# shaving its peak, all on the seeded synthetic DE-LU prices.
# usage: tools/bench/make_fleet.sh [sites=100] [nodes=100] [duration=365d]
set -euo pipefail
sites=${1:-100} nodes=${2:-100} duration=${3:-365d}
cat <<YAML
name: fleet_${sites}x${nodes}
description: ${sites} sites of ${nodes} nodes (tools/bench/make_fleet.sh)
start: 2025-01-01T00:00:00+01:00
duration: ${duration}
output_interval: 15min
seed: 1
sites:
YAML
for i in $(seq -w 1 "$sites"); do
  if (( 10#$i % 3 == 0 )); then
    load="{workload: rendering, nodes: ${nodes}, node: gpu_render, parked: sleep, jobs_per_day: 6, frames_per_job: 300, frame_time: 10 min, job_nodes: $((nodes / 4))}"
    peak=$((nodes * 7 / 10))
  else
    load="{workload: ai_training, nodes: ${nodes}, node: h100_8gpu, job_nodes: $((nodes / 8)), job_interval: 6 h, job_duration: 2 d, parked: idle}"
    peak=$((nodes * 9))
  fi
  cat <<YAML
  site_${i}:
    timezone: Europe/Berlin
    prices: {synthetic: DE-LU}
    devices:
      grid: {type: grid, import_limit: $((nodes * 14)) kW}
      bus: {type: bus, connect: grid}
      nodes: {type: load, connect: bus, power: ${load}}
      cooling: {type: cooling, connect: bus, pue: 1.25}
      cabinet: {type: cabinet, connect: bus, preset: c_i_100kw_215kwh}
    controller: {type: peak_shaving, limit: ${peak} kW}
YAML
done
