// survey::Session on the default questionnaire: what a respondent sees, what stops them, and
// what ends up in the result. Rules are survey-core's (the differential tests cover the rest).
#include <catch2/catch.hpp>

#include "survey/session.hpp"

namespace {

using Json = nlohmann::ordered_json;
const double now_ms = 1795428000000;  // 2026-11-23T10:00:00Z

std::shared_ptr<const survey::Survey> jeugdakkoord() {
  static auto loaded = survey::load_file(std::filesystem::path(PEILPUNT_SOURCE_DIR) /
                                         "assets/surveys/jeugdakkoord-midden-drenthe.json");
  REQUIRE(loaded.ok());
  return loaded.survey;
}

bool visible(const survey::Session& s, const char* name) { return s.is_visible(s.survey().index_of(name)); }

std::vector<std::string> error_kinds(const survey::Session& s) {
  std::vector<std::string> kinds;
  for (const auto& e : s.errors_on_page()) kinds.push_back(s.survey().elements[static_cast<std::size_t>(e.element)].name + ":" + e.kind);
  return kinds;
}

}  // namespace

TEST_CASE("the role question branches the rest of the questionnaire") {
  survey::Session s(jeugdakkoord(), "nl", now_ms);
  CHECK_FALSE(visible(s, "leeftijd"));
  s.set_value("rol", "jongere");
  CHECK(visible(s, "leeftijd"));
  CHECK_FALSE(visible(s, "hulp_toegang"));
  s.set_value("rol", "ouder");
  CHECK_FALSE(visible(s, "leeftijd"));
  CHECK(visible(s, "hulp_toegang"));
  CHECK_FALSE(visible(s, "sector"));
  s.set_value("rol", "professional");
  CHECK(visible(s, "sector"));
}

TEST_CASE("children under 12 get the short path and are never asked for contact details") {
  survey::Session s(jeugdakkoord(), "nl", now_ms);
  s.merge_data(Json{{"rol", "jongere"}, {"leeftijd", 10}});
  CHECK_FALSE(visible(s, "plekken"));
  CHECK_FALSE(visible(s, "spijbelen"));
  CHECK_FALSE(visible(s, "vervolg"));
  CHECK_FALSE(visible(s, "email"));
  s.set_value("leeftijd", 17);
  CHECK(visible(s, "spijbelen"));
  CHECK(visible(s, "vervolg"));
  CHECK_FALSE(visible(s, "email"));  // only after choosing to take part
  s.set_value("vervolg", true);
  CHECK(visible(s, "email"));
}

TEST_CASE("regression: a 'yes' given at 16 does not ask for contact details once the age is corrected to 10") {
  survey::Session s(jeugdakkoord(), "nl", now_ms);
  s.merge_data(Json{{"rol", "jongere"}, {"leeftijd", 16}, {"vervolg", true}});
  REQUIRE(visible(s, "email"));
  s.set_value("leeftijd", 10);  // back on the first page: the hidden "yes" keeps its value until completion
  CHECK_FALSE(visible(s, "naam"));
  CHECK_FALSE(visible(s, "email"));
  for (int page : s.visible_pages()) CHECK(s.survey().pages[static_cast<std::size_t>(page)].name != "meepraten");
}

TEST_CASE("each role and age sees its own path and children get the shortest one with smileys") {
  auto path = [](const Json& data) {
    survey::Session s(jeugdakkoord(), "nl", now_ms);
    s.merge_data(data);
    std::vector<std::string> shown;
    for (int page : s.visible_pages())
      for (int q : s.page_questions(page)) {
        const auto& e = s.survey().elements[static_cast<std::size_t>(q)];
        if (e.has_input()) shown.push_back(e.name);
      }
    return shown;
  };
  using Names = std::vector<std::string>;
  const Names child = path(Json{{"rol", "jongere"}, {"leeftijd", 9}});
  CHECK(child == Names{"rol", "leeftijd", "woonplaats", "kind_thuis", "kind_school", "kind_buiten", "kind_veilig",
                       "kind_praten", "kind_wens", "verandering"});
  CHECK(path(Json{{"rol", "jongere"}, {"leeftijd", 11}}) == child);  // 12 is the first age past it
  for (const auto& name : child) {
    const auto* e = jeugdakkoord()->find(name);
    REQUIRE(e);
    if (e->type == survey::QuestionType::Rating) CHECK(e->rate_type == survey::RateType::Smileys);
  }
  const Names young = path(Json{{"rol", "jongere"}, {"leeftijd", 12}});
  CHECK(young == Names{"rol", "leeftijd", "woonplaats", "veilig", "school", "sport", "plekken", "cijfer", "vrije_tijd",
                       "spijbelen", "hulp_wie", "themas", "verandering"});
  const Names parent = path(Json{{"rol", "ouder"}, {"vervolg", true}});
  CHECK(parent == Names{"rol", "woonplaats", "veilig", "school", "sport", "plekken", "cijfer", "hulp_wie",
                        "hulp_toegang", "themas", "verandering", "vervolg", "naam", "email"});
  const Names professional = path(Json{{"rol", "professional"}});
  CHECK(professional == Names{"rol", "woonplaats", "veilig", "school", "sport", "plekken", "cijfer", "hulp_wie",
                              "hulp_toegang", "sector", "samenwerking", "samenwerking_tip", "themas", "verandering",
                              "vervolg"});
  const Names volunteer = path(Json{{"rol", "vrijwilliger"}});
  CHECK(volunteer == Names{"rol", "woonplaats", "veilig", "school", "sport", "plekken", "cijfer", "hulp_wie",
                           "vrijwilliger_waar", "vrijwilliger_melden", "themas", "verandering", "vervolg"});
  for (const Names* other : {&young, &parent, &professional, &volunteer}) CHECK(child.size() < other->size());
}

TEST_CASE("a young person must give an age, because the age chooses the path") {
  survey::Session s(jeugdakkoord(), "nl", now_ms);
  s.set_value("rol", "jongere");
  CHECK_FALSE(s.next());
  CHECK(error_kinds(s) == std::vector<std::string>{"leeftijd:required"});
  s.set_value("leeftijd", 9);
  REQUIRE(s.next());
  CHECK(s.survey().pages[static_cast<std::size_t>(s.current_page())].name == "kind");
}

TEST_CASE("Next stops on a missing required answer and says so in the chosen language") {
  survey::Session s(jeugdakkoord(), "nl", now_ms);
  REQUIRE(s.current_page() == 0);
  CHECK_FALSE(s.next());
  CHECK(error_kinds(s) == std::vector<std::string>{"rol:required"});
  CHECK(s.current_page() == 0);
  s.set_value("rol", "jongere");
  s.set_value("leeftijd", 120);
  CHECK_FALSE(s.next());
  REQUIRE(s.errors_on_page().size() == 1);
  CHECK(s.errors_on_page()[0].kind == "custom");
  CHECK(s.errors_on_page()[0].text.rfind("Vul een leeftijd in van 6 tot en met 99", 0) == 0);
  s.set_locale("en");
  CHECK_FALSE(s.next());
  CHECK(s.errors_on_page()[0].text.rfind("Enter an age from 6 to 99", 0) == 0);
  s.set_value("leeftijd", 14);
  CHECK(s.next());
  CHECK(s.survey().pages[static_cast<std::size_t>(s.current_page())].name == "opgroeien");  // past the children's page
  s.previous();
  CHECK(s.current_page() == 0);
}

