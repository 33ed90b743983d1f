// The sync protocol's JSON both ways (docs/PROTOCOL.md, "Sync protocol"). Requests come from the
// network: they are checked in the order limits, JSON syntax, shape, and every message starts
// with where the problem is ("responses[3].seq: must be a whole number from 1"), so the person
// reading the collector's 400, a rejected response's reason or the kiosk's log can find it.
//
// Index
//   [SECTION] JSON text with the protocol's rules (depth, duplicate keys, order kept)
//   [SECTION] envelopes
//   [SECTION] POST /v1/responses request and reply
//   [SECTION] ledger
#include "sync/protocol.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <iterator>
#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace peilpunt::sync {
namespace {

// A value echoed in a message: JSON-quoted (so control characters and quotes show as escapes),
// and cut short, since it comes from the sender.
std::string json_quoted(std::string_view text) {
  constexpr std::size_t max_chars = 80;
  std::string shown(text.substr(0, max_chars));
  std::string out = Json(shown).dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > max_chars) out += "...";
  return out;
}

std::string at(const std::string& where, std::size_t index) { return where + "[" + std::to_string(index) + "]"; }

// [SECTION] JSON text with the protocol's rules (depth, duplicate keys, order kept) ------------

// nlohmann's message without its "[json.exception.parse_error.101] parse error at line 1,
// column 5: " prefix: the byte offset is given separately.
std::string json_reason(const std::exception& ex) {
  std::string_view s = ex.what();
  if (s.rfind("[json.exception.", 0) == 0)
    if (auto close = s.find("] "); close != std::string_view::npos) s.remove_prefix(close + 2);
  if (s.rfind("parse error", 0) == 0)
    if (auto colon = s.find(": "); colon != std::string_view::npos) s.remove_prefix(colon + 2);
  return std::string(s);
}

// Builds an ordered_json from SAX events. nlohmann's own ordered parser inserts each key with a
// linear search for a duplicate, which makes an object of n keys cost n² comparisons (a 8 MB
// body could take minutes); here small objects are searched and big ones get a hash set. A key
// that appears twice is an error rather than "the last one wins": the kiosk never sends one, and
// two readers of such a body could disagree on what it says.
class OrderedBuilder final : public nlohmann::json_sax<Json> {
 public:
  Json root;
  std::string error;                                     // set when a callback returned false
  std::size_t error_byte = 0;                            // 0: no position known

  bool null() override { return put(Json(nullptr)); }
  bool boolean(bool value) override { return put(Json(value)); }
  bool number_integer(number_integer_t value) override { return put(Json(value)); }
  bool number_unsigned(number_unsigned_t value) override { return put(Json(value)); }
  bool number_float(number_float_t value, const string_t&) override { return put(Json(value)); }
  bool string(string_t& value) override { return put(Json(std::move(value))); }
  bool binary(binary_t&) override { return fail("binary values are not JSON"); }  // can't happen for text

