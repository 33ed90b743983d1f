// peilpunt stats: counts as JSON for staff and scripts: total, per questionnaire, per day, per
// event, pending, sent, rejected, last sync, and the last upload error still on a pending row.
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "kiosk/cli/commands.hpp"

namespace peilpunt::cli {

void add_stats_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("stats", "Print response counts as JSON");
  auto shared = std::make_shared<SharedOptions>();
  shared->add_to(cmd);
  cmd->callback([shared] {
    Config config = shared->resolve();
    sync::Outbox outbox = open_outbox(config, OutboxUse::ExistingOnly);
    std::map<std::string, std::int64_t> per_survey, per_day, per_event;
    // The uploader records each failed try on the pending rows it sent; the newest is the state
    // of the sync as far as the outbox knows it (rejections are final, not sync errors).
    std::string last_error, last_error_at;
    outbox.for_each([&](const sync::StoredResponse& r) {
      if (r.state == sync::State::Pending && !r.last_error.empty() && r.updated_at >= last_error_at) {
        last_error = r.last_error;
        last_error_at = r.updated_at;
      }
      ++per_survey[r.envelope.survey.id];
      ++per_day[r.envelope.completed_at.substr(0, 10)];  // the tablet's local date
      ++per_event[r.envelope.event];
    });
    sync::OutboxCounts counts = outbox.counts();
    nlohmann::ordered_json out;
    out["device"] = {{"id", outbox.device_id()}, {"name", outbox.device_name()}};
    out["total"] = counts.total;
    out["per_survey"] = per_survey;
    out["per_day"] = per_day;
    out["per_event"] = per_event;
    out["pending"] = counts.pending;
    out["sent"] = counts.sent;
    out["rejected"] = counts.rejected;
    std::string last = outbox.last_sync();
    out["last_sync"] = last.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(last);
    auto or_null = [](const std::string& text) { return text.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(text); };
    out["last_error"] = or_null(last_error);
    out["last_error_at"] = or_null(last_error_at);
    std::cout << out.dump(2) << '\n';
  });
}

}  // namespace peilpunt::cli
