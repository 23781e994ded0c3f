target_sources(wattfleet_site PRIVATE site/balance.cpp site/battery_dispatch.cpp site/disturbances.cpp site/ride_through.cpp site/site.cpp site/site_recording.cpp
  site/grid_view.cpp site/load_scoring.cpp)
# Eigen (header-only) for the FFT of the grid view.
target_link_libraries(wattfleet_site PRIVATE Eigen3::Eigen)
