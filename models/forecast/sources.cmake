target_sources(wattfleet_forecast PRIVATE forecast/forecast.cpp forecast/load_skill.cpp)
# Eigen for the autoregressive forecaster (header-only).
find_package(Eigen3 3.3 REQUIRED NO_MODULE)
target_link_libraries(wattfleet_forecast PRIVATE Eigen3::Eigen)
