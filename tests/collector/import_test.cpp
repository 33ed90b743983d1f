// collector/import.cpp and `peilpunt-collector import`: a kiosk's export (sync::write_export from
// a real outbox) merges idempotently; a file that does not match its manifest is refused whole.
#include <sys/wait.h>

#include <cstdio>
#include <string>

#include <catch2/catch.hpp>

#include "collector/import.hpp"
#include "sync/export.hpp"
#include "sync/outbox.hpp"
#include "tests/collector/support.hpp"

using namespace peilpunt;
using namespace peilpunt::collector;
using namespace peilpunt::collector::testing;
namespace fs = std::filesystem;

namespace {

// An export folder of an outbox with `count` responses of device "tablet-03".
fs::path export_of_outbox(const fs::path& base, int count, const std::string& name = "export") {
  auto outbox = sync::Outbox::open(base / (name + ".sqlite"));
  outbox.set_device_name("tablet-03");
  for (int n = 1; n <= count; ++n) outbox.commit(sync::testing::sample_envelope(n));
  const fs::path folder = base / name;
  sync::write_export(sync::outbox_source(outbox), {}, folder);
  return folder;
}

struct Command {
  int status;
  std::string output;
};

// Runs the command with its stderr in the output.
Command run(const std::string& command) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe);
  std::string output;
  char buffer[4096];
  while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

}  // namespace

TEST_CASE("import: a kiosk's export is merged, and importing it again adds nothing") {
  TempDir dir;
  const fs::path folder = export_of_outbox(dir.path, 120);
  Store store = Store::open(dir.path / "collector.sqlite");

  ImportResult first = import_export(store, folder, 50);  // three transactions
  CHECK(first.file == folder / "responses.jsonl");
  CHECK(first.responses == 120);
  CHECK(first.added == 120);
  CHECK(first.already_stored == 0);
  CHECK(first.rejected.empty());

  ImportResult again = import_export(store, folder / "responses.jsonl");  // the file itself works too
  CHECK(again.added == 0);
  CHECK(again.already_stored == 120);
  CHECK(store.count() == 120);
  auto ledger = store.ledger();
  REQUIRE(ledger.size() == 1);
  CHECK(ledger[0].device == "tablet-03");
  CHECK(ledger[0].highest_seq == 120);
  CHECK(ledger[0].missing_seqs.empty());

  // The same lines as the kiosk exported them.
  std::string exported = sync::testing::file_bytes(folder / "responses.jsonl"), stored;
  store.for_each([&](const StoredRow& row) { (stored += row.envelope_json) += '\n'; });
  CHECK(stored == exported);
}

TEST_CASE("import: responses that conflict with stored ones are listed as rejected, the rest is merged") {
  TempDir dir;
  const fs::path folder = export_of_outbox(dir.path, 5);
  Store store = Store::open(dir.path / "collector.sqlite");
  store.store({numbered_envelope(3)}, "another tablet-03");  // seq 3 taken by another id
  ImportResult r = import_export(store, folder);
  CHECK(r.added == 4);
  REQUIRE(r.rejected.size() == 1);
  CHECK_THAT(r.rejected[0].reason, Catch::StartsWith("seq 3 of device \"tablet-03\" is already stored under another id"));
}

TEST_CASE("import: a file that differs from its manifest is refused naming the file and the difference") {
  TempDir dir;
  const fs::path folder = export_of_outbox(dir.path, 10);
  const fs::path file = folder / "responses.jsonl";
  const std::string original = sync::testing::file_bytes(file);
  Store store = Store::open(dir.path / "collector.sqlite");

  SECTION("one byte changed, same size") {
    std::string tampered = original;
    tampered[tampered.find("\"cijfer_veilig\":4")+16] = '1';
    sync::testing::write_bytes(file, tampered);
    CHECK_THROWS_WITH(import_export(store, folder),
                      Catch::StartsWith(file.string() + ": SHA-256 ") &&
                          Catch::EndsWith(": the file was changed or damaged after the export; nothing was imported") &&
                          Catch::Contains("differs from manifest.json's " + sync::sha256_hex(original)));
  }
  SECTION("cut short") {
    sync::testing::write_bytes(file, original.substr(0, original.size() - 100));
    CHECK_THROWS_WITH(import_export(store, folder),
                      file.string() + ": " + std::to_string(original.size() - 100) + " bytes, manifest.json says " +
                          std::to_string(original.size()) +
                          ": the file was changed or damaged after the export; nothing was imported");
  }
  SECTION("no manifest") {
    fs::remove(folder / "manifest.json");
    CHECK_THROWS_WITH(import_export(store, folder),
                      (folder / "manifest.json").string() +
                          ": missing: the export is incomplete (manifest.json is written last) or the folder is not a "
                          "Peilpunt export; nothing was imported");
  }
  SECTION("a folder that is no export") {
    CHECK_THROWS_WITH(import_export(store, dir.path / "nothing-here"), (dir.path / "nothing-here").string() +
                                                                           ": no such file or folder");
  }
  CHECK(store.count() == 0);
}

TEST_CASE("import: `peilpunt-collector import` prints the counts, and exits 1 naming a refused export") {
  TempDir dir;
  const fs::path good = export_of_outbox(dir.path, 7, "good");
  const fs::path bad = export_of_outbox(dir.path, 3, "bad");
  sync::testing::write_bytes(bad / "responses.jsonl", sync::testing::file_bytes(bad / "responses.jsonl") + "\n");
  const std::string collector = std::string(PEILPUNT_COLLECTOR) + " --db " + (dir.path / "c.sqlite").string() + " import ";

  Command first = run(collector + good.string());
  CHECK(first.status == 0);
  CHECK(first.output == (good / "responses.jsonl").string() + ": 7 responses: 7 new, 0 already there, 0 rejected\n");
  Command again = run(collector + good.string());
  CHECK(again.output == (good / "responses.jsonl").string() + ": 7 responses: 0 new, 7 already there, 0 rejected\n");

  Command mixed = run(collector + good.string() + " " + bad.string());
  CHECK(mixed.status == 1);
  CHECK_THAT(mixed.output, Catch::Contains("peilpunt-collector: " + (bad / "responses.jsonl").string() + ": ") &&
                               Catch::Contains("peilpunt-collector: 1 of 2 exports refused"));
}

// Drift ended (issue 12): the collector read its token file its own way and served a token with a
// space inside, which no kiosk could send (sync::read_token_file refuses it). One reader now.
TEST_CASE("peilpunt-collector refuses to start with a token no kiosk could send, naming the file") {
  TempDir dir;
  const fs::path token = dir.path / "token";
  sync::testing::write_bytes(token, "two words\n");
  const std::string serve = std::string(PEILPUNT_COLLECTOR) + " --db " + (dir.path / "c.sqlite").string() +
                            " --listen 127.0.0.1:0 --token-file " + token.string();
  Command refused = run(serve);
  CHECK(refused.status == 1);
  CHECK_THAT(refused.output, Catch::Contains(token.string() + ": the token must be one line of visible ASCII characters"));
}
