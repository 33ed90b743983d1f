// survey::load(): SurveyJS JSON -> Survey, or every problem found, each with its JSON pointer.
// Strict by design: whatever Peilpunt does not implement is reported by name, so a questionnaire
// never behaves differently on the kiosk than in the SurveyJS tools without anyone knowing.
// Index: [SECTION] JSON parsing   [SECTION] property readers   [SECTION] elements   [SECTION] survey
#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "survey/helpers.hpp"
#include "survey/model.hpp"

namespace survey {
namespace {

using Json = nlohmann::ordered_json;
constexpr int max_json_depth = 64;

// [SECTION] JSON parsing -----------------------------------------------------------------------

struct JsonProblem {
  std::string pointer, message;
};

std::string escape_pointer(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string line_column(std::string_view text, std::size_t byte) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') ++line, column = 1;
    else ++column;
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// Parses with a callback that rejects duplicate keys and deep nesting, which nlohmann accepts.
std::optional<Json> parse_json(std::string_view text, JsonProblem& problem) {
  struct Frame {
    std::string pointer;
    std::set<std::string> keys;
    std::size_t next_index = 0;
    bool is_object;
  };
  std::vector<Frame> stack;
  std::string pending_key;
  auto child_pointer = [&]() -> std::string {
    if (stack.empty()) return "";
    Frame& f = stack.back();
    if (f.is_object) return f.pointer + "/" + escape_pointer(pending_key);
    return f.pointer + "/" + std::to_string(f.next_index);
  };
  auto callback = [&](int depth, Json::parse_event_t event, Json& parsed) -> bool {
    switch (event) {
      case Json::parse_event_t::object_start:
      case Json::parse_event_t::array_start:
        if (depth >= max_json_depth) {
          problem = {child_pointer(), "nesting deeper than " + std::to_string(max_json_depth) + " levels"};
          throw std::length_error("too deep");
        }
        stack.push_back({child_pointer(), {}, 0, event == Json::parse_event_t::object_start});
        break;
      case Json::parse_event_t::key: {
        pending_key = parsed.get<std::string>();
        if (!stack.back().keys.insert(pending_key).second) {
          problem = {stack.back().pointer + "/" + escape_pointer(pending_key),
                     "duplicate key \"" + pending_key + "\""};
          throw std::length_error("duplicate");
        }
        break;
      }
      case Json::parse_event_t::object_end:
      case Json::parse_event_t::array_end:
        stack.pop_back();
        [[fallthrough]];
      case Json::parse_event_t::value:
        if (!stack.empty() && !stack.back().is_object) ++stack.back().next_index;
        break;
    }
    return true;
  };
  try {
    return Json::parse(text.begin(), text.end(), callback);
  } catch (const std::length_error&) {
    return std::nullopt;
  } catch (const Json::out_of_range& e) {  // e.g. a number beyond double's range (1e400)
    problem = {"", std::string("a value is out of range: ") + e.what()};
    return std::nullopt;
  } catch (const Json::parse_error& e) {
    // "[json.exception.parse_error.101] parse error at line 1, column 61: syntax error while
    // parsing object - unexpected end of input": keep only what went wrong.
    std::string what = e.what();
    auto syntax = what.find("syntax error while parsing ");
    auto dash = syntax == std::string::npos ? std::string::npos : what.find(" - ", syntax);
    auto position = what.find(": ");
    std::string detail = dash != std::string::npos ? what.substr(dash + 3)
                         : position != std::string::npos ? what.substr(position + 2) : what;
    problem = {"", "not valid JSON at " + line_column(text, e.byte > 0 ? e.byte - 1 : 0) + ": " + detail};
    return std::nullopt;
  }
}

// [SECTION] property readers -------------------------------------------------------------------

// Properties Peilpunt accepts but that change nothing about answers: layout and wording hints.
const std::set<std::string, std::less<>> cosmetic_survey = {
    "showQuestionNumbers", "questionTitleLocation", "questionErrorLocation", "questionDescriptionLocation",
    "showTitle", "showPageTitles", "showPageNumbers", "progressBarType", "progressBarLocation", "width",
    "widthMode", "focusFirstQuestionAutomatic", "checkErrorsMode", "textUpdateMode", "completeText",
    "pageNextText", "pagePrevText", "startSurveyText", "showCompletedPage", "showNavigationButtons",
    "requiredText", "logoPosition", "headerView", "showPrevButton", "questionStartIndex", "autoFocusFirstQuestion",
    "navigateToUrl", "showTimerPanel", "maxTextLength", "maxOthersLength", "storeOthersAsComment",
    "fitToContainer", "autoGrowComment", "allowResizeComment", "previewText",
    "editText", "completedBeforeHtml", "loadingHtml", "showBrandInfo", "goNextPageAutomatic", "logo",
    "logoFit", "logoWidth", "logoHeight", "progressBarShowPageTitles", "cookieName"};
const std::set<std::string, std::less<>> cosmetic_page = {
    "navigationTitle", "navigationDescription", "questionTitleLocation", "state", "maxWidth", "width",
    "questionsOrder", "showNumber"};
const std::set<std::string, std::less<>> cosmetic_element = {
    "width", "minWidth", "maxWidth", "startWithNewLine", "titleLocation", "descriptionLocation",
    "hideNumber", "indent", "state", "colCount", "separateSpecialChoices", "autocomplete", "size",
    "rows", "autoGrow", "allowResize", "renderAs", "displayMode", "rateDisplayMode", "scaleColorMode",
    "rateColorMode", "showClearButton", "allowClear", "questionTitleLocation", "innerIndent",
    "showQuestionNumbers", "showNumber", "displayRateDescriptionsAsExtremeItems", "autoGenerate",
    "displayStyle", "currency", "maximumFractionDigits", "minimumFractionDigits", "format", "step",
    "maxLength", "acceptCarriageReturn", "alternateRows", "showHeader", "columnMinWidth", "rowTitleWidth",
    "searchEnabled", "textUpdateMode", "errorLocation", "minRateDescriptionLocation", "rateCount",
    "columnsLayout", "itemComponent", "choicesOrder", "swapOrder", "maxErrorText", "minErrorText",
    "verticalAlign", "isExclusive", "hideIfChoicesEmpty",
    "useDisplayValuesInDynamicTexts", "useDisplayValuesInTitle", "verticalAlign", "titleLocation"};

// What survey-core's Serializer knows, generated from it (tests/differential/known-properties.js).
bool is_surveyjs_property(std::string_view surveyjs_class, std::string_view key) {
  static const std::map<std::string, std::set<std::string, std::less<>>, std::less<>> known = {
#include "survey/surveyjs_properties.inc"
  };
  auto it = known.find(surveyjs_class);
  return it == known.end() || it->second.count(key) > 0;  // an unlisted class: assume it knows
}

const std::set<std::string, std::less<>> unsupported_types = {
    "file", "slider", "buttongroup", "microphone", "customwidget"};

class Loader {
 public:
  // `folder`: where the questionnaire lies, to find its pictures; none when they are not looked for.
  Loader(std::string file, std::optional<std::filesystem::path> folder, std::vector<LoadError>& errors,
         std::vector<LoadError>& warnings)
      : file_(std::move(file)), folder_(std::move(folder)), errors_(errors), warnings_(warnings) {}

  std::shared_ptr<Survey> load(const Json& root);
  void calculated_values(const Json& list, Survey& s);
  void triggers(const Json& list, Survey& s);
  void preview_mode(const Json& root, Survey& s);
  ClearInvisible clear_invisible(const Json& obj, const std::string& key, const std::string& ptr, bool of_question);
  void text_input(const Json& obj, const std::string& ptr, Element& e, bool with_bounds = true);
  void multiple_text_items(const Json& obj, const std::string& ptr, Element& e);
  void cell_matrix(const Json& obj, const std::string& ptr, Element& e, std::vector<std::string_view>& handled);
  void panel_template(const Json& obj, const std::string& ptr, Element& e, std::vector<std::string_view>& handled);
  void template_elements(const Json& list, const std::string& ptr, Element& e, std::set<std::string>& names);
  Element cell_question(const Json& obj, const std::string& ptr, const std::string& type,
                        const std::vector<std::string_view>& not_its_own);
  void read_basics(const Json& obj, const std::string& ptr, Element& e);
  void check_set_value_cycles(Survey& s);

 private:
  void error(const std::string& pointer, std::string message) {
    errors_.push_back({file_, pointer, std::move(message)});
  }
  void warning(const std::string& pointer, std::string message) {
    warnings_.push_back({file_, pointer, "warning: " + std::move(message)});
  }

  const char* type_name(const Json& j) {
    switch (j.type()) {
      case Json::value_t::null: return "null";
      case Json::value_t::boolean: return "a boolean";
      case Json::value_t::string: return "a string";
      case Json::value_t::array: return "an array";
      case Json::value_t::object: return "an object";
      default: return "a number";
    }
  }

  std::optional<std::string> string_prop(const Json& obj, const std::string& key, const std::string& ptr) {
    if (!obj.contains(key)) return std::nullopt;
    const Json& v = obj[key];
    if (v.is_string()) return v.get<std::string>();
    error(ptr + "/" + escape_pointer(key), "expected a string, found " + std::string(type_name(v)));
    return std::nullopt;
  }

  // A count of rows or panels: a whole number from 0 to `most` (survey-core's limit), else an error.
  int whole_count(const Json& obj, const char* key, const std::string& ptr, int fallback, int most, const char* of_what) {
    std::optional<double> n = number_prop(obj, key, ptr);
    if (!n) return fallback;
    if (*n < 0 || *n > most || std::trunc(*n) != *n) {
      error(ptr + "/" + key, std::string(key) + " must be a whole number from 0 to " + std::to_string(most) +
                                 " (survey-core's most " + of_what + ")");
      return fallback;
    }
    return static_cast<int>(*n);
  }

  std::optional<bool> bool_prop(const Json& obj, const std::string& key, const std::string& ptr) {
    if (!obj.contains(key)) return std::nullopt;
    const Json& v = obj[key];
    if (v.is_boolean()) return v.get<bool>();
    if (v.is_string() && (v == "true" || v == "false")) return v == "true";
    error(ptr + "/" + escape_pointer(key), "expected true or false, found " + std::string(type_name(v)));
    return std::nullopt;
  }

  std::optional<double> number_prop(const Json& obj, const std::string& key, const std::string& ptr) {
    if (!obj.contains(key)) return std::nullopt;
    const Json& v = obj[key];
    if (v.is_number()) return v.get<double>();
    if (v.is_string()) {
      double n = js::string_to_number(v.get<std::string>());
      if (!std::isnan(n) && !v.get<std::string>().empty()) return n;
    }
    error(ptr + "/" + escape_pointer(key), "expected a number, found " + std::string(type_name(v)));
    return std::nullopt;
  }

  // A whole number of choices, 0 when absent.
  int count_prop(const Json& obj, const std::string& key, const std::string& ptr) {
    std::optional<double> n = number_prop(obj, key, ptr);
    if (!n) return 0;
    if (*n < 0 || *n > 10000 || std::trunc(*n) != *n) {
      error(ptr + "/" + escape_pointer(key), "expected a whole number from 0 to 10000");
      return 0;
    }
    return static_cast<int>(*n);
  }

  LocalizedString localized(const Json& obj, const std::string& key, const std::string& ptr) {
    LocalizedString out;
    if (!obj.contains(key)) return out;
    const Json& v = obj[key];
    std::string p = ptr + "/" + escape_pointer(key);
    if (v.is_string()) {
      out.texts.emplace_back("default", v.get<std::string>());
    } else if (v.is_object()) {
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (it.value().is_string()) out.texts.emplace_back(it.key(), it.value().get<std::string>());
        else error(p + "/" + escape_pointer(it.key()), "expected a string, found " + std::string(type_name(it.value())));
      }
    } else {
      error(p, "expected a string or an object of translations, found " + std::string(type_name(v)));
    }
    for (const auto& [language, text] : out.texts) check_piped_paths(text, v.is_object() ? p + "/" + escape_pointer(language) : p);
    return out;
  }

  // Session::piped replaces {name} with a whole value, and {name.box} with a multipletext box's;
  // survey-core also reads other paths ({name.prop}, {name[0]}), which would come out differently
  // here, so they are refused once every question is known (check_piped_paths_read).
  void check_piped_paths(const std::string& text, const std::string& ptr) {
    static const std::regex path(R"(\{\s*(([A-Za-z_][\w-]*)(\.[\w-]+|\[\d+\])+)\s*\})");
    for (std::sregex_iterator it(text.begin(), text.end(), path), end; it != end; ++it) {
      // a dynamic panel's texts read its own questions ({panel.name}): piped per panel
      if (in_template_ && js::lower((*it)[2].str()) == "panel") continue;
      const std::string rest = (*it)[1].str().substr(static_cast<std::size_t>((*it)[2].length()));
      piped_paths_.push_back({it->str(), (*it)[2].str(), rest == (*it)[3].str() && rest[0] == '.', ptr});
    }
  }
  void check_piped_paths_read() {
    for (const PipedPath& p : piped_paths_) {
      const Element* e = survey_->find(p.question);
      if (p.one_name_part && e && !e->is_panel && e->type == QuestionType::MultipleText) continue;
      error(p.pointer, "piped text '" + p.text + "' reads a part of a value; Peilpunt pipes whole values ({name}) and a multipletext's boxes ({name.box}) only");
    }
  }

  // What survey-core makes of an expression that does not parse (it logs "Invalid expression"
  // and runs the file): mostly as if it were not there; a choice's condition and an expression
  // validator then never hold.
  enum class Unparsable { Absent, NeverHolds };

  std::optional<Expression> expression_prop(const Json& obj, const std::string& key, const std::string& ptr,
                                            Unparsable unparsable = Unparsable::Absent) {
    std::optional<std::string> text = string_prop(obj, key, ptr);
    if (!text || js::trim(*text).empty()) return std::nullopt;
    std::string p = ptr + "/" + escape_pointer(key);
    try {
      Expression e = Expression::parse(*text);
      for (const auto& f : e.functions()) {
        if (is_model_function(f)) error(p, "function '" + f + "' is not supported by Peilpunt");
        else if (!is_builtin_function(f)) error(p, "unknown function '" + f + "' (function names are case-sensitive)");
      }
      return e;
    } catch (const ExpressionSyntaxError& e) {
      const bool never = unparsable == Unparsable::NeverHolds;
      warning(p, "the expression \"" + *text + "\" does not parse: " + e.what() + "; survey-core runs the file " +
                     (never ? "and this condition never holds" : "as if it were not there") + ", and so does Peilpunt");
      return never ? std::optional<Expression>(Expression::parse("false")) : std::nullopt;
    }
  }

  // Reports every key that is neither handled nor cosmetic: an error when survey-core knows the
  // property of `surveyjs_class` (it would act on it, Peilpunt would not), a warning when
  // survey-core does not know it either (both ignore it; a typo, or a note of the author's).
  void check_keys(const Json& obj, const std::string& ptr, const std::vector<std::string_view>& handled,
                  const std::set<std::string, std::less<>>& cosmetic, const std::string& what,
                  std::string_view surveyjs_class) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      const std::string& k = it.key();
      if (std::find(handled.begin(), handled.end(), k) != handled.end() || cosmetic.count(k)) continue;
      if (is_surveyjs_property(surveyjs_class, k))
        error(ptr + "/" + escape_pointer(k), "property '" + k + "' of " + what + " is not supported by Peilpunt");
      else
        warning(ptr + "/" + escape_pointer(k), "'" + k + "' is not a property of " + what +
                                                   " in SurveyJS; survey-core ignores it, and so does Peilpunt");
    }
  }

