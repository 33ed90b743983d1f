// The staff PIN: hash file, lockout and its persistence, the config's staff_pin_hash. Lockout
// tests use a config hash made at libsodium's minimum cost (verifying reads the cost from the
// hash), so only the few tests that go through set() pay Argon2id's interactive 64 MB each.
#include "kiosk/core/staff_pin.hpp"

#include <sodium.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "kiosk/core/config.hpp"
#include "tests/sync/support.hpp"

namespace peilpunt::kiosk {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using sync::testing::TempDir;
using sync::testing::file_bytes;
using sync::testing::write_bytes;
using Check = StaffPin::Check;

const StaffPin::WallClock::time_point t0 = StaffPin::WallClock::time_point(1'764'000'000s);

std::string cheap_hash(const std::string& pin) {
  REQUIRE(sodium_init() >= 0);
  char out[crypto_pwhash_STRBYTES];
  REQUIRE(crypto_pwhash_str(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN) == 0);
  return out;
}

// Five wrong tries at `at`; the fifth locks.
void lock_out(StaffPin& pin, StaffPin::WallClock::time_point at) {
  for (int i = 0; i < 4; ++i) REQUIRE(pin.check("0000", at) == Check::Wrong);
  REQUIRE(pin.check("0000", at) == Check::LockedOut);
}

std::string message_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no exception)";
}

}  // namespace

// [SECTION] the PIN set on the tablet (real Argon2id cost) -------------------------------------

