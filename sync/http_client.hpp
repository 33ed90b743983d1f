// A small libcurl client for the uploader: one reusable connection (keep-alive), timeouts always
// set, certificate checks on, and a result that keeps transport errors and HTTP statuses apart.
//
// **Example**:
//   #include <iostream>
//   const std::string url = "https://collector.example.nl/v1/responses", body = R"({"device": "tablet-03", ...})";
//   sync::HttpClient http({.connect_timeout_ms = 5000, .timeout_ms = 30000, .ca_file = ""});
//   sync::HttpResult r = http.post(url, body, {"Authorization: Bearer s3cret"});
//   if (!r.transport_ok()) std::cerr << r.describe(url) << '\n';  // curl error: refused, timeout, TLS...
//   else if (r.status == 200) std::cout << r.body << '\n';        // else an HTTP status with its body
#pragma once

#include <curl/curl.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace peilpunt::sync {

// What one request ended with. `curl` is CURLE_OK when an HTTP reply arrived (whatever its
// status); then `status` and `body` hold it. Otherwise `status` is 0 and `error_text` says why.
struct HttpResult {
  CURLcode curl = CURLE_OK;
  long status = 0;
  std::string body;
  std::string error_text;  // curl's own detail (CURLOPT_ERRORBUFFER) or its strerror

  bool transport_ok() const { return curl == CURLE_OK; }
  bool cancelled() const { return curl == CURLE_ABORTED_BY_CALLBACK; }
  // "URL: HTTP 503" or "URL: Couldn't connect to server (curl error 7): Failed to connect to ..."
  std::string describe(const std::string& url) const;
};

struct HttpClientOptions {
  long connect_timeout_ms = 5000;
  long timeout_ms = 30000;      // the whole request, connect included
  std::string ca_file{};        // empty: the system's CA store
  bool gzip_request = false;    // send bodies gzip-compressed (Content-Encoding: gzip)
};

namespace detail {
struct CurlEasyDeleter { void operator()(CURL* h) const { curl_easy_cleanup(h); } };
struct CurlMultiDeleter { void operator()(CURLM* h) const { curl_multi_cleanup(h); } };
struct CurlSlistDeleter { void operator()(curl_slist* l) const { curl_slist_free_all(l); } };
}  // namespace detail
using CurlEasy = std::unique_ptr<CURL, detail::CurlEasyDeleter>;
using CurlMulti = std::unique_ptr<CURLM, detail::CurlMultiDeleter>;
using CurlSlist = std::unique_ptr<curl_slist, detail::CurlSlistDeleter>;

// Calls curl_global_init once per process, from whichever thread gets here first.
void ensure_curl_initialised();

// gzip (RFC 1952) of `bytes`, as a Content-Encoding: gzip body. Throws std::runtime_error.
std::string gzip_compress(const std::string& bytes);

// One client per thread: requests run one at a time on the calling thread. cancel() is the one
// call another thread may make: it ends the running request at once and every later one.
class HttpClient {
 public:
  explicit HttpClient(HttpClientOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpResult post(const std::string& url, const std::string& body, const std::vector<std::string>& headers);
  HttpResult get(const std::string& url, const std::vector<std::string>& headers);

  void cancel();  // thread-safe; the running request returns with CURLE_ABORTED_BY_CALLBACK
  const HttpClientOptions& options() const { return options_; }

 private:
  HttpResult perform(const std::string& url, const std::string* body, const std::vector<std::string>& headers);

  HttpClientOptions options_;
  CurlMulti multi_;  // owns the connection cache, so the next request reuses the connection
  CurlEasy easy_;
  std::atomic<bool> cancelled_{false};
};

}  // namespace peilpunt::sync
