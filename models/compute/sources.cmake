target_sources(wattfleet_models PRIVATE compute/compute_registration.cpp compute/load.cpp)
