// Survey triggers (complete, setvalue, copyvalue, skip, runexpression) as a respondent meets them:
// one answer at a time. Behaviour is survey-core's; tests/differential/surveys/14-triggers.json
// and the generated questionnaires compare the rest with survey-core itself.
#include <catch2/catch.hpp>

#include "survey/session.hpp"

namespace {


const double trigger_clock_ms = 1795428000000;  // 2026-11-23T10:00:00Z

std::shared_ptr<const survey::Survey> load_with_triggers(const std::string& triggers, const std::string& pages) {
  auto loaded = survey::load_text(R"({"triggers":)" + triggers + R"(,"pages":)" + pages + "}", "t.json");
  std::string messages;
  for (const auto& e : loaded.errors) messages += e.to_string() + "\n";
  INFO(messages);
  REQUIRE(loaded.ok());
  return loaded.survey;
}

const std::string three_pages = R"([
  {"name":"p1","elements":[{"type":"radiogroup","name":"doe_mee","choices":["ja","nee"]},
                           {"type":"text","name":"naam"},{"type":"text","name":"leeftijd","inputType":"number"}]},
  {"name":"p2","elements":[{"type":"text","name":"plaats"},{"type":"text","name":"kopie"}]},
  {"name":"p3","elements":[{"type":"comment","name":"slot"}]}])";

std::string value_of(const survey::Session& s, const char* name) {
  const nlohmann::ordered_json* v = s.value(name);
  return v ? v->dump() : "(none)";
}

std::string trigger_messages(const survey::LoadResult& r) {
  std::string out;
  for (const auto& e : r.errors) out += e.pointer + ": " + e.message + "\n";
  return out;
}

}  // namespace

TEST_CASE("a complete trigger ends the questionnaire on Next, and the button says so before") {
  survey::Session s(load_with_triggers(R"([{"type":"complete","expression":"{doe_mee} = 'nee'"}])", three_pages), "nl", trigger_clock_ms);
  CHECK_FALSE(s.completes_on_next());
  s.set_value("doe_mee", "nee");
  CHECK(s.completes_on_next());  // the kiosk labels Next as the last button
  CHECK_FALSE(s.is_completed());  // only Next completes, never the answer itself
  s.set_value("doe_mee", "ja");
  CHECK_FALSE(s.completes_on_next());
  s.set_value("doe_mee", "nee");
  REQUIRE(s.next());
  CHECK(s.is_completed());
  CHECK(s.result_data() == nlohmann::ordered_json{{"doe_mee", "nee"}});
}

TEST_CASE("a complete trigger waits for a valid page") {
  auto survey = load_with_triggers(R"([{"type":"complete","expression":"{doe_mee} = 'nee'"}])", R"([
    {"name":"p1","elements":[{"type":"radiogroup","name":"doe_mee","choices":["ja","nee"]},{"type":"text","name":"naam","isRequired":true}]},
    {"name":"p2","elements":[{"type":"text","name":"plaats"}]}])");
  survey::Session s(survey, "nl", trigger_clock_ms);
  s.set_value("doe_mee", "nee");
  CHECK_FALSE(s.next());  // the required name is still missing
  CHECK_FALSE(s.is_completed());
  s.set_value("naam", "Sanne");
  CHECK(s.next());
  CHECK(s.is_completed());
}

TEST_CASE("setvalue writes an answer when its condition becomes true, and only on a change it reads") {
  survey::Session s(load_with_triggers(R"([{"type":"setvalue","expression":"{naam} notempty","setToName":"plaats","setValue":"Beilen"}])", three_pages),
                    "nl", trigger_clock_ms);
  s.set_value("naam", "Sanne");
  CHECK(value_of(s, "plaats") == "\"Beilen\"");
  s.set_value("plaats", "Smilde");  // the respondent overrides it
  s.set_value("leeftijd", 14);      // a change the condition does not read: nothing is set again
  CHECK(value_of(s, "plaats") == "\"Smilde\"");
  s.set_value("naam", "Sanne B.");  // one it reads: set again
  CHECK(value_of(s, "plaats") == "\"Beilen\"");
}

TEST_CASE("setvalue without a value clears, and a name that is no question becomes a value of its own") {
  survey::Session s(load_with_triggers(R"([{"type":"setvalue","expression":"{doe_mee} = 'nee'","setToName":"naam"},
                             {"type":"setvalue","expression":"{doe_mee} = 'nee'","setToName":"reden","setValue":"geen zin"}])",
                         three_pages),
                    "nl", trigger_clock_ms);
  s.set_value("naam", "Sanne");
  s.set_value("doe_mee", "nee");
  CHECK(value_of(s, "naam") == "(none)");
  CHECK(value_of(s, "reden") == "\"geen zin\"");
}

