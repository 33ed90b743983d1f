// The one main() of the Catch2 test executables (tests/CMakeLists.txt links it into each).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
