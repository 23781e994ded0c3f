target_sources(wattfleet_registry PRIVATE registry/registry.cpp)
