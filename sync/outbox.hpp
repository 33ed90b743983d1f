// The outbox: a durable SQLite queue of finished questionnaires on the tablet. A response is
// committed (fsync'd) before the resident sees "thank you", and no row is ever deleted.
// States and crash guarantees: see the design header of outbox.cpp.
//
// **Example**:
//   const std::filesystem::path data_dir = "/var/lib/peilpunt";
//   sync::Envelope envelope;                            // as sync::make_envelope fills it in
//   auto outbox = sync::Outbox::open(data_dir / "outbox.sqlite");
//   sync::Envelope stored = outbox.commit(envelope);   // throws OutboxError; keep `envelope` then
//   std::vector<std::string> ids;
//   for (const auto& r : outbox.pending(200)) ids.push_back(r.envelope.id);   // upload these, then
//   outbox.mark_sent(ids);                                                     // only those acknowledged
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sync/envelope.hpp"
#include "sync/export.hpp"
#include "sync/sqlite.hpp"

namespace peilpunt::sync {

// Why the outbox could not do what was asked. The message names the file and says what to do.
class OutboxError : public std::runtime_error {
 public:
  enum class Kind { Corrupt, Locked, ReadOnly, TooNew, Full, Io, NotFound };
  OutboxError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

struct OutboxCounts {
  std::int64_t total = 0, pending = 0, sent = 0, rejected = 0;
};

class Outbox {
 public:
  // Opens or creates the database, migrating older schemas. Never overwrites a file it cannot
  // read: a corrupt, locked, read-only or newer database is an OutboxError.
  static Outbox open(const std::filesystem::path& file);
  Outbox(Outbox&&) noexcept;
  Outbox& operator=(Outbox&&) noexcept;
  ~Outbox();

  const std::filesystem::path& file() const { return file_; }
  std::string device_id() const;  // generated once, stored in the database
  std::string device_name() const;  // set by staff; defaults to "tablet-" + first 8 of the id
  void set_device_name(const std::string& name);

  // Stores the response as pending with a new id (when empty) and the next seq, and returns
  // it as stored, only after it is durable. On failure (e.g. a full disk) nothing is stored,
  // the seq is not used up, and the caller still holds its envelope to retry.
  Envelope commit(Envelope envelope);

  std::vector<StoredResponse> pending(std::size_t limit) const;
  void mark_sent(const std::vector<std::string>& ids);
  void mark_rejected(const std::string& id, const std::string& reason);
  void record_failure(const std::vector<std::string>& ids, const std::string& error);

  OutboxCounts counts() const;
  std::string last_sync() const;  // ISO time of the last acknowledged upload, "" when none
  std::optional<StoredResponse> find(const std::string& id) const;
  // Every stored response in seq order (exports, stats).
  void for_each(const std::function<void(const StoredResponse&)>& visit) const;

  static constexpr int schema_version = 1;

  // Test hook only; nothing in the product calls it. Caps this connection's database at `pages`
  // pages (PRAGMA max_page_count) so a test can make commit() meet a full disk (SQLITE_FULL)
  // without filling one. SQLite never sets the cap below the current size; returns the cap now
  // in effect.
  std::int64_t set_max_pages_for_testing(std::int64_t pages);

 private:
  Outbox(std::filesystem::path file, sqlite::Database db);
  std::filesystem::path file_;
  sqlite::Database db_;
};

// The outbox as the source of an export (sync/export.hpp), in seq order. `outbox` must outlive it.
ResponseSource outbox_source(const Outbox& outbox);

}  // namespace peilpunt::sync
