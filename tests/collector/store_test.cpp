// collector/store.cpp: idempotent storing, conflicts rejected with their reason and never
// overwritten, the ledger's gaps, and durability: a killed process loses nothing it committed.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "collector/store.hpp"
#include "sync/outbox.hpp"
#include "tests/collector/support.hpp"

using namespace peilpunt;
using namespace peilpunt::collector;
using namespace peilpunt::collector::testing;
using sync::testing::RawDb;

namespace {

std::vector<std::string> ids_of(const std::vector<sync::Envelope>& es) {
  std::vector<std::string> ids;
  for (const auto& e : es) ids.push_back(e.id);
  return ids;
}

// Every stored envelope in the store's order, parsed back.
std::vector<sync::Envelope> stored(const Store& store, const std::string& survey = "") {
  std::vector<sync::Envelope> out;
  store.for_each([&](const StoredRow& row) { out.push_back(sync::Envelope::from_json(sync::Json::parse(row.envelope_json))); },
                 survey);
  return out;
}

}  // namespace

TEST_CASE("store: new responses are accepted, and the same batch again is accepted with no second row") {
  TempDir dir;
  Store store = Store::open(dir.path / "collector.sqlite");
  auto batch = envelopes(1, 5);
  StoreResult first = store.store(batch, "test");
  CHECK(first.accepted == ids_of(batch));
  CHECK(first.rejected.empty());
  CHECK(first.added == 5);
  CHECK(first.already_stored == 0);

  StoreResult again = store.store(batch, "test");
  CHECK(again.accepted == ids_of(batch));
  CHECK(again.rejected.empty());
  CHECK(again.added == 0);
  CHECK(again.already_stored == 5);
  CHECK(store.count() == 5);
  auto rows = stored(store);
  REQUIRE(rows.size() == 5);
  for (std::size_t i = 0; i < 5; ++i) CHECK(rows[i].to_json() == batch[i].to_json());
}

TEST_CASE("store: an id already stored with different content is rejected and the first content stays") {
  TempDir dir;
  Store store = Store::open(dir.path / "collector.sqlite");
  auto original = envelopes(1, 2);
  store.store(original, "test");

  auto changed = original;
  changed[1].data["idee"] = "iets anders";
  StoreResult r = store.store(changed, "test");
  CHECK(r.accepted == std::vector<std::string>{original[0].id});
  REQUIRE(r.rejected.size() == 1);
  CHECK(r.rejected[0].id == original[1].id);
  CHECK(r.rejected[0].reason == "id already stored with different content");
  CHECK(store.count() == 2);
  CHECK(stored(store)[1].to_json() == original[1].to_json());
}

TEST_CASE("store: the same response with its keys in another order is the same response") {
  TempDir dir;
  Store store = Store::open(dir.path / "collector.sqlite");
  sync::Envelope e = numbered_envelope(1);
  e.data = sync::Json::parse(R"({"a": 1, "b": {"x": [1, 2], "y": "z"}})");
  store.store({e}, "test");
  e.data = sync::Json::parse(R"({"b": {"y": "z", "x": [1, 2]}, "a": 1})");
  StoreResult r = store.store({e}, "test");
  CHECK(r.already_stored == 1);
  CHECK(r.rejected.empty());
  e.data = sync::Json::parse(R"({"b": {"y": "z", "x": [2, 1]}, "a": 1})");  // array order is content
  CHECK(store.store({e}, "test").rejected.size() == 1);
}

TEST_CASE("store: content_sha256 is the SHA-256 of the envelope's JSON with keys sorted, the envelope is as received") {
  TempDir dir;
  const auto file = dir.path / "collector.sqlite";
  Store store = Store::open(file);
  sync::Envelope e = numbered_envelope(1);
  e.data["zz"] = sync::Json::parse(R"({"b": [{"y": 1, "x": "é\n"}], "a": -0.5})");
  store.store({e}, "test");
  RawDb raw(file);
  CHECK(raw.text("SELECT content_sha256 FROM responses") == sync::sha256_hex(nlohmann::json(e.to_json()).dump()));
  CHECK(raw.text("SELECT envelope FROM responses") == e.to_json().dump());
  CHECK(raw.text("SELECT source FROM responses") == "test");
}

