# cmake -D SOURCE_DIR=<source tree> -D WORK=<scratch folder> -P include_rules_selftest.cmake
#
# include_rules.cmake can fail: on a copy of the tree, each planted include below must make it
# fail naming the planted file, and the unplanted copy must pass.
cmake_minimum_required(VERSION 3.25)

set(check "${CMAKE_CURRENT_LIST_DIR}/include_rules.cmake")
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
foreach(folder survey sync kiosk collector)
  file(COPY "${SOURCE_DIR}/${folder}" DESTINATION "${WORK}")
endforeach()

function(run_check result_var output_var)
  execute_process(COMMAND ${CMAKE_COMMAND} -D ROOT=${WORK} -P ${check}
                  RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
  set(${result_var} "${result}" PARENT_SCOPE)
  set(${output_var} "${output}" PARENT_SCOPE)
endfunction()

run_check(result output)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "the unplanted copy of the tree already fails:\n${output}")
endif()

# file | planted line | words the failure must contain
set(plants
  "kiosk/core/planted.cpp|#include <imgui.h>|kiosk/core/planted.cpp:2: #include <imgui.h>"
  "kiosk/core/planted.hpp|#include \"kiosk/ui/app.hpp\"|kiosk/core/planted.hpp:2: #include <kiosk/ui/app.hpp>"
  "survey/planted.cpp|#include \"sync/envelope.hpp\"|survey/planted.cpp:2: #include <sync/envelope.hpp>"
  "collector/planted.cpp|#include \"sync/outbox.hpp\"|collector/planted.cpp:2: #include <sync/outbox.hpp>"
  "collector/planted.hpp|#include <curl/curl.h>|collector/planted.hpp:2: #include <curl/curl.h>"
  "sync/planted.cpp|#include \"sync/uploader.hpp\"|sync/planted.cpp:2: #include <sync/uploader.hpp>")
foreach(plant IN LISTS plants)
  string(REPLACE "|" ";" parts "${plant}")
  list(GET parts 0 file)
  list(GET parts 1 line)
  list(GET parts 2 expected)
  file(WRITE "${WORK}/${file}" "// planted by include_rules_selftest.cmake\n${line}\n")
  run_check(result output)
  file(REMOVE "${WORK}/${file}")
  if(result EQUAL 0)
    message(FATAL_ERROR "include_rules.cmake passed with '${line}' planted in ${file}")
  endif()
  string(FIND "${output}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "with '${line}' planted in ${file}, the failure does not say '${expected}':\n${output}")
  endif()
  message(STATUS "as it should, the planted ${file} failed: ${expected}")
endforeach()
