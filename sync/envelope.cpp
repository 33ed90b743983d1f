// Envelope <-> JSON, ids, timestamps and hashes.
#include "sync/envelope.hpp"

#include <cctype>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <sodium.h>

#include "survey/session.hpp"

namespace peilpunt::sync {
namespace {

void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium could not be initialised");
}

std::string required_string(const Json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_string())
    throw std::invalid_argument(std::string("envelope field \"") + key + "\" must be a string");
  return j[key].get<std::string>();
}

bool is_uuid(const std::string& s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

}  // namespace

Json Envelope::to_json() const {
  Json j;
  j["id"] = id;
  j["seq"] = seq;
  j["survey"] = Json{{"id", survey.id}, {"version", survey.version}, {"hash", survey.hash}};
  j["device"] = device;
  j["event"] = event;
  j["locale"] = locale;
  j["started_at"] = started_at;
  j["completed_at"] = completed_at;
  j["status"] = status;
  j["data"] = data;
  return j;
}

Envelope Envelope::from_json(const Json& j) {
  if (!j.is_object()) throw std::invalid_argument("an envelope must be a JSON object");
  Envelope e;
  e.id = required_string(j, "id");
  if (!is_uuid(e.id)) throw std::invalid_argument("envelope field \"id\" must be a UUID");
  if (!j.contains("seq") || !j["seq"].is_number_integer() || j["seq"].get<std::int64_t>() < 1)
    throw std::invalid_argument("envelope field \"seq\" must be a whole number from 1");
  e.seq = j["seq"].get<std::int64_t>();
  if (!j.contains("survey") || !j["survey"].is_object())
    throw std::invalid_argument("envelope field \"survey\" must be an object");
  e.survey.id = required_string(j["survey"], "id");
  e.survey.version = required_string(j["survey"], "version");
  e.survey.hash = required_string(j["survey"], "hash");
  e.device = required_string(j, "device");
  e.event = required_string(j, "event");
  e.locale = required_string(j, "locale");
  e.started_at = required_string(j, "started_at");
  e.completed_at = required_string(j, "completed_at");
  e.status = required_string(j, "status");
  if (e.status != "complete") throw std::invalid_argument("envelope field \"status\" must be \"complete\"");
  if (!j.contains("data") || !j["data"].is_object())
    throw std::invalid_argument("envelope field \"data\" must be an object");
  e.data = j["data"];
  return e;
}

const char* to_string(State s) {
  switch (s) {
    case State::Pending: return "pending";
    case State::Sent: return "sent";
    case State::Rejected: return "rejected";
  }
  return "pending";  // can't happen: every enumerator is handled above
}

std::string dump_json(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string new_uuid_v4() {
  ensure_sodium();
  unsigned char b[16];
  randombytes_buf(b, sizeof b);
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += hex[b[i] >> 4];
    out += hex[b[i] & 0x0F];
  }
  return out;
}

Envelope make_envelope(const survey::Session& session, const SurveyRef& survey, const std::string& device,
                       const std::string& event, std::chrono::system_clock::time_point started) {
  Envelope envelope;
  envelope.survey = survey;
  envelope.device = device;
  envelope.event = event;
  envelope.locale = session.locale();
  envelope.started_at = iso_timestamp(started);
  envelope.completed_at = iso_timestamp(std::chrono::system_clock::now());
  envelope.data = session.result_data();
  return envelope;
}

std::string iso_timestamp(std::chrono::system_clock::time_point t) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm local{};
  localtime_r(&seconds, &local);
  char date[32], zone[24];  // zone: room for any long the compiler cannot rule out
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &local);
  long offset = local.tm_gmtoff / 60;
  std::snprintf(zone, sizeof zone, "%c%02ld:%02ld", offset < 0 ? '-' : '+', std::labs(offset) / 60, std::labs(offset) % 60);
  return std::string(date) + zone;
}

std::string sha256_hex(std::string_view bytes) {
  ensure_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

SurveyRef survey_ref_for_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot read the questionnaire");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  std::string hash = sha256_hex(bytes.str());
  return {std::filesystem::path(path).stem().string(), hash.substr(0, 12), "sha256:" + hash};
}

}  // namespace peilpunt::sync
