// `peilpunt-collector import`: merges a kiosk's USB export (responses.jsonl, checked against
// its manifest.json) into the collector's store, with the same rules as POST /v1/responses.
//
// **Example**:
//   #include <iostream>
//   auto store = collector::Store::open("collector.sqlite");
//   collector::ImportResult r = collector::import_export(store, "/media/usb/peilpunt-2026-11-23");  // or ImportError
//   std::cout << r.added << " new, " << r.already_stored << " already there\n";
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "collector/store.hpp"

namespace peilpunt::collector {

// The export was refused: the message names the file and what differs. Nothing was stored.
class ImportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ImportResult {
  std::filesystem::path file;             // the responses.jsonl that was read
  std::int64_t responses = 0;             // lines in it
  std::int64_t added = 0;                 // new in the store
  std::int64_t already_stored = 0;        // there before with identical content
  std::vector<sync::Rejection> rejected;  // conflicts, with the store's reasons
};

// `path` is an export folder or the responses.jsonl in one. Before anything is stored, the file
// must match manifest.json beside it (format, bytes, SHA-256, rows) and every line must be an
// envelope; otherwise ImportError. Then the envelopes are stored in transactions of
// `batch_size`. Importing the same export again adds nothing.
ImportResult import_export(Store& store, const std::filesystem::path& path, std::size_t batch_size = 500);

}  // namespace peilpunt::collector