  // Calls fn(item, pointer) for each object of the survey's array `key`; an array that is none, or
  // an item that is no object, is an error saying what was expected (`items`, `item`).
  template <typename Fn>
  void each_object(const Json& list, const std::string& key, const std::string& items, const std::string& item, Fn fn) {
    if (!list.is_array()) {
      error("/" + key, "expected an array of " + items + ", found " + std::string(type_name(list)));
      return;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      std::string ptr = "/" + key + "/" + std::to_string(i);
      if (list[i].is_object()) fn(list[i], ptr);
      else error(ptr, "expected " + item + " object, found " + std::string(type_name(list[i])));
    }
  }

  // What a list's items may carry: only value and text (Plain), also visibleIf and enableIf
  // (Rules), also an imageLink (Images).
  enum class Items { Plain, Rules, Images };
  std::vector<Choice> choices(const Json& obj, const std::string& key, const std::string& ptr, Items kind);
  LocalizedString image_link(const Json& obj, const std::string& key, const std::string& ptr);
  void special_choice_question(const Json& obj, const std::string& ptr, Element& e, std::vector<std::string_view>& handled);
  std::vector<Validator> validators(const Json& obj, const std::string& ptr);
  int element(const Json& obj, const std::string& ptr, int page, int parent);
  void elements(const Json& list, const std::string& ptr, int page, int parent, std::vector<int>& out);
  void read_question(const Json& obj, const std::string& ptr, Element& e, const std::string& type);

  std::string file_;
  std::optional<std::filesystem::path> folder_;
  std::vector<LoadError>& errors_;
  std::vector<LoadError>& warnings_;
  std::shared_ptr<Survey> survey_;
  std::map<std::string, std::pair<std::string, std::string>> names_;  // lower-case name -> name and pointer of first use
  struct PipedPath {
    std::string text, question;
    bool one_name_part;  // {q.box}: one `.name` after the question's name, nothing else
    std::string pointer;
  };
  std::vector<PipedPath> piped_paths_;
  bool in_template_ = false;  // reading a paneldynamic's template
};

