// The collector's HTTP server (cpp-httplib) over the store. Every endpoint answers JSON, and every
// failure a client can cause gets a status and a message saying what to change, never a crash:
//   GET  /v1/health                      200 {"status": "ok"}; no token
//   POST /v1/responses                   token; 200 {"accepted": [..], "rejected": [..]} once
//                                        stored durably (a bad envelope is rejected alone);
//                                        400 bad request, 401 token, 413 too large
//   GET  /v1/ledger                      token; per device: count, highest seq, missing seqs
//   GET  /v1/export?format=jsonl|csv[&survey=ID]
//                                        token; JSON Lines streamed from a snapshot; CSV of one
//                                        questionnaire made by the kiosk's export code, or without
//                                        survey= of all of them, a row per answer ("long")
// Any other status ≥ 400 gets {"error": "..."} too (the error handler fills in a missing body).
//
// Index
//   [SECTION] replies, token, survey ids
//   [SECTION] POST /v1/responses
//   [SECTION] GET /v1/ledger and /v1/export
//   [SECTION] routes, logging
//   [SECTION] lifecycle: bind, run, stop
#include "collector/server.hpp"

#include <httplib.h>
#include <sodium.h>
#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <mutex>
#include <string_view>
#include <thread>

#include "collector/store.hpp"
#include "survey/model.hpp"
#include "sync/assets.hpp"
#include "sync/export.hpp"