TEST_CASE("store: a different id with a device + seq already stored is rejected naming seq, device and the other id") {
  TempDir dir;
  Store store = Store::open(dir.path / "collector.sqlite");
  sync::Envelope first = numbered_envelope(7);
  store.store({first}, "test");
  sync::Envelope other = numbered_envelope(7);  // another tablet under the same name
  sync::Envelope elsewhere = numbered_envelope(7, "tablet-04");
  StoreResult r = store.store({other, elsewhere}, "test");
  CHECK(r.accepted == std::vector<std::string>{elsewhere.id});
  REQUIRE(r.rejected.size() == 1);
  CHECK(r.rejected[0].id == other.id);
  CHECK(r.rejected[0].reason == "seq 7 of device \"tablet-03\" is already stored under another id (" + first.id +
                                    "); two tablets may share this name");
  CHECK(store.count() == 2);
}

TEST_CASE("store: within one batch the later of two conflicting envelopes is the one rejected") {
  TempDir dir;
  Store store = Store::open(dir.path / "collector.sqlite");
  sync::Envelope a = numbered_envelope(1), b = numbered_envelope(1);
  StoreResult r = store.store({a, b}, "test");
  CHECK(r.accepted == std::vector<std::string>{a.id});
  REQUIRE(r.rejected.size() == 1);
  CHECK(r.rejected[0].id == b.id);
}

TEST_CASE("store: the ledger has per device the count, the highest seq and the missing seqs") {
  TempDir dir;
  Store store = Store::open(dir.path / "collector.sqlite");
  auto a = envelopes(1, 10, "tablet-a");
  a.erase(a.begin() + 6);  // seq 7
  a.erase(a.begin() + 2);  // seq 3
  store.store(a, "test");
  store.store(envelopes(1, 4, "tablet-b"), "test");
  store.store({numbered_envelope(5, "tablet-c")}, "test");

  auto ledger = store.ledger();
  REQUIRE(ledger.size() == 3);
  CHECK(ledger[0].device == "tablet-a");
  CHECK(ledger[0].count == 8);
  CHECK(ledger[0].highest_seq == 10);
  CHECK(ledger[0].missing_seqs == std::vector<std::int64_t>{3, 7});
  CHECK(ledger[1].device == "tablet-b");
  CHECK(ledger[1].count == 4);
  CHECK(ledger[1].highest_seq == 4);
  CHECK(ledger[1].missing_seqs.empty());
  CHECK(ledger[2].missing_seqs == std::vector<std::int64_t>{1, 2, 3, 4});

  // The list is cut at the limit; ledger_to_json says so and gives the full count.
  auto capped = store.ledger(3);
  CHECK(capped[2].missing_seqs == std::vector<std::int64_t>{1, 2, 3});
  auto j = sync::ledger_to_json(capped);
  CHECK(j["devices"][2]["missing_count"] == 4);
  CHECK(j["devices"][2]["missing_seqs_truncated"] == true);
  CHECK(j["devices"][0]["missing_seqs_truncated"] == false);
}

TEST_CASE("store: for_each gives device then seq order, and one questionnaire's responses when asked") {
  TempDir dir;
  Store store = Store::open(dir.path / "collector.sqlite");
  auto b = envelopes(1, 3, "tablet-b");
  auto a = envelopes(1, 3, "tablet-a");
  a[1].survey.id = "andere-vragenlijst";
  store.store({b[2], a[2], b[0], a[0], b[1], a[1]}, "test");
  std::vector<std::string> order;
  for (const auto& e : stored(store)) order.push_back(e.device + "/" + std::to_string(e.seq));
  CHECK(order == std::vector<std::string>{"tablet-a/1", "tablet-a/2", "tablet-a/3", "tablet-b/1", "tablet-b/2", "tablet-b/3"});
  auto other = stored(store, "andere-vragenlijst");
  REQUIRE(other.size() == 1);
  CHECK(other[0].id == a[1].id);
  CHECK(store.survey_ids() == std::vector<std::string>{"andere-vragenlijst", "jeugdakkoord-midden-drenthe"});
}

