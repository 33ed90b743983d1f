// Benchmark for docs/ARCHITECTURE.md's target "sync of 10,000 queued responses to a loopback collector:
// <= 5 s". The real Uploader (run_once: batches of 200, keep-alive) sends a fresh outbox of
// realistic envelopes (~1.5 KB of JSON each) to the real collector::Server on 127.0.0.1; both
// databases live in a fresh folder under FOLDER, on a real disk, so every acknowledged batch costs
// the collector's commit and the outbox's mark_sent, as on a tablet. Prints the time against the
// target and the collector's accepted requests and responses per second, once with plain bodies
// and once with gzip. The CPU time of both sides is printed too: on a busy machine (CI, a build
// running) the wall time grows with the load, the CPU time does not.
//   cmake --build build --target bench
//   build/tests/bench/sync_bench [FOLDER] [--count N]     (FOLDER: default the working folder)
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>

#include "collector/server.hpp"
#include "sync/outbox.hpp"
#include "sync/uploader.hpp"
#include "tests/sync/support.hpp"

namespace {

namespace fs = std::filesystem;
using namespace peilpunt;
using sync::testing::sample_envelope;
using sync::testing::TempDir;
constexpr double target_seconds = 5.0;
constexpr const char* token = "bench-token";

// The queue is prepared once: `count` commits of 4 ms each on a real disk would take longer than
// the sync itself, so they go to memory (/dev/shm) when it exists and the closed file is copied.
fs::path prepare_outbox(const fs::path& folder, int count) {
  const fs::path base = fs::exists("/dev/shm") ? fs::path("/dev/shm") : folder;
  TempDir scratch(base);
  const fs::path file = scratch.path / "outbox.sqlite";
  {
    sync::Outbox outbox = sync::Outbox::open(file);
    for (int i = 1; i <= count; ++i) outbox.commit(sample_envelope(i));
  }  // closing the last connection checkpoints the WAL into the file
  const fs::path kept = folder / "prepared-outbox.sqlite";
  fs::copy_file(file, kept, fs::copy_options::overwrite_existing);
  return kept;
}

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

struct Run {
  double seconds = 0;
  double cpu = 0;  // uploader and collector together: they take turns, so on an idle machine ~ seconds
  std::int64_t sent = 0, requests = 0;
  bool complete = false;
};

Run sync_once(const fs::path& folder, const fs::path& prepared, bool gzip) {
  TempDir dir(folder);
  const fs::path outbox_file = dir.path / "outbox.sqlite";
  fs::copy_file(prepared, outbox_file);

  std::atomic<std::int64_t> accepted_requests{0};
  collector::Server server({.db = dir.path / "collector.sqlite", .host = "127.0.0.1", .port = 0, .token = token,
                            .log = [&](const std::string& line) {
                              if (line.rfind("POST /v1/responses 200", 0) == 0) ++accepted_requests;
                            }});
  std::thread thread([&] { server.run(); });
  if (!server.wait_until_listening()) {
    std::cerr << "sync_bench: the collector did not start\n";
    std::exit(1);
  }

  sync::UploaderOptions options;
  options.outbox_file = outbox_file;
  options.endpoint = "http://127.0.0.1:" + std::to_string(server.port());
  options.token = token;
  options.gzip = gzip;
  sync::Uploader uploader(options);

  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = cpu_seconds();
  const sync::SyncStatus end = uploader.run_once();
  Run run;
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.cpu = cpu_seconds() - cpu_start;
  run.complete = end.state == sync::SyncStatus::State::Idle && end.pending == 0;
  if (!run.complete) std::cerr << "sync_bench: " << end.describe() << ": " << end.last_error << '\n';
  run.sent = sync::Outbox::open(outbox_file).counts().sent;
  server.stop();
  thread.join();
  run.requests = accepted_requests;
  return run;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path folder = fs::current_path();
  int count = 10'000;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--count" && i + 1 < argc) count = std::max(1, std::atoi(argv[++i]));
    else if (!arg.empty() && arg[0] != '-') folder = arg;
    else {
      std::cerr << "usage: sync_bench [FOLDER] [--count N]\n";
      return 2;
    }
  }
  TempDir work(folder);
  const fs::path prepared = prepare_outbox(work.path, count);

  std::printf("sync of %d queued responses to a collector on loopback (databases in %s)\n", count, folder.c_str());
  bool met = true;
  for (bool gzip : {false, true}) {
    Run run = sync_once(work.path, prepared, gzip);
    met = met && run.complete && run.seconds <= target_seconds;
    std::printf("  %-6s %7.3f s (cpu %.3f s)   target <= %.0f s: %s   %lld requests accepted, %.1f requests/s, "
                "%.0f responses/s\n",
                gzip ? "gzip" : "plain", run.seconds, run.cpu, target_seconds,
                !run.complete ? "FAILED (not all sent)" : run.seconds <= target_seconds ? "met" : "missed",
                static_cast<long long>(run.requests), static_cast<double>(run.requests) / run.seconds,
                static_cast<double>(run.sent) / run.seconds);
  }
  return met ? 0 : 1;
}
