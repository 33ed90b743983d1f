// The collector's store: the responses of every kiosk, in SQLite.
//
// [SECTION] Design
//
// One row of table `responses` per response id. Invariants (the schema enforces 1, 2 and 3):
//   1. id is unique: a response is stored once, however often it is sent or imported.
//   2. (device, seq) is unique: a different id with a device + seq already stored is a conflict
//      (two tablets under one name, or a rebuilt outbox), rejected with a reason, never merged.
//   3. A stored row never changes and is never deleted (triggers): what a kiosk was told is
//      accepted stays as it was.
//   4. envelope holds Envelope::to_json() of the parsed envelope as it first arrived, on one line;
//      content_sha256 is the SHA-256 of the same JSON with every object's keys sorted, so "the same
//      response again" does not depend on key order.
//   5. store() answers only after COMMIT, and COMMIT returns only after the write-ahead log is
//      flushed (WAL, synchronous=FULL): an id the collector lists as accepted is on its disk.
//
// What is true after a crash (process killed, power cut) during store():
//   before COMMIT returned:  the whole request is there or none of it (one transaction); the
//                            kiosk got no 200, so it sends the batch again and every id is
//                            stored or accepted again by rule 1.
//   after COMMIT returned:   the rows are durable; if the 200 did not reach the kiosk, it sends
//                            the batch again and gets the ids accepted again, with no new rows.
//
// Several connections may use one file: the server's writer, a reader per export or ledger
// request, and `peilpunt-collector import` while the server runs. SQLite's locks and the busy
// timeout order the writers; readers see a snapshot and never block them (WAL).
//
// Index:
//   [SECTION] Design
//   [SECTION] SQLite errors as StoreErrors
//   [SECTION] Schema
//   [SECTION] Opening
//   [SECTION] Storing
//   [SECTION] Reading
#include "collector/store.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <utility>

namespace peilpunt::collector {
namespace {

namespace fs = std::filesystem;
namespace sqlite = sync::sqlite;
using sync::Json;
using sync::dump_json;

// [SECTION] SQLite errors as StoreErrors

constexpr int busy_timeout_ms = 5000;
// "PPCL": tells a collector database from a kiosk's outbox or any other SQLite file.
constexpr std::int64_t application_id = 0x5050434C;

[[noreturn]] void throw_error(const fs::path& file, const std::string& what) {
  throw StoreError(file.string() + ": " + what);
}

[[noreturn]] void throw_sqlite(const sqlite::Failure& failure, const fs::path& file) {
  switch (failure.kind()) {
    case sqlite::Failure::Kind::Full:
      throw_error(file, "no space left on the device for the collector database; free space (nothing of this "
                        "request was stored, the kiosks will send it again)");
    case sqlite::Failure::Kind::Locked:
      throw_error(file, "the database is locked by another program (waited " + std::to_string(busy_timeout_ms / 1000) +
                            " s); try again");
    case sqlite::Failure::Kind::Corrupt:
      throw_error(file, "the database is damaged or is not a collector database (" + failure.message +
                            "); it was not changed. Keep it for support and start the collector on a new file");
    case sqlite::Failure::Kind::ReadOnly:
      throw_error(file, "the database cannot be written (" + failure.message +
                            "); make the file and its folder writable for the collector");
    case sqlite::Failure::Kind::Other: break;
  }
  throw_error(file, "SQLite: " + failure.message);
}

sqlite::ErrorHandler store_errors(const fs::path& file) {
  return [file = &file](const sqlite::Failure& failure) { throw_sqlite(failure, *file); };
}

// A connection whose SQLite failures are StoreErrors naming the file.
struct Connection : sqlite::Connection {
  Connection(sqlite3* db, const fs::path& store_file)
      : sqlite::Connection(db, store_errors(store_file)), file(store_file) {}
  const fs::path& file;
};

using sqlite::query_integer;
using sqlite::Statement;
using sqlite::WriteTransaction;

// The JSON text of `j` with every object's keys sorted (invariant 4), appended to `out`. Written
// out here rather than by converting to nlohmann::json, which allocates a std::map per object.
class SortedWriter {
 public:
  explicit SortedWriter(std::string& out)
      : out_(out), serializer_(nlohmann::detail::output_adapter<char>(out), ' ', Json::error_handler_t::replace) {}

