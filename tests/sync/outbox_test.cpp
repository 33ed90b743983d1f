// sync::Outbox: every state change and every error path, on a fresh folder per test. The files
// the outbox must refuse (newer, corrupt, locked, read-only) are checked byte for byte afterwards.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "sync/outbox.hpp"
#include "tests/sync/support.hpp"

using namespace peilpunt::sync;
using namespace peilpunt::sync::testing;
using Kind = OutboxError::Kind;

namespace {

// Runs `open` and returns the error it threw; fails the test when it did not throw one.
OutboxError open_error(const fs::path& file) {
  try {
    Outbox::open(file);
  } catch (const OutboxError& e) {
    return e;
  }
  FAIL("Outbox::open(" << file << ") succeeded");
  throw std::logic_error("unreachable");
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<std::int64_t> seqs_of(const Outbox& outbox) {
  std::vector<std::int64_t> out;
  outbox.for_each([&](const StoredResponse& r) { out.push_back(r.envelope.seq); });
  return out;
}


}  // namespace

// [SECTION] commit and reading back

TEST_CASE("commit assigns an id and seq 1, 2, 3 and stores the response as pending") {
  TempDir dir;
  auto outbox = Outbox::open(dir.path / "outbox.sqlite");
  std::set<std::string> ids;
  for (int i = 1; i <= 3; ++i) {
    Envelope stored = outbox.commit(sample_envelope(i));
    CHECK(stored.seq == i);
    CHECK(stored.id.size() == 36);
    CHECK(stored.id[14] == '4');  // UUID version 4
    ids.insert(stored.id);
    auto found = outbox.find(stored.id);
    REQUIRE(found);
    CHECK(found->state == State::Pending);
    CHECK(found->attempts == 0);
    CHECK(found->last_error.empty());
    CHECK(found->envelope.seq == i);
    CHECK(!found->created_at.empty());
    CHECK(found->created_at == found->updated_at);
  }
  CHECK(ids.size() == 3);
  auto counts = outbox.counts();
  CHECK(counts.total == 3);
  CHECK(counts.pending == 3);
  CHECK(counts.sent == 0);
  CHECK(counts.rejected == 0);
  CHECK(outbox.last_sync().empty());
}

TEST_CASE("seq continues after the outbox is closed and opened again") {
  TempDir dir;
  const auto file = dir.path / "outbox.sqlite";
  {
    auto outbox = Outbox::open(file);
    outbox.commit(sample_envelope(1));
    outbox.commit(sample_envelope(2));
  }
  auto outbox = Outbox::open(file);
  CHECK(outbox.commit(sample_envelope(3)).seq == 3);
  CHECK(seqs_of(outbox) == std::vector<std::int64_t>{1, 2, 3});
}

TEST_CASE("a stored envelope reads back exactly, diacritics and emoji included") {
  TempDir dir;
  const auto file = dir.path / "outbox.sqlite";
  Envelope e = sample_envelope(7);
  e.data["emoji"] = "👩🏽‍🦱 🏳️‍🌈 ❤️";
  e.data["tekst"] = "Één; \"twee\"\r\nдва\t三 \\ / \u00a0";
  e.data["getal"] = 4.25;
  e.data["leeg"] = nlohmann::ordered_json::array();
  Envelope stored = Outbox::open(file).commit(e);
  e.id = stored.id;
  e.seq = stored.seq;
  auto outbox = Outbox::open(file);
  auto found = outbox.find(stored.id);
  REQUIRE(found);
  CHECK(found->envelope.to_json().dump() == e.to_json().dump());
  CHECK(RawDb(file).text("SELECT envelope FROM responses") == e.to_json().dump());
}

TEST_CASE("an id chosen by the caller is kept, and the same response committed again is not stored twice") {
  TempDir dir;
  auto outbox = Outbox::open(dir.path / "outbox.sqlite");
  Envelope e = sample_envelope(1);
  e.id = "0b6c5f3e-2a41-4d8e-9b1a-7c2d3e4f5a6b";
  CHECK(outbox.commit(e).id == e.id);
  Envelope again = outbox.commit(e);  // a retry of a commit whose outcome the caller missed
  CHECK(again.seq == 1);
  CHECK(outbox.counts().total == 1);

  Envelope other = sample_envelope(2);
  other.id = e.id;
  CHECK_THROWS_WITH(outbox.commit(other), Catch::Contains("is already in the outbox with other answers"));
  CHECK(outbox.counts().total == 1);
  CHECK(outbox.commit(sample_envelope(3)).seq == 2);
}

TEST_CASE("pending returns at most the limit, oldest first, and for_each visits every response in seq order") {
  TempDir dir;
  auto outbox = Outbox::open(dir.path / "outbox.sqlite");
  std::vector<std::string> ids;
  for (int i = 1; i <= 6; ++i) ids.push_back(outbox.commit(sample_envelope(i)).id);
  outbox.mark_sent({ids[0], ids[2]});

  auto first = outbox.pending(3);
  REQUIRE(first.size() == 3);
  CHECK(first[0].envelope.id == ids[1]);
  CHECK(first[1].envelope.id == ids[3]);
  CHECK(first[2].envelope.id == ids[4]);
  CHECK(outbox.pending(100).size() == 4);
  CHECK(outbox.pending(0).empty());

  std::vector<std::string> visited;
  outbox.for_each([&](const StoredResponse& r) { visited.push_back(r.envelope.id); });
  CHECK(visited == ids);
}

// [SECTION] state changes

TEST_CASE("mark_sent moves pending responses to sent and records the time of the sync") {
  TempDir dir;
  auto outbox = Outbox::open(dir.path / "outbox.sqlite");
  auto a = outbox.commit(sample_envelope(1)).id;
  auto b = outbox.commit(sample_envelope(2)).id;
  auto c = outbox.commit(sample_envelope(3)).id;
  outbox.mark_sent({a, b});
  CHECK(outbox.find(a)->state == State::Sent);
  CHECK(outbox.find(b)->state == State::Sent);
  CHECK(outbox.find(c)->state == State::Pending);
  CHECK(outbox.last_sync().size() == std::string("2026-11-23T10:02:40+01:00").size());
  auto counts = outbox.counts();
  CHECK(counts.pending == 1);
  CHECK(counts.sent == 2);
  CHECK(counts.total == 3);
}

TEST_CASE("mark_rejected keeps the collector's reason, and a rejected response is not offered again") {
  TempDir dir;
  auto outbox = Outbox::open(dir.path / "outbox.sqlite");
  auto a = outbox.commit(sample_envelope(1)).id;
  auto b = outbox.commit(sample_envelope(2)).id;
  outbox.mark_rejected(a, "unknown questionnaire jeugdakkoord-midden-drenthe 2026-1");
  auto found = outbox.find(a);
  CHECK(found->state == State::Rejected);
  CHECK(found->last_error == "unknown questionnaire jeugdakkoord-midden-drenthe 2026-1");
  REQUIRE(outbox.pending(10).size() == 1);
  CHECK(outbox.pending(10)[0].envelope.id == b);
  CHECK(outbox.counts().rejected == 1);
  CHECK(outbox.last_sync().empty());
}

TEST_CASE("record_failure counts attempts and keeps the last error, and the response stays pending") {
  TempDir dir;
  auto outbox = Outbox::open(dir.path / "outbox.sqlite");
  auto a = outbox.commit(sample_envelope(1)).id;
  outbox.record_failure({a}, "https://collector.example.nl: HTTP 503");
  outbox.record_failure({a}, "https://collector.example.nl: curl error 28: Timeout was reached");
  auto found = outbox.find(a);
  CHECK(found->state == State::Pending);
  CHECK(found->attempts == 2);
  CHECK(found->last_error == "https://collector.example.nl: curl error 28: Timeout was reached");
  outbox.mark_sent({a});
  found = outbox.find(a);
  CHECK(found->state == State::Sent);
  CHECK(found->attempts == 2);
}

TEST_CASE("sent and rejected are final: later marks and failures leave them as they are") {
  TempDir dir;
  auto outbox = Outbox::open(dir.path / "outbox.sqlite");
  auto sent = outbox.commit(sample_envelope(1)).id;
  auto rejected = outbox.commit(sample_envelope(2)).id;
  outbox.mark_sent({sent});
  outbox.mark_rejected(rejected, "invalid");
  const auto sent_before = *outbox.find(sent);
  const auto rejected_before = *outbox.find(rejected);

  outbox.mark_rejected(sent, "too late");
  outbox.mark_sent({rejected});
  outbox.record_failure({sent, rejected}, "HTTP 500");
  outbox.mark_sent({sent});  // acknowledged again: still sent, still the same row

  auto s = *outbox.find(sent);
  auto r = *outbox.find(rejected);
  CHECK(s.state == State::Sent);
  CHECK(s.attempts == 0);
  CHECK(s.last_error.empty());
  CHECK(s.updated_at == sent_before.updated_at);
  CHECK(r.state == State::Rejected);
  CHECK(r.last_error == "invalid");
  CHECK(r.attempts == 0);
  CHECK(r.updated_at == rejected_before.updated_at);
}

TEST_CASE("unknown ids are ignored by every state change") {
  TempDir dir;
  auto outbox = Outbox::open(dir.path / "outbox.sqlite");
  auto a = outbox.commit(sample_envelope(1)).id;
  outbox.mark_sent({"no-such-id"});
  outbox.mark_rejected("no-such-id", "x");
  outbox.record_failure({"no-such-id"}, "x");
  outbox.mark_sent({});
  outbox.record_failure({}, "x");
  CHECK(outbox.last_sync().empty());  // nothing of ours was acknowledged
  CHECK_FALSE(outbox.find("no-such-id"));
  CHECK(outbox.find(a)->state == State::Pending);
  CHECK(outbox.counts().total == 1);
}

TEST_CASE("nothing is ever deleted: the database itself refuses DELETE and changes to a stored response") {
  TempDir dir;
  const auto file = dir.path / "outbox.sqlite";
  {
    auto outbox = Outbox::open(file);
    auto a = outbox.commit(sample_envelope(1)).id;
    outbox.commit(sample_envelope(2));
    outbox.mark_sent({a});
  }
  RawDb raw(file);
  CHECK(raw.exec("DELETE FROM responses WHERE seq = 1") != SQLITE_OK);
  CHECK(contains(raw.error(), "never deleted"));
  CHECK(raw.exec("UPDATE responses SET envelope = '{}' WHERE seq = 2") != SQLITE_OK);
  CHECK(raw.exec("UPDATE responses SET state = 'pending' WHERE seq = 1") != SQLITE_OK);
  CHECK(raw.exec("INSERT INTO responses(seq, id, survey_id, created_at, updated_at, envelope) "
                 "VALUES (5, 'x', 's', 't', 't', '{}')") != SQLITE_OK);  // a gap in seq
  CHECK(raw.text("SELECT count(*) FROM responses") == "2");
}

// [SECTION] device

TEST_CASE("the device id is generated once and kept, and the name defaults to tablet- and its first 8 characters") {
  TempDir dir;
  const auto file = dir.path / "outbox.sqlite";
  std::string id;
  {
    auto outbox = Outbox::open(file);
    id = outbox.device_id();
    CHECK(id.size() == 36);
    CHECK(outbox.device_name() == "tablet-" + id.substr(0, 8));
  }
  auto outbox = Outbox::open(file);
  CHECK(outbox.device_id() == id);
  TempDir other;
  CHECK(Outbox::open(other.path / "outbox.sqlite").device_id() != id);
}

TEST_CASE("staff can rename the device, but not to an empty, over-long or control-character name") {
  TempDir dir;
  const auto file = dir.path / "outbox.sqlite";
  Outbox::open(file).set_device_name("tablet-03 Gemeentehuis Beilen");
  auto outbox = Outbox::open(file);
  CHECK(outbox.device_name() == "tablet-03 Gemeentehuis Beilen");
  CHECK_THROWS_WITH(outbox.set_device_name(""), "the device name must not be empty");
  CHECK_THROWS_WITH(outbox.set_device_name("   "), "the device name must not be empty");
  CHECK_THROWS_WITH(outbox.set_device_name(std::string(65, 'x')), "the device name must be at most 64 characters");
  CHECK_THROWS_WITH(outbox.set_device_name("a\nb"), "the device name must not contain control characters");
  std::string sixty_four_accents;
  for (int i = 0; i < 64; ++i) sixty_four_accents += "é";  // 128 bytes, 64 characters
  outbox.set_device_name(sixty_four_accents);
  CHECK(outbox.device_name() == sixty_four_accents);
}

// [SECTION] schema versions

TEST_CASE("a new file and an empty file are migrated from version 0 to the current schema in WAL mode") {
  TempDir dir;
  const auto fresh = dir.path / "new.sqlite";
  const auto empty = dir.path / "empty.sqlite";  // what a crash during the very first open leaves
  write_bytes(empty, "");
  for (const auto& file : {fresh, empty}) {
    Outbox::open(file).commit(sample_envelope(1));
    RawDb raw(file);
    CHECK(raw.text("PRAGMA user_version") == std::to_string(Outbox::schema_version));
    CHECK(raw.text("PRAGMA journal_mode") == "wal");
    CHECK(raw.text("SELECT count(*) FROM responses") == "1");
    CHECK(raw.text("SELECT count(*) FROM meta WHERE key IN ('device_id', 'device_name')") == "2");
  }
}

TEST_CASE("a database from a newer Peilpunt is refused and left byte for byte as it was") {
  TempDir dir;
  const auto file = dir.path / "outbox.sqlite";
  Outbox::open(file).commit(sample_envelope(1));
  {
    RawDb raw(file);
    REQUIRE(raw.exec("PRAGMA journal_mode = DELETE; PRAGMA user_version = 99") == SQLITE_OK);
  }
  const std::string before = fingerprint(file);
  auto e = open_error(file);
  CHECK(e.kind() == Kind::TooNew);
  CHECK(std::string(e.what()) == file.string() +
                                     ": the database is from a newer Peilpunt (schema 99, this version knows 1); it "
                                     "was not changed. Update Peilpunt on this tablet");
  CHECK(fingerprint(file) == before);
}

// [SECTION] files the outbox must not use

TEST_CASE("a file of random bytes is reported as corrupt and not overwritten") {
  TempDir dir;
  const auto file = dir.path / "outbox.sqlite";
  std::string garbage;
  for (int i = 0; i < 8192; ++i) garbage += static_cast<char>((i * 7919 + 13) % 251);
  write_bytes(file, garbage);
  auto e = open_error(file);
  CHECK(e.kind() == Kind::Corrupt);
  CHECK(contains(e.what(), file.string() + ": the database is damaged or is not a Peilpunt outbox"));
  CHECK(contains(e.what(), "it was not changed"));
  CHECK(sha256_hex(file_bytes(file)) == sha256_hex(garbage));
}

TEST_CASE("a truncated database is reported as corrupt and not overwritten") {
  TempDir dir;
  const auto file = dir.path / "outbox.sqlite";
  {
    auto outbox = Outbox::open(file);
    for (int i = 1; i <= 40; ++i) outbox.commit(sample_envelope(i));
  }
  const std::string whole = file_bytes(file);
  REQUIRE(whole.size() > 16 * 4096);
  for (std::size_t keep : {std::size_t{50}, std::size_t{4096}, whole.size() / 2, whole.size() - 4096}) {
    INFO("cut to " << keep << " of " << whole.size() << " bytes");
    const std::string cut = whole.substr(0, keep);
    write_bytes(file, cut);
    CHECK(open_error(file).kind() == Kind::Corrupt);
    CHECK(sha256_hex(file_bytes(file)) == sha256_hex(cut));
  }
}

TEST_CASE("an SQLite database that is not an outbox is refused and left as it was") {
  TempDir dir;
  const auto file = dir.path / "outbox.sqlite";
  {
    RawDb raw(file);
    REQUIRE(raw.exec("CREATE TABLE photos(name TEXT); INSERT INTO photos VALUES ('beilen.jpg')") == SQLITE_OK);
  }
  const std::string before = fingerprint(file);
  auto e = open_error(file);
  CHECK(e.kind() == Kind::Corrupt);
  CHECK(contains(e.what(), "not a Peilpunt outbox"));
  CHECK(fingerprint(file) == before);
}

TEST_CASE("a read-only outbox or data folder is reported, and nothing is created or changed") {
  TempDir dir;
  const auto folder = dir.path / "data";
  fs::create_directory(folder);
  const auto file = folder / "outbox.sqlite";
  Outbox::open(file).commit(sample_envelope(1));
  const std::string before = fingerprint(file);
  chmod(file.c_str(), 0444);
  chmod(folder.c_str(), 0555);
  chmod(dir.path.c_str(), 0755);  // so that user nobody can reach it

  // 0: ReadOnly with the expected wording, 1: another error, 2: no error.
  auto expect_read_only = [](const fs::path& f) {
    return [f] {
      try {
        Outbox::open(f);
        return 2;
      } catch (const OutboxError& e) {
        return e.kind() == Kind::ReadOnly && contains(e.what(), f.string() + ": the outbox cannot be written (") &&
                       contains(e.what(), "nothing was changed")
                   ? 0
                   : 1;
      }
    };
  };
  int existing = as_unprivileged(expect_read_only(file));
  int missing = as_unprivileged(expect_read_only(folder / "new.sqlite"));
  if (existing == 77) {
    WARN("running as root and cannot switch to user nobody: read-only checks skipped");
    return;
  }
  CHECK(existing == 0);
  CHECK(missing == 0);
  CHECK(fingerprint(file) == before);
  CHECK_FALSE(fs::exists(folder / "new.sqlite"));

  // The folder writable, only the file read-only.
  chmod(folder.c_str(), 0755);
  CHECK(as_unprivileged(expect_read_only(file)) == 0);
  CHECK(fingerprint(file) == before);
}

TEST_CASE("a data folder that does not exist is reported as not found and not created") {
  TempDir dir;
  const auto file = dir.path / "missing" / "outbox.sqlite";
  auto e = open_error(file);
  CHECK(e.kind() == Kind::NotFound);
  CHECK(contains(e.what(), "does not exist"));
  CHECK_FALSE(fs::exists(dir.path / "missing"));
}

TEST_CASE("an outbox locked by another program gives Locked within the busy timeout, then works again") {
  TempDir dir;
  const auto file = dir.path / "outbox.sqlite";
  Outbox::open(file).commit(sample_envelope(1));

  SECTION("another writer holds the write lock: commit waits, then reports Locked without using up a seq") {
    auto outbox = Outbox::open(file);
    {
      RawDb other(file);
      REQUIRE(other.exec("BEGIN EXCLUSIVE") == SQLITE_OK);
      auto start = std::chrono::steady_clock::now();
      try {
        outbox.commit(sample_envelope(2));
        FAIL("commit succeeded while another connection held the write lock");
      } catch (const OutboxError& e) {
        CHECK(e.kind() == Kind::Locked);
        CHECK(contains(e.what(), file.string() + ": the outbox is locked by another program (waited 2 s)"));
      }
      auto waited = std::chrono::steady_clock::now() - start;
      CHECK(waited >= std::chrono::milliseconds(1500));
      CHECK(waited < std::chrono::milliseconds(4000));
      REQUIRE(other.exec("ROLLBACK") == SQLITE_OK);
    }
    CHECK(outbox.commit(sample_envelope(2)).seq == 2);
  }

  SECTION("another program holds the file in exclusive locking mode: open reports Locked") {
    RawDb other(file);
    REQUIRE(other.exec("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT") == SQLITE_OK);
    const std::string before = fingerprint(file);
    CHECK(open_error(file).kind() == Kind::Locked);
    CHECK(fingerprint(file) == before);
  }
}

TEST_CASE("a full disk at commit stores nothing and uses up no seq, and after space is freed the same answer commits") {
  TempDir dir;
  auto outbox = Outbox::open(dir.path / "outbox.sqlite");
  outbox.commit(sample_envelope(1));
  outbox.set_max_pages_for_testing(1);  // SQLite keeps the cap at the current size: no room to grow

  const Envelope answer = sample_envelope(2);
  std::int64_t stored_before_full = 0;
  bool full = false;
  for (int i = 0; i < 1000 && !full; ++i) {  // the last page may still have room for a few
    auto counts = outbox.counts();
    try {
      outbox.commit(answer);
      stored_before_full = counts.total + 1;
    } catch (const OutboxError& e) {
      full = true;
      CHECK(e.kind() == Kind::Full);
      CHECK(std::string(e.what()) == outbox.file().string() +
                                         ": no space left on the device for the outbox; free space and try again — "
                                         "the answer is kept in memory");
      CHECK(outbox.counts().total == counts.total);
      stored_before_full = counts.total;
    }
  }
  REQUIRE(full);
  CHECK(seqs_of(outbox).back() == stored_before_full);

  outbox.set_max_pages_for_testing(1'000'000);
  Envelope stored = outbox.commit(answer);
  CHECK(stored.seq == stored_before_full + 1);
  auto seqs = seqs_of(outbox);
  for (std::size_t i = 0; i < seqs.size(); ++i) CHECK(seqs[i] == static_cast<std::int64_t>(i) + 1);
  RawDb raw(outbox.file());
  CHECK(raw.text("PRAGMA integrity_check") == "ok");
}

TEST_CASE("an outbox can be moved, and the moved-to object keeps working") {
  TempDir dir;
  auto a = Outbox::open(dir.path / "outbox.sqlite");
  a.commit(sample_envelope(1));
  Outbox b = std::move(a);
  CHECK(b.commit(sample_envelope(2)).seq == 2);
  TempDir other;
  Outbox c = Outbox::open(other.path / "outbox.sqlite");
  c = std::move(b);
  CHECK(c.counts().total == 2);
  CHECK(c.file() == dir.path / "outbox.sqlite");
}

TEST_CASE("states print as the words stats and exports use") {
  CHECK(std::string(to_string(State::Pending)) == "pending");
  CHECK(std::string(to_string(State::Sent)) == "sent");
  CHECK(std::string(to_string(State::Rejected)) == "rejected");
}
