// survey::load: the default questionnaire loads; every broken input gives an error that names
// the place, never a crash. Regression inputs are built here, not stored.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "survey/model.hpp"

namespace {

const std::filesystem::path source_dir = PEILPUNT_SOURCE_DIR;

std::string messages(const survey::LoadResult& r) {
  std::string out;
  for (const auto& e : r.errors) out += e.to_string() + "\n";
  return out;
}

bool has_error(const survey::LoadResult& r, const std::string& pointer, const std::string& fragment) {
  for (const auto& e : r.errors)
    if (e.pointer == pointer && e.message.find(fragment) != std::string::npos) return true;
  return false;
}

bool has_warning(const survey::LoadResult& r, const std::string& pointer, const std::string& fragment) {
  for (const auto& w : r.warnings)
    if (w.pointer == pointer && w.message.find(fragment) != std::string::npos) return true;
  return false;
}

survey::LoadResult load(const std::string& text) { return survey::load_text(text, "test.json"); }

}  // namespace

TEST_CASE("the default Jeugdakkoord questionnaire loads with 25 to 35 questions over all its paths") {
  auto r = survey::load_file(source_dir / "assets/surveys/jeugdakkoord-midden-drenthe.json");
  INFO(messages(r));
  REQUIRE(r.ok());
  const auto& s = *r.survey;
  CHECK(s.id == "jeugdakkoord-midden-drenthe");
  CHECK(s.locale == "nl");
  std::size_t inputs = 0;
  for (int q : s.questions) inputs += s.elements[static_cast<std::size_t>(q)].has_input();
  CHECK(inputs >= 25);
  CHECK(inputs <= 35);
  for (const char* name : {"rol", "woonplaats", "leeftijd", "verandering", "vervolg", "kind_school", "kind_wens"})
    CHECK(s.find(name));
  CHECK(s.title.get("nl") == "Jeugdakkoord Midden-Drenthe: praat mee!");
  CHECK(s.title.get("en").rfind("Youth Agreement", 0) == 0);
}

TEST_CASE("every differential questionnaire loads") {
  const auto dir = source_dir / "tests/differential/surveys";
  std::size_t loaded = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;  // pictures/ holds their pictures
    auto r = survey::load_file(entry.path());
    INFO(entry.path().string() << "\n" << messages(r));
    CHECK(r.ok());
    ++loaded;
  }
  // An emptied or moved folder would otherwise pass by checking nothing.
  INFO("no questionnaire in " << dir.string());
  REQUIRE(loaded > 0);
}

