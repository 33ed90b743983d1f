// What the sync tests and the commit benchmark share: a temporary folder per test, a thread waited
// for with a deadline, a realistic response envelope, a file's bytes and a raw SQLite connection
// to poke at an outbox from outside.
//
// **Example**:
//   TempDir dir;
//   auto outbox = sync::Outbox::open(dir.path / "outbox.sqlite");
//   outbox.commit(sample_envelope(1));
#pragma once

#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>

#include "sync/envelope.hpp"

namespace peilpunt::sync::testing {

namespace fs = std::filesystem;

// A fresh folder from mkdtemp, removed with everything in it (read-only parts too) at the end.
struct TempDir {
  fs::path path;
  explicit TempDir(const fs::path& base = fs::temp_directory_path()) {
    std::string pattern = (base / "peilpunt-sync-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed in " + base.string());
    path = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
      fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path, ec);
  }
};

// A thread the test waits for with a deadline, so that a call that never returns (a lost stop())
// fails the test with a message instead of hanging the run. One that misses its deadline is left
// running, detached: the body must own what it uses (shared_ptrs captured by value), not borrow
// the test's locals.
class WatchedThread {
 public:
  explicit WatchedThread(std::function<void()> body) {
    std::promise<void> ended;
    ended_ = ended.get_future();
    thread_ = std::thread([body = std::move(body), ended = std::move(ended)]() mutable {
      try {
        body();
        ended.set_value();
      } catch (...) {
        ended.set_exception(std::current_exception());
      }
    });
  }
  WatchedThread(const WatchedThread&) = delete;
  WatchedThread& operator=(const WatchedThread&) = delete;
  ~WatchedThread() {
    if (thread_.joinable()) thread_.detach();
  }

  // Whether the body ended within `limit`; what it threw is rethrown here.
  bool ended_within(std::chrono::milliseconds limit) {
    if (ended_.wait_for(limit) != std::future_status::ready) return false;
    thread_.join();
    ended_.get();
    return true;
  }

 private:
  std::future<void> ended_;
  std::thread thread_;
};

inline std::string file_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A short stand-in for a file's bytes that a failed CHECK can print: size and SHA-256.
inline std::string fingerprint(const fs::path& file) {
  const std::string bytes = file_bytes(file);
  return std::to_string(bytes.size()) + " bytes, sha256 " + sha256_hex(bytes);
}

inline void write_bytes(const fs::path& file, const std::string& bytes) {
  std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

// About 1.5 KB of JSON, like a finished Jeugdakkoord questionnaire with a few open answers, with
// diacritics, emoji and the characters CSV and JSON have to escape.
inline Envelope sample_envelope(int n) {
  Envelope e;
  e.survey = {"jeugdakkoord-midden-drenthe", "2026-1",
              "sha256:6f1ed002ab5595859014ebf0951522d9b1a6b6f0d0f3c4e5a6b7c8d9e0f1a2b3"};
  e.device = "tablet-03";
  e.event = "Kenniscafé Beilen";
  e.locale = n % 4 == 0 ? "en" : "nl";
  e.started_at = "2026-11-23T09:59:12+01:00";
  e.completed_at = "2026-11-23T10:02:40+01:00";
  e.data = {
      {"rol", "jongere"},
      {"leeftijd", 12 + n % 10},
      {"woonplaats", "Westerbork"},
      {"themas", {"sport", "school", "veilig-opgroeien", "vrije-tijd"}},
      {"cijfer_veilig", 4},
      {"cijfer_school", 3},
      {"steun", {{"ouders", "vaak"}, {"buren", "soms"}, {"mentor", "nooit"}, {"vrienden", "vaak"}}},
      {"hulp_gehad", n % 2 == 0},
      {"wachttijd", "langer dan drie maanden"},
      {"drempels", {"weet-niet-waar", "wachtlijst", "schaamte"}},
      {"idee", "Meer plekken waar je gewoon kunt zijn zonder dat het iets kost 😊; een hangplek bij het "
               "sportveld in Smilde, en \"gewoon\" iemand die luistert.\nOok: de bus naar Assen rijdt 's avonds "
               "niet — daardoor kan ik niet naar de club. Één keer per uur zou al helpen. Crème brûlée 🍮!"},
      {"school_verzuim", "nee"},
      {"school_toelichting", "Op school merken ze pas laat dat het niet goed gaat; een vaste mentor zou helpen."},
      {"sport", {"voetbal", "zwemmen"}},
      {"contact_cjg", false},
      {"regels", "Minder formulieren: mijn moeder moest drie keer hetzelfde invullen voor één aanvraag."},
      {"respondent", n},
  };
  return e;
}

// A raw SQLite connection, for what the Outbox API must not offer: locks, pragmas, DELETE.
class RawDb {
 public:
  explicit RawDb(const fs::path& file, int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) {
    if (sqlite3_open_v2(file.c_str(), &db_, flags, nullptr) != SQLITE_OK)
      throw std::runtime_error("sqlite3_open_v2 " + file.string() + ": " + sqlite3_errmsg(db_));
  }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;
  ~RawDb() { sqlite3_close_v2(db_); }
  sqlite3* get() const { return db_; }

  // SQLITE_OK or the error code; the message is kept in error().
  int exec(const std::string& sql) {
    char* message = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    error_ = message ? message : "";
    sqlite3_free(message);
    return rc;
  }
  // The first column of the first row, as text ("" when there is none).
  std::string text(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
      throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
    std::string out;
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0))
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    return out;
  }
  const std::string& error() const { return error_; }

 private:
  sqlite3* db_ = nullptr;
  std::string error_;
};

// Root passes every permission check, so read-only cases run in a child as user nobody when the
// tests run as root. Returns the check's result, or 77 when the user cannot be changed.
inline int as_unprivileged(const std::function<int()>& check) {
  if (geteuid() != 0) return check();
  pid_t pid = fork();
  if (pid == 0) {
    if (setgid(65534) != 0 || setuid(65534) != 0) _exit(77);
    _exit(check());
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
}

// sample_envelope(seq) as committed by an outbox: a fresh UUID, the seq, the device.
inline sync::Envelope numbered_envelope(std::int64_t seq, const std::string& device = "tablet-03") {
  sync::Envelope e = sync::testing::sample_envelope(static_cast<int>(seq));
  e.id = sync::new_uuid_v4();
  e.seq = seq;
  e.device = device;
  return e;
}

// Envelopes with seqs first..last of one device.
inline std::vector<sync::Envelope> envelopes(std::int64_t first, std::int64_t last,
                                             const std::string& device = "tablet-03") {
  std::vector<sync::Envelope> out;
  for (std::int64_t seq = first; seq <= last; ++seq) out.push_back(numbered_envelope(seq, device));
  return out;
}

}  // namespace peilpunt::sync::testing