TEST_CASE("'other' without an explanation is an otherempty error") {
  survey::Session s(jeugdakkoord(), "nl", now_ms);
  s.set_value("rol", "other");
  CHECK_FALSE(s.next());
  CHECK(error_kinds(s) == std::vector<std::string>{"rol:otherempty"});
  s.set_value(survey::Session::comment_key("rol"), "opa");
  CHECK(s.next());
}

TEST_CASE("completion keeps visible answers only, so a changed mind leaves no contact data") {
  survey::Session s(jeugdakkoord(), "nl", now_ms);
  s.merge_data(Json{{"rol", "ouder"}, {"leeftijd", 40}, {"vervolg", true}, {"naam", "Jan"},
                    {"email", "jan@example.nl"}, {"verandering", "Meer plekken voor jongeren"}});
  s.set_value("vervolg", false);
  for (int guard = 0; guard < 20 && !s.is_last_page(); ++guard) REQUIRE(s.next());
  REQUIRE(s.complete());
  Json result = s.result_data();
  CHECK(result["rol"] == "ouder");
  CHECK(result["verandering"] == "Meer plekken voor jongeren");
  CHECK_FALSE(result.contains("leeftijd"));  // only asked of young people
  CHECK_FALSE(result.contains("naam"));
  CHECK_FALSE(result.contains("email"));
}

TEST_CASE("an answer that is not one of the choices counts as 'other', with itself as the text") {
  survey::Session s(jeugdakkoord(), "nl", now_ms);
  s.merge_data(Json{{"rol", "Jongere"}});  // wrong case: survey-core reads it as 'other'
  CHECK_FALSE(visible(s, "leeftijd"));
  REQUIRE(s.value("rol-Comment"));
  CHECK(*s.value("rol-Comment") == "Jongere");
  CHECK(s.next());
}

TEST_CASE("a value that is not a choice is dropped when the page is checked (no 'other' item)") {
  survey::Session s(jeugdakkoord(), "nl", now_ms);
  s.merge_data(Json{{"rol", "jongere"}, {"leeftijd", 14}, {"woonplaats", "Assen"}});
  CHECK(s.next());
  CHECK_FALSE(s.value("woonplaats"));
}

TEST_CASE("regression: answers that hide the current page move the respondent to the next visible one") {
  auto loaded = survey::load_text(R"json({"pages":[
      {"name":"a","visibleIf":"{skip} <> true","elements":[{"type":"text","name":"q1","isRequired":true}]},
      {"name":"b","elements":[{"type":"boolean","name":"skip"}]}]})json", "t.json");
  REQUIRE(loaded.ok());
  survey::Session s(loaded.survey, "nl", now_ms);
  REQUIRE(s.current_page() == 0);
  s.merge_data(Json{{"skip", true}});
  CHECK(s.current_page() == 1);
  CHECK(s.complete());  // the hidden page's required question does not block
}

// [SECTION] defaultValue and defaultValueExpression (each outcome checked in survey-core 3.1.1)

namespace {
std::shared_ptr<const survey::Survey> questionnaire(const char* text) {
  auto loaded = survey::load_text(text, "t.json");
  REQUIRE(loaded.ok());
  return loaded.survey;
}
}  // namespace

TEST_CASE("a defaultValue is the answer the question starts with, in the question's own kind of value") {
  survey::Session s(questionnaire(R"json({"elements":[
      {"type":"checkbox","name":"sport","choices":[1,2,"voetbal"],"defaultValue":"voetbal"},
      {"type":"radiogroup","name":"waar","choices":["thuis","school"],"showOtherItem":true,"defaultValue":"Beilen"},
      {"type":"text","name":"leeftijd","inputType":"number","defaultValue":"12"},
      {"type":"text","name":"code","inputType":"number","defaultValue":"abc"},
      {"type":"comment","name":"uitleg","defaultValue":"   "},
      {"type":"boolean","name":"akkoord","defaultValue":"true"}]})json"), "nl", now_ms);
  CHECK(*s.value("sport") == Json::array({"voetbal"}));  // a checkbox holds a list
  CHECK(*s.value("waar") == "other");                     // not a choice: "other" with it as the text
  CHECK(*s.value("waar-Comment") == "Beilen");
  CHECK(*s.value("leeftijd") == 12);  // a number field stores a number
  CHECK_FALSE(s.value("code"));       // and takes no text
  CHECK_FALSE(s.value("uitleg"));     // only spaces is no default
  CHECK(*s.value("akkoord") == true);
  CHECK(s.complete());
  CHECK(s.result_data()["sport"] == Json::array({"voetbal"}));
}

TEST_CASE("a defaultValueExpression follows its sources until the respondent answers the question") {
  survey::Session s(questionnaire(R"json({"elements":[
      {"type":"text","name":"naam"},
      {"type":"text","name":"groet","defaultValueExpression":"iif({naam} notempty, 'Hoi ' + {naam}, '')"},
      {"type":"text","name":"datum","inputType":"date","defaultValueExpression":"today()"}]})json"), "nl", now_ms);
  CHECK_FALSE(s.value("groet"));  // '' is no answer
  CHECK(*s.value("datum") == "2026-11-23");
  s.set_value("naam", "Sam");
  CHECK(*s.value("groet") == "Hoi Sam");
  s.set_value("groet", "Hallo");
  s.set_value("naam", "Kim");
  CHECK(*s.value("groet") == "Hallo");  // the respondent's own answer stays
}

TEST_CASE("a defaultValueExpression that gives nothing falls back to the defaultValue") {
  survey::Session s(questionnaire(R"json({"elements":[
      {"type":"text","name":"a"},
      {"type":"text","name":"b","defaultValueExpression":"{a}","defaultValue":"leeg"},
      {"type":"boolean","name":"c","defaultValue":false,"defaultValueExpression":"{a} notempty"}]})json"), "nl", now_ms);
  CHECK(*s.value("b") == "leeg");
  s.set_value("a", "x");
  CHECK(*s.value("b") == "x");
  s.set_value("a", nullptr);
  CHECK(*s.value("b") == "leeg");
  CHECK(*s.value("c") == false);  // a boolean's true/false default wins over its expression
}

TEST_CASE("a page that appears gives its emptied questions their default again") {
  survey::Session s(questionnaire(R"json({"pages":[
      {"elements":[{"type":"boolean","name":"toon"}]},
      {"visibleIf":"{toon} = true","elements":[{"type":"text","name":"stad","defaultValue":"Beilen"}]}]})json"), "nl", now_ms);
  CHECK(*s.value("stad") == "Beilen");
  s.merge_data(Json{{"stad", ""}});
  CHECK(*s.value("stad") == "");
  s.set_value("toon", true);
  CHECK(*s.value("stad") == "Beilen");
}

TEST_CASE("a default value that validation removes comes back with the next change only") {
  survey::Session s(questionnaire(R"json({"elements":[
      {"type":"radiogroup","name":"q","choices":["a","b"],"defaultValueExpression":"today()"},
      {"type":"text","name":"x"}]})json"), "nl", now_ms);
  CHECK(*s.value("q") == "2026-11-23");
  s.validate_all();  // not a choice: dropped
  CHECK_FALSE(s.value("q"));
  s.set_value("x", "1");
  CHECK(*s.value("q") == "2026-11-23");
}