TEST_CASE("the deliberately broken files name the defect's place") {
  auto dir = source_dir / "tests/data/broken";
  // survey-core runs a file with a condition that does not parse: a warning, with its place.
  auto bad_expression = survey::load_file(dir / "bad-expression.json");
  CHECK(bad_expression.ok());
  CHECK(has_warning(bad_expression, "/pages/0/elements/1/visibleIf", "starting at character 9 is not closed"));
  auto unsupported = survey::load_file(dir / "unsupported-type.json");
  CHECK(has_error(unsupported, "/pages/1/elements/0/elements/1/type", "'slider' is not supported"));
  CHECK(has_error(unsupported, "/pages/1/elements/0/elements/2/type", "'file' is not supported"));
  auto duplicate = survey::load_file(dir / "duplicate-names.json");
  CHECK(has_error(duplicate, "/pages/1/elements/2/name", "'leeftijd' is already used at /pages/0/elements/1"));
  CHECK(duplicate.errors.front().to_string().rfind((dir / "duplicate-names.json").string() + ": /pages/1/elements/2/name: ", 0) == 0);
  // names that differ only in case are two answers in survey-core: a warning, not an error
  CHECK(duplicate.errors.size() == 1);
  CHECK(has_warning(duplicate, "/pages/1/elements/3/name", "'Woonplaats' differs only in case from 'woonplaats' at /pages/1/elements/0"));
  auto triggers = survey::load_file(dir / "bad-triggers.json");
  CHECK(has_error(triggers, "/triggers/0/gotoName", "'bestaat_niet' is not a question"));
  CHECK(has_warning(triggers, "/triggers/3/expression", "does not parse"));
  CHECK(has_warning(triggers, "/triggers/5/runExpression", "does not parse"));
  CHECK(triggers.errors.size() == 5);  // one line per defect, the last trigger is fine
  auto boxes = survey::load_file(dir / "bad-multipletext.json");
  CHECK(has_error(boxes, "/pages/0/elements/0/items", "expected an array of items"));
  CHECK(has_error(boxes, "/pages/0/elements/1/items/2", "found null"));
  CHECK(has_error(boxes, "/pages/0/elements/1/items/5/isRequired", "expected true or false"));
  CHECK(boxes.errors.size() == 10);  // every defect once; the default that is no object is survey-core's to ignore
  auto matrices = survey::load_file(dir / "bad-matrix.json");
  CHECK(has_error(matrices, "/pages/0/elements/0", "matrix 'geen_kolommen' needs a list of columns"));
  CHECK(has_error(matrices, "/pages/0/elements/1/rowCount", "rowCount must be a whole number from 0 to 1000"));
  CHECK(has_warning(matrices, "/pages/0/elements/1/columns/0/visibleIf", "does not parse"));
  CHECK(has_error(matrices, "/pages/0/elements/1/columns/1", "expected a column object"));
  CHECK(has_error(matrices, "/pages/0/elements/1/columns/2/cellType", "cellType 'file' is not supported"));
  CHECK(has_error(matrices, "/pages/0/elements/2/rows", "expected an array"));
  CHECK(has_error(matrices, "/pages/0/elements/3/columns/0/setValueExpression", "circle: 'a' -> 'b' -> 'a'"));
  CHECK(matrices.errors.size() == 7);
  auto pictures = survey::load_file(dir / "bad-pictures.json", survey::Pictures::MustExist);
  CHECK(has_error(pictures, "/pages/0/elements/0/choices/0/imageLink", "needs a network, which an event does not have"));
  CHECK(has_error(pictures, "/pages/0/elements/0/choices/1/imageLink", "lies outside the questionnaire's folder"));
  CHECK(has_error(pictures, "/pages/0/elements/0/choices/2/imageLink", "lies outside the questionnaire's folder"));
  CHECK(has_error(pictures, "/pages/0/elements/0/choices/3/imageLink", "a data: URI of no PNG or JPEG"));
  CHECK(has_error(pictures, "/pages/0/elements/0/choices/4/imageLink", "is no PNG or JPEG file"));
  CHECK(has_error(pictures, "/pages/0/elements/0/choices/5/imageLink",
                  "is missing: there is no file " + (dir / "plaatjes/bestaat-niet.png").string()));
  CHECK(has_error(pictures, "/pages/0/elements/1/contentMode", "contentMode 'video' is not supported"));
  CHECK(has_error(pictures, "/pages/0/elements/2", "image 'logo' has no imageLink"));
  CHECK(has_error(pictures, "/pages/0/elements/3/imageLink/default", "needs a network"));
  CHECK(has_error(pictures, "/pages/0/elements/3/imageLink/nl", "is missing"));
  CHECK(has_error(pictures, "/pages/0/elements/4/storeDataAsText", "needs a server to upload the drawing to"));
  CHECK(has_error(pictures, "/pages/0/elements/0/choices/7/imageLink", "no plain path: write / between folders"));
  CHECK(has_error(pictures, "/pages/0/elements/0/choices/8/imageLink", "has no path"));
  CHECK(pictures.errors.size() == 14);  // and the film's a.png, missing too
  CHECK(has_warning(pictures, "/pages/0/elements/0/choices/9", "an image choice without imageLink"));
  CHECK(has_warning(pictures, "/pages/0/elements/0/showOtherItem", "survey-core ignores 'showOtherItem'"));
  // without being asked to, load_file does not look for the files (an export needs no pictures)
  CHECK(survey::load_file(dir / "bad-pictures.json", survey::Pictures::NotLooked).errors.size() == 11);
  auto own_triggers = survey::load_file(dir / "bad-question-triggers.json");
  CHECK(has_error(own_triggers, "/pages/0/elements/0/setValueExpression", "circle: 'a' -> 'b' -> 'a'"));
  CHECK(has_warning(own_triggers, "/pages/0/elements/2/resetValueIf", "does not parse"));  // survey-core ignores it
  CHECK(has_error(own_triggers, "/pages/0/elements/3/setValueExpression", "unknown function 'onbekend'"));
  CHECK(own_triggers.errors.size() == 2);
  auto panels = survey::load_file(dir / "bad-panels.json");
  CHECK(has_error(panels, "/pages/0/elements/0/panelCount", "a whole number from 0 to 100"));
  CHECK(has_error(panels, "/pages/0/elements/0/templateElements/0/defaultValue", "of a dynamic panel's question is not supported"));
  CHECK(has_error(panels, "/pages/0/elements/0/templateElements/1/name", "'Naam' is used twice in paneldynamic 'kinderen'"));
  CHECK(has_error(panels, "/pages/0/elements/0/templateElements/2/type", "'paneldynamic' inside a paneldynamic is not supported"));
  CHECK(has_error(panels, "/pages/0/elements/0/templateElements/3/visibleIf", "of a panel inside a paneldynamic"));
  CHECK(has_error(panels, "/pages/0/elements/0/templateElements/4", "needs a name"));
  CHECK(has_error(panels, "/pages/0/elements/0/templateElements/5", "question 'keuze' has no choices"));
  CHECK(has_error(panels, "/pages/0/elements/0/keyName", "keyName 'bsn' is no question of paneldynamic 'kinderen'"));
  CHECK(has_error(panels, "/pages/0/elements/1/minPanelCount", "minPanelCount 4 is above maxPanelCount 2"));
  CHECK(has_error(panels, "/pages/0/elements/1", "has no question in its templateElements"));
  CHECK(has_error(panels, "/pages/0/elements/2/panelCountExpression", "not supported by Peilpunt yet"));
  CHECK(panels.errors.size() == 11);
}

