// Benchmark for docs/ARCHITECTURE.md's target "commit of a response: p50 <= 2x a raw fdatasync of the same
// size on the same disk". Times Outbox::commit of a realistic envelope (~1.5 KB of JSON) 500
// times, alternating with appending the same bytes to a plain file in the same folder followed by
// fdatasync, and prints p50/p99 of both and the ratio. Durability costs one flush; more is waste.
//   cmake --build build --target bench
//   build/tests/bench/commit_bench [FOLDER] [--count N]     (FOLDER: default the working folder)
#include <fcntl.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "sync/outbox.hpp"
#include "tests/sync/support.hpp"

namespace {

namespace fs = std::filesystem;
using peilpunt::sync::Outbox;
using peilpunt::sync::testing::sample_envelope;
using peilpunt::sync::testing::TempDir;
constexpr double target_ratio = 2.0;
constexpr long tmpfs_magic = 0x01021994;

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

double percentile(std::vector<double> ms, double p) {
  std::sort(ms.begin(), ms.end());
  auto index = static_cast<std::size_t>(p * static_cast<double>(ms.size() - 1) + 0.5);
  return ms[std::min(index, ms.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  fs::path folder = fs::current_path();
  int count = 500;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--count" && i + 1 < argc) count = std::max(10, std::atoi(argv[++i]));
    else if (!arg.empty() && arg[0] != '-') folder = arg;
    else {
      std::cerr << "usage: commit_bench [FOLDER] [--count N]\n";
      return 2;
    }
  }
  struct statfs fs_info {};
  if (statfs(folder.c_str(), &fs_info) == 0 && fs_info.f_type == tmpfs_magic)
    std::cerr << "commit_bench: " << folder << " is on tmpfs (memory): flushes cost nothing there; "
              << "give a folder on the tablet's disk\n";

  TempDir dir(folder);
  auto outbox = Outbox::open(dir.path / "outbox.sqlite");
  const std::string raw_file = (dir.path / "raw.bin").string();
  int fd = ::open(raw_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    std::perror(raw_file.c_str());
    return 1;
  }

  std::vector<double> commit_ms, raw_ms;
  std::size_t bytes = 0;
  off_t offset = 0;
  for (int i = 0; i < count + 10; ++i) {  // the first 10 of each warm up and are not counted
    auto envelope = sample_envelope(i);
    auto start = std::chrono::steady_clock::now();
    auto stored = outbox.commit(envelope);
    double c = ms_since(start);

    // The same bytes the outbox stored, appended and flushed as a bare log would.
    const std::string line = stored.to_json().dump() + '\n';
    bytes = line.size();
    start = std::chrono::steady_clock::now();
    if (pwrite(fd, line.data(), line.size(), offset) != static_cast<ssize_t>(line.size()) || fdatasync(fd) != 0) {
      std::perror(raw_file.c_str());
      return 1;
    }
    double r = ms_since(start);
    offset += static_cast<off_t>(line.size());
    if (i >= 10) {
      commit_ms.push_back(c);
      raw_ms.push_back(r);
    }
  }
  ::close(fd);

  const double c50 = percentile(commit_ms, 0.50), c99 = percentile(commit_ms, 0.99);
  const double r50 = percentile(raw_ms, 0.50), r99 = percentile(raw_ms, 0.99);
  const double ratio = c50 / r50;
  std::printf("outbox commit, %d x %zu bytes in %s\n", count, bytes, folder.string().c_str());
  std::printf("%-30s p50 %7.3f ms   p99 %7.3f ms\n", "Outbox::commit", c50, c99);
  std::printf("%-30s p50 %7.3f ms   p99 %7.3f ms\n", "write + fdatasync (append)", r50, r99);
  std::printf("commit p50 / fdatasync p50 = %.2fx   target <= %.1fx: %s\n", ratio, target_ratio,
              ratio <= target_ratio ? "met" : "MISSED");
  return 0;
}
