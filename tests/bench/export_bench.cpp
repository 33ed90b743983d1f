// Benchmark for issue 3's "export time for 100,000 responses": sync::write_export of 100,000
// responses to the default questionnaire, read from a fake source (1,000 distinct random valid
// answer sets filled in through survey::Session, repeated with new ids and seqs), into a folder
// on a real disk. Prints the time, the MB written and the throughput.
//   cmake --build build --target bench
//   build/tests/bench/export_bench [FOLDER] [--count N]     (FOLDER: default the working folder)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "survey/random_answers.hpp"
#include "sync/export.hpp"
#include "tests/sync/support.hpp"

namespace {

namespace fs = std::filesystem;
using namespace peilpunt::sync;
constexpr int distinct = 1000;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  fs::path base = fs::current_path();
  std::int64_t count = 100000;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--count" && i + 1 < argc) count = std::atoll(argv[++i]);
    else base = arg;
  }
  survey::LoadResult loaded = survey::load_file(PEILPUNT_SOURCE_DIR "/assets/surveys/jeugdakkoord-midden-drenthe.json");
  if (!loaded.ok()) {
    for (const auto& e : loaded.errors) std::cerr << e.to_string() << '\n';
    return 1;
  }

  std::mt19937_64 rng(42);
  std::vector<Envelope> samples;
  const double now_ms = 1795000000000.0;
  while (samples.size() < distinct) {
    survey::Session session(loaded.survey, samples.size() % 5 ? "nl" : "en", now_ms);
    if (!survey::fill_randomly(session, rng)) continue;
    Envelope e;
    e.survey = {loaded.survey->id, "2026-1", "sha256:00"};
    e.device = "tablet-03";
    e.event = "Kenniscafé Beilen";
    e.locale = session.locale();
    e.started_at = "2026-11-23T09:59:12+01:00";
    e.completed_at = "2026-11-23T10:02:40+01:00";
    e.data = session.result_data();
    samples.push_back(std::move(e));
  }
  ResponseSource source = [&](const ResponseVisitor& visit) {
    StoredResponse r;
    for (std::int64_t seq = 1; seq <= count; ++seq) {
      r.envelope = samples[static_cast<std::size_t>(seq) % samples.size()];
      r.envelope.seq = seq;
      r.envelope.id = "00000000-0000-4000-8000-" + std::to_string(100000000000 + seq);
      r.state = seq % 10 ? State::Sent : State::Pending;
      visit(r);
    }
  };

  testing::TempDir dir(base);
  auto start = std::chrono::steady_clock::now();
  ExportSummary summary = write_export(source, {{loaded.survey->id, loaded.survey}}, dir.path / "export");
  double seconds = seconds_since(start);
  std::uintmax_t bytes = 0;
  for (const auto& entry : fs::directory_iterator(summary.folder)) bytes += entry.file_size();
  double mb = static_cast<double>(bytes) / 1e6;
  std::printf("export of %lld responses (default questionnaire, %s): %.2f s, %.1f MB written, %.1f MB/s\n",
              static_cast<long long>(summary.responses), base.string().c_str(), seconds, mb, mb / seconds);
  for (const auto& f : summary.files)
    std::printf("  %-36s %8lld rows %8.1f MB\n", f.name.c_str(), static_cast<long long>(f.rows),
                static_cast<double>(fs::file_size(summary.folder / f.name)) / 1e6);
  return 0;
}
