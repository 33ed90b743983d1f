// The kiosk's configuration (docs/ARCHITECTURE.md, "Configuration"): /etc/peilpunt/config.json, or the file
// given with --config; every field has a default, unknown keys are an error.
//
// **Example**:
//   #include "sync/outbox.hpp"
//   Config c = load_config(std::nullopt);                           // defaults, or /etc/peilpunt/config.json
//   auto outbox = sync::Outbox::open(c.data_dir / "outbox.sqlite");
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace peilpunt {

struct SyncConfig {
  std::string endpoint;   // empty: sync off
  std::string token_file;
  int interval_s = 60;
  std::string ca_file;    // empty: the system's CAs
  bool allow_insecure_http = false;
};

struct Config {
  std::string device_name;  // empty: the outbox's default name
  std::filesystem::path data_dir;
  std::vector<std::filesystem::path> surveys;
  std::string language = "nl";
  int idle_timeout_s = 90;
  int idle_countdown_s = 20;  // "Ben je er nog?" shows this long before the answers are wiped
  // The visible width of the screen in mm, so touch targets are 12 mm: 217 is a 10.1" 16:10 tablet.
  int screen_width_mm = 217;
  // Read each new page aloud without a tap (residents can still switch it off and on at the
  // welcome screen); false: only the speaker button beside each question reads.
  bool read_pages_aloud = false;
  // A crypto_pwhash_str string from `peilpunt pin-hash`: the staff PIN, winning over the one
  // staff set on the tablet (data_dir/staff-pin.json), which can then not be changed there.
  std::optional<std::string> staff_pin_hash;
  SyncConfig sync;
};

// "FILE: /field: message", like questionnaire errors.
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline const std::filesystem::path system_config_file = "/etc/peilpunt/config.json";

// Reads `file` when given, else the system config file when it exists, else only defaults.
Config load_config(const std::optional<std::filesystem::path>& file);
std::filesystem::path default_data_dir();     // $XDG_DATA_HOME/peilpunt or ~/.local/share/peilpunt
std::filesystem::path default_survey_file();  // the Jeugdakkoord questionnaire shipped in assets

}  // namespace peilpunt