namespace peilpunt::collector {

std::filesystem::path default_surveys_folder() { return sync::assets_folder() / "surveys"; }

namespace {

namespace fs = std::filesystem;
using sync::Json;
using sync::dump_json;

// Idle keep-alive connections hold a worker thread each (cpp-httplib serves a connection on one
// thread), so they are closed quickly; a kiosk's batches follow each other within milliseconds.
constexpr time_t keep_alive_seconds = 5;
constexpr std::size_t keep_alive_requests = 1000;
constexpr time_t read_write_timeout_seconds = 15;
constexpr std::size_t worker_threads = 16;
constexpr std::size_t stream_chunk_bytes = 64 * 1024;
// How far past the size limit a request body is read (and dropped) before the connection is
// closed instead (post_responses).
constexpr std::size_t drain_after_limit_bytes = 1u << 20;

// [SECTION] replies, token, survey ids ----------------------------------------------------------

void reply(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  res.set_content(dump_json(body), "application/json");
}

void reply_error(httplib::Response& res, int status, const std::string& message) {
  reply(res, status, Json{{"error", message}});
}

// For a request whose body was not read to its end: what is left of it would be read as the next
// request (cpp-httplib 0.11 ignores a handler's "Connection: close"), so the answer is sent by a
// provider that then fails, which makes cpp-httplib close the connection.
void reply_error_and_close(httplib::Response& res, int status, const std::string& message) {
  auto text = std::make_shared<const std::string>(dump_json(Json{{"error", message}}));
  res.status = status;
  res.set_header("Connection", "close");
  res.set_content_provider(text->size(), "application/json",
                           [text](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                             sink.write(text->data() + offset, length);
                             return false;
                           });
}

using Digest = std::array<unsigned char, crypto_hash_sha256_BYTES>;

Digest sha256(std::string_view bytes) {
  Digest d;
  crypto_hash_sha256(d.data(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return d;
}

// Survey ids come from the query string and name a file: no path separators, control characters
// or leading dot.
bool is_survey_id(std::string_view id) {
  if (id.empty() || id.size() > 200 || id.front() == '.') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || std::isalnum(u) || c == '-' || c == '_' || c == '.';
  });
}

std::string json_quoted(std::string_view text) { return dump_json(Json(std::string(text.substr(0, 200)))); }

// A folder from mkdtemp, removed with its contents when the last reference goes.
struct TempFolder {
  fs::path path;
  TempFolder() {
    std::string pattern = (fs::temp_directory_path() / "peilpunt-collector-export-XXXXXX").string();
    if (!mkdtemp(pattern.data()))
      throw std::runtime_error("cannot create a temporary folder in " + fs::temp_directory_path().string() + ": " +
                               std::strerror(errno));
    path = pattern;
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  ~TempFolder() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// A reply streamed as chunks of about stream_chunk_bytes. `produce` appends to the buffer and
// calls flush_when_full(); the provider runs after the handler returned, inside cpp-httplib, so
// nothing may escape it: any failure (the client gone, a database error) ends the reply cut off,
// never complete-looking.
class ChunkedOutput {
 public:
  std::string buffer;

  explicit ChunkedOutput(httplib::DataSink& sink) : sink_(sink) {}
  void flush_when_full() {
    if (buffer.size() >= stream_chunk_bytes) flush();
  }
  void finish() {
    flush();
    sink_.done();
  }

 private:
  struct ClientGone {};
  void flush() {
    if (!buffer.empty() && !sink_.write(buffer.data(), buffer.size())) throw ClientGone{};
    buffer.clear();
  }
  httplib::DataSink& sink_;
};

void stream_reply(httplib::Response& res, const std::string& file_name, const char* content_type,
                  std::function<void(ChunkedOutput&)> produce) {
  res.set_header("Content-Disposition", "attachment; filename=\"" + file_name + "\"");
  res.set_chunked_content_provider(content_type,
                                   [produce = std::move(produce)](std::size_t, httplib::DataSink& sink) {
                                     try {
                                       ChunkedOutput out(sink);
                                       produce(out);
                                       out.finish();
                                       return true;
                                     } catch (...) {
                                       return false;
                                     }
                                   });
}

// The CSV of every questionnaire at once, in "long" form: a row per answer, so that one sheet
// holds questionnaires with different questions and an Excel pivot table can count answers.
// Cells read as in the kiosk's CSVs (sync/export.hpp: BOM, ';', CRLF, decimal comma, formula
// prefix).
constexpr std::string_view long_csv_bom = "\xEF\xBB\xBF";
constexpr std::string_view long_csv_header =
    "id;seq;device;event;survey;survey_version;locale;started_at;completed_at;question;value\r\n";

// Appends one response's rows: one per data key, except that a list answer (checkbox) gives a row
// per item and an object answer (matrix) a row per row key, with question "name.row". No answer
// (null) gives no row; a response without any answer gets one row with question and value empty,
// so that counting responses still finds it.
void append_long_rows(const sync::Envelope& e, std::string& out) {
  std::string first_cells;
  for (const std::string& cell : {sync::excel_text(e.id), std::to_string(e.seq), sync::excel_text(e.device),
                                  sync::excel_text(e.event), sync::excel_text(e.survey.id),
                                  sync::excel_text(e.survey.version), sync::excel_text(e.locale),
                                  sync::excel_text(e.started_at), sync::excel_text(e.completed_at)}) {
    first_cells += sync::csv_field(cell);
    first_cells += ';';
  }
  bool any = false;
  auto row = [&](std::string_view question, const Json& value) {
    if (value.is_null()) return;
    out += first_cells;
    out += sync::csv_field(sync::excel_text(question));
    out += ';';
    out += sync::csv_field(sync::excel_value(value));
    out += "\r\n";
    any = true;
  };
  for (auto answer = e.data.begin(); answer != e.data.end(); ++answer) {
    const Json& value = answer.value();
    if (value.is_array()) {
      for (const Json& item : value) row(answer.key(), item);
    } else if (value.is_object()) {
      for (auto cell = value.begin(); cell != value.end(); ++cell) row(answer.key() + "." + cell.key(), cell.value());
    } else {
      row(answer.key(), value);
    }
  }
  if (!any) {
    out += first_cells;
    out += ";\r\n";
  }
}

}  // namespace

struct Server::Impl {
  enum class State { Idle, Binding, Listening, Failed, Stopped };

  ServerOptions options;
  Digest token_digest{};
  fs::path surveys;
  std::mutex write_mutex;  // one writer connection; SQLite serializes writers anyway
  Store writer;
  std::unique_ptr<httplib::Server> http;

  std::mutex state_mutex;
  std::condition_variable state_changed;
  State state = State::Idle;
  bool stop_requested = false;
  int bound_port = 0;