TEST_CASE("malformed JSON is an error with a position, never a crash") {
  SECTION("truncated") {
    auto r = load(R"json({"pages":[{"name":"p","elements":[{"type":"text","name":"a")json");
    CHECK(has_error(r, "", "not valid JSON at line 1, column"));
  }
  SECTION("invalid UTF-8") {
    auto r = load("{\"title\":\"caf\xe9\",\"pages\":[]}");
    CHECK(has_error(r, "", "ill-formed UTF-8"));
  }
  SECTION("10,000 levels of nesting") {
    auto r = load(std::string(10000, '[') + std::string(10000, ']'));
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors.front().message.find("nesting deeper than") != std::string::npos);
  }
  SECTION("a 10 MB string") {
    auto r = load(R"json({"title":")json" + std::string(10'000'000, 'x') + R"json(","pages":[]})json");
    CHECK(has_error(r, "", "larger than 8 MB"));
  }
  SECTION("duplicate keys, which JSON parsers usually let pass") {
    auto r = load(R"json({"pages":[{"name":"p","elements":[{"type":"text","name":"a","name":"b"}]}]})json");
    CHECK(has_error(r, "/pages/0/elements/0/name", "duplicate key \"name\""));
  }
  SECTION("not an object") { CHECK(has_error(load("[1,2]"), "", "is a JSON object, found an array")); }
  SECTION("empty file") { CHECK_FALSE(load("").ok()); }
}

TEST_CASE("wrong types are reported per property, all at once") {
  auto r = load(R"json({"pages":[{"elements":[{"type":"text","name":5,"isRequired":"ja","visibleIf":3}]}]})json");
  CHECK(has_error(r, "/pages/0/elements/0/name", "expected a string, found a number"));
  CHECK(has_error(r, "/pages/0/elements/0/isRequired", "expected true or false, found a string"));
  CHECK(has_error(r, "/pages/0/elements/0/visibleIf", "expected a string, found a number"));
}