TEST_CASE("a number field takes what a trigger writes only when it is a number") {
  survey::Session s(load_with_triggers(R"([{"type":"runexpression","expression":"{naam} notempty","runExpression":"{naam}","setToName":"leeftijd"}])",
                         three_pages),
                    "nl", trigger_clock_ms);
  s.set_value("leeftijd", 12);
  s.set_value("naam", "veertien");
  CHECK(value_of(s, "leeftijd") == "(none)");  // question.value clears a number field given text
  s.set_value("naam", "14");
  CHECK(value_of(s, "leeftijd") == "14");
}

TEST_CASE("copyvalue copies when the source changes; with copyDisplayValue the label") {
  auto survey = load_with_triggers(R"([{"type":"copyvalue","setToName":"kopie","fromName":"plaats"},
                          {"type":"copyvalue","setToName":"naam","fromName":"doe_mee","copyDisplayValue":true}])",
                     R"([{"name":"p1","elements":[
                          {"type":"radiogroup","name":"doe_mee","choices":[{"value":"ja","text":"Ja, graag"},"nee"]},
                          {"type":"text","name":"naam"},{"type":"text","name":"plaats"},{"type":"text","name":"kopie"}]}])");
  survey::Session s(survey, "nl", trigger_clock_ms);
  s.set_value("plaats", "Westerbork");
  CHECK(value_of(s, "kopie") == "\"Westerbork\"");
  s.set_value("doe_mee", "ja");
  CHECK(value_of(s, "naam") == "\"Ja, graag\"");
}

TEST_CASE("skip moves the respondent to the page of its question at once") {
  survey::Session s(load_with_triggers(R"([{"type":"skip","expression":"{doe_mee} = 'nee'","gotoName":"slot"}])", three_pages), "nl", trigger_clock_ms);
  s.set_value("doe_mee", "ja");
  CHECK(s.current_page() == 0);
  s.set_value("doe_mee", "nee");
  CHECK(s.current_page() == 2);
}

TEST_CASE("a value set by one trigger runs the triggers that read it, without looping forever") {
  // a -> b -> a: survey-core stops after three rounds; so must Peilpunt.
  survey::Session s(load_with_triggers(R"([{"type":"runexpression","expression":"{naam} notempty","runExpression":"{naam} + 'x'","setToName":"plaats"},
                             {"type":"runexpression","expression":"{plaats} notempty","runExpression":"{plaats} + 'y'","setToName":"naam"}])",
                         three_pages),
                    "nl", trigger_clock_ms);
  s.set_value("naam", "a");
  const nlohmann::ordered_json* naam = s.value("naam");
  REQUIRE(naam);
  CHECK(naam->get<std::string>().size() < 20);
  CHECK(s.value("plaats"));
}

TEST_CASE("merged data runs no trigger") {
  survey::Session s(load_with_triggers(R"([{"type":"setvalue","expression":"{naam} notempty","setToName":"plaats","setValue":"Beilen"}])", three_pages),
                    "nl", trigger_clock_ms);
  s.merge_data(nlohmann::ordered_json{{"naam", "Sanne"}});
  CHECK(value_of(s, "plaats") == "(none)");
}

TEST_CASE("malformed triggers are refused with their place") {
  auto r = survey::load_text(R"({"triggers":[
      {"type":"skip","expression":"{a} = 1","gotoName":"nergens"},
      {"type":"setvalue","expression":"{a} = 1"},
      {"type":"copyvalue","setToName":"a","fromName":"onbekend"},
      {"type":"visible","expression":"{a} = 1","questions":["a"]},
      {"type":"explode"},
      {"type":"complete","expression":"{a} = = 1"},
      {"type":"setvalue","expression":"{a} = 1","setToName":"x.y","setValue":1},
      "complete"],
    "pages":[{"elements":[{"type":"text","name":"a"}]}]})",
                             "t.json");
  INFO(trigger_messages(r));
  auto has = [&](const std::string& pointer, const std::string& part) {
    return std::any_of(r.errors.begin(), r.errors.end(), [&](const survey::LoadError& e) {
      return e.pointer == pointer && e.message.find(part) != std::string::npos;
    });
  };
  CHECK(has("/triggers/0/gotoName", "'nergens' is not a question"));
  CHECK(has("/triggers/1", "needs 'setToName'"));
  CHECK(has("/triggers/2/fromName", "'onbekend' is neither a question nor a calculated value"));
  CHECK(has("/triggers/3/type", "visible trigger is obsolete"));
  CHECK(has("/triggers/4/type", "unknown trigger type 'explode'"));
  CHECK(std::any_of(r.warnings.begin(), r.warnings.end(), [](const survey::LoadError& w) {
    return w.pointer == "/triggers/5/expression" && w.message.find("does not parse") != std::string::npos;
  }));  // survey-core never runs that trigger
  CHECK(has("/triggers/6/setToName", "sets no value at a path"));
  CHECK(has("/triggers/7", "expected a trigger object"));
}

