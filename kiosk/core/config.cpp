// Config parsing: strict, with the field named in every error, so a typo never leaves the kiosk
// running half-configured.
#include "kiosk/core/config.hpp"

#include "sync/assets.hpp"

#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

#include "kiosk/core/staff_pin.hpp"

namespace peilpunt {
namespace {


[[noreturn]] void fail_field(const std::string& file, const std::string& pointer, const std::string& message) {
  throw ConfigError(file + ": " + (pointer.empty() ? "/" : pointer) + ": " + message);
}

std::string get_string(const nlohmann::json& j, const std::string& file, const std::string& pointer) {
  if (!j.is_string()) fail_field(file, pointer, "expected a string");
  return j.get<std::string>();
}

int get_int(const nlohmann::json& j, const std::string& file, const std::string& pointer, int min, int max) {
  if (!j.is_number_integer() || j.get<long long>() < min || j.get<long long>() > max)
    fail_field(file, pointer, "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max));
  return j.get<int>();
}

void read_sync(const nlohmann::json& j, const std::string& file, SyncConfig& sync) {
  if (!j.is_object()) fail_field(file, "/sync", "expected an object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    std::string p = "/sync/" + it.key();
    const nlohmann::json& v = it.value();
    if (it.key() == "endpoint") sync.endpoint = v.is_null() ? "" : get_string(v, file, p);
    else if (it.key() == "token_file") sync.token_file = v.is_null() ? "" : get_string(v, file, p);
    else if (it.key() == "interval_s") sync.interval_s = get_int(v, file, p, 5, 86400);
    else if (it.key() == "ca_file") sync.ca_file = v.is_null() ? "" : get_string(v, file, p);
    else if (it.key() == "allow_insecure_http") {
      if (!v.is_boolean()) fail_field(file, p, "expected true or false");
      sync.allow_insecure_http = v.get<bool>();
    } else {
      fail_field(file, p, "unknown setting '" + it.key() + "'");
    }
  }
}

Config read_file(const std::filesystem::path& path) {
  std::string file = path.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) fail_field(file, "", "cannot read the file: not a regular file or missing");
  std::ifstream in(path);
  if (!in) fail_field(file, "", "cannot read the file");
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded()) fail_field(file, "", "not valid JSON");
  if (!j.is_object()) fail_field(file, "", "expected a JSON object");
  Config c;
  for (auto it = j.begin(); it != j.end(); ++it) {
    std::string p = "/" + it.key();
    const nlohmann::json& v = it.value();
    if (it.key() == "device_name") {
      c.device_name = get_string(v, file, p);
      if (c.device_name.empty() || c.device_name.size() > 64) fail_field(file, p, "expected 1 to 64 characters");
    } else if (it.key() == "data_dir") {
      c.data_dir = get_string(v, file, p);
    } else if (it.key() == "surveys") {
      if (!v.is_array() || v.empty()) fail_field(file, p, "expected a non-empty list of questionnaire files");
      for (std::size_t i = 0; i < v.size(); ++i) c.surveys.emplace_back(get_string(v[i], file, p + "/" + std::to_string(i)));
    } else if (it.key() == "language") {
      c.language = get_string(v, file, p);
      if (c.language != "nl" && c.language != "en") fail_field(file, p, "expected \"nl\" or \"en\"");
    } else if (it.key() == "idle_timeout_s") {
      c.idle_timeout_s = get_int(v, file, p, 15, 3600);
    } else if (it.key() == "idle_countdown_s") {
      c.idle_countdown_s = get_int(v, file, p, 5, 120);
    } else if (it.key() == "screen_width_mm") {
      c.screen_width_mm = get_int(v, file, p, 100, 2000);
    } else if (it.key() == "read_pages_aloud") {
      if (!v.is_boolean()) fail_field(file, p, "expected true or false");
      c.read_pages_aloud = v.get<bool>();
    } else if (it.key() == "staff_pin_hash") {
      if (!v.is_null()) {
        std::string hash = get_string(v, file, p);
        if (!kiosk::StaffPin::valid_hash(hash))
          fail_field(file, p, "expected a hash from 'peilpunt pin-hash' (a string starting with $argon2)");
        c.staff_pin_hash = hash;
      }
    } else if (it.key() == "sync") {
      read_sync(v, file, c.sync);
    } else {
      fail_field(file, p, "unknown setting '" + it.key() + "'");
    }
  }
  return c;
}

}  // namespace

std::filesystem::path default_data_dir() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return std::filesystem::path(xdg) / "peilpunt";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::filesystem::path(home) / ".local/share/peilpunt";
  return std::filesystem::current_path() / "peilpunt-data";
}

std::filesystem::path default_survey_file() {
  return sync::assets_folder() / "surveys/jeugdakkoord-midden-drenthe.json";
}

Config load_config(const std::optional<std::filesystem::path>& file) {
  Config c;
  if (file) c = read_file(*file);
  else if (std::filesystem::exists(system_config_file)) c = read_file(system_config_file);
  if (c.data_dir.empty()) c.data_dir = default_data_dir();
  if (c.surveys.empty()) c.surveys.push_back(default_survey_file());
  return c;
}

}  // namespace peilpunt