TEST_CASE("a required page wants one of its questions answered, when its requiredIf holds") {
  survey::Session s(questionnaire(R"json({"pages":[
      {"name":"p1","elements":[{"type":"text","name":"x"}]},
      {"name":"p2","requiredIf":"{x} = 1","requiredErrorText":"Kies er minstens een.",
       "elements":[{"type":"text","name":"a"},{"type":"text","name":"b"}]}]})json"), "nl", now_ms);
  CHECK_FALSE(s.is_page_required(1));
  CHECK(s.validate_all().empty());
  s.set_value("x", 1);
  CHECK(s.is_page_required(1));
  auto errors = s.validate_all();
  REQUIRE(errors.count("p2"));
  CHECK(errors["p2"] == std::vector<std::string>{"requireoneanswer"});
  CHECK(s.next());
  CHECK_FALSE(s.complete());
  REQUIRE(s.errors_on_page().size() == 1);
  CHECK(s.errors_on_page()[0].element == -1);
  CHECK(s.errors_on_page()[0].text == "Kies er minstens een.");
  s.set_value("b", "ja");
  CHECK(s.complete());
}

TEST_CASE("a comment area's text is kept beside the answer, and goes with a hidden question") {
  survey::Session s(questionnaire(R"json({"elements":[
      {"type":"radiogroup","name":"park","choices":["ja","nee"],"showCommentArea":true,"isRequired":true},
      {"type":"rating","name":"cijfer","showCommentArea":true,"visibleIf":"{park} = 'ja'"}]})json"), "nl", now_ms);
  s.set_value("park-Comment", "te weinig banken");
  CHECK_FALSE(s.complete());  // a comment does not answer the question
  s.set_value("park", "nee");
  s.set_value("cijfer", 8);
  s.set_value("cijfer-Comment", "mooi");
  REQUIRE(s.complete());
  CHECK(s.result_data() == Json{{"park-Comment", "te weinig banken"}, {"park", "nee"}});
}

TEST_CASE("piped text shows an answer as the respondent chose it, and leaves unknown names alone") {
  survey::Session s(questionnaire(R"json({"elements":[
      {"type":"text","name":"naam"},
      {"type":"radiogroup","name":"kleur","choices":[{"value":"r","text":{"default":"Red","nl":"Rood"}}]},
      {"type":"checkbox","name":"sport","choices":[{"value":1,"text":"Voetbal"},{"value":2,"text":"Hockey"}]},
      {"type":"boolean","name":"buiten"}]})json"), "nl", now_ms);
  CHECK(s.piped("Hoi {naam}!") == "Hoi !");  // unanswered: empty
  s.set_value("naam", "Sam");
  s.set_value("kleur", "r");
  s.set_value("sport", Json::array({2, 1}));
  s.set_value("buiten", false);
  CHECK(s.piped("Hoi { NAAM }, {kleur}: {sport}. {buiten}") == "Hoi Sam, Rood: Hockey, Voetbal. Nee");
  CHECK(s.piped("{onbekend} en {} blijven") == "{onbekend} en {} blijven");
  CHECK(s.piped("{{naam}} {naam") == "{Sam} {naam");
}

TEST_CASE("the thank-you text is the first completedHtmlOnCondition that holds after completion") {
  auto loaded = survey::load_text(R"json({"completedHtml":"Bedankt!",
    "completedHtmlOnCondition":[{"expression":"{geheim} notempty","html":"nooit"},
                                {"expression":"{rol} = 'ouder'","html":{"default":"Thanks, parent","nl":"Bedankt, ouder"}}],
    "pages":[{"elements":[{"type":"radiogroup","name":"rol","choices":["jongere","ouder"]},
                          {"type":"text","name":"geheim","visible":false}]}]})json",
                                  "t.json");
  REQUIRE(loaded.ok());
  survey::Session s(loaded.survey, "nl", now_ms);
  s.set_value("geheim", "x");  // hidden: cleared on completion, before the text is chosen
  CHECK(s.completed_html().get("nl") == "nooit");
  s.set_value("rol", "ouder");
  REQUIRE(s.complete());
  CHECK(s.completed_html().get("nl") == "Bedankt, ouder");
  CHECK(s.completed_html().get("de") == "Thanks, parent");
  survey::Session other(loaded.survey, "nl", now_ms);
  other.set_value("rol", "jongere");
  REQUIRE(other.complete());
  CHECK(other.completed_html().get("nl") == "Bedankt!");
}

TEST_CASE("'select all' chooses every shown choice but other and none, and clears when all are chosen") {
  // The sequence and results are survey-core's (q.toggleSelectAll(), q.isAllSelected).
  auto loaded = survey::load_text(R"json({"pages":[{"elements":[
    {"type":"checkbox","name":"c","showOtherItem":true,"showNoneItem":true,"showSelectAllItem":true,
     "choices":["a","b",{"value":"c","visibleIf":"{x} = 1"}]},
    {"type":"text","name":"x"}]}]})json",
                                  "t.json");
  REQUIRE(loaded.ok());
  survey::Session s(loaded.survey, "nl", now_ms);
  const int c = s.survey().index_of("c");
  s.toggle_select_all(c);
  CHECK(s.data()["c"] == Json::array({"a", "b"}));
  CHECK(s.all_selected(c));
  s.set_value("x", 1);  // a choice appears: no longer all
  CHECK_FALSE(s.all_selected(c));
  s.toggle_select_all(c);
  CHECK(s.data()["c"] == Json::array({"a", "b", "c"}));
  s.toggle_select_all(c);
  CHECK_FALSE(s.data().contains("c"));
  s.set_value("c", Json::array({"none"}));
  CHECK_FALSE(s.all_selected(c));
  s.set_value("c", Json::array({"a", "other"}));
  s.set_value("c-Comment", "zelf");
  s.toggle_select_all(c);
  CHECK(s.data()["c"] == Json::array({"a", "b", "c"}));
  CHECK_FALSE(s.data().contains("c-Comment"));
}

TEST_CASE("a start page is answered and confirmed first, is no step of the questionnaire and keeps its answers") {
  auto loaded = survey::load_text(R"json({"firstPageIsStarted":true,"pages":[
    {"name":"welkom","elements":[{"type":"radiogroup","name":"mee","choices":["ja","nee"],"isRequired":true},
                                 {"type":"text","name":"waarom","visibleIf":"{mee} = 'nee'"}]},
    {"name":"een","elements":[{"type":"text","name":"a"}]},
    {"name":"twee","elements":[{"type":"text","name":"b"}]}]})json",
                                  "t.json");
  REQUIRE(loaded.ok());
  survey::Session s(loaded.survey, "nl", now_ms);
  CHECK(s.on_start_page());
  CHECK(s.current_page() == 0);
  CHECK(s.visible_pages() == std::vector<int>{1, 2});
  CHECK_FALSE(s.next());  // the required answer on the start page
  s.set_value("waarom", "geen tijd");
  s.set_value("mee", "ja");  // hides "waarom": a start page keeps hidden answers (canClearValueAsInvisible)
  REQUIRE(s.next());
  CHECK_FALSE(s.on_start_page());
  CHECK(s.current_page() == 1);
  CHECK(s.is_first_page());
  s.previous();
  CHECK(s.current_page() == 1);  // no way back to the start page
  REQUIRE(s.next());
  REQUIRE(s.complete());
  CHECK(s.result_data() == Json{{"waarom", "geen tijd"}, {"mee", "ja"}});
}

namespace {

std::shared_ptr<const survey::Survey> preview_survey(const std::string& mode) {
  auto loaded = survey::load_text(R"json({"showPreviewBeforeComplete":)json" + mode + R"json(,"pages":[
    {"name":"een","elements":[{"type":"text","name":"a"},{"type":"text","name":"school","requiredIf":"{cijfer} < 3"},
                              {"type":"html","name":"uitleg","html":"<p>Uitleg</p>"}]},
    {"name":"twee","elements":[{"type":"rating","name":"cijfer","isRequired":true},{"type":"comment","name":"tip"}]}]})json",
                                  "t.json");
  REQUIRE(loaded.ok());
  return loaded.survey;
}