  // Options that cannot work are refused before the database is opened (or created).
  static ServerOptions checked(ServerOptions o) {
    if (o.token.empty()) throw std::runtime_error("the collector needs a token: it is empty");
    if (o.tls_cert.empty() != o.tls_key.empty())
      throw std::runtime_error("HTTPS needs both a certificate and a key (--tls-cert and --tls-key)");
    return o;
  }

  explicit Impl(ServerOptions o) : options(checked(std::move(o))), writer(Store::open(options.db)) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    token_digest = sha256(options.token);
    surveys = options.surveys.empty() ? default_surveys_folder() : options.surveys;
    if (options.tls_cert.empty()) {
      http = std::make_unique<httplib::Server>();
    } else {
      auto tls = std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(), options.tls_key.c_str());
      if (!tls->is_valid())
        throw std::runtime_error("cannot use the TLS certificate " + options.tls_cert + " with the key " +
                                 options.tls_key + ": check that both files exist, are PEM and belong together");
      http = std::move(tls);
    }
    add_routes();
  }

  // true when the request carries this collector's token; otherwise a 401 is set. Both sides are
  // hashed first, so the comparison takes the same time whatever the length or the first
  // difference (sodium_memcmp is constant-time).
  bool authorized(const httplib::Request& req, httplib::Response& res) const {
    constexpr std::string_view scheme = "Bearer ";
    const std::string header = req.get_header_value("Authorization");
    std::string problem;
    if (header.empty()) {
      problem = "missing token: send the header \"Authorization: Bearer <token>\"";
    } else if (header.size() < scheme.size() || strncasecmp(header.c_str(), scheme.data(), scheme.size()) != 0) {
      problem = "the Authorization header must be \"Bearer <token>\"";
    } else {
      std::string_view token(header);
      token.remove_prefix(scheme.size());
      while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
      while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
      const Digest given = sha256(token);
      if (sodium_memcmp(given.data(), token_digest.data(), given.size()) == 0) return true;
      problem = "token rejected: it is not this collector's token";
    }
    res.set_header("WWW-Authenticate", "Bearer realm=\"peilpunt-collector\"");
    reply_error(res, 401, problem);
    return false;
  }

  // Runs a handler; an exception becomes a 500 with its message (a full disk, a damaged
  // database), so a client gets an answer and the server goes on.
  template <class Handler>
  static void guarded(httplib::Response& res, Handler&& handler) {
    try {
      handler();
    } catch (const std::exception& e) {
      reply_error(res, 500, std::string("internal error: ") + e.what());
    } catch (...) {
      reply_error(res, 500, "internal error");
    }
  }

  std::string too_large_message() const {
    return "request body: over the limit of " + std::to_string(options.limits.max_body_bytes) +
           " bytes; send fewer responses per request";
  }

  // [SECTION] POST /v1/responses ----------------------------------------------------------------

  void post_responses(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
    // The body is read (at most the limit) even when the token is wrong, so the connection stays
    // usable for the next request. Past the limit it is read on, unkept, for a little while: a
    // body that ends there gets its answer on an open connection. Closing with bytes unread makes
    // the kernel reset the connection, and the client may then lose the answer already sent.
    const bool allowed = authorized(req, res);
    std::string body;
    std::size_t received = 0;
    bool over_limit = false;
    const std::size_t limit = options.limits.max_body_bytes;
    const bool complete = reader([&](const char* data, std::size_t length) {
      received += length;
      if (received > limit) {
        over_limit = true;
        return received - limit <= drain_after_limit_bytes;
      }
      if (allowed) body.append(data, length);
      return true;
    });
    if (!complete) {
      // The 401 authorized() set, or why the body was not read to its end.
      std::string message = allowed ? "request body: could not be read completely (connection closed, or a "
                                      "Content-Encoding that is not gzip)"
                                    : Json::parse(res.body)["error"].get<std::string>();
      int status = allowed ? 400 : 401;
      if (allowed && (over_limit || res.status == 413)) {
        status = 413;
        message = too_large_message();
      }
      res.body.clear();
      return reply_error_and_close(res, status, message);
    }
    if (!allowed) return;
    if (over_limit) return reply_error(res, 413, too_large_message());

    sync::UploadRequest request;
    try {
      request = sync::UploadRequest::parse(body, options.limits);
    } catch (const sync::PayloadTooLarge& e) {
      return reply_error(res, 413, e.what());
    } catch (const sync::ProtocolError& e) {
      return reply_error(res, 400, e.what());
    }
    StoreResult stored;
    {
      std::lock_guard lock(write_mutex);
      stored = writer.store(request.responses, "POST from " + req.remote_addr);
    }
    // The envelopes that failed their checks first, then the store's conflicts: ids are unique in
    // a request, so no id is in both lists.
    std::vector<sync::Rejection> rejected = std::move(request.rejected);
    std::move(stored.rejected.begin(), stored.rejected.end(), std::back_inserter(rejected));
    reply(res, 200, sync::UploadReply{std::move(stored.accepted), std::move(rejected)}.to_json());
  }

