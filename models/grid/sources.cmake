target_sources(wattfleet_grid PRIVATE grid/grid_connection.cpp grid/grid_registration.cpp
  grid/price_formats.cpp grid/prices.cpp grid/tariff.cpp grid/bill.cpp grid/meter.cpp grid/site_billing.cpp)
# Tariff presets (data/tariffs/*.yaml) are read from the source tree, like other presets.
target_compile_definitions(wattfleet_grid PRIVATE WF_DATA_DIR="${PROJECT_SOURCE_DIR}/data")
# Synthetic day-ahead prices, grid frequency replay and frequency-response droops.
target_sources(wattfleet_grid PRIVATE grid/synthetic_prices.cpp grid/frequency.cpp
  grid/frequency_response.cpp)
target_sources(wattfleet_grid PRIVATE grid/tariff_rates.cpp)