std::vector<std::string> preview_names(const survey::Session& s) {
  std::vector<std::string> names;
  for (int page : s.visible_pages())
    for (int q : s.preview_questions(page)) names.push_back(s.survey().elements[static_cast<std::size_t>(q)].name);
  return names;
}

}  // namespace

TEST_CASE("the preview comes after the last page validates, and Complete is pressed there") {
  survey::Session s(preview_survey("true"), "nl", now_ms);
  CHECK(s.survey().preview == survey::Survey::Preview::AllQuestions);
  REQUIRE(s.advance());
  CHECK(s.current_page() == 1);
  CHECK_FALSE(s.advance());  // "cijfer" is required: no preview yet
  CHECK_FALSE(s.in_preview());
  s.set_value("cijfer", 4);
  REQUIRE(s.advance());
  CHECK(s.in_preview());
  CHECK_FALSE(s.is_completed());
  CHECK(preview_names(s) == std::vector<std::string>{"a", "school", "uitleg", "cijfer", "tip"});
  REQUIRE(s.advance());
  CHECK(s.is_completed());
  CHECK(s.result_data() == Json{{"cijfer", 4}});
}

TEST_CASE("'Wijzig' in the preview goes back to that page; Back to the last one") {
  survey::Session s(preview_survey("true"), "nl", now_ms);
  REQUIRE(s.advance());
  s.set_value("cijfer", 4);
  REQUIRE(s.advance());
  s.leave_preview(0);
  CHECK_FALSE(s.in_preview());
  CHECK(s.current_page() == 0);
  s.set_value("a", "anders");
  REQUIRE(s.advance());
  REQUIRE(s.advance());
  REQUIRE(s.in_preview());
  s.previous();
  CHECK_FALSE(s.in_preview());
  CHECK(s.current_page() == 1);
}

TEST_CASE("Complete in the preview validates every page and leaves the errors with their page") {
  survey::Session s(preview_survey("true"), "nl", now_ms);
  REQUIRE(s.advance());
  s.set_value("cijfer", 2);  // makes "school" on the first page required
  REQUIRE(s.advance());
  REQUIRE(s.in_preview());
  CHECK_FALSE(s.advance());
  CHECK(error_kinds(s) == std::vector<std::string>{"school:required"});
  CHECK(s.in_preview());
  s.leave_preview(0);
  CHECK(error_kinds(s) == std::vector<std::string>{"school:required"});
  s.set_value("school", "De Wissel");
  REQUIRE(s.advance());
  REQUIRE(s.advance());
  REQUIRE(s.advance());
  CHECK(s.is_completed());
}

TEST_CASE("previewMode answeredQuestions leaves out unanswered questions once anything is answered") {
  for (const std::string mode : {R"("showAnsweredQuestions")", R"(true, "previewMode": "answeredQuestions")"}) {
    survey::Session s(preview_survey(mode), "nl", now_ms);
    CHECK(s.survey().preview == survey::Survey::Preview::AnsweredQuestions);
    s.set_value("a", "ja");
    s.set_value("cijfer", 5);
    REQUIRE(s.advance());
    REQUIRE(s.advance());
    REQUIRE(s.in_preview());
    CHECK(preview_names(s) == std::vector<std::string>{"a", "cijfer"});
  }
  // the later of the two keys wins, as survey-core reads them in the file's order
  CHECK(preview_survey(R"("showAnsweredQuestions", "previewMode": "allQuestions")")->preview == survey::Survey::Preview::AllQuestions);
  CHECK(preview_survey(R"("noPreview")")->preview == survey::Survey::Preview::None);
}

TEST_CASE("after the preview a value that is no choice no longer reads as the 'other' text: Complete drops it") {
  auto loaded = survey::load_text(R"json({"showPreviewBeforeComplete":true,"elements":[
    {"type":"radiogroup","name":"r","choices":["a"],"showOtherItem":true}]})json",
                                  "t.json");
  REQUIRE(loaded.ok());
  survey::Session s(loaded.survey, "nl", now_ms);
  s.merge_data(Json{{"r", "X"}});
  CHECK(s.data()["r-Comment"] == "X");
  REQUIRE(s.advance());
  REQUIRE(s.in_preview());
  REQUIRE(s.advance());
  CHECK(s.result_data() == Json::object());
}

TEST_CASE("clearInvisibleValues: hidden answers go at once, at completion or never, as the survey and the question say") {
  auto make = [](const std::string& mode) {
    auto loaded = survey::load_text(R"json({"clearInvisibleValues":")json" + mode + R"json(","elements":[
      {"type":"radiogroup","name":"rol","choices":["jongere","ouder"]},
      {"type":"text","name":"klas","visibleIf":"{rol} = 'jongere'","defaultValue":"groep 8"},
      {"type":"text","name":"notitie","visibleIf":"{rol} = 'jongere'","clearIfInvisible":"none"},
      {"type":"panel","name":"school","visibleIf":"{rol} = 'jongere'","elements":[{"type":"text","name":"vak"}]},
      {"type":"radiogroup","name":"oud","choices":["a"],"defaultValue":"c"}]})json",
                                    "t.json");
    REQUIRE(loaded.ok());
    return loaded.survey;
  };
  auto walk = [](survey::Session& s) {
    s.set_value("rol", "jongere");
    s.set_value("klas", "klas 1");
    s.set_value("notitie", "n");
    s.set_value("vak", "gym");
    s.set_value("rol", "ouder");
  };
  {
    survey::Session s(make("onHidden"), "nl", now_ms);
    CHECK_FALSE(s.data().contains("klas"));  // hidden at the start: no default
    walk(s);
    CHECK_FALSE(s.data().contains("klas"));  // gone as soon as it was hidden
    CHECK(s.data()["vak"] == "gym");          // its panel was hidden, not the question itself
    s.set_value("rol", "jongere");
    CHECK(s.data()["klas"] == "groep 8");  // shown again: its default
  }
  {
    survey::Session s(make("onHiddenContainer"), "nl", now_ms);
    walk(s);
    CHECK_FALSE(s.data().contains("vak"));  // its panel was hidden
    CHECK(s.data()["notitie"] == "n");      // clearIfInvisible: none
  }
  {
    survey::Session s(make("none"), "nl", now_ms);
    walk(s);
    REQUIRE(s.advance());
    CHECK(nlohmann::json::parse(s.result_data().dump()) ==
          nlohmann::json{{"klas", "klas 1"}, {"oud", "c"}, {"rol", "ouder"}, {"notitie", "n"}, {"vak", "gym"}});
  }
  {
    survey::Session s(make("onComplete"), "nl", now_ms);
    walk(s);
    CHECK(s.data()["klas"] == "klas 1");  // kept until completion
    REQUIRE(s.advance());
    CHECK(nlohmann::json::parse(s.result_data().dump()) == nlohmann::json{{"rol", "ouder"}, {"notitie", "n"}});
  }
}

namespace {
// The errors Next finds on a one-question survey after `value`, as "name:kind" (empty: it passes).
std::vector<std::string> errors_for_input(const std::string& question, const nlohmann::ordered_json& value) {
  auto loaded = survey::load_text(R"({"elements":[)" + question + "]}", "t.json");
  REQUIRE(loaded.ok());
  survey::Session s(loaded.survey, "nl", now_ms);
  s.set_value(loaded.survey->elements[0].name, value);
  s.advance();
  return error_kinds(s);
}
}  // namespace