  void write(const Json& j) {
    if (j.is_object()) {
      std::vector<const Json::object_t::value_type*> members;
      members.reserve(j.size());
      for (const auto& member : j.get_ref<const Json::object_t&>()) members.push_back(&member);
      std::sort(members.begin(), members.end(), [](auto* a, auto* b) { return a->first < b->first; });
      out_ += '{';
      for (std::size_t i = 0; i < members.size(); ++i) {
        if (i > 0) out_ += ',';
        serializer_.dump(Json(members[i]->first), false, false, 0);
        out_ += ':';
        write(members[i]->second);
      }
      out_ += '}';
    } else if (j.is_array()) {
      out_ += '[';
      for (std::size_t i = 0; i < j.size(); ++i) {
        if (i > 0) out_ += ',';
        write(j[i]);
      }
      out_ += ']';
    } else {
      serializer_.dump(j, false, false, 0);
    }
  }

 private:
  std::string& out_;
  nlohmann::detail::serializer<Json> serializer_;
};

std::string sorted_sha256(const Json& j) {
  std::string text;
  SortedWriter(text).write(j);
  return sync::sha256_hex(text);
}

// [SECTION] Schema

constexpr const char* schema_sql = R"sql(
  CREATE TABLE responses (
    id             TEXT PRIMARY KEY NOT NULL,
    device         TEXT NOT NULL,
    seq            INTEGER NOT NULL CHECK (seq >= 1),
    survey_id      TEXT NOT NULL,
    envelope       TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    received_at    TEXT NOT NULL,
    source         TEXT NOT NULL,
    UNIQUE (device, seq)
  );
  -- the export of one questionnaire, in device and seq order
  CREATE INDEX responses_by_survey ON responses(survey_id, device, seq);
  -- invariant 3: what a kiosk was told is accepted stays as it was
  CREATE TRIGGER responses_never_deleted BEFORE DELETE ON responses
    BEGIN SELECT RAISE(ABORT, 'collector: stored responses are never deleted'); END;
  CREATE TRIGGER responses_never_changed BEFORE UPDATE ON responses
    BEGIN SELECT RAISE(ABORT, 'collector: a stored response does not change'); END;
)sql";

// Creates the schema in a new (empty) file. Another process may have done it since we looked,
// so the file is looked at again under the write lock.
void create_schema(const Connection& c) {
  WriteTransaction tx(c);
  if (query_integer(c, "PRAGMA application_id") == application_id) return;
  if (query_integer(c, "SELECT count(*) FROM sqlite_schema") != 0)
    throw_error(c.file, "this SQLite file is not a collector database (it has other tables); it was not changed. "
                        "Give --db a new file name");
  c.exec(schema_sql);
  c.exec(("PRAGMA application_id = " + std::to_string(application_id)).c_str());
  c.exec(("PRAGMA user_version = " + std::to_string(Store::schema_version)).c_str());
  tx.commit();
}

}  // namespace

std::string reason_seq_taken(std::string_view device, std::int64_t seq, std::string_view other_id) {
  return "seq " + std::to_string(seq) + " of device " + dump_json(Json(std::string(device))) +
         " is already stored under another id (" + std::string(other_id) + "); two tablets may share this name";
}

// [SECTION] Opening