TEST_CASE("unsupported SurveyJS features are named, never ignored") {
  auto r = load(R"json({"questionsOnPageMode":"questionPerPage","pages":[{"elements":[
      {"type":"text","name":"a","inputType":"time","maskType":"pattern","correctAnswer":"x"},
      {"type":"slider","name":"s"},
      {"type":"text","name":"b","visibleIf":"displayValue('a') = 1"},
      {"type":"text","name":"c","visibleIf":"IIF({a}, true, false)"},
      {"type":"checkbox","name":"d","choices":["x"],"validators":[{"type":"answercount","minCount":1}]}]}]})json");
  CHECK(has_error(r, "/questionsOnPageMode", "property 'questionsOnPageMode' of the survey is not supported"));
  CHECK(has_error(r, "/pages/0/elements/0/maskType", "property 'maskType' of a text question is not supported"));
  CHECK(has_error(r, "/pages/0/elements/0/correctAnswer", "property 'correctAnswer' of a text question is not supported"));
  CHECK(has_error(r, "/pages/0/elements/1/type", "question type 'slider' is not supported"));
  CHECK(has_error(r, "/pages/0/elements/2/visibleIf", "function 'displayValue' is not supported"));
  CHECK(has_error(r, "/pages/0/elements/3/visibleIf", "unknown function 'IIF' (function names are case-sensitive)"));
  CHECK(has_error(r, "/pages/0/elements/4/validators/0/type", "validator type 'answercount' is not supported"));
}

TEST_CASE("a property survey-core does not know either is a warning, and the file loads") {
  // Authors leave notes and typos that survey-core reports in jsonErrors and ignores.
  auto r = load(R"json({"xyz":1,"pages":[{"name":"p","foo":1,"elements":[
      {"type":"text","name":"a","value":3,"help":"uitleg","PlaceHolder":"y"},
      {"type":"radiogroup","name":"b","choices":[{"value":1,"text":"x","description":"d","icon":"i"}]},
      {"type":"checkbox","name":"c","choices":["x"],"validators":[{"type":"expression","expression":"true","foo":1}]}]}]})json");
  INFO(messages(r));
  REQUIRE(r.ok());
  auto warned = [&](const std::string& pointer, const std::string& key) {
    return std::any_of(r.warnings.begin(), r.warnings.end(), [&](const survey::LoadError& w) {
      return w.pointer == pointer && w.message == "warning: '" + key + "' is not a property of " +
                                                     (pointer.find("choices") != std::string::npos ? "a choice"
                                                      : pointer.find("validators") != std::string::npos ? "an expression validator"
                                                      : pointer == "/xyz"                             ? "the survey"
                                                      : pointer == "/pages/0/foo"                     ? "a page"
                                                      : pointer.find("elements/0") != std::string::npos ? "a text question"
                                                                                                        : "?") +
                                                     " in SurveyJS; survey-core ignores it, and so does Peilpunt";
    });
  };
  CHECK(warned("/xyz", "xyz"));
  CHECK(warned("/pages/0/foo", "foo"));
  CHECK(warned("/pages/0/elements/0/value", "value"));
  CHECK(warned("/pages/0/elements/0/help", "help"));
  CHECK(warned("/pages/0/elements/0/PlaceHolder", "PlaceHolder"));  // names are case-sensitive
  CHECK(warned("/pages/0/elements/1/choices/0/description", "description"));
  CHECK(warned("/pages/0/elements/1/choices/0/icon", "icon"));
  CHECK(warned("/pages/0/elements/2/validators/0/foo", "foo"));
  CHECK(r.warnings.size() == 8);
  CHECK(r.warnings.front().to_string() == "test.json: /xyz: warning: 'xyz' is not a property of the survey in SurveyJS; survey-core ignores it, and so does Peilpunt");
}

TEST_CASE("partial sending loads with a warning that only completed answers are kept; a tel field is text") {
  auto r = load(R"json({"sendResultOnPageNext":true,"pages":[{"elements":[{"type":"text","name":"telefoon","inputType":"tel"}]}]})json");
  INFO(messages(r));
  REQUIRE(r.ok());
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].pointer == "/sendResultOnPageNext");
  CHECK(r.warnings[0].message.find("only once it is completed") != std::string::npos);
  CHECK(r.survey->elements[0].input_type == survey::InputType::Tel);
  CHECK(load(R"json({"partialSendEnabled":false,"elements":[{"type":"text","name":"a"}]})json").warnings.empty());
}

