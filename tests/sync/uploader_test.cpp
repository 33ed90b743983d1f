// sync::Uploader against a scripted collector (tests/sync/fake_collector.hpp): URL and token
// policy, the backoff, batch limits, what each kind of reply does to the outbox rows and to the
// status staff see, and that the token never shows up in any of it.
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <set>
#include <thread>

#include <catch2/catch.hpp>

#include "sync/outbox.hpp"
#include "sync/uploader.hpp"
#include "tests/sync/fake_collector.hpp"
#include "tests/sync/support.hpp"

using namespace peilpunt::sync;
using namespace peilpunt::sync::testing;
using namespace std::chrono_literals;
using Sync = SyncStatus::State;
using Row = peilpunt::sync::State;

namespace {

constexpr const char* token = "s3cret-t0ken-4711";

// Commits fsync; /dev/shm keeps hundreds of them fast where it exists.
fs::path fast_temp_base() { return fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path(); }

struct Kiosk {
  TempDir dir{fast_temp_base()};
  fs::path outbox_file = dir.path / "outbox.sqlite";
  fs::path token_file = dir.path / "token";

  explicit Kiosk(int responses = 0) {
    write_bytes(token_file, std::string(token) + "\n");
    Outbox outbox = Outbox::open(outbox_file);
    for (int i = 1; i <= responses; ++i) outbox.commit(sample_envelope(i));
  }
  UploaderOptions options(const std::string& endpoint) const {
    UploaderOptions o;
    o.outbox_file = outbox_file;
    o.endpoint = endpoint;
    o.token_file = token_file.string();
    o.interval = 20ms;
    o.connect_timeout_ms = 1000;
    o.timeout_ms = 2000;
    o.backoff = {10ms, 50ms};
    return o;
  }
  Outbox outbox() const { return Outbox::open(outbox_file); }
};

bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds limit = 5000ms) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

int closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const UploaderError& e) {
    return e.what();
  }
  FAIL("no UploaderError");
  return "";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

// [SECTION] configuration: URL and token

TEST_CASE("uploader: https anywhere, plain http only to this machine", "[uploader]") {
  CHECK(checked_endpoint("https://collector.example.nl/", false) == "https://collector.example.nl");
  CHECK(checked_endpoint("https://collector.example.nl/peilpunt", false) == "https://collector.example.nl/peilpunt");
  for (const char* loopback : {"http://127.0.0.1:8080", "http://127.3.2.1", "http://localhost:9000/x", "http://[::1]:8080",
                               "http://LOCALHOST"})
    CHECK_NOTHROW(checked_endpoint(loopback, false));

  CHECK(error_of([] { checked_endpoint("http://192.168.1.20:8080", false); }) ==
        "sync endpoint \"http://192.168.1.20:8080\": plain http:// is only allowed to this machine (localhost, "
        "127.0.0.1, ::1): the token and the answers would cross the network unencrypted. Use https://, or set "
        "sync.allow_insecure_http to true for a trusted network");
  CHECK(checked_endpoint("http://192.168.1.20:8080", true) == "http://192.168.1.20:8080");
  // Names that only look local.
  for (const char* sneaky : {"http://127.0.0.1.evil.example", "http://localhost.evil.example", "http://128.0.0.1"})
    CHECK_THAT(error_of([&] { checked_endpoint(sneaky, false); }), Catch::Contains("plain http:// is only allowed"));
  CHECK_THAT(error_of([] { checked_endpoint("http://127.0.0.1@evil.example", false); }),
             Catch::Contains("a user name or password does not belong in the URL"));
  CHECK_THAT(error_of([] { checked_endpoint("ftp://collector.example.nl", false); }),
             Catch::EndsWith("only https:// (or http:// to this machine) is supported"));
  CHECK_THAT(error_of([] { checked_endpoint("collector.example.nl", false); }),
             Catch::StartsWith("sync endpoint \"collector.example.nl\": not a URL ("));
  CHECK_THAT(error_of([] { checked_endpoint("https://c.example.nl/?token=x", false); }),
             Catch::EndsWith("the endpoint must not have a query (?) or fragment (#)"));

  Kiosk kiosk;
  CHECK_THAT(error_of([&] { Uploader u(kiosk.options("http://10.0.0.5")); }), Catch::Contains("plain http://"));
}

TEST_CASE("uploader: without a token it says how to configure one", "[uploader]") {
  Kiosk kiosk;
  UploaderOptions no_token = kiosk.options("http://127.0.0.1:1");
  no_token.token_file.clear();
  CHECK(error_of([&] { Uploader u(no_token); }) ==
        "sync: no token configured; set sync.token_file in the config (or pass --token-file)");
}

