target_sources(wattfleet_ems PRIVATE ems/ems_registration.cpp ems/arbitrage.cpp ems/fcr_rule.cpp ems/precharge.cpp
                                        ems/optimal_controller.cpp
                                        ems/stack.cpp)
# Optimal dispatch (LP, COIN-OR Clp) and MPC. Clp is private to the .cpp files;
# IMPORTED targets give -isystem, so Clp's headers raise no warnings.
target_sources(wattfleet_ems PRIVATE ems/optimal_dispatch.cpp ems/mpc.cpp)
find_package(PkgConfig REQUIRED)
pkg_check_modules(CLP REQUIRED IMPORTED_TARGET clp)
target_link_libraries(wattfleet_ems PRIVATE PkgConfig::CLP)
