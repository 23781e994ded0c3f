target_sources(wattfleet_models PRIVATE fleet/fleet_graph.cpp fleet/job_shifting.cpp)