TEST_CASE("time, month and week bounds compare letter by letter, as survey-core does") {
  const std::string time = R"({"type":"text","name":"t","inputType":"time","min":"08:00","max":"17:00"})";
  CHECK(errors_for_input(time, "07:30") == std::vector<std::string>{"t:custom"});
  CHECK(errors_for_input(time, "12:00").empty());
  CHECK(errors_for_input(time, "9:00") == std::vector<std::string>{"t:custom"});  // "9" comes after "1"
  CHECK(errors_for_input(time, "abc") == std::vector<std::string>{"t:custom"});  // letters come after digits: above 17:00
  CHECK(errors_for_input(R"({"type":"text","name":"t","inputType":"time","min":"08:00"})", "abc").empty());
  const std::string week = R"({"type":"text","name":"w","inputType":"week","min":"2024-W10"})";
  CHECK(errors_for_input(week, "2024-W09") == std::vector<std::string>{"w:custom"});
  CHECK(errors_for_input(week, "2024-W10").empty());
  const std::string month = R"({"type":"text","name":"m","inputType":"month","min":"2024-03","max":"2024-01"})";
  CHECK(errors_for_input(month, "2024-02") == (std::vector<std::string>{"m:custom", "m:custom"}));  // below the min and above the max
}

TEST_CASE("a date or datetime-local after 2999-12-31 errs without a max, as survey-core's maxDate says") {
  CHECK(errors_for_input(R"({"type":"text","name":"d","inputType":"date"})", "3000-01-01") == std::vector<std::string>{"d:custom"});
  CHECK(errors_for_input(R"({"type":"text","name":"d","inputType":"date"})", "2999-12-31").empty());
  CHECK(errors_for_input(R"({"type":"text","name":"d","inputType":"datetime"})", "2999-12-31T09:00") ==
        std::vector<std::string>{"d:custom"});  // after midnight of the max
  CHECK(errors_for_input(R"({"type":"text","name":"d","inputType":"datetime-local","min":"2024-01-01T10:00"})",
                         "2024-01-01T09:00") == std::vector<std::string>{"d:custom"});
}

TEST_CASE("a number input's step and bounds: the value a multiple of the step, a bound that is no number dropped") {
  const std::string whole = R"({"type":"text","name":"n","inputType":"number","step":1})";
  CHECK(errors_for_input(whole, 2.5) == std::vector<std::string>{"n:custom"});
  CHECK(errors_for_input(whole, 3).empty());
  CHECK(errors_for_input(R"({"type":"text","name":"n","inputType":"number","step":0.1})", 0.3).empty());  // no rounding error
  CHECK(errors_for_input(R"({"type":"text","name":"n","inputType":"number","step":"2"})", "3") == std::vector<std::string>{"n:custom"});
  CHECK(errors_for_input(R"({"type":"text","name":"n","inputType":"number","step":"any"})", 2.5).empty());
  CHECK(errors_for_input(R"({"type":"text","name":"n","inputType":"range","step":2})", 3).empty());  // range has no step check
  CHECK(errors_for_input(R"({"type":"text","name":"n","inputType":"number","min":"abc"})", -3).empty());
  CHECK(errors_for_input(R"({"type":"text","name":"n","inputType":"number","min":"5"})", 3) == std::vector<std::string>{"n:custom"});
  CHECK(errors_for_input(R"({"type":"text","name":"n","inputType":"currency","min":5})", 3) == std::vector<std::string>{"n:custom"});
  CHECK(errors_for_input(R"({"type":"text","name":"n","min":5})", "3").empty());  // a text has no min
}

TEST_CASE("an error for a crossed bound names the bound, and the author's text gets it for {0}") {
  auto loaded = survey::load_text(R"({"elements":[{"type":"text","name":"t","inputType":"time","min":"08:00",
    "max":"17:00","maxErrorText":"Uiterlijk {0}."}]})", "t.json");
  REQUIRE(loaded.ok());
  survey::Session s(loaded.survey, "nl", now_ms);
  s.set_value("t", "07:00");
  CHECK_FALSE(s.advance());
  REQUIRE(s.errors_on_page().size() == 1);
  CHECK(s.errors_on_page()[0].limit == "min");
  CHECK(s.errors_on_page()[0].bound == "08:00");
  CHECK(s.errors_on_page()[0].text.empty());
  s.set_value("t", "18:00");
  CHECK_FALSE(s.advance());
  REQUIRE(s.errors_on_page().size() == 1);
  CHECK(s.errors_on_page()[0].limit == "max");
  CHECK(s.errors_on_page()[0].text == "Uiterlijk 17:00.");
}

TEST_CASE("a month's default becomes yyyy-mm, a range's a number; a datetime-local's today() keeps its time") {
  auto loaded = survey::load_text(R"json({"elements":[
    {"type":"text","name":"m","inputType":"month","defaultValue":"2024-03-15"},
    {"type":"text","name":"r","inputType":"range","defaultValue":"4"},
    {"type":"text","name":"d","inputType":"datetime-local","defaultValueExpression":"today()"},
    {"type":"text","name":"t","inputType":"time","defaultValueExpression":"today()"}]})json", "t.json");
  REQUIRE(loaded.ok());
  survey::Session s(loaded.survey, "nl", now_ms);
  CHECK(*s.value("m") == "2024-03");
  CHECK(*s.value("r") == 4);
  const std::string moment = s.value("d")->get<std::string>(), time = s.value("t")->get<std::string>();
  CHECK(moment.size() == 16);
  CHECK(moment.substr(10) == "T00:00");  // today() is midnight
  CHECK(time == moment.substr(0, 10));   // survey-core gives a time input the date, as it is
}

TEST_CASE("a date before its min or after its max stops Next; text that is no date does not") {
  auto loaded = survey::load_text(R"json({"elements":[
    {"type":"text","name":"bezoek","inputType":"date","min":"2000-01-01","max":"2026-12-31"}]})json",
                                  "t.json");
  REQUIRE(loaded.ok());
  survey::Session s(loaded.survey, "nl", now_ms);
  for (const char* outside : {"1999-12-31", "2027-01-01"}) {
    s.set_value("bezoek", outside);
    CHECK_FALSE(s.advance());
    CHECK(error_kinds(s) == std::vector<std::string>{"bezoek:custom"});
  }
  s.set_value("bezoek", "gisteren");
  CHECK(s.validate_all().empty());
  s.set_value("bezoek", "2026-12-31");
  CHECK(s.advance());
}

TEST_CASE("a condition that does not parse acts as in survey-core: as if absent, or never holding for choices and validators") {
  auto loaded = survey::load_text(R"json({"pages":[{"elements":[
    {"type":"text","name":"a"},
    {"type":"text","name":"shown","visibleIf":"{a} = 'x","requiredIf":"{a} = 'x","enableIf":"{a} = 'x"},
    {"type":"radiogroup","name":"r","choices":["x",{"value":"y","visibleIf":"{a} = 'x"}]},
    {"type":"radiogroup","name":"none","choices":["x","y"],"choicesVisibleIf":"{a} = 'x"},
    {"type":"text","name":"v","validators":[{"type":"expression","expression":"{a} = 'x"}]}]},
    {"visibleIf":"{a} = 'x","elements":[{"type":"text","name":"p2"}]}]})json", "t.json");
  REQUIRE(loaded.ok());
  CHECK(loaded.warnings.size() == 7);  // each one named, with its place
  survey::Session s(loaded.survey, "nl", now_ms);
  s.set_value("a", "x");
  const auto& model = *loaded.survey;
  CHECK(s.is_visible(model.index_of("shown")));
  CHECK_FALSE(s.is_required(model.index_of("shown")));
  CHECK_FALSE(s.is_read_only(model.index_of("shown")));
  REQUIRE(s.visible_choices(model.index_of("r")).size() == 1);
  CHECK(s.visible_choices(model.index_of("r"))[0]->value == "x");
  CHECK(s.visible_choices(model.index_of("none")).empty());
  CHECK(s.is_page_visible(1));
  CHECK_FALSE(s.advance());  // the validator never holds, even on an empty answer
  CHECK(error_kinds(s) == std::vector<std::string>{"v:custom"});
}

