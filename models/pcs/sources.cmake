target_sources(wattfleet_pcs PRIVATE pcs/efficiency.cpp)
target_sources(wattfleet_pcs PRIVATE pcs/pcs_response.cpp)
