// peilpunt eval FILE --data DATA.json [--now ISO] [--with-result] [--with-texts] [--in-order]: what
// survey-core would say about these answers: visible and required questions, errors per element,
// completion, and with --with-texts each visible question's title and description after piping, the
// thank-you text and the questions the preview before completing shows.
// --in-order gives the answers one by one as a respondent at the kiosk does (so triggers fire)
// and prints the pages walked, the errors that stopped the walk, completion and the data.
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

// A respondent pressing Next on every page, then Complete (in the preview, when there is one);
// `preview` gets the questions the preview shows, page by page.
bool press_through(survey::Session& session, Json& preview) {
  for (std::size_t presses = 0; presses <= 2 * session.survey().pages.size() + 6; ++presses) {
    if (!session.advance()) return false;
    if (session.in_preview() && preview.is_null()) {
      preview = Json::array();
      for (int page : session.visible_pages())
        for (int q : session.preview_questions(page)) preview.push_back(session.survey().elements[static_cast<std::size_t>(q)].name);
    }
    if (session.is_completed()) return true;  // also a complete trigger on Next
  }
  return false;
}

// The respondent of --in-order (tests/differential/README.md, oracle.js answerInOrder): on the
// current page, each shown, writable question with a key in the data gets it, one at a time, in
// page order; then Next, or Complete on the last page (or in the preview after it). A skip
// trigger may move the walk.
Json answer_in_order(survey::Session& session, const Json& data) {
  const survey::Survey& s = session.survey();
  std::vector<char> given(s.elements.size(), 0);
  Json pages = Json::array();
  Json errors = Json::object();
  std::size_t limit = 4 * (s.questions.size() + s.pages.size()) + 8;
  for (std::size_t step = 0; step < limit && !session.is_completed(); ++step) {
    // survey-core has no current page once the start page is behind and no page is visible
    if (!session.on_start_page() && session.visible_pages().empty()) break;
    if (session.in_preview()) {  // read-only: Complete, or the errors it finds on any page
      if (!session.advance()) break;
      continue;
    }
    int page = session.current_page();
    const std::string& page_name = s.pages[static_cast<std::size_t>(page)].name;
    if (pages.empty() || pages.back() != page_name) pages.push_back(page_name);
    int next = -1;
    for (int q : s.questions) {
      const survey::Element& e = s.elements[static_cast<std::size_t>(q)];
      if (e.page != page || given[static_cast<std::size_t>(q)] || !session.is_visible(q) || session.is_read_only(q)) continue;
      if (!e.has_input() || e.type == survey::QuestionType::Expression) continue;
      if (!data.contains(e.name) && !data.contains(survey::Session::comment_key(e.name))) continue;
      next = q;
      break;
    }
    if (next >= 0) {
      given[static_cast<std::size_t>(next)] = 1;
      const std::string& name = s.elements[static_cast<std::size_t>(next)].name;
      if (data.contains(name)) session.set_value(name, data[name]);
      std::string comment = survey::Session::comment_key(name);
      if (data.contains(comment)) session.set_value(comment, data[comment]);
      continue;
    }
    if (!session.advance()) break;
  }
  if (!session.is_completed()) {  // the walk stopped at a refusal: why
    for (const auto& e : session.errors_on_page()) errors[session.error_key(e)].push_back(e.kind);
  }
  return Json{{"pages", std::move(pages)}, {"errors", std::move(errors)}, {"complete", session.is_completed()},
              {"data", session.result_data()}};
}

}  // namespace

void add_eval_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("eval", "Evaluate a questionnaire for one set of answers");
  auto file = std::make_shared<std::string>();
  auto data_file = std::make_shared<std::string>();
  auto now = std::make_shared<std::string>();
  auto with_result = std::make_shared<bool>(false);
  auto with_texts = std::make_shared<bool>(false);
  auto in_order = std::make_shared<bool>(false);
  cmd->add_option("FILE", *file, "questionnaire (SurveyJS JSON)")->required();
  cmd->add_option("--data", *data_file, "answers as SurveyJS data (JSON object)")->required();
  cmd->add_option("--now", *now, "fix the clock (ISO-8601)");
  cmd->add_flag("--with-result", *with_result, "also print the data after completion");
  cmd->add_flag("--with-texts", *with_texts, "also print each visible question's title and description after piping");
  cmd->add_flag("--in-order", *in_order, "answer one by one as a respondent does (triggers fire); print pages, errors, complete, data");
  cmd->callback([=] {
    use_utc_clock();
    survey::LoadResult loaded = survey::load_file(*file);
    for (const auto& e : loaded.errors) std::cerr << e.to_string() << '\n';
    if (!loaded.ok()) throw CLI::RuntimeError(1);
    Json data = read_data(*data_file);
    double now_ms = parse_now(*now);
    const survey::Survey& s = *loaded.survey;
    if (*in_order) {
      survey::Session respondent(loaded.survey, s.locale, now_ms);
      std::cout << answer_in_order(respondent, data).dump() << '\n';
      return;
    }

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
    Json preview;
    bool complete = press_through(respondent, preview);
    out["complete"] = complete;
    if (*with_result) out["data"] = complete ? respondent.result_data() : Json();
    if (*with_texts) {
      out["texts"] = std::move(texts);
      // the questionnaire's own thank-you text after piping, when it has one for these answers
      std::string thanks = complete ? respondent.completed_html().get(s.locale, s.locale) : "";
      out["completed"] = thanks.empty() ? Json() : Json(respondent.piped(thanks));
      out["preview"] = std::move(preview);
    }
    std::cout << out.dump() << '\n';
  });
}

}  // namespace peilpunt::cli
