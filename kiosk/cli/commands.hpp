// The peilpunt subcommands (docs/ARCHITECTURE.md, "Command line"): each adds itself to the CLI11 app.
// A command reports failure by throwing CLI::RuntimeError with its exit code.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "kiosk/core/config.hpp"
#include "sync/outbox.hpp"

namespace peilpunt::cli {

void add_check_command(CLI::App& app);
void add_eval_command(CLI::App& app);
void add_expr_command(CLI::App& app);
void add_simulate_command(CLI::App& app);
void add_stats_command(CLI::App& app);
void add_export_command(CLI::App& app);
void add_pin_hash_command(CLI::App& app);
void add_sync_command(CLI::App& app);
// The kiosk's own options on the top-level command; the returned function runs the kiosk.
std::function<int()> add_kiosk_options(CLI::App& app);

// --config FILE and --data-dir DIR, shared by the commands that use the outbox.
struct SharedOptions {
  std::string config_file, data_dir;
  void add_to(CLI::App* command);
  Config resolve() const;  // a ConfigError becomes CLI::RuntimeError(1) after printing it
};
// Opens data_dir/outbox.sqlite; errors exit 1. Only `create` (simulate, the kiosk) makes a new
// one: a command that reads must not answer "0 responses" for a mistyped --data-dir.
enum class OutboxUse { Create, ExistingOnly };
sync::Outbox open_outbox(const Config& config, OutboxUse use);
// Prints the message on stderr and exits 1 (CLI11 does not print a RuntimeError's text).
[[noreturn]] void exit_with_error(const std::string& message);

// "[#####     ] 450/1000" on stderr when it is a terminal; nothing otherwise.
class ProgressBar {
 public:
  ProgressBar(std::string label, std::int64_t total);
  void update(std::int64_t done);
  void finish();

 private:
  std::string label_;
  std::int64_t total_, shown_ = -1;
  bool terminal_;
};

// Reads a whole JSON file (keys in file order). A missing file, a folder or invalid JSON prints
// "FILE: /: reason" on stderr and exits 1.
nlohmann::ordered_json read_json_file(const std::string& path);

// docs/ARCHITECTURE.md ("Command line") fixes the clock of expr and eval to UTC: results do not depend on the machine.
void use_utc_clock();

// "--now ISO" → ms since the epoch; the current time when empty. Throws CLI::ValidationError.
double parse_now(const std::string& iso);

}  // namespace peilpunt::cli