std::vector<Choice> Loader::choices(const Json& obj, const std::string& key, const std::string& ptr, Items kind) {
  const bool allow_rules = kind != Items::Plain;
  std::vector<Choice> out;
  if (!obj.contains(key)) return out;
  const Json& list = obj[key];
  std::string p = ptr + "/" + escape_pointer(key);
  if (!list.is_array()) {
    error(p, "expected an array, found " + std::string(type_name(list)));
    return out;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Json& item = list[i];
    std::string ip = p + "/" + std::to_string(i);
    Choice c;
    if (item.is_object()) {
      if (!item.contains("value")) {
        error(ip, "a choice needs a \"value\"");
        continue;
      }
      if (kind == Items::Images)
        check_keys(item, ip, {"value", "text", "visibleIf", "enableIf", "imageLink"}, {}, "an image choice", "imageitemvalue");
      else
        check_keys(item, ip, {"value", "text", "visibleIf", "enableIf"}, {}, "a choice", allow_rules ? "choiceitem" : "itemvalue");
      c.value = nlohmann::json::parse(item["value"].dump());
      c.text = localized(item, "text", ip);
      if (kind == Items::Images) c.image_link = image_link(item, "imageLink", ip);
      if (kind == Items::Images && c.image_link.empty())
        warning(ip, "an image choice without imageLink: survey-core shows it greyed out and nobody can choose it");
      if (allow_rules) {
        c.visible_if = expression_prop(item, "visibleIf", ip, Unparsable::NeverHolds);
        c.enable_if = expression_prop(item, "enableIf", ip, Unparsable::NeverHolds);
      }
    } else if (item.is_string() || item.is_number() || item.is_boolean()) {
      c.value = nlohmann::json::parse(item.dump());
    } else {
      error(ip, "a choice is a value or an object with \"value\" and \"text\", found " + std::string(type_name(item)));
      continue;
    }
    if (!c.value.is_string() && !c.value.is_number() && !c.value.is_boolean()) {
      error(ip + "/value", "a choice value must be text, a number or true/false");
      continue;
    }
    std::string key_text = c.key();
    if (!seen.insert(key_text).second) error(ip, "the value " + c.value.dump() + " appears twice in this list");
    c.js_value = js::Value::from_json(c.value);
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<Validator> Loader::validators(const Json& obj, const std::string& ptr) {
  std::vector<Validator> out;
  if (!obj.contains("validators")) return out;
  const Json& list = obj["validators"];
  std::string p = ptr + "/validators";
  if (!list.is_array()) {
    error(p, "expected an array of validators");
    return out;
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Json& v = list[i];
    std::string vp = p + "/" + std::to_string(i);
    std::optional<std::string> type = v.is_object() ? string_prop(v, "type", vp) : std::nullopt;
    if (!type) {
      error(vp, "a validator needs a \"type\"");
      continue;
    }
    Validator val;
    val.text = localized(v, "text", vp);
    if (*type == "numeric") {
      val.kind = Validator::Kind::Numeric;
      val.min_value = number_prop(v, "minValue", vp);
      val.max_value = number_prop(v, "maxValue", vp);
      check_keys(v, vp, {"type", "text", "minValue", "maxValue"}, {}, "a numeric validator", "numericvalidator");
    } else if (*type == "text") {
      val.kind = Validator::Kind::Text;
      val.min_length = number_prop(v, "minLength", vp);
      val.max_length = number_prop(v, "maxLength", vp);
      val.allow_digits = bool_prop(v, "allowDigits", vp).value_or(true);
      check_keys(v, vp, {"type", "text", "minLength", "maxLength", "allowDigits"}, {}, "a text validator", "textvalidator");
    } else if (*type == "email") {
      val.kind = Validator::Kind::Email;
      check_keys(v, vp, {"type", "text"}, {}, "an email validator", "emailvalidator");
    } else if (*type == "regex") {
      val.kind = Validator::Kind::Regex;
      val.regex = string_prop(v, "regex", vp).value_or("");
      val.case_insensitive = bool_prop(v, "caseInsensitive", vp).value_or(false);
      check_keys(v, vp, {"type", "text", "regex", "caseInsensitive"}, {}, "a regex validator", "regexvalidator");
    } else if (*type == "expression") {
      val.kind = Validator::Kind::Expression;
      val.expression = expression_prop(v, "expression", vp, Unparsable::NeverHolds);
      check_keys(v, vp, {"type", "text", "expression"}, {}, "an expression validator", "expressionvalidator");
    } else {
      error(vp + "/type", "validator type '" + *type + "' is not supported by Peilpunt");
      continue;
    }
    out.push_back(std::move(val));
  }
  return out;
}

void Loader::read_question(const Json& obj, const std::string& ptr, Element& e, const std::string& type) {
  static const std::map<std::string, QuestionType, std::less<>> types = {
      {"radiogroup", QuestionType::Radiogroup}, {"checkbox", QuestionType::Checkbox},
      {"dropdown", QuestionType::Dropdown},     {"boolean", QuestionType::Boolean},
      {"rating", QuestionType::Rating},         {"matrix", QuestionType::Matrix},
      {"text", QuestionType::Text},             {"comment", QuestionType::Comment},
      {"html", QuestionType::Html},             {"expression", QuestionType::Expression},
      {"multipletext", QuestionType::MultipleText}, {"tagbox", QuestionType::Checkbox},
      {"matrixdropdown", QuestionType::MatrixDropdown}, {"matrixdynamic", QuestionType::MatrixDynamic},
      {"imagepicker", QuestionType::Radiogroup},    {"image", QuestionType::Image},
      {"signaturepad", QuestionType::SignaturePad}, {"ranking", QuestionType::Checkbox},
      {"paneldynamic", QuestionType::PanelDynamic}};
  e.type = types.at(type);
  // A tagbox is survey-core's checkbox (QuestionTagboxModel extends it) drawn as chips and a list.
  e.tagbox = type == "tagbox";
  // An imagepicker is survey-core's checkboxbase: one answer, or a list with multiSelect.
  e.image_picker = type == "imagepicker";
  if (e.image_picker && bool_prop(obj, "multiSelect", ptr).value_or(false)) e.type = QuestionType::Checkbox;
  e.ranking = type == "ranking";
  const std::initializer_list<std::string_view> common = {
      "type", "name", "title", "description", "visible", "visibleIf", "enableIf", "requiredIf",
      "isRequired", "readOnly", "requiredErrorText", "validators", "placeholder", "clearIfInvisible"};
  std::vector<std::string_view> handled(common);
  auto handle = [&](std::initializer_list<std::string_view> more) { handled.insert(handled.end(), more); };
  e.validators = validators(obj, ptr);
  e.placeholder = localized(obj, "placeholder", ptr);
  e.clear_if_invisible = clear_invisible(obj, "clearIfInvisible", ptr, true);
  if (e.has_input() && e.type != QuestionType::Expression) {
    handle({"defaultValue", "defaultValueExpression"});
    if (obj.contains("defaultValue")) e.default_value = obj["defaultValue"];
    e.default_value_expression = expression_prop(obj, "defaultValueExpression", ptr);
  }
  handle({"resetValueIf", "setValueIf", "setValueExpression"});
  e.reset_value_if = expression_prop(obj, "resetValueIf", ptr);
  e.set_value_if = expression_prop(obj, "setValueIf", ptr);
  e.set_value_expression = expression_prop(obj, "setValueExpression", ptr);
  if (e.has_input() && e.type != QuestionType::Expression && e.type != QuestionType::Text &&
      e.type != QuestionType::Comment) {
    handle({"showCommentArea", "hasComment", "commentText", "commentPlaceholder"});
    e.has_comment_area = bool_prop(obj, "showCommentArea", ptr).value_or(bool_prop(obj, "hasComment", ptr).value_or(false));
    e.comment_text = localized(obj, "commentText", ptr);
    e.comment_placeholder = localized(obj, "commentPlaceholder", ptr);
  }
  if (e.tagbox) handle({"closeOnSelect", "hideSelectedItems", "searchEnabled", "searchMode", "textWrapEnabled", "allowClear"});
  switch (e.type) {
    case QuestionType::Radiogroup:
    case QuestionType::Checkbox:
    case QuestionType::Dropdown: {
      if (e.image_picker || e.ranking) {
        special_choice_question(obj, ptr, e, handled);
        break;
      }
      handle({"choices", "choicesVisibleIf", "choicesEnableIf", "showOtherItem", "hasOther", "showNoneItem",
              "hasNone", "otherText", "noneText", "otherPlaceholder", "otherErrorText", "maxSelectedChoices",
              "minSelectedChoices", "commentPlaceholder"});
      e.choices = choices(obj, "choices", ptr, e.image_picker ? Items::Images : Items::Rules);
      if (e.choices.empty()) error(ptr, "question '" + e.name + "' has no choices");
      e.choices_visible_if = expression_prop(obj, "choicesVisibleIf", ptr, Unparsable::NeverHolds);
      e.choices_enable_if = expression_prop(obj, "choicesEnableIf", ptr, Unparsable::NeverHolds);
      e.has_other = bool_prop(obj, "showOtherItem", ptr).value_or(bool_prop(obj, "hasOther", ptr).value_or(false));
      e.has_none = bool_prop(obj, "showNoneItem", ptr).value_or(bool_prop(obj, "hasNone", ptr).value_or(false));
      e.other_text = localized(obj, "otherText", ptr);
      e.none_text = localized(obj, "noneText", ptr);
      e.other_placeholder = localized(obj, obj.contains("otherPlaceholder") ? "otherPlaceholder" : "commentPlaceholder", ptr);
      e.other_error_text = localized(obj, "otherErrorText", ptr);
      // where an "other" text is kept; without the "other" item there is none to keep
      if (!e.has_other) handle({"storeOthersAsComment"});
      // survey-core then keeps the "other" text apart from the comment, in a key of its own.
      if (e.has_other && e.has_comment_area)
        error(ptr + "/" + (obj.contains("showCommentArea") ? "showCommentArea" : "hasComment"),
              "a comment area together with showOtherItem is not supported by Peilpunt");
      if (e.type == QuestionType::Checkbox) {
        e.max_selected_choices = count_prop(obj, "maxSelectedChoices", ptr);
        e.min_selected_choices = count_prop(obj, "minSelectedChoices", ptr);
        handle({"showSelectAllItem", "hasSelectAll", "selectAllText"});
        e.has_select_all = bool_prop(obj, "showSelectAllItem", ptr).value_or(bool_prop(obj, "hasSelectAll", ptr).value_or(false));
        e.select_all_text = localized(obj, "selectAllText", ptr);
      } else {
        for (const char* k : {"maxSelectedChoices", "minSelectedChoices"})
          if (obj.contains(k)) error(ptr + "/" + k, std::string(k) + " only applies to a checkbox question");
      }
      break;
    }
    case QuestionType::Boolean:
      handle({"labelTrue", "labelFalse"});
      e.label_true = localized(obj, "labelTrue", ptr);
      e.label_false = localized(obj, "labelFalse", ptr);
      break;
    case QuestionType::Rating: {
      handle({"rateType", "rateMin", "rateMax", "rateStep", "rateValues", "minRateDescription",
              "maxRateDescription", "rateCount"});
      std::string rate_type = string_prop(obj, "rateType", ptr).value_or("labels");
      if (rate_type == "stars") e.rate_type = RateType::Stars;
      else if (rate_type == "smileys") e.rate_type = RateType::Smileys;
      else if (rate_type != "labels") error(ptr + "/rateType", "rateType '" + rate_type + "' is not supported (labels, stars, smileys)");
      e.rate_min = number_prop(obj, "rateMin", ptr).value_or(1);
      e.rate_step = number_prop(obj, "rateStep", ptr).value_or(1);
      std::optional<double> count = number_prop(obj, "rateCount", ptr);
      e.rate_max = number_prop(obj, "rateMax", ptr).value_or(count ? e.rate_min + (*count - 1) * e.rate_step : 5);
      e.rate_values = choices(obj, "rateValues", ptr, Items::Plain);
      e.min_rate_description = localized(obj, "minRateDescription", ptr);
      e.max_rate_description = localized(obj, "maxRateDescription", ptr);
      if (e.rate_values.empty() && (e.rate_step <= 0 || e.rate_max < e.rate_min ||
                                    (e.rate_max - e.rate_min) / e.rate_step > 100))
        error(ptr, "rating '" + e.name + "' needs rateMin <= rateMax and a positive rateStep (at most 100 steps)");
      break;
    }
    case QuestionType::Matrix:
      handle({"rows", "columns", "isAllRowRequired", "eachRowRequired"});
      e.rows = choices(obj, "rows", ptr, Items::Plain);
      e.columns = choices(obj, "columns", ptr, Items::Plain);
      e.all_rows_required = bool_prop(obj, "isAllRowRequired", ptr).value_or(bool_prop(obj, "eachRowRequired", ptr).value_or(false));
      if (e.columns.empty()) error(ptr, "matrix '" + e.name + "' has no columns");
      break;
    case QuestionType::Text: {
      handle({"inputType", "min", "max", "step", "minErrorText", "maxErrorText"});
      text_input(obj, ptr, e);
      break;
    }
    case QuestionType::MultipleText:
      handle({"items", "itemErrorLocation", "itemTitleWidth", "inputSize", "itemSize"});
      multiple_text_items(obj, ptr, e);
      break;
    case QuestionType::MatrixDropdown:
    case QuestionType::MatrixDynamic:
      cell_matrix(obj, ptr, e, handled);
      break;
    case QuestionType::PanelDynamic:
      panel_template(obj, ptr, e, handled);
      break;
    case QuestionType::Comment: break;
    case QuestionType::Html:
      handle({"html"});
      e.html = localized(obj, "html", ptr);
      break;
    case QuestionType::Image: {
      handle({"imageLink", "altText", "text", "contentMode", "imageFit", "imageHeight", "imageWidth"});
      e.image_link = image_link(obj, "imageLink", ptr);
      if (e.image_link.empty()) error(ptr, "image '" + e.name + "' has no imageLink");
      e.alt_text = localized(obj, obj.contains("altText") ? "altText" : "text", ptr);
      std::string mode = string_prop(obj, "contentMode", ptr).value_or("auto");
      if (mode != "auto" && mode != "image")
        error(ptr + "/contentMode", "contentMode '" + mode + "' is not supported by Peilpunt: the kiosk shows pictures (PNG, JPEG), no video");
      break;
    }
    case QuestionType::SignaturePad: {
      handle({"dataFormat", "storeDataAsText", "penColor", "penMinWidth", "penMaxWidth", "backgroundColor",
              "signatureWidth", "signatureHeight", "signatureAutoScaleEnabled", "showPlaceholder",
              "placeholderReadOnly", "allowClear", "waitForUpload", "height", "width"});
      // survey-core's getFormat: "jpeg" and "svg" as written, anything else PNG
      std::string format = string_prop(obj, "dataFormat", ptr).value_or("png");
      e.signature_format = format == "jpeg" || format == "svg" ? format : "png";
      // Without storeDataAsText survey-core hands the drawing to an upload handler on a server.
      if (!bool_prop(obj, "storeDataAsText", ptr).value_or(true))
        error(ptr + "/storeDataAsText", "storeDataAsText false needs a server to upload the drawing to; a kiosk keeps it in the answer");
      break;
    }
    case QuestionType::Expression:
      handle({"expression"});
      e.expression = expression_prop(obj, "expression", ptr);
      break;
  }
  check_keys(obj, ptr, handled, cosmetic_element, "a " + type + " question", type);
}

// [SECTION] elements ---------------------------------------------------------------------------

int Loader::element(const Json& obj, const std::string& ptr, int page, int parent) {
  if (!obj.is_object()) {
    error(ptr, "expected a question or panel object, found " + std::string(type_name(obj)));
    return -1;
  }
  std::optional<std::string> type = string_prop(obj, "type", ptr);
  if (!type) {
    if (!obj.contains("type")) error(ptr, "the element has no \"type\"");
    return -1;
  }
  if (unsupported_types.count(*type)) {
    error(ptr + "/type", "question type '" + *type + "' is not supported by Peilpunt");
    return -1;
  }
  Element e;
  e.pointer = ptr;
  e.page = page;
  e.parent = parent;
  e.is_panel = *type == "panel";
  std::optional<std::string> name = string_prop(obj, "name", ptr);
  bool unnamed = !name || js::trim(*name).empty();
  if (unnamed) {
    if (!e.is_panel || obj.contains("name")) error(ptr, std::string("the ") + (e.is_panel ? "panel" : "question") + " has no name");
  } else {
    e.name = *name;
    auto [it, fresh] = names_.emplace(js::lower(*name), std::make_pair(*name, ptr));
    // survey-core keeps two answers for names that differ only in case, and an expression reads
    // the first of them that has one: allowed, but worth a look
    if (!fresh && it->second.first == *name) error(ptr + "/name", "the name '" + *name + "' is already used at " + it->second.second);
    else if (!fresh)
      warning(ptr + "/name", "the name '" + *name + "' differs only in case from '" + it->second.first + "' at " + it->second.second +
                                 "; an expression reading either gets the first of the two that is answered");
  }
  read_basics(obj, ptr, e);
  static const std::set<std::string, std::less<>> known_types = {
      "radiogroup", "checkbox", "dropdown", "boolean", "rating", "matrix", "text", "comment", "html", "expression",
      "multipletext", "tagbox", "matrixdropdown", "matrixdynamic", "imagepicker", "image", "signaturepad", "ranking",
      "paneldynamic"};
  if (e.is_panel) {
    check_keys(obj, ptr, {"type", "name", "title", "description", "visible", "visibleIf", "enableIf", "requiredIf",
                          "isRequired", "readOnly", "requiredErrorText", "elements", "questions"},
               cosmetic_element, "a panel", "panel");
  } else if (known_types.count(*type)) {
    read_question(obj, ptr, e, *type);
  } else {
    error(ptr + "/type", "unknown question type '" + *type + "'");
    return -1;
  }
  if (unnamed && !e.is_panel) return -1;  // reported above, after its other problems
  int index = static_cast<int>(survey_->elements.size());
  survey_->elements.push_back(std::move(e));
  if (survey_->elements.back().is_panel) {
    std::vector<int> children;
    for (const char* key : {"elements", "questions"})
      if (obj.contains(key)) elements(obj[key], ptr + "/" + key, page, index, children);
    survey_->elements[static_cast<std::size_t>(index)].children = std::move(children);
  } else {
    survey_->questions.push_back(index);
  }
  return index;
}

// What questions, panels and matrix columns share: title, visibility, requiredness, read-only.
void Loader::read_basics(const Json& obj, const std::string& ptr, Element& e) {
  e.title = localized(obj, "title", ptr);
  e.description = localized(obj, "description", ptr);
  e.visible = bool_prop(obj, "visible", ptr).value_or(true);
  e.read_only = bool_prop(obj, "readOnly", ptr).value_or(false);
  e.is_required = bool_prop(obj, "isRequired", ptr).value_or(false);
  e.visible_if = expression_prop(obj, "visibleIf", ptr);
  e.enable_if = expression_prop(obj, "enableIf", ptr);
  e.required_if = expression_prop(obj, "requiredIf", ptr);
  e.required_error_text = localized(obj, "requiredErrorText", ptr);
}

void Loader::elements(const Json& list, const std::string& ptr, int page, int parent, std::vector<int>& out) {
  if (!list.is_array()) {
    error(ptr, "expected an array of questions and panels, found " + std::string(type_name(list)));
    return;
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    int index = element(list[i], ptr + "/" + std::to_string(i), page, parent);
    if (index >= 0) out.push_back(index);
  }
}

// [SECTION] survey -----------------------------------------------------------------------------

void Loader::calculated_values(const Json& list, Survey& s) {
  each_object(list, "calculatedValues", "calculated values", "a calculated value", [&](const Json& item, const std::string& ptr) {
    CalculatedValue value;
    value.name = string_prop(item, "name", ptr).value_or("");
    if (value.name.empty()) error(ptr, "a calculated value needs a name");
    value.expression = expression_prop(item, "expression", ptr);
    value.include_into_result = bool_prop(item, "includeIntoResult", ptr).value_or(false);
    check_keys(item, ptr, {"name", "expression", "includeIntoResult"}, {}, "a calculated value", "calculatedvalue");
    s.calculated_values.push_back(std::move(value));
  });
}

// survey-core's legacy trigger form: {"name": "q", "operator": "equal", "value": "x"} stands for
// the expression "{q} equal 'x'" (buildTriggerExpression); without a name there is none.
std::optional<std::string> legacy_trigger_expression(const Json& item) {
  static const std::set<std::string, std::less<>> operators = {
      "empty", "notempty", "equal", "notequal", "contains", "notcontains", "greater", "less", "greaterorequal", "lessorequal"};
  if (!item.contains("name") || !item["name"].is_string() || item["name"].get<std::string>().empty()) return std::nullopt;
  std::string op = item.contains("operator") && item["operator"].is_string() ? js::lower(item["operator"].get<std::string>()) : "";
  if (!operators.count(op)) op = "equal";
  Json value = item.contains("value") ? item["value"] : Json();
  std::string operand;
  if (value.is_string()) {
    std::string v = value.get<std::string>();
    std::string lower = js::lower(v);
    bool plain = v.empty() || lower == "true" || lower == "false" || helpers::is_number(js::Value::string(v));
    operand = plain ? v : "'" + v + "'";
  } else if (!value.is_null()) {
    operand = value.dump();
  }
  bool needs_value = op != "empty" && op != "notempty";
  if (needs_value && js::trim(operand).empty()) return std::nullopt;
  return "{" + item["name"].get<std::string>() + "} " + op + " " + operand;
}

void Loader::triggers(const Json& list, Survey& s) {
  static const std::map<std::string, Trigger::Kind, std::less<>> kinds = {
      {"complete", Trigger::Kind::Complete}, {"setvalue", Trigger::Kind::SetValue},
      {"copyvalue", Trigger::Kind::CopyValue}, {"skip", Trigger::Kind::Skip},
      {"runexpression", Trigger::Kind::RunExpression}};
  auto is_question = [&s](const std::string& name) {
    int i = s.index_of(name);
    return i >= 0 && s.elements[static_cast<std::size_t>(i)].is_question();
  };
  each_object(list, "triggers", "triggers", "a trigger", [&](const Json& item, const std::string& ptr) {
    std::string type = js::lower(string_prop(item, "type", ptr).value_or(""));
    if (type.size() > 7 && type.ends_with("trigger")) type.resize(type.size() - 7);
    if (type == "visible") {
      error(ptr + "/type", "the visible trigger is obsolete in SurveyJS and not supported by Peilpunt; use visibleIf");
      return;
    }
    auto kind = kinds.find(type);
    if (kind == kinds.end()) {
      error(ptr + "/type", "unknown trigger type '" + type + "' (complete, setvalue, copyvalue, skip or runexpression)");
      return;
    }
    Trigger t;
    t.kind = kind->second;
    t.pointer = ptr;
    if (item.contains("expression")) {
      t.expression = expression_prop(item, "expression", ptr);
    } else if (auto legacy = legacy_trigger_expression(item)) {
      try {
        t.expression = Expression::parse(*legacy);
      } catch (const ExpressionSyntaxError& e) {
        error(ptr + "/name", "the trigger's condition \"" + *legacy + "\" does not parse: " + e.what());
      }
    }
    std::string_view surveyjs_class;
    std::vector<std::string_view> handled = {"type", "expression", "name", "operator", "value"};
    auto name_prop = [&](const char* key, bool must_be_question) {
      std::string name(js::trim(string_prop(item, key, ptr).value_or("")));
      if (name.empty()) error(ptr, std::string("a ") + type + " trigger needs '" + key + "'");
      else if (must_be_question && !is_question(name))
        error(ptr + "/" + key, "'" + name + "' is not a question of this questionnaire");
      handled.push_back(key);
      return name;
    };
    // A name that is no question is a value of its own in the answers, as survey-core keeps it.
    auto target_name = [&] {
      std::string name = name_prop("setToName", false);
      if (!t.is_variable && !is_question(name) && name.find_first_of(".[") != std::string::npos)
        error(ptr + "/setToName", "'" + name + "' is no question, and survey-core sets no value at a path");
      return name;
    };
    switch (t.kind) {
      case Trigger::Kind::Complete:
        surveyjs_class = "completetrigger";
        break;
      case Trigger::Kind::SetValue:
        surveyjs_class = "setvaluetrigger";
        t.is_variable = bool_prop(item, "isVariable", ptr).value_or(false);
        t.set_to_name = target_name();
        if (item.contains("setValue")) t.set_value = item["setValue"];
        handled.insert(handled.end(), {"setValue", "isVariable"});
        break;
      case Trigger::Kind::CopyValue:
        surveyjs_class = "copyvaluetrigger";
        t.set_to_name = target_name();
        t.from_name = name_prop("fromName", false);
        if (!t.from_name.empty() && !is_question(t.from_name) &&
            std::none_of(s.calculated_values.begin(), s.calculated_values.end(),
                         [&](const CalculatedValue& c) { return js::lower(c.name) == js::lower(t.from_name); }))
          error(ptr + "/fromName", "'" + t.from_name + "' is neither a question nor a calculated value of this questionnaire");
        t.copy_display_value = bool_prop(item, "copyDisplayValue", ptr).value_or(false);
        handled.push_back("copyDisplayValue");
        break;
      case Trigger::Kind::Skip:
        surveyjs_class = "skiptrigger";
        t.goto_name = name_prop("gotoName", true);
        break;
      case Trigger::Kind::RunExpression:
        surveyjs_class = "runexpressiontrigger";
        t.run_expression = expression_prop(item, "runExpression", ptr);
        handled.push_back("runExpression");
        if (item.contains("setToName")) t.set_to_name = target_name();
        handled.push_back("setToName");
        if (!t.run_expression && !item.contains("runExpression")) error(ptr, "a runexpression trigger needs 'runExpression'");
        else if (t.set_to_name.empty())
          warning(ptr, "a runexpression trigger without 'setToName' changes nothing: Peilpunt has no custom functions");
        break;
    }
    check_keys(item, ptr, handled, {}, "a trigger", surveyjs_class);
    s.triggers.push_back(std::move(t));
  });
}

// survey-core's setShowPreviewBeforeComplete: true, or "showAllQuestions" /
// "showAnsweredQuestions" (which also set previewMode), turn the preview on; false and
// "noPreview" turn it off. The two keys apply in the file's order, so the later one wins.
void Loader::preview_mode(const Json& root, Survey& s) {
  bool on = false;
  bool answered_only = false;
  for (const auto& [key, v] : root.items()) {
    const std::string ptr = "/" + key;
    if (key == "showPreviewBeforeComplete") {
      if (v.is_boolean()) {
        on = v.get<bool>();
      } else if (v.is_string()) {
        on = v != "noPreview";
        if (v == "showAllQuestions") answered_only = false;
        if (v == "showAnsweredQuestions") answered_only = true;
      } else {
        error(ptr, "expected true, false, \"showAllQuestions\", \"showAnsweredQuestions\" or \"noPreview\", found " +
                       std::string(type_name(v)));
      }
    } else if (key == "previewMode") {
      answered_only = v == "answeredQuestions";
      if (v != "allQuestions" && !answered_only)
        warning(ptr, "expected \"allQuestions\" or \"answeredQuestions\": the preview shows all questions");
    }
  }
  s.preview = !on ? Survey::Preview::None : answered_only ? Survey::Preview::AnsweredQuestions : Survey::Preview::AllQuestions;
}

// A picture must be there at an event without a network: a PNG or JPEG file in the
// questionnaire's folder (or below it), or a data: URI of one. Checked per language.
LocalizedString Loader::image_link(const Json& obj, const std::string& key, const std::string& ptr) {
  LocalizedString link = localized(obj, key, ptr);
  const bool translations = obj.contains(key) && obj[key].is_object();
  for (const auto& [language, written] : link.texts) {
    const std::string p = ptr + "/" + escape_pointer(key) + (translations ? "/" + escape_pointer(language) : "");
    const std::string text(js::trim(written)), lower = js::lower(text);
    auto refuse = [&](const std::string& why) { error(p, "the picture '" + text.substr(0, 80) + "' " + why); };
    if (lower.empty()) {
      refuse("has no path");
      continue;
    }
    if (lower.starts_with("data:")) {
      if (!lower.starts_with("data:image/png;base64,") && !lower.starts_with("data:image/jpeg;base64,") &&
          !lower.starts_with("data:image/jpg;base64,"))
        refuse("is a data: URI of no PNG or JPEG in base64; the kiosk shows those two");
      continue;
    }
    if (lower.find("://") != std::string::npos || lower.starts_with("//")) {
      refuse("needs a network, which an event does not have: put the file beside the questionnaire");
      continue;
    }
    // a browser reads \ as / and %2e as '.': only plain relative paths, so none can climb out
    if (text.find_first_of("\\%?#") != std::string::npos) {
      refuse("is no plain path: write / between folders and no \\, %, ? or #, e.g. images/cat.png");
      continue;
    }
    const std::filesystem::path path(text);
    bool outside = path.is_absolute() || text.starts_with('/') || text.find(':') != std::string::npos;
    for (const auto& part : path) outside = outside || part == "..";
    if (outside) {
      refuse("lies outside the questionnaire's folder; write a path relative to it, e.g. images/cat.png");
      continue;
    }
    if (!lower.ends_with(".png") && !lower.ends_with(".jpg") && !lower.ends_with(".jpeg")) {
      refuse("is no PNG or JPEG file; the kiosk shows those two");
      continue;
    }
    std::error_code ec;
    if (folder_ && !std::filesystem::is_regular_file(*folder_ / path, ec))
      refuse("is missing: there is no file " + (*folder_ / path).string());
  }
  return link;
}

// An imagepicker and a ranking: choice questions that survey-core gives no other, none or
// select-all item (supportOther() and the like are false; the properties are ignored).
void Loader::special_choice_question(const Json& obj, const std::string& ptr, Element& e, std::vector<std::string_view>& handled) {
  handled.insert(handled.end(), {"choices", "choicesVisibleIf", "choicesEnableIf"});
  e.choices = choices(obj, "choices", ptr, e.image_picker ? Items::Images : Items::Rules);
  if (e.choices.empty()) error(ptr, "question '" + e.name + "' has no choices");
  e.choices_visible_if = expression_prop(obj, "choicesVisibleIf", ptr, Unparsable::NeverHolds);
  e.choices_enable_if = expression_prop(obj, "choicesEnableIf", ptr, Unparsable::NeverHolds);
  if (e.image_picker) {
    handled.insert(handled.end(), {"multiSelect", "showLabel", "imageFit", "imageHeight", "imageWidth", "minImageWidth",
                                   "minImageHeight", "maxImageWidth", "maxImageHeight", "contentMode"});
    std::string mode = string_prop(obj, "contentMode", ptr).value_or("image");
    if (mode != "image")
      error(ptr + "/contentMode", "contentMode '" + mode + "' is not supported by Peilpunt: the kiosk shows pictures (PNG, JPEG), no video");
  } else {
    handled.insert(handled.end(), {"selectToRankEnabled", "selectToRankSwapAreas", "selectToRankAreasLayout",
                                   "selectToRankEmptyRankedAreaText", "selectToRankEmptyUnrankedAreaText", "longTap",
                                   "maxSelectedChoices", "minSelectedChoices"});
    e.select_to_rank = bool_prop(obj, "selectToRankEnabled", ptr).value_or(false);
    e.max_selected_choices = count_prop(obj, "maxSelectedChoices", ptr);
    e.min_selected_choices = count_prop(obj, "minSelectedChoices", ptr);
  }
  static const std::initializer_list<std::string_view> special = {
      "showOtherItem", "hasOther", "showNoneItem", "hasNone", "showRefuseItem", "showDontKnowItem", "showSelectAllItem",
      "hasSelectAll", "otherText", "noneText", "refuseText", "dontKnowText", "selectAllText", "otherPlaceholder",
      "otherErrorText", "storeOthersAsComment"};
  const std::string type = e.image_picker ? "an imagepicker" : "a ranking";
  for (std::string_view key : special) {
    handled.push_back(key);
    if (obj.contains(key) && obj[key] == true)
      warning(ptr + "/" + std::string(key), type + " has no such item in SurveyJS; survey-core ignores '" +
                                                std::string(key) + "', and so does Peilpunt");
  }
}

// A multipletext's boxes: text questions without bounds (survey-core's multipletextitem has no
// min or max), each needing a name; survey-core loads a box without one, but its answer could go
// nowhere.
void Loader::multiple_text_items(const Json& obj, const std::string& ptr, Element& e) {
  if (!obj.contains("items") || (obj["items"].is_array() && obj["items"].empty())) {
    warning(ptr, "multipletext '" + e.name + "' has no items: it shows its title and takes no answer");
    return;
  }
  const Json& list = obj["items"];
  if (!list.is_array()) {
    error(ptr + "/items", "expected an array of items, found " + std::string(type_name(list)));
    return;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Json& item = list[i];
    const std::string ip = ptr + "/items/" + std::to_string(i);
    if (!item.is_object()) {
      error(ip, "expected an item object with a \"name\", found " + std::string(type_name(item)));
      continue;
    }
    Element box;
    box.type = QuestionType::Text;
    box.pointer = ip;
    box.name = std::string(js::trim(string_prop(item, "name", ip).value_or("")));
    if (box.name.empty()) {
      error(ip, "an item of multipletext '" + e.name + "' needs a name");
      continue;
    }
    if (!seen.insert(box.name).second)
      warning(ip + "/name", "the item name '" + box.name + "' is used twice: both boxes show and change one answer, as in survey-core");
    box.title = localized(item, "title", ip);
    box.is_required = bool_prop(item, "isRequired", ip).value_or(false);
    box.required_error_text = localized(item, "requiredErrorText", ip);
    box.validators = validators(item, ip);
    box.placeholder = localized(item, item.contains("placeholder") ? "placeholder" : "placeHolder", ip);
    text_input(item, ip, box, false);
    check_keys(item, ip, {"name", "title", "isRequired", "requiredErrorText", "validators", "placeholder", "placeHolder", "inputType"},
               {"maxLength", "size", "inputSize", "inputTextAlignment"}, "a multipletext item", "multipletextitem");
    e.items.push_back(std::move(box));
  }
}

// matrixdropdown / matrixdynamic: rows, row counts, and the columns, each read as the question
// its cells are (survey-core's column is a template question of its cellType). The matrix's
// `choices` are the choices of a column that has none.
void Loader::cell_matrix(const Json& obj, const std::string& ptr, Element& e, std::vector<std::string_view>& handled) {
  const bool dynamic = e.type == QuestionType::MatrixDynamic;
  // layout and wording only: the answers, visibility and checks do not depend on them
  handled.insert(handled.end(), {"columns", "choices", "cellType", "columnLayout", "columnsLocation", "transposeData",
                                 "horizontalScroll", "columnColCount", "optionsCaption", "keyDuplicationError",
                                 "cellErrorLocation", "hideIfRowsEmpty", "emptyRowsText", "noRowsText", "totalText",
                                 "singleInputTitleTemplate", "verticalAlign"});
  if (dynamic) {
    handled.insert(handled.end(), {"rowCount", "minRowCount", "maxRowCount", "allowAddRows", "allowRemoveRows",
                                   "addRowText", "removeRowText", "addRowLocation", "addRowButtonLocation",
                                   "confirmDelete", "confirmDeleteText", "hideColumnsIfEmpty"});
    auto rows = [&](const char* key, int fallback) { return whole_count(obj, key, ptr, fallback, 1000, "rows"); };
    e.min_row_count = rows("minRowCount", 0);
    e.max_row_count = rows("maxRowCount", 1000);
    e.row_count = rows("rowCount", 2);
    if (e.min_row_count > e.max_row_count)
      error(ptr + "/minRowCount", "minRowCount " + std::to_string(e.min_row_count) + " is above maxRowCount " + std::to_string(e.max_row_count));
    e.allow_add_rows = bool_prop(obj, "allowAddRows", ptr).value_or(true);
    e.allow_remove_rows = bool_prop(obj, "allowRemoveRows", ptr).value_or(true);
  } else {
    handled.push_back("rows");
    e.rows = choices(obj, "rows", ptr, Items::Rules);
    if (e.rows.empty()) error(ptr, "matrix '" + e.name + "' has no rows");
  }
  std::string matrix_cell_type = string_prop(obj, "cellType", ptr).value_or("dropdown");
  if (!obj.contains("columns") || !obj["columns"].is_array() || obj["columns"].empty()) {
    error(ptr + (obj.contains("columns") ? "/columns" : ""), "matrix '" + e.name + "' needs a list of columns");
    return;
  }
  static const std::set<std::string, std::less<>> cell_types = {"dropdown", "checkbox", "radiogroup", "tagbox", "text",
                                                                 "comment", "boolean", "rating"};
  static const std::set<std::string, std::less<>> choice_types = {"dropdown", "checkbox", "radiogroup", "tagbox"};
  // what a column has beside its cell question's properties (those not listed stay unsupported)
  static const std::vector<std::string_view> column_only = {
      "cellType", "isUnique", "totalType", "totalFormat", "totalDisplayStyle", "totalCurrency", "totalAlignment",
      "totalMaximumFractionDigits", "totalMinimumFractionDigits", "cellHint", "width", "minWidth", "colCount", "renderAs"};
  std::set<std::string> names;
  const Json& list = obj["columns"];
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string cp = ptr + "/columns/" + std::to_string(i);
    const Json& c = list[i];
    if (!c.is_object()) {
      error(cp, "expected a column object with a \"name\", found " + std::string(type_name(c)));
      continue;
    }
    Element col;
    col.pointer = cp;
    col.name = std::string(js::trim(string_prop(c, "name", cp).value_or("")));
    if (col.name.empty()) {
      error(cp, "a column of matrix '" + e.name + "' needs a name");
      continue;
    }
    if (!names.insert(col.name).second) error(cp + "/name", "the column name '" + col.name + "' is used twice in matrix '" + e.name + "'");
    std::string cell_type = string_prop(c, "cellType", cp).value_or("default");
    if (cell_type == "default") cell_type = matrix_cell_type;
    if (!cell_types.count(cell_type)) {
      error(c.contains("cellType") ? cp + "/cellType" : ptr + "/cellType",
            "cellType '" + cell_type + "' is not supported by Peilpunt (" + (cell_type == "expression" ? "not yet; " : "") +
                "dropdown, checkbox, radiogroup, tagbox, text, comment, boolean, rating)");
      continue;
    }
    static const std::vector<std::string_view> refused = {"totalExpression", "showInMultipleColumns"};
    for (std::string_view k : refused)
      if (c.contains(k) && !(c[k].is_boolean() && !c[k].get<bool>()))
        error(cp + "/" + std::string(k), "property '" + std::string(k) + "' of a matrix column is not supported by Peilpunt");
    const std::string total = string_prop(c, "totalType", cp).value_or("none");
    static const std::set<std::string, std::less<>> totals = {"none", "sum", "count", "min", "max", "avg"};
    if (!totals.count(total)) error(cp + "/totalType", "totalType '" + total + "' is none of none, sum, count, min, max, avg");
    else if (total != "none") {
      col.total_type = total;
      col.total_expression = Expression::parse(total + "InArray({matrix}, {column})");
    }
    // the cell's question: the column without what only a column has, with the matrix's choices
    Json cell = c;
    cell["type"] = cell_type;
    if (choice_types.count(cell_type) && !cell.contains("choices") && obj.contains("choices")) cell["choices"] = obj["choices"];
    std::vector<std::string_view> not_its_own = column_only;
    not_its_own.insert(not_its_own.end(), refused.begin(), refused.end());
    Element read = cell_question(cell, cp, cell_type, not_its_own);
    read.name = col.name;
    read.total_type = col.total_type;
    read.total_expression = col.total_expression;
    read.is_unique = bool_prop(c, "isUnique", cp).value_or(false);
    e.cell_columns.push_back(std::move(read));
  }
}

// A question that is part of another: a matrix column's cell, a dynamic panel's template question.
// Its question is read without the keys in `not_its_own` (the container's own), and what cells
// do not model yet is refused: defaults, the "other" and "none" items, a comment area, and for
// now a template question's own triggers.
Element Loader::cell_question(const Json& obj, const std::string& ptr, const std::string& type,
                              const std::vector<std::string_view>& not_its_own) {
  static const std::vector<std::string_view> not_modelled = {
      "defaultValue", "defaultValueExpression", "showOtherItem", "hasOther", "showNoneItem", "hasNone",
      "showCommentArea", "hasComment"};
  const std::string_view what = in_template_ ? "a dynamic panel's question" : "a matrix column";
  Element e;
  e.pointer = ptr;
  e.name = std::string(js::trim(string_prop(obj, "name", ptr).value_or("")));
  Json own = Json::object();
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    const std::string& k = it.key();
    if (std::find(not_its_own.begin(), not_its_own.end(), k) != not_its_own.end()) continue;
    if (std::find(not_modelled.begin(), not_modelled.end(), k) != not_modelled.end() ||
        (in_template_ && (k == "resetValueIf" || k == "setValueIf" || k == "setValueExpression"))) {
      if (!(it->is_boolean() && !it->get<bool>()))
        error(ptr + "/" + escape_pointer(k), "property '" + k + "' of " + std::string(what) + " is not supported by Peilpunt yet");
      continue;
    }
    own[k] = it.value();
  }
  read_basics(own, ptr, e);
  read_question(own, ptr, e, type);
  return e;
}

