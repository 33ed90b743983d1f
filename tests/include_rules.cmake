# cmake -D ROOT=<source tree> -P include_rules.cmake
#
# The floors' include rules (docs/ARCHITECTURE.md, "Floors"), checked on every #include line of
# the sources under ROOT. Fails with one "file:line: rule" line per broken include.
#   1. ImGui, its backends and GLFW are included only under kiosk/ui/.
#   2. survey/ includes nothing of sync/, kiosk/ or collector/.
#   3. collector/ includes nothing of the uploader, the HTTP client, libcurl or the outbox.
#   4. The files the collector shares with the kiosk (sync/ less outbox, uploader, http_client)
#      include none of those either, so rule 3 also holds for what the collector includes
#      through them.
#   5. kiosk/core/ includes nothing of kiosk/ui/ (the UI draws the core, never the reverse).
# Only lines that start with #include count: an include inside a comment (a header's example) is
# not one.
cmake_minimum_required(VERSION 3.25)

if(NOT IS_DIRECTORY "${ROOT}")
  message(FATAL_ERROR "include_rules.cmake: ROOT '${ROOT}' is not a folder")
endif()

set(kiosk_only_sync "sync/(outbox|uploader|http_client)\\.")
file(GLOB_RECURSE sources RELATIVE "${ROOT}"
     "${ROOT}/survey/*.[ch]pp" "${ROOT}/sync/*.[ch]pp" "${ROOT}/kiosk/*.[ch]pp" "${ROOT}/collector/*.[ch]pp")
list(LENGTH sources source_count)
if(source_count LESS 20)
  message(FATAL_ERROR "include_rules.cmake: only ${source_count} sources under ${ROOT}: is it the source tree?")
endif()

set(broken "")
set(include_count 0)
foreach(source IN LISTS sources)
  file(STRINGS "${ROOT}/${source}" lines REGEX "^[ \t]*#[ \t]*include")
  foreach(line IN LISTS lines)
    math(EXPR include_count "${include_count} + 1")
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[<\"]([^>\"]*)[>\"].*" "\\1" included "${line}")
    set(rule "")
    if(NOT source MATCHES "^kiosk/ui/" AND included MATCHES "(^|/)imgui|^backends/|^GLFW/")
      set(rule "ImGui and GLFW belong in kiosk/ui/ only")
    elseif(source MATCHES "^survey/" AND included MATCHES "^(sync|kiosk|collector)/")
      set(rule "survey/ includes nothing of sync/, kiosk/ or collector/")
    elseif(source MATCHES "^collector/" AND included MATCHES "${kiosk_only_sync}|^curl/")
      set(rule "the collector includes nothing of the outbox, the uploader, the HTTP client or libcurl")
    elseif(source MATCHES "^sync/" AND NOT source MATCHES "${kiosk_only_sync}"
           AND included MATCHES "${kiosk_only_sync}|^curl/")
      set(rule "what sync/ shares with the collector includes nothing of the outbox, uploader, HTTP client or libcurl")
    elseif(source MATCHES "^kiosk/core/" AND included MATCHES "^kiosk/ui/")
      set(rule "kiosk/core/ includes nothing of kiosk/ui/")
    endif()
    if(rule)
      # The line number, for an editor to jump to.
      file(STRINGS "${ROOT}/${source}" all_lines)
      list(FIND all_lines "${line}" index)
      math(EXPR number "${index} + 1")
      string(APPEND broken "${source}:${number}: #include <${included}>: ${rule}\n")
    endif()
  endforeach()
endforeach()

if(broken)
  message(FATAL_ERROR "include rules broken (docs/ARCHITECTURE.md, \"Floors\"):\n${broken}")
endif()
message(STATUS "include rules hold: ${include_count} includes in ${source_count} files")
