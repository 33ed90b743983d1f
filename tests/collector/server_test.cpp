// collector/server.cpp over HTTP on 127.0.0.1 (port 0) with cpp-httplib's client: the token,
// every kind of bad request with its status and message, idempotent POSTs, the ledger, the
// exports, HTTPS, and start/stop from any thread.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <httplib.h>

#include <catch2/catch.hpp>

#include "collector/server.hpp"
#include "collector/store.hpp"
#include "tests/collector/support.hpp"
#include "tests/sync/csv.hpp"

using namespace peilpunt;
using namespace peilpunt::collector;
using namespace peilpunt::collector::testing;
using sync::Json;
namespace fs = std::filesystem;

namespace {

const std::string token = "test-token-5f2a9c81d04e";

// A collector on 127.0.0.1 with a free port and its own database, stopped and joined at the end.
class RunningServer {
 public:
  explicit RunningServer(ServerOptions options = {}) {
    options.db = dir.path / "collector.sqlite";
    options.host = "127.0.0.1";
    options.port = 0;
    if (options.token.empty()) options.token = token;
    if (options.surveys.empty()) options.surveys = fs::path(PEILPUNT_SOURCE_DIR) / "assets" / "surveys";
    server = std::make_unique<Server>(options);
    thread = std::thread([this] {
      try {
        server->run();
      } catch (const std::exception& e) {
        run_error = e.what();
      }
    });
    if (!server->wait_until_listening()) {
      server->stop();
      thread.join();
      FAIL("the server did not start: " << run_error);
    }
  }
  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;
  ~RunningServer() {
    server->stop();
    thread.join();
  }

  httplib::Client client(const std::string& bearer = token) const {
    httplib::Client c("127.0.0.1", server->port());
    c.set_connection_timeout(5);
    c.set_read_timeout(20);
    c.set_keep_alive(true);
    if (!bearer.empty()) c.set_bearer_token_auth(bearer);
    return c;
  }
  fs::path db() const { return dir.path / "collector.sqlite"; }

