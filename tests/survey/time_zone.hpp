// Test fixtures that pin the process time zone, so date results do not depend on the machine.
//   TEST_CASE_METHOD(InUtc, "...") { ... }   // TZ=UTC for this test, restored afterwards
#pragma once

#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

namespace peilpunt_test {

class TimeZone {
 public:
  explicit TimeZone(const char* tz) {
    if (const char* old = std::getenv("TZ")) saved_ = old;
    setenv("TZ", tz, 1);
    tzset();
  }
  ~TimeZone() {
    if (saved_) setenv("TZ", saved_->c_str(), 1);
    else unsetenv("TZ");
    tzset();
  }
  TimeZone(const TimeZone&) = delete;
  TimeZone& operator=(const TimeZone&) = delete;

 private:
  std::optional<std::string> saved_;
};

struct InUtc : TimeZone {
  InUtc() : TimeZone("UTC") {}
};
// Where the kiosks stand; has a daylight-saving switch, unlike UTC.
struct InAmsterdam : TimeZone {
  InAmsterdam() : TimeZone("Europe/Amsterdam") {}
};

}  // namespace peilpunt_test
