// The uploader: the outbox's pending rows go to the collector in batches, and only the
// collector's answer moves them (outbox.cpp, "Who moves a row").
//
// [SECTION] Design
//
// One round: read up to batch_max_responses pending rows (seq order), keep those under the first
// row's device name (the protocol sends one device per request) up to batch_max_bytes of body,
// POST them, then per id of that batch:
//   in "accepted"                 -> Outbox::mark_sent
//   in "rejected"                 -> Outbox::mark_rejected with the collector's reason
//   in neither                    -> Outbox::record_failure; the round ends as failed
// Replies that are not a 200 with the protocol's JSON move nothing but record_failure on the
// batch: 401/403 end syncing until sync_now() or a new token (TokenRejected); anything else
// (curl errors: refused, reset, timeout; 5xx; other 4xx; a reply that does not parse) ends the
// round as failed. Ids the reply names that are not in the batch are ignored: a reply can only
// move the rows it was about. A round repeats batches until nothing is pending.
//
// Between rounds the thread waits `interval` after a round that emptied the queue, and the
// backoff's wait (full jitter, doubling up to its cap, forever) after a failed one; a batch that
// got an answer resets the backoff (the collector is reachable again); sync_now() cuts either
// wait short and resets the backoff too; stop() cancels the running request via
// HttpClient::cancel (curl_multi_wakeup), so it returns at once whatever the timeouts.
//
// Exactly once: the collector commits before it answers and stores by id, so a batch whose reply
// was lost (reset after commit, timeout) is sent again and accepted again without a second row.
//
// Index:
//   [SECTION] Design
//   [SECTION] Status
//   [SECTION] Backoff
//   [SECTION] Endpoint and token checks
//   [SECTION] Lifecycle: start, stop, sync_now, reconfigure
//   [SECTION] The loop
//   [SECTION] A round and a batch
#include "sync/uploader.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "sync/envelope.hpp"
#include "sync/http_client.hpp"
#include "sync/outbox.hpp"
#include "sync/protocol.hpp"

namespace peilpunt::sync {

namespace {

using std::chrono::milliseconds;
namespace fs = std::filesystem;

// The start of a collector's error body for a message: one line, at most 200 characters.
std::string excerpt(const std::string& body) {
  constexpr std::size_t max_chars = 200;
  std::string out;
  for (char c : body.substr(0, max_chars)) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (body.size() > max_chars) out += "...";
  return out;
}

}  // namespace

// [SECTION] Status

const char* to_string(SyncStatus::State state) {
  switch (state) {
    case SyncStatus::State::Disabled: return "disabled";
    case SyncStatus::State::Idle: return "idle";
    case SyncStatus::State::Syncing: return "syncing";
    case SyncStatus::State::Offline: return "offline";
    case SyncStatus::State::Error: return "error";
    case SyncStatus::State::TokenRejected: return "token rejected";
    case SyncStatus::State::Stopped: return "stopped";
  }
  return "idle";  // can't happen: every enumerator is handled above
}

std::string SyncStatus::describe() const {
  switch (state) {
    case State::Disabled: return "sync off (no endpoint configured)";
    case State::Syncing: return "syncing " + std::to_string(done) + "/" + std::to_string(total);
    case State::Offline:
    case State::Error: {
      std::string text = to_string(state);
      if (retry_in.count() > 0) {
        const auto seconds = (retry_in.count() + 999) / 1000;  // "retry in 1 s" rather than "0 s"
        text += " (retry in " + std::to_string(seconds) + " s)";
      }
      return text;
    }
    case State::Idle:
    case State::TokenRejected:
    case State::Stopped: return to_string(state);
  }
  return to_string(state);  // can't happen
}

// [SECTION] Backoff

Backoff::Backoff(BackoffPolicy policy, std::function<double()> uniform01)
    : policy_(policy), uniform01_(std::move(uniform01)) {
  assert(policy_.initial.count() > 0 && policy_.cap >= policy_.initial);
  if (!uniform01_) {
    auto rng = std::make_shared<std::mt19937_64>(std::random_device{}());
    uniform01_ = [rng] { return std::uniform_real_distribution<double>(0.0, 1.0)(*rng); };
  }
}

milliseconds Backoff::ceiling() const {
  // Doubling past 2^30 overflows nothing only because the cap is reached long before.
  const int doublings = std::min(failures_, 30);
  const double grown = static_cast<double>(policy_.initial.count()) * std::ldexp(1.0, doublings);
  return milliseconds(static_cast<std::int64_t>(std::min(grown, static_cast<double>(policy_.cap.count()))));
}

milliseconds Backoff::next() {
  const milliseconds bound = ceiling();
  ++failures_;
  const double u = std::clamp(uniform01_(), 0.0, 1.0);
  // At least 1 ms: a status with retry_in > 0 is how watchers tell that the next try is scheduled.
  return std::max(milliseconds(1), milliseconds(static_cast<std::int64_t>(std::llround(u * static_cast<double>(bound.count())))));
}

// [SECTION] Endpoint and token checks

namespace {

struct CurlUrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};

std::optional<std::string> url_part(CURLU* url, CURLUPart part) {
  char* value = nullptr;
  if (curl_url_get(url, part, &value, 0) != CURLUE_OK || !value) return std::nullopt;
  std::string out(value);
  curl_free(value);
  return out;
}

bool is_loopback_host(std::string host) {
  std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (host == "localhost" || host == "localhost.") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  in6_addr v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;  // ::ffff:127.x.y.z
  }
  return false;
}

}  // namespace