  TempDir dir;
  std::unique_ptr<Server> server;
  std::thread thread;
  std::string run_error;
};

std::string body_of(const std::vector<sync::Envelope>& es, const std::string& device = "tablet-03") {
  return sync::UploadRequest{device, es}.to_json().dump();
}

std::string error_of(const httplib::Result& r) {
  REQUIRE(r);
  Json j = Json::parse(r->body);
  REQUIRE(j.contains("error"));
  return j["error"].get<std::string>();
}

std::vector<std::string> ids_of(const std::vector<sync::Envelope>& es) {
  std::vector<std::string> ids;
  for (const auto& e : es) ids.push_back(e.id);
  return ids;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("server: health answers 200 without a token") {
  RunningServer s;
  auto r = s.client("").Get("/v1/health");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(Json::parse(r->body) == Json{{"status", "ok"}});
}

TEST_CASE("server: a missing or wrong token is 401 with a message, and nothing is stored") {
  RunningServer s;
  const std::string body = body_of(envelopes(1, 2));
  auto none = s.client("").Post("/v1/responses", body, "application/json");
  REQUIRE(none);
  CHECK(none->status == 401);
  CHECK(error_of(none) == "missing token: send the header \"Authorization: Bearer <token>\"");
  CHECK(none->get_header_value("WWW-Authenticate") == "Bearer realm=\"peilpunt-collector\"");

  auto wrong = s.client(token + "x").Post("/v1/responses", body, "application/json");
  REQUIRE(wrong);
  CHECK(wrong->status == 401);
  CHECK(error_of(wrong) == "token rejected: it is not this collector's token");

  auto basic = s.client("").Post("/v1/responses", {{"Authorization", "Basic dXNlcjpwdw=="}}, body, "application/json");
  REQUIRE(basic);
  CHECK(basic->status == 401);
  CHECK(error_of(basic) == "the Authorization header must be \"Bearer <token>\"");

  for (const char* path : {"/v1/ledger", "/v1/export?format=jsonl"}) {
    auto r = s.client(token.substr(1)).Get(path);
    REQUIRE(r);
    CHECK(r->status == 401);
  }
  CHECK(Store::open(s.db()).count() == 0);
}

TEST_CASE("server: a body without the token is read no further than just past the size limit, then the connection is closed") {
  ServerOptions options;
  options.limits.max_body_bytes = 4096;
  std::atomic<std::size_t> offered{0}, offered_when_refused{0};
  options.log = [&](const std::string& line) {
    if (line.rfind("POST /v1/responses 401", 0) == 0) offered_when_refused = offered.load();
  };
  RunningServer s(options);
  constexpr std::size_t total = 50'000'000;
  const std::string chunk(10'000, ' ');
  auto r = s.client("wrong-token-wrong-token")
               .Post(
                   "/v1/responses",
                   [&](std::size_t, httplib::DataSink& sink) {
                     offered += chunk.size();
                     if (offered >= total) sink.done();
                     return sink.write(chunk.data(), chunk.size());
                   },
                   "application/json");
  // Refused once the limit was passed by 1 MB: the client had sent that plus what the loopback's
  // socket buffers hold (a few MB), not the 50 MB; then the server closed the connection, so this
  // client, still sending, sees a broken connection (curl would show the 401 it got meanwhile).
  CHECK(offered_when_refused > 0);
  CHECK(offered_when_refused < total / 2);
  CHECK(offered < total);
  CHECK_FALSE(r);
  auto next = s.client().Get("/v1/health");  // the server goes on
  REQUIRE(next);
  CHECK(next->status == 200);
}

TEST_CASE("server: after a refused token the same connection serves the next request") {
  RunningServer s;
  auto wrong = s.client("wrong-token-wrong-token");
  auto batch = envelopes(1, 3);
  auto refused = wrong.Post("/v1/responses", body_of(batch), "application/json");
  REQUIRE(refused);
  CHECK(refused->status == 401);
  wrong.set_bearer_token_auth(token);
  auto ok = wrong.Post("/v1/responses", body_of(batch), "application/json");
  REQUIRE(ok);
  CHECK(ok->status == 200);
}

TEST_CASE("server: a request that is not the protocol is 400 with its message, and nothing of it is stored") {
  RunningServer s;
  auto c = s.client();
  auto bad_json = c.Post("/v1/responses", R"({"device": "tablet-03", "responses": [)", "application/json");
  REQUIRE(bad_json);
  CHECK(bad_json->status == 400);
  CHECK(error_of(bad_json) == "request body: invalid JSON at byte 39: syntax error while parsing value - unexpected "
                              "end of input; expected '[', '{', or a literal");

  // An element without an id cannot be answered by id: the whole request is refused.
  Json j = sync::UploadRequest{"tablet-03", envelopes(1, 4)}.to_json();
  j["responses"][3].erase("id");
  auto no_id = c.Post("/v1/responses", j.dump(), "application/json");
  REQUIRE(no_id);
  CHECK(no_id->status == 400);
  CHECK(error_of(no_id) == "responses[3].id: must be a string");
  CHECK(Store::open(s.db()).count() == 0);
}

// Regression: one bad envelope made the whole batch a 400, and the kiosk sent that batch forever
// with every later response queued behind it.
TEST_CASE("server: one bad envelope is rejected alone with its reason, and the rest of its batch is stored") {
  std::vector<std::string> log;
  std::mutex log_mutex;
  ServerOptions options;
  options.log = [&](const std::string& line) {
    std::lock_guard lock(log_mutex);
    log.push_back(line);
  };
  RunningServer s(options);
  auto c = s.client();
  auto batch = envelopes(1, 6);
  Json j = sync::UploadRequest{"tablet-03", batch}.to_json();
  j["responses"][3]["seq"] = -4;
  j["responses"][5]["device"] = "tablet-04";
  const std::string body = j.dump();
  const std::vector<std::string> good = {batch[0].id, batch[1].id, batch[2].id, batch[4].id};

  for (int attempt = 0; attempt < 2; ++attempt) {  // the kiosk's retry after a lost reply: the same answer
    auto r = c.Post("/v1/responses", body, "application/json");
    REQUIRE(r);
    CHECK(r->status == 200);
    sync::UploadReply reply = sync::UploadReply::parse(r->body);
    CHECK(reply.accepted == good);
    REQUIRE(reply.rejected.size() == 2);
    CHECK(reply.rejected[0].id == batch[3].id);
    CHECK(reply.rejected[0].reason == "responses[3].seq: must be a whole number from 1");
    CHECK(reply.rejected[1].id == batch[5].id);
    CHECK(reply.rejected[1].reason == R"(responses[5].device: "tablet-04" is not the request's device "tablet-03")");
  }

  Store store = Store::open(s.db());
  CHECK(store.count() == 4);
  std::vector<std::string> stored;
  store.for_each([&](const StoredRow& row) { stored.emplace_back(row.id); });
  CHECK(stored == good);

  // The next batch (what used to wait behind the bad one forever) goes through.
  auto next = envelopes(7, 9);
  auto r = c.Post("/v1/responses", body_of(next), "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(sync::UploadReply::parse(r->body).accepted == ids_of(next));

  std::lock_guard lock(log_mutex);
  REQUIRE(!log.empty());
  CHECK_THAT(log.front(), Catch::StartsWith("POST /v1/responses 200 from 127.0.0.1: 4 accepted, 2 rejected, first "
                                            R"({"id":")" + batch[3].id +
                                            R"(","reason":"responses[3].seq: must be a whole number from 1"})"));
}

TEST_CASE("server: a bad envelope whose id is stored already is rejected and the stored one stays as it was") {
  RunningServer s;
  auto c = s.client();
  auto batch = envelopes(1, 2);
  REQUIRE(c.Post("/v1/responses", body_of(batch), "application/json")->status == 200);
  Json j = sync::UploadRequest{"tablet-03", batch}.to_json();
  j["responses"][0]["status"] = "partial";
  auto r = c.Post("/v1/responses", j.dump(), "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  sync::UploadReply reply = sync::UploadReply::parse(r->body);
  CHECK(reply.accepted == std::vector<std::string>{batch[1].id});
  REQUIRE(reply.rejected.size() == 1);
  CHECK(reply.rejected[0].reason == R"(responses[0].status: must be "complete")");
  Store store = Store::open(s.db());
  CHECK(store.count() == 2);
  store.for_each([&](const StoredRow& row) {
    CHECK(row.envelope_json == batch[static_cast<std::size_t>(row.seq - 1)].to_json().dump());
  });
}

TEST_CASE("server: a body over the limit is 413 with the limit named, by length or chunked") {
  ServerOptions options;
  options.limits.max_body_bytes = 4096;
  RunningServer s(options);
  const std::string body = body_of(envelopes(1, 4));  // about 7 kB
  REQUIRE(body.size() > 4096);
  const std::string message = "request body: over the limit of 4096 bytes; send fewer responses per request";

  auto by_length = s.client().Post("/v1/responses", body, "application/json");
  REQUIRE(by_length);
  CHECK(by_length->status == 413);
  CHECK(error_of(by_length) == message);

  // Chunked: no length to refuse up front, so the limit applies while reading.
  std::size_t sent = 0;
  auto chunked = s.client().Post(
      "/v1/responses",
      [&](std::size_t, httplib::DataSink& sink) {
        std::size_t n = std::min<std::size_t>(1000, body.size() - sent);
        sink.write(body.data() + sent, n);
        sent += n;
        if (sent == body.size()) sink.done();
        return true;
      },
      "application/json");
  REQUIRE(chunked);
  CHECK(chunked->status == 413);
  CHECK(error_of(chunked) == message);

  auto small = s.client().Post("/v1/responses", body_of(envelopes(1, 1)), "application/json");
  REQUIRE(small);
  CHECK(small->status == 200);
}

TEST_CASE("server: 200 lists the accepted ids once stored, and the same POST again is accepted with one row per id") {
  RunningServer s;
  auto c = s.client();
  auto batch = envelopes(1, 200);
  const std::string body = body_of(batch);
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto r = c.Post("/v1/responses", body, "application/json");
    REQUIRE(r);
    CHECK(r->status == 200);
    sync::UploadReply reply = sync::UploadReply::parse(r->body);
    CHECK(reply.accepted == ids_of(batch));
    CHECK(reply.rejected.empty());
  }
  Store store = Store::open(s.db());
  CHECK(store.count() == 200);
  store.for_each([&](const StoredRow& row) { CHECK(row.envelope_json == batch[static_cast<std::size_t>(row.seq - 1)].to_json().dump()); });
}

TEST_CASE("server: a gzip body is accepted like a plain one") {
  RunningServer s;
  auto c = s.client();
  c.set_compress(true);
  auto batch = envelopes(1, 20);
  auto r = c.Post("/v1/responses", body_of(batch), "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(sync::UploadReply::parse(r->body).accepted == ids_of(batch));
}

TEST_CASE("server: conflicts come back in rejected with the store's reason") {
  RunningServer s;
  auto c = s.client();
  auto batch = envelopes(1, 2);
  REQUIRE(c.Post("/v1/responses", body_of(batch), "application/json")->status == 200);
  auto changed = batch;
  changed[0].data["idee"] = "anders";
  auto r = c.Post("/v1/responses", body_of(changed), "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  sync::UploadReply reply = sync::UploadReply::parse(r->body);
  CHECK(reply.accepted == std::vector<std::string>{batch[1].id});
  REQUIRE(reply.rejected.size() == 1);
  CHECK(reply.rejected[0].id == batch[0].id);
  CHECK(reply.rejected[0].reason == "id already stored with different content");
}

TEST_CASE("server: the ledger lists per device count, highest seq and missing seqs") {
  RunningServer s;
  auto c = s.client();
  auto a = envelopes(1, 6, "tablet-a");
  a.erase(a.begin() + 3);  // seq 4 never arrives
  REQUIRE(c.Post("/v1/responses", body_of(a, "tablet-a"), "application/json")->status == 200);
  REQUIRE(c.Post("/v1/responses", body_of(envelopes(1, 2, "tablet-b"), "tablet-b"), "application/json")->status == 200);
  auto r = c.Get("/v1/ledger");
  REQUIRE(r);
  CHECK(r->status == 200);
  auto ledger = sync::ledger_from_json(r->body);
  REQUIRE(ledger.size() == 2);
  CHECK(ledger[0].device == "tablet-a");
  CHECK(ledger[0].count == 5);
  CHECK(ledger[0].highest_seq == 6);
  CHECK(ledger[0].missing_seqs == std::vector<std::int64_t>{4});
  CHECK(ledger[1].device == "tablet-b");
  CHECK(ledger[1].missing_seqs.empty());
}

TEST_CASE("server: export as JSON Lines gives one stored envelope per line, all or one questionnaire") {
  RunningServer s;
  auto c = s.client();
  auto batch = envelopes(1, 30);
  batch[4].survey.id = "andere";
  REQUIRE(c.Post("/v1/responses", body_of(batch), "application/json")->status == 200);

  auto all = c.Get("/v1/export?format=jsonl");
  REQUIRE(all);
  CHECK(all->status == 200);
  CHECK(all->get_header_value("Content-Type") == "application/x-ndjson; charset=utf-8");
  auto lines = lines_of(all->body);
  REQUIRE(lines.size() == 30);
  for (std::size_t i = 0; i < 30; ++i) CHECK(lines[i] == batch[i].to_json().dump());

  auto one = c.Get("/v1/export?format=jsonl&survey=andere");
  REQUIRE(one);
  CHECK(lines_of(one->body) == std::vector<std::string>{batch[4].to_json().dump()});
}

TEST_CASE("server: export as CSV of one questionnaire uses the kiosk's export code, and says what is missing") {
  RunningServer s;
  auto c = s.client();
  auto batch = envelopes(1, 3);
  REQUIRE(c.Post("/v1/responses", body_of(batch), "application/json")->status == 200);

  auto csv = c.Get("/v1/export?format=csv&survey=jeugdakkoord-midden-drenthe");
  REQUIRE(csv);
  CHECK(csv->status == 200);
  CHECK(csv->get_header_value("Content-Type") == "text/csv; charset=utf-8");
  CHECK(csv->body.rfind("\xEF\xBB\xBFid;seq;device;event;locale;started_at;completed_at;", 0) == 0);
  for (const auto& e : batch)  // a row per response (open answers hold line breaks, so rows are not lines)
    CHECK(csv->body.find("\r\n" + e.id + ";" + std::to_string(e.seq) + ";tablet-03;Kenniscafé Beilen;") != std::string::npos);

  auto unknown = c.Get("/v1/export?format=csv&survey=onbekend");
  REQUIRE(unknown);
  CHECK(unknown->status == 404);
  CHECK(error_of(unknown) == "survey \"onbekend\": no questionnaire file " +
                                 (fs::path(PEILPUNT_SOURCE_DIR) / "assets" / "surveys" / "onbekend.json").string() +
                                 "; start the collector with --surveys set to the folder that holds it");

  auto traversal = c.Get("/v1/export?format=csv&survey=..%2Fsecrets");
  REQUIRE(traversal);
  CHECK(traversal->status == 400);
  CHECK(error_of(traversal) == "survey: \"../secrets\" is not a questionnaire id (letters, digits, '.', '_' and '-')");

  auto format = c.Get("/v1/export?format=xlsx");
  REQUIRE(format);
  CHECK(format->status == 400);
  CHECK(error_of(format) == "format: must be jsonl or csv, e.g. /v1/export?format=jsonl");
}

TEST_CASE("server: CSV without survey= holds every questionnaire, a row per answer, readable by Dutch Excel") {
  RunningServer s;
  auto c = s.client();
  auto batch = envelopes(1, 3);
  batch[0].data = Json::parse(R"json({
      "rol": "jongere",
      "themas": ["sport", "school"],
      "steun": {"ouders": "vaak", "buren": "soms"},
      "cijfer": 7.5,
      "temperatuur": -2.5,
      "hulp_gehad": true,
      "niet_gezien": null,
      "idee": "=HYPERLINK(\"http://x.example\";\"klik\")"
  })json");
  batch[1].survey = {"buurtpeiling", "3", "sha256:00"};
  batch[1].locale = "en";
  batch[1].data = Json::parse(R"({"tevreden": 4, "telefoon": "+31 6 1234", "opmerking": "regel 1\nregel 2"})");
  batch[2].survey = {"buurtpeiling", "3", "sha256:00"};
  batch[2].data = Json::object();  // answered nothing: still one row, so it is counted
  REQUIRE(c.Post("/v1/responses", body_of(batch), "application/json")->status == 200);

  auto r = c.Get("/v1/export?format=csv");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "text/csv; charset=utf-8");
  CHECK(r->get_header_value("Content-Disposition") == "attachment; filename=\"responses.csv\"");
  const std::string bom = "\xEF\xBB\xBF";
  REQUIRE(r->body.rfind(bom + "id;seq;device;event;survey;survey_version;locale;started_at;completed_at;question;value"
                              "\r\n",
                        0) == 0);
  // The formula is prefixed, then quoted for its ';' and '"'.
  CHECK(r->body.find(R"csv(;idee;"'=HYPERLINK(""http://x.example"";""klik"")")csv" "\r\n") != std::string::npos);

  auto rows = sync::testing::parse_csv(r->body);
  auto row = [](const sync::Envelope& e, std::string question, std::string value) {
    return std::vector<std::string>{e.id,       std::to_string(e.seq), e.device,        e.event,
                                    e.survey.id, e.survey.version,     e.locale,        e.started_at,
                                    e.completed_at, std::move(question), std::move(value)};
  };
  const std::vector<std::vector<std::string>> expected = {
      {"id", "seq", "device", "event", "survey", "survey_version", "locale", "started_at", "completed_at", "question",
       "value"},
      row(batch[0], "rol", "jongere"),
      row(batch[0], "themas", "sport"),  // a list: a row per item, for pivot tables
      row(batch[0], "themas", "school"),
      row(batch[0], "steun.ouders", "vaak"),  // a matrix: a row per row key
      row(batch[0], "steun.buren", "soms"),
      row(batch[0], "cijfer", "7,5"),  // decimal comma
      row(batch[0], "temperatuur", "-2,5"),  // a number: no formula prefix
      row(batch[0], "hulp_gehad", "1"),
      row(batch[0], "idee", R"csv('=HYPERLINK("http://x.example";"klik"))csv"),
      row(batch[1], "tevreden", "4"),
      row(batch[1], "telefoon", "'+31 6 1234"),  // text starting with +: prefixed
      row(batch[1], "opmerking", "regel 1\nregel 2"),
      row(batch[2], "", ""),
  };
  CHECK(rows == expected);

  // survey= still gives that questionnaire's own CSV, with its columns.
  auto one = c.Get("/v1/export?format=csv&survey=jeugdakkoord-midden-drenthe");
  REQUIRE(one);
  CHECK(one->status == 200);
  CHECK(one->body.rfind(bom + "id;seq;device;event;locale;started_at;completed_at;", 0) == 0);
}

TEST_CASE("server: CSV without survey= of an empty collector is the header alone") {
  RunningServer s;
  auto r = s.client().Get("/v1/export?format=csv");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body ==
        "\xEF\xBB\xBFid;seq;device;event;survey;survey_version;locale;started_at;completed_at;question;value\r\n");
}

TEST_CASE("server: CSV of a known questionnaire without responses is 404 saying so") {
  RunningServer s;
  auto r = s.client().Get("/v1/export?format=csv&survey=jeugdakkoord-midden-drenthe");
  REQUIRE(r);
  CHECK(r->status == 404);
  CHECK(error_of(r) == "survey \"jeugdakkoord-midden-drenthe\": no responses stored for this questionnaire");
}

TEST_CASE("server: unknown paths and methods get JSON errors") {
  RunningServer s;
  auto c = s.client();
  auto unknown = c.Get("/v2/whatever");
  REQUIRE(unknown);
  CHECK(unknown->status == 404);
  CHECK(error_of(unknown) == "no such endpoint: GET /v2/whatever (see /v1/health, /v1/responses, /v1/ledger, /v1/export)");
  auto get = c.Get("/v1/responses");
  REQUIRE(get);
  CHECK(get->status == 405);
  CHECK(get->get_header_value("Allow") == "POST");
}

TEST_CASE("server: a database error is a 500 with its message and the server goes on", "[slow]") {
  RunningServer s;
  auto c = s.client();
  {
    // Another program holds the write lock longer than the store's busy timeout (5 s).
    sync::testing::RawDb other(s.db());
    REQUIRE(other.exec("BEGIN IMMEDIATE") == SQLITE_OK);
    auto r = c.Post("/v1/responses", body_of(envelopes(1, 1)), "application/json");
    REQUIRE(r);
    CHECK(r->status == 500);
    CHECK(error_of(r) == "internal error: " + s.db().string() +
                             ": the database is locked by another program (waited 5 s); try again");
    other.exec("ROLLBACK");
  }
  auto again = c.Post("/v1/responses", body_of(envelopes(1, 1)), "application/json");
  REQUIRE(again);
  CHECK(again->status == 200);
}

TEST_CASE("server: two kiosks posting at once both get everything stored, with no gap in the ledger") {
  RunningServer s;
  auto post_all = [&](const std::string& device) {
    auto c = s.client();
    for (int batch = 0; batch < 10; ++batch) {
      auto es = envelopes(batch * 50 + 1, batch * 50 + 50, device);
      auto r = c.Post("/v1/responses", body_of(es, device), "application/json");
      REQUIRE(r);
      REQUIRE(r->status == 200);
    }
  };
  std::thread other([&] { post_all("tablet-b"); });
  post_all("tablet-a");
  other.join();
  auto ledger = sync::ledger_from_json(s.client().Get("/v1/ledger")->body);
  REQUIRE(ledger.size() == 2);
  for (const auto& d : ledger) {
    CHECK(d.count == 500);
    CHECK(d.highest_seq == 500);
    CHECK(d.missing_seqs.empty());
  }
}

TEST_CASE("server: stop() ends run() whenever it is called, also right after the start") {
  const auto limit = std::chrono::seconds(10);
  TempDir dir;
  for (int round = 0; round < 20; ++round) {
    auto server = std::make_shared<Server>(
        ServerOptions{.db = dir.path / "collector.sqlite", .host = "127.0.0.1", .port = 0, .token = token});
    sync::testing::WatchedThread running([server] { server->run(); });
    if (round % 2 == 0) server->wait_until_listening();
    server->stop();
    if (!running.ended_within(limit)) FAIL("round " << round << ": run() still running 10 s after stop()");
  }
  auto never_started = std::make_shared<Server>(
      ServerOptions{.db = dir.path / "collector.sqlite", .host = "127.0.0.1", .port = 0, .token = token});
  never_started->stop();  // before run(): run() returns at once
  sync::testing::WatchedThread late([never_started] { never_started->run(); });
  if (!late.ended_within(limit)) FAIL("run() after stop() still running 10 s later");
  CHECK_FALSE(never_started->wait_until_listening());
}

TEST_CASE("server: a port in use makes run() throw naming the address, and wait_until_listening() false") {
  RunningServer first;
  Server second({.db = first.dir.path / "second.sqlite", .host = "127.0.0.1", .port = first.server->port(), .token = token});
  std::string error;
  std::thread thread([&] {
    try {
      second.run();
    } catch (const std::exception& e) {
      error = e.what();
    }
  });
  CHECK_FALSE(second.wait_until_listening());
  second.stop();  // in case it did listen, so the test fails rather than hangs
  thread.join();
  CHECK(error == "cannot listen on 127.0.0.1:" + std::to_string(first.server->port()) +
                     ": Address already in use (is the address this machine's, and the port free?)");
}

TEST_CASE("server: an empty token or half a TLS setup is refused at construction") {
  TempDir dir;
  CHECK_THROWS_WITH(Server({.db = dir.path / "c.sqlite", .host = "127.0.0.1", .port = 0, .token = ""}),
                    "the collector needs a token: it is empty");
  ServerOptions half{.db = dir.path / "c.sqlite", .host = "127.0.0.1", .port = 0, .token = token};
  half.tls_cert = (dir.path / "cert.pem").string();
  CHECK_THROWS_WITH(Server(half), "HTTPS needs both a certificate and a key (--tls-cert and --tls-key)");
  CHECK_FALSE(fs::exists(dir.path / "c.sqlite"));  // refused before the database was created
}

namespace {

// A self-signed certificate for 127.0.0.1, written as PEM.
void write_self_signed_certificate(const fs::path& cert_file, const fs::path& key_file) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  REQUIRE(key);
  REQUIRE(cert);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  REQUIRE(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0);
  std::unique_ptr<FILE, decltype(&fclose)> k(fopen(key_file.c_str(), "w"), fclose), c(fopen(cert_file.c_str(), "w"), fclose);
  REQUIRE(PEM_write_PrivateKey(k.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1);
  REQUIRE(PEM_write_X509(c.get(), cert.get()) == 1);
}

}  // namespace

TEST_CASE("server: with a certificate and key it speaks HTTPS only") {
  TempDir certs;
  ServerOptions options;
  options.tls_cert = (certs.path / "cert.pem").string();
  options.tls_key = (certs.path / "key.pem").string();
  write_self_signed_certificate(options.tls_cert, options.tls_key);
  RunningServer s(options);

  httplib::SSLClient tls("127.0.0.1", s.server->port());
  tls.enable_server_certificate_verification(false);  // self-signed; the kiosk verifies (uploader tests)
  tls.set_connection_timeout(5);
  tls.set_bearer_token_auth(token);
  auto batch = envelopes(1, 3);
  auto r = tls.Post("/v1/responses", body_of(batch), "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(sync::UploadReply::parse(r->body).accepted == ids_of(batch));

  auto plain = s.client().Get("/v1/health");
  CHECK_FALSE((plain && plain->status == 200));

  TempDir other;
  sync::testing::write_bytes(other.path / "cert.pem", "not a certificate");
  ServerOptions broken{.db = other.path / "c.sqlite", .host = "127.0.0.1", .port = 0, .token = token};
  broken.tls_cert = (other.path / "cert.pem").string();
  broken.tls_key = options.tls_key;
  CHECK_THROWS_WITH(Server(broken), "cannot use the TLS certificate " + broken.tls_cert + " with the key " +
                                        broken.tls_key + ": check that both files exist, are PEM and belong together");
}
