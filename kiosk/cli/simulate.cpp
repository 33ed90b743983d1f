// peilpunt simulate --count N [--seed S]: N random but valid respondents, through the same
// Session and Outbox as the kiosk, for demos and load tests.
#include <chrono>
#include <iostream>
#include <random>

#include "kiosk/cli/commands.hpp"
#include "survey/random_answers.hpp"
#include "sync/envelope.hpp"

namespace peilpunt::cli {

void add_simulate_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("simulate", "Fill in random valid responses into the outbox");
  struct Options {
    SharedOptions shared;
    std::int64_t count = 0;
    std::uint64_t seed = std::random_device{}();
    std::string event = "Simulatie";
    std::string survey_file;
  };
  auto o = std::make_shared<Options>();
  o->shared.add_to(cmd);
  cmd->add_option("--count", o->count, "how many responses")->required()->check(CLI::Range(1, 10'000'000));
  cmd->add_option("--seed", o->seed, "random seed (for a repeatable run)");
  cmd->add_option("--event", o->event, "event name stored with the responses");
  cmd->add_option("--survey", o->survey_file, "questionnaire (default: the first in the config)");
  cmd->callback([o] {
    Config config = o->shared.resolve();
    const std::string survey_file = o->survey_file.empty() ? config.surveys.front().string() : o->survey_file;
    survey::LoadResult loaded = survey::load_file(survey_file);
    for (const auto& e : loaded.errors) std::cerr << e.to_string() << '\n';
    if (!loaded.ok()) throw CLI::RuntimeError(1);
    sync::SurveyRef ref = sync::survey_ref_for_file(survey_file);
    sync::Outbox outbox = open_outbox(config, OutboxUse::Create);
    // Mostly the questionnaire's own language, now and then English (SurveyJS's default).
    std::string main_locale = loaded.survey->locale.empty() ? config.language : loaded.survey->locale;
    std::string other_locale = main_locale == "en" ? config.language : "en";
    std::mt19937_64 rng(o->seed);
    ProgressBar progress("simulate", o->count);
    std::int64_t stored = 0, stuck = 0;
    for (std::int64_t i = 0; i < o->count; ++i) {
      auto started = std::chrono::system_clock::now();
      double now_ms = static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(started.time_since_epoch()).count());
      survey::Session session(loaded.survey, rng() % 4 == 0 ? other_locale : main_locale, now_ms);
      if (!survey::fill_randomly(session, rng)) {
        ++stuck;
        continue;
      }
      sync::Envelope envelope = sync::make_envelope(session, ref, outbox.device_name(), o->event, started);
      try {
        outbox.commit(envelope);
      } catch (const sync::OutboxError& e) {
        progress.finish();
        std::cerr << e.what() << '\n' << "simulate: stored " << stored << " of " << o->count << '\n';
        throw CLI::RuntimeError(1);
      }
      ++stored;
      progress.update(i + 1);
    }
    progress.finish();
    std::cout << "simulate: stored " << stored << " responses in " << outbox.file().string() << " (seed " << o->seed << ")";
    if (stuck) std::cout << "; " << stuck << " random respondents could not pass a page and were not stored";
    std::cout << '\n';
  });
}

}  // namespace peilpunt::cli
