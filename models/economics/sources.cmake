target_sources(wattfleet_models PRIVATE economics/finance.cpp)