std::string checked_endpoint(const std::string& endpoint, bool allow_insecure_http) {
  const std::string where = "sync endpoint \"" + endpoint + "\": ";
  std::unique_ptr<CURLU, CurlUrlDeleter> url(curl_url());
  if (!url) throw std::bad_alloc();
  if (CURLUcode rc = curl_url_set(url.get(), CURLUPART_URL, endpoint.c_str(), CURLU_NON_SUPPORT_SCHEME); rc != CURLUE_OK)
    throw UploaderError(where + "not a URL (" + curl_url_strerror(rc) + "); expected https://host[:port][/path]");
  const std::string scheme = url_part(url.get(), CURLUPART_SCHEME).value_or("");
  const std::string host = url_part(url.get(), CURLUPART_HOST).value_or("");
  if (scheme != "https" && scheme != "http")
    throw UploaderError(where + "only https:// (or http:// to this machine) is supported");
  if (url_part(url.get(), CURLUPART_USER) || url_part(url.get(), CURLUPART_PASSWORD))
    throw UploaderError(where + "a user name or password does not belong in the URL; the token goes in the token file");
  if (url_part(url.get(), CURLUPART_QUERY) || url_part(url.get(), CURLUPART_FRAGMENT))
    throw UploaderError(where + "the endpoint must not have a query (?) or fragment (#)");
  if (scheme == "http" && !allow_insecure_http && !is_loopback_host(host))
    throw UploaderError(where +
                        "plain http:// is only allowed to this machine (localhost, 127.0.0.1, ::1): the token and the "
                        "answers would cross the network unencrypted. Use https://, or set sync.allow_insecure_http "
                        "to true for a trusted network");
  std::string trimmed = endpoint;
  while (!trimmed.empty() && trimmed.back() == '/') trimmed.pop_back();
  return trimmed;
}

// The checked form of UploaderOptions that a round reads; replaced whole by reconfigure().
struct Uploader::Config {
  UploaderOptions options;
  std::string endpoint;  // checked, no trailing slash; empty: disabled
  std::string responses_url;
  std::string token;     // options.token, or what token_file held when checked

  explicit Config(UploaderOptions o) : options(std::move(o)) {
    if (options.endpoint.empty()) return;
    endpoint = checked_endpoint(options.endpoint, options.allow_insecure_http);
    responses_url = endpoint + "/v1/responses";
    token = current_token();
    if (options.batch_max_responses == 0 || options.batch_max_bytes == 0)
      throw UploaderError("sync: batch limits must be at least 1");
  }

  // The token file is read again for each round, so a fixed file needs no restart.
  std::string current_token() const {
    if (!options.token.empty()) return options.token;
    if (options.token_file.empty())
      throw UploaderError("sync: no token configured; set sync.token_file in the config (or pass --token-file)");
    try {
      return read_token_file(options.token_file);
    } catch (const TokenFileError& e) {
      throw UploaderError(e.what());
    }
  }
};

// [SECTION] Lifecycle: start, stop, sync_now, reconfigure

Uploader::Uploader(UploaderOptions options) : config_(std::make_shared<const Config>(std::move(options))) {
  ensure_curl_initialised();
  status_.state = config_->endpoint.empty() ? SyncStatus::State::Disabled : SyncStatus::State::Idle;
}

Uploader::~Uploader() { stop(); }

void Uploader::on_change(std::function<void(const SyncStatus&)> callback) {
  std::lock_guard lock(mutex_);
  on_change_ = std::move(callback);
}