// paneldynamic: the panel counts and the template, whose questions each panel repeats.
void Loader::panel_template(const Json& obj, const std::string& ptr, Element& e, std::vector<std::string_view>& handled) {
  // layout and wording only: the answers, visibility and checks do not depend on them
  handled.insert(handled.end(), {"templateElements", "questions", "templateTitle", "templateDescription", "templateVisibleIf",
                                 "panelCount", "minPanelCount", "maxPanelCount", "allowAddPanel", "allowRemovePanel",
                                 "keyName", "keyDuplicationError", "templateTabTitle", "tabTitlePlaceholder",
                                 "noEntriesText", "newPanelPosition", "panelsState", "confirmDelete", "confirmDeleteText",
                                 "addPanelText", "panelAddText", "removePanelText", "panelRemoveText", "prevPanelText",
                                 "panelPrevText", "nextPanelText", "panelNextText", "showQuestionNumbers",
                                 "questionStartIndex", "renderMode", "displayMode", "showProgressBar",
                                 "showRangeInProgress", "progressBarLocation", "tabAlign", "templateQuestionTitleLocation",
                                 "templateTitleLocation", "templateQuestionTitleWidth", "templateErrorLocation",
                                 "removePanelButtonLocation", "panelRemoveButtonLocation"});
  auto count = [&](const char* key, int fallback) { return whole_count(obj, key, ptr, fallback, 100, "panels"); };
  e.min_row_count = count("minPanelCount", 0);
  e.max_row_count = count("maxPanelCount", 100);
  if (e.min_row_count > e.max_row_count)
    error(ptr + "/minPanelCount", "minPanelCount " + std::to_string(e.min_row_count) + " is above maxPanelCount " + std::to_string(e.max_row_count));
  // survey-core's adjustPanelCount: the count starts within min and max
  e.row_count = std::clamp(count("panelCount", 0), e.min_row_count, std::max(e.min_row_count, e.max_row_count));
  e.allow_add_rows = bool_prop(obj, "allowAddPanel", ptr).value_or(true);
  e.allow_remove_rows = bool_prop(obj, "allowRemovePanel", ptr).value_or(true);
  e.key_name = std::string(js::trim(string_prop(obj, "keyName", ptr).value_or("")));
  for (const char* k : {"panelCountExpression", "defaultPanelValue", "copyDefaultValueFromLastEntry", "defaultValueFromLastPanel"}) {
    handled.push_back(k);
    if (obj.contains(k) && !(obj[k].is_boolean() && !obj[k].get<bool>()))
      error(ptr + "/" + k, std::string("property '") + k + "' of a paneldynamic is not supported by Peilpunt yet");
  }
  const bool was_in_template = std::exchange(in_template_, true);
  e.template_title = localized(obj, "templateTitle", ptr);
  e.template_description = localized(obj, "templateDescription", ptr);
  e.template_visible_if = expression_prop(obj, "templateVisibleIf", ptr);
  const char* key = obj.contains("templateElements") ? "templateElements" : "questions";
  std::set<std::string> names;
  if (obj.contains(key)) template_elements(obj[key], ptr + "/" + key, e, names);
  in_template_ = was_in_template;
  if (std::none_of(e.cell_columns.begin(), e.cell_columns.end(), [](const Element& c) { return c.has_input(); }))
    error(ptr, "paneldynamic '" + e.name + "' has no question in its templateElements");
  if (!e.key_name.empty() && !names.count(js::lower(e.key_name)))
    error(ptr + "/keyName", "keyName '" + e.key_name + "' is no question of paneldynamic '" + e.name + "'");
}