TEST_CASE("the legacy trigger form (name, operator, value) runs as its expression") {
  survey::Session s(load_with_triggers(R"([{"type":"setvalue","name":"doe_mee","operator":"equal","value":"nee","setToName":"naam","setValue":"-"}])",
                         three_pages),
                    "nl", trigger_clock_ms);
  s.set_value("doe_mee", "ja");
  CHECK(value_of(s, "naam") == "(none)");
  s.set_value("doe_mee", "nee");
  CHECK(value_of(s, "naam") == "\"-\"");
}

// [SECTION] a question's own triggers: resetValueIf, setValueIf, setValueExpression

namespace {

std::shared_ptr<const survey::Survey> load_pages(const std::string& pages) { return load_with_triggers("[]", pages); }

}  // namespace

TEST_CASE("resetValueIf puts the default back, or clears an answer that has none") {
  survey::Session s(load_pages(R"([{"name":"p1","elements":[
      {"type":"radiogroup","name":"rol","choices":["jongere","ouder"]},
      {"type":"text","name":"school","defaultValue":"geen","resetValueIf":"{rol} = 'ouder'"},
      {"type":"text","name":"klas","resetValueIf":"{rol} = 'ouder'"}]}])"),
                    "nl", trigger_clock_ms);
  CHECK(value_of(s, "school") == "\"geen\"");
  s.set_value("school", "De Wissel");
  s.set_value("klas", "2b");
  s.set_value("rol", "jongere");  // the condition is false: both answers stay
  CHECK(value_of(s, "school") == "\"De Wissel\"");
  CHECK(value_of(s, "klas") == "\"2b\"");
  s.set_value("rol", "ouder");
  CHECK(value_of(s, "school") == "\"geen\"");
  CHECK(value_of(s, "klas") == "(none)");
  s.set_value("klas", "3a");  // a change the condition does not read: the answer stands
  CHECK(value_of(s, "klas") == "\"3a\"");
}

TEST_CASE("setValueIf sets setValueExpression's result, or clears without one, and setValueExpression alone follows what it reads") {
  survey::Session s(load_pages(R"([{"name":"p1","elements":[
      {"type":"text","name":"leeftijd","inputType":"number"},
      {"type":"checkbox","name":"hobby","choices":["a","b","c"],"setValueIf":"{leeftijd} < 12","setValueExpression":"['a','c']"},
      {"type":"text","name":"wis","setValueIf":"{leeftijd} > 50"},
      {"type":"text","name":"dubbel","inputType":"number","setValueExpression":"{leeftijd} * 2"}]}])"),
                    "nl", trigger_clock_ms);
  s.set_value("wis", "iets");
  s.set_value("leeftijd", 10);
  CHECK(value_of(s, "hobby") == R"(["a","c"])");
  CHECK(value_of(s, "dubbel") == "20");
  // a constant setValueExpression runs on every change while setValueIf holds: the answer comes back
  s.set_value("hobby", nlohmann::ordered_json::array({"b"}));
  CHECK(value_of(s, "hobby") == R"(["a","c"])");
  CHECK(value_of(s, "wis") == "\"iets\"");
  s.set_value("leeftijd", 60);
  CHECK(value_of(s, "wis") == "(none)");
  CHECK(value_of(s, "dubbel") == "120");
  s.set_value("hobby", nlohmann::ordered_json::array({"b"}));  // setValueIf no longer holds: the answer stands
  CHECK(value_of(s, "hobby") == R"(["b"])");
}

