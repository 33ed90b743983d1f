// sync/protocol.cpp: requests and replies both ways, and every malformed shape refused with the
// place and the problem in the wording the collector's 400 carries (and the kiosk's log shows).
#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "sync/protocol.hpp"
#include "tests/sync/support.hpp"

using namespace peilpunt;
using namespace peilpunt::sync::testing;
using sync::Json;
using sync::PayloadTooLarge;
using sync::ProtocolError;
using sync::UploadReply;
using sync::UploadRequest;
using sync::read_token_file;

namespace {

// A valid request body as JSON, for a test to break one thing in.
Json valid_request(int responses = 2) {
  return UploadRequest{"tablet-03", envelopes(1, responses)}.to_json();
}

std::string message_of_request(const std::string& body, const sync::ProtocolLimits& limits = {}) {
  try {
    UploadRequest::parse(body, limits);
  } catch (const PayloadTooLarge& e) {
    return std::string("413 ") + e.what();
  } catch (const ProtocolError& e) {
    return e.what();
  }
  return "accepted";
}

std::string message_of_reply(const std::string& body) {
  try {
    UploadReply::parse(body);
  } catch (const ProtocolError& e) {
    return e.what();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("protocol: a request survives to_json and parse, envelope for envelope and key order kept") {
  UploadRequest request{"tablet-03", envelopes(1, 3)};
  request.responses[1].data = Json::parse(R"({"zeta": 1, "alpha": {"z": [1, 2.5, "drie"], "a": null}, "mid": true})");
  const std::string body = request.to_json().dump();
  UploadRequest parsed = UploadRequest::parse(body);
  CHECK(parsed.device == "tablet-03");
  REQUIRE(parsed.responses.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) CHECK(parsed.responses[i].to_json() == request.responses[i].to_json());
  CHECK(parsed.to_json().dump() == body);  // byte for byte: the order of data keys is the kiosk's
}

TEST_CASE("protocol: an empty batch is a valid request") {
  CHECK(UploadRequest::parse(R"({"device": "tablet-03", "responses": []})").responses.empty());
}

TEST_CASE("protocol: each malformed request shape is refused with where and what") {
  auto with = [](auto&& change) {
    Json j = valid_request();
    change(j);
    return j.dump();
  };
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{", "request body: invalid JSON at byte 2: syntax error while parsing object key - unexpected end of input; "
            "expected string literal"},
      {R"({"device": "tablet-03", "responses": [}])",
       "request body: invalid JSON at byte 39: syntax error while parsing value - unexpected '}'; expected '[', '{', "
       "or a literal"},
      {"[]", R"(request body: must be a JSON object {"device": "...", "responses": [...]})"},
      {with([](Json& j) { j["extra"] = 1; }), R"(request body: unknown field "extra")"},
      {with([](Json& j) { j.erase("device"); }), "device: must be a non-empty string"},
      {with([](Json& j) { j["device"] = ""; }), "device: must be a non-empty string"},
      {with([](Json& j) { j["device"] = 3; }), "device: must be a non-empty string"},
      {with([](Json& j) { j.erase("responses"); }), "responses: must be an array of envelopes"},
      {with([](Json& j) { j["responses"] = Json::object(); }), "responses: must be an array of envelopes"},
      // Elements that cannot be answered by id: the whole request is refused.
      {with([](Json& j) { j["responses"][1] = "envelope"; }), "responses[1]: must be a JSON object (an envelope)"},
      {with([](Json& j) { j["responses"][0]["id"] = 7; }), "responses[0].id: must be a string"},
      {with([](Json& j) { j["responses"][1].erase("id"); }), "responses[1].id: must be a string"},
      {with([](Json& j) { j["responses"][1]["id"] = j["responses"][0]["id"]; }),
       "responses[1].id: repeats responses[0].id"},
      // A repeated id is found even when the envelope carrying it is bad in another field too.
      {with([](Json& j) {
         j["responses"][1]["id"] = j["responses"][0]["id"];
         j["responses"][1]["seq"] = 0;
       }),
       "responses[1].id: repeats responses[0].id"},
      {R"({"device": "a", "device": "b", "responses": []})",
       R"(request body: the key "device" appears twice in one object)"},
      {R"({"device": "tablet-03", "responses": [1e400]})",
       "request body: invalid JSON at byte 43: number overflow parsing '1e400'"},
      {std::string(R"({"device": "tablet-)") + "\xC3\x28" + R"(", "responses": []})",
       "request body: invalid JSON at byte 21: syntax error while parsing value - invalid string: ill-formed UTF-8 "
       "byte; last read: '\"tablet-\xC3('"},
  };
  for (const auto& [body, expected] : cases) {
    INFO(body);
    CHECK(message_of_request(body) == expected);
  }
}

TEST_CASE("protocol: an envelope that fails its own checks is rejected alone, with where and what") {
  // Each case breaks responses[1] of three; [0] and [2] must come through untouched.
  const std::vector<std::pair<std::function<void(Json&)>, std::string>> cases = {
      {[](Json& e) { e["seq"] = 0; }, "responses[1].seq: must be a whole number from 1"},
      {[](Json& e) { e["seq"] = "2"; }, "responses[1].seq: must be a whole number from 1"},
      {[](Json& e) { e["seq"] = 2.5; }, "responses[1].seq: must be a whole number from 1"},
      {[](Json& e) { e["seq"] = 18446744073709551615u; }, "responses[1].seq: must be a whole number from 1"},
      {[](Json& e) { e.erase("seq"); }, "responses[1].seq: must be a whole number from 1"},
      {[](Json& e) { e["id"] = "not-a-uuid"; }, "responses[1].id: must be a UUID"},
      {[](Json& e) { e["id"] = ""; }, "responses[1].id: must be a UUID"},
      {[](Json& e) { e.erase("survey"); }, "responses[1].survey: must be an object"},
      {[](Json& e) { e["survey"]["version"] = 1; }, "responses[1].survey.version: must be a string"},
      {[](Json& e) { e["survey"].erase("id"); }, "responses[1].survey.id: must be a string"},
      {[](Json& e) { e["survey"]["extra"] = ""; }, R"(responses[1].survey: unknown field "extra")"},
      {[](Json& e) { e["event"] = nullptr; }, "responses[1].event: must be a string"},
      {[](Json& e) { e["status"] = "partial"; }, R"(responses[1].status: must be "complete")"},
      {[](Json& e) { e["data"] = Json::array(); }, "responses[1].data: must be an object"},
      {[](Json& e) { e["comment"] = "x"; }, R"(responses[1]: unknown field "comment")"},
      {[](Json& e) { e["device"] = "tablet-04"; },
       R"(responses[1].device: "tablet-04" is not the request's device "tablet-03")"},
  };
  for (const auto& [change, expected] : cases) {
    Json j = valid_request(3);
    change(j["responses"][1]);
    const std::string body = j.dump();
    INFO(body);
    UploadRequest parsed;
    REQUIRE_NOTHROW(parsed = UploadRequest::parse(body));
    CHECK(parsed.device == "tablet-03");
    REQUIRE(parsed.responses.size() == 2);
    CHECK(parsed.responses[0].to_json() == j["responses"][0]);
    CHECK(parsed.responses[1].to_json() == j["responses"][2]);
    REQUIRE(parsed.rejected.size() == 1);
    CHECK(parsed.rejected[0].id == j["responses"][1]["id"].get<std::string>());
    CHECK(parsed.rejected[0].reason == expected);
  }
}

TEST_CASE("protocol: several bad envelopes are each rejected in request order, and to_json sends only the good ones") {
  Json j = valid_request(5);
  j["responses"][1]["status"] = "draft";
  j["responses"][3]["seq"] = -1;
  UploadRequest parsed = UploadRequest::parse(j.dump());
  REQUIRE(parsed.responses.size() == 3);
  CHECK(parsed.responses[0].seq == 1);
  CHECK(parsed.responses[1].seq == 3);
  CHECK(parsed.responses[2].seq == 5);
  REQUIRE(parsed.rejected.size() == 2);
  CHECK(parsed.rejected[0].id == j["responses"][1]["id"].get<std::string>());
  CHECK(parsed.rejected[0].reason == R"(responses[1].status: must be "complete")");
  CHECK(parsed.rejected[1].id == j["responses"][3]["id"].get<std::string>());
  CHECK(parsed.rejected[1].reason == "responses[3].seq: must be a whole number from 1");

  Json sent = parsed.to_json();
  CHECK(sent.size() == 2);  // device and responses: the rejections are the reader's, not part of a request
  CHECK(sent["responses"].size() == 3);
  CHECK(UploadRequest::parse(sent.dump()).rejected.empty());

  // A request of only bad envelopes is still a request: nothing to store, everything rejected.
  Json all_bad = valid_request(2);
  for (auto& e : all_bad["responses"]) e["data"] = "none";
  UploadRequest none = UploadRequest::parse(all_bad.dump());
  CHECK(none.responses.empty());
  CHECK(none.rejected.size() == 2);
}

TEST_CASE("protocol: JSON nested deeper than the limit is refused before anything copies it") {
  std::string deep = std::string(200000, '[') + std::string(200000, ']');
  CHECK(message_of_request(deep) == "request body: JSON nested deeper than 64 levels");
  Json j = valid_request(1);
  std::string nested = "1";
  for (std::size_t i = 0; i < sync::max_json_depth; ++i) nested = "[" + nested + "]";
  j["responses"][0]["data"]["deep"] = Json::parse(nested);
  CHECK(message_of_request(j.dump()) == "request body: JSON nested deeper than 64 levels");
}

TEST_CASE("protocol: size limits come first and are 413s, naming the limit") {
  sync::ProtocolLimits limits;
  limits.max_body_bytes = 100;
  // Over the size limit and not JSON either: the size is what the sender must change first.
  CHECK(message_of_request(std::string(101, 'x'), limits) ==
        "413 request body: 101 bytes is over the limit of 100 bytes; send fewer responses per request");

  limits = {};
  limits.max_responses = 2;
  CHECK(message_of_request(valid_request(3).dump(), limits) ==
        "413 responses: 3 envelopes is over the limit of 2 per request");
  CHECK(message_of_request(valid_request(2).dump(), limits) == "accepted");

  // One envelope over its limit is that envelope's problem: sending less at once cannot help it,
  // so it is rejected (the kiosk keeps it, marked) and the others are taken.
  limits = {};
  limits.max_envelope_bytes = 3000;
  Json j = valid_request(3);
  j["responses"][2]["data"]["open"] = std::string(3000, 'x');
  UploadRequest parsed = UploadRequest::parse(j.dump(), limits);
  CHECK(parsed.responses.size() == 2);
  REQUIRE(parsed.rejected.size() == 1);
  CHECK(parsed.rejected[0].id == j["responses"][2]["id"].get<std::string>());
  CHECK_THAT(parsed.rejected[0].reason, Catch::StartsWith("responses[2]: ") &&
                                            Catch::EndsWith(" bytes is over the limit of 3000 bytes per envelope"));
}

TEST_CASE("protocol: an object with 100,000 keys parses in linear time (regression: ordered_json inserts in n²)") {
  std::string body = R"({"device": "tablet-03", "responses": [], "x": {)";
  for (int i = 0; i < 100000; ++i) body += (i ? ",\"k" : "\"k") + std::to_string(1000000 + i) + "\":0";
  body += "}}";
  const auto start = std::chrono::steady_clock::now();
  CHECK(message_of_request(body) == R"(request body: unknown field "x")");
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // Linear: 0.1 s here, 4 s in the sanitizer build. Quadratic (nlohmann's ordered parse): 35 s.
  CHECK(seconds < 15.0);
}

TEST_CASE("protocol: a duplicate key is found in a big object too") {
  std::string body = R"({"device": "tablet-03", "responses": [], "x": {)";
  for (int i = 0; i < 100; ++i) body += "\"k" + std::to_string(i) + "\":0,";
  body += "\"k57\":1}}";
  CHECK(message_of_request(body) == R"(request body: the key "k57" appears twice in one object)");
}

TEST_CASE("protocol: a reply survives to_json and parse") {
  UploadReply reply{{"a", "b"}, {{"c", "id already stored with different content"}}};
  UploadReply parsed = UploadReply::parse(reply.to_json().dump());
  CHECK(parsed.accepted == reply.accepted);
  REQUIRE(parsed.rejected.size() == 1);
  CHECK(parsed.rejected[0].id == "c");
  CHECK(parsed.rejected[0].reason == "id already stored with different content");
  CHECK(UploadReply::parse(R"({"accepted": [], "rejected": []})").accepted.empty());
}

TEST_CASE("protocol: a reply that is not exactly the protocol's shape is refused (the uploader retries)") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "reply body: invalid JSON at byte 1: syntax error while parsing value - unexpected end of input; expected "
           "'[', '{', or a literal"},
      {"<html>Bad Gateway</html>",
       "reply body: invalid JSON at byte 1: syntax error while parsing value - invalid literal; last read: '<'"},
      {R"({"accepted": []})", R"(reply body: missing field "rejected")"},
      {R"({"rejected": []})", R"(reply body: missing field "accepted")"},
      {R"({"accepted": [], "rejected": [], "more": 1})", R"(reply body: unknown field "more")"},
      {R"({"accepted": {}, "rejected": []})", "accepted: must be an array of response ids"},
      {R"({"accepted": ["a", 2], "rejected": []})", "accepted[1]: must be a string (a response id)"},
      {R"({"accepted": [], "rejected": ["a"]})", R"(rejected[0]: must be an object {"id": .., "reason": ..})"},
      {R"({"accepted": [], "rejected": [{"id": "a"}]})", "rejected[0].reason: must be a string"},
      {R"({"accepted": [], "rejected": [{"reason": "x"}]})", "rejected[0].id: must be a string (a response id)"},
      {R"({"accepted": [], "rejected": [{"id": "a", "reason": "x", "why": 1}]})", R"(rejected[0]: unknown field "why")"},
      {R"({"accepted": ["a"], "rejected": [{"id": "a", "reason": "x"}]})",
       R"(rejected[0].id: "a" is also in accepted)"},
      {R"([{"accepted": []}])", R"(reply body: must be a JSON object {"accepted": [...], "rejected": [...]})"},
  };
  for (const auto& [body, expected] : cases) {
    INFO(body);
    CHECK(message_of_reply(body) == expected);
  }
}

