target_sources(wattfleet_models PRIVATE grid/grid_connection.cpp grid/grid_registration.cpp)