TEST_CASE("uploader: the token file's token goes in the Authorization header", "[uploader]") {
  FakeCollector fake;
  Kiosk kiosk(3);
  Uploader uploader(kiosk.options(fake.url()));
  CHECK(uploader.run_once().state == Sync::Idle);
  auto requests = fake.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].authorization == std::string("Bearer ") + token);
  CHECK(requests[0].path == "/v1/responses");
}

TEST_CASE("uploader: no endpoint means sync is off, and nothing is opened", "[uploader]") {
  UploaderOptions o;
  o.outbox_file = "/nonexistent/outbox.sqlite";
  Uploader uploader(o);
  CHECK(uploader.status().state == Sync::Disabled);
  CHECK(uploader.run_once().describe() == "sync off (no endpoint configured)");
}

TEST_CASE("uploader: the token never appears in a status, an outbox error or a message", "[uploader]") {
  FakeCollector fake;
  Kiosk kiosk(2);
  int status = 500;
  // A hostile or careless server that echoes the Authorization header back.
  fake.set_handler([&](const std::string&, const httplib::Request& req, httplib::Response& res) {
    res.status = status;
    res.set_content("bad request from " + req.get_header_value("Authorization"), "text/plain");
  });
  auto assert_no_token = [&](const SyncStatus& s) {
    CHECK_FALSE(s.last_error.empty());
    CHECK_FALSE(contains(s.last_error, token));
    CHECK_FALSE(contains(s.describe(), token));
    kiosk.outbox().for_each([&](const StoredResponse& r) { CHECK_FALSE(contains(r.last_error, token)); });
  };
  for (int code : {500, 400, 401, 403}) {
    status = code;
    Uploader uploader(kiosk.options(fake.url()));
    SyncStatus s = uploader.run_once();
    assert_no_token(s);
    if (code == 500 || code == 400) CHECK(contains(s.last_error, "bad request from Bearer [token]"));
  }
  UploaderOptions direct = kiosk.options("http://127.0.0.1:" + std::to_string(closed_port()));
  direct.token_file.clear();
  direct.token = token;
  Uploader offline(direct);
  assert_no_token(offline.run_once());
}

// [SECTION] backoff