  // [SECTION] GET /v1/ledger and /v1/export ----------------------------------------------------

  void get_ledger(httplib::Response& res) {
    Store reader = writer.another_connection();
    reply(res, 200, sync::ledger_to_json(reader.ledger()));
  }

  void get_export(const httplib::Request& req, httplib::Response& res) {
    const std::string format = req.get_param_value("format");
    const std::string survey_id = req.get_param_value("survey");
    if (format != "jsonl" && format != "csv")
      return reply_error(res, 400, "format: must be jsonl or csv, e.g. /v1/export?format=jsonl");
    if (req.has_param("survey") && !is_survey_id(survey_id))
      return reply_error(res, 400, "survey: " + json_quoted(survey_id) +
                                       " is not a questionnaire id (letters, digits, '.', '_' and '-')");
    auto reader = std::make_shared<Store>(writer.another_connection());
    if (format == "jsonl") return export_jsonl(res, std::move(reader), survey_id);
    if (survey_id.empty()) return export_csv_all(res, std::move(reader));
    export_csv(res, std::move(reader), survey_id);
  }

  // Streams every envelope of one snapshot (one SELECT), without holding them in memory.
  static void export_jsonl(httplib::Response& res, std::shared_ptr<Store> reader, const std::string& survey_id) {
    stream_reply(res, (survey_id.empty() ? std::string("responses") : survey_id) + ".jsonl",
                 "application/x-ndjson; charset=utf-8", [reader, survey_id](ChunkedOutput& out) {
                   reader->for_each(
                       [&](const StoredRow& row) {
                         out.buffer.append(row.envelope_json);
                         out.buffer += '\n';
                         out.flush_when_full();
                       },
                       survey_id);
                 });
  }

  // Every questionnaire in one CSV (append_long_rows), streamed like the JSON Lines: it needs no
  // questionnaire file, since its columns are the same for all.
  static void export_csv_all(httplib::Response& res, std::shared_ptr<Store> reader) {
    stream_reply(res, "responses.csv", "text/csv; charset=utf-8", [reader](ChunkedOutput& out) {
      out.buffer.append(long_csv_bom);
      out.buffer.append(long_csv_header);
      response_source(*reader)([&](const sync::StoredResponse& r) {
        append_long_rows(r.envelope, out.buffer);
        out.flush_when_full();
      });
    });
  }

