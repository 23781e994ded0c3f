target_sources(wattfleet_models PRIVATE ems/ems_registration.cpp)
