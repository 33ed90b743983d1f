// peilpunt check FILE...: validate questionnaires. Problems go to stderr, one per line, as
// "FILE: /json/pointer: message"; exit 1 when any file has a problem. Warnings print the same
// way with "warning: " before the message and do not change the exit status.
#include <iostream>

#include "kiosk/cli/commands.hpp"
#include "survey/model.hpp"

namespace peilpunt::cli {

void add_check_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("check", "Validate questionnaires (SurveyJS JSON)");
  auto files = std::make_shared<std::vector<std::string>>();
  cmd->add_option("FILE", *files, "questionnaire files")->required();
  cmd->callback([files] {
    bool all_ok = true;
    for (const auto& file : *files) {
      survey::LoadResult result = survey::load_file(file, survey::Pictures::MustExist);
      for (const auto& e : result.errors) std::cerr << e.to_string() << '\n';
      for (const auto& w : result.warnings) std::cerr << w.to_string() << '\n';
      if (!result.ok()) {
        all_ok = false;
        continue;
      }
      std::cout << file << ": ok, " << result.survey->pages.size() << " pages, "
                << result.survey->questions.size() << " questions\n";
    }
    if (!all_ok) throw CLI::RuntimeError(1);
  });
}

}  // namespace peilpunt::cli