void Uploader::start() {
  std::lock_guard lock(mutex_);
  assert(!thread_.joinable() && "start() twice");
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void Uploader::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    if (running_http_) running_http_->cancel();
  }
  wake_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void Uploader::sync_now() {
  {
    std::lock_guard lock(mutex_);
    now_requested_ = true;
  }
  wake_.notify_all();
}

void Uploader::reconfigure(UploaderOptions options) {
  auto checked = std::make_shared<const Config>(std::move(options));  // throws before anything changes
  {
    std::lock_guard lock(mutex_);
    config_ = std::move(checked);
    config_changed_ = true;
  }
  wake_.notify_all();
}

SyncStatus Uploader::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

std::shared_ptr<const Uploader::Config> Uploader::config() const {
  std::lock_guard lock(mutex_);
  return config_;
}

void Uploader::update(const std::function<void(SyncStatus&)>& change) {
  SyncStatus copy;
  std::function<void(const SyncStatus&)> callback;
  {
    std::lock_guard lock(mutex_);
    change(status_);
    copy = status_;
    callback = on_change_;
  }
  if (callback) callback(copy);
}

std::string Uploader::redacted(std::string text, const std::string& sent_token) const {
  // Defence in depth: no message may carry the token, whatever a server or file echoed back.
  std::shared_ptr<const Config> c = config();
  for (const std::string& secret : {sent_token, c->token, c->options.token}) {
    if (secret.empty()) continue;
    for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at))
      text.replace(at, secret.size(), "[token]");
  }
  return text;
}

void Uploader::fail_with(SyncStatus::State state, const std::string& error) {
  const std::string message = redacted(error);
  const std::string at = iso_timestamp(std::chrono::system_clock::now());
  update([&](SyncStatus& s) {
    s.state = state;
    s.last_error = message;
    s.last_error_at = at;
    s.retry_in = milliseconds(0);
  });
}

SyncStatus Uploader::run_once() {
  assert(!thread_.joinable() && "run_once() while the thread runs");
  std::shared_ptr<const Config> c = config();
  if (c->endpoint.empty()) {
    update([](SyncStatus& s) { s.state = SyncStatus::State::Disabled; });
    return status();
  }
  std::optional<Outbox> outbox;
  try {
    outbox.emplace(Outbox::open(c->options.outbox_file));
  } catch (const OutboxError& e) {
    fail_with(SyncStatus::State::Error, e.what());
    return status();
  }
  HttpClient http({c->options.connect_timeout_ms, c->options.timeout_ms, c->options.ca_file, c->options.gzip});
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return status_;
    running_http_ = &http;
  }
  bool progressed = false;
  round(*outbox, http, progressed);
  {
    std::lock_guard lock(mutex_);
    running_http_ = nullptr;
  }
  return status();
}

// [SECTION] The loop