TEST_CASE("a checkbox's 'none' beside an item that validation drops goes with it, as survey-core's value setter has it") {
  auto loaded = survey::load_text(R"json({"elements":[
    {"type":"checkbox","name":"c","choices":["x",{"value":"y","visibleIf":"false"}],"showNoneItem":true}]})json", "t.json");
  REQUIRE(loaded.ok());
  survey::Session s(loaded.survey, "nl", now_ms);
  s.set_value("c", nlohmann::ordered_json::array({"none", "y"}));
  CHECK(s.validate_all().empty());
  CHECK(s.value("c") == nullptr);  // not ["none"]
  s.set_value("c", nlohmann::ordered_json::array({"none"}));
  CHECK(s.validate_all().empty());
  CHECK(*s.value("c") == nlohmann::ordered_json::array({"none"}));  // nothing dropped: kept
}

TEST_CASE("a multipletext keeps its boxes in one answer object, each box checked as a text question of its own") {
  auto loaded = survey::load_text(R"json({"elements":[
    {"type":"multipletext","name":"contact","isRequired":true,"defaultValue":{"plaats":"Beilen"},"items":[
      {"name":"naam","isRequired":true},
      {"name":"leeftijd","inputType":"number","validators":[{"type":"numeric","minValue":4}]},
      {"name":"plaats"}]},
    {"type":"text","name":"groet","title":"Hoi {contact.naam} uit {CONTACT.PLAATS}{contact.land}","visibleIf":"{contact.leeftijd} >= 12"}]})json", "t.json");
  REQUIRE(loaded.ok());
  const auto& model = *loaded.survey;
  const int contact = model.index_of("contact");
  survey::Session s(loaded.survey, "nl", now_ms);
  CHECK(s.value("contact")->dump() == R"({"plaats":"Beilen"})");  // the default, as an object
  CHECK_FALSE(s.advance());
  // the question is answered (a box holds a default), but its required box is empty
  CHECK(s.validate_all() == std::map<std::string, std::vector<std::string>>{{"contact.naam", {"required"}}});
  s.set_item_value(contact, 0, "Sanne");
  s.set_item_value(contact, 1, 3);
  CHECK(s.validate_all() == std::map<std::string, std::vector<std::string>>{{"contact.leeftijd", {"custom"}}});
  CHECK_FALSE(visible(s, "groet"));
  s.set_item_value(contact, 1, 14);
  CHECK(visible(s, "groet"));
  // {q.box} pipes a box (its name in any case); a box the question does not have stays as written
  CHECK(s.piped(model.elements[static_cast<std::size_t>(model.index_of("groet"))].title.get("nl")) ==
        "Hoi Sanne uit Beilen{contact.land}");
  // emptying a box removes its key; emptying all of them leaves no answer
  s.set_item_value(contact, 1, "");
  CHECK(s.value("contact")->dump() == R"({"plaats":"Beilen","naam":"Sanne"})");
  s.set_item_value(contact, 0, nullptr);
  s.set_item_value(contact, 2, nullptr);
  CHECK(s.value("contact") == nullptr);
  CHECK(s.validate_all() == std::map<std::string, std::vector<std::string>>{{"contact", {"required"}}, {"contact.naam", {"required"}}});
}

TEST_CASE("merged data goes into an object answer key by key; what is no object is kept but answers nothing") {
  auto loaded = survey::load_text(R"json({"elements":[
    {"type":"multipletext","name":"m","defaultValue":{"a":"x"},"items":[{"name":"a"},{"name":"b"}]},
    {"type":"multipletext","name":"n","isRequired":true,"visibleIf":"{m.b} empty","items":[{"name":"a"}]}]})json", "t.json");
  REQUIRE(loaded.ok());
  survey::Session s(loaded.survey, "nl", now_ms);
  s.merge_data(nlohmann::ordered_json::parse(R"({"m":{"b":"y"},"n":"los"})"));
  CHECK(s.value("m")->dump() == R"({"a":"x","b":"y"})");  // survey-core's mergeValues
  CHECK_FALSE(visible(s, "n"));
  CHECK(s.complete());
  // hidden, n is cleared on completion, but a value it never took stays in the data
  CHECK(s.result_data()["n"] == "los");
}

TEST_CASE("piped text shows a checkbox's chosen visible choices; only when none is chosen, every value") {
  auto loaded = survey::load_text(R"json({"elements":[
    {"type":"text","name":"dorp"},
    {"type":"checkbox","name":"c","minSelectedChoices":1,"choices":["a","b",{"value":"c","visibleIf":"{dorp} = 'x'"}]}]})json", "t.json");
  REQUIRE(loaded.ok());
  survey::Session s(loaded.survey, "nl", now_ms);
  s.set_value("c", nlohmann::ordered_json::array({"b", "c", "a"}));
  CHECK(s.piped("{c}") == "b, a");  // c is hidden, in value order
  s.set_value("c", nlohmann::ordered_json::array({"c", "zz"}));
  CHECK(s.piped("{c}") == "c, zz");
  s.set_value("dorp", "x");
  s.set_value("c", nlohmann::ordered_json::array({"c", "zz"}));
  CHECK(s.piped("{c}") == "c");
  s.set_value("c", "a");  // a single value counts as one chosen
  CHECK(s.validate_all().empty());
}

TEST_CASE("a matrixdynamic's rows are added and removed within min and max, and its cells written into one list") {
  auto loaded = survey::load_text(R"json({"elements":[
    {"type":"matrixdynamic","name":"kinderen","rowCount":1,"minRowCount":1,"maxRowCount":3,"isRequired":true,"columns":[
      {"name":"naam","cellType":"text","isRequired":true,"isUnique":true},
      {"name":"leeftijd","cellType":"text","inputType":"number","totalType":"sum"},
      {"name":"school","cellType":"dropdown","choices":["basis","middelbaar"],"visibleIf":"{row.leeftijd} >= 4"}]},
    {"type":"text","name":"groot","visibleIf":"{kinderen[1].naam} = 'Sam' or {kinderen-total.leeftijd} > 30"}]})json", "t.json");
  REQUIRE(loaded.ok());
  const int m = loaded.survey->index_of("kinderen");
  survey::Session s(loaded.survey, "nl", now_ms);
  CHECK(s.row_count(m) == 1);
  CHECK_FALSE(s.can_remove_row(m));  // minRowCount
  // nothing answered: the matrix, its minimum of answered rows and the row's required cell
  CHECK(s.validate_all() == std::map<std::string, std::vector<std::string>>{
                                {"kinderen", {"required", "minrowcounterror"}}, {"kinderen[0].naam", {"required"}}});
  CHECK(s.add_row(m));
  CHECK(s.add_row(m));
  CHECK_FALSE(s.add_row(m));  // maxRowCount
  CHECK(s.row_count(m) == 3);
  CHECK(s.value("kinderen") == nullptr);  // rows without answers are no answer
  s.set_cell_value(m, 1, 0, "Sam");
  CHECK(s.value("kinderen")->dump() == R"([{},{"naam":"Sam"},{}])");
  CHECK(visible(s, "groot"));
  // a cell shown by its own row's answer
  CHECK_FALSE(s.is_cell_visible(m, 1, 2));
  s.set_cell_value(m, 1, 1, 6);
  CHECK(s.is_cell_visible(m, 1, 2));
  CHECK_FALSE(s.is_cell_visible(m, 0, 2));
  CHECK(s.value("kinderen-total")->dump() == R"({"leeftijd":6})");
  // the same name twice in a unique column: both rows say so
  s.set_cell_value(m, 0, 0, "Sam");
  s.set_cell_value(m, 2, 0, "Noor");
  CHECK(s.validate_all() == std::map<std::string, std::vector<std::string>>{
                                {"kinderen[0].naam", {"keyduplicationerror"}}, {"kinderen[1].naam", {"keyduplicationerror"}}});
  // removing a row takes its answers with it; the rows after it move up
  CHECK(s.remove_row(m, 0));
  CHECK(s.row_count(m) == 2);
  CHECK(s.value("kinderen")->dump() == R"([{"naam":"Sam","leeftijd":6},{"naam":"Noor"}])");
  CHECK(s.validate_all().empty());
  // data with more rows shows that many rows
  s.set_value("kinderen", nlohmann::ordered_json::parse(R"([{"naam":"a"},{"naam":"b"},{"naam":"c"},{"naam":"d"}])"));
  CHECK(s.row_count(m) == 4);
}

