# cmake -D HEADER=<file> -D INCLUDE=<as #included> -D OUT=<file.cpp> -P extract-example.cmake
#
# Writes OUT, a C++ file that compiles HEADER's example block:
#   // **Example**:
#   //   code, two or more spaces after the //, up to the first line that is not such a line
# The code goes, line by line, into the body of a function nothing calls, inside the namespace the
# header closes last ("}  // namespace peilpunt::sync"), so an example in sync/ says sync::Outbox
# as the code does; its #include lines go above that function. #line directives make every error
# name the header and the line.
# A header without a block, or with "// **Example** (not compiled)": OUT holds no code.
# Variables only, never lists: example code is full of ';' and '[', which CMake lists would split on.
cmake_minimum_required(VERSION 3.25)

file(READ "${HEADER}" text)
string(REPLACE "\r" "" text "${text}")
set(state "before")  # before, inside, after the example block
set(number 0)
set(namespace "")
set(includes "")
set(body "")
set(not_compiled OFF)
while(NOT text STREQUAL "")
  string(FIND "${text}" "\n" end)
  if(end EQUAL -1)
    set(line "${text}")
    set(text "")
  else()
    string(SUBSTRING "${text}" 0 ${end} line)
    math(EXPR end "${end} + 1")
    string(SUBSTRING "${text}" ${end} -1 text)
  endif()
  math(EXPR number "${number} + 1")

  if(line MATCHES "^} *// namespace ([A-Za-z_][A-Za-z0-9_:]*)")
    set(namespace "${CMAKE_MATCH_1}")
  endif()
  if(state STREQUAL "before")
    if(line MATCHES "^// \\*\\*Example\\*\\* \\(not compiled\\)")
      set(not_compiled ON)
      set(state "after")
    elseif(line MATCHES "^// \\*\\*Example\\*\\*:")
      set(state "inside")
    endif()
  elseif(state STREQUAL "inside")
    if(line MATCHES "^//  +[^ ]")
      string(REGEX REPLACE "^//" "  " code "${line}")  # so the compiler's columns are the header's
      set(located "#line ${number} \"${HEADER}\"\n${code}\n")
      if(code MATCHES "^ *#include")
        string(APPEND includes "${located}")
      else()
        string(APPEND body "${located}")
      endif()
    else()
      set(state "after")
    endif()
  endif()
endwhile()

set(out "// Generated from ${INCLUDE} by tests/examples/extract-example.cmake; edit the header, not this.\n")
if(not_compiled)
  string(APPEND out "// Skipped: the header marks its example \"(not compiled)\".\n")
elseif(state STREQUAL "before")
  string(APPEND out "// No example block in the header.\n")
elseif(body STREQUAL "")
  message(FATAL_ERROR "${HEADER}: its **Example**: block has no code lines (indent them two or more spaces "
                      "after the //), or mark it \"// **Example** (not compiled)\"")
else()
  if(namespace STREQUAL "")
    set(open "")
    set(close "")
  else()
    set(open "namespace ${namespace} {\n")
    set(close "}  // namespace ${namespace}\n")
  endif()
  string(APPEND out "#include \"${INCLUDE}\"\n${includes}\n${open}[[maybe_unused]] static void header_example() {\n"
                    "${body}}\n${close}")
endif()
file(WRITE "${OUT}" "${out}")
