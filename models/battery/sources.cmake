target_sources(wattfleet_battery PRIVATE battery/battery_registration.cpp battery/reservoir.cpp
  battery/lfp_cell.cpp battery/lfp_cabinet.cpp battery/naumann_aging.cpp battery/blast_lfp_aging.cpp battery/rainflow.cpp)
# Presets (data/cabinets) and cell tables (data/battery) are read from the source tree.
target_compile_definitions(wattfleet_battery PRIVATE WF_DATA_DIR="${PROJECT_SOURCE_DIR}/data")
