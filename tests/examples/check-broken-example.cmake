# cmake -D CXX=<compiler> -D EXTRACT=<extract-example.cmake> -D FIXTURE=<broken_example.hpp> -D WORK=<dir>
#       -P check-broken-example.cmake
# Extracts FIXTURE's example as the build does and compiles it: it must fail, naming FIXTURE and
# the line of the unknown name; and its first line, which is fine, must not be the one blamed.
cmake_minimum_required(VERSION 3.25)

file(MAKE_DIRECTORY ${WORK})
get_filename_component(include_dir ${FIXTURE} DIRECTORY)
get_filename_component(include_name ${FIXTURE} NAME)
execute_process(COMMAND ${CMAKE_COMMAND} -D HEADER=${FIXTURE} -D INCLUDE=${include_name} -D OUT=${WORK}/example.cpp
                        -P ${EXTRACT}
                RESULT_VARIABLE extracted)
if(NOT extracted EQUAL 0)
  message(FATAL_ERROR "extract-example.cmake failed on ${FIXTURE}")
endif()

file(READ ${FIXTURE} text)
string(FIND "${text}" "thrice(" at)
string(SUBSTRING "${text}" 0 ${at} before)
string(REGEX MATCHALL "\n" newlines "${before}")
list(LENGTH newlines line)
math(EXPR line "${line} + 1")

execute_process(COMMAND ${CXX} -std=c++20 -fsyntax-only -I${include_dir} ${WORK}/example.cpp
                RESULT_VARIABLE compiled OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(compiled EQUAL 0)
  message(FATAL_ERROR "the example of ${FIXTURE} compiled although it calls thrice(), which does not exist")
endif()
string(REPLACE ";" "," output "${output}")  # GCC's "; did you mean" would split the list below
string(REGEX MATCHALL "[^\n]*: error: [^\n]*" errors "${output}")
if(NOT errors MATCHES "broken_example\\.hpp:${line}:[0-9]+: error: [^\n]*thrice")
  message(FATAL_ERROR "the compiler's errors do not name broken_example.hpp:${line} and thrice:\n${output}")
endif()
list(LENGTH errors count)
if(NOT count EQUAL 1)
  message(FATAL_ERROR "expected one error, at broken_example.hpp:${line}; got:\n${output}")
endif()
message(STATUS "as it should, the broken example failed: ${errors}")