TEST_CASE("a matrixdropdown's hidden rows show no errors and lose their cells on completion") {
  auto loaded = survey::load_text(R"json({"elements":[
    {"type":"checkbox","name":"sporten","choices":["voetbal","zwemmen"]},
    {"type":"matrixdropdown","name":"uren","choices":[1,2,3],"rows":[
        {"value":"voetbal","visibleIf":"{sporten} contains 'voetbal'"},{"value":"zwemmen","visibleIf":"{sporten} contains 'zwemmen'"}],
      "columns":[{"name":"keer","isRequired":true},{"name":"waarom","cellType":"comment","requiredIf":"{row.keer} = 3"}]}]})json", "t.json");
  REQUIRE(loaded.ok());
  const int m = loaded.survey->index_of("uren");
  survey::Session s(loaded.survey, "nl", now_ms);
  s.set_value("sporten", nlohmann::ordered_json::array({"voetbal"}));
  CHECK(s.visible_rows(m) == std::vector<int>{0});
  s.set_cell_value(m, 1, 0, 2);  // a row not shown may hold an answer from the data
  CHECK(s.validate_all() == std::map<std::string, std::vector<std::string>>{{"uren.voetbal.keer", {"required"}}});
  s.set_cell_value(m, 0, 0, 3);
  CHECK(s.is_cell_required(m, 0, 1));
  CHECK(s.validate_all() == std::map<std::string, std::vector<std::string>>{{"uren.voetbal.waarom", {"required"}}});
  s.set_cell_value(m, 0, 1, "leuk");
  // a cell value that is no choice is dropped when the page is checked
  s.set_cell_value(m, 0, 0, 7);
  CHECK(s.validate_all() == std::map<std::string, std::vector<std::string>>{{"uren.voetbal.keer", {"required"}}});
  s.set_cell_value(m, 0, 0, 1);
  CHECK(s.complete());
  CHECK(s.result_data()["uren"].dump() == R"({"voetbal":{"keer":1,"waarom":"leuk"}})");  // in column order
}

TEST_CASE("two questions whose names differ only in case keep their own answers, and expressions tell them apart") {
  // survey-core finds a question by its exact name first; the data's keys are exact too
  auto loaded = survey::load_text(R"({"pages":[{"elements":[
      {"type":"text","name":"Motivatie"},{"type":"text","name":"motivatie"},
      {"type":"text","name":"hoog","visibleIf":"{motivatie} = 5"},
      {"type":"text","name":"laag","visibleIf":"{Motivatie} = 1"}]}]})",
                                  "t.json");
  REQUIRE(loaded.ok());
  CHECK(loaded.warnings.size() == 1);
  survey::Session s(loaded.survey, "nl", now_ms);
  s.set_value("Motivatie", 5);
  CHECK_FALSE(visible(s, "hoog"));  // {motivatie} is the other question, still unanswered
  s.set_value("motivatie", 5);
  CHECK(visible(s, "hoog"));
  CHECK_FALSE(visible(s, "laag"));
  s.set_value("Motivatie", 1);
  CHECK(visible(s, "laag"));
  CHECK(*s.value("motivatie") == 5);
  CHECK(*s.value("Motivatie") == 1);
}

TEST_CASE("an answer whose choice disappears goes at once, and what only it showed hides with it") {
  auto loaded = survey::load_text(R"json({"elements":[
    {"type":"text","name":"leeftijd","inputType":"number"},
    {"type":"radiogroup","name":"vervoer","choices":[{"value":"fiets","text":"Op de fiets"},
      {"value":"auto","text":"Met de auto","visibleIf":"{leeftijd} > 12"}]},
    {"type":"comment","name":"waarom","visibleIf":"{vervoer} = 'auto'"}]})json", "t.json");
  REQUIRE(loaded.ok());
  survey::Session s(loaded.survey, "nl", now_ms);
  s.set_value("leeftijd", 16);
  s.set_value("vervoer", "auto");
  CHECK(s.piped("{vervoer}") == "Met de auto");
  CHECK(visible(s, "waarom"));
  s.set_value("leeftijd", 10);  // survey-core's runItemsCondition: clearIncorrectValues at once
  CHECK(s.value("vervoer") == nullptr);
  CHECK_FALSE(visible(s, "waarom"));
  // given while its choice is hidden, it stays until completion and shows as its value
  s.set_value("vervoer", "auto");
  CHECK(s.piped("{vervoer}") == "auto");
  CHECK(visible(s, "waarom"));
  CHECK(s.complete());
  CHECK_FALSE(s.result_data().contains("vervoer"));
}

TEST_CASE("an imagepicker answers as a radiogroup, or with multiSelect as a list") {
  auto loaded = survey::load_text(R"json({"elements":[
    {"type":"imagepicker","name":"dier","choices":[{"value":"kat","text":"Kat","imageLink":"kat.png"},{"value":"hond","imageLink":"hond.jpg"}]},
    {"type":"imagepicker","name":"sport","multiSelect":true,"choices":[
      {"value":"zwemmen","text":"Zwemmen","imageLink":"zwemmen.png"},{"value":"voetbal","imageLink":"voetbal.png"}]},
    {"type":"image","name":"logo","imageLink":"logo.png","altText":"Het logo"},
    {"type":"signaturepad","name":"handtekening","dataFormat":"svg"}]})json", "t.json");
  REQUIRE(loaded.ok());
  const survey::Survey& sv = *loaded.survey;
  const survey::Element& dier = sv.elements[static_cast<std::size_t>(sv.index_of("dier"))];
  CHECK((dier.type == survey::QuestionType::Radiogroup && dier.image_picker && dier.choices[1].image_link.get("nl") == "hond.jpg"));
  CHECK(sv.elements[static_cast<std::size_t>(sv.index_of("sport"))].type == survey::QuestionType::Checkbox);
  CHECK_FALSE(sv.elements[static_cast<std::size_t>(sv.index_of("logo"))].has_input());
  CHECK(sv.elements[static_cast<std::size_t>(sv.index_of("handtekening"))].signature_format == "svg");
  survey::Session s(loaded.survey, "nl", now_ms);
  s.set_value("dier", "kat");
  s.set_value("sport", nlohmann::ordered_json::array({"zwemmen", "voetbal"}));
  CHECK(s.piped("{dier}: {sport}") == "Kat: Zwemmen, voetbal");
  // a text where a list belongs reads as its characters (a choice's by its text), and completion clears it
  s.set_value("sport", "zwemmen");
  CHECK(s.piped("{sport}") == "z, w, e, m, m, e, n");
  s.set_value("dier", nlohmann::ordered_json::array({"kat", "hond"}));  // a list in a single imagepicker: every item
  CHECK(s.piped("{dier}") == "Kat, hond");
  s.set_value("dier", "kat");
  s.set_value("handtekening", "data:image/svg+xml;base64,PHN2Zy8+");
  CHECK(s.complete());
  CHECK_FALSE(s.result_data().contains("sport"));
  CHECK(s.result_data()["handtekening"] == "data:image/svg+xml;base64,PHN2Zy8+");
  CHECK_FALSE(s.result_data().contains("logo"));
}