void Uploader::loop() {
  std::shared_ptr<const Config> c = config();
  Backoff backoff(c->options.backoff, c->options.jitter);
  std::optional<Outbox> outbox;
  std::unique_ptr<HttpClient> http;
  std::shared_ptr<const Config> http_config;  // the settings `http` was made with
  std::string rejected_token;                 // while "token rejected": the token the collector refused

  for (;;) {
    c = config();
    RoundEnd end = RoundEnd::Empty;
    if (c->endpoint.empty()) {
      update([](SyncStatus& s) { s.state = SyncStatus::State::Disabled; });
      end = RoundEnd::NotConfigured;
    } else {
      if (!rejected_token.empty()) {
        // Still refused, unless the token file now holds another token (checked each interval).
        std::string token;
        try {
          token = c->current_token();
        } catch (const UploaderError&) {
        }
        if (token == rejected_token) end = RoundEnd::TokenRejected;
        else rejected_token.clear();
      }
      if (rejected_token.empty()) {
        if (http_config != c) {
          try {
            http = std::make_unique<HttpClient>(HttpClientOptions{c->options.connect_timeout_ms, c->options.timeout_ms,
                                                                  c->options.ca_file, c->options.gzip});
            http_config = c;
          } catch (const std::exception& e) {  // out of memory in libcurl
            fail_with(SyncStatus::State::Error, std::string("sync: ") + e.what());
            end = RoundEnd::Failed;
          }
        }
        if (outbox && outbox->file() != c->options.outbox_file) outbox.reset();  // reconfigured
        if (!outbox && http) {
          try {
            outbox.emplace(Outbox::open(c->options.outbox_file));
          } catch (const OutboxError& e) {
            fail_with(SyncStatus::State::Error, e.what());
            end = RoundEnd::Failed;
          }
        }
        if (outbox && http && end != RoundEnd::Failed) {
          {
            std::lock_guard lock(mutex_);
            if (stopping_) break;
            running_http_ = http.get();
          }
          bool progressed = false;
          end = round(*outbox, *http, progressed);
          // Batches got through: the network is back, so a hiccup now starts from the shortest wait.
          if (progressed) backoff.reset();
          std::lock_guard lock(mutex_);
          running_http_ = nullptr;
        }
        if (end == RoundEnd::TokenRejected) {
          try {
            rejected_token = c->current_token();
          } catch (const UploaderError&) {
            rejected_token = "\n";  // unreadable now: any readable token counts as a change
          }
        }
      }
    }

    std::optional<milliseconds> wait;  // none: until woken
    switch (end) {
      case RoundEnd::Empty:
        backoff.reset();
        wait = c->options.interval;
        break;
      case RoundEnd::Failed: {
        const milliseconds delay = backoff.next();
        update([&](SyncStatus& s) { s.retry_in = delay; });
        wait = delay;
        break;
      }
      case RoundEnd::TokenRejected:
        // Look at the token file again each interval; a request only when it changed.
        wait = c->options.interval;
        break;
      case RoundEnd::NotConfigured: break;  // until a configuration or sync_now() wakes it
      case RoundEnd::Cancelled:
      case RoundEnd::BatchAnswered: break;  // can't happen: round() goes on after an answered batch
    }

    if (c->options.on_wait_for_testing) c->options.on_wait_for_testing();
    std::unique_lock lock(mutex_);
    auto woken = [this] { return stopping_ || now_requested_ || config_changed_; };
    if (wait) wake_.wait_for(lock, *wait, woken);
    else wake_.wait(lock, woken);
    if (stopping_) break;
    if (now_requested_ || config_changed_) {
      backoff.reset();
      rejected_token.clear();  // "sync now" after a refused token: one more try
      now_requested_ = config_changed_ = false;
    }
  }
  update([](SyncStatus& s) {
    s.state = SyncStatus::State::Stopped;
    s.retry_in = milliseconds(0);
  });
}

// [SECTION] A round and a batch

Uploader::RoundEnd Uploader::round(Outbox& outbox, HttpClient& http, bool& progressed) {
  std::shared_ptr<const Config> c = config();
  std::int64_t done = 0;
  progressed = false;
  try {
    const std::int64_t pending = outbox.counts().pending;
    update([&](SyncStatus& s) {
      s.state = pending > 0 ? SyncStatus::State::Syncing : SyncStatus::State::Idle;
      s.done = 0;
      s.total = pending;
      s.pending = pending;
      s.retry_in = milliseconds(0);
    });
    if (pending == 0) return RoundEnd::Empty;
    std::int64_t total = pending;
    for (;;) {
      {
        std::lock_guard lock(mutex_);
        if (stopping_) return RoundEnd::Cancelled;
      }
      const std::int64_t done_before = done;
      RoundEnd end = upload_batch(outbox, http, *c, done);
      progressed = progressed || done > done_before;
      if (end == RoundEnd::Empty) {
        update([&](SyncStatus& s) {
          s.state = SyncStatus::State::Idle;
          s.done = s.total = done;
          s.pending = 0;
        });
        return RoundEnd::Empty;
      }
      if (end != RoundEnd::BatchAnswered) return end;
      // Responses committed during the round join it: total grows rather than done passing it.
      // (No count query per batch: on a long queue it costs as much as the batch's bookkeeping.)
      total = std::max(total, done);
      update([&](SyncStatus& s) {
        s.state = SyncStatus::State::Syncing;
        s.done = done;
        s.total = total;
        s.pending = total - done;
      });
    }
  } catch (const OutboxError& e) {
    fail_with(SyncStatus::State::Error, e.what());
    return RoundEnd::Failed;
  } catch (const UploaderError& e) {  // the token file became unreadable
    fail_with(SyncStatus::State::Error, e.what());
    return RoundEnd::Failed;
  } catch (const std::exception& e) {  // can't happen short of memory; the kiosk must not end for it
    fail_with(SyncStatus::State::Error, std::string("sync: unexpected error: ") + e.what());
    return RoundEnd::Failed;
  }
}

