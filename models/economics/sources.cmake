target_sources(wattfleet_economics PRIVATE economics/appraisal.cpp economics/finance.cpp)