  bool start_object(std::size_t) override { return open(Json::object()); }
  bool start_array(std::size_t) override { return open(Json::array()); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool key(string_t& name) override {
    Frame& frame = stack_.back();
    auto& members = static_cast<Members&>(frame.value->get_ref<Json::object_t&>());
    if (frame.keys) {
      if (!frame.keys->insert(name).second) return duplicate(name);
    } else {
      for (const auto& member : members)
        if (member.first == name) return duplicate(name);
      if (members.size() + 1 >= linear_search_limit) {
        frame.keys = std::make_unique<std::unordered_set<std::string>>();
        for (const auto& member : members) frame.keys->insert(member.first);
        frame.keys->insert(name);
      }
    }
    members.emplace_back(std::move(name), nullptr);
    member_slot_ = &members.back().second;
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
    error = "invalid JSON at byte " + std::to_string(position) + ": " + json_reason(ex);
    error_byte = position;
    return false;
  }

 private:
  using Members = std::vector<std::pair<const std::string, Json>>;  // ordered_map's storage
  static constexpr std::size_t linear_search_limit = 16;

  struct Frame {
    Json* value;
    std::unique_ptr<std::unordered_set<std::string>> keys;  // only for objects past the limit
  };

  // Where the next value goes: the root, the open array, or the member whose key came last.
  // Pointers into a container stay valid: only the innermost open container grows.
  Json* slot() {
    if (stack_.empty()) return &root;
    Json& top = *stack_.back().value;
    if (top.is_array()) {
      top.get_ref<Json::array_t&>().emplace_back();
      return &top.get_ref<Json::array_t&>().back();
    }
    return member_slot_;
  }

  bool put(Json value) {
    *slot() = std::move(value);
    return true;
  }

  bool open(Json container) {
    if (stack_.size() >= max_json_depth)
      return fail("JSON nested deeper than " + std::to_string(max_json_depth) + " levels");
    Json* target = slot();
    *target = std::move(container);
    stack_.push_back({target, nullptr});
    return true;
  }

  bool close() {
    stack_.pop_back();
    return true;
  }

  bool duplicate(const std::string& name) { return fail("the key " + json_quoted(name) + " appears twice in one object"); }

  bool fail(std::string message) {
    error = std::move(message);
    return false;
  }

  std::vector<Frame> stack_;
  Json* member_slot_ = nullptr;
};

const Json* member(const Json& object, const char* key) {
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

// Names the first key of `object` that is not in `known`.
template <std::size_t N>
void refuse_unknown_fields(const Json& object, const char* const (&known)[N], const std::string& where) {
  for (auto it = object.begin(); it != object.end(); ++it)
    if (std::none_of(std::begin(known), std::end(known), [&](const char* k) { return it.key() == k; }))
      throw ProtocolError(where + ": unknown field " + json_quoted(it.key()));
}

bool is_whole_number_from(const Json& j, std::int64_t minimum) {
  if (j.is_number_unsigned()) return j.get<std::uint64_t>() <= static_cast<std::uint64_t>(INT64_MAX) &&
                                     static_cast<std::int64_t>(j.get<std::uint64_t>()) >= minimum;
  return j.is_number_integer() && j.get<std::int64_t>() >= minimum;
}

}  // namespace

Json parse_protocol_json(std::string_view text, std::string_view what) {
  OrderedBuilder builder;
  bool ok = false;
  try {
    ok = Json::sax_parse(text, &builder, nlohmann::detail::input_format_t::json, true, false);
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const Json::exception& ex) {  // can't happen: errors come to parse_error; kept for safety
    throw ProtocolError(std::string(what) + ": invalid JSON: " + json_reason(ex));
  }
  if (!ok) throw ProtocolError(std::string(what) + ": " + builder.error);
  return std::move(builder.root);
}

// [SECTION] envelopes -----------------------------------------------------------------------

Envelope parse_envelope(const Json& j, const std::string& where) {
  static const char* const fields[] = {"id",     "seq",        "survey",       "device", "event",
                                       "locale", "started_at", "completed_at", "status", "data"};
  static const char* const survey_fields[] = {"id", "version", "hash"};
  if (!j.is_object()) throw ProtocolError(where + ": must be a JSON object (an envelope)");
  refuse_unknown_fields(j, fields, where);
  // Envelope::from_json names a survey field just "id"; say which one here.
  if (const Json* survey = member(j, "survey"); survey && survey->is_object()) {
    refuse_unknown_fields(*survey, survey_fields, where + ".survey");
    for (const char* key : survey_fields) {
      const Json* value = member(*survey, key);
      if (!value || !value->is_string()) throw ProtocolError(where + ".survey." + key + ": must be a string");
    }
  }
  try {
    return Envelope::from_json(j);
  } catch (const std::invalid_argument& e) {
    // "envelope field \"seq\" must be a whole number from 1" -> "<where>.seq: must be ..."
    const std::string_view message = e.what();
    constexpr std::string_view prefix = "envelope field \"";
    if (message.rfind(prefix, 0) == 0) {
      std::size_t end = message.find("\" ", prefix.size());
      if (end != std::string_view::npos)
        throw ProtocolError(where + "." + std::string(message.substr(prefix.size(), end - prefix.size())) + ": " +
                            std::string(message.substr(end + 2)));
    }
    throw ProtocolError(where + ": " + std::string(message));
  }
}

// [SECTION] POST /v1/responses request and reply ----------------------------------------------

Json UploadRequest::to_json() const {
  Json responses_json = Json::array();
  for (const auto& e : responses) responses_json.push_back(e.to_json());
  Json j;
  j["device"] = device;
  j["responses"] = std::move(responses_json);
  return j;
}

UploadRequest UploadRequest::parse(std::string_view body, const ProtocolLimits& limits) {
  if (body.size() > limits.max_body_bytes)
    throw PayloadTooLarge("request body: " + std::to_string(body.size()) + " bytes is over the limit of " +
                          std::to_string(limits.max_body_bytes) + " bytes; send fewer responses per request");
  const Json j = parse_protocol_json(body, "request body");
  if (!j.is_object())
    throw ProtocolError(R"(request body: must be a JSON object {"device": "...", "responses": [...]})");
  static const char* const fields[] = {"device", "responses"};
  refuse_unknown_fields(j, fields, "request body");

  UploadRequest request;
  const Json* device = member(j, "device");
  if (!device || !device->is_string() || device->get_ref<const std::string&>().empty())
    throw ProtocolError("device: must be a non-empty string");
  request.device = device->get<std::string>();

  const Json* responses = member(j, "responses");
  if (!responses || !responses->is_array()) throw ProtocolError("responses: must be an array of envelopes");
  if (responses->size() > limits.max_responses)
    throw PayloadTooLarge("responses: " + std::to_string(responses->size()) + " envelopes is over the limit of " +
                          std::to_string(limits.max_responses) + " per request");

  // The request level: every element must be answerable by its id. An id twice would have to be
  // both accepted and rejected, which the reply cannot say (UploadReply::parse refuses it).
  std::unordered_map<std::string, std::size_t> index_of_id;
  for (std::size_t i = 0; i < responses->size(); ++i) {
    const Json& element = (*responses)[i];
    const std::string where = at("responses", i);
    if (!element.is_object()) throw ProtocolError(where + ": must be a JSON object (an envelope)");
    const Json* id = member(element, "id");
    if (!id || !id->is_string()) throw ProtocolError(where + ".id: must be a string");
    auto [first, inserted] = index_of_id.emplace(id->get<std::string>(), i);
    if (!inserted) throw ProtocolError(where + ".id: repeats " + at("responses", first->second) + ".id");
  }

  // The envelope level: each one stands or falls alone.
  request.responses.reserve(responses->size());
  for (std::size_t i = 0; i < responses->size(); ++i) {
    const Json& element = (*responses)[i];
    const std::string where = at("responses", i);
    const std::string& id = element.find("id")->get_ref<const std::string&>();
    try {
      // An envelope is never longer than the body it came in, so measuring is only needed when
      // the body is over the envelope limit (the uploader's batches of at most 1 MB never are).
      const std::size_t bytes = body.size() <= limits.max_envelope_bytes
                                    ? 0
                                    : element.dump(-1, ' ', false, Json::error_handler_t::replace).size();
      if (bytes > limits.max_envelope_bytes)
        throw ProtocolError(where + ": " + std::to_string(bytes) + " bytes is over the limit of " +
                            std::to_string(limits.max_envelope_bytes) + " bytes per envelope");
      Envelope e = parse_envelope(element, where);
      if (e.device != request.device)
        throw ProtocolError(where + ".device: " + json_quoted(e.device) + " is not the request's device " +
                            json_quoted(request.device));
      request.responses.push_back(std::move(e));
    } catch (const ProtocolError& problem) {
      request.rejected.push_back({id, problem.what()});
    }
  }
  return request;
}

Json UploadReply::to_json() const {
  Json j;
  j["accepted"] = accepted;
  j["rejected"] = Json::array();
  for (const auto& r : rejected) j["rejected"].push_back({{"id", r.id}, {"reason", r.reason}});
  return j;
}

UploadReply UploadReply::parse(std::string_view body) {
  const Json j = parse_protocol_json(body, "reply body");
  if (!j.is_object()) throw ProtocolError(R"(reply body: must be a JSON object {"accepted": [...], "rejected": [...]})");
  static const char* const fields[] = {"accepted", "rejected"};
  refuse_unknown_fields(j, fields, "reply body");
  const Json* accepted = member(j, "accepted");
  const Json* rejected = member(j, "rejected");
  if (!accepted) throw ProtocolError(R"(reply body: missing field "accepted")");
  if (!rejected) throw ProtocolError(R"(reply body: missing field "rejected")");
  if (!accepted->is_array()) throw ProtocolError("accepted: must be an array of response ids");
  if (!rejected->is_array()) throw ProtocolError(R"(rejected: must be an array of {"id": .., "reason": ..})");

  UploadReply reply;
  std::unordered_set<std::string> accepted_ids;
  for (std::size_t i = 0; i < accepted->size(); ++i) {
    const Json& id = (*accepted)[i];
    if (!id.is_string()) throw ProtocolError(at("accepted", i) + ": must be a string (a response id)");
    reply.accepted.push_back(id.get<std::string>());
    accepted_ids.insert(reply.accepted.back());
  }
  static const char* const rejection_fields[] = {"id", "reason"};
  for (std::size_t i = 0; i < rejected->size(); ++i) {
    const Json& r = (*rejected)[i];
    const std::string where = at("rejected", i);
    if (!r.is_object()) throw ProtocolError(where + R"(: must be an object {"id": .., "reason": ..})");
    refuse_unknown_fields(r, rejection_fields, where);
    const Json* id = member(r, "id");
    const Json* reason = member(r, "reason");
    if (!id || !id->is_string()) throw ProtocolError(where + ".id: must be a string (a response id)");
    if (!reason || !reason->is_string()) throw ProtocolError(where + ".reason: must be a string");
    // An id both accepted and rejected would leave the kiosk not knowing what to mark.
    if (accepted_ids.count(id->get_ref<const std::string&>()))
      throw ProtocolError(where + ".id: " + json_quoted(id->get_ref<const std::string&>()) + " is also in accepted");
    reply.rejected.push_back({id->get<std::string>(), reason->get<std::string>()});
  }
  return reply;
}

// [SECTION] ledger ---------------------------------------------------------------------------

Json ledger_to_json(const std::vector<LedgerEntry>& ledger) {
  Json devices = Json::array();
  for (const auto& entry : ledger) {
    const std::int64_t missing = entry.highest_seq - entry.count;
    devices.push_back({{"device", entry.device},
                       {"count", entry.count},
                       {"highest_seq", entry.highest_seq},
                       {"missing_count", missing},
                       {"missing_seqs", entry.missing_seqs},
                       {"missing_seqs_truncated", static_cast<std::int64_t>(entry.missing_seqs.size()) < missing}});
  }
  return Json{{"devices", std::move(devices)}};
}

std::vector<LedgerEntry> ledger_from_json(std::string_view body) {
  const Json j = parse_protocol_json(body, "ledger");
  if (!j.is_object()) throw ProtocolError(R"(ledger: must be a JSON object {"devices": [...]})");
  static const char* const fields[] = {"devices"};
  refuse_unknown_fields(j, fields, "ledger");
  const Json* devices = member(j, "devices");
  if (!devices || !devices->is_array()) throw ProtocolError("devices: must be an array");

  static const char* const entry_fields[] = {"device",       "count",        "highest_seq",
                                             "missing_count", "missing_seqs", "missing_seqs_truncated"};
  std::vector<LedgerEntry> ledger;
  for (std::size_t i = 0; i < devices->size(); ++i) {
    const Json& d = (*devices)[i];
    const std::string where = at("devices", i);
    if (!d.is_object()) throw ProtocolError(where + ": must be an object");
    refuse_unknown_fields(d, entry_fields, where);
    LedgerEntry entry;
    const Json* device = member(d, "device");
    if (!device || !device->is_string()) throw ProtocolError(where + ".device: must be a string");
    entry.device = device->get<std::string>();
    for (auto [key, target] : {std::pair{"count", &entry.count}, std::pair{"highest_seq", &entry.highest_seq}}) {
      const Json* value = member(d, key);
      if (!value || !is_whole_number_from(*value, 0))
        throw ProtocolError(where + "." + key + ": must be a whole number from 0");
      *target = value->get<std::int64_t>();
    }
    const Json* missing = member(d, "missing_seqs");
    if (!missing || !missing->is_array()) throw ProtocolError(where + ".missing_seqs: must be an array of seqs");
    for (std::size_t k = 0; k < missing->size(); ++k) {
      if (!is_whole_number_from((*missing)[k], 1))
        throw ProtocolError(at(where + ".missing_seqs", k) + ": must be a whole number from 1");
      entry.missing_seqs.push_back((*missing)[k].get<std::int64_t>());
    }
    if (const Json* count = member(d, "missing_count"); count && !is_whole_number_from(*count, 0))
      throw ProtocolError(where + ".missing_count: must be a whole number from 0");
    if (const Json* truncated = member(d, "missing_seqs_truncated"); truncated && !truncated->is_boolean())
      throw ProtocolError(where + ".missing_seqs_truncated: must be true or false");
    ledger.push_back(std::move(entry));
  }
  return ledger;
}

std::string read_token_file(const std::string& token_file) {
  std::error_code ec;
  if (std::filesystem::is_directory(token_file, ec)) throw TokenFileError(token_file + ": cannot read the token file: it is a folder");
  std::ifstream in(token_file, std::ios::binary);
  if (!in) throw TokenFileError(token_file + ": cannot read the token file: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  std::string token = text.str();
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!token.empty() && is_space(token.back())) token.pop_back();
  token.erase(token.begin(), std::find_if_not(token.begin(), token.end(), is_space));
  if (token.empty()) throw TokenFileError(token_file + ": the token file is empty; put the collector's token in it");
  // It goes into an HTTP header line: a line break or control character there could add headers.
  for (unsigned char c : token)
    if (c < 0x21 || c > 0x7e)
      throw TokenFileError(token_file +
                          ": the token must be one line of visible ASCII characters (no spaces or line breaks inside)");
  return token;
}

}  // namespace peilpunt::sync
