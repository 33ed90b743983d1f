// Crash test, after SQLite's test/crash*.test: a child process opens the outbox and commits
// responses in a loop, reporting each commit that returned on a pipe; the parent kills it with
// SIGKILL at a random moment (0-30 ms after the fork, so also while it opens, creates or migrates
// the file), then reopens the same database and checks that
//   - PRAGMA integrity_check is ok,
//   - every reported commit is there exactly once, with the seq commit returned,
//   - seqs are exactly 1..N with no gap, and N >= the number of reported commits.
// SIGKILL kills the process, not the machine: the kernel's page cache survives, so this proves
// the transaction logic, not the flushes (those are SQLite's own tested synchronous=FULL).
//
// Hidden from the normal test list ([.]); CTest runs it as its own test `sync/outbox crash test`
// with a timeout. OUTBOX_CRASH_ROUNDS (default 200) and OUTBOX_CRASH_SEED change the run.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "sync/outbox.hpp"
#include "tests/sync/support.hpp"

using namespace peilpunt::sync;
using namespace peilpunt::sync::testing;

namespace {

long env_number(const char* name, long fallback) {
  const char* text = std::getenv(name);
  return text && *text ? std::strtol(text, nullptr, 10) : fallback;
}

void write_all(int fd, const std::string& line) {
  // Lines are far shorter than PIPE_BUF, so a line arrives whole or not at all.
  std::size_t done = 0;
  while (done < line.size()) {
    ssize_t n = write(fd, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) _exit(4);
    done += static_cast<std::size_t>(n);
  }
}

// The child: commit until killed. Reports "id seq" per returned commit, "error: ..." on failure.
[[noreturn]] void commit_until_killed(const fs::path& file, int report_fd, int round) {
  try {
    auto outbox = Outbox::open(file);
    for (int i = 0;; ++i) {
      Envelope stored = outbox.commit(sample_envelope(round * 1000 + i));
      write_all(report_fd, stored.id + ' ' + std::to_string(stored.seq) + '\n');
    }
  } catch (const std::exception& e) {
    write_all(report_fd, std::string("error: ") + e.what() + '\n');
  }
  _exit(3);
}

std::string read_all(int fd) {
  std::string out;
  char buffer[4096];
  for (;;) {
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

}  // namespace

TEST_CASE("outbox crash test: SIGKILL at random moments loses no reported commit and leaves no gap in seq",
          "[.][crash]") {
  const long rounds = env_number("OUTBOX_CRASH_ROUNDS", 200);
  const auto seed = static_cast<unsigned>(env_number("OUTBOX_CRASH_SEED", 20261123));
  TempDir dir;
  const auto file = dir.path / "outbox.sqlite";
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> delay_us(0, 30'000);

  std::map<std::string, std::int64_t> reported;  // every commit any child saw return: id -> seq
  std::int64_t rows = 0, unreported_rows = 0, killed_before_first_commit = 0;
  const auto start = std::chrono::steady_clock::now();

  for (long round = 0; round < rounds; ++round) {
    INFO("round " << round << " of " << rounds << ", seed " << seed);
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    const int delay = delay_us(rng);
    pid_t child = fork();  // no SQLite connection is open in this process across the fork
    REQUIRE(child >= 0);
    if (child == 0) {
      close(fds[0]);
      commit_until_killed(file, fds[1], static_cast<int>(round));
    }
    close(fds[1]);
    std::this_thread::sleep_for(std::chrono::microseconds(delay));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    const std::string report = read_all(fds[0]);
    close(fds[0]);
    REQUIRE_FALSE(report.find("error: ") != std::string::npos);  // INFO shows the report below
    INFO(report);
    CHECK((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL));

    std::istringstream lines(report);
    std::string id;
    std::int64_t seq = 0;
    std::int64_t new_reports = 0;
    while (lines >> id >> seq) {
      CHECK(reported.emplace(id, seq).second);  // a returned id is never returned again
      ++new_reports;
    }
    if (new_reports == 0) ++killed_before_first_commit;

    // Outbox::open is the reopen under test (WAL recovery, quick_check); the rows are then read
    // with plain SQL, which is much faster than parsing every envelope under the sanitizers.
    auto outbox = Outbox::open(file);
    RawDb raw(file);
    REQUIRE(raw.text("PRAGMA integrity_check") == "ok");
    std::map<std::string, std::int64_t> stored;
    std::int64_t expected_seq = 1;
    bool contiguous = true, envelopes_match = true;
    {
      sqlite3_stmt* rows_stmt = nullptr;
      REQUIRE(sqlite3_prepare_v2(raw.get(),
                                 "SELECT seq, id, json_extract(envelope, '$.seq') = seq AND "
                                 "json_extract(envelope, '$.id') = id FROM responses ORDER BY seq",
                                 -1, &rows_stmt, nullptr) == SQLITE_OK);
      while (sqlite3_step(rows_stmt) == SQLITE_ROW) {
        if (sqlite3_column_int64(rows_stmt, 0) != expected_seq) contiguous = false;
        if (sqlite3_column_int(rows_stmt, 2) != 1) envelopes_match = false;
        ++expected_seq;
        stored.emplace(reinterpret_cast<const char*>(sqlite3_column_text(rows_stmt, 1)),
                       sqlite3_column_int64(rows_stmt, 0));
      }
      sqlite3_finalize(rows_stmt);
    }
    const auto n = expected_seq - 1;
    REQUIRE(contiguous);
    REQUIRE(envelopes_match);  // the stored JSON carries the row's own id and seq
    REQUIRE(static_cast<std::int64_t>(stored.size()) == n);  // ids are unique
    REQUIRE(n >= static_cast<std::int64_t>(reported.size()));
    REQUIRE(outbox.counts().total == n);
    std::string lost;  // reported commits missing or with another seq
    for (const auto& [reported_id, reported_seq] : reported) {
      auto it = stored.find(reported_id);
      if (it == stored.end() || it->second != reported_seq)
        lost += reported_id + " seq " + std::to_string(reported_seq) + "\n";
    }
    REQUIRE(lost.empty());
    unreported_rows = n - static_cast<std::int64_t>(reported.size());
    rows = n;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  WARN(rounds << " rounds in " << seconds << " s (seed " << seed << "): " << rows << " responses stored, "
              << reported.size() << " reported, " << unreported_rows
              << " committed but killed before reporting, " << killed_before_first_commit
              << " rounds killed before their first commit");
}
