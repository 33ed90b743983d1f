// What the outbox commands share: config and data folder options, opening the outbox, progress.
#include <unistd.h>

#include <fstream>
#include <iostream>

#include "kiosk/cli/commands.hpp"

namespace peilpunt::cli {

void SharedOptions::add_to(CLI::App* command) {
  command->add_option("--config", config_file, "config file (default: /etc/peilpunt/config.json if present)");
  command->add_option("--data-dir", data_dir, "where the outbox lives (default: XDG data home)");
}

Config SharedOptions::resolve() const {
  try {
    Config c = load_config(config_file.empty() ? std::nullopt : std::optional<std::filesystem::path>(config_file));
    if (!data_dir.empty()) c.data_dir = data_dir;
    return c;
  } catch (const ConfigError& e) {
    std::cerr << e.what() << '\n';
    throw CLI::RuntimeError(1);
  }
}

void exit_with_error(const std::string& message) {
  std::cerr << message << '\n';
  throw CLI::RuntimeError(1);
}

nlohmann::ordered_json read_json_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) exit_with_error(path + ": /: cannot read the file: not a regular file or missing");
  std::ifstream in(path, std::ios::binary);
  if (!in) exit_with_error(path + ": /: cannot read the file");
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(in, nullptr, false);
  if (j.is_discarded()) exit_with_error(path + ": /: not valid JSON");
  return j;
}

sync::Outbox open_outbox(const Config& config, OutboxUse use) {
  std::filesystem::path file = config.data_dir / "outbox.sqlite";
  if (use == OutboxUse::ExistingOnly && !std::filesystem::exists(file))
    exit_with_error(config.data_dir.string() + ": no outbox here (outbox.sqlite is missing); check --data-dir or the config's data_dir");
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) {
    std::cerr << config.data_dir.string() << ": cannot create the data folder: " << ec.message() << '\n';
    throw CLI::RuntimeError(1);
  }
  try {
    sync::Outbox outbox = sync::Outbox::open(file);
    if (!config.device_name.empty() && outbox.device_name() != config.device_name)
      outbox.set_device_name(config.device_name);
    return outbox;
  } catch (const sync::OutboxError& e) {
    std::cerr << e.what() << '\n';
    throw CLI::RuntimeError(1);
  }
}

ProgressBar::ProgressBar(std::string label, std::int64_t total)
    : label_(std::move(label)), total_(total), terminal_(isatty(STDERR_FILENO) == 1) {}

void ProgressBar::update(std::int64_t done) {
  if (!terminal_ || total_ <= 0) return;
  std::int64_t percent = done * 100 / total_;
  if (percent == shown_) return;
  shown_ = percent;
  constexpr int width = 30;
  auto filled = static_cast<int>(done * width / total_);
  std::cerr << '\r' << label_ << " [" << std::string(static_cast<std::size_t>(filled), '#')
            << std::string(static_cast<std::size_t>(width - filled), ' ') << "] " << done << '/' << total_ << std::flush;
}

void ProgressBar::finish() {
  if (terminal_ && shown_ >= 0) std::cerr << '\n';
}

}  // namespace peilpunt::cli
