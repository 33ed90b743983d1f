// peilpunt sync [--once] [--endpoint URL] [--token-file F]: uploads the outbox to the collector
// with the kiosk's own Uploader. --once: until nothing is pending (exit 0) or the first failure
// (exit 1, with the reason); otherwise it keeps syncing until SIGINT or SIGTERM.
#include <csignal>
#include <memory>
#include <optional>
#include <iostream>
#include <mutex>

#include "kiosk/cli/commands.hpp"
#include "sync/uploader.hpp"

namespace peilpunt::cli {

namespace {

struct SyncOptions {
  SharedOptions shared;
  bool once = false;
  std::string endpoint, token_file;
};

sync::UploaderOptions uploader_options(const SyncOptions& o, const Config& config) {
  sync::UploaderOptions u;
  u.outbox_file = config.data_dir / "outbox.sqlite";
  u.endpoint = o.endpoint.empty() ? config.sync.endpoint : o.endpoint;
  u.token_file = o.token_file.empty() ? config.sync.token_file : o.token_file;
  u.ca_file = config.sync.ca_file;
  u.allow_insecure_http = config.sync.allow_insecure_http;
  u.interval = std::chrono::seconds(config.sync.interval_s);
  return u;
}

void run_once(sync::Uploader& uploader, const std::string& endpoint) {
  std::int64_t shown_total = -1;
  std::unique_ptr<ProgressBar> bar;
  uploader.on_change([&](const sync::SyncStatus& s) {
    // The round's last update is Idle with done == total: it completes the bar.
    if (s.total <= 0 || (s.state != sync::SyncStatus::State::Syncing && s.state != sync::SyncStatus::State::Idle)) return;
    if (s.total != shown_total) {  // responses committed meanwhile make the round longer
      if (bar) bar->finish();
      bar = std::make_unique<ProgressBar>("sync", s.total);
      shown_total = s.total;
    }
    bar->update(s.done);
  });
  const sync::SyncStatus end = uploader.run_once();
  if (bar) bar->finish();
  if (end.state != sync::SyncStatus::State::Idle)
    exit_with_error("sync: " + end.describe() + ": " + end.last_error + "\nsync: " + std::to_string(end.done) + " sent or rejected, " +
         std::to_string(end.pending >= 0 ? end.pending : 0) + " still pending");
  if (end.done == 0) {
    std::cout << "sync: nothing pending for " << endpoint << '\n';
    return;
  }
  std::cout << "sync: " << end.done - end.rejected << " responses sent to " << endpoint;
  if (end.rejected > 0)
    std::cout << ", " << end.rejected
              << " rejected by the collector (kept as rejected with the reason; see `peilpunt export`)";
  std::cout << "; nothing pending\n";
}

// Runs until SIGINT or SIGTERM, printing a line for each state change or new error on stderr.
void run_until_signal(sync::Uploader& uploader, const std::string& endpoint) {
  // Blocked here, before the uploader's thread exists, so it inherits the mask and sigwait below
  // is the only receiver.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::mutex print_mutex;
  std::optional<sync::SyncStatus::State> shown_state;
  uploader.on_change([&](const sync::SyncStatus& s) {
    using State = sync::SyncStatus::State;
    std::lock_guard lock(print_mutex);
    const bool failing = s.state == State::Offline || s.state == State::Error;
    // A failure is printed once its retry time is known (the update right after), every time;
    // the retry's "syncing" is not, nor "stopped" (the signal is reported below).
    if (failing ? s.retry_in.count() == 0 : s.state == shown_state) return;
    const bool retrying = shown_state == State::Offline || shown_state == State::Error;
    shown_state = s.state;
    if (s.state == State::Stopped || (s.state == State::Syncing && retrying)) return;
    std::cerr << "sync: " << s.describe();
    if (s.state == State::Idle && s.pending >= 0) {
      std::cerr << ", " << s.pending << " pending";
      if (s.done > 0) std::cerr << " (" << s.done << " answered by the collector in this round)";
    }
    if (failing || s.state == State::TokenRejected) std::cerr << ": " << s.last_error;
    std::cerr << '\n';
  });
  std::cerr << "sync: uploading to " << endpoint << " until interrupted (Ctrl-C)\n";
  uploader.start();
  int received = 0;
  sigwait(&signals, &received);
  uploader.stop();
  std::cerr << "sync: stopped by " << (received == SIGINT ? "SIGINT" : "SIGTERM") << '\n';
}

}  // namespace

void add_sync_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("sync", "Upload pending responses to the collector");
  auto o = std::make_shared<SyncOptions>();
  o->shared.add_to(cmd);
  cmd->add_flag("--once", o->once, "upload what is pending, then exit: 0 when nothing is left, 1 with the reason");
  cmd->add_option("--endpoint", o->endpoint, "collector URL (default: sync.endpoint in the config)");
  cmd->add_option("--token-file", o->token_file, "file with the collector's token (default: sync.token_file)");
  cmd->callback([o] {
    Config config = o->shared.resolve();
    sync::UploaderOptions options = uploader_options(*o, config);
    if (options.endpoint.empty())
      exit_with_error("sync: no collector configured: set sync.endpoint in the config file or pass --endpoint URL");
    // Checks that the outbox exists (and applies the configured device name) before uploading.
    (void)open_outbox(config, OutboxUse::ExistingOnly);
    std::unique_ptr<sync::Uploader> uploader;
    try {
      uploader = std::make_unique<sync::Uploader>(options);
    } catch (const sync::UploaderError& e) {
      exit_with_error(e.what());
    }
    if (o->once) run_once(*uploader, options.endpoint);
    else run_until_signal(*uploader, options.endpoint);
  });
}

}  // namespace peilpunt::cli
