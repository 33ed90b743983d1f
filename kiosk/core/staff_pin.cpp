// The staff PIN's hash, tries and lock, kept in one small JSON file that is replaced whole, so a
// power cut leaves either the old or the new state, never a PIN file the kiosk cannot read.
#include "kiosk/core/staff_pin.hpp"

#include <sodium.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>

#include <nlohmann/json.hpp>

#include "sync/atomic_file.hpp"

namespace peilpunt::kiosk {
namespace {

namespace fs = std::filesystem;

void ensure_sodium() {
  if (sodium_init() < 0) throw StaffPinError("libsodium could not be initialised");
}

[[noreturn]] void fail_field(const fs::path& file, const std::string& pointer, const std::string& message) {
  throw StaffPinError(file.string() + ": " + pointer + ": " + message);
}

std::int64_t read_count(const nlohmann::json& value, const fs::path& file, const std::string& pointer) {
  if (!value.is_number_integer() || value.get<std::int64_t>() < 0 || value.get<std::int64_t>() > 1'000'000)
    fail_field(file, pointer, "expected a whole number from 0 to 1000000");
  return value.get<std::int64_t>();
}

// Rounded up, so a lock stored in whole seconds is never shorter than it was set for.
std::int64_t unix_seconds_rounded_up(StaffPin::WallClock::time_point t) {
  return std::chrono::ceil<std::chrono::seconds>(t.time_since_epoch()).count();
}

// Replaces `file` by `bytes` (mode 0600: the hash is never readable by others) so that a crash
// leaves the old or the new file whole (sync/atomic_file.hpp).
void replace_file(const fs::path& file, const std::string& bytes) {
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  if (ec) throw StaffPinError(file.parent_path().string() + ": cannot create the data folder: " + ec.message());
  try {
    sync::replace_file_atomically(file, bytes, 0600);
  } catch (const sync::FileError& e) {
    throw StaffPinError(e.what());
  }
}

}  // namespace

// [SECTION] PIN and hash format ----------------------------------------------------------------

bool StaffPin::valid_pin(std::string_view pin) {
  return pin.size() >= 4 && pin.size() <= 8 &&
         std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string StaffPin::hash(std::string_view pin) {
  if (!valid_pin(pin)) throw StaffPinError("the PIN must be 4 to 8 digits");
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw StaffPinError("cannot hash the PIN: not enough memory (Argon2id needs 64 MB)");
  return out;
}

bool StaffPin::valid_hash(std::string_view hash) {
  if (hash.rfind("$argon2", 0) != 0 || hash.find('\0') != std::string_view::npos) return false;
  if (hash.size() >= crypto_pwhash_STRBYTES) return false;
  ensure_sodium();
  std::string terminated(hash);
  // -1 means libsodium cannot parse it; 0 or 1 (weaker or stronger than interactive) both verify.
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != -1;
}

// [SECTION] the file ---------------------------------------------------------------------------

StaffPin StaffPin::open(const fs::path& data_dir, std::optional<std::string> config_hash) {
  ensure_sodium();
  StaffPin pin;
  pin.file_ = data_dir / "staff-pin.json";
  if (config_hash && !valid_hash(*config_hash))
    throw StaffPinError("staff_pin_hash: expected a hash from 'peilpunt pin-hash' (a string starting with $argon2)");
  pin.config_hash_ = std::move(config_hash);

  std::error_code ec;
  fs::file_status status = fs::status(pin.file_, ec);
  if (status.type() == fs::file_type::not_found) return pin;
  if (status.type() != fs::file_type::regular)
    fail_field(pin.file_, "/", "cannot read the file: not a regular file");
  std::ifstream in(pin.file_, std::ios::binary);
  if (!in) fail_field(pin.file_, "/", std::string("cannot read the file: ") + std::strerror(errno));
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    fail_field(pin.file_, "/", "not a staff PIN file (expected a JSON object); delete it to choose a new PIN");
  for (auto it = j.begin(); it != j.end(); ++it) {
    std::string pointer = "/" + it.key();
    const nlohmann::json& value = it.value();
    if (it.key() == "hash") {
      if (!value.is_string() || !valid_hash(value.get<std::string>()))
        fail_field(pin.file_, pointer, "expected a PIN hash (a string starting with $argon2)");
      pin.file_hash_ = value.get<std::string>();
    } else if (it.key() == "failed_tries") {
      pin.failed_tries_ = static_cast<int>(std::min<std::int64_t>(read_count(value, pin.file_, pointer), tries_per_lock - 1));
    } else if (it.key() == "locks") {
      pin.locks_ = static_cast<int>(read_count(value, pin.file_, pointer));
    } else if (it.key() == "locked_until_unix_s") {
      if (!value.is_number_integer() || value.get<std::int64_t>() < 0)
        fail_field(pin.file_, pointer, "expected a whole number of seconds since 1970");
      pin.locked_until_unix_s_ = value.get<std::int64_t>();
    } else {
      fail_field(pin.file_, pointer, "unknown setting '" + it.key() + "'");
    }
  }
  return pin;
}

void StaffPin::save() {
  nlohmann::json j = nlohmann::json::object();
  if (!file_hash_.empty()) j["hash"] = file_hash_;
  j["failed_tries"] = failed_tries_;
  j["locks"] = locks_;
  j["locked_until_unix_s"] = locked_until_unix_s_;
  replace_file(file_, j.dump() + "\n");
}

void StaffPin::save_counting_error() {
  try {
    save();
    save_error_.clear();
  } catch (const StaffPinError& e) {
    save_error_ = e.what();
  }
}

// [SECTION] set and check ----------------------------------------------------------------------

bool StaffPin::is_set() const { return config_hash_.has_value() || !file_hash_.empty(); }
bool StaffPin::set_by_config() const { return config_hash_.has_value(); }
const fs::path& StaffPin::file() const { return file_; }
int StaffPin::tries_left() const { return tries_per_lock - failed_tries_; }
const std::string& StaffPin::save_error() const { return save_error_; }

void StaffPin::set(std::string_view pin) {
  if (set_by_config()) throw StaffPinError("the PIN is set in the config file (staff_pin_hash); change it there");
  set_hash(hash(pin));
}

void StaffPin::set_hash(std::string new_hash) {
  if (set_by_config()) throw StaffPinError("the PIN is set in the config file (staff_pin_hash); change it there");
  if (!valid_hash(new_hash)) throw StaffPinError("not an Argon2 PIN hash");
  StaffPin before = *this;
  file_hash_ = std::move(new_hash);
  failed_tries_ = 0;
  locks_ = 0;
  locked_until_unix_s_ = 0;
  try {
    save();
    save_error_.clear();
  } catch (...) {
    *this = std::move(before);
    throw;
  }
}

std::chrono::seconds StaffPin::lock_length() const {
  if (locks_ <= 0) return std::chrono::seconds(0);
  std::chrono::seconds length = first_lock;
  for (int i = 1; i < locks_ && length < longest_lock; ++i) length *= 2;
  return std::min(length, longest_lock);
}

std::chrono::seconds StaffPin::locked_for(WallClock::time_point now) const {
  auto until = WallClock::time_point(std::chrono::seconds(locked_until_unix_s_));
  if (now >= until) return std::chrono::seconds(0);
  return std::min(std::chrono::ceil<std::chrono::seconds>(until - now), lock_length());
}

StaffPin::Check StaffPin::check(std::string_view pin, WallClock::time_point now) {
  if (auto answer = check_without_hash(now)) return *answer;
  return record(matches(current_hash(), pin), now);
}

std::optional<StaffPin::Check> StaffPin::check_without_hash(WallClock::time_point now) {
  if (!is_set()) return Check::NotSet;
  auto until = WallClock::time_point(std::chrono::seconds(locked_until_unix_s_));
  if (now < until) {
    // Longer than it was set for (plus the rounding up to whole seconds): the clock went back
    // since. Keep the lock's length, not the jump.
    if (until - now > lock_length() + std::chrono::seconds(1)) {
      locked_until_unix_s_ = unix_seconds_rounded_up(now) + lock_length().count();
      save_counting_error();
    }
    return Check::LockedOut;
  }
  return std::nullopt;
}

const std::string& StaffPin::current_hash() const { return config_hash_ ? *config_hash_ : file_hash_; }

bool StaffPin::matches(const std::string& hash, std::string_view pin) {
  return valid_pin(pin) && !hash.empty() && crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

StaffPin::Check StaffPin::record(bool right, WallClock::time_point now) {
  if (right) {
    if (failed_tries_ != 0 || locks_ != 0 || locked_until_unix_s_ != 0) {
      failed_tries_ = 0;
      locks_ = 0;
      locked_until_unix_s_ = 0;
      save_counting_error();
    }
    return Check::Accepted;
  }
  ++failed_tries_;
  Check result = Check::Wrong;
  if (failed_tries_ >= tries_per_lock) {
    failed_tries_ = 0;
    if (locks_ < std::numeric_limits<int>::max()) ++locks_;
    locked_until_unix_s_ = unix_seconds_rounded_up(now) + lock_length().count();
    result = Check::LockedOut;
  }
  save_counting_error();
  return result;
}

}  // namespace peilpunt::kiosk
