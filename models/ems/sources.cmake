target_sources(wattfleet_ems PRIVATE ems/ems_registration.cpp ems/arbitrage.cpp ems/fcr_rule.cpp ems/precharge.cpp
                                        ems/optimal_controller.cpp
                                        ems/stack.cpp)
# Optimal dispatch (LP, COIN-OR Clp) and MPC. Clp is opened with dlopen at its first use
# (clp_model.hpp): only its C header is needed here, as a system include (no warnings).
target_sources(wattfleet_ems PRIVATE ems/optimal_dispatch.cpp ems/mpc.cpp ems/clp_model.cpp)
find_package(PkgConfig REQUIRED)
pkg_check_modules(CLP REQUIRED clp)
target_include_directories(wattfleet_ems SYSTEM PRIVATE ${CLP_INCLUDE_DIRS})
target_compile_options(wattfleet_ems PRIVATE ${CLP_CFLAGS_OTHER})
target_link_libraries(wattfleet_ems PRIVATE ${CMAKE_DL_LIBS})
# What dlopen asks for: the library's SONAME (DT_SONAME, read with objdump; else taken
# from the versioned file name), first in the directory pkg-config found it in.
find_library(WF_CLP_LIBRARY Clp HINTS ${CLP_LIBRARY_DIRS} REQUIRED)
get_filename_component(_wf_clp_real "${WF_CLP_LIBRARY}" REALPATH)
get_filename_component(_wf_clp_dir "${WF_CLP_LIBRARY}" DIRECTORY)
set(_wf_clp_soname "")
if(CMAKE_OBJDUMP)
  execute_process(COMMAND ${CMAKE_OBJDUMP} -p "${_wf_clp_real}" OUTPUT_VARIABLE _wf_clp_dyn
                  ERROR_QUIET RESULT_VARIABLE _wf_clp_rc)
  if(_wf_clp_rc EQUAL 0 AND _wf_clp_dyn MATCHES "SONAME +([^\n ]+)")
    set(_wf_clp_soname "${CMAKE_MATCH_1}")
  endif()
endif()
if(NOT _wf_clp_soname)
  get_filename_component(_wf_clp_name "${_wf_clp_real}" NAME)
  if(_wf_clp_name MATCHES "^(libClp\\.so\\.[0-9]+)")
    set(_wf_clp_soname "${CMAKE_MATCH_1}")
  else()
    set(_wf_clp_soname "${_wf_clp_name}")
  endif()
endif()
target_compile_definitions(wattfleet_ems PRIVATE WF_CLP_SONAME="${_wf_clp_soname}"
                                                 WF_CLP_PATH="${_wf_clp_dir}/${_wf_clp_soname}")
