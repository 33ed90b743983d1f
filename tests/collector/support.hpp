// What the collector tests share: envelopes with an id and seq as an outbox would give them, and
// the sync tests' temporary folder and sample data (tests/sync/support.hpp).
//
// **Example**:
//   TempDir dir;
//   auto store = collector::Store::open(dir.path / "collector.sqlite");
//   store.store({numbered_envelope(1), numbered_envelope(2)}, "test");
#pragma once

#include <string>
#include <vector>

#include "sync/envelope.hpp"
#include "tests/sync/support.hpp"

namespace peilpunt::collector::testing {

using sync::testing::TempDir;

// sample_envelope(seq) as committed by an outbox: a fresh UUID, the seq, the device.
inline sync::Envelope numbered_envelope(std::int64_t seq, const std::string& device = "tablet-03") {
  sync::Envelope e = sync::testing::sample_envelope(static_cast<int>(seq));
  e.id = sync::new_uuid_v4();
  e.seq = seq;
  e.device = device;
  return e;
}

// Envelopes with seqs first..last of one device.
inline std::vector<sync::Envelope> envelopes(std::int64_t first, std::int64_t last,
                                             const std::string& device = "tablet-03") {
  std::vector<sync::Envelope> out;
  for (std::int64_t seq = first; seq <= last; ++seq) out.push_back(numbered_envelope(seq, device));
  return out;
}

}  // namespace peilpunt::collector::testing
