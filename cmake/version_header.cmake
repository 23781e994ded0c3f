# Writes the version header with the commit checked out now. Run at every build (not
# only at configure), so result files' /meta name the commit that was built; the
# header is rewritten only when the commit changes, so nothing rebuilds needlessly.
# usage: cmake -DROOT=<source tree> -DVERSION=<x.y.z> -DOUT=<header> -P version_header.cmake
cmake_minimum_required(VERSION 3.25)
execute_process(COMMAND git rev-parse --short=12 HEAD WORKING_DIRECTORY ${ROOT}
                OUTPUT_VARIABLE WATTFLEET_GIT_HASH OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT WATTFLEET_GIT_HASH)
  set(WATTFLEET_GIT_HASH "unknown")
endif()
set(PROJECT_VERSION ${VERSION})
configure_file(${ROOT}/sim/version.hpp.in ${OUT} @ONLY)
