# `peilpunt pin-hash` as an admin uses it: a PIN on stdin gives a hash the config accepts, a bad
# PIN gives exit 1 and says why. Run with -D PEILPUNT=... -D WORK=... -P pin_hash.cmake
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

file(WRITE "${WORK}/pin.txt" "48210957\n")
execute_process(COMMAND "${PEILPUNT}" pin-hash INPUT_FILE "${WORK}/pin.txt"
                RESULT_VARIABLE code OUTPUT_VARIABLE hash ERROR_VARIABLE err OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT code EQUAL 0 OR NOT hash MATCHES "^\\$argon2id\\$v=19\\$m=65536,t=2,p=1\\$[A-Za-z0-9+/]+\\$[A-Za-z0-9+/]+$")
  message(FATAL_ERROR "pin-hash: exit ${code}\nstdout: ${hash}\nstderr: ${err}")
endif()
if(hash MATCHES "48210957")
  message(FATAL_ERROR "pin-hash printed the PIN itself: ${hash}")
endif()

# The config takes what pin-hash printed (any command that reads the config will do).
file(WRITE "${WORK}/config.json" "{\"staff_pin_hash\": \"${hash}\", \"data_dir\": \"${WORK}/data\"}")
execute_process(COMMAND "${PEILPUNT}" simulate --count 1 --seed 1 --config "${WORK}/config.json"
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "the config with pin-hash's output was refused: exit ${code}\n${out}${err}")
endif()

file(WRITE "${WORK}/bad-pin.txt" "12ab\n")
execute_process(COMMAND "${PEILPUNT}" pin-hash INPUT_FILE "${WORK}/bad-pin.txt"
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 1 OR NOT err STREQUAL "pin-hash: the PIN must be 4 to 8 digits\n" OR NOT out STREQUAL "")
  message(FATAL_ERROR "pin-hash with a bad PIN: exit ${code}\nstdout: ${out}\nstderr: ${err}")
endif()
