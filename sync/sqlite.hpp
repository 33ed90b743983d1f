// A thin RAII layer over the SQLite C API for the kiosk's outbox and the collector's store: an
// owned connection, prepared statements and write transactions that throw on every failed call.
// A failure goes to the caller's handler first, so each user keeps its own error type and wording.
//
// **Example**:
//   const std::filesystem::path file = "/var/lib/peilpunt/outbox.sqlite";
//   auto on_error = [&](const sqlite::Failure& f) { throw std::runtime_error(file.string() + ": " + f.message); };
//   sqlite::Database db = sqlite::open(file, /*create=*/true, /*busy_timeout_ms=*/2000, on_error);
//   const sqlite::Connection c(db.get(), on_error);
//   sqlite::WriteTransaction tx(c);
//   sqlite::Statement(c, "INSERT INTO meta(key, value) VALUES (?1, ?2)").bind(1, "k").bind(2, "v").run();
//   tx.commit();
//   std::int64_t rows = sqlite::query_integer(c, "SELECT count(*) FROM meta");
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

struct sqlite3;
struct sqlite3_stmt;

namespace peilpunt::sync::sqlite {

// A failed SQLite call, captured right away: the next call on the connection (e.g. the ROLLBACK
// while unwinding) would replace SQLite's message and errno.
struct Failure {
  // The failures a user can act on; out of memory never gets here, it is thrown as std::bad_alloc.
  enum class Kind { Full, Locked, Corrupt, ReadOnly, Other };
  int code = 0;          // extended result code, e.g. SQLITE_IOERR_FSYNC
  int system_errno = 0;  // the OS error behind it (ENOSPC, EACCES...), 0 when none
  std::string message;   // SQLite's own words
  // Full: SQLITE_FULL, or an I/O error for want of space or quota. Locked: BUSY or LOCKED after the
  // busy timeout. Corrupt: CORRUPT or NOTADB. ReadOnly: READONLY, PERM, or CANTOPEN for want of rights.
  Kind kind() const;
};

// Turns a Failure into the caller's own exception. It should throw; when it returns, or when
// there is none, sqlite::Error is thrown instead.
using ErrorHandler = std::function<void(const Failure&)>;

class Error : public std::runtime_error {
 public:
  explicit Error(Failure failure);
  const Failure& failure() const { return failure_; }

 private:
  Failure failure_;
};

struct Closer {
  void operator()(sqlite3* db) const;  // sqlite3_close_v2
};
using Database = std::unique_ptr<sqlite3, Closer>;

// Opens `file` read-write, created when missing only if `create`, serialized (one connection may
// move between threads) and with extended result codes. Sets no pragmas: each user sets its own.
Database open(const std::filesystem::path& file, bool create, int busy_timeout_ms, const ErrorHandler& on_error);

// A borrowed connection and where its failures go. Cheap: make one per operation.
class Connection {
 public:
  Connection(sqlite3* db, ErrorHandler on_error) : db_(db), on_error_(std::move(on_error)) {}
  sqlite3* get() const { return db_; }
  void exec(const char* sql) const;  // runs every statement in `sql`, discarding rows
  [[noreturn]] void fail(int result_code) const;  // reports a failed call on this connection

 private:
  sqlite3* db_;
  ErrorHandler on_error_;
};

// The first column of the first row as an integer, 0 when there is no row.
std::int64_t query_integer(const Connection& c, std::string_view sql);

// One prepared statement, finalized when it goes out of scope; `c` must outlive it. Text is bound
// without a copy (SQLITE_STATIC): the bound strings must outlive the last step().
class Statement {
 public:
  Statement(const Connection& c, std::string_view sql);
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& bind(int index, std::string_view text);  // an empty view binds '', never NULL
  Statement& bind(int index, std::int64_t value);
  bool step();  // true: a row is ready; false: done
  void run();   // steps to the end
  void reset();  // for the next bind + step; clears the bindings
  std::int64_t integer(int column) const;
  std::string_view text(int column) const;  // "" for NULL; valid until the next step or reset

 private:
  const Connection& c_;
  sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE takes the write lock at once, so the busy timeout covers waiting for it and no
// other writer comes between what the transaction reads and what it writes. Rolled back when it
// goes out of scope without a successful commit().
class WriteTransaction {
 public:
  explicit WriteTransaction(const Connection& c);
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  ~WriteTransaction();
  void commit();

 private:
  const Connection& c_;
  bool committed_ = false;
};

}  // namespace peilpunt::sync::sqlite
