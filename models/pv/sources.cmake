target_sources(wattfleet_models PRIVATE pv/pv_registration.cpp pv/pv_trace.cpp)
