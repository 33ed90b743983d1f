// peilpunt export --out DIR: everything in the outbox as JSON Lines, Excel CSV per
// questionnaire, a codebook and a manifest (sync/export.hpp), with a progress bar.
#include <iostream>

#include "kiosk/cli/commands.hpp"
#include "sync/export.hpp"

namespace peilpunt::cli {
namespace {

// Staff often export several tablets to one stick: never let the second replace the first.
void refuse_other_tablets_export(const std::filesystem::path& folder, const std::string& device, bool force) {
  std::filesystem::path manifest = folder / "manifest.json";
  if (force || !std::filesystem::exists(manifest)) return;
  nlohmann::ordered_json existing = read_json_file(manifest.string());
  if (!existing.contains("devices") || !existing["devices"].is_array()) return;
  for (const auto& d : existing["devices"]) {
    std::string other = d.is_object() ? d.value("device", "") : "";
    if (!other.empty() && other != device)
      exit_with_error("export: " + folder.string() + " already holds the export of " + other + "; choose another folder (e.g. " +
           (folder / device).string() + ") or add --force to replace it");
  }
}

}  // namespace

void add_export_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("export", "Write all responses to a folder (e.g. a USB stick)");
  auto shared = std::make_shared<SharedOptions>();
  auto out = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  shared->add_to(cmd);
  cmd->add_option("--out", *out, "target folder; created when missing")->required();
  cmd->add_flag("--force", *force, "replace an export of another tablet in that folder");
  cmd->callback([shared, out, force] {
    Config config = shared->resolve();
    sync::SurveyCatalog catalog;
    for (const auto& file : config.surveys) {
      survey::LoadResult loaded = survey::load_file(file);
      if (loaded.ok()) catalog[loaded.survey->id] = loaded.survey;
      else std::cerr << "export: " << file.string() << " does not load; its answers get columns from their data\n";
    }
    sync::Outbox outbox = open_outbox(config, OutboxUse::ExistingOnly);
    refuse_other_tablets_export(*out, outbox.device_name(), *force);
    ProgressBar progress("export", outbox.counts().total);
    try {
      sync::ExportSummary summary = sync::write_export(sync::outbox_source(outbox), catalog, *out,
                                                       [&](std::int64_t done) { progress.update(done); });
      progress.finish();
      std::cout << "export: " << summary.responses << " responses to " << summary.folder.string() << '\n';
      for (const auto& f : summary.files) std::cout << "  " << f.name << ": " << f.rows << " rows\n";
    } catch (const std::exception& e) {
      progress.finish();
      std::cerr << "export: " << e.what() << '\n';
      throw CLI::RuntimeError(1);
    }
  });
}

}  // namespace peilpunt::cli
