// A header whose example names a function that does not exist, for check-broken-example.cmake:
// compiling its example must fail at the line of `thrice`, and only there.
//
// **Example**:
//   int four = twice(2);
//   int six = thrice(2);
#pragma once

namespace peilpunt::example_fixture {

inline int twice(int n) { return 2 * n; }

}  // namespace peilpunt::example_fixture