TEST_CASE("a ranking ranks every visible choice: the answer's order first, the rest after it") {
  auto loaded = survey::load_text(R"json({"elements":[
    {"type":"text","name":"leeftijd","inputType":"number"},
    {"type":"ranking","name":"buurt","isRequired":true,"choices":[{"value":"speelplek","text":"Een speelplek"},"sport",
      {"value":"bus","visibleIf":"{leeftijd} >= 16"}]},
    {"type":"ranking","name":"top","selectToRankEnabled":true,"minSelectedChoices":2,"choices":["voetbal","gamen","muziek"]},
    {"type":"ranking","name":"start","choices":["a","b","c"],"defaultValue":["c"]}]})json", "t.json");
  REQUIRE(loaded.ok());
  survey::Session s(loaded.survey, "nl", now_ms);
  CHECK(s.value("start")->dump() == R"(["c","a","b"])");  // a default is completed at load
  CHECK(s.value("buurt") == nullptr);                     // nothing ranked yet: required
  s.set_value("buurt", nlohmann::ordered_json::array({"sport", "onbekend", "sport"}));
  CHECK(s.value("buurt")->dump() == R"(["sport","speelplek"])");
  s.set_value("leeftijd", 17);  // a choice that shows comes last, and goes again when it hides
  CHECK(s.value("buurt")->dump() == R"(["sport","speelplek","bus"])");
  CHECK(s.piped("{buurt}") == "sport, Een speelplek, bus");
  s.set_value("leeftijd", 10);
  CHECK(s.value("buurt")->dump() == R"(["sport","speelplek"])");
  // select-to-rank keeps only what was ranked, and counts it against minSelectedChoices
  s.set_value("top", nlohmann::ordered_json::array({"gamen"}));
  CHECK(s.value("top")->dump() == R"(["gamen"])");
  CHECK(s.validate_all() == std::map<std::string, std::vector<std::string>>{{"top", {"custom"}}});
  s.set_value("top", nlohmann::ordered_json::array({"gamen", "voetbal"}));
  CHECK(s.complete());
  CHECK(s.result_data()["buurt"].dump() == R"(["sport","speelplek"])");
}

TEST_CASE("a dynamic panel lists one answer object per panel; its questions read {panel.x} and {panelIndex}") {
  auto loaded = survey::load_text(R"json({"elements":[
    {"type":"paneldynamic","name":"kinderen","panelCount":1,"minPanelCount":1,"maxPanelCount":3,"keyName":"naam",
     "templateElements":[
       {"type":"text","name":"naam","isRequired":true},
       {"type":"text","name":"leeftijd","inputType":"number","visibleIf":"{panel.naam} notempty"},
       {"type":"radiogroup","name":"school","choices":["basis","mbo"],"visibleIf":"{panel.leeftijd} >= 4",
        "choicesVisibleIf":"{item} = 'basis' or {panel.leeftijd} >= 15"},
       {"type":"boolean","name":"eerste","visibleIf":"{panelIndex} = 0"}]},
    {"type":"text","name":"oudste","visibleIf":"{kinderen[0].leeftijd} > 12"},
    {"type":"expression","name":"aantal","expression":"{kinderen.length}"}]})json", "t.json");
  REQUIRE(loaded.ok());
  const int kinderen = loaded.survey->index_of("kinderen");
  survey::Session s(loaded.survey, "nl", now_ms);
  // its panels exist from the start: the answer lists them, and an empty list reads as unanswered
  CHECK(s.value("kinderen")->dump() == "[{}]");
  CHECK(s.value("aantal")->get<int>() == 1);
  CHECK(s.validate_all() == std::map<std::string, std::vector<std::string>>{{"kinderen[0].naam", {"required"}}});
  s.set_cell_value(kinderen, 0, 0, "Sam");
  CHECK(s.is_cell_visible(kinderen, 0, 1));  // {panel.naam} is this panel's
  s.set_cell_value(kinderen, 0, 1, 16);
  CHECK(s.is_visible(loaded.survey->index_of("oudste")));
  CHECK(s.cell_choices(kinderen, 0, 2).size() == 2);
  s.set_cell_value(kinderen, 0, 2, "mbo");
  // a new panel joins the answer as {}; {panelIndex} counts from 0; at most maxPanelCount panels
  REQUIRE(s.add_row(kinderen));
  CHECK(s.value("kinderen")->dump() == R"([{"naam":"Sam","leeftijd":16,"school":"mbo"},{}])");
  CHECK(s.is_cell_visible(kinderen, 0, 3));
  CHECK_FALSE(s.is_cell_visible(kinderen, 1, 3));
  s.set_cell_value(kinderen, 1, 0, "Sam");  // keyName: the second Sam is one too many
  CHECK(s.validate_all() == std::map<std::string, std::vector<std::string>>{{"kinderen[1].naam", {"keyduplicationerror"}}});
  s.set_cell_value(kinderen, 1, 0, "Kim");
  REQUIRE(s.add_row(kinderen));
  CHECK_FALSE(s.can_add_row(kinderen));
  CHECK(s.remove_row(kinderen, 2));
  // a younger age hides the school and the choice it no longer offers goes at once
  s.set_cell_value(kinderen, 0, 1, 10);
  CHECK(s.cell_value(kinderen, 0, 2) == nullptr);
  s.set_cell_value(kinderen, 0, 2, "basis");
  s.set_cell_value(kinderen, 1, 1, 2);
  s.set_cell_value(kinderen, 1, 2, "basis");  // hidden at 2: completion drops it from that panel only
  CHECK(s.complete());
  CHECK(s.result_data()["kinderen"].dump() == R"([{"naam":"Sam","leeftijd":10,"school":"basis"},{"naam":"Kim","leeftijd":2}])");
  CHECK(s.result_data()["aantal"].get<int>() == 2);
}

TEST_CASE("a dynamic panel's empty panels join the answer when its page is first shown") {
  auto loaded = survey::load_text(R"json({"pages":[
    {"name":"p1","elements":[{"type":"text","name":"t","isRequired":true},{"type":"expression","name":"n","expression":"{b.length}"}]},
    {"name":"p2","elements":[{"type":"paneldynamic","name":"b","panelCount":2,"templateElements":[{"type":"text","name":"x"}]}]}]})json",
                                  "t.json");
  REQUIRE(loaded.ok());
  survey::Session s(loaded.survey, "nl", now_ms);
  CHECK(s.value("b") == nullptr);  // its page is not shown yet (survey-core 3.1.1: no b, {b.length} is 0)
  CHECK(s.value("n")->get<int>() == 0);
  s.set_value("t", "ja");
  REQUIRE(s.next());
  CHECK(s.value("b")->dump() == "[{},{}]");
  CHECK(s.value("n")->get<int>() == 2);
}