TEST_CASE("a comment area loads on choice questions, but not together with 'other'") {
  auto r = load(R"json({"elements":[
      {"type":"radiogroup","name":"a","choices":["x"],"showCommentArea":true,"commentText":"Waarom?"},
      {"type":"rating","name":"b","hasComment":true}]})json");
  INFO(messages(r));
  REQUIRE(r.ok());
  CHECK(r.survey->elements[0].has_comment_area);
  CHECK(r.survey->elements[0].item_label(survey::BuiltinItem::Comment, "nl") == "Waarom?");
  CHECK(r.survey->elements[1].has_comment_area);
  CHECK(r.survey->elements[1].item_label(survey::BuiltinItem::Comment, "nl") == "Wil je nog iets uitleggen?");
  auto both = load(R"json({"elements":[{"type":"checkbox","name":"c","choices":["x"],"showOtherItem":true,"hasComment":true}]})json");
  CHECK(has_error(both, "/elements/0/hasComment", "a comment area together with showOtherItem is not supported"));
}

TEST_CASE("calculatedValues load; a broken one is named by its place") {
  auto r = load(R"json({"calculatedValues":[{"name":"totaal","expression":"{a} + 1","includeIntoResult":true}],
                         "elements":[{"type":"text","name":"a"}]})json");
  INFO(messages(r));
  REQUIRE(r.ok());
  REQUIRE(r.survey->calculated_values.size() == 1);
  CHECK(r.survey->calculated_values[0].include_into_result);
  auto bad = load(R"json({"calculatedValues":[{"expression":"{a} +"}, 3],"elements":[{"type":"text","name":"a"}]})json");
  CHECK(has_error(bad, "/calculatedValues/0", "a calculated value needs a name"));
  CHECK(has_warning(bad, "/calculatedValues/0/expression", "does not parse"));  // survey-core leaves it undefined
  CHECK(has_error(bad, "/calculatedValues/1", "expected a calculated value object, found a number"));
  CHECK(has_error(load(R"json({"calculatedValues":{},"elements":[{"type":"text","name":"a"}]})json"), "/calculatedValues",
                  "expected an array of calculated values"));
}

TEST_CASE("piped text that reads a part of a value is refused where it is written") {
  auto r = load(R"json({"elements":[{"type":"text","name":"a","title":{"default":"x","nl":"Je naam heeft {a.length} letters"}},
                                     {"type":"html","name":"h","html":"<style>p { color: red; }</style>{a}"}]})json");
  CHECK(has_error(r, "/elements/0/title/nl", "piped text '{a.length}' reads a part of a value"));
  CHECK(r.errors.size() == 1);  // CSS braces and {a} are fine
}

TEST_CASE("a property survey-core knows and Peilpunt does not implement stays an error") {
  auto r = load(R"json({"pages":[{"elements":[{"type":"text","name":"a","correctAnswer":"x"}]}]})json");
  CHECK(has_error(r, "/pages/0/elements/0/correctAnswer", "property 'correctAnswer' of a text question is not supported"));
  CHECK(r.warnings.empty());
}

TEST_CASE("layout-only properties are accepted") {
  auto r = load(R"json({"showQuestionNumbers":"off","pages":[{"name":"p","elements":[
      {"type":"text","name":"a","width":"50%","startWithNewLine":false,"titleLocation":"top"}]}]})json");
  INFO(messages(r));
  CHECK(r.ok());
}

TEST_CASE("every problem in the public SurveyJS corpus points at a place that exists") {
  auto dir = source_dir.parent_path() / "shared/surveyjs-corpus";
  REQUIRE(std::filesystem::exists(dir));  // docs/ARCHITECTURE.md: tests read the corpus where it is
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    std::ifstream in(entry.path());
    auto json = nlohmann::json::parse(in);
    auto r = survey::load_file(entry.path());
    for (const auto& e : r.errors) {
      INFO(e.to_string());
      CHECK((e.pointer.empty() || json.contains(nlohmann::json::json_pointer(e.pointer))));
    }
  }
  CHECK(files == 15);
}

