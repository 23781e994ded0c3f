target_sources(wattfleet_models PRIVATE pcs/efficiency.cpp)
target_sources(wattfleet_models PRIVATE pcs/pcs_response.cpp)