// A template's questions in order, a plain panel's flattened into it. `names`: lower-cased, to
// find a name used twice.
void Loader::template_elements(const Json& list, const std::string& ptr, Element& e, std::set<std::string>& names) {
  if (!list.is_array()) {
    error(ptr, "expected an array of questions and panels, found " + std::string(type_name(list)));
    return;
  }
  static const std::set<std::string, std::less<>> types = {"dropdown", "checkbox", "radiogroup", "tagbox", "text",
                                                            "comment", "boolean", "rating", "html"};
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string ip = ptr + "/" + std::to_string(i);
    const Json& item = list[i];
    if (!item.is_object()) {
      error(ip, "expected a question or panel object, found " + std::string(type_name(item)));
      continue;
    }
    const std::string type = string_prop(item, "type", ip).value_or("");
    if (type == "panel") {
      // a panel that only groups; one that hides, requires or locks its questions is not modelled yet
      for (const char* k : {"visibleIf", "enableIf", "requiredIf", "isRequired", "readOnly"})
        if (item.contains(k) && !(item[k].is_boolean() && !item[k].get<bool>()))
          error(ip + "/" + k, std::string("property '") + k + "' of a panel inside a paneldynamic is not supported by Peilpunt yet");
      if (item.contains("visible") && !(item["visible"].is_boolean() && item["visible"].get<bool>()))
        error(ip + "/visible", "property 'visible' of a panel inside a paneldynamic is not supported by Peilpunt yet");
      check_keys(item, ip, {"type", "name", "title", "description", "visible", "visibleIf", "enableIf", "requiredIf",
                            "isRequired", "readOnly", "requiredErrorText", "elements", "questions"},
                 cosmetic_element, "a panel", "panel");
      for (const char* k : {"elements", "questions"})
        if (item.contains(k)) template_elements(item[k], ip + "/" + k, e, names);
      continue;
    }
    if (!types.count(type)) {
      if (!item.contains("type")) error(ip, "the element has no \"type\"");
      else if (item["type"].is_string())
        error(ip + "/type", "question type '" + type + "' inside a paneldynamic is not supported by Peilpunt yet (" +
                                "text, comment, dropdown, checkbox, radiogroup, tagbox, boolean, rating, html, panel)");
      continue;
    }
    Element q = cell_question(item, ip, type, {});
    q.name = std::string(js::trim(string_prop(item, "name", ip).value_or("")));
    if (q.name.empty()) {
      error(ip, "a question of paneldynamic '" + e.name + "' needs a name");
      continue;
    }
    if (!names.insert(js::lower(q.name)).second)
      error(ip + "/name", "the name '" + q.name + "' is used twice in paneldynamic '" + e.name + "'");
    e.cell_columns.push_back(std::move(q));
  }
}

