// The uploader: sends the outbox's pending responses to the collector (docs/PROTOCOL.md, "Sync
// protocol") on its own thread, marks them sent only when acknowledged, and reports a SyncStatus.
//
// **Example**:
//   #include <iostream>
//   const std::filesystem::path dir = "/var/lib/peilpunt";
//   sync::Uploader uploader({.outbox_file = dir / "outbox.sqlite",
//                            .endpoint = "https://collector.example.nl", .token_file = "/etc/peilpunt/token"});
//   uploader.on_change([](const sync::SyncStatus& s) { std::clog << s.describe() << '\n'; });  // uploader thread
//   uploader.start();          // returns at once; sync_now() from a button, stop() at exit
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include "sync/protocol.hpp"

namespace peilpunt::sync {

class Outbox;
class HttpClient;

// What staff see of the sync: a value, copied out under a lock (Uploader::status()).
struct SyncStatus {
  enum class State {
    Disabled,       // no endpoint configured
    Idle,           // nothing pending, or waiting for the next round
    Syncing,        // uploading: done of total
    Offline,        // the collector could not be reached (refused, timeout, reset, TLS); retrying
    Error,          // an HTTP error, a reply that is not the protocol's, the outbox or token file failed; retrying
    TokenRejected,  // 401/403: no more tries until sync_now(), reconfigure() or another token in the token file
    Stopped,        // stop() was called
  };
  State state = State::Idle;
  std::int64_t done = 0, total = 0;  // this round: responses answered (sent or rejected) of those pending
  std::int64_t pending = -1;         // still pending (during a round: of those it started with); -1 before the first
  std::int64_t rejected = 0;         // responses the collector rejected since start
  std::string last_success;          // ISO time of the last acknowledged batch; "" when none yet
  std::string last_error;            // the last failure: names the endpoint and the HTTP status or curl error
  std::string last_error_at;         // ISO time of last_error
  std::chrono::milliseconds retry_in{0};  // Offline, Error: the wait before the next try

  // "idle", "syncing 200/1000", "offline (retry in 8 s)", "token rejected", ...: for logs and the CLI.
  std::string describe() const;
};
const char* to_string(SyncStatus::State state);

// A configuration the uploader refuses: a bad URL, plain http to another machine, a missing or
// empty token file. The message names the setting or the file and says what to do.
struct UploaderError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Capped exponential backoff with full jitter: the n-th wait in a row is uniform in
// [0, min(cap, initial * 2^(n-1))] (at least 1 ms), so kiosks that lost the network together do
// not return together.
struct BackoffPolicy {
  std::chrono::milliseconds initial{1000};
  std::chrono::milliseconds cap{5 * 60 * 1000};
};

class Backoff {
 public:
  // `uniform01` returns numbers in [0, 1); tests pass a fixed sequence, the product a seeded PRNG.
  explicit Backoff(BackoffPolicy policy, std::function<double()> uniform01 = {});
  std::chrono::milliseconds next();      // the wait after one more failure in a row
  std::chrono::milliseconds ceiling() const;  // the upper bound of the next wait
  void reset() { failures_ = 0; }
  int failures() const { return failures_; }

 private:
  BackoffPolicy policy_;
  std::function<double()> uniform01_;
  int failures_ = 0;
};

struct UploaderOptions {
  std::filesystem::path outbox_file{};
  std::string endpoint{};           // "https://host[:port][/path]"; empty: sync is off (Disabled)
  std::string token{};              // the bearer token itself; or:
  std::string token_file{};         // a file holding it, used when `token` is empty; read again for each batch
  std::string ca_file{};            // empty: the system's CAs
  bool allow_insecure_http = false; // plain http:// to hosts other than this machine
  bool gzip = false;                // gzip request bodies (the collector decodes Content-Encoding: gzip)
  std::chrono::milliseconds interval{60'000};  // between rounds while nothing fails
  long connect_timeout_ms = 5000;
  long timeout_ms = 30000;
  BackoffPolicy backoff{};
  // protocol.hpp's limits, well inside the collector's ProtocolLimits; tests lower them.
  std::size_t batch_max_responses = peilpunt::sync::batch_max_responses;
  std::size_t batch_max_bytes = peilpunt::sync::batch_max_bytes;
  std::function<double()> jitter{}; // [0, 1) for the backoff; empty: a PRNG seeded at random
  // Test hook; the product leaves it empty. Called on the uploader's thread each time it starts a
  // wait between rounds, so a test can count passes in which nothing was sent instead of sleeping.
  std::function<void()> on_wait_for_testing{};
};

// Checks the endpoint against the security policy: https://, or http:// only to loopback
// (localhost, 127.0.0.0/8, ::1) unless allow_insecure_http. Returns the endpoint without a
// trailing slash; throws UploaderError naming the URL and the reason.
std::string checked_endpoint(const std::string& endpoint, bool allow_insecure_http);

class Uploader {
 public:
  // Checks the URL and reads the token (UploaderError); the outbox is opened later, by the thread
  // that uses it (one Outbox per thread). Starts nothing.
  explicit Uploader(UploaderOptions options);
  ~Uploader();  // stop()
  Uploader(const Uploader&) = delete;
  Uploader& operator=(const Uploader&) = delete;

  // Called on the uploader's thread (or run_once's caller) after every status change. Set it
  // before start(). Don't call back into the Uploader from it except status().
  void on_change(std::function<void(const SyncStatus&)> callback);

  void start();     // the background loop: rounds every `interval`, backoff after failures
  void stop();      // ends the loop promptly: wakes it and cancels a running request; joins
  void sync_now();  // a round at once: resets the backoff, and tries once after "token rejected"
  // New settings (e.g. a fixed token file): checked like the constructor's; clears "token rejected".
  void reconfigure(UploaderOptions options);
  SyncStatus status() const;  // from any thread

  // One pass on the calling thread (not while start()ed): uploads batches until nothing is
  // pending (returns Idle) or one fails (returns Offline, Error or TokenRejected).
  SyncStatus run_once();

 private:
  // How a round ended, and so how long the loop waits: Empty (the interval), Failed (backoff),
  // TokenRejected (the interval, then a request only with another token), NotConfigured (no
  // endpoint: until woken by a configuration or sync_now), Cancelled (stop()).
  enum class RoundEnd { Empty, BatchAnswered, Failed, TokenRejected, NotConfigured, Cancelled };
  struct Config;

  void loop();
  // `progressed`: at least one batch was answered, i.e. the collector was reachable.
  RoundEnd round(Outbox& outbox, HttpClient& http, bool& progressed);
  RoundEnd upload_batch(Outbox& outbox, HttpClient& http, const Config& config, std::int64_t& done);
  void update(const std::function<void(SyncStatus&)>& change);
  void fail_with(SyncStatus::State state, const std::string& error);
  // `text` with the configured token and `sent_token` (read from the file for this request) blanked.
  std::string redacted(std::string text, const std::string& sent_token = {}) const;
  std::shared_ptr<const Config> config() const;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::shared_ptr<const Config> config_;  // replaced whole by reconfigure()
  SyncStatus status_;
  std::function<void(const SyncStatus&)> on_change_;
  bool stopping_ = false, now_requested_ = false, config_changed_ = false;
  HttpClient* running_http_ = nullptr;  // the thread's client while a round runs, for stop()
  std::thread thread_;
};

}  // namespace peilpunt::sync