  // The CSV of one questionnaire, written by sync::write_export (the kiosk's export code) into a
  // temporary folder and sent from there.
  void export_csv(httplib::Response& res, std::shared_ptr<Store> reader, const std::string& survey_id) {
    const fs::path file = surveys / (survey_id + ".json");
    std::error_code ec;
    if (!fs::is_regular_file(file, ec))
      return reply_error(res, 404, "survey " + json_quoted(survey_id) + ": no questionnaire file " + file.string() +
                                       "; start the collector with --surveys set to the folder that holds it");
    survey::LoadResult loaded = survey::load_file(file);
    if (!loaded.ok())
      return reply_error(res, 500, "survey " + json_quoted(survey_id) + ": the questionnaire file does not load: " +
                                       loaded.errors.front().to_string());

    Store::Snapshot snapshot(*reader);  // both passes of write_export see the same rows
    bool any = false;
    reader->for_each([&](const StoredRow&) { any = true; }, survey_id);
    if (!any)
      return reply_error(res, 404, "survey " + json_quoted(survey_id) + ": no responses stored for this questionnaire");

    auto folder = std::make_shared<TempFolder>();
    sync::ExportSummary summary =
        sync::write_export(response_source(*reader, survey_id), {{survey_id, loaded.survey}}, folder->path);
    auto csv = std::find_if(summary.files.begin(), summary.files.end(), [](const sync::ExportedFile& f) {
      return f.name != "codebook.csv" && f.name.size() > 4 && f.name.compare(f.name.size() - 4, 4, ".csv") == 0;
    });
    if (csv == summary.files.end()) throw std::runtime_error("the export wrote no CSV");  // can't happen: any is true
    const fs::path path = folder->path / csv->name;
    const auto size = static_cast<std::size_t>(fs::file_size(path));
    auto in = std::make_shared<std::ifstream>(path, std::ios::binary);
    if (!*in) throw std::runtime_error(path.string() + ": cannot read the export");
    res.set_header("Content-Disposition", "attachment; filename=\"" + csv->name + "\"");
    res.set_content_provider(size, "text/csv; charset=utf-8",
                             [folder, in](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                               std::string buffer(std::min(length, stream_chunk_bytes), '\0');
                               in->seekg(static_cast<std::streamoff>(offset));
                               in->read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
                               const auto got = static_cast<std::size_t>(in->gcount());
                               return got > 0 && sink.write(buffer.data(), got);
                             });
  }

  // [SECTION] routes, logging -------------------------------------------------------------------

  void add_routes() {
    httplib::Server& s = *http;
    s.set_tcp_nodelay(true);
    // cpp-httplib's default also sets SO_REUSEPORT, which lets a second collector listen on the
    // same port and silently take half the kiosks' requests into another database.
    s.set_socket_options([](socket_t sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    s.set_keep_alive_max_count(keep_alive_requests);
    s.set_keep_alive_timeout(keep_alive_seconds);
    s.set_read_timeout(read_write_timeout_seconds);
    s.set_write_timeout(read_write_timeout_seconds);
    s.set_payload_max_length(options.limits.max_body_bytes);
    s.new_task_queue = [] { return new httplib::ThreadPool(worker_threads); };

    s.Get("/v1/health", [](const httplib::Request&, httplib::Response& res) {
      reply(res, 200, Json{{"status", "ok"}});
    });
    s.Post("/v1/responses",
           [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
             guarded(res, [&] { post_responses(req, res, reader); });
           });
    s.Get("/v1/responses", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Allow", "POST");
      reply_error(res, 405, "/v1/responses takes POST with {\"device\": ..., \"responses\": [...]}; "
                            "GET /v1/export reads what is stored");
    });
    s.Get("/v1/ledger", [this](const httplib::Request& req, httplib::Response& res) {
      guarded(res, [&] {
        if (authorized(req, res)) get_ledger(res);
      });
    });
    s.Get("/v1/export", [this](const httplib::Request& req, httplib::Response& res) {
      guarded(res, [&] {
        if (authorized(req, res)) get_export(req, res);
      });
    });
    // No early answer to "Expect: 100-continue": cpp-httplib 0.11 sends such an answer without
    // its body and then reads the body the client sends anyway as the next request. The default
    // (always 100) lets post_responses read the body and answer in full.
    // Statuses cpp-httplib sets itself (unknown path, too large, malformed request) get a JSON
    // body like ours; a body a handler already set is left alone.
    s.set_error_handler(httplib::Server::HandlerWithResponse([this](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty() || res.content_length_ > 0) return httplib::Server::HandlerResponse::Unhandled;
      std::string message;
      switch (res.status) {
        case 404: message = "no such endpoint: " + req.method + " " + req.path + " (see /v1/health, /v1/responses, /v1/ledger, /v1/export)"; break;
        case 413: message = too_large_message(); break;
        case 400: message = "malformed HTTP request"; break;
        default: message = "HTTP status " + std::to_string(res.status); break;
      }
      reply_error(res, res.status, message);
      return httplib::Server::HandlerResponse::Handled;
    }));
    s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
      reply_error(res, 500, "internal error");  // can't happen: every handler is guarded
    });
    if (options.log) s.set_logger([this](const httplib::Request& req, const httplib::Response& res) { log(req, res); });
  }

  // "POST /v1/responses 200 from 10.0.0.7: 199 accepted, 1 rejected, first {"id":..,"reason":..}"
  // or, for an error, its message. A rejection is a kiosk's bug or two tablets with one name: the
  // operator sees the first reason without asking the kiosk (as JSON: the id is the sender's).
  void log(const httplib::Request& req, const httplib::Response& res) const {
    std::string line = req.method + " " + req.path + " " + std::to_string(res.status) + " from " + req.remote_addr;
    if (!res.body.empty() && (res.status >= 400 || (res.status == 200 && req.path == "/v1/responses"))) {
      try {
        Json body = Json::parse(res.body);
        if (body.contains("error")) line += ": " + body["error"].get<std::string>();
        else line += ": " + std::to_string(body["accepted"].size()) + " accepted, " +
                     std::to_string(body["rejected"].size()) + " rejected";
        if (!body.contains("error") && !body["rejected"].empty()) line += ", first " + dump_json(body["rejected"][0]);
      } catch (const std::exception&) {  // can't happen: we wrote the body
      }
    }
    if (res.body.empty() && res.status == 413) line += ": " + too_large_message() + " (connection closed)";
    if (res.body.empty() && res.status == 401) line += ": missing or wrong token (connection closed)";
    options.log(line);
  }
};

