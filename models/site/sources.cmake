target_sources(wattfleet_models PRIVATE site/registry.cpp site/ride_through.cpp site/run.cpp site/run_cost.cpp site/site.cpp site/site_builder.cpp
  site/grid_view.cpp)
