target_sources(wattfleet_models PRIVATE battery/battery_registration.cpp battery/reservoir.cpp)