TEST_CASE("backoff: the ceiling doubles from the first wait up to the cap", "[uploader]") {
  Backoff backoff({1000ms, 300'000ms}, [] { return 0.999999; });
  std::vector<std::int64_t> waits;
  for (int i = 0; i < 12; ++i) waits.push_back(backoff.next().count());
  CHECK(waits == std::vector<std::int64_t>{1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000,
                                           300000, 300000});
  for (int i = 0; i < 100; ++i) backoff.next();  // a long outage: no overflow past the cap
  CHECK(backoff.next() == 300'000ms);
  backoff.reset();
  CHECK(backoff.next() == 1000ms);
  Backoff unlucky({1000ms, 300'000ms}, [] { return 0.0; });
  CHECK(unlucky.next() == 1ms);  // never a zero wait: no busy loop against a failing collector
}

TEST_CASE("backoff: full jitter spreads the waits over [0, ceiling]", "[uploader]") {
  auto seeded = [](std::uint64_t seed) {
    auto rng = std::make_shared<std::mt19937_64>(seed);
    return [rng] { return std::uniform_real_distribution<double>(0.0, 1.0)(*rng); };
  };
  Backoff backoff({1000ms, 300'000ms}, seeded(42));
  for (int i = 0; i < 20; ++i) backoff.next();  // at the cap
  std::int64_t lowest = INT64_MAX, highest = 0;
  for (int i = 0; i < 1000; ++i) {
    const std::int64_t wait = backoff.next().count();
    lowest = std::min(lowest, wait);
    highest = std::max(highest, wait);
  }
  CHECK(highest <= 300'000);
  CHECK(lowest < 30'000);    // kiosks that failed together spread out
  CHECK(highest > 270'000);
  // Two kiosks (two seeds) do not retry in step.
  Backoff a({1000ms, 300'000ms}, seeded(1)), b({1000ms, 300'000ms}, seeded(2));
  int same = 0;
  for (int i = 0; i < 10; ++i) same += a.next() == b.next();
  CHECK(same < 3);
}

// [SECTION] batches

TEST_CASE("uploader: batches hold at most 200 responses, all of one device", "[uploader]") {
  FakeCollector fake;
  Kiosk kiosk;
  {
    Outbox outbox = kiosk.outbox();
    for (int i = 1; i <= 450; ++i) {
      Envelope e = sample_envelope(i);
      if (i <= 150) e.device = "tablet-old";  // responses from before the tablet was renamed
      outbox.commit(e);
    }
  }
  Uploader uploader(kiosk.options(fake.url()));
  SyncStatus s = uploader.run_once();
  CHECK(s.state == Sync::Idle);
  CHECK(s.done == 450);
  CHECK(s.pending == 0);
  CHECK(kiosk.outbox().counts().sent == 450);
  std::vector<std::pair<std::string, std::size_t>> batches;
  for (const auto& r : fake.requests()) {
    UploadRequest request = UploadRequest::parse(r.body);
    CHECK(r.body == request.to_json().dump());  // exactly the protocol's serialization
    for (const auto& e : request.responses) CHECK(e.device == request.device);
    batches.emplace_back(request.device, request.responses.size());
  }
  CHECK(batches == std::vector<std::pair<std::string, std::size_t>>{
                       {"tablet-old", 150}, {"tablet-03", 200}, {"tablet-03", 100}});
}

TEST_CASE("uploader: a batch body stays within 1 MB", "[uploader]") {
  FakeCollector fake;
  Kiosk kiosk;
  {
    Outbox outbox = kiosk.outbox();
    for (int i = 1; i <= 20; ++i) {
      Envelope e = sample_envelope(i);
      e.data["idee"] = std::string(150'000, 'a');  // six fit in 1 MB, seven do not
      outbox.commit(e);
    }
  }
  Uploader uploader(kiosk.options(fake.url()));
  CHECK(uploader.run_once().state == Sync::Idle);
  auto requests = fake.requests();
  REQUIRE(requests.size() == 4);  // 6 + 6 + 6 + 2
  for (const auto& r : requests) CHECK(r.body.size() <= (1u << 20));
  CHECK(UploadRequest::parse(requests[0].body).responses.size() == 6);
}

// [SECTION] replies

TEST_CASE("uploader: only accepted ids are sent, rejected ones keep the reason, the rest stay pending", "[uploader]") {
  FakeCollector fake;
  Kiosk kiosk(3);
  std::vector<std::string> ids;
  kiosk.outbox().for_each([&](const StoredResponse& r) { ids.push_back(r.envelope.id); });
  fake.set_handler([&](const std::string&, const httplib::Request&, httplib::Response& res) {
    UploadReply reply;
    reply.accepted = {ids[0]};
    reply.rejected = {{ids[1], "id exists with different content"}};
    res.set_content(reply.to_json().dump(), "application/json");
  });
  Uploader uploader(kiosk.options(fake.url()));
  SyncStatus s = uploader.run_once();
  Outbox outbox = kiosk.outbox();
  CHECK(outbox.find(ids[0])->state == Row::Sent);
  CHECK(outbox.find(ids[1])->state == Row::Rejected);
  CHECK(outbox.find(ids[1])->last_error == "rejected by the collector: id exists with different content");
  CHECK(outbox.find(ids[2])->state == Row::Pending);
  CHECK(outbox.find(ids[2])->attempts == 1);
  CHECK(s.state == Sync::Error);
  CHECK(s.rejected == 1);
  CHECK(s.last_error == fake.url() +
                            "/v1/responses: the collector's reply did not mention 1 of the 3 responses sent; they stay pending");
  CHECK(outbox.find(ids[2])->last_error == s.last_error);
}

TEST_CASE("uploader: a reply cannot mark responses it was not about", "[uploader]") {
  FakeCollector fake;
  Kiosk kiosk(2);
  std::vector<std::string> ids;
  kiosk.outbox().for_each([&](const StoredResponse& r) { ids.push_back(r.envelope.id); });
  fake.set_handler([&](const std::string&, const httplib::Request&, httplib::Response& res) {
    res.set_content(UploadReply{{ids[0], ids[1]}, {}}.to_json().dump(), "application/json");
  });
  UploaderOptions o = kiosk.options(fake.url());
  o.batch_max_responses = 1;
  Uploader uploader(o);
  uploader.run_once();
  auto requests = fake.requests();
  REQUIRE_FALSE(requests.empty());
  // The first request carried only ids[0]; its reply's ids[1] must not have marked ids[1] sent.
  CHECK(UploadRequest::parse(requests[0].body).responses.size() == 1);
  CHECK(requests.size() == 2);
  CHECK(kiosk.outbox().counts().sent == 2);
}

TEST_CASE("uploader: a 200 reply that is not the protocol's is retried, never trusted", "[uploader]") {
  FakeCollector fake;
  Kiosk kiosk(2);
  fake.set_handler([](const std::string&, const httplib::Request&, httplib::Response& res) {
    res.set_content("<html>Welcome to the venue Wi-Fi</html>", "text/html");  // a captive portal
  });
  Uploader uploader(kiosk.options(fake.url()));
  SyncStatus s = uploader.run_once();
  CHECK(s.state == Sync::Error);
  CHECK_THAT(s.last_error, Catch::StartsWith(fake.url() + "/v1/responses: HTTP 200 but the reply is not the sync "
                                                          "protocol's: reply body: invalid JSON at byte"));
  CHECK(kiosk.outbox().counts().pending == 2);
}

TEST_CASE("uploader: a 5xx is retried with backoff until the collector takes the batch", "[uploader]") {
  FakeCollector fake;
  Kiosk kiosk(5);
  std::atomic<int> calls{0};
  fake.set_handler([&](const std::string& body, const httplib::Request& req, httplib::Response& res) {
    if (++calls <= 3) {
      res.status = 503;
      res.set_content("{\"error\": \"database busy\"}", "application/json");
      return;
    }
    FakeCollector::accept_all(body, req, res);
  });
  Uploader uploader(kiosk.options(fake.url()));
  std::vector<SyncStatus> seen;
  std::mutex seen_mutex;
  uploader.on_change([&](const SyncStatus& s) {
    std::lock_guard lock(seen_mutex);
    seen.push_back(s);
  });
  uploader.start();
  REQUIRE(wait_until([&] { return kiosk.outbox().counts().pending == 0; }));
  uploader.stop();
  CHECK(calls == 4);
  Outbox outbox = kiosk.outbox();
  outbox.for_each([](const StoredResponse& r) { CHECK(r.attempts == 3); });
  std::lock_guard lock(seen_mutex);
  int errors = 0;
  for (const auto& s : seen)
    if (s.state == Sync::Error && s.retry_in.count() > 0) {
      ++errors;
      CHECK(s.last_error == fake.url() + "/v1/responses: HTTP 503: {\"error\": \"database busy\"}");
      CHECK(s.retry_in <= 50ms);
    }
  CHECK(errors == 3);
  CHECK(seen.back().state == Sync::Stopped);
  CHECK_FALSE(seen.back().last_success.empty());
}

TEST_CASE("uploader: a collector that is down is 'offline', with the endpoint and curl's error", "[uploader]") {
  Kiosk kiosk(2);
  const std::string endpoint = "http://127.0.0.1:" + std::to_string(closed_port());
  Uploader uploader(kiosk.options(endpoint));
  SyncStatus s = uploader.run_once();
  CHECK(s.state == Sync::Offline);
  CHECK(s.describe() == "offline");
  CHECK_THAT(s.last_error, Catch::StartsWith(endpoint + "/v1/responses: Couldn't connect to server (curl error 7)"));
  CHECK(kiosk.outbox().counts().pending == 2);
}

TEST_CASE("uploader: a reply slower than the timeout fails as offline and is tried again", "[uploader]") {
  FakeCollector fake;
  Kiosk kiosk(1);
  std::atomic<bool> release{false};
  fake.set_handler([&](const std::string& body, const httplib::Request& req, httplib::Response& res) {
    for (int i = 0; i < 300 && !release; ++i) std::this_thread::sleep_for(10ms);
    FakeCollector::accept_all(body, req, res);
  });
  UploaderOptions o = kiosk.options(fake.url());
  o.timeout_ms = 200;
  Uploader uploader(o);
  auto t0 = std::chrono::steady_clock::now();
  SyncStatus s = uploader.run_once();
  CHECK(std::chrono::steady_clock::now() - t0 < 1500ms);
  release = true;
  CHECK(s.state == Sync::Offline);
  CHECK_THAT(s.last_error, Catch::Contains("/v1/responses: Timeout was reached (curl error 28)"));
  CHECK(uploader.run_once().state == Sync::Idle);  // the server committed it meanwhile: accepted again
}

TEST_CASE("uploader: 401 stops syncing until sync now or a new token", "[uploader]") {
  FakeCollector fake;
  Kiosk kiosk(3);
  std::atomic<bool> refuse{true};
  fake.set_handler([&](const std::string& body, const httplib::Request& req, httplib::Response& res) {
    if (refuse || req.get_header_value("Authorization") != "Bearer new-token") {
      res.status = 401;
      res.set_content("{\"error\": \"unknown token\"}", "application/json");
      return;
    }
    FakeCollector::accept_all(body, req, res);
  });
  // Passes of the uploader's loop: each one after the refusal reads the token file again and,
  // finding the same token, must send nothing.
  std::atomic<int> waits{0};
  UploaderOptions o = kiosk.options(fake.url());
  o.on_wait_for_testing = [&] { ++waits; };
  Uploader uploader(o);
  uploader.start();
  REQUIRE(wait_until([&] { return uploader.status().state == Sync::TokenRejected; }));
  SyncStatus s = uploader.status();
  CHECK(s.describe() == "token rejected");
  CHECK(s.last_error == fake.url() + "/v1/responses: HTTP 401: the collector refused the token; check that the token "
                                     "file " + kiosk.token_file.string() + " holds the collector's token");
  const int refused_at = waits;
  REQUIRE(wait_until([&] { return waits >= refused_at + 3; }));  // two whole passes or more since then
  CHECK(fake.request_count() == 1);

  uploader.sync_now();  // one more try, refused again
  REQUIRE(wait_until([&] { return fake.request_count() == 2; }));
  const int retried_at = waits;
  REQUIRE(wait_until([&] { return waits >= retried_at + 3; }));  // the retry's own pass, then two more at least
  CHECK(fake.request_count() == 2);
  CHECK(uploader.status().state == Sync::TokenRejected);

  // Staff put the right token in the file: picked up without a restart or a button.
  refuse = false;
  write_bytes(kiosk.token_file, "new-token\n");
  REQUIRE(wait_until([&] { return kiosk.outbox().counts().pending == 0; }));
  CHECK(wait_until([&] { return uploader.status().state == Sync::Idle; }));
  uploader.stop();
}

// [SECTION] the thread: stop, sync now

TEST_CASE("uploader: stop() ends a stalled request at once and leaves the rows as they were", "[uploader]") {
  FakeCollector fake;
  Kiosk kiosk(2);
  std::atomic<bool> release{false};
  fake.set_handler([&](const std::string& body, const httplib::Request& req, httplib::Response& res) {
    for (int i = 0; i < 500 && !release; ++i) std::this_thread::sleep_for(10ms);
    FakeCollector::accept_all(body, req, res);
  });
  UploaderOptions o = kiosk.options(fake.url());
  o.timeout_ms = 30'000;
  Uploader uploader(o);
  uploader.start();
  REQUIRE(wait_until([&] { return fake.request_count() == 1; }));
  auto t0 = std::chrono::steady_clock::now();
  uploader.stop();
  CHECK(std::chrono::steady_clock::now() - t0 < 500ms);
  release = true;
  CHECK(uploader.status().state == Sync::Stopped);
  kiosk.outbox().for_each([](const StoredResponse& r) {
    CHECK(r.state == Row::Pending);
    CHECK(r.attempts == 0);  // stopping is not a failed try
  });
}

TEST_CASE("uploader: sync now cuts a long backoff short", "[uploader]") {
  FakeCollector fake;
  Kiosk kiosk(2);
  std::atomic<bool> fail{true};
  fake.set_handler([&](const std::string& body, const httplib::Request& req, httplib::Response& res) {
    if (fail) res.status = 502;
    else FakeCollector::accept_all(body, req, res);
  });
  UploaderOptions o = kiosk.options(fake.url());
  o.backoff = {60'000ms, 300'000ms};
  o.jitter = [] { return 0.999; };  // a minute's wait
  Uploader uploader(o);
  uploader.start();
  REQUIRE(wait_until([&] { return uploader.status().retry_in > 0ms; }));
  CHECK(uploader.status().describe() == "error (retry in 60 s)");
  fail = false;
  uploader.sync_now();
  CHECK(wait_until([&] { return kiosk.outbox().counts().pending == 0; }, 2000ms));
  uploader.stop();
}

TEST_CASE("uploader: gzip request bodies are accepted by the collector", "[uploader]") {
  FakeCollector fake;
  Kiosk kiosk(50);
  UploaderOptions o = kiosk.options(fake.url());
  o.gzip = true;
  Uploader uploader(o);
  CHECK(uploader.run_once().state == Sync::Idle);
  auto requests = fake.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].content_encoding == "gzip");
  CHECK(kiosk.outbox().counts().sent == 50);
}

TEST_CASE("sync status: the words staff read", "[uploader]") {
  SyncStatus s;
  s.state = Sync::Idle;
  CHECK(s.describe() == "idle");
  s.state = Sync::Syncing;
  s.done = 200;
  s.total = 1000;
  CHECK(s.describe() == "syncing 200/1000");
  s.state = Sync::Offline;
  s.retry_in = 7400ms;
  CHECK(s.describe() == "offline (retry in 8 s)");
  s.state = Sync::TokenRejected;
  CHECK(s.describe() == "token rejected");
}