Store::Store(fs::path file, sync::sqlite::Database db) : file_(std::move(file)), db_(std::move(db)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

namespace {

sqlite::Database connect(const fs::path& file, bool create) {
  sqlite::Database db = sqlite::open(file, create, busy_timeout_ms, store_errors(file));
  // Durability is per connection: every connection that writes must flush on COMMIT.
  Connection(db.get(), file).exec("PRAGMA synchronous = FULL");
  return db;
}

}  // namespace

Store Store::open(const fs::path& file) {
  std::error_code ec;
  const fs::path folder = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  if (!fs::is_directory(folder, ec))
    throw_error(file, "the folder " + folder.string() + " does not exist; create it or give --db another path");
  const fs::file_status status = fs::status(file, ec);
  if (fs::exists(status) && !fs::is_regular_file(status)) throw_error(file, "this is not a file; give --db a file");
  // The journal files (-wal, -shm) are created beside the database.
  if (access(folder.c_str(), W_OK) != 0)
    throw_error(file, "the database cannot be written (the folder is " + std::string(std::strerror(errno)) +
                          "); make the folder writable for the collector");

  auto db = connect(file, true);
  if (sqlite3_db_readonly(db.get(), "main") == 1)
    throw_error(file, "the database cannot be written (SQLite could open it only for reading); make the file "
                      "writable for the collector");
  // A file we refuse must keep its bytes: only an accepted database checkpoints on close.
  sqlite3_db_config(db.get(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  const Connection c(db.get(), file);

  // The first read: a file that is not a database at all fails here (NOTADB).
  std::int64_t app = query_integer(c, "PRAGMA application_id");
  if (app == 0 && query_integer(c, "PRAGMA user_version") == 0) {
    create_schema(c);
    app = query_integer(c, "PRAGMA application_id");
  }
  if (app != application_id)
    throw_error(file, "this SQLite file is not a collector database (is it a kiosk's outbox?); it was not changed. "
                      "Give --db the collector's own file, or a new file name");
  const std::int64_t version = query_integer(c, "PRAGMA user_version");
  if (version > schema_version)
    throw_error(file, "the database is from a newer peilpunt-collector (schema " + std::to_string(version) +
                          ", this version knows " + std::to_string(schema_version) + "); it was not changed");
  if (version != schema_version) throw_error(file, "unknown schema version " + std::to_string(version));
  {
    Statement check(c, "PRAGMA quick_check");
    std::string first(check.step() ? check.text(0) : "no answer from quick_check");
    if (first != "ok")
      throw_error(file, "the database is damaged (" + first +
                            "); it was not changed. Keep it for support and start the collector on a new file");
  }
  c.exec("PRAGMA journal_mode = WAL");
  sqlite3_db_config(db.get(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, nullptr);
  return Store(file, std::move(db));
}

Store Store::another_connection() const { return Store(file_, connect(file_, false)); }

// [SECTION] Storing

StoreResult Store::store(const std::vector<sync::Envelope>& envelopes, std::string_view source) {
  const Connection c(db_.get(), file_);
  const std::string received_at = sync::iso_timestamp(std::chrono::system_clock::now());
  StoreResult result;
  WriteTransaction tx(c);  // so two connections never both read "id not stored" and then both insert
  Statement by_id(c, "SELECT content_sha256 FROM responses WHERE id = ?1");
  Statement by_seq(c, "SELECT id FROM responses WHERE device = ?1 AND seq = ?2");
  Statement insert(c,
                   "INSERT INTO responses(id, device, seq, survey_id, envelope, content_sha256, received_at, source) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  for (const auto& e : envelopes) {
    const Json j = e.to_json();
    const std::string text = dump_json(j);
    const std::string sha = sorted_sha256(j);

    by_id.bind(1, e.id);
    if (by_id.step()) {
      const bool same = by_id.text(0) == sha;
      by_id.reset();
      if (same) {
        result.accepted.push_back(e.id);
        ++result.already_stored;
      } else {
        result.rejected.push_back({e.id, std::string(reason_different_content)});
      }
      continue;
    }
    by_id.reset();

    by_seq.bind(1, e.device).bind(2, e.seq);
    if (by_seq.step()) {
      result.rejected.push_back({e.id, reason_seq_taken(e.device, e.seq, by_seq.text(0))});
      by_seq.reset();
      continue;
    }
    by_seq.reset();

    insert.bind(1, e.id).bind(2, e.device).bind(3, e.seq).bind(4, e.survey.id).bind(5, text).bind(6, sha);
    insert.bind(7, received_at).bind(8, source).run();
    insert.reset();
    result.accepted.push_back(e.id);
    ++result.added;
  }
  tx.commit();
  return result;
}

// [SECTION] Reading

std::vector<sync::LedgerEntry> Store::ledger(std::size_t max_missing_listed) const {
  const Connection c(db_.get(), file_);
  Snapshot snapshot(*this);  // the counts and the gaps from the same rows
  std::vector<sync::LedgerEntry> ledger;
  {
    // The UNIQUE (device, seq) index answers this without reading the envelopes.
    Statement s(c, "SELECT device, count(*), max(seq) FROM responses GROUP BY device ORDER BY device");
    while (s.step()) ledger.push_back({std::string(s.text(0)), s.integer(1), s.integer(2), {}});
  }
  Statement seqs(c, "SELECT seq FROM responses WHERE device = ?1 ORDER BY seq");
  for (auto& entry : ledger) {
    if (entry.count == entry.highest_seq) continue;  // seq is unique and from 1: no gap
    seqs.bind(1, entry.device);
    std::int64_t expected = 1;
    while (entry.missing_seqs.size() < max_missing_listed && seqs.step()) {
      const std::int64_t seq = seqs.integer(0);
      for (; expected < seq && entry.missing_seqs.size() < max_missing_listed; ++expected)
        entry.missing_seqs.push_back(expected);
      expected = seq + 1;
    }
    seqs.reset();
  }
  return ledger;
}

std::int64_t Store::count() const {
  return query_integer(Connection(db_.get(), file_), "SELECT count(*) FROM responses");
}

std::vector<std::string> Store::survey_ids() const {
  const Connection c(db_.get(), file_);
  Statement s(c, "SELECT DISTINCT survey_id FROM responses ORDER BY survey_id");
  std::vector<std::string> ids;
  while (s.step()) ids.emplace_back(s.text(0));
  return ids;
}

void Store::for_each(const RowVisitor& visit, const std::string& survey_id) const {
  const Connection c(db_.get(), file_);
  constexpr std::string_view columns = "SELECT id, device, survey_id, seq, envelope, received_at FROM responses ";
  Statement s(c, std::string(columns) + (survey_id.empty() ? "ORDER BY device, seq"
                                                          : "WHERE survey_id = ?1 ORDER BY device, seq"));
  if (!survey_id.empty()) s.bind(1, survey_id);
  while (s.step()) visit({s.text(0), s.text(1), s.text(2), s.integer(3), s.text(4), s.text(5)});
}

Store::Snapshot::Snapshot(const Store& store) : store_(store) {
  if (!sqlite3_get_autocommit(store.db_.get())) return;  // inside another snapshot: that one holds it
  const Connection c(store.db_.get(), store.file_);
  c.exec("BEGIN");
  owns_ = true;
  // A deferred transaction takes its snapshot at the first read: take it now.
  query_integer(c, "SELECT count(*) FROM sqlite_schema");
}

Store::Snapshot::~Snapshot() {
  sqlite3* db = store_.db_.get();
  if (owns_ && !sqlite3_get_autocommit(db)) sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

sync::ResponseSource response_source(const Store& store, std::string survey_id) {
  return [&store, survey_id = std::move(survey_id)](const sync::ResponseVisitor& visit) {
    store.for_each(
        [&](const StoredRow& row) {
          sync::StoredResponse r;
          try {
            r.envelope = sync::Envelope::from_json(sync::parse_protocol_json(row.envelope_json, "stored envelope"));
          } catch (const std::exception& e) {  // can't happen: only checked envelopes are stored
            throw_error(store.file(), "the response " + std::string(row.id) + " cannot be read: " + e.what());
          }
          r.state = sync::State::Sent;
          r.created_at = r.updated_at = std::string(row.received_at);
          visit(r);
        },
        survey_id);
  };
}

}  // namespace peilpunt::collector
