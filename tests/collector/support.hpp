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

using sync::testing::envelopes;
using sync::testing::numbered_envelope;

}  // namespace peilpunt::collector::testing