TEST_CASE("protocol: the ledger survives to_json and parse, and says when the list of missing seqs is cut") {
  std::vector<sync::LedgerEntry> ledger = {{"tablet-01", 10, 10, {}}, {"tablet-02", 3, 2005, {1, 2, 3}}};
  const Json j = sync::ledger_to_json(ledger);
  CHECK(j["devices"][0]["missing_count"] == 0);
  CHECK(j["devices"][0]["missing_seqs_truncated"] == false);
  CHECK(j["devices"][1]["missing_count"] == 2002);
  CHECK(j["devices"][1]["missing_seqs_truncated"] == true);
  auto parsed = sync::ledger_from_json(j.dump());
  REQUIRE(parsed.size() == 2);
  CHECK(parsed[1].device == "tablet-02");
  CHECK(parsed[1].count == 3);
  CHECK(parsed[1].highest_seq == 2005);
  CHECK(parsed[1].missing_seqs == std::vector<std::int64_t>{1, 2, 3});

  auto message = [](const std::string& body) -> std::string {
    try {
      sync::ledger_from_json(body);
    } catch (const ProtocolError& e) {
      return e.what();
    }
    return "accepted";
  };
  CHECK(message(R"({"devices": [{"device": "a", "count": -1, "highest_seq": 0, "missing_seqs": []}]})") ==
        "devices[0].count: must be a whole number from 0");
  CHECK(message(R"({"devices": [{"device": "a", "count": 1, "highest_seq": 3, "missing_seqs": [0]}]})") ==
        "devices[0].missing_seqs[0]: must be a whole number from 1");
  CHECK(message(R"({"devices": {}})") == "devices: must be an array");
}

