// A scripted stand-in for the collector (cpp-httplib on 127.0.0.1, a free port) for the
// uploader's unit tests: it records every request and answers as the test's handler says.
//
// **Example**:
//   FakeCollector fake;   // default: accept every response of a valid request
//   fake.set_handler([](const std::string&, const httplib::Request&, httplib::Response& res) { res.status = 503; });
//   uploader_options.endpoint = fake.url();
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "sync/protocol.hpp"

namespace peilpunt::sync::testing {

struct RecordedRequest {
  std::string method, path, authorization, content_encoding, body;  // body as the handler saw it (decoded)
  int remote_port = 0;  // the same for requests on one kept-alive connection
};

class FakeCollector {
 public:
  // Gets the request's body (decoded), its headers, and the reply to fill in.
  using Handler = std::function<void(const std::string& body, const httplib::Request&, httplib::Response&)>;

  FakeCollector() {
    server_.set_tcp_nodelay(true);
    // Bodies are read through a ContentReader: the Debian build of cpp-httplib answers 413 for
    // bodies over 8 KB to plain handlers (the collector reads them the same way).
    server_.Post("/v1/responses", [this](const httplib::Request& req, httplib::Response& res,
                                         const httplib::ContentReader& reader) {
      std::string body;
      reader([&](const char* data, std::size_t length) {
        body.append(data, length);
        return true;
      });
      Handler handler;
      {
        std::lock_guard lock(mutex_);
        requests_.push_back({req.method, req.path, req.get_header_value("Authorization"),
                             req.get_header_value("Content-Encoding"), body, req.remote_port});
        handler = handler_;
      }
      handler(body, req, res);
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("FakeCollector: cannot bind 127.0.0.1");
    thread_ = std::thread([this] {
      server_.listen_after_bind();
      listen_returned_ = true;
    });
    // stop() is a no-op until the accept loop runs (cpp-httplib 0.11), so wait for it; a loop that
    // ended at once would otherwise be waited for forever.
    while (!server_.is_running() && !listen_returned_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (!server_.is_running()) {
      thread_.join();
      throw std::runtime_error("FakeCollector: cpp-httplib's accept loop on 127.0.0.1 ended at once");
    }
  }
  ~FakeCollector() {
    server_.stop();
    thread_.join();
  }
  FakeCollector(const FakeCollector&) = delete;
  FakeCollector& operator=(const FakeCollector&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }

  void set_handler(Handler handler) {
    std::lock_guard lock(mutex_);
    handler_ = std::move(handler);
  }
  std::vector<RecordedRequest> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  std::size_t request_count() const {
    std::lock_guard lock(mutex_);
    return requests_.size();
  }

  // The collector's normal answer: every response of a valid request accepted.
  static void accept_all(const std::string& body, const httplib::Request&, httplib::Response& res) {
    UploadRequest request = UploadRequest::parse(body);
    UploadReply reply;
    for (const auto& e : request.responses) reply.accepted.push_back(e.id);
    res.set_content(reply.to_json().dump(), "application/json");
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<bool> listen_returned_{false};
  mutable std::mutex mutex_;
  std::vector<RecordedRequest> requests_;
  Handler handler_ = accept_all;
};

}  // namespace peilpunt::sync::testing
