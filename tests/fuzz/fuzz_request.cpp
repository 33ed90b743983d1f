// libFuzzer target for the sync protocol parsers (sync/protocol.cpp), which read what the network
// sends: the collector's request parser and the uploader's reply parser. Whatever the bytes, they
// return a value or throw ProtocolError, never anything else; and a request they accept survives
// to_json and parse unchanged.
//   tests/fuzz/run-fuzzers fuzz_request
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sync/protocol.hpp"

using namespace peilpunt::sync;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  ProtocolLimits limits;
  limits.max_body_bytes = 64 * 1024;  // small limits, so the fuzzer reaches them too
  limits.max_responses = 8;
  limits.max_envelope_bytes = 16 * 1024;
  try {
    UploadRequest request = UploadRequest::parse(body, limits);
    // Printing may change the text (escapes, number forms) but not the content; the limits are
    // lifted because "1e2" prints longer as "100.0".
    UploadRequest again = UploadRequest::parse(request.to_json().dump(), ProtocolLimits{1u << 30, 1u << 20, 1u << 30});
    if (again.to_json() != request.to_json()) __builtin_trap();
  } catch (const ProtocolError&) {
  }
  try {
    UploadReply reply = UploadReply::parse(body);
    if (UploadReply::parse(reply.to_json().dump()).to_json() != reply.to_json()) __builtin_trap();
  } catch (const ProtocolError&) {
  }
  try {
    (void)ledger_from_json(body);
  } catch (const ProtocolError&) {
  }
  return 0;
}