// Questions whose setValueExpression reads each other in a circle would set each other in turn
// (survey-core stops only because a question being set skips its own triggers, after a chain as
// long as the circle): refused, naming the circle. A question reading itself is one too; so are
// a matrix's columns reading each other's cell in their row ({row.x}).
void Loader::check_set_value_cycles(Survey& s) {
  // reads: node -> the nodes its setValueExpression reads; name and pointer of a node
  auto refuse_circles = [this](const std::map<int, std::vector<int>>& reads, const std::function<const Element&(int)>& node) {
    std::map<int, int> state;  // 1: on the path, 2: done
    std::vector<int> path;
    std::function<bool(int)> visit = [&](int q) {
      state[q] = 1;
      path.push_back(q);
      auto found = reads.find(q);
      for (int next : found == reads.end() ? std::vector<int>{} : found->second) {
        if (state[next] == 1) {
          std::string circle;
          for (auto it = std::find(path.begin(), path.end(), next); it != path.end(); ++it) circle += "'" + node(*it).name + "' -> ";
          circle += "'" + node(next).name + "'";
          error(node(next).pointer + "/setValueExpression",
                "setValueExpression goes round in a circle: " + circle + "; each would keep setting the next");
          return true;
        }
        if (state[next] == 0 && visit(next)) return true;
      }
      path.pop_back();
      state[q] = 2;
      return false;
    };
    for (const auto& [q, targets] : reads) {
      if (state[q] != 0 || !visit(q)) continue;
      for (int on_path : path) state[on_path] = 2;  // one error per circle
      path.clear();
    }
  };
  std::map<int, std::vector<int>> reads;
  for (int q : s.questions) {
    Element& e = s.elements[static_cast<std::size_t>(q)];
    if (e.has_own_triggers() || std::any_of(e.cell_columns.begin(), e.cell_columns.end(), [](const Element& c) { return c.has_own_triggers(); }))
      s.has_question_triggers = true;
    std::map<int, std::vector<int>> reads_in_row;  // column -> the columns it reads as {row.x}
    for (std::size_t c = 0; c < e.cell_columns.size(); ++c) {
      if (!e.cell_columns[c].set_value_expression) continue;
      for (const std::string& name : e.cell_columns[c].set_value_expression->variables()) {
        if (!js::lower(name).starts_with("row.")) continue;
        const std::string column = name.substr(4, name.substr(4).find_first_of(".["));
        for (std::size_t other = 0; other < e.cell_columns.size(); ++other)
          if (js::lower(e.cell_columns[other].name) == js::lower(column)) reads_in_row[static_cast<int>(c)].push_back(static_cast<int>(other));
      }
    }
    refuse_circles(reads_in_row, [&e](int c) -> const Element& { return e.cell_columns[static_cast<std::size_t>(c)]; });
    if (!e.set_value_expression) continue;
    for (const std::string& name : e.set_value_expression->variables()) {
      int other = s.index_of(name.substr(0, name.find_first_of(".[")));
      if (other >= 0 && !s.elements[static_cast<std::size_t>(other)].is_panel) reads[q].push_back(other);
    }
  }
  refuse_circles(reads, [&s](int q) -> const Element& { return s.elements[static_cast<std::size_t>(q)]; });
}

