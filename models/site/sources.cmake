target_sources(wattfleet_site PRIVATE site/balance.cpp site/battery_dispatch.cpp site/disturbances.cpp site/ride_through.cpp site/site.cpp site/site_recording.cpp
  site/grid_view.cpp site/load_scoring.cpp)
# Eigen (header-only) for the FFT of the grid view.
target_link_libraries(wattfleet_site PRIVATE Eigen3::Eigen)
# The transform's complex products without the C99 rescue of inf/NaN results: for
# finite inputs, as here, the same bits at a fraction of the instructions (GCC's flag;
# clang 14, the fuzz build's compiler, has no such option).
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  set_source_files_properties(site/grid_view.cpp PROPERTIES COMPILE_OPTIONS -fcx-limited-range)
endif()