// [SECTION] lifecycle: bind, run, stop ----------------------------------------------------------

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Server::~Server() { stop(); }

void Server::run() {
  Impl& m = *impl_;
  {
    std::lock_guard lock(m.state_mutex);
    if (m.stop_requested || m.state != Impl::State::Idle) {
      if (m.state == Impl::State::Idle) m.state = Impl::State::Stopped;
      m.state_changed.notify_all();
      return;
    }
    m.state = Impl::State::Binding;
  }
  errno = 0;
  int port = m.options.port == 0 ? m.http->bind_to_any_port(m.options.host)
                                 : (m.http->bind_to_port(m.options.host, m.options.port) ? m.options.port : -1);
  const int bind_errno = errno;
  {
    std::lock_guard lock(m.state_mutex);
    if (port < 0) {
      m.state = Impl::State::Failed;
      m.state_changed.notify_all();
      throw std::runtime_error("cannot listen on " + m.options.host + ":" + std::to_string(m.options.port) +
                               (bind_errno ? std::string(": ") + std::strerror(bind_errno) : std::string()) +
                               " (is the address this machine's, and the port free?)");
    }
    m.bound_port = port;
    m.state = Impl::State::Listening;
    m.state_changed.notify_all();
    if (m.stop_requested) {
      m.state = Impl::State::Stopped;
      return;
    }
  }
  m.http->listen_after_bind();
  std::lock_guard lock(m.state_mutex);
  m.state = Impl::State::Stopped;
  m.state_changed.notify_all();
}

void Server::stop() {
  Impl& m = *impl_;
  {
    std::lock_guard lock(m.state_mutex);
    m.stop_requested = true;
    if (m.state != Impl::State::Listening) return;
  }
  // cpp-httplib's stop() does nothing until its accept loop runs, which starts just after
  // bind: wait for either.
  while (!m.http->is_running()) {
    {
      std::lock_guard lock(m.state_mutex);
      if (m.state != Impl::State::Listening) return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  m.http->stop();
}

bool Server::wait_until_listening() {
  Impl& m = *impl_;
  std::unique_lock lock(m.state_mutex);
  // A generous limit instead of forever: a caller that never starts run() gets false.
  m.state_changed.wait_for(lock, std::chrono::seconds(30), [&] {
    return m.state == Impl::State::Listening || m.state == Impl::State::Failed || m.state == Impl::State::Stopped;
  });
  return m.state == Impl::State::Listening || (m.state == Impl::State::Stopped && m.bound_port > 0);
}

int Server::port() const {
  std::lock_guard lock(impl_->state_mutex);
  return impl_->bound_port;
}

}  // namespace peilpunt::collector
