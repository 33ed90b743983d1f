// `peilpunt sync --once` end to end, as staff run it: the real binary (path in $PEILPUNT) against
// the real collector in this process, with a good token, a wrong one, and the collector down.
// Hidden from discovery ([.]): tests/CMakeLists.txt runs it as the CTest test cli_sync.
#include <sys/wait.h>

#include <cstdlib>
#include <thread>

#include <catch2/catch.hpp>

#include "collector/server.hpp"
#include "tests/sync/support.hpp"

using namespace peilpunt;
using namespace peilpunt::sync::testing;

namespace {

struct Result {
  int exit_code = -1;
  std::string out, err;
};

// Runs `peilpunt ARGS` with stdout and stderr captured in files under `dir`.
Result peilpunt_cli(const fs::path& dir, const std::string& args) {
  const char* binary = std::getenv("PEILPUNT");
  REQUIRE(binary);  // set by tests/CMakeLists.txt
  const fs::path out = dir / "stdout.txt", err = dir / "stderr.txt";
  const std::string command = std::string(binary) + " " + args + " >" + out.string() + " 2>" + err.string();
  const int status = std::system(command.c_str());
  Result r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = file_bytes(out);
  r.err = file_bytes(err);
  return r;
}

}  // namespace

TEST_CASE("peilpunt sync --once: sends everything, refuses a wrong token, reports a collector that is down",
          "[.][cli-sync]") {
  TempDir dir;
  const std::string data = (dir.path / "data").string();
  write_bytes(dir.path / "token", "the-right-token-0123456789\n");
  write_bytes(dir.path / "wrong", "a-wrong-token-0123456789\n");
  const std::string token_file = (dir.path / "token").string(), wrong_file = (dir.path / "wrong").string();
  REQUIRE(peilpunt_cli(dir.path, "simulate --count 50 --seed 7 --data-dir " + data).exit_code == 0);

  auto server = std::make_unique<collector::Server>(collector::ServerOptions{
      .db = dir.path / "collector.sqlite", .host = "127.0.0.1", .port = 0, .token = "the-right-token-0123456789"});
  std::thread thread([&] { server->run(); });
  REQUIRE(server->wait_until_listening());
  const std::string url = "http://127.0.0.1:" + std::to_string(server->port());
  const std::string sync = "sync --once --data-dir " + data + " --endpoint " + url;

  Result wrong = peilpunt_cli(dir.path, sync + " --token-file " + wrong_file);
  CHECK(wrong.exit_code == 1);
  CHECK(wrong.err == "sync: token rejected: " + url + "/v1/responses: HTTP 401: the collector refused the token; "
                     "check that the token file " + wrong_file + " holds the collector's token\n"
                     "sync: 0 sent or rejected, 50 still pending\n");
  CHECK(wrong.err.find("a-wrong-token") == std::string::npos);

  Result good = peilpunt_cli(dir.path, sync + " --token-file " + token_file);
  CHECK(good.exit_code == 0);
  CHECK(good.out == "sync: 50 responses sent to " + url + "; nothing pending\n");
  Result again = peilpunt_cli(dir.path, sync + " --token-file " + token_file);
  CHECK(again.exit_code == 0);
  CHECK(again.out == "sync: nothing pending for " + url + "\n");

  Result stats = peilpunt_cli(dir.path, "stats --data-dir " + data);
  CHECK(stats.out.find("\"sent\": 50") != std::string::npos);

  server->stop();
  thread.join();
  REQUIRE(peilpunt_cli(dir.path, "simulate --count 3 --seed 8 --data-dir " + data).exit_code == 0);
  Result down = peilpunt_cli(dir.path, sync + " --token-file " + token_file);
  CHECK(down.exit_code == 1);
  CHECK_THAT(down.err, Catch::StartsWith("sync: offline: " + url + "/v1/responses: Couldn't connect to server (curl error 7)"));
  CHECK_THAT(down.err, Catch::EndsWith("sync: 0 sent or rejected, 3 still pending\n"));
  stats = peilpunt_cli(dir.path, "stats --data-dir " + data);
  CHECK(stats.out.find("\"last_error\": \"" + url + "/v1/responses: Couldn't connect to server (curl error 7)") !=
        std::string::npos);

  Result insecure = peilpunt_cli(dir.path, "sync --once --data-dir " + data + " --token-file " + token_file +
                                               " --endpoint http://192.168.1.5:8080");
  CHECK(insecure.exit_code == 1);
  CHECK_THAT(insecure.err, Catch::StartsWith("sync endpoint \"http://192.168.1.5:8080\": plain http:// is only allowed"));
}
