// sync::sqlite, the RAII layer the outbox and the collector's store share: where failures go, how
// they are classified (the users' error wording depends on it), binding, and rollback.
#include <sqlite3.h>

#include <cerrno>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>

#include <catch2/catch.hpp>

#include "sync/sqlite.hpp"
#include "tests/sync/support.hpp"

using namespace peilpunt::sync;
using namespace peilpunt::sync::testing;
using Kind = sqlite::Failure::Kind;

namespace {

// Throws what it was given, as the outbox and the store do with their own error types.
struct CaughtFailure {
  sqlite::Failure failure;
};
[[noreturn]] void rethrow(const sqlite::Failure& f) { throw CaughtFailure{f}; }

// The failure `action` ran into on a connection whose handler is rethrow().
template <class Action>
sqlite::Failure failure_of(Action action) {
  try {
    action();
  } catch (const CaughtFailure& caught) {
    return caught.failure;
  }
  FAIL("no SQLite call failed");
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("a failed call reaches the handler with SQLite's code and message, and the handler's exception is thrown") {
  TempDir dir;
  const auto db = sqlite::open(dir.path / "a.sqlite", true, 100, rethrow);
  const sqlite::Connection c(db.get(), rethrow);
  const auto f = failure_of([&] { sqlite::Statement(c, "SELEC 1"); });
  CHECK(f.code == SQLITE_ERROR);
  CHECK(f.message.find("syntax error") != std::string::npos);
  CHECK(f.kind() == Kind::Other);
}

TEST_CASE("without a handler, or when the handler returns, a failure is thrown as sqlite::Error") {
  TempDir dir;
  const auto db = sqlite::open(dir.path / "a.sqlite", true, 100, rethrow);
  int calls = 0;
  const sqlite::Connection returning(db.get(), [&](const sqlite::Failure&) { ++calls; });
  const sqlite::Connection none(db.get(), nullptr);
  for (const auto* c : {&returning, &none}) {
    try {
      c->exec("CREATE TABLE t(x); CREATE TABLE t(x)");
      FAIL("creating a table twice succeeded");
    } catch (const sqlite::Error& e) {
      CHECK(e.failure().code == SQLITE_ERROR);
      CHECK(std::string(e.what()) == "SQLite error 1: table t already exists");
    }
  }
  CHECK(calls == 1);
}

TEST_CASE("opening a missing file without create fails and creates nothing") {
  TempDir dir;
  const auto f = failure_of([&] { sqlite::open(dir.path / "missing.sqlite", false, 100, rethrow); });
  CHECK((f.code & 0xff) == SQLITE_CANTOPEN);
  CHECK(f.system_errno == ENOENT);
  CHECK(f.kind() == Kind::Other);
  CHECK_FALSE(fs::exists(dir.path / "missing.sqlite"));
}

TEST_CASE("failures are classified as the outbox and the store word them") {
  TempDir dir;
  const auto file = dir.path / "a.sqlite";
  const auto db = sqlite::open(file, true, 200, rethrow);
  const sqlite::Connection c(db.get(), rethrow);
  c.exec("CREATE TABLE t(x)");

  SECTION("another connection holds the write lock: Locked, after the busy timeout") {
    sqlite::WriteTransaction holder(c);
    const auto other_db = sqlite::open(file, false, 200, rethrow);
    const sqlite::Connection other(other_db.get(), rethrow);
    const auto start = std::chrono::steady_clock::now();
    const auto f = failure_of([&] { sqlite::WriteTransaction waiting(other); });
    CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(150));
    CHECK((f.code & 0xff) == SQLITE_BUSY);
    CHECK(f.kind() == Kind::Locked);
  }
  SECTION("a file that is not a database: Corrupt") {
    write_bytes(dir.path / "text.sqlite", std::string(4096, 'x'));
    const auto text_db = sqlite::open(dir.path / "text.sqlite", false, 200, rethrow);
    const sqlite::Connection text(text_db.get(), rethrow);
    const auto f = failure_of([&] { sqlite::query_integer(text, "PRAGMA user_version"); });
    CHECK(f.code == SQLITE_NOTADB);
    CHECK(f.kind() == Kind::Corrupt);
  }
  SECTION("a connection that may not write: ReadOnly") {
    c.exec("PRAGMA query_only = 1");
    const auto f = failure_of([&] { c.exec("INSERT INTO t VALUES (1)"); });
    CHECK((f.code & 0xff) == SQLITE_READONLY);
    CHECK(f.kind() == Kind::ReadOnly);
  }
  SECTION("no room to grow: Full, and the transaction stored nothing") {
    const std::int64_t pages = sqlite::query_integer(c, "PRAGMA page_count");
    CHECK(sqlite::query_integer(c, "PRAGMA max_page_count = " + std::to_string(pages)) == pages);
    const auto f = failure_of([&] {
      sqlite::WriteTransaction tx(c);
      c.exec("INSERT INTO t VALUES (1); INSERT INTO t VALUES (zeroblob(100000))");
      tx.commit();
    });
    CHECK(f.code == SQLITE_FULL);
    CHECK(f.kind() == Kind::Full);
    CHECK(sqlite::query_integer(c, "SELECT count(*) FROM t") == 0);
  }
}

TEST_CASE("a write transaction is rolled back unless committed") {
  TempDir dir;
  const auto db = sqlite::open(dir.path / "a.sqlite", true, 100, rethrow);
  const sqlite::Connection c(db.get(), rethrow);
  c.exec("CREATE TABLE t(x)");
  CHECK_THROWS_AS(([&] {
                    sqlite::WriteTransaction tx(c);
                    c.exec("INSERT INTO t VALUES (1)");
                    throw std::runtime_error("the caller gave up");
                  }()),
                  std::runtime_error);
  CHECK(sqlite::query_integer(c, "SELECT count(*) FROM t") == 0);
  {
    sqlite::WriteTransaction tx(c);
    c.exec("INSERT INTO t VALUES (2)");
    tx.commit();
  }
  CHECK(sqlite::query_integer(c, "SELECT sum(x) FROM t") == 2);
  // The next transaction can start: none was left open.
  sqlite::WriteTransaction(c).commit();
}

TEST_CASE("text binds exactly the view's characters, an empty view as '', and reset clears the bindings") {
  TempDir dir;
  const auto db = sqlite::open(dir.path / "a.sqlite", true, 100, rethrow);
  const sqlite::Connection c(db.get(), rethrow);
  sqlite::Statement s(c, "SELECT ?1, ?1 IS NULL, ?2 + 1");

  const std::string longer = "Kenniscafé Beilen";
  REQUIRE(s.bind(1, std::string_view(longer).substr(0, 11)).bind(2, std::int64_t{41}).step());
  CHECK(s.text(0) == "Kenniscafé");
  CHECK(s.integer(1) == 0);
  CHECK(s.integer(2) == 42);
  CHECK_FALSE(s.step());
  s.reset();

  REQUIRE(s.bind(1, std::string_view()).step());  // a default view has no data pointer at all
  CHECK(s.text(0).empty());
  CHECK(s.integer(1) == 0);
  s.reset();

  REQUIRE(s.step());
  CHECK(s.integer(1) == 1);  // ?1 is NULL again
  CHECK(s.text(0).empty());  // and NULL reads as ""
}
