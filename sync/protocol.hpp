// The sync protocol of DESIGN.md ("Sync protocol (fixed)"), shared by the uploader and the
// collector so both sides build and check the same JSON.
//
// **Example**:
//   UploadRequest req{"tablet-03", {envelope}};
//   std::string body = req.to_json().dump();                  // uploader
//   UploadRequest got = UploadRequest::parse(body, limits);    // collector; throws ProtocolError
#pragma once

#include <cstddef>
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

struct ProtocolLimits {
  std::size_t max_body_bytes = 8u << 20;    // a whole POST body, before JSON parsing
  std::size_t max_responses = 1000;         // envelopes in one request
  std::size_t max_envelope_bytes = 1u << 20;
};

// Batches the uploader sends: at most this many envelopes or bytes of body.
inline constexpr std::size_t batch_max_responses = 200;
inline constexpr std::size_t batch_max_bytes = 1u << 20;

// POST /v1/responses body: {"device": "...", "responses": [envelope, ...]}
// Envelopes keep the device name they were committed under, so the uploader sends one batch
// per name (a renamed tablet's older responses go under the old name).
struct UploadRequest {
  std::string device;
  std::vector<Envelope> responses;

  Json to_json() const;
  // Checks size limits, JSON syntax, shape and every field's type; each envelope must name the
  // request's device. Throws ProtocolError with the location of the first problem.
  static UploadRequest parse(std::string_view body, const ProtocolLimits& limits = {});
};

struct Rejection {
  std::string id;
  std::string reason;
};

// 200 reply: {"accepted": [ids], "rejected": [{"id": .., "reason": ..}]}
struct UploadReply {
  std::vector<std::string> accepted;
  std::vector<Rejection> rejected;

  Json to_json() const;
  // Throws ProtocolError on anything that is not exactly this shape (the uploader then retries).
  static UploadReply parse(std::string_view body);
};

// GET /v1/ledger reply: {"devices": [{"device": .., "count": N, "highest_seq": N,
//                                      "missing_seqs": [..]}]}
struct LedgerEntry {
  std::string device;
  std::int64_t count = 0;
  std::int64_t highest_seq = 0;
  std::vector<std::int64_t> missing_seqs;  // seqs in 1..highest_seq the collector does not have
};
Json ledger_to_json(const std::vector<LedgerEntry>& ledger);
std::vector<LedgerEntry> ledger_from_json(std::string_view body);  // throws ProtocolError

}  // namespace peilpunt::sync