TEST_CASE("a PIN set on the tablet is checked, and stored only as a salted hash in a 0600 file", "[staff_pin]") {
  TempDir dir;
  StaffPin pin = StaffPin::open(dir.path, std::nullopt);
  CHECK_FALSE(pin.is_set());
  CHECK(pin.check("4821", t0) == Check::NotSet);

  pin.set("48210957");
  REQUIRE(pin.is_set());
  std::string stored = file_bytes(dir.path / "staff-pin.json");
  CHECK(stored.find("$argon2id$") != std::string::npos);
  CHECK(stored.find("48210957") == std::string::npos);
  CHECK(stored.find("4821") == std::string::npos);
  struct stat info {};
  REQUIRE(::stat((dir.path / "staff-pin.json").c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  CHECK_FALSE(std::filesystem::exists(dir.path / "staff-pin.json.tmp"));

  CHECK(pin.check("48210958", t0) == Check::Wrong);
  CHECK(pin.tries_left() == 4);
  CHECK(StaffPin::open(dir.path, std::nullopt).check("48210957", t0) == Check::Accepted);

  // Salted: the same PIN on another tablet gives another hash.
  TempDir other;
  StaffPin::open(other.path, std::nullopt).set("48210957");
  CHECK(file_bytes(other.path / "staff-pin.json") != stored);
}

TEST_CASE("a PIN must be 4 to 8 digits", "[staff_pin]") {
  TempDir dir;
  StaffPin pin = StaffPin::open(dir.path, std::nullopt);
  for (const char* bad : {"", "123", "123456789", "12a4", "12 34", "١٢٣٤"})
    CHECK(message_of([&] { pin.set(bad); }) == "the PIN must be 4 to 8 digits");
  CHECK_FALSE(pin.is_set());
  CHECK_FALSE(std::filesystem::exists(dir.path / "staff-pin.json"));
  CHECK(StaffPin::valid_pin("0000"));
  CHECK(StaffPin::valid_pin("12345678"));
}

TEST_CASE("a PIN that cannot be saved is not taken, and a check still answers and says why", "[staff_pin]") {
  TempDir dir;
  write_bytes(dir.path / "not-a-folder", "x");
  fs::path data_dir = dir.path / "not-a-folder" / "data";
  StaffPin pin = StaffPin::open(data_dir, std::nullopt);
  std::string message = message_of([&] { pin.set("4821"); });
  INFO(message);
  CHECK(message.rfind(data_dir.string() + ": cannot create the data folder: ", 0) == 0);
  CHECK_FALSE(pin.is_set());

  StaffPin configured = StaffPin::open(data_dir, cheap_hash("4821"));
  CHECK(configured.check("1111", t0) == Check::Wrong);
  CHECK(configured.save_error().find("cannot create the data folder") != std::string::npos);
  CHECK(configured.tries_left() == 4);  // still counted in memory
}

// [SECTION] lockout (cheap config hash) --------------------------------------------------------

TEST_CASE("five wrong tries lock the PIN, the right one too, until the lock has passed", "[staff_pin]") {
  TempDir dir;
  StaffPin pin = StaffPin::open(dir.path, cheap_hash("2468"));
  for (int left = 4; left >= 1; --left) {
    CHECK(pin.check("1357", t0) == Check::Wrong);
    CHECK(pin.tries_left() == left);
  }
  CHECK(pin.check("1357", t0) == Check::LockedOut);
  CHECK(pin.locked_for(t0) == 30s);
  CHECK(pin.check("2468", t0 + 29s) == Check::LockedOut);
  CHECK(pin.locked_for(t0 + 29s) == 1s);
  CHECK(pin.check("2468", t0 + 30s) == Check::Accepted);
  CHECK(pin.locked_for(t0 + 30s) == 0s);
}

TEST_CASE("each further lock doubles, up to an hour; the right PIN starts again at 30 s", "[staff_pin]") {
  TempDir dir;
  StaffPin pin = StaffPin::open(dir.path, cheap_hash("2468"));
  auto now = t0;
  std::vector<std::int64_t> locks;
  for (int round = 0; round < 9; ++round) {
    lock_out(pin, now);
    locks.push_back(pin.locked_for(now).count());
    now += pin.locked_for(now);
  }
  CHECK(locks == std::vector<std::int64_t>{30, 60, 120, 240, 480, 960, 1920, 3600, 3600});
  CHECK(pin.check("2468", now) == Check::Accepted);
  lock_out(pin, now);
  CHECK(pin.locked_for(now) == 30s);
}

TEST_CASE("a restart neither lifts the lock nor forgets wrong tries", "[staff_pin]") {
  TempDir dir;
  std::string hash = cheap_hash("2468");
  {
    StaffPin pin = StaffPin::open(dir.path, hash);
    lock_out(pin, t0);
  }
  StaffPin reopened = StaffPin::open(dir.path, hash);
  CHECK(reopened.check("2468", t0 + 10s) == Check::LockedOut);
  CHECK(reopened.locked_for(t0 + 10s) == 20s);
  CHECK(reopened.check("1357", t0 + 30s) == Check::Wrong);
  CHECK(reopened.check("1357", t0 + 30s) == Check::Wrong);
  CHECK(StaffPin::open(dir.path, hash).tries_left() == 3);
}

TEST_CASE("a clock set back does not stretch the lock beyond its length", "[staff_pin]") {
  TempDir dir;
  StaffPin pin = StaffPin::open(dir.path, cheap_hash("2468"));
  lock_out(pin, t0);
  auto back = t0 - 24h;
  CHECK(pin.locked_for(back) == 30s);
  CHECK(pin.check("2468", back) == Check::LockedOut);
  CHECK(pin.check("2468", back + 29s) == Check::LockedOut);
  CHECK(pin.check("2468", back + 31s) == Check::Accepted);
}

// [SECTION] the config's staff_pin_hash --------------------------------------------------------

TEST_CASE("a config hash wins over the tablet's PIN, which cannot then be changed", "[staff_pin]") {
  TempDir dir;
  write_bytes(dir.path / "staff-pin.json", R"({"hash": ")" + cheap_hash("1111") + R"("})");
  StaffPin pin = StaffPin::open(dir.path, cheap_hash("2222"));
  CHECK(pin.set_by_config());
  CHECK(pin.check("1111", t0) == Check::Wrong);
  CHECK(pin.check("2222", t0) == Check::Accepted);
  CHECK(message_of([&] { pin.set("3333"); }) == "the PIN is set in the config file (staff_pin_hash); change it there");
  // Without the config the tablet's own PIN is back.
  CHECK(StaffPin::open(dir.path, std::nullopt).check("1111", t0) == Check::Accepted);
}

TEST_CASE("config staff_pin_hash: a libsodium hash is taken, anything else is named in the error", "[staff_pin]") {
  TempDir dir;
  fs::path file = dir.path / "config.json";
  std::string hash = cheap_hash("2468");
  write_bytes(file, R"({"staff_pin_hash": ")" + hash + R"("})");
  CHECK(load_config(file).staff_pin_hash == hash);
  write_bytes(file, R"({"staff_pin_hash": null})");
  CHECK_FALSE(load_config(file).staff_pin_hash);

  std::string expected = file.string() + ": /staff_pin_hash: expected a hash from 'peilpunt pin-hash' (a string starting with $argon2)";
  for (const char* bad : {R"("2468")", R"("$argon2id$v=19$nonsense")", R"("$2y$10$abcdefghijklmnopqrstuv")"}) {
    write_bytes(file, std::string(R"({"staff_pin_hash": )") + bad + "}");
    CHECK(message_of([&] { load_config(file); }) == expected);
  }
  write_bytes(file, R"({"staff_pin_hash": 2468})");
  CHECK(message_of([&] { load_config(file); }) == file.string() + ": /staff_pin_hash: expected a string");
}

TEST_CASE("a damaged PIN file stops the kiosk with the file and field named", "[staff_pin]") {
  TempDir dir;
  fs::path file = dir.path / "staff-pin.json";
  write_bytes(file, "{\"hash\": ");
  CHECK(message_of([&] { StaffPin::open(dir.path, std::nullopt); }) ==
        file.string() + ": /: not a staff PIN file (expected a JSON object); delete it to choose a new PIN");
  write_bytes(file, R"({"hash": "4821"})");
  CHECK(message_of([&] { StaffPin::open(dir.path, std::nullopt); }) ==
        file.string() + ": /hash: expected a PIN hash (a string starting with $argon2)");
  write_bytes(file, R"({"failed_tries": -1})");
  CHECK(message_of([&] { StaffPin::open(dir.path, std::nullopt); }) ==
        file.string() + ": /failed_tries: expected a whole number from 0 to 1000000");
  write_bytes(file, R"({"pin": "4821"})");
  CHECK(message_of([&] { StaffPin::open(dir.path, std::nullopt); }) == file.string() + ": /pin: unknown setting 'pin'");
}

TEST_CASE("the check in three steps (the kiosk hashes off the UI thread) counts and locks like check()", "[staff_pin]") {
  TempDir dir;
  StaffPin pin = StaffPin::open(dir.path, cheap_hash("2468"));
  CHECK_FALSE(pin.check_without_hash(t0));
  const std::string hash = pin.current_hash();
  CHECK(StaffPin::matches(hash, "2468"));
  CHECK_FALSE(StaffPin::matches(hash, "2469"));
  CHECK_FALSE(StaffPin::matches(hash, "24a8"));  // not a PIN: never hashed
  CHECK_FALSE(StaffPin::matches("", "2468"));
  for (int i = 0; i < 4; ++i) CHECK(pin.record(false, t0) == Check::Wrong);
  CHECK(pin.record(false, t0) == Check::LockedOut);
  REQUIRE(pin.check_without_hash(t0 + 10s));
  CHECK(*pin.check_without_hash(t0 + 10s) == Check::LockedOut);
  CHECK_FALSE(pin.check_without_hash(t0 + 31s));
  CHECK(pin.record(true, t0 + 31s) == Check::Accepted);
  CHECK(pin.tries_left() == StaffPin::tries_per_lock);
  CHECK(StaffPin::open(dir.path, std::nullopt).check_without_hash(t0) == Check::NotSet);
}

}  // namespace peilpunt::kiosk
