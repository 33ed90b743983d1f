// The kiosk's config file: every field has a default, the shipped /etc file is valid and equal
// to the defaults, and every wrong value stops with the file and the field named.
#include "kiosk/core/config.hpp"

#include <catch2/catch.hpp>

#include "tests/sync/support.hpp"

namespace peilpunt {
namespace {

namespace fs = std::filesystem;
using sync::testing::TempDir;
using sync::testing::write_bytes;

std::string error_for(const fs::path& file, const std::string& json) {
  write_bytes(file, json);
  try {
    load_config(file);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("an empty config gives every field its default", "[config]") {
  TempDir dir;
  const fs::path file = dir.path / "config.json";
  write_bytes(file, "{}");
  const Config c = load_config(file);
  CHECK(c.device_name.empty());
  CHECK_FALSE(c.data_dir.empty());
  REQUIRE(c.surveys.size() == 1);
  CHECK(c.surveys[0].filename() == "jeugdakkoord-midden-drenthe.json");
  CHECK(c.language == "nl");
  CHECK(c.idle_timeout_s == 90);
  CHECK(c.idle_countdown_s == 20);
  CHECK(c.screen_width_mm == 217);
  CHECK_FALSE(c.read_pages_aloud);
  CHECK_FALSE(c.staff_pin_hash);
  CHECK(c.sync.endpoint.empty());
  CHECK(c.sync.interval_s == 60);
  CHECK_FALSE(c.sync.allow_insecure_http);
}

TEST_CASE("the config the package installs in /etc is valid and says what the defaults are", "[config]") {
  const Config shipped = load_config(fs::path(PEILPUNT_SOURCE_DIR) / "packaging/config/config.json");
  const Config defaults;
  CHECK(shipped.data_dir == "/var/lib/peilpunt");
  CHECK(shipped.language == defaults.language);
  CHECK(shipped.idle_timeout_s == defaults.idle_timeout_s);
  CHECK(shipped.idle_countdown_s == defaults.idle_countdown_s);
  CHECK(shipped.screen_width_mm == defaults.screen_width_mm);
  CHECK(shipped.read_pages_aloud == defaults.read_pages_aloud);
  CHECK(shipped.sync.endpoint.empty());
  CHECK(shipped.sync.interval_s == defaults.sync.interval_s);
}

TEST_CASE("read_pages_aloud switches reading each page on", "[config]") {
  TempDir dir;
  const fs::path file = dir.path / "config.json";
  write_bytes(file, R"({"read_pages_aloud": true})");
  CHECK(load_config(file).read_pages_aloud);
  CHECK(error_for(file, R"({"read_pages_aloud": "yes"})") == file.string() + ": /read_pages_aloud: expected true or false");
}

TEST_CASE("a wrong value names the file and the field, and nothing starts half-configured", "[config]") {
  TempDir dir;
  const fs::path file = dir.path / "config.json";
  const std::string f = file.string() + ": ";
  CHECK(error_for(file, R"({"idle_timeout_s": 5})") == f + "/idle_timeout_s: expected a whole number from 15 to 3600");
  CHECK(error_for(file, R"({"idle_countdown_s": 1.5})") == f + "/idle_countdown_s: expected a whole number from 5 to 120");
  CHECK(error_for(file, R"({"screen_width_mm": "217"})") == f + "/screen_width_mm: expected a whole number from 100 to 2000");
  CHECK(error_for(file, R"({"language": "de"})") == f + "/language: expected \"nl\" or \"en\"");
  CHECK(error_for(file, R"({"device_name": ""})") == f + "/device_name: expected 1 to 64 characters");
  CHECK(error_for(file, R"({"surveys": []})") == f + "/surveys: expected a non-empty list of questionnaire files");
  CHECK(error_for(file, R"({"surveys": ["a.json", 3]})") == f + "/surveys/1: expected a string");
  CHECK(error_for(file, R"({"sync": {"interval_s": 1}})") == f + "/sync/interval_s: expected a whole number from 5 to 86400");
  CHECK(error_for(file, R"({"sync": {"endpont": "https://x"}})") == f + "/sync/endpont: unknown setting 'endpont'");
  CHECK(error_for(file, R"({"idle_timeout": 90})") == f + "/idle_timeout: unknown setting 'idle_timeout'");
  CHECK(error_for(file, R"({"language": "nl",)") == f + "/: not valid JSON");
  CHECK(error_for(file, "[]") == f + "/: expected a JSON object");
}

TEST_CASE("a config file that is missing is an error, not the defaults", "[config]") {
  TempDir dir;
  const fs::path file = dir.path / "nope.json";
  try {
    load_config(file);
    FAIL("no error for a missing file");
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()) == file.string() + ": /: cannot read the file: not a regular file or missing");
  }
}

}  // namespace peilpunt