// Drift ended (issue 12): the collector read its token its own way and accepted "two words",
// which no kiosk could send; both now read it with sync::read_token_file.
TEST_CASE("token file: a missing, empty or malformed token file is an error naming the file, for kiosk and collector alike") {
  TempDir dir;
  auto error_of = [](const std::function<void()>& action) -> std::string {
    try {
      action();
    } catch (const std::exception& e) {
      return e.what();
    }
    return "no error";
  };
  const std::string file = (dir.path / "token").string();
  CHECK(error_of([&] { read_token_file(file); }) == file + ": cannot read the token file: No such file or directory");
  write_bytes(file, "\n  \n");
  CHECK(error_of([&] { read_token_file(file); }) == file + ": the token file is empty; put the collector's token in it");
  write_bytes(file, "two words\n");
  CHECK(error_of([&] { read_token_file(file); }) ==
        file + ": the token must be one line of visible ASCII characters (no spaces or line breaks inside)");
  write_bytes(file, "abc\r\nX-Injected: 1\n");
  CHECK_THAT(error_of([&] { read_token_file(file); }), Catch::Contains("one line of visible ASCII"));
  write_bytes(file, "abc123\n");
  CHECK(read_token_file(file) == "abc123");  // the editor's trailing newline is not part of it
  CHECK(error_of([&] { read_token_file(dir.path.string()); }) ==
        dir.path.string() + ": cannot read the token file: it is a folder");
}