// clearInvisibleValues (the survey's; "onComplete" when absent) or a question's clearIfInvisible
// ("default": the survey's).
// A text question's inputType and its bounds, kept as survey-core keeps them: inputType
// lower-cased, "datetime" read as datetime-local; min and max as written, but dropped
// (clearIrrelevantMinMaxOnLoading) on an input without bounds and where a number meets a date or
// time input, or a text a number input. An inputType survey-core does not know keeps them.
void Loader::text_input(const Json& obj, const std::string& ptr, Element& e, bool with_bounds) {
  static const std::map<std::string, InputType, std::less<>> known = {
      {"text", InputType::Text}, {"number", InputType::Number}, {"range", InputType::Range},
      {"email", InputType::Email}, {"date", InputType::Date}, {"datetime-local", InputType::DateTimeLocal},
      {"datetime", InputType::DateTimeLocal}, {"datetime_local", InputType::DateTimeLocal},
      {"month", InputType::Month}, {"week", InputType::Week}, {"time", InputType::Time}, {"tel", InputType::Tel},
      {"url", InputType::Url}, {"password", InputType::Password}, {"color", InputType::Color}};
  std::string input = js::lower(string_prop(obj, "inputType", ptr).value_or("text"));
  auto it = known.find(input);
  e.input_type = it != known.end() ? it->second : InputType::Other;
  if (e.input_type == InputType::Other)
    warning(ptr + "/inputType", "inputType '" + input + "' is not one SurveyJS knows: it is typed as text");

  if (!with_bounds) return;
  const bool numeric = e.input_type == InputType::Number || e.input_type == InputType::Range;
  for (const char* k : {"min", "max"}) {
    if (!obj.contains(k)) continue;
    const Json& v = obj[k];
    const std::string at = ptr + "/" + k;
    const std::string text = v.is_string() ? v.get<std::string>() : v.dump();
    const bool empty = v.is_null() || (v.is_string() && text.empty());
    if (empty) continue;
    if (e.input_type != InputType::Other) {
      if (!has_min_max(e.input_type)) {
        warning(at, "inputType '" + input + "' has no " + k + ": survey-core ignores it");
        continue;
      }
      if (helpers::is_number(js::Value::from_json(v)) != numeric) {
        warning(at, "'" + text + "' is " + (numeric ? "no number" : "a number, not a date or time") +
                        ": survey-core drops this " + k + " of inputType '" + input + "'");
        continue;
      }
    }
    static const std::map<InputType, std::pair<std::regex, const char*>> formats = {
        {InputType::Date, {std::regex(R"(\d{4}-\d{2}-\d{2})"), "yyyy-mm-dd"}},
        {InputType::DateTimeLocal, {std::regex(R"(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?)"), "yyyy-mm-ddThh:mm"}},
        {InputType::Month, {std::regex(R"(\d{4}-\d{2})"), "yyyy-mm"}},
        {InputType::Week, {std::regex(R"(\d{4}-W\d{2})"), "yyyy-Www"}},
        {InputType::Time, {std::regex(R"(\d{2}:\d{2}(:\d{2})?)"), "hh:mm"}}};
    auto format = formats.find(e.input_type);
    if (format != formats.end() && !std::regex_match(text, format->second.first))
      warning(at, "'" + text + "' is not written " + format->second.second + ": survey-core compares it " +
                      (is_date_input(e.input_type) ? "as a date, which may be none" : "letter by letter"));
    (std::string_view(k) == "min" ? e.min_value : e.max_value) = v;
  }
  if (e.input_type == InputType::Number && obj.contains("step")) {
    js::Value step = js::Value::from_json(obj["step"]);
    if (helpers::is_number(step)) e.step = helpers::get_number(step);  // "any", or none: every number
  }
  if (e.input_type == InputType::Month && obj.contains("defaultValue")) {
    // correctValueType turns a month's default into yyyy-mm through a date: survey-core stops
    // loading the file ("Invalid time value") when it is none.
    const js::Value value = js::Value::from_json(obj["defaultValue"]);
    const bool blank = value.is_string() && js::trim(value.as_string()).empty();
    if (js::truthy(value) && !blank && !value.is_array() && std::isnan(helpers::create_date(value, 0).as_date()))
      error(ptr + "/defaultValue", "'" + js::to_string(value) + "' is no month (yyyy-mm): survey-core cannot load a month question with it");
  }
  e.min_error_text = localized(obj, "minErrorText", ptr);
  e.max_error_text = localized(obj, "maxErrorText", ptr);
}

