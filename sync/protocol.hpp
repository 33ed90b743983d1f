// The sync protocol of docs/PROTOCOL.md ("Sync protocol"), shared by the uploader and the
// collector so both sides build and check the same JSON.
//
// **Example**:
//   UploadRequest req{"tablet-03", {Envelope{}}};              // envelopes from the outbox
//   std::string body = req.to_json().dump();                  // uploader
//   UploadRequest got = UploadRequest::parse(body, ProtocolLimits{});  // collector; throws ProtocolError
//   UploadReply reply{.accepted = {}, .rejected = got.rejected};       // bad envelopes refused one by one
//   for (const Envelope& e : got.responses) reply.accepted.push_back(e.id);   // once stored
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sync/envelope.hpp"

namespace peilpunt::sync {

// A request or reply that breaks the protocol. The message says where ("responses[3].seq: ...").
struct ProtocolError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A request over one of the size limits below: HTTP 413 rather than 400, so the sender knows
// that sending less at once helps.
struct PayloadTooLarge : ProtocolError {
  using ProtocolError::ProtocolError;
};

struct ProtocolLimits {
  std::size_t max_body_bytes = 8u << 20;    // a whole POST body, before JSON parsing
  std::size_t max_responses = 1000;         // envelopes in one request
  std::size_t max_envelope_bytes = 1u << 20;
};

// Every JSON text of the protocol (requests, replies, ledger, exported lines) is parsed with this
// nesting limit and without duplicate keys: an envelope's data is a few levels deep, and a
// deeper document only costs stack in the code that copies and prints it.
inline constexpr std::size_t max_json_depth = 64;

// Batches the uploader sends: at most this many envelopes or bytes of body.
inline constexpr std::size_t batch_max_responses = 200;
inline constexpr std::size_t batch_max_bytes = 1u << 20;

struct Rejection {
  std::string id;
  std::string reason;
};

// POST /v1/responses body: {"device": "...", "responses": [envelope, ...]}
// Envelopes keep the device name they were committed under, so the uploader sends one batch
// per name (a renamed tablet's older responses go under the old name).
struct UploadRequest {
  std::string device;
  std::vector<Envelope> responses;
  // Filled by parse only (to_json does not send it): the envelopes that failed their own checks,
  // in request order, e.g. {id, "responses[3].seq: must be a whole number from 1"}.
  std::vector<Rejection> rejected{};

  Json to_json() const;
  // Two levels, so that one bad envelope cannot hold back the ones after it (the kiosk would send
  // the same batch forever):
  //   the request: body size, JSON syntax, {"device": non-empty string, "responses": array} and
  //     nothing else, at most max_responses elements, each an object with a string "id", no id
  //     twice. Throws ProtocolError with the location of the first problem, PayloadTooLarge for a
  //     size limit: the request is not the protocol, and nothing of it can be answered by id.
  //   each envelope: its fields and types (parse_envelope), the request's device, at most
  //     max_envelope_bytes. One that fails goes into `rejected` with the located reason; the
  //     others into `responses`.
  static UploadRequest parse(std::string_view body, const ProtocolLimits& limits = {});
};

// 200 reply: {"accepted": [ids], "rejected": [{"id": .., "reason": ..}]}
struct UploadReply {
  std::vector<std::string> accepted;
  std::vector<Rejection> rejected;

  Json to_json() const;
  // Throws ProtocolError on anything that is not exactly this shape (the uploader then retries).
  static UploadReply parse(std::string_view body);
};

// JSON text -> Json with the protocol's rules: at most max_json_depth levels, no key twice in an
// object, valid UTF-8, key order kept. `what` starts every message, e.g. "request body: invalid
// JSON at byte 17: ..." (bytes counted from 1, as nlohmann counts). Throws ProtocolError.
Json parse_protocol_json(std::string_view text, std::string_view what);

// One envelope as the protocol accepts it: exactly the fields of docs/PROTOCOL.md ("The envelope") with their types
// (Envelope::from_json's rules, and no unknown field, which would be lost on the way). `where`
// starts every message, e.g. "responses[3]" gives "responses[3].seq: must be a whole number from 1".
Envelope parse_envelope(const Json& j, const std::string& where);

// GET /v1/ledger reply: {"devices": [{"device": .., "count": N, "highest_seq": N,
//                                      "missing_seqs": [..]}]}
// ledger_to_json also writes "missing_count" (highest_seq - count: seq is unique per device) and
// "missing_seqs_truncated" (true when missing_seqs lists fewer than that); both are optional
// for ledger_from_json.
struct LedgerEntry {
  std::string device;
  std::int64_t count = 0;
  std::int64_t highest_seq = 0;
  std::vector<std::int64_t> missing_seqs;  // seqs in 1..highest_seq the collector does not have
};
Json ledger_to_json(const std::vector<LedgerEntry>& ledger);
std::vector<LedgerEntry> ledger_from_json(std::string_view body);  // throws ProtocolError

// The bearer token, as the kiosk and the collector both read it from their token file: the file's
// text without surrounding white space (an editor's final newline). Throws TokenFileError naming
// the file when it is missing, unreadable, a folder or empty, or when the token is not one line of
// visible ASCII (it goes into an HTTP header). Never puts the token in a message.
struct TokenFileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
std::string read_token_file(const std::string& token_file);

}  // namespace peilpunt::sync
