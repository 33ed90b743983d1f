// The outbox: residents' finished questionnaires, durable in SQLite until the collector has them.
//
// [SECTION] Design
//
// One row of table `responses` per finished questionnaire. A row is in one of three states:
//
//        Outbox::commit                Outbox::mark_sent (collector listed it in "accepted")
//   (none) ---------------> pending ------------------------------------------> sent
//                             |  ^
//                             |  | Outbox::record_failure (5xx, timeout, reset: attempts + 1,
//                             |  |                         last_error; the row stays pending)
//                             |  +--
//                             |       Outbox::mark_rejected (collector listed it in "rejected")
//                             +---------------------------------------------------> rejected
//
// Who moves a row:
//   commit          the kiosk UI thread (and `peilpunt simulate`), when a resident finishes;
//                   it shows "thank you" only after commit returns.
//   mark_sent, mark_rejected, record_failure
//                   the uploader, after an HTTP answer from the collector.
// Nothing else writes rows. sent and rejected are final. Each thread opens its own Outbox (one
// SQLite connection each); SQLite's locks and the busy timeout order their transactions. One
// Outbox object is used by one thread at a time.
//
// Invariants (the schema's CHECKs and triggers enforce 1, 2, 3 and 5 as well):
//   1. seq runs 1, 2, ..., N: no gap and no repeat, across crashes and restarts. commit computes
//      max(seq) + 1 inside the same write transaction as the INSERT (taken with BEGIN IMMEDIATE,
//      so no other writer sits between the two), so a commit that fails leaves its seq free.
//   2. No row is ever deleted, and a row's seq, id and envelope never change once stored.
//   3. A row leaves pending at most once: sent and rejected are never changed again.
//   4. A row is sent only after the collector acknowledged its id; the collector commits before
//      it answers, so a sent row is on the collector's disk.
//   5. id is a UUID v4, unique in the file; the envelope column holds the full envelope JSON,
//      including that id and seq, exactly as it is uploaded and exported.
//   6. The file is changed only by a build that knows its schema (user_version): a newer, corrupt,
//      locked or read-only file is reported and left as it is.
//
// Durability: WAL mode with synchronous=FULL, so COMMIT returns only after the write-ahead log
// is flushed (fsync). What is true after a crash (process killed, power cut) during commit:
//   before the log write:    nothing of the response is in the file; its seq is free and the
//                            next commit takes it.
//   log written, flush not yet returned:
//                            the response is either wholly there, as pending with that seq (the
//                            log reached the kernel or the disk before the crash), or not at all;
//                            never in part, never with a gap. commit did not return, so the UI
//                            did not say "thank you"; a kept row is simply sent like any other.
//   after COMMIT returned:   the row is durable as pending; the next open sees it (WAL recovery)
//                            and the uploader sends it.
// A commit that throws (full disk, I/O error) stored nothing and used up no seq: SQLite rolled
// the transaction back, and log frames without a valid commit frame are ignored on recovery.
// During mark_sent / mark_rejected / record_failure: before COMMIT the rows are as they were, so
// the batch is sent again and the collector accepts it again (it stores by id, idempotently);
// after COMMIT the new states are durable. During open: the creation of the schema is one
// transaction too; a crash before its COMMIT leaves an empty file (or none), which the next open
// treats as new. tests/sync/outbox_crash_test.cpp kills a committing process hundreds of times.
//
// Schema versions: PRAGMA user_version, 0 for a new file. `migrations[v]` brings a file from
// version v to v + 1 inside one write transaction that also sets user_version; add one entry per
// new version and a test that opens a file of every earlier version.
//
// Index:
//   [SECTION] Design
//   [SECTION] SQLite errors as OutboxErrors
//   [SECTION] Schema and migrations
//   [SECTION] Reading rows
//   [SECTION] Opening
//   [SECTION] Device
//   [SECTION] Commit
//   [SECTION] Uploader's state changes
//   [SECTION] Reading
#include "sync/outbox.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <string_view>
#include <utility>