TEST_CASE("store: a snapshot keeps seeing the same rows while another connection stores") {
  TempDir dir;
  Store writer = Store::open(dir.path / "collector.sqlite");
  writer.store(envelopes(1, 3), "test");
  Store reader = writer.another_connection();
  {
    Store::Snapshot snapshot(reader);
    CHECK(reader.count() == 3);
    writer.store(envelopes(4, 6), "test");
    CHECK(reader.count() == 3);
    CHECK(stored(reader).size() == 3);
  }
  CHECK(reader.count() == 6);
}

TEST_CASE("store: responses stored by a process that is then killed are all there after reopening") {
  TempDir dir;
  const auto file = dir.path / "collector.sqlite";
  auto batch = envelopes(1, 50);
  int report[2];
  REQUIRE(pipe(report) == 0);
  pid_t child = fork();
  if (child == 0) {
    Store store = Store::open(file);
    store.store(batch, "test");
    char done = 'y';
    (void)!write(report[1], &done, 1);
    pause();  // killed here, with the connection open and nothing checkpointed
    _exit(0);
  }
  char done = 'n';
  REQUIRE(read(report[0], &done, 1) == 1);
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  close(report[0]);
  close(report[1]);
  REQUIRE(done == 'y');

  Store store = Store::open(file);
  CHECK(store.count() == 50);
  CHECK(store.store(batch, "test").already_stored == 50);
  RawDb raw(file);
  CHECK(raw.text("PRAGMA journal_mode") == "wal");
  CHECK(raw.text("PRAGMA integrity_check") == "ok");
}

TEST_CASE("store: a stored row cannot be changed or deleted, even by SQL from outside") {
  TempDir dir;
  const auto file = dir.path / "collector.sqlite";
  Store store = Store::open(file);
  store.store(envelopes(1, 1), "test");
  RawDb raw(file);
  CHECK(raw.exec("DELETE FROM responses") != SQLITE_OK);
  CHECK(raw.error() == "collector: stored responses are never deleted");
  CHECK(raw.exec("UPDATE responses SET envelope = '{}'") != SQLITE_OK);
  CHECK(raw.error() == "collector: a stored response does not change");
  CHECK(store.count() == 1);
}

TEST_CASE("store: a kiosk's outbox or a file that is no database is refused by name and left as it was") {
  TempDir dir;
  const auto outbox_file = dir.path / "outbox.sqlite";
  sync::Outbox::open(outbox_file).commit(sync::testing::sample_envelope(1));
  const std::string before = sync::testing::fingerprint(outbox_file);
  CHECK_THROWS_WITH(Store::open(outbox_file),
                    outbox_file.string() + ": this SQLite file is not a collector database (is it a kiosk's outbox?); "
                                           "it was not changed. Give --db the collector's own file, or a new file name");
  CHECK(sync::testing::fingerprint(outbox_file) == before);

  const auto text_file = dir.path / "notes.txt";
  sync::testing::write_bytes(text_file, std::string(4096, 'x'));
  CHECK_THROWS_WITH(Store::open(text_file), Catch::StartsWith(text_file.string() + ": the database is damaged or is not "
                                                                                    "a collector database"));
  CHECK(sync::testing::file_bytes(text_file) == std::string(4096, 'x'));

  CHECK_THROWS_WITH(Store::open(dir.path / "no-such-folder" / "c.sqlite"),
                    Catch::Contains("does not exist; create it or give --db another path"));
}
