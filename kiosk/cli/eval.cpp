// peilpunt eval FILE --data DATA.json [--now ISO] [--with-result] [--with-texts]: what survey-core
// would say about these answers: visible and required questions, errors per element, completion,
// and with --with-texts each visible question's title and description after piping.
#include <iostream>

#include <nlohmann/json.hpp>

#include "kiosk/cli/commands.hpp"
#include "survey/model.hpp"
#include "survey/session.hpp"

namespace peilpunt::cli {
namespace {

using Json = nlohmann::ordered_json;

Json read_data(const std::string& path) {
  Json data = read_json_file(path);
  if (!data.is_object()) exit_with_error(path + ": /: expected a JSON object of answers");
  return data;
}

// A respondent pressing Next on every page, then Complete.
bool press_through(survey::Session& session) {
  for (std::size_t presses = 0; presses <= 2 * session.survey().pages.size() + 4; ++presses) {
    if (session.is_last_page()) return session.complete();
    if (!session.next()) return false;
  }
  return false;
}

}  // namespace

void add_eval_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("eval", "Evaluate a questionnaire for one set of answers");
  auto file = std::make_shared<std::string>();
  auto data_file = std::make_shared<std::string>();
  auto now = std::make_shared<std::string>();
  auto with_result = std::make_shared<bool>(false);
  auto with_texts = std::make_shared<bool>(false);
  cmd->add_option("FILE", *file, "questionnaire (SurveyJS JSON)")->required();
  cmd->add_option("--data", *data_file, "answers as SurveyJS data (JSON object)")->required();
  cmd->add_option("--now", *now, "fix the clock (ISO-8601)");
  cmd->add_flag("--with-result", *with_result, "also print the data after completion");
  cmd->add_flag("--with-texts", *with_texts, "also print each visible question's title and description after piping");
  cmd->callback([=] {
    use_utc_clock();
    survey::LoadResult loaded = survey::load_file(*file);
    for (const auto& e : loaded.errors) std::cerr << e.to_string() << '\n';
    if (!loaded.ok()) throw CLI::RuntimeError(1);
    Json data = read_data(*data_file);
    double now_ms = parse_now(*now);
    const survey::Survey& s = *loaded.survey;

    survey::Session session(loaded.survey, s.locale, now_ms);
    session.merge_data(data);
    Json out;
    out["visible"] = Json::array();
    out["required"] = Json::array();
    for (int q : s.questions) {
      if (!session.is_visible(q)) continue;
      out["visible"].push_back(s.elements[static_cast<std::size_t>(q)].name);
      if (session.is_required(q)) out["required"].push_back(s.elements[static_cast<std::size_t>(q)].name);
    }
    Json texts = Json::object();
    for (int q : s.questions) {
      if (!session.is_visible(q)) continue;
      const survey::Element& e = s.elements[static_cast<std::size_t>(q)];
      std::string title = e.title.get(s.locale, s.locale);
      texts[e.name] = {{"title", title.empty() ? e.name : session.piped(title)},
                       {"description", session.piped(e.description.get(s.locale, s.locale))}};
    }
    out["errors"] = Json::object();
    for (const auto& [name, kinds] : session.validate_all()) out["errors"][name] = kinds;

    survey::Session respondent(loaded.survey, s.locale, now_ms);
    respondent.merge_data(data);
    bool complete = press_through(respondent);
    out["complete"] = complete;
    if (*with_result) out["data"] = complete ? respondent.result_data() : Json();
    if (*with_texts) out["texts"] = std::move(texts);
    std::cout << out.dump() << '\n';
  });
}

}  // namespace peilpunt::cli