namespace peilpunt::sync {


namespace {

namespace fs = std::filesystem;
constexpr int busy_timeout_ms = 2000;
constexpr std::size_t max_device_name_chars = 64;

// [SECTION] SQLite errors as OutboxErrors

// What the failing call was doing decides the advice in a "disk full" message.
enum class Doing { Open, Commit, Update, Read };

[[noreturn]] void throw_error(const fs::path& file, OutboxError::Kind kind, const std::string& what) {
  throw OutboxError(kind, file.string() + ": " + what);
}

[[noreturn]] void throw_corrupt(const fs::path& file, const std::string& detail) {
  throw_error(file, OutboxError::Kind::Corrupt,
              "the database is damaged or is not a Peilpunt outbox (" + detail +
                  "); it was not changed. Keep the file for support, move it out of the data folder "
                  "to start a new outbox");
}

[[noreturn]] void throw_read_only(const fs::path& file, const std::string& detail) {
  throw_error(file, OutboxError::Kind::ReadOnly,
              "the outbox cannot be written (" + detail +
                  "); nothing was changed. Make the data folder and the file writable for Peilpunt, "
                  "or choose another data folder");
}

// Turns a failed SQLite call into an OutboxError that names the file and says what to do.
[[noreturn]] void throw_sqlite(const sqlite::Failure& failure, const fs::path& file, Doing doing) {
  switch (failure.kind()) {
    case sqlite::Failure::Kind::Full:
      throw_error(file, OutboxError::Kind::Full,
                  doing == Doing::Commit
                      ? "no space left on the device for the outbox; free space and try again — the "
                        "answer is kept in memory"
                      : "no space left on the device for the outbox; free space and try again");
    case sqlite::Failure::Kind::Locked:
      throw_error(file, OutboxError::Kind::Locked,
                  "the outbox is locked by another program (waited " + std::to_string(busy_timeout_ms / 1000) +
                      " s); close the other Peilpunt on this tablet and try again");
    case sqlite::Failure::Kind::Corrupt: throw_corrupt(file, failure.message);
    case sqlite::Failure::Kind::ReadOnly: throw_read_only(file, failure.message);
    case sqlite::Failure::Kind::Other: break;
  }
  throw_error(file, OutboxError::Kind::Io,
              "the outbox could not be " + std::string(doing == Doing::Read ? "read" : "written") +
                  " (" + failure.message + "); check the storage of the data folder and try again");
}

sqlite::ErrorHandler outbox_errors(const fs::path& file, Doing doing) {
  return [file = &file, doing](const sqlite::Failure& failure) { throw_sqlite(failure, *file, doing); };
}

// A connection for one Outbox call: every SQLite failure in it is reported as `doing`.
struct Connection : sqlite::Connection {
  Connection(sqlite3* db, const fs::path& outbox_file, Doing doing)
      : sqlite::Connection(db, outbox_errors(outbox_file, doing)), file(outbox_file) {}
  const fs::path& file;
};

using sqlite::query_integer;
using sqlite::Statement;
using sqlite::WriteTransaction;

std::string meta_value(const Connection& c, const char* key) {
  Statement s(c, "SELECT value FROM meta WHERE key = ?1");
  s.bind(1, key);
  return std::string(s.step() ? s.text(0) : "");
}

void set_meta_value(const Connection& c, const char* key, const std::string& value) {
  Statement s(c, "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  s.bind(1, key).bind(2, value).run();
}

// [SECTION] Schema and migrations

void migrate_0_to_1(const Connection& c) {
  c.exec(R"sql(
    CREATE TABLE responses (
      seq        INTEGER PRIMARY KEY CHECK (seq >= 1),
      id         TEXT NOT NULL UNIQUE,
      survey_id  TEXT NOT NULL,
      state      TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'rejected')),
      attempts   INTEGER NOT NULL DEFAULT 0,
      last_error TEXT NOT NULL DEFAULT '',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      envelope   TEXT NOT NULL
    );
    -- the uploader's queue, in seq order, without scanning what was sent long ago
    CREATE INDEX responses_pending ON responses(seq) WHERE state = 'pending';
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

    -- invariant 1: seq is the next number
    CREATE TRIGGER responses_seq_contiguous BEFORE INSERT ON responses
      WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM responses)
      BEGIN SELECT RAISE(ABORT, 'outbox: seq must be max(seq) + 1'); END;
    -- invariant 2: nothing is deleted, what was stored stays as it was
    CREATE TRIGGER responses_never_deleted BEFORE DELETE ON responses
      BEGIN SELECT RAISE(ABORT, 'outbox: responses are never deleted'); END;
    CREATE TRIGGER responses_envelope_fixed BEFORE UPDATE OF seq, id, survey_id, envelope, created_at ON responses
      BEGIN SELECT RAISE(ABORT, 'outbox: a stored response does not change'); END;
    -- invariant 3: sent and rejected are final
    CREATE TRIGGER responses_final_states BEFORE UPDATE OF state ON responses
      WHEN OLD.state <> 'pending' AND NEW.state IS NOT OLD.state
      BEGIN SELECT RAISE(ABORT, 'outbox: sent and rejected are final'); END;
  )sql");
  const std::string id = new_uuid_v4();
  set_meta_value(c, "device_id", id);
  set_meta_value(c, "device_name", "tablet-" + id.substr(0, 8));
  set_meta_value(c, "created_at", iso_timestamp(std::chrono::system_clock::now()));
}