TEST_CASE("a value cleared on completion runs the questions' triggers, which may answer again") {
  // survey-core clears hidden answers one by one after it counts as completed; a constant
  // setValueExpression then runs again, and what it sets after its own turn stays.
  survey::Session s(load_pages(R"([{"name":"p1","elements":[
      {"type":"radiogroup","name":"rol","choices":["jongere","ouder"]},
      {"type":"rating","name":"cijfer","visibleIf":"{rol} = 'ouder'","setValueExpression":"4"},
      {"type":"text","name":"naam","visibleIf":"{rol} = 'ouder'"}]}])"),
                    "nl", trigger_clock_ms);
  CHECK(value_of(s, "cijfer") == "(none)");
  s.set_value("naam", "Sanne");  // any change runs the constant expression
  CHECK(value_of(s, "cijfer") == "4");
  s.set_value("rol", "jongere");
  REQUIRE(s.complete());
  // cijfer is cleared in its turn, then clearing naam sets it again
  CHECK(s.result_data() == nlohmann::ordered_json{{"rol", "jongere"}, {"cijfer", 4}});
}

TEST_CASE("setValueExpressions that set each other in a circle are refused with their place") {
  auto r = survey::load_text(R"({"pages":[{"elements":[
      {"type":"text","name":"a","setValueExpression":"{b} + 1"},
      {"type":"text","name":"b","setValueExpression":"{c}"},
      {"type":"text","name":"c","setValueExpression":"{a}"},
      {"type":"text","name":"d","setValueExpression":"{d} + 1"}]}]})",
                             "t.json");
  INFO(trigger_messages(r));
  REQUIRE(r.errors.size() == 2);
  CHECK(r.errors[0].message.find("circle: 'a' -> 'b' -> 'c' -> 'a'") != std::string::npos);
  CHECK(r.errors[0].pointer == "/pages/0/elements/0/setValueExpression");
  CHECK(r.errors[1].pointer == "/pages/0/elements/3/setValueExpression");
  CHECK(r.errors[1].message.find("'d' -> 'd'") != std::string::npos);
}

TEST_CASE("a matrix column's triggers run in each row: on a cell of that row, and on the survey's questions") {
  survey::Session s(load_pages(R"([{"name":"p1","elements":[
      {"type":"radiogroup","name":"school","choices":["ja","nee"]},
      {"type":"matrixdropdown","name":"dagen","rows":["ma","wo"],"columns":[
        {"name":"sport","cellType":"boolean"},
        {"name":"uren","cellType":"text","inputType":"number","resetValueIf":"{row.sport} = false"},
        {"name":"dubbel","cellType":"text","inputType":"number","setValueExpression":"{row.uren} * 2"},
        {"name":"vrij","cellType":"text","setValueIf":"{school} = 'nee'","setValueExpression":"'hele dag'"}]}]}])"),
                    "nl", trigger_clock_ms);
  const int dagen = s.survey().index_of("dagen");
  auto cell = [&](int row, std::size_t column) {
    const nlohmann::ordered_json* v = s.cell_value(dagen, row, column);
    return v ? v->dump() : "(none)";
  };
  s.set_cell_value(dagen, 0, 0, true);
  s.set_cell_value(dagen, 0, 1, 3);
  CHECK(cell(0, 2) == "6");  // setValueExpression follows {row.uren}
  s.set_cell_value(dagen, 1, 1, 5);
  CHECK(cell(1, 2) == "10");
  s.set_cell_value(dagen, 0, 0, false);  // resetValueIf: only this row's hours go
  CHECK(cell(0, 1) == "(none)");
  CHECK(cell(1, 1) == "5");
  CHECK(cell(0, 3) == "(none)");
  s.set_value("school", "nee");  // a question outside the matrix: every row's cell follows it
  CHECK(cell(0, 3) == "\"hele dag\"");
  CHECK(cell(1, 3) == "\"hele dag\"");
  s.set_cell_value(dagen, 1, 3, "middag");  // the constant runs again on the row's next change
  CHECK(cell(1, 3) == "\"middag\"");
  s.set_cell_value(dagen, 1, 1, 6);
  CHECK(cell(1, 3) == "\"hele dag\"");
  CHECK(cell(1, 2) == "12");
}

TEST_CASE("matrix columns whose setValueExpressions read each other in their row are refused") {
  auto r = survey::load_text(R"({"pages":[{"elements":[{"type":"matrixdynamic","name":"m","columns":[
      {"name":"a","cellType":"text","setValueExpression":"{row.b}"},
      {"name":"b","cellType":"text","setValueExpression":"{row.a} + 'x'"}]}]}]})",
                             "t.json");
  INFO(trigger_messages(r));
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].pointer == "/pages/0/elements/0/columns/0/setValueExpression");
  CHECK(r.errors[0].message.find("'a' -> 'b' -> 'a'") != std::string::npos);
}
