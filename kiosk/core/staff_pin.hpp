// The staff PIN: a salted Argon2id hash (libsodium crypto_pwhash_str) in data_dir/staff-pin.json
// or from the config's "staff_pin_hash", with a lockout after five wrong tries that survives a
// restart. Window-free; the PIN pad and staff panel call it.
//
// **Example**:
//   StaffPin pin = StaffPin::open("/var/lib/peilpunt", /*config_hash=*/std::nullopt);
//   if (!pin.is_set()) pin.set("4821");                              // first start: staff choose one
//   const auto now = StaffPin::WallClock::now();
//   switch (pin.check("4821", now)) {
//     case StaffPin::Check::Accepted: break;                          // open the staff panel
//     case StaffPin::Check::LockedOut: pin.locked_for(now); break;    // "try again in ... seconds"
//     case StaffPin::Check::Wrong: case StaffPin::Check::NotSet: break;
//   }
//
// The file (mode 0600, replaced atomically: tmp + fsync + rename + folder fsync):
//   {"hash": "$argon2id$v=19$m=65536,t=2,p=1$...", "failed_tries": 2, "locks": 1,
//    "locked_until_unix_s": 1764000000}
// Lockout: every `tries_per_lock` wrong tries in a row lock the PIN for 30 s, doubling with each
// further lock (60 s, 2 min, ...) up to 1 h; the right PIN resets tries and locks. The lock is
// wall-clock time, so a restart does not lift it; a lock that reads longer than it was set (the
// clock went back) is cut to its length from now.
//
// Each check() or set() of a real PIN costs one Argon2id hash: ~64 MB and a noticeable fraction
// of a second (OPSLIMIT / MEMLIMIT_INTERACTIVE); a check while locked out costs nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace peilpunt::kiosk {

// "FILE: /field: message" when the file is unreadable or malformed; plain sentences for a PIN
// that cannot be set (wrong format, set in the config file, the file could not be written).
struct StaffPinError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class StaffPin {
 public:
  using WallClock = std::chrono::system_clock;
  static constexpr int tries_per_lock = 5;
  static constexpr std::chrono::seconds first_lock{30};
  static constexpr std::chrono::seconds longest_lock{3600};

  // Reads data_dir/staff-pin.json when it exists (a malformed file throws StaffPinError: the
  // kiosk must not quietly forget its PIN or its lockout). config_hash, when given, is the PIN.
  static StaffPin open(const std::filesystem::path& data_dir, std::optional<std::string> config_hash);

  bool is_set() const;
  bool set_by_config() const;  // the PIN is the config's staff_pin_hash; set() refuses
  const std::filesystem::path& file() const;

  // Stores a new PIN (and clears tries and locks). Throws StaffPinError: "the PIN must be 4 to 8
  // digits", "the PIN is set in the config file (staff_pin_hash); change it there", or
  // "FILE: cannot ...: reason" when the file cannot be written (the old PIN then stays).
  void set(std::string_view pin);
  // set() in two steps, so the kiosk hashes on another thread: hash(pin) on any thread, then
  // set_hash() on the thread that owns this StaffPin. Throws as set() does.
  void set_hash(std::string hash);

  enum class Check { Accepted, Wrong, LockedOut, NotSet };
  // Wrong counts a try; the try that reaches tries_per_lock returns LockedOut. While locked every
  // check is LockedOut, the right PIN too, and costs no hash. Never throws for the file: when
  // the tries cannot be saved, the check still answers and save_error() says why.
  Check check(std::string_view pin, WallClock::time_point now);

  // check() in its three steps, so the kiosk hashes on another thread and the PIN pad stays
  // responsive (an Argon2id hash takes ~0.1-0.3 s):
  //   if (auto answer = pin.check_without_hash(now)) show(*answer);            // no hash needed
  //   else { std::string hash = pin.current_hash();                            // UI thread
  //          bool right = StaffPin::matches(hash, typed);                      // any thread
  //          show(pin.record(right, now)); }                                   // UI thread
  std::optional<Check> check_without_hash(WallClock::time_point now);  // NotSet, LockedOut or nothing
  const std::string& current_hash() const;
  static bool matches(const std::string& hash, std::string_view pin);
  Check record(bool right, WallClock::time_point now);

  std::chrono::seconds locked_for(WallClock::time_point now) const;  // 0 when not locked
  int tries_left() const;  // wrong tries before the next lock
  const std::string& save_error() const;  // the last failed write of the file; empty when fine

  static bool valid_pin(std::string_view pin);  // 4 to 8 ASCII digits
  // The crypto_pwhash_str string (Argon2id, interactive limits) of a valid PIN; for set() and
  // `peilpunt pin-hash`. Throws StaffPinError for an invalid PIN.
  static std::string hash(std::string_view pin);
  // True for a string crypto_pwhash_str_verify can check ("$argon2id$..." or "$argon2i$...").
  static bool valid_hash(std::string_view hash);

 private:
  StaffPin() = default;
  std::chrono::seconds lock_length() const;  // of the lock numbered locks_
  void save();                               // throws StaffPinError
  void save_counting_error();                // for check(): records instead of throwing

  std::filesystem::path file_;
  std::optional<std::string> config_hash_;
  std::string file_hash_;  // empty: no PIN in the file
  int failed_tries_ = 0;
  int locks_ = 0;
  std::int64_t locked_until_unix_s_ = 0;
  std::string save_error_;
};

}  // namespace peilpunt::kiosk
