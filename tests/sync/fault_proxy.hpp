// A fault-injecting HTTP proxy for the sync fault tests: it sits between the uploader and the
// real collector on 127.0.0.1 and, per request, passes it on or breaks it the ways a venue's
// network does (refused, reset, lost reply, 500, stall, truncated or non-JSON reply, duplicate).
//
// **Example**:
//   FaultProxy proxy({.upstream_port = server.port(), .choose = [&] { return next_fault(rng); }});
//   options.endpoint = proxy.url();      // the uploader talks to the proxy
//   ... run; then proxy.injected()[Fault::Stall] says how often it stalled
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <list>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace peilpunt::sync::testing {

enum class Fault {
  None,              // forward the request, relay the reply
  Refuse,            // reset this connection and stop listening for a while: new connects are refused
  ResetMidRequest,   // read part of the request, then reset (the collector never sees it)
  ResetAfterCommit,  // forward the request, read the reply (the collector committed), then reset
  Status500,         // answer 500 without asking the collector
  Stall,             // forward the request, then hold the reply past the client's timeout
  Truncate,          // forward, then relay only the first half of the reply and close
  NotJson,           // answer 200 with an HTML page (a captive portal) without asking the collector
  Duplicate,         // forward the request twice, relay the second reply
};
inline constexpr Fault all_faults[] = {Fault::Refuse, Fault::ResetMidRequest, Fault::ResetAfterCommit, Fault::Status500,
                                       Fault::Stall,  Fault::Truncate,        Fault::NotJson,          Fault::Duplicate};
const char* to_string(Fault fault);

struct FaultProxyOptions {
  int upstream_port = 0;                   // the collector, on 127.0.0.1
  std::function<Fault()> choose;           // once per request, never concurrently
  std::chrono::milliseconds refuse_for{100};   // how long the listener stays shut after Refuse
  std::chrono::milliseconds stall_limit{3000}; // Stall ends earlier when the client hangs up
};

class FaultProxy {
 public:
  explicit FaultProxy(FaultProxyOptions options);  // listens on 127.0.0.1, a free port
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::map<Fault, int> injected() const;  // how often each fault was chosen (None included)
  int requests() const;                   // requests read from clients (whole or in part)
  int forwarded() const;                  // requests passed to the collector (a Duplicate counts twice)

 private:
  struct Connection {
    std::thread thread;
    std::atomic<bool> done{false};
    int fd = -1;
  };

  void accept_loop();
  void serve(Connection& connection);
  bool open_listener();
  void refuse_for_a_while();

  FaultProxyOptions options_;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;  // guards everything below and calls to options_.choose
  int listen_fd_ = -1;
  bool refusing_ = false;  // the listener was shut down for a Refuse; the accept loop closes it
  std::chrono::steady_clock::time_point reopen_at_{};
  std::list<Connection> connections_;
  std::map<Fault, int> injected_;
  int requests_ = 0;
  int forwarded_ = 0;
  std::thread acceptor_;
};

}  // namespace peilpunt::sync::testing