TEST_CASE("localized text falls back as survey-core does") {
  auto r = load(R"json({"locale":"nl","pages":[{"name":"p","elements":[
      {"type":"text","name":"a","title":{"default":"Age","nl":"Leeftijd"}},
      {"type":"text","name":"b","title":"Alleen zo"}]}]})json");
  REQUIRE(r.ok());
  const auto& a = *r.survey->find("a");
  CHECK(a.title.get("nl") == "Leeftijd");
  CHECK(a.title.get("en") == "Age");
  CHECK(a.title.get("nl-BE") == "Leeftijd");
  CHECK(a.title.get("fy") == "Age");
  CHECK(r.survey->find("B")->title.get("en") == "Alleen zo");  // names are case-insensitive
}

TEST_CASE("regression: numbers beyond a double and huge counts are errors (fuzzer crash, UB)") {
  auto overflow = load(R"json({"pages":[{"elements":[{"type":"rating","name":"r","rateMax":1e400}]}]})json");
  CHECK(has_error(overflow, "", "out of range"));
  auto huge = load(R"json({"pages":[{"elements":[{"type":"checkbox","name":"c","choices":["a"],"maxSelectedChoices":1e300}]}]})json");
  CHECK(has_error(huge, "/pages/0/elements/0/maxSelectedChoices", "whole number from 0 to 10000"));
}

TEST_CASE("showPreviewBeforeComplete takes what survey-core takes and names what it cannot") {
  auto bad = load(R"({"showPreviewBeforeComplete": 1, "elements": [{"type": "text", "name": "a"}]})");
  CHECK(has_error(bad, "/showPreviewBeforeComplete", "expected true, false"));
  auto typo = load(R"({"showPreviewBeforeComplete": true, "previewMode": "answered", "elements": [{"type": "text", "name": "a"}]})");
  REQUIRE(typo.ok());
  REQUIRE(typo.warnings.size() == 1);
  CHECK(typo.warnings[0].pointer == "/previewMode");
  CHECK(typo.survey->preview == survey::Survey::Preview::AllQuestions);
}

TEST_CASE("clearInvisibleValues and clearIfInvisible are read, and a mode that is none of survey-core's is named") {
  auto r = load(R"({"clearInvisibleValues": "onHiddenContainer", "elements": [
      {"type": "text", "name": "a", "clearIfInvisible": "none"}, {"type": "text", "name": "b", "clearIfInvisible": "default"}]})");
  REQUIRE(r.ok());
  CHECK(r.survey->clear_invisible_values == survey::ClearInvisible::OnHiddenContainer);
  CHECK(r.survey->elements[0].clear_if_invisible == survey::ClearInvisible::None);
  CHECK(r.survey->elements[1].clear_if_invisible == survey::ClearInvisible::Default);
  CHECK(load(R"({"elements": [{"type": "text", "name": "a"}]})").survey->clear_invisible_values == survey::ClearInvisible::OnComplete);
  auto bad = load(R"({"clearInvisibleValues": "onHide", "elements": [{"type": "text", "name": "a", "clearIfInvisible": true}]})");
  CHECK(has_error(bad, "/clearInvisibleValues", "'onHide' is not a mode"));
  CHECK(has_error(bad, "/elements/0/clearIfInvisible", "expected a string"));
}

