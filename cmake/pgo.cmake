# Profile-guided optimisation (GCC 11 or later), driven by tools/build_release.sh.
#   WATTFLEET_PGO=generate: an instrumented build; its runs write profiles into
#     WATTFLEET_PGO_DIR.
#   WATTFLEET_PGO=use (the release preset): compiled with those profiles once the script
#     has trained them (WATTFLEET_PGO_DIR/trained exists); until then a plain build, since
#     -fprofile-use alone already switches on other optimisations.
# Profiles are named by object path relative to the build folder (-fprofile-prefix-path),
# so the two builds may live in different folders, but they must compile alike: the
# script configures both from the release preset (whose Python module makes the libraries
# position-independent; a -fPIC difference makes GCC reject every profile). A function
# whose source changed after training is compiled without its profile (GCC warns
# "coverage mismatch"). Only optimisation choices change (inlining, layout, unrolling,
# devirtualisation), never floating-point semantics: results are bit-identical (issue
# 18) while no -march lets GCC contract into FMA, which inlining could move.
# ccache 4.7 does not know -fprofile-prefix-path and leaves these compiles uncached.
set(WATTFLEET_PGO "OFF" CACHE STRING "Profile-guided optimisation: OFF, generate or use")
set_property(CACHE WATTFLEET_PGO PROPERTY STRINGS OFF generate use)
set(WATTFLEET_PGO_DIR "${PROJECT_SOURCE_DIR}/build/pgo-profile" CACHE PATH "Where PGO profiles are")

set(wf_pgo_gcc OFF)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 11)
  set(wf_pgo_gcc ON)
endif()
set(wf_pgo_stamp "${WATTFLEET_PGO_DIR}/trained")

if(NOT WATTFLEET_PGO)
  # off
elseif(WATTFLEET_PGO STREQUAL "generate")
  if(NOT wf_pgo_gcc)
    message(FATAL_ERROR "WATTFLEET_PGO=generate needs GCC 11 or later, not "
                        "${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION}")
  endif()
  target_compile_options(wattfleet_options INTERFACE -fprofile-generate=${WATTFLEET_PGO_DIR}
                         -fprofile-prefix-path=${PROJECT_BINARY_DIR})
  target_link_options(wattfleet_options INTERFACE -fprofile-generate=${WATTFLEET_PGO_DIR})
elseif(WATTFLEET_PGO STREQUAL "use")
  if(NOT wf_pgo_gcc)
    message(STATUS "PGO: off (it needs GCC 11 or later)")
  elseif(NOT EXISTS "${wf_pgo_stamp}")
    message(STATUS "PGO: off (no profiles in ${WATTFLEET_PGO_DIR}: tools/build_release.sh trains them)")
  else()
    # New profiles change every compile command (the stamp's hash): Ninja compiles again
    # what they touch, and CMake configures again when the stamp changes.
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${wf_pgo_stamp}")
    file(READ "${wf_pgo_stamp}" wf_pgo_trained)
    string(SHA1 wf_pgo_id "${wf_pgo_trained}")
    string(SUBSTRING "${wf_pgo_id}" 0 12 wf_pgo_id)
    target_compile_definitions(wattfleet_options INTERFACE WF_PGO_PROFILES=${wf_pgo_id})
    # Partial training: code the training never reached is optimised as without PGO,
    # not for size. Correction: the baseline life runs in a thread beside the run
    # (assembly/run.cpp) and plain counters lose some of the increments they race for
    # (atomic ones made the training ten times slower).
    target_compile_options(wattfleet_options INTERFACE -fprofile-use=${WATTFLEET_PGO_DIR}
                           -fprofile-prefix-path=${PROJECT_BINARY_DIR} -fprofile-partial-training
                           -fprofile-correction -Wno-missing-profile -Wno-error=coverage-mismatch)
    message(STATUS "PGO: profiles ${wf_pgo_id} in ${WATTFLEET_PGO_DIR}")
  endif()
else()
  message(FATAL_ERROR "WATTFLEET_PGO is OFF, generate or use, not '${WATTFLEET_PGO}'")
endif()