// migrations[v] brings a database from user_version v to v + 1.
using Migration = void (*)(const Connection&);
constexpr Migration migrations[] = {migrate_0_to_1};
static_assert(std::size(migrations) == Outbox::schema_version, "one migration per schema version");

// Brings the file to schema_version in one transaction. Another process may have migrated it
// since we looked, so the version is read again under the write lock.
void migrate(const Connection& c) {
  WriteTransaction tx(c);
  std::int64_t version = query_integer(c, "PRAGMA user_version");
  if (version == Outbox::schema_version) return;  // the other process did it; nothing to commit
  if (version == 0 && query_integer(c, "SELECT count(*) FROM sqlite_schema") != 0)
    throw_corrupt(c.file, "an SQLite database with other tables and no outbox version");  // since open() looked
  for (auto v = version; v < Outbox::schema_version; ++v) migrations[v](c);
  c.exec(("PRAGMA user_version = " + std::to_string(Outbox::schema_version)).c_str());
  tx.commit();
}

// [SECTION] Reading rows

constexpr std::string_view row_columns = "seq, id, state, attempts, last_error, created_at, updated_at, envelope";

State parse_state(std::string_view s) {
  if (s == "sent") return State::Sent;
  if (s == "rejected") return State::Rejected;
  return State::Pending;  // the CHECK constraint allows only these three
}

StoredResponse read_row(const Connection& c, const Statement& s) {
  StoredResponse r;
  r.state = parse_state(s.text(2));
  r.attempts = static_cast<int>(s.integer(3));
  r.last_error = s.text(4);
  r.created_at = s.text(5);
  r.updated_at = s.text(6);
  try {
    r.envelope = Envelope::from_json(Json::parse(s.text(7)));
  } catch (const std::exception& e) {
    throw_corrupt(c.file, "the response with seq " + std::to_string(s.integer(0)) + " cannot be read: " + e.what());
  }
  return r;
}

std::optional<StoredResponse> find_row(const Connection& c, const std::string& id) {
  Statement s(c, "SELECT " + std::string(row_columns) + " FROM responses WHERE id = ?1");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return read_row(c, s);
}

// Counts UTF-8 code points, so "tablet-Één" is as long as it looks.
std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (char ch : s)
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace

// [SECTION] Opening

Outbox::Outbox(std::filesystem::path file, sqlite::Database db) : file_(std::move(file)), db_(std::move(db)) {}
Outbox::Outbox(Outbox&&) noexcept = default;
Outbox& Outbox::operator=(Outbox&&) noexcept = default;
Outbox::~Outbox() = default;

