# Runs one differential test for CTest, i.e. `node compare.js MODE --peilpunt PEILPUNT` in
# tests/differential (see its README.md):
#   cmake -D NODE=... -D DIFFERENTIAL_DIR=... -D MODE=expr|surveys -D PEILPUNT=... [-D SETS=N] -P run-differential.cmake
# (SETS: answer sets per questionnaire for surveys; compare.js's default when absent)
# Fails, never skips, when node or survey-core is missing: a test that cannot run must not pass.
if(NOT NODE OR NOT EXISTS "${NODE}")
  message(FATAL_ERROR "differential_${MODE}: node not found; install it (packaging/install-deps --test) and re-run cmake")
endif()
if(NOT EXISTS "${DIFFERENTIAL_DIR}/node_modules/survey-core/package.json")
  message(FATAL_ERROR "differential_${MODE}: survey-core is not installed; run `npm ci` in ${DIFFERENTIAL_DIR} once")
endif()
set(sets_args "")
if(MODE STREQUAL "surveys" AND SETS)
  set(sets_args --sets ${SETS})
endif()
execute_process(COMMAND "${NODE}" compare.js ${MODE} --peilpunt "${PEILPUNT}" ${sets_args}
  WORKING_DIRECTORY "${DIFFERENTIAL_DIR}"
  RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "differential_${MODE}: compare.js exited with ${status}")
endif()
