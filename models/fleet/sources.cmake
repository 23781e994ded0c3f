target_sources(wattfleet_fleet PRIVATE fleet/fleet_graph.cpp fleet/job_shifting.cpp)
