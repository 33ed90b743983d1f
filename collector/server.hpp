// peilpunt-collector as a library: the HTTP server (cpp-httplib) over the collector's SQLite
// store, so the tool, the fault tests and the benchmark run the same code.
//
// **Example**:
//   #include <thread>
//   collector::Server server({.db = "c.sqlite", .host = "127.0.0.1", .port = 0, .token = "s3cret"});
//   std::thread t([&] { server.run(); });
//   server.wait_until_listening();            // then POST to http://127.0.0.1:<server.port()>
//   server.stop(); t.join();
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "sync/protocol.hpp"

namespace peilpunt::collector {

struct ServerOptions {
  std::filesystem::path db;      // created when missing
  std::string host = "127.0.0.1";
  int port = 0;                  // 0: any free port; port() tells which
  std::string token;             // the bearer token every /v1 call except health must carry
  std::string tls_cert{}, tls_key{};  // both set: HTTPS
  sync::ProtocolLimits limits{};
  // Questionnaire files (<survey id>.json) for GET /v1/export?format=csv; empty: default_surveys_folder().
  std::filesystem::path surveys{};
  // One line per request (method, path, status, client, outcome); never the token. Empty: silent.
  std::function<void(const std::string& line)> log{};
};

// $PEILPUNT_ASSETS/surveys when set, else the installed assets (/usr/share/peilpunt/surveys) when
// they exist, else the source tree's assets/surveys.
std::filesystem::path default_surveys_folder();

class Server {
 public:
  explicit Server(ServerOptions options);  // opens the store; throws std::runtime_error naming the file
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  void run();                    // blocks until stop(); throws when it cannot listen
  void stop();                   // from any thread
  bool wait_until_listening();   // false when run() failed to bind or has not started within 30 s
  int port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace peilpunt::collector