TEST_CASE("every inputType survey-core knows loads; an unknown one is text with a warning") {
  const std::vector<std::pair<std::string, survey::InputType>> types = {
      {"text", survey::InputType::Text}, {"number", survey::InputType::Number}, {"range", survey::InputType::Range},
      {"email", survey::InputType::Email}, {"date", survey::InputType::Date}, {"Date", survey::InputType::Date},
      {"datetime-local", survey::InputType::DateTimeLocal}, {"datetime", survey::InputType::DateTimeLocal},
      {"month", survey::InputType::Month}, {"week", survey::InputType::Week}, {"TIME", survey::InputType::Time},
      {"tel", survey::InputType::Tel}, {"url", survey::InputType::Url}, {"password", survey::InputType::Password},
      {"color", survey::InputType::Color}};
  for (const auto& [written, type] : types) {
    INFO(written);
    auto r = load(R"({"elements": [{"type": "text", "name": "q", "inputType": ")" + written + R"("}]})");
    REQUIRE(r.ok());
    CHECK(r.warnings.empty());
    CHECK(r.survey->elements[0].input_type == type);
  }
  auto unknown = load(R"({"elements": [{"type": "text", "name": "q", "inputType": "currency", "min": 5}]})");
  REQUIRE(unknown.ok());
  CHECK(unknown.survey->elements[0].input_type == survey::InputType::Other);
  CHECK(unknown.survey->elements[0].min_value == 5);  // survey-core keeps it, and checks it
  REQUIRE(unknown.warnings.size() == 1);
  CHECK(unknown.warnings[0].pointer == "/elements/0/inputType");
}

TEST_CASE("a min or max of the wrong kind for its inputType is dropped with a warning, as survey-core drops it") {
  auto r = load(R"({"elements": [
    {"type": "text", "name": "t", "inputType": "time", "min": 8, "max": "17:00"},
    {"type": "text", "name": "n", "inputType": "number", "min": "abc", "max": "10"},
    {"type": "text", "name": "x", "min": 5}]})");
  REQUIRE(r.ok());
  CHECK(r.survey->elements[0].min_value.is_null());
  CHECK(r.survey->elements[0].max_value == "17:00");
  CHECK(r.survey->elements[1].min_value.is_null());
  CHECK(r.survey->elements[1].max_value == "10");
  CHECK(r.survey->elements[2].min_value.is_null());
  std::vector<std::string> pointers;
  for (const auto& w : r.warnings) pointers.push_back(w.pointer);
  CHECK(pointers == std::vector<std::string>{"/elements/0/min", "/elements/1/min", "/elements/2/min"});
}

TEST_CASE("a date question's min that is no date is a warning: survey-core checks nothing against it") {
  auto r = load(R"({"elements": [{"type": "text", "name": "d", "inputType": "date", "min": "vandaag"}]})");
  REQUIRE(r.ok());
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].pointer == "/elements/0/min");
}

TEST_CASE("a multipletext's boxes load as text questions; a box without a name or of a kind not built is named where it is") {
  auto r = load(R"json({"elements":[
      {"type":"multipletext","name":"m","colCount":2,"itemErrorLocation":"bottom","items":[
        {"name":"a","title":"A","inputType":"number","isRequired":true,"validators":[{"type":"numeric","minValue":1}]},
        {"title":"zonder naam"},
        "b",
        {"name":"c","maskType":"pattern"},
        {"name":"a","placeHolder":"nog eens a"},
        {"name":"d","min":3}]},
      {"type":"multipletext","name":"leeg","items":[]},
      {"type":"text","name":"t","title":"{m.a} {m.a.b} {t.x}"}]})json");
  CHECK(has_error(r, "/elements/0/items/1", "an item of multipletext 'm' needs a name"));
  CHECK(has_error(r, "/elements/0/items/2", "expected an item object with a \"name\", found a string"));
  CHECK(has_error(r, "/elements/0/items/3/maskType", "property 'maskType' of a multipletext item is not supported"));
  CHECK(has_error(r, "/elements/2/title", "piped text '{m.a.b}' reads a part of a value"));
  CHECK(has_error(r, "/elements/2/title", "piped text '{t.x}' reads a part of a value"));
  CHECK(r.errors.size() == 5);  // {m.a} is a box
  CHECK(has_warning(r, "/elements/0/items/4/name", "used twice"));
  CHECK(has_warning(r, "/elements/0/items/5/min", "'min' is not a property of a multipletext item"));
  CHECK(has_warning(r, "/elements/1", "multipletext 'leeg' has no items"));
}