// Sends one batch. Returns BatchAnswered when every response in it was answered (sent or
// rejected), Empty when nothing was pending.
Uploader::RoundEnd Uploader::upload_batch(Outbox& outbox, HttpClient& http, const Config& c, std::int64_t& done) {
  const std::vector<StoredResponse> rows = outbox.pending(c.options.batch_max_responses);
  if (rows.empty()) return RoundEnd::Empty;

  // One device per request; the rest waits for the next batch. The first row always goes, even
  // alone over the byte limit: the collector's per-envelope limit decides about it.
  // The body is UploadRequest::to_json().dump() assembled from one dump per envelope, which the
  // byte limit needs anyway (serializing is a good part of a batch's time).
  const std::string& device = rows.front().envelope.device;
  std::string body = R"({"device":)" + Json(device).dump() + R"(,"responses":[)";
  std::vector<std::string> ids;
  for (const auto& row : rows) {
    if (row.envelope.device != device) continue;
    const std::string envelope = row.envelope.to_json().dump();
    if (!ids.empty() && body.size() + 1 + envelope.size() + 2 > c.options.batch_max_bytes) break;
    if (!ids.empty()) body += ',';
    body += envelope;
    ids.push_back(row.envelope.id);
  }
  body += "]}";
  const std::string token = c.current_token();

  HttpResult reply = http.post(c.responses_url, body,
                               {"Authorization: Bearer " + token, "Content-Type: application/json",
                                "Accept: application/json"});
  if (reply.cancelled()) return RoundEnd::Cancelled;  // stop(): the rows stay pending as they are
  if (!reply.transport_ok()) {
    const std::string error = redacted(reply.describe(c.responses_url), token);
    outbox.record_failure(ids, error);
    fail_with(SyncStatus::State::Offline, error);
    return RoundEnd::Failed;
  }
  if (reply.status == 401 || reply.status == 403) {
    std::string error = reply.describe(c.responses_url) + ": the collector refused the token; ";
    error += c.options.token_file.empty() ? "check the configured token against the collector's"
                                          : "check that the token file " + c.options.token_file +
                                                " holds the collector's token";
    error = redacted(error, token);
    outbox.record_failure(ids, error);
    fail_with(SyncStatus::State::TokenRejected, error);
    return RoundEnd::TokenRejected;
  }
  if (reply.status != 200) {
    std::string error = reply.describe(c.responses_url);
    if (const std::string text = excerpt(reply.body); !text.empty()) error += ": " + text;
    error = redacted(error, token);
    outbox.record_failure(ids, error);
    fail_with(SyncStatus::State::Error, error);
    return RoundEnd::Failed;
  }
  UploadReply answer;
  try {
    answer = UploadReply::parse(reply.body);
  } catch (const ProtocolError& e) {
    const std::string error =
        redacted(reply.describe(c.responses_url) + " but the reply is not the sync protocol's: " + e.what(), token);
    outbox.record_failure(ids, error);
    fail_with(SyncStatus::State::Error, error);
    return RoundEnd::Failed;
  }

  const std::unordered_set<std::string> in_batch(ids.begin(), ids.end());
  std::unordered_set<std::string> answered;
  std::vector<std::string> accepted;
  for (const auto& id : answer.accepted)
    if (in_batch.count(id) && answered.insert(id).second) accepted.push_back(id);
  outbox.mark_sent(accepted);
  std::int64_t rejected = 0;
  for (const auto& r : answer.rejected) {
    if (!in_batch.count(r.id) || !answered.insert(r.id).second) continue;
    outbox.mark_rejected(r.id, redacted("rejected by the collector: " + r.reason, token));
    ++rejected;
  }
  done += static_cast<std::int64_t>(answered.size());
  const std::string at = iso_timestamp(std::chrono::system_clock::now());
  update([&](SyncStatus& s) {
    if (!accepted.empty()) s.last_success = at;
    s.rejected += rejected;
  });

  std::vector<std::string> unanswered;
  for (const auto& id : ids)
    if (!answered.count(id)) unanswered.push_back(id);
  if (!unanswered.empty()) {
    const std::string error = c.responses_url + ": the collector's reply did not mention " +
                              std::to_string(unanswered.size()) + " of the " + std::to_string(ids.size()) +
                              " responses sent; they stay pending";
    outbox.record_failure(unanswered, error);
    fail_with(SyncStatus::State::Error, error);
    return RoundEnd::Failed;
  }
  return RoundEnd::BatchAnswered;
}

}  // namespace peilpunt::sync
