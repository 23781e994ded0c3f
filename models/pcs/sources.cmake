target_sources(wattfleet_models PRIVATE pcs/efficiency.cpp)