Outbox Outbox::open(const std::filesystem::path& file) {
  const fs::path folder = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  std::error_code ec;
  const fs::file_status status = fs::status(file, ec);
  const bool exists = fs::exists(status);

  // Everything that can be decided without SQLite comes first, so a file we must not use is not
  // even opened, and no file is created where none may be.
  if (!fs::is_directory(folder, ec))
    throw_error(file, OutboxError::Kind::NotFound,
                "the data folder " + folder.string() + " does not exist; create it or choose another data folder");
  if (exists && !fs::is_regular_file(status))
    throw_error(file, OutboxError::Kind::Io, "this is not a file; choose another data folder");
  // The journal files (-wal, -shm) are created beside the database, so the folder must be writable.
  if (access(folder.c_str(), W_OK) != 0) throw_read_only(file, "the folder is " + std::string(std::strerror(errno)));
  if (exists && access(file.c_str(), W_OK) != 0) throw_read_only(file, "the file is " + std::string(std::strerror(errno)));

  sqlite::Database db = sqlite::open(file, !exists, busy_timeout_ms, outbox_errors(file, Doing::Open));
  if (sqlite3_db_readonly(db.get(), "main") == 1) throw_read_only(file, "SQLite could open it only for reading");
  // Closing the last connection of a WAL database checkpoints into the file. A file we reject
  // must keep its bytes, so only an accepted outbox checkpoints on close.
  sqlite3_db_config(db.get(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  const Connection c(db.get(), file, Doing::Open);

  // Reading the version is the first read: a file that is not a database fails here (NOTADB).
  const std::int64_t version = query_integer(c, "PRAGMA user_version");
  if (version > schema_version)
    throw_error(file, OutboxError::Kind::TooNew,
                "the database is from a newer Peilpunt (schema " + std::to_string(version) + ", this version knows " +
                    std::to_string(schema_version) + "); it was not changed. Update Peilpunt on this tablet");
  if (version < 0) throw_corrupt(file, "schema version " + std::to_string(version));
  {
    Statement check(c, "PRAGMA quick_check");
    const std::string first(check.step() ? check.text(0) : "no answer from quick_check");
    if (first != "ok") throw_corrupt(file, first);
  }

  if (version == 0 && query_integer(c, "SELECT count(*) FROM sqlite_schema") != 0)
    throw_corrupt(file, "an SQLite database with other tables and no outbox version");

  // From here on the file is ours to write.
  {
    Statement mode(c, "PRAGMA journal_mode = WAL");
    const std::string got(mode.step() ? mode.text(0) : "");
    if (got != "wal")
      throw_error(file, OutboxError::Kind::Io,
                  "the outbox could not switch to write-ahead logging (journal mode " + got +
                      "); put the data folder on a local disk");
  }
  c.exec("PRAGMA synchronous = FULL");
  if (version < schema_version) migrate(c);
  sqlite3_db_config(db.get(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, nullptr);
  return Outbox(file, std::move(db));
}

std::int64_t Outbox::set_max_pages_for_testing(std::int64_t pages) {
  assert(db_ && "used after move");
  return query_integer(Connection(db_.get(), file_, Doing::Update), "PRAGMA max_page_count = " + std::to_string(pages));
}

// [SECTION] Device

std::string Outbox::device_id() const {
  assert(db_ && "used after move");
  return meta_value(Connection(db_.get(), file_, Doing::Read), "device_id");
}

std::string Outbox::device_name() const {
  assert(db_ && "used after move");
  return meta_value(Connection(db_.get(), file_, Doing::Read), "device_name");
}

void Outbox::set_device_name(const std::string& name) {
  assert(db_ && "used after move");
  if (name.find_first_not_of(" \t") == std::string::npos)
    throw std::invalid_argument("the device name must not be empty");
  if (utf8_length(name) > max_device_name_chars)
    throw std::invalid_argument("the device name must be at most " + std::to_string(max_device_name_chars) +
                                " characters");
  for (char ch : name)
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7F)
      throw std::invalid_argument("the device name must not contain control characters");
  const Connection c(db_.get(), file_, Doing::Update);
  WriteTransaction tx(c);
  set_meta_value(c, "device_name", name);
  tx.commit();
}

// [SECTION] Commit

Envelope Outbox::commit(Envelope envelope) {
  assert(db_ && "used after move");
  const bool caller_chose_id = !envelope.id.empty();
  if (!caller_chose_id) envelope.id = new_uuid_v4();
  const Connection c(db_.get(), file_, Doing::Commit);
  WriteTransaction tx(c);

  // The caller chose this id and it is stored already: a retry of a commit whose outcome it did
  // not see. The same answers get the stored row back; other answers under the same id are a bug.
  // (A fresh UUID v4 is not looked up: the UNIQUE constraint would still catch a collision.)
  if (auto existing = caller_chose_id ? find_row(c, envelope.id) : std::nullopt) {
    Envelope stored = existing->envelope;
    envelope.seq = stored.seq;
    if (envelope.to_json() != stored.to_json())
      throw std::invalid_argument("response id " + envelope.id + " is already in the outbox with other answers");
    return stored;
  }

  envelope.seq = query_integer(c, "SELECT coalesce(max(seq), 0) + 1 FROM responses");
  std::string text;
  try {
    text = envelope.to_json().dump();
  } catch (const Json::exception& e) {  // e.g. an answer that is not valid UTF-8
    throw std::invalid_argument("response " + envelope.id + " cannot be stored: " + e.what());
  }
  const std::string now = iso_timestamp(std::chrono::system_clock::now());
  Statement insert(c,
                   "INSERT INTO responses(seq, id, survey_id, state, attempts, last_error, created_at, updated_at, "
                   "envelope) VALUES (?1, ?2, ?3, 'pending', 0, '', ?4, ?4, ?5)");
  insert.bind(1, envelope.seq).bind(2, envelope.id).bind(3, envelope.survey.id).bind(4, now).bind(5, text).run();
  tx.commit();  // returns once the WAL is flushed (synchronous=FULL)
  return envelope;
}

// [SECTION] Uploader's state changes

void Outbox::mark_sent(const std::vector<std::string>& ids) {
  assert(db_ && "used after move");
  if (ids.empty()) return;
  const Connection c(db_.get(), file_, Doing::Update);
  const std::string now = iso_timestamp(std::chrono::system_clock::now());
  WriteTransaction tx(c);
  // Matches sent rows too (an id acknowledged again), so `acknowledged` counts every known id.
  Statement update(c,
                   "UPDATE responses SET state = iif(state = 'pending', 'sent', state), "
                   "updated_at = iif(state = 'pending', ?1, updated_at) WHERE id = ?2");
  int acknowledged = 0;
  for (const auto& id : ids) {
    update.bind(1, now).bind(2, id).run();
    acknowledged += sqlite3_changes(db_.get());
    update.reset();
  }
  if (acknowledged > 0) set_meta_value(c, "last_sync_at", now);
  tx.commit();
}

void Outbox::mark_rejected(const std::string& id, const std::string& reason) {
  assert(db_ && "used after move");
  const Connection c(db_.get(), file_, Doing::Update);
  const std::string now = iso_timestamp(std::chrono::system_clock::now());
  WriteTransaction tx(c);
  Statement(c, "UPDATE responses SET state = 'rejected', last_error = ?1, updated_at = ?2 WHERE id = ?3 AND state = 'pending'")
      .bind(1, reason)
      .bind(2, now)
      .bind(3, id)
      .run();
  tx.commit();
}

void Outbox::record_failure(const std::vector<std::string>& ids, const std::string& error) {
  assert(db_ && "used after move");
  if (ids.empty()) return;
  const Connection c(db_.get(), file_, Doing::Update);
  const std::string now = iso_timestamp(std::chrono::system_clock::now());
  WriteTransaction tx(c);
  Statement update(c,
                   "UPDATE responses SET attempts = attempts + 1, last_error = ?1, updated_at = ?2 "
                   "WHERE id = ?3 AND state = 'pending'");
  for (const auto& id : ids) {
    update.bind(1, error).bind(2, now).bind(3, id).run();
    update.reset();
  }
  tx.commit();
}

// [SECTION] Reading

std::vector<StoredResponse> Outbox::pending(std::size_t limit) const {
  assert(db_ && "used after move");
  std::vector<StoredResponse> out;
  if (limit == 0) return out;
  const Connection c(db_.get(), file_, Doing::Read);
  Statement s(c,
              "SELECT " + std::string(row_columns) + " FROM responses WHERE state = 'pending' ORDER BY seq LIMIT ?1");
  s.bind(1, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
  while (s.step()) out.push_back(read_row(c, s));
  return out;
}

OutboxCounts Outbox::counts() const {
  assert(db_ && "used after move");
  const Connection c(db_.get(), file_, Doing::Read);
  Statement s(c,
              "SELECT count(*), total(state = 'pending'), total(state = 'sent'), total(state = 'rejected') "
              "FROM responses");
  OutboxCounts counts;
  if (s.step()) counts = {s.integer(0), s.integer(1), s.integer(2), s.integer(3)};
  return counts;
}

std::string Outbox::last_sync() const {
  assert(db_ && "used after move");
  return meta_value(Connection(db_.get(), file_, Doing::Read), "last_sync_at");
}

std::optional<StoredResponse> Outbox::find(const std::string& id) const {
  assert(db_ && "used after move");
  return find_row(Connection(db_.get(), file_, Doing::Read), id);
}

void Outbox::for_each(const std::function<void(const StoredResponse&)>& visit) const {
  assert(db_ && "used after move");
  const Connection c(db_.get(), file_, Doing::Read);
  // One statement streams the rows; it reads one snapshot of the file, however long the visit.
  Statement s(c, "SELECT " + std::string(row_columns) + " FROM responses ORDER BY seq");
  while (s.step()) visit(read_row(c, s));
}

ResponseSource outbox_source(const Outbox& outbox) {
  return [&outbox](const ResponseVisitor& visit) { outbox.for_each(visit); };
}

}  // namespace peilpunt::sync