TEST_CASE("a tagbox loads as the checkbox it is in survey-core; what it cannot do here is named") {
  auto r = load(R"json({"elements":[
      {"type":"tagbox","name":"t","choices":["a","b"],"showSelectAllItem":true,"searchEnabled":true,"closeOnSelect":false,
       "hideSelectedItems":true,"placeholder":"Kies"},
      {"type":"tagbox","name":"u","choices":["a"],"allowCustomChoices":true,"choicesLazyLoadEnabled":true}]})json");
  CHECK(has_error(r, "/elements/1/allowCustomChoices", "property 'allowCustomChoices' of a tagbox question is not supported"));
  CHECK(has_error(r, "/elements/1/choicesLazyLoadEnabled", "not supported"));
  CHECK(r.errors.size() == 2);
  auto ok = load(R"json({"elements":[{"type":"tagbox","name":"t","choices":["a","b"],"maxSelectedChoices":1}]})json");
  REQUIRE(ok.ok());
  const survey::Element& t = ok.survey->elements[0];
  CHECK((t.type == survey::QuestionType::Checkbox && t.tagbox && t.max_selected_choices == 1));
}

TEST_CASE("a matrix of cells loads its columns as the questions their cells are; what it cannot do here is named") {
  auto r = load(R"json({"elements":[
      {"type":"matrixdropdown","name":"m","choices":[1,2],"columns":[
        {"name":"a"},
        {"name":"b","cellType":"expression","expression":"1"},
        {"name":"c","cellType":"text","defaultValue":"x"},
        {"title":"zonder naam"},
        {"name":"a","cellType":"text"},
        {"name":"d","cellType":"rating","totalType":"median"},
        {"name":"e","cellType":"dropdown","choicesVisibleIf":"{row.a} > 1","notAProperty":1}]},
      {"type":"matrixdropdown","name":"zonder","columns":[]},
      {"type":"matrixdynamic","name":"dyn","rowCount":1e9,"minRowCount":3,"maxRowCount":2,"detailPanelMode":"underRow",
       "columns":[{"name":"x","cellType":"text"}]}]})json");
  CHECK(has_error(r, "/elements/0/columns/1/cellType", "cellType 'expression' is not supported by Peilpunt (not yet;"));
  CHECK(has_error(r, "/elements/0/columns/2/defaultValue", "property 'defaultValue' of a matrix column is not supported"));
  CHECK(has_error(r, "/elements/0/columns/3", "a column of matrix 'm' needs a name"));
  CHECK(has_error(r, "/elements/0/columns/4/name", "the column name 'a' is used twice in matrix 'm'"));
  CHECK(has_error(r, "/elements/0/columns/5/totalType", "totalType 'median' is none of"));
  CHECK(has_error(r, "/elements/1", "matrix 'zonder' has no rows"));
  CHECK(has_error(r, "/elements/1/columns", "matrix 'zonder' needs a list of columns"));
  CHECK(has_error(r, "/elements/2/rowCount", "rowCount must be a whole number from 0 to 1000"));
  CHECK(has_error(r, "/elements/2/minRowCount", "minRowCount 3 is above maxRowCount 2"));
  CHECK(has_error(r, "/elements/2/detailPanelMode", "property 'detailPanelMode' of a matrixdynamic question is not supported"));
  CHECK(r.errors.size() == 11);  // and "the matrix has no rows" for m
  CHECK(has_warning(r, "/elements/0/columns/6/notAProperty", "'notAProperty' is not a property"));
  auto ok = load(R"json({"elements":[{"type":"matrixdropdown","name":"m","rows":["r"],"choices":[1,2],"cellType":"radiogroup",
      "columns":[{"name":"a"},{"name":"b","cellType":"checkbox","choices":["x"]},{"name":"t","cellType":"text","totalType":"sum"}]}]})json");
  REQUIRE(ok.ok());
  const survey::Element& m = ok.survey->elements[0];
  REQUIRE(m.cell_columns.size() == 3);
  CHECK(m.cell_columns[0].type == survey::QuestionType::Radiogroup);  // the matrix's cellType
  CHECK(m.cell_columns[0].choices.size() == 2);                       // and its choices
  CHECK(m.cell_columns[1].choices.size() == 1);                       // unless the column has its own
  CHECK(m.cell_columns[2].total_type == "sum");
}
