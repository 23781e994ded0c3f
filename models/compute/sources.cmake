target_sources(wattfleet_compute PRIVATE
  compute/ai_training_power.cpp compute/compute_registration.cpp compute/cooling.cpp
  compute/finance_power.cpp compute/inference_power.cpp compute/job_power.cpp compute/load.cpp
  compute/node.cpp compute/scheduler.cpp compute/trace_replay.cpp compute/workload.cpp)
# Node presets (data/nodes/*.yaml) are read from the source tree.
target_compile_definitions(wattfleet_compute PRIVATE WF_DATA_DIR="${PROJECT_SOURCE_DIR}/data")
