# Apache ECharts for `wattfleet report`: the npm package, pinned by version and by the
# SHA-512 the npm registry publishes as its integrity
# (sha512-oTbVTsXfKuEhxftHqL5xprgLoc0k7uScAwtryCgWF6hPYFLRwOUHiFmHGCBKP5NPFNkDVopOieyUqYGH8Fa3kA==),
# downloaded once into .cache/ of the source tree and checked before use. Offline:
# -DWF_ECHARTS_TGZ=/path/to/echarts-5.6.0.tgz (the same bytes).
set(WF_ECHARTS_VERSION 5.6.0)
set(WF_ECHARTS_SHA512
    a136d54ec5df2ae121c5fb47a8be71a6b80ba1cd24eee49c030b6bc8281617a84f6052d1c0e50788598718204a3f934f14d903568a4e89ec94a98187f056b790)
set(WF_ECHARTS_TGZ "${PROJECT_SOURCE_DIR}/.cache/echarts-${WF_ECHARTS_VERSION}.tgz"
    CACHE FILEPATH "The echarts npm tarball")
set(_url "https://registry.npmjs.org/echarts/-/echarts-${WF_ECHARTS_VERSION}.tgz")

set(_default "${PROJECT_SOURCE_DIR}/.cache/echarts-${WF_ECHARTS_VERSION}.tgz")
if(EXISTS "${WF_ECHARTS_TGZ}")
  file(SHA512 "${WF_ECHARTS_TGZ}" _have)
  if(NOT _have STREQUAL WF_ECHARTS_SHA512)
    if(NOT WF_ECHARTS_TGZ STREQUAL _default)  # the user's file: never deleted
      message(FATAL_ERROR "echarts: ${WF_ECHARTS_TGZ} is not echarts ${WF_ECHARTS_VERSION} "
                          "(SHA-512 ${_have}, expected ${WF_ECHARTS_SHA512})")
    endif()
    message(STATUS "echarts: ${WF_ECHARTS_TGZ} has another hash; downloading it again")
    file(REMOVE "${WF_ECHARTS_TGZ}")
  endif()
endif()
if(NOT EXISTS "${WF_ECHARTS_TGZ}")
  message(STATUS "echarts: downloading ${_url}")
  file(DOWNLOAD "${_url}" "${WF_ECHARTS_TGZ}.part" STATUS _status TLS_VERIFY ON
       EXPECTED_HASH SHA512=${WF_ECHARTS_SHA512})
  list(GET _status 0 _code)
  if(NOT _code EQUAL 0)
    file(REMOVE "${WF_ECHARTS_TGZ}.part")
    message(FATAL_ERROR "echarts: downloading ${_url} failed (${_status}). Without network, "
                        "pass -DWF_ECHARTS_TGZ=<the tarball> (SHA-512 ${WF_ECHARTS_SHA512}).")
  endif()
  file(RENAME "${WF_ECHARTS_TGZ}.part" "${WF_ECHARTS_TGZ}")
endif()

set(WF_ECHARTS_DIR "${CMAKE_BINARY_DIR}/echarts-${WF_ECHARTS_VERSION}")
if(NOT EXISTS "${WF_ECHARTS_DIR}/package/dist/echarts.common.min.js")
  file(ARCHIVE_EXTRACT INPUT "${WF_ECHARTS_TGZ}" DESTINATION "${WF_ECHARTS_DIR}"
       PATTERNS package/dist/echarts.min.js package/dist/echarts.common.min.js
                package/LICENSE package/NOTICE)
endif()
# The full build (the sizing report's heat map) and the common one (run reports).
set(WF_ECHARTS_JS "${WF_ECHARTS_DIR}/package/dist/echarts.min.js")
set(WF_ECHARTS_COMMON_JS "${WF_ECHARTS_DIR}/package/dist/echarts.common.min.js")
