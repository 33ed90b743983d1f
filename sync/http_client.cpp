// libcurl behind HttpClient. Requests run through a multi handle of one easy handle: the multi
// handle keeps the connection open between requests (keep-alive), and curl_multi_poll can be
// woken by cancel() from another thread, so stopping the uploader never waits out a timeout.
#include "sync/http_client.hpp"

#include <zlib.h>

#include <cstring>
#include <mutex>
#include <stdexcept>

namespace peilpunt::sync {

namespace {

// A reply larger than this is not a collector's; the transfer is cut off (CURLE_WRITE_ERROR).
constexpr std::size_t max_reply_bytes = 8u << 20;
// How long curl_multi_poll sleeps at most before curl's own timers are checked again.
constexpr int poll_slice_ms = 1000;

struct ReplySink {
  std::string* body;
  bool too_large = false;
};

std::size_t write_reply(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<ReplySink*>(user);
  const std::size_t n = size * count;
  if (sink->body->size() + n > max_reply_bytes) {
    sink->too_large = true;
    return 0;  // curl ends the transfer with CURLE_WRITE_ERROR
  }
  sink->body->append(data, n);
  return n;
}

}  // namespace

void ensure_curl_initialised() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("libcurl: curl_global_init failed");
  });
}

std::string HttpResult::describe(const std::string& url) const {
  if (curl == CURLE_OK) return url + ": HTTP " + std::to_string(status);
  std::string text = url + ": " + curl_easy_strerror(curl) + " (curl error " + std::to_string(static_cast<int>(curl)) + ")";
  if (!error_text.empty() && error_text != curl_easy_strerror(curl)) text += ": " + error_text;
  return text;
}

std::string gzip_compress(const std::string& bytes) {
  z_stream z{};
  // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("zlib: deflateInit2 failed");
  std::string out(deflateBound(&z, static_cast<uLong>(bytes.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  const uLong written = z.total_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("zlib: deflate did not finish");
  out.resize(written);
  return out;
}

HttpClient::HttpClient(HttpClientOptions options) : options_(std::move(options)) {
  ensure_curl_initialised();
  multi_.reset(curl_multi_init());
  easy_.reset(curl_easy_init());
  if (!multi_ || !easy_) throw std::runtime_error("libcurl: cannot create a handle (out of memory)");
}

HttpClient::~HttpClient() = default;

void HttpClient::cancel() {
  cancelled_ = true;
  curl_multi_wakeup(multi_.get());
}

HttpResult HttpClient::post(const std::string& url, const std::string& body, const std::vector<std::string>& headers) {
  if (!options_.gzip_request) return perform(url, &body, headers);
  std::vector<std::string> with_encoding = headers;
  with_encoding.emplace_back("Content-Encoding: gzip");
  const std::string compressed = gzip_compress(body);
  return perform(url, &compressed, with_encoding);
}

HttpResult HttpClient::get(const std::string& url, const std::vector<std::string>& headers) {
  return perform(url, nullptr, headers);
}

HttpResult HttpClient::perform(const std::string& url, const std::string* body, const std::vector<std::string>& headers) {
  HttpResult result;
  if (cancelled_) {
    result.curl = CURLE_ABORTED_BY_CALLBACK;
    result.error_text = "cancelled";
    return result;
  }
  CURL* h = easy_.get();
  curl_easy_reset(h);  // keeps the connection cache (in multi_), clears every option

  CurlSlist header_list;
  for (const auto& line : headers) {
    curl_slist* grown = curl_slist_append(header_list.get(), line.c_str());
    if (!grown) throw std::runtime_error("libcurl: out of memory building headers");
    (void)header_list.release();
    header_list.reset(grown);
  }
  // curl would send "Expect: 100-continue" for bodies over 1 KB and wait for the go-ahead.
  if (body) {
    curl_slist* grown = curl_slist_append(header_list.get(), "Expect:");
    if (!grown) throw std::runtime_error("libcurl: out of memory building headers");
    (void)header_list.release();
    header_list.reset(grown);
  }

  char error_buffer[CURL_ERROR_SIZE] = {};
  ReplySink sink{&result.body};
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect is an answer, never followed with the token
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);       // no SIGALRM from a resolver timeout in a threaded app
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, options_.timeout_ms);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options_.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_file.c_str());
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // whatever this libcurl can decode
  curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, header_list.get());
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_reply);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  if (body) {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body->data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
  } else {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  }

  CURLM* m = multi_.get();
  curl_multi_add_handle(m, h);
  CURLcode outcome = CURLE_OK;
  bool finished = false;
  while (!finished) {
    int running = 0;
    if (curl_multi_perform(m, &running) != CURLM_OK) {
      outcome = CURLE_OUT_OF_MEMORY;  // can't happen with one easy handle, short of memory
      break;
    }
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(m, &queued)) {
      if (msg->msg == CURLMSG_DONE && msg->easy_handle == h) {
        outcome = msg->data.result;
        finished = true;
      }
    }
    if (finished) break;
    if (cancelled_) {
      outcome = CURLE_ABORTED_BY_CALLBACK;
      std::strncpy(error_buffer, "cancelled", sizeof error_buffer - 1);
      break;
    }
    // Returns on socket activity, curl's next timer, or curl_multi_wakeup from cancel().
    curl_multi_poll(m, nullptr, 0, poll_slice_ms, nullptr);
  }
  curl_multi_remove_handle(m, h);

  result.curl = outcome;
  if (outcome == CURLE_OK) {
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &result.status);
  } else {
    result.status = 0;
    result.body.clear();
    result.error_text = sink.too_large ? "the reply is larger than " + std::to_string(max_reply_bytes) + " bytes"
                        : error_buffer[0] ? std::string(error_buffer)
                                          : std::string(curl_easy_strerror(outcome));
  }
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);  // error_buffer ends with this scope
  return result;
}

}  // namespace peilpunt::sync
