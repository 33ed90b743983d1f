#include "sync/sqlite.hpp"

#include <sqlite3.h>

#include <cerrno>
#include <new>

namespace peilpunt::sync::sqlite {
namespace {

[[noreturn]] void report(sqlite3* db, int result_code, const ErrorHandler& on_error) {
  if ((result_code & 0xff) == SQLITE_NOMEM) throw std::bad_alloc();
  Failure failure{result_code, db ? sqlite3_system_errno(db) : 0,
                  db ? sqlite3_errmsg(db) : sqlite3_errstr(result_code)};
  if (on_error) on_error(failure);
  throw Error(std::move(failure));
}

}  // namespace

Failure::Kind Failure::kind() const {
  const int primary = code & 0xff;
  if (primary == SQLITE_FULL || (primary == SQLITE_IOERR && (system_errno == ENOSPC || system_errno == EDQUOT)))
    return Kind::Full;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return Kind::Locked;
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) return Kind::Corrupt;
  if (primary == SQLITE_READONLY || primary == SQLITE_PERM ||
      (primary == SQLITE_CANTOPEN && (system_errno == EACCES || system_errno == EROFS || system_errno == EPERM)))
    return Kind::ReadOnly;
  return Kind::Other;
}

Error::Error(Failure failure)
    : std::runtime_error("SQLite error " + std::to_string(failure.code) + ": " + failure.message),
      failure_(std::move(failure)) {}

void Closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

Database open(const std::filesystem::path& file, bool create, int busy_timeout_ms, const ErrorHandler& on_error) {
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_FULLMUTEX |
                    SQLITE_OPEN_EXRESCODE;
  const int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  Database db(raw);  // a failed open still returns a handle (with the message) that must be closed
  if (rc != SQLITE_OK) report(db.get(), rc, on_error);
  sqlite3_busy_timeout(db.get(), busy_timeout_ms);
  return db;
}

void Connection::exec(const char* sql) const {
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) fail(rc);
}

void Connection::fail(int result_code) const { report(db_, result_code, on_error_); }

std::int64_t query_integer(const Connection& c, std::string_view sql) {
  Statement s(c, sql);
  return s.step() ? s.integer(0) : 0;
}

Statement::Statement(const Connection& c, std::string_view sql) : c_(c) {
  const int rc = sqlite3_prepare_v3(c.get(), sql.data(), static_cast<int>(sql.size()), 0, &stmt_, nullptr);
  if (rc != SQLITE_OK) c.fail(rc);
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::string_view text) {
  const char* data = text.data() ? text.data() : "";  // a null pointer would bind NULL
  const int rc = sqlite3_bind_text64(stmt_, index, data, text.size(), SQLITE_STATIC, SQLITE_UTF8);
  if (rc != SQLITE_OK) c_.fail(rc);
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) c_.fail(rc);
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  c_.fail(rc);
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);  // its result code repeats step()'s, which was already handled
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string_view Statement::text(int column) const {
  const auto* bytes = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return bytes ? std::string_view(bytes, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
               : std::string_view();
}

WriteTransaction::WriteTransaction(const Connection& c) : c_(c) { c.exec("BEGIN IMMEDIATE"); }

WriteTransaction::~WriteTransaction() {
  // After SQLITE_FULL or an I/O error SQLite may already have rolled back on its own.
  if (!committed_ && !sqlite3_get_autocommit(c_.get())) sqlite3_exec(c_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void WriteTransaction::commit() {
  c_.exec("COMMIT");
  committed_ = true;
}

}  // namespace peilpunt::sync::sqlite
