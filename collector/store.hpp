// The collector's database: every response from every kiosk, once, by id (SQLite, WAL,
// synchronous=FULL). Storing is idempotent and never overwrites; the ledger shows per device
// whether any seq is missing. The design and crash guarantees are at the top of store.cpp.
//
// **Example**:
//   #include <iostream>
//   auto store = collector::Store::open("collector.sqlite");
//   sync::UploadRequest request = sync::UploadRequest::parse(R"({"device": "tablet-03", "responses": []})");
//   collector::StoreResult r = store.store(request.responses, "POST from 10.0.0.7");  // durable on return
//   for (const auto& d : store.ledger()) std::cout << d.device << ": " << d.missing_seqs.size() << " missing\n";
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sync/export.hpp"
#include "sync/protocol.hpp"
#include "sync/sqlite.hpp"

namespace peilpunt::collector {

// The store could not do what was asked. The message names the file and says what to do.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct StoreResult {
  std::vector<std::string> accepted;       // in request order: stored now, or stored before with identical content
  std::vector<sync::Rejection> rejected;   // in request order, with the reason
  std::int64_t added = 0;                  // of accepted: new rows
  std::int64_t already_stored = 0;         // of accepted: identical responses that were there
};

// One stored response as the readers see it. The views are valid during the visit only.
struct StoredRow {
  std::string_view id, device, survey_id;
  std::int64_t seq = 0;
  std::string_view envelope_json;  // Envelope::to_json() as received, on one line
  std::string_view received_at;    // ISO-8601 with offset, the collector's clock
};
using RowVisitor = std::function<void(const StoredRow&)>;

// Stable wording: the kiosk shows these reasons to staff and tests assert them.
inline constexpr std::string_view reason_different_content = "id already stored with different content";
std::string reason_seq_taken(std::string_view device, std::int64_t seq, std::string_view other_id);

class Store {
 public:
  // Opens or creates the database and checks it (schema, PRAGMA quick_check). A file that is
  // not a collector database (e.g. a kiosk's outbox), newer, corrupt or read-only is a
  // StoreError and is left as it is.
  static Store open(const std::filesystem::path& file);
  // Another connection to the same database, for a reader on another thread. No checks.
  Store another_connection() const;

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  const std::filesystem::path& file() const { return file_; }

  // Stores the envelopes in one transaction and returns after COMMIT, i.e. once they are on disk.
  // Per envelope, in order:
  //   id not stored, its device + seq free  -> stored, accepted (added)
  //   id stored with identical content      -> accepted again, no second row (already_stored)
  //   id stored with different content      -> rejected: reason_different_content
  //   device + seq taken by another id      -> rejected: reason_seq_taken(...)
  // "Identical" compares the envelopes' JSON with object keys sorted. `source` is kept with each
  // new row (where it came from). Throws StoreError; then nothing of the call is stored.
  StoreResult store(const std::vector<sync::Envelope>& envelopes, std::string_view source);

  // Per device (sorted by name): count, highest seq, and the missing seqs in 1..highest, at most
  // `max_missing_listed` of them (ledger_to_json says when the list is cut).
  std::vector<sync::LedgerEntry> ledger(std::size_t max_missing_listed = default_missing_listed) const;
  static constexpr std::size_t default_missing_listed = 1000;

  std::int64_t count() const;
  std::vector<std::string> survey_ids() const;  // the questionnaires with responses, sorted

  // Visits the stored responses by device, then seq; only those of `survey_id` when it is not
  // empty. Reading is streamed: memory does not grow with the number of rows.
  void for_each(const RowVisitor& visit, const std::string& survey_id = "") const;

  // Holds one snapshot of the database: every read on this connection until it is destroyed sees
  // the same rows, whatever other connections store meanwhile (write_export reads its source twice).
  class Snapshot {
   public:
    explicit Snapshot(const Store& store);
    ~Snapshot();
    Snapshot(const Snapshot&) = delete;
    Snapshot& operator=(const Snapshot&) = delete;

   private:
    const Store& store_;
    bool owns_ = false;  // false inside another Snapshot of the same connection
  };

  static constexpr int schema_version = 1;

 private:
  Store(std::filesystem::path file, sync::sqlite::Database db);
  std::filesystem::path file_;
  sync::sqlite::Database db_;
};

// The store as a source for sync::write_export (the kiosk's export code): every response of
// `survey_id` (all when empty) with state "sent" — the collector has it — and received_at as
// its created_at and updated_at. The caller holds a Store::Snapshot around write_export so that
// both of its passes see the same rows.
sync::ResponseSource response_source(const Store& store, std::string survey_id = "");

}  // namespace peilpunt::collector
