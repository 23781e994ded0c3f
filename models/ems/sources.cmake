target_sources(wattfleet_ems PRIVATE ems/ems_registration.cpp ems/arbitrage.cpp ems/fcr_rule.cpp ems/precharge.cpp
                                        ems/optimal_controller.cpp
                                        ems/stack.cpp)
# Optimal dispatch (LP, COIN-OR Clp) and MPC. Clp is opened with dlopen at the first LP
# (clp_model.hpp): only its C header is needed here, as a system include (no warnings).
target_sources(wattfleet_ems PRIVATE ems/optimal_dispatch.cpp ems/mpc.cpp ems/clp_model.cpp)
find_package(PkgConfig REQUIRED)
pkg_check_modules(CLP REQUIRED clp)
target_include_directories(wattfleet_ems SYSTEM PRIVATE ${CLP_INCLUDE_DIRS})
target_link_libraries(wattfleet_ems PRIVATE ${CMAKE_DL_LIBS})
# The name dlopen asks for: the SONAME behind libClp.so (libClp.so.1.14.6 -> libClp.so.1).
find_library(WF_CLP_LIBRARY Clp HINTS ${CLP_LIBRARY_DIRS} REQUIRED)
get_filename_component(_wf_clp_real "${WF_CLP_LIBRARY}" REALPATH)
get_filename_component(_wf_clp_name "${_wf_clp_real}" NAME)
if(_wf_clp_name MATCHES "^(libClp\\.so\\.[0-9]+)")
  target_compile_definitions(wattfleet_ems PRIVATE WF_CLP_SONAME="${CMAKE_MATCH_1}")
else()
  message(FATAL_ERROR "Clp: cannot tell the SONAME of ${_wf_clp_real}")
endif()
