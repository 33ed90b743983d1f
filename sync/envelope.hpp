// The response envelope (docs/PROTOCOL.md, "The envelope"): one finished questionnaire as it is
// stored, exported and uploaded. Field names and shapes are fixed; other tools read them.
//
// **Example**:
//   #include "survey/session.hpp"
//   #include "sync/outbox.hpp"
//   const std::string file = "assets/surveys/jeugdakkoord-midden-drenthe.json";
//   const auto started = std::chrono::system_clock::now();  // the resident tapped Begin
//   survey::Session session(survey::load_file(file).survey, "nl", 1.7e12);   // ... until complete()
//   sync::SurveyRef ref = sync::survey_ref_for_file(file);
//   sync::Envelope e = sync::make_envelope(session, ref, "tablet-03", "Kenniscafé Beilen", started);
//   sync::Outbox::open("/var/lib/peilpunt/outbox.sqlite").commit(e);  // assigns id and seq, returns once on disk
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace survey {
class Session;
}

// Inside namespace peilpunt: a top-level "sync" would clash with POSIX sync(2) from <unistd.h>.
namespace peilpunt::sync {

using Json = nlohmann::ordered_json;

struct SurveyRef {
  std::string id;       // questionnaire id (file name without .json)
  std::string version;  // author's version, or the first 12 hex digits of the hash
  std::string hash;     // "sha256:<hex>" of the questionnaire file's bytes
};

struct Envelope {
  std::string id;        // UUID v4; assigned by Outbox::commit when empty
  std::int64_t seq = 0;  // per device, from 1, no gaps; assigned by Outbox::commit
  SurveyRef survey;
  std::string device;
  std::string event;
  std::string locale;
  std::string started_at;    // ISO-8601 with offset, e.g. 2026-11-23T09:59:12+01:00
  std::string completed_at;
  std::string status = "complete";
  Json data = Json::object();  // SurveyJS result shape

  Json to_json() const;
  // Throws std::invalid_argument naming the field that is missing or of the wrong type.
  static Envelope from_json(const Json& j);
};

// An envelope as a store keeps it: the kiosk's outbox row, or the collector's (always Sent).
// Exports and the collector's CSV read these, so they live beside the envelope, not the outbox.
enum class State { Pending, Sent, Rejected };
const char* to_string(State s);

struct StoredResponse {
  Envelope envelope;
  State state = State::Pending;
  int attempts = 0;
  std::string last_error;  // the last upload failure or rejection reason
  std::string created_at, updated_at;
};

// A finished session as an envelope, completed now: the kiosk and `peilpunt simulate` both make
// theirs here. id and seq stay empty for Outbox::commit.
Envelope make_envelope(const survey::Session& session, const SurveyRef& survey, const std::string& device,
                       const std::string& event, std::chrono::system_clock::time_point started);

// `j` as one line of JSON text; invalid UTF-8 in a string becomes U+FFFD instead of throwing
// (envelopes from other machines are stored and exported as they came).
std::string dump_json(const Json& j);

std::string new_uuid_v4();                                   // random, from libsodium
std::string iso_timestamp(std::chrono::system_clock::time_point t);  // local time with offset
std::string sha256_hex(std::string_view bytes);
SurveyRef survey_ref_for_file(const std::string& path);     // id, hash and version of a file

}  // namespace peilpunt::sync