ClearInvisible Loader::clear_invisible(const Json& obj, const std::string& key, const std::string& ptr, bool of_question) {
  static const std::map<std::string, ClearInvisible, std::less<>> modes = {
      {"none", ClearInvisible::None}, {"onComplete", ClearInvisible::OnComplete}, {"onHidden", ClearInvisible::OnHidden},
      {"onHiddenContainer", ClearInvisible::OnHiddenContainer}};
  const ClearInvisible absent = of_question ? ClearInvisible::Default : ClearInvisible::OnComplete;
  std::optional<std::string> mode = string_prop(obj, key, ptr);
  if (!mode || (of_question && *mode == "default")) return absent;
  auto it = modes.find(*mode);
  if (it != modes.end()) return it->second;
  error(ptr + "/" + key, "'" + *mode + "' is not a mode; expected " + (of_question ? "\"default\", " : "") +
                             "\"none\", \"onComplete\", \"onHidden\" or \"onHiddenContainer\"");
  return absent;
}

std::shared_ptr<Survey> Loader::load(const Json& root) {
  if (!root.is_object()) {
    error("", "a questionnaire is a JSON object, found " + std::string(type_name(root)));
    return nullptr;
  }
  survey_ = std::make_shared<Survey>();
  Survey& s = *survey_;
  s.title = localized(root, "title", "");
  s.description = localized(root, "description", "");
  s.completed_html = localized(root, "completedHtml", "");
  s.locale = string_prop(root, "locale", "").value_or("");
  if (root.contains("showProgressBar")) {
    const Json& v = root["showProgressBar"];
    s.show_progress_bar = v.is_boolean() ? v.get<bool>() : (v.is_string() && v != "off" && v != "false");
  }
  check_keys(root, "",
             {"title", "description", "completedHtml", "locale", "showProgressBar", "pages", "elements", "questions",
              "sendResultOnPageNext", "partialSendEnabled", "calculatedValues", "triggers", "completedHtmlOnCondition", "firstPageIsStarted",
              "firstPageIsStartPage", "showPreviewBeforeComplete", "previewMode", "clearInvisibleValues"},
             cosmetic_survey, "the survey", "survey");
  // survey-core only hands partial results to an onPartialSend handler or the SurveyJS service,
  // neither of which a questionnaire file brings: nothing to do, but the author should know.
  for (const char* key : {"sendResultOnPageNext", "partialSendEnabled"})
    if (bool_prop(root, key, "").value_or(false))
      warning(std::string("/") + key, "partial results are not sent: the kiosk keeps an answer only once it is completed");
  if (root.contains("calculatedValues")) calculated_values(root["calculatedValues"], s);
  if (root.contains("pages")) {
    const Json& pages = root["pages"];
    if (!pages.is_array()) {
      error("/pages", "expected an array of pages, found " + std::string(type_name(pages)));
    } else {
      for (std::size_t i = 0; i < pages.size(); ++i) {
        const Json& pj = pages[i];
        std::string pp = "/pages/" + std::to_string(i);
        if (!pj.is_object()) {
          error(pp, "expected a page object, found " + std::string(type_name(pj)));
          continue;
        }
        Page page;
        page.pointer = pp;
        page.name = string_prop(pj, "name", pp).value_or("page" + std::to_string(i + 1));
        page.title = localized(pj, "title", pp);
        page.description = localized(pj, "description", pp);
        page.visible = bool_prop(pj, "visible", pp).value_or(true);
        page.visible_if = expression_prop(pj, "visibleIf", pp);
        page.is_required = bool_prop(pj, "isRequired", pp).value_or(false);
        page.required_if = expression_prop(pj, "requiredIf", pp);
        page.required_error_text = localized(pj, "requiredErrorText", pp);
        check_keys(pj, pp,
                   {"name", "title", "description", "visible", "visibleIf", "isRequired", "requiredIf", "requiredErrorText",
                    "elements", "questions"},
                   cosmetic_page, "a page", "page");
        int page_index = static_cast<int>(s.pages.size());
        s.pages.push_back(std::move(page));
        std::vector<int> top;
        for (const char* key : {"elements", "questions"})
          if (pj.contains(key)) elements(pj[key], pp + "/" + key, page_index, -1, top);
        s.pages.back().elements = std::move(top);
      }
    }
  }
  for (const char* key : {"elements", "questions"}) {
    if (!root.contains(key)) continue;
    Page page;
    page.pointer = std::string("/") + key;
    page.name = "page" + std::to_string(s.pages.size() + 1);
    int page_index = static_cast<int>(s.pages.size());
    s.pages.push_back(std::move(page));
    std::vector<int> top;
    elements(root[key], std::string("/") + key, page_index, -1, top);
    s.pages.back().elements = std::move(top);
  }
  for (const char* key : {"firstPageIsStarted", "firstPageIsStartPage"})
    if (bool_prop(root, key, "").value_or(false)) s.first_page_is_started = s.pages.size() > 1;
  preview_mode(root, s);
  s.clear_invisible_values = clear_invisible(root, "clearInvisibleValues", "", false);
  if (root.contains("triggers")) triggers(root["triggers"], s);  // after the questions they name
  if (root.contains("completedHtmlOnCondition"))
    each_object(root["completedHtmlOnCondition"], "completedHtmlOnCondition", "items with an expression and html",
                "an expression and html", [&](const Json& item, const std::string& ptr) {
                  HtmlCondition c{expression_prop(item, "expression", ptr), localized(item, "html", ptr)};
                  for (const auto& [locale, text] : c.html.texts) check_piped_paths(text, ptr + "/html");
                  check_keys(item, ptr, {"expression", "html"}, {}, "a completedHtmlOnCondition item", "htmlconditionitem");
                  s.completed_html_on_condition.push_back(std::move(c));
                });
  check_piped_paths_read();
  check_set_value_cycles(s);
  if (s.questions.empty() && errors_.empty()) error("", "the questionnaire has no questions");
  return survey_;
}

std::string file_id(const std::string& file) {
  std::filesystem::path p(file);
  return p.stem().string();
}

LoadResult load(std::string_view text, std::string file, std::optional<std::filesystem::path> folder) {
  LoadResult result;
  if (text.size() > max_questionnaire_bytes) {
    result.errors.push_back({file, "", "the file is larger than " + std::to_string(max_questionnaire_bytes / (1024 * 1024)) + " MB"});
    return result;
  }
  JsonProblem problem;
  std::optional<Json> root = parse_json(text, problem);
  if (!root) {
    result.errors.push_back({file, problem.pointer, problem.message});
    return result;
  }
  Loader loader(file, std::move(folder), result.errors, result.warnings);
  std::shared_ptr<Survey> survey = loader.load(*root);
  if (result.errors.empty() && survey) {
    survey->id = file_id(file);
    result.survey = std::move(survey);
  }
  return result;
}

}  // namespace

LoadResult load_text(std::string_view text, std::string file) { return load(text, std::move(file), std::nullopt); }

LoadResult load_file(const std::filesystem::path& path, Pictures pictures) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return {nullptr, {{path.string(), "", "cannot read the file: " + ec.message()}}, {}};
  if (size > max_questionnaire_bytes)
    return {nullptr, {{path.string(), "", "the file is larger than " + std::to_string(max_questionnaire_bytes / (1024 * 1024)) + " MB"}}, {}};
  std::ifstream in(path, std::ios::binary);
  if (!in) return {nullptr, {{path.string(), "", "cannot open the file"}}, {}};
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::optional<std::filesystem::path> folder;
  if (pictures == Pictures::MustExist) folder = path.parent_path();
  return load(buffer.str(), path.string(), std::move(folder));
}

}  // namespace survey
