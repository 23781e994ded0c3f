target_sources(wattfleet_models PRIVATE economics/appraisal.cpp economics/finance.cpp)
