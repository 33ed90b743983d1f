// sync::HttpClient against a local cpp-httplib server: transport errors and HTTP statuses stay
// apart, the connection is kept alive between requests, gzip bodies arrive decoded, and
// cancel() ends a stalled request at once.
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <catch2/catch.hpp>

#include "sync/http_client.hpp"
#include "tests/sync/fake_collector.hpp"

using namespace peilpunt::sync;
using namespace peilpunt::sync::testing;
using namespace std::chrono_literals;

namespace {

// A loopback port nothing listens on: bound, never listened, closed.
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

}  // namespace

TEST_CASE("http client: an HTTP error status is a reply, not a transport error", "[http]") {
  FakeCollector fake;
  fake.set_handler([](const std::string&, const httplib::Request&, httplib::Response& res) {
    res.status = 503;
    res.set_content("collector busy", "text/plain");
  });
  HttpClient http({});
  HttpResult r = http.post(fake.url() + "/v1/responses", "{}", {});
  CHECK(r.transport_ok());
  CHECK(r.status == 503);
  CHECK(r.body == "collector busy");
  CHECK(r.describe("U") == "U: HTTP 503");
}

TEST_CASE("http client: a refused connection is a curl error with status 0", "[http]") {
  const std::string url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/v1/responses";
  HttpClient http({});
  HttpResult r = http.post(url, "{}", {});
  CHECK_FALSE(r.transport_ok());
  CHECK(r.curl == CURLE_COULDNT_CONNECT);
  CHECK(r.status == 0);
  CHECK_THAT(r.describe(url), Catch::StartsWith(url + ": Couldn't connect to server (curl error 7)"));
}

TEST_CASE("http client: requests reuse one kept-alive connection", "[http]") {
  FakeCollector fake;
  fake.set_handler([](const std::string&, const httplib::Request&, httplib::Response& res) { res.set_content("{}", "application/json"); });
  HttpClient http({});
  for (int i = 0; i < 3; ++i) REQUIRE(http.post(fake.url() + "/v1/responses", "{}", {}).status == 200);
  auto requests = fake.requests();
  REQUIRE(requests.size() == 3);
  CHECK(requests[1].remote_port == requests[0].remote_port);
  CHECK(requests[2].remote_port == requests[0].remote_port);
}

TEST_CASE("http client: a gzip body reaches the server decoded", "[http]") {
  FakeCollector fake;
  fake.set_handler([](const std::string&, const httplib::Request&, httplib::Response& res) { res.set_content("{}", "application/json"); });
  HttpClient http({.gzip_request = true});
  const std::string body(100'000, 'x');
  REQUIRE(http.post(fake.url() + "/v1/responses", body, {}).status == 200);
  auto requests = fake.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].content_encoding == "gzip");
  CHECK(requests[0].body == body);
  CHECK(gzip_compress(body).size() < 1000);
}

TEST_CASE("http client: the total timeout ends a stalled reply", "[http]") {
  FakeCollector fake;
  std::atomic<bool> release{false};
  fake.set_handler([&](const std::string&, const httplib::Request&, httplib::Response& res) {
    for (int i = 0; i < 500 && !release; ++i) std::this_thread::sleep_for(10ms);
    res.set_content("{}", "application/json");
  });
  HttpClient http({.connect_timeout_ms = 1000, .timeout_ms = 200});
  auto t0 = std::chrono::steady_clock::now();
  HttpResult r = http.post(fake.url() + "/v1/responses", "{}", {});
  auto elapsed = std::chrono::steady_clock::now() - t0;
  release = true;
  CHECK(r.curl == CURLE_OPERATION_TIMEDOUT);
  CHECK(elapsed < 1500ms);
}

TEST_CASE("http client: cancel() from another thread ends the request at once", "[http]") {
  FakeCollector fake;
  std::atomic<bool> release{false};
  fake.set_handler([&](const std::string&, const httplib::Request&, httplib::Response& res) {
    for (int i = 0; i < 500 && !release; ++i) std::this_thread::sleep_for(10ms);
    res.set_content("{}", "application/json");
  });
  HttpClient http({.connect_timeout_ms = 1000, .timeout_ms = 30000});
  // Cancels once the request is at the server; gives up waiting for that after 5 s (and cancels
  // anyway, so post() returns), rather than waiting forever for a request that never came.
  std::atomic<bool> request_arrived{false};
  std::thread canceller([&] {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (fake.request_count() == 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
    request_arrived = fake.request_count() > 0;
    http.cancel();
  });
  auto t0 = std::chrono::steady_clock::now();
  HttpResult r = http.post(fake.url() + "/v1/responses", "{}", {});
  auto elapsed = std::chrono::steady_clock::now() - t0;
  canceller.join();
  release = true;
  if (!request_arrived) FAIL("no request reached the server in 5 s: " << r.describe(fake.url() + "/v1/responses"));
  CHECK(r.cancelled());
  CHECK(elapsed < 1000ms);
  CHECK(http.post(fake.url() + "/v1/responses", "{}", {}).cancelled());  // and stays cancelled
}
