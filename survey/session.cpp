// Session: survey-core's runtime rules for visibility, requiredness, validation and completion.
// Index: [SECTION] answers  [SECTION] conditions  [SECTION] validation  [SECTION] navigation
#include "survey/session.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <functional>
#include <regex>
#include <utility>

#include "survey/helpers.hpp"
#include "survey/utf8.hpp"

namespace survey {
namespace {

using Json = nlohmann::ordered_json;

js::Value to_js(const Json& j) { return js::Value::from_json(j); }

bool json_empty(const Json* j) {
  return !j || helpers::is_value_empty(to_js(*j));
}

// A required question treats whitespace-only text as unanswered (unlike `empty` in expressions).
bool answer_empty(const Json* j) {
  if (!j) return true;
  if (j->is_string()) return js::trim(j->get<std::string>()).empty();
  return json_empty(j);
}

// A value the question offers: one of its choices, or "other"/"none" when it has them.
bool is_known_choice(const Element& e, const Json& v) {
  if (e.has_other && v == "other") return true;
  if (e.has_none && v == "none") return true;
  return std::any_of(e.choices.begin(), e.choices.end(), [&](const Choice& c) { return same_choice_value(c.value, v); });
}

// hasUnknownValue(item, includeOther): whether `item` is one of the visible `choices`, or
// "other"/"none" when the question has them. An imagepicker with multiSelect also keeps empty
// items ("" in a list), which survey-core never counts as unknown there.
bool is_visible_choice(const Element& e, const std::vector<const Choice*>& choices, const Json& item) {
  if (e.has_other && item == "other") return true;
  if (e.has_none && item == "none") return true;
  if (e.is_multi_image_picker() && json_empty(&item)) return true;
  return std::any_of(choices.begin(), choices.end(), [&](const Choice* c) { return same_choice_value(c->value, item); });
}

// An imagepicker with multiSelect clears a value that is no list (its clearIncorrectValues).
bool needs_a_list(const Element& e, const Json& v) { return e.is_multi_image_picker() && !v.is_array(); }

// The choice `v` stands for, as the choice's own value ("1" is the choice 1); else `v`.
Json as_choice_value(const Element& e, const Json& v) {
  for (const Choice& c : e.choices)
    if (same_choice_value(c.value, v)) return Json::parse(c.value.dump());
  return v;
}

// Array.prototype.join: null items write nothing.
Json joined(const Json& list, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i) out += separator;
    if (!list[i].is_null()) out += js::to_string(to_js(list[i]));
  }
  return Json(out);
}

// correctValueType of a month input: the date's "yyyy-mm" (createDate; its UTC month when the
// value is how toISOString begins, as "2024-03" is, else its local one); nothing for what is no
// date, where survey-core throws.
std::optional<std::string> month_of(const js::Value& v) {
  double ms = helpers::create_date(v, 0).as_date();
  if (std::isnan(ms)) return std::nullopt;
  const std::string iso = js::date_to_iso(ms), text = js::to_string(v);
  int year = 0, month = 0;
  if (iso.rfind(text, 0) == 0 && text.find('T') == std::string::npos && iso.size() > 7 && iso[4] == '-') {
    year = std::stoi(iso.substr(0, 4));
    month = std::stoi(iso.substr(5, 2));
  } else {
    js::DateParts d = js::local_parts(ms);
    year = d.year;
    month = d.month + 1;
  }
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02d", year, month);
  return std::string(out);
}

// isValueLessMin / isValueGreaterMax of a text input: JavaScript's < on the value and the bound
// as written, as dates for date and datetime-local (createDate; their max is 2999-12-31 unless
// given), so "9:00" is after a max of "17:00" and what is no date never errs. An empty value
// (a tab too) crosses nothing.
struct CrossedBounds {
  bool below = false, above = false;
};
CrossedBounds bounds_crossed(const Element& e, const Json& v, double now_ms) {
  if (e.type != QuestionType::Text || answer_empty(&v)) return {};
  const bool dates = is_date_input(e.input_type);
  js::Value lo = e.min_value.is_null() ? js::Value::undefined() : js::Value::from_json(e.min_value);
  js::Value hi = e.max_value.is_null() ? (dates ? js::Value::string("2999-12-31") : js::Value::undefined())
                                       : js::Value::from_json(e.max_value);
  js::Value at = js::Value::from_json(v);
  if (dates) {
    at = helpers::create_date(at, now_ms);
    if (!lo.is_undefined()) lo = helpers::create_date(lo, now_ms);
    if (!hi.is_undefined()) hi = helpers::create_date(hi, now_ms);
  }
  return {!lo.is_undefined() && js::less_than(at, lo).value_or(false), !hi.is_undefined() && js::less_than(hi, at).value_or(false)};
}

// isStepNumberIncorrect: both scaled by the power of ten that makes them whole (up to 10^6),
// then the remainder; Math.round is floor(x + 0.5).
bool step_mismatch(double value, double step) {
  auto js_round = [](double x) { return std::floor(x + 0.5); };
  double scale = 1;
  while ((js_round(step * scale) / scale != step || js_round(value * scale) / scale != value) && scale < 1000000) scale *= 10;
  double whole_step = js_round(step * scale);
  return whole_step > 0 && std::fmod(js_round(value * scale), whole_step) != 0;
}

// A matrix or multipletext refuses a value that is no object (isNewValueCorrect): the data keeps
// it, the question stays empty, and clearing the question leaves it in the data.
bool took_no_value(const Element& e, const Json& v) {
  if (v.is_null()) return false;
  if (is_dynamic_list(e.type)) return !v.is_array();
  return (e.type == QuestionType::Matrix || e.type == QuestionType::MultipleText || e.type == QuestionType::MatrixDropdown) &&
         !v.is_object();
}


// survey-core's getMultipleTextValue: the answer object's key, exactly as the box names it.
const Json* box_value_in(const Json& object, const std::string& name) {
  auto found = object.find(name);
  return found == object.end() ? nullptr : &*found;
}

const std::regex& email_pattern() {
  static const std::regex re(
      R"(^(([^<>()\[\]\.,;:\s@"]+(\.[^<>()\[\]\.,;:\s@"]+)*)|(".+"))@(([^<>()=[\]\.,;:\s@"]+\.)+[^<>()=[\]\.,;:\s@"]{2,})$)",
      std::regex::ECMAScript | std::regex::icase);
  return re;
}

}  // namespace

Session::Session(std::shared_ptr<const Survey> survey, std::string locale, double now_ms)
    : survey_(std::move(survey)), locale_(std::move(locale)), now_ms_(now_ms) {
  changed_directly_.assign(survey_->elements.size(), 0);
  other_text_taken_.assign(survey_->elements.size(), 0);
  other_reread_.assign(survey_->elements.size(), 0);
  // Questions start with their defaultValue (hidden ones too: survey-core clears hidden values
  // only on completion); a defaultValueExpression runs in refresh() until the question is answered.
  question_entries_ = survey_->questions.size();
  scope_ = scope_values();
  for (int q : survey_->questions)
    if (is_dynamic_list(survey_->elements[static_cast<std::size_t>(q)].type))
      dynamic_rows_[q].count = survey_->elements[static_cast<std::size_t>(q)].row_count;
  mark_matrices_read_by_expressions();
  for (int q : survey_->questions) {
    // updateValueWithDefaults: no default for a question that starts hidden when hiding clears it
    const Element& e = survey_->elements[static_cast<std::size_t>(q)];
    // (its visibleIf sees the defaults set before it; the expressions of defaults do not)
    if (clears_on_hidden(q)) {
      auto loading_scope = std::exchange(scope_, scope_values());
      const bool shown = condition(e.visible_if, e.visible);
      scope_ = std::move(loading_scope);
      if (!shown) continue;
    }
    if (!json_empty(value(e.name))) continue;  // updateValueWithDefaults: an earlier question's trigger answered it
    DefaultAnswer answer = initial_default(q);
    // A radiogroup's or dropdown's unknown value from an expression becomes the comment only
    // when set after loading; a checkbox's at once (its own setDefaultUnknownValue).
    if (!changed_directly_[static_cast<std::size_t>(q)] && survey_->elements[static_cast<std::size_t>(q)].type != QuestionType::Checkbox)
      answer.comment.reset();
    Json before = survey_->has_question_triggers ? values_ : Json();
    if (store_default(survey_->elements[static_cast<std::size_t>(q)], answer) && survey_->has_question_triggers) {
      // set as a value while loading: the questions' own triggers run for it (no conditions yet)
      questions_being_set_.push_back(q);
      run_question_triggers(before, variables_, e.name);
      questions_being_set_.pop_back();
    }
  }
  refresh();
  auto pages = visible_pages();
  current_page_ = pages.empty() ? 0 : pages.front();
  on_start_page_ = survey_->first_page_is_started;
  build_panels_on_current_page();
  // survey-core sets each default as a value while loading, which runs the triggers.
  if (!survey_->triggers.empty()) run_triggers_after_change(Json::object(), Json::object(), "");
}

// survey-core turns a default into the question's kind of value: the static defaultValue
// through valueToData and convertToCorrectValue, an expression's result through
// convertFuncValuetoQuestionValue and valueFromData. A choice question with "other" keeps an
// unknown value as its comment; a static default then chooses "other" itself.
Session::DefaultAnswer Session::default_answer(const Element& e, Json v, DefaultOrigin origin) {
  DefaultAnswer out;
  bool single_choice = e.type == QuestionType::Radiogroup || e.type == QuestionType::Dropdown;
  // an imagepicker with multiSelect takes a default as it is (its valueToData changes nothing)
  bool checkbox = e.type == QuestionType::Checkbox && !e.is_multi_image_picker();
  if (e.type == QuestionType::MultipleText && !v.is_object()) return out;  // isNewValueCorrect
  if (origin == DefaultOrigin::Static) {
    if (checkbox && !json_empty(&v) && !v.is_array()) v = Json::array({v});
    if (e.type == QuestionType::Boolean) {
      if (v == "true" || v == true) v = true;
      else if (v == "false" || v == false) v = false;
      else return out;  // a boolean takes true or false only
    }
    if (answer_empty(&v)) return out;  // isDefaultValueEmpty: "  " is no default
  } else if (checkbox && !js::truthy(to_js(v))) {
    return out;  // valueFromData leaves 0 or false as it is, which a checkbox does not hold
  }
  if (v.is_array() && (e.type == QuestionType::Text || e.type == QuestionType::Comment))
    v = joined(v, e.type == QuestionType::Text ? ", " : "\n");
  if (single_choice && v.is_array()) v = v.empty() ? Json() : Json(v[0]);
  if (checkbox && !v.is_array()) v = Json::array({v});
  if (json_empty(&v)) return out;
  if (e.type == QuestionType::Text && (e.input_type == InputType::Number || e.input_type == InputType::Range)) {
    js::Value number = to_js(v);  // the value setter's correctValueType: a number, or nothing
    if (!helpers::is_number(number)) return out;
    std::optional<nlohmann::json> j = js::Value::number(helpers::get_number(number)).to_json();
    if (!j) return out;
    v = Json::parse(j->dump());
  }
  if (e.type == QuestionType::Text && e.input_type == InputType::Month) {
    std::optional<std::string> month = month_of(to_js(v));
    if (!month) return out;
    v = *month;
  }
  if (single_choice) v = as_choice_value(e, v);
  if (checkbox)
    for (auto& item : v) item = as_choice_value(e, item);
  if (e.has_other && (single_choice || checkbox)) {
    auto unknown = [&e](const Json& item) { return !answer_empty(&item) && !is_known_choice(e, item); };
    if (single_choice && unknown(v)) {
      if (js::truthy(to_js(v))) out.comment = v;
      if (origin == DefaultOrigin::Static) v = "other";
    }
    if (checkbox) {
      auto first = std::find_if(v.begin(), v.end(), unknown);
      if (first != v.end()) {
        if (js::truthy(to_js(*first))) out.comment = *first;
        if (origin == DefaultOrigin::Static) {  // the first unknown item becomes "other", the rest go
          Json kept = Json::array();
          bool other_added = false;
          for (const auto& item : v) {
            if (!unknown(item)) kept.push_back(item);
            else if (!other_added) kept.push_back("other"), other_added = true;
          }
          v = kept;
        }
      }
    }
  }
  out.value = std::move(v);
  return out;
}

// What the defaultValueExpression gives now; its defaultValue when it gives null or undefined.
Session::DefaultAnswer Session::expression_default(const Element& e) const {
  js::Value result;
  try {
    result = e.default_value_expression->evaluate(EvalScope{scope_, now_ms_, question_entries_});
  } catch (const helpers::TypeError&) {
  }
  if (result.is_null() || result.is_undefined()) {
    if (e.default_value.is_null()) return {};
    DefaultAnswer fallback = default_answer(e, e.default_value, DefaultOrigin::Static);
    return fallback.value ? default_answer(e, *fallback.value, DefaultOrigin::Expression) : DefaultAnswer{};
  }
  return function_value(e, result);
}

// An expression's result as the question takes it (convertFuncValuetoQuestionValue, then the
// value setter); nothing for null or undefined.
Session::DefaultAnswer Session::function_value(const Element& e, const js::Value& result) {
  if (result.is_date()) {  // convertValToQuestionVal: "YYYY-MM-DD" in local time, "YYYY-MM-DDThh:mm" for datetime-local
    double ms = result.as_date();
    if (std::isnan(ms)) return {};
    js::DateParts d = js::local_parts(ms);
    char text[48];
    if (e.type == QuestionType::Text && e.input_type == InputType::DateTimeLocal)
      std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d", d.year, d.month + 1, d.day, d.hours, d.minutes);
    else
      std::snprintf(text, sizeof text, "%04d-%02d-%02d", d.year, d.month + 1, d.day);
    return default_answer(e, Json(text), DefaultOrigin::Expression);
  }
  if (result.is_null() || result.is_undefined()) return {};
  std::optional<nlohmann::json> j = result.to_json();
  if (!j) return {};
  return default_answer(e, Json::parse(j->dump()), DefaultOrigin::Expression);
}

// question.setDefaultValue(): the defaultValueExpression (it then keeps running), else the
// static defaultValue. A boolean's own setDefaultValue takes a true/false defaultValue over its
// expression and sets it as a respondent would, which stops the expression.
Session::DefaultAnswer Session::initial_default(int question) {
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  Json static_default = e.default_value;
  bool boolean_default = e.type == QuestionType::Boolean && default_answer(e, static_default, DefaultOrigin::Static).value;
  if (e.default_value_expression && !boolean_default) {
    DefaultAnswer answer = expression_default(e);
    answer.from_expression = true;
    return answer;
  }
  if (e.default_value.is_null()) return {};
  changed_directly_[static_cast<std::size_t>(question)] = 1;
  return default_answer(e, static_default, DefaultOrigin::Static);
}

// Puts a default into the data; true when that changed it.
bool Session::store_default(const Element& e, const DefaultAnswer& answer) {
  bool changed = false;
  const Json* old = value(e.name);
  // question.value is set only when it differs (isTwoValueEquals): '' stays when nothing comes
  if (!answer.value) {
    if (!json_empty(old)) values_.erase(e.name), changed = true;
    return changed;
  }
  if (old && helpers::is_two_value_equals(to_js(*old), to_js(*answer.value))) return false;
  values_[e.name] = *answer.value;
  changed = true;
  if (answer.comment) {  // written along with the value it comes from
    other_text_taken_[static_cast<std::size_t>(&e - survey_->elements.data())] = 1;
    const Json* old_comment = value(comment_key(e.name));
    if (!old_comment || *old_comment != *answer.comment) values_[comment_key(e.name)] = *answer.comment, changed = true;
  }
  return changed;
}

void Session::set_locale(std::string locale) { locale_ = std::move(locale); }

// [SECTION] answers ---------------------------------------------------------------------------

namespace {

// survey-core's mergeValues: an object merges key by key into the one there (which it replaces
// when that is no object); anything else, arrays too, replaces what was there.
void merge_values(const Json& from, Json& into) {
  if (!from.is_object()) {
    into = from;
    return;
  }
  if (!into.is_object()) into = Json::object();
  for (auto it = from.begin(); it != from.end(); ++it) merge_values(it.value(), into[it.key()]);
}

}  // namespace

void Session::merge_data(const Json& data) {
  if (!data.is_object()) return;
  cleared_on_hiding_ = Json::object();
  bool has_triggers = !survey_->triggers.empty();
  Json values_before = has_triggers ? values_ : Json();
  Json variables_before = has_triggers ? variables_ : Json();
  const Json before_merge = values_;  // each question's own value until its turn below
  std::vector<int> merged;  // questions whose value the data changes
  for (auto it = data.begin(); it != data.end(); ++it) {
    std::string key(js::trim(it.key()));
    Json merged_value = values_.contains(key) ? values_[key] : Json();
    merge_values(it.value(), merged_value);
    int index = survey_->index_of(key);
    if (index >= 0) {  // the question takes the data's value (updateValueFromSurvey), a matrix's cells too
      held_.erase(index);
      std::erase_if(cells_holding_, [index](const auto& entry) { return std::get<0>(entry.first) == index; });
    }
    if (index >= 0) {
      const Json* before = value(key);
      bool unchanged = before ? helpers::is_two_value_equals(to_js(*before), to_js(merged_value)) : json_empty(&merged_value);
      if (!unchanged) merged.push_back(index);
    }
    values_[key] = std::move(merged_value);
  }
  // survey-core refuses a value that is not an object of rows for a matrix without rows; with
  // rows it keeps the value but counts it as unanswered.
  for (int q : survey_->questions) {
    const Element& e = survey_->elements[static_cast<std::size_t>(q)];
    if (e.type == QuestionType::Matrix && e.rows.empty() && values_.contains(e.name) && !values_[e.name].is_object() &&
        !values_[e.name].is_null())
      values_.erase(e.name);
  }
  // Then each question takes its value in questionnaire order (updateAllQuestionsValue):
  // - a value that differs from the question's own counts as the respondent's, unless it is what
  //   its defaultValueExpression gives anyway: then that expression stops running;
  // - a radiogroup/dropdown/checkbox with "other" reads an unknown value as "other" and makes it
  //   the comment, even over one in the data. A new comment runs the conditions at once, so the
  //   defaultValueExpression of a later question still overwrites what the data gave it.
  question_entries_ = survey_->questions.size();
  scope_ = scope_values();
  awaiting_merge_.assign(survey_->elements.size(), 0);
  for (int q : survey_->questions) awaiting_merge_[static_cast<std::size_t>(q)] = 1;
  for (int q : survey_->questions) {
    const Element& e = survey_->elements[static_cast<std::size_t>(q)];
    awaiting_merge_[static_cast<std::size_t>(q)] = 0;
    if (std::find(merged.begin(), merged.end(), q) != merged.end()) {
      const Json* now = value(e.name);
      bool via_default = false;
      if (e.default_value_expression && !json_empty(now)) {
        DefaultAnswer computed = expression_default(e);
        via_default = computed.value && helpers::is_two_value_equals(to_js(*computed.value), to_js(*now));
      }
      if (!via_default) changed_directly_[static_cast<std::size_t>(q)] = 1;
    }
    if (!take_unknown_as_comment(q)) continue;
    // The questions still waiting hold their old value: their defaultValueExpression writes
    // over the data only when its result differs from that old value.
    scope_ = scope_values();
    for (int later : survey_->questions) {
      const Element& l = survey_->elements[static_cast<std::size_t>(later)];
      if (!awaiting_merge_[static_cast<std::size_t>(later)] || !l.default_value_expression ||
          changed_directly_[static_cast<std::size_t>(later)])
        continue;
      DefaultAnswer computed = expression_default(l);
      auto old = before_merge.find(l.name);
      bool old_empty = old == before_merge.end() || json_empty(&*old);
      bool same = computed.value ? !old_empty && helpers::is_two_value_equals(to_js(*old), to_js(*computed.value)) : old_empty;
      if (same) continue;
      if (computed.value) values_[l.name] = *computed.value;
      else values_.erase(l.name);
    }
    refresh();
  }
  awaiting_merge_.clear();
  refresh();
  // Merged data runs no trigger, but what it makes an expression, a calculated value or a
  // default write does: those are set as values.
  if (has_triggers) run_triggers_after_change(values_before, variables_before, "", &data);
}

// A radiogroup, dropdown or checkbox with "other" reads a value that is no choice as "other" and
// keeps it as the comment (the first such item of a checkbox); true when the comment changed.
bool Session::take_unknown_as_comment(int question) {
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  if (!e.has_other || !values_.contains(e.name)) return false;
  const Json& v = values_[e.name];
  if (answer_empty(&v)) return false;
  const Json* unknown = nullptr;
  if (v.is_array()) {
    for (const auto& item : v)
      if (!is_known_choice(e, item)) unknown = unknown ? unknown : &item;
  } else if (!is_known_choice(e, v)) {
    unknown = &v;
  }
  if (!unknown) return false;
  other_text_taken_[static_cast<std::size_t>(question)] = 1;
  const Json* comment = value(comment_key(e.name));
  if (comment && *comment == *unknown) return false;
  values_[comment_key(e.name)] = Json(*unknown);
  return true;
}

namespace {

// survey.setValue changes nothing when the value equals the stored one as Base.isTwoValueEquals
// sees it: case-sensitive, a number and its text apart, but true and "true" the same.
bool same_stored_value(const Json* old, const Json& value) {
  auto blank = [](const Json* v) { return !v || v->is_null() || (v->is_string() && v->get_ref<const std::string&>().empty()); };
  if (blank(old) || blank(&value)) return blank(old) && blank(&value);
  if (*old == value) return true;
  auto as_text = [](const Json& b) { return std::string(b.get<bool>() ? "true" : "false"); };
  if (old->is_boolean() && value.is_string()) return as_text(*old) == js::lower(value.get<std::string>());
  if (value.is_boolean() && old->is_string()) return as_text(value) == js::lower(old->get<std::string>());
  return false;
}

}  // namespace

void Session::set_value(const std::string& name, const Json& value) {
  if (!held_.empty() && !completed_) held_.erase(survey_->index_of(name));  // the question takes this value, even an unchanged one
  if ((completed_ && !clearing_on_complete_) || same_stored_value(this->value(name), value)) return;
  cleared_on_hiding_ = Json::object();
  bool has_triggers = !survey_->triggers.empty() || survey_->has_question_triggers;
  Json values_before = has_triggers ? values_ : Json();
  Json variables_before = has_triggers ? variables_ : Json();
  int index = survey_->index_of(name);
  if (index >= 0) changed_directly_[static_cast<std::size_t>(index)] = 1, other_reread_[static_cast<std::size_t>(index)] = 0;
  if (index >= 0 && static_cast<std::size_t>(index) < rows_built_.size() && !rows_built_[static_cast<std::size_t>(index)])
    set_before_rows_[static_cast<std::size_t>(index)] = 1;  // a matrix given a value before its rows exist
  if (index >= 0 && !cells_holding_.empty() && !setting_cell_)  // the cells take the matrix's new value (row.value)
    std::erase_if(cells_holding_, [index](const auto& entry) { return std::get<0>(entry.first) == index; });
  // survey.setComment: a comment of only spaces is no comment
  bool blank_comment = index < 0 && name.ends_with("-Comment") && value.is_string() && js::trim(value.get<std::string>()).empty();
  if (json_empty(&value) || blank_comment) values_.erase(name);  // "", [] and {} are no answer either
  else values_[name] = value;
  if (index >= 0 && take_unknown_as_comment(index)) {
    // a checkbox then shows "other" in place of that item (question.value is written back)
    Json& v = values_[survey_->elements[static_cast<std::size_t>(index)].name];
    if (v.is_array())
      for (auto& item : v)
        if (item == values_[comment_key(survey_->elements[static_cast<std::size_t>(index)].name)]) {
          item = "other";
          break;
        }
  }
  if (!completed_) refresh();  // runConditions does nothing once completed
  else rank_every_visible_choice();  // but a ranking still ranks what it is given (onSurveyValueChanged)
  if (has_triggers) after_change(values_before, variables_before, name);
}

const Json* Session::item_value(int question, std::size_t item) const {
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  const Json* v = value(e.name);
  return v && v->is_object() && item < e.items.size() ? box_value_in(*v, e.items[item].name) : nullptr;
}

void Session::set_item_value(int question, std::size_t item, const Json& value) {
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  if (item >= e.items.size()) return;
  const Json* old = this->value(e.name);
  Json next = old && old->is_object() ? *old : Json::object();
  if (json_empty(&value)) next.erase(e.items[item].name);
  else next[e.items[item].name] = value;
  set_value(e.name, next);
}

bool Session::all_selected(int question) const {
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  const Json* v = value(e.name);
  if (!v || !v->is_array() || v->empty()) return false;
  if (e.has_none && std::any_of(v->begin(), v->end(), [](const Json& x) { return x == "none"; })) return false;
  auto items = visible_choices(question);
  std::erase_if(items, [](const Choice* c) { return c->value == "other" || c->value == "none"; });
  if (items.empty()) return false;
  return std::all_of(items.begin(), items.end(), [&](const Choice* c) {
    return std::any_of(v->begin(), v->end(), [&](const Json& x) { return same_choice_value(c->value, x); });
  });
}

void Session::toggle_select_all(int question) {
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  if (all_selected(question)) return set_value(e.name, Json());
  Json all = Json::array();
  for (const Choice* c : visible_choices(question))
    if (c->value != "other" && c->value != "none") all.push_back(Json::parse(c->value.dump()));
  set_value(e.name, all);
  if (e.has_other) set_value(comment_key(e.name), Json());  // "other" is no longer chosen
}

const Json* Session::value(const std::string& name) const {
  // survey.getValue: the data's key as written (a question "ab" does not read the data's "AB")
  auto it = values_.find(name);
  return it == values_.end() ? nullptr : &*it;
}

// [SECTION] piped text ------------------------------------------------------------------------

std::string Session::display_value(int question) const {
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  const Json* v = value(e.name);
  if (answer_empty(v)) return "";  // text of spaces or tabs shows as nothing, too
  // getChoicesDisplayValue: a choice's text among those shown; a hidden choice shows its value
  const auto shown_choices = e.type == QuestionType::Rating ? std::vector<const Choice*>() : visible_choices(question);
  auto item_text = [&](const Json& item) -> std::string {
    if (e.type == QuestionType::Rating)
      for (const Choice& c : e.rate_values)
        if (same_choice_value(c.value, item)) return c.label(locale_, survey_->locale);
    for (const Choice* c : shown_choices)
      if (same_choice_value(c->value, item)) return c->label(locale_, survey_->locale);
    if (e.has_other && item == "other") {  // the respondent's own words, else the item's label
      const Json* comment = value(comment_key(e.name));
      return json_empty(comment) ? e.item_label(BuiltinItem::Other, locale_, survey_->locale) : js::to_string(to_js(*comment));
    }
    if (e.has_none && item == "none") return e.item_label(BuiltinItem::None, locale_, survey_->locale);
    return item.is_null() ? "" : js::to_string(to_js(item));
  };
  // getDisplayArrayValue: the chosen items among the visible choices ("other" and "none" too,
  // and with "other" any unknown value, which reads as it); only when none is, every value.
  auto list_text = [&](const Json& list) {
    auto is_shown_item = [&](const Json& item) {
      if ((e.has_other && item == "other") || (e.has_none && item == "none")) return true;
      const bool is_choice = std::any_of(e.choices.begin(), e.choices.end(), [&](const Choice& c) { return same_choice_value(c.value, item); });
      if (!is_choice) return e.has_other;
      return std::any_of(shown_choices.begin(), shown_choices.end(), [&](const Choice* c) { return same_choice_value(c->value, item); });
    };
    const bool any_shown = std::any_of(list.begin(), list.end(), is_shown_item);
    std::string out;
    bool other_shown = false;  // the first unknown value is the "other" item; the rest show nothing
    for (const Json& item : list) {
      if (any_shown && !is_shown_item(item)) continue;
      const bool reads_as_other = e.has_other && (item == "other" || !is_known_choice(e, item));
      if (any_shown && reads_as_other && std::exchange(other_shown, true)) continue;
      out += (out.empty() ? "" : ", ") + item_text(item);
    }
    return out;
  };
  // An imagepicker's list (getDisplayArrayValue without selected items): each item's text, the
  // empty ones left out; it reads a text as its characters, and anything else as nothing.
  if (e.image_picker && (e.type == QuestionType::Checkbox || v->is_array())) {
    Json items = v->is_array() ? *v : Json::array();
    if (v->is_string()) {
      const std::string& text = v->get_ref<const std::string&>();
      for (std::size_t i = 0, from = 0; i < text.size(); from = i) {
        decode_utf8(text, i);
        items.push_back(text.substr(from, i - from));
      }
    }
    std::string out;
    for (const Json& item : items)
      if (std::string shown = item_text(item); !shown.empty()) out += (out.empty() ? "" : ", ") + shown;
    return out;
  }
  switch (e.type) {
    case QuestionType::Radiogroup:
    case QuestionType::Dropdown:
    case QuestionType::Rating: return item_text(*v);
    case QuestionType::Checkbox: return v->is_array() ? list_text(*v) : item_text(*v);
    case QuestionType::Boolean:  // yes for value == true (1 and "1" too) or "true", no for anything else
      if (*v == "true" || js::loose_equals(to_js(*v), js::Value::boolean(true)))
        return e.item_label(BuiltinItem::True, locale_, survey_->locale);
      return e.item_label(BuiltinItem::False, locale_, survey_->locale);
    default: return js::to_string(to_js(*v));
  }
}

std::string Session::piped(std::string_view text) const {
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t open = text.find('{', at);
    std::size_t close = open == std::string_view::npos ? open : text.find('}', open + 1);
    if (close == std::string_view::npos) break;
    std::size_t inner_open = text.find('{', open + 1);
    if (inner_open < close) {  // "{{name}": the inner one is the placeholder
      out.append(text.substr(at, inner_open - at));
      at = inner_open;
      continue;
    }
    out.append(text.substr(at, open - at));
    std::string name(js::trim(std::string(text.substr(open + 1, close - open - 1))));
    at = close + 1;
    int question = name.empty() ? -1 : survey_->index_of(name);
    if (question >= 0 && survey_->elements[static_cast<std::size_t>(question)].is_question()) {
      out += display_value(question);
      continue;
    }
    if (std::size_t dot = name.find('.'); dot != std::string::npos) {  // {q.box}: a multipletext's box
      const int owner = survey_->index_of(std::string_view(name).substr(0, dot));
      const Element* e = owner >= 0 ? &survey_->elements[static_cast<std::size_t>(owner)] : nullptr;
      if (e && !e->is_panel && e->type == QuestionType::MultipleText) {
        const Element* box = e->item(std::string_view(name).substr(dot + 1));
        const Json* v = value(e->name);
        const Json* answer = box && v && v->is_object() ? box_value_in(*v, box->name) : nullptr;
        if (!box) out.append(text.substr(open, close - open + 1));  // no such box: left as written
        else if (!answer_empty(answer)) out += js::to_string(to_js(*answer));  // spaces show as nothing, as {name} does
        continue;
      }
    }
    auto calculated = std::find_if(survey_->calculated_values.begin(), survey_->calculated_values.end(),
                                   [&](const CalculatedValue& c) { return js::lower(c.name) == js::lower(name); });
    if (calculated != survey_->calculated_values.end()) {  // a variable: it exists even when empty
      js::Value result;
      try {
        if (calculated->expression) result = calculated->expression->evaluate(EvalScope{scope_, now_ms_, question_entries_});
      } catch (const helpers::TypeError&) {
      }
      if (!result.is_undefined() && !result.is_null()) out += js::to_string(result);
      continue;
    }
    const Json* found = name.empty() ? nullptr : value(name);
    if (found) out += found->is_null() ? "" : js::to_string(to_js(*found));
    else out.append(text.substr(open, close - open + 1));
  }
  out.append(text.substr(std::min(at, text.size())));
  return out;
}

// [SECTION] conditions ------------------------------------------------------------------------

// What {name} means inside an expression: the question's value, where a radiogroup's unknown
// value reads as "other" (survey-core's question.value), then the rest of the data.
js::Value Session::expression_value(int element) const {
  const Element& e = survey_->elements[static_cast<std::size_t>(element)];
  const Json* v = value(e.name);
  // An unanswered checkbox is [] to survey-core (question.value), so `{cb} < 1` holds.
  if (!v) return e.type == QuestionType::Checkbox ? js::Value::array({}) : js::Value::undefined();
  // an imagepicker with multiSelect reads its value as it is (getValueCore: [] only for none)
  if (e.is_multi_image_picker()) return to_js(*v);
  // a dynamic panel whose panels are all empty is an empty question: no value to read
  // (PanelDynamicValueGetterContext), though its answer lists them
  if (e.type == QuestionType::PanelDynamic && no_cell_answered(*v)) return js::Value::undefined();
  // An empty answer reads as the question's own empty value: [] for a checkbox, undefined for a
  // radiogroup or dropdown given "" (so `{q} <= 2` is false there, as survey-core has it).
  if (*v == "" && e.type == QuestionType::Checkbox) return js::Value::array({});
  if (*v == "" && (e.type == QuestionType::Radiogroup || e.type == QuestionType::Dropdown)) return js::Value::undefined();
  if (json_empty(v)) return to_js(*v);
  if (other_reread_[static_cast<std::size_t>(element)]) return to_js(e.type == QuestionType::Checkbox && !v->is_array() ? Json::array({*v}) : *v);
  if (e.type == QuestionType::Checkbox) {
    // A checkbox's value is always a list; its first unknown item reads as "other" when it has
    // one (that item became the comment), later unknown items stay as they are.
    Json list = v->is_array() ? *v : Json::array({*v});
    if (e.has_other) {
      auto unknown = std::find_if(list.begin(), list.end(), [&](const Json& item) { return !is_known_choice(e, item); });
      if (unknown != list.end()) *unknown = "other";
    }
    return to_js(list);
  }
  if (e.has_other && (e.type == QuestionType::Radiogroup || e.type == QuestionType::Dropdown) &&
      !is_known_choice(e, *v))
    return js::Value::string("other");
  return to_js(*v);
}

js::Value Session::scope_values() const {
  js::Object object;
  std::vector<std::string> taken;
  for (int q : survey_->questions) {
    const Element& e = survey_->elements[static_cast<std::size_t>(q)];
    object.emplace_back(e.name, expression_value(q));
    taken.push_back(js::lower(e.name));
  }
  for (auto it = variables_.begin(); it != variables_.end(); ++it) {
    object.emplace_back(it.key(), to_js(it.value()));
    taken.push_back(js::lower(it.key()));
  }
  for (auto it = values_.begin(); it != values_.end(); ++it)
    if (std::find(taken.begin(), taken.end(), js::lower(it.key())) == taken.end())
      object.emplace_back(it.key(), to_js(it.value()));
  // a dynamic panel with empty panels (or a value that is no list) reads as undefined, but a
  // path into it ({name.length}) reads its answer from the data
  for (int q : survey_->questions)
    if (const Element& e = survey_->elements[static_cast<std::size_t>(q)]; e.type == QuestionType::PanelDynamic)
      if (const Json* v = value(e.name); v && (took_no_value(e, *v) || (v->is_array() && no_cell_answered(*v))))
        object.emplace_back(e.name, to_js(*v));
  return js::Value::object(std::move(object));
}

bool Session::condition(const std::optional<Expression>& e, bool if_absent) const {
  if (!e) return if_absent;
  return e->condition(EvalScope{scope_, now_ms_, question_entries_});
}

bool Session::condition_with_item(const Expression& e, const Choice& choice) const {
  js::Object object = scope_.as_object();
  object.insert(object.begin(), {"item", choice.js_value});
  js::Value values = js::Value::object(std::move(object));
  return e.condition(EvalScope{values, now_ms_, 0});
}

void Session::refresh() {
  const auto& elements = survey_->elements;
  // Expression questions store their result in the data; two passes let one use another.
  question_entries_ = survey_->questions.size();
  for (int pass = 0; pass < 2; ++pass) {
    scope_ = scope_values();
    bool changed = false;
    if (update_matrices()) scope_ = scope_values(), changed = true;
    if (clear_values_whose_choices_changed()) scope_ = scope_values(), changed = true;
    if (rank_every_visible_choice()) scope_ = scope_values(), changed = true;
    // calculatedValues in order, each seeing the ones before it
    for (const CalculatedValue& c : survey_->calculated_values) {
      js::Value result;
      try {
        if (c.expression) result = c.expression->evaluate(EvalScope{scope_, now_ms_, question_entries_});
      } catch (const helpers::TypeError&) {
      }
      std::optional<nlohmann::json> j = result.to_json();
      std::optional<Json> next;
      if (j && !helpers::is_value_empty(result)) next = Json::parse(j->dump());
      auto& store = c.include_into_result ? values_ : variables_;
      auto old = store.find(c.name);
      if (!next && old != store.end()) store.erase(old), changed = true;
      else if (next && (old == store.end() || *old != *next)) store[c.name] = *next, changed = true;
      else continue;
      scope_ = scope_values();
    }
    for (int q : survey_->questions) {
      const Element& e = elements[static_cast<std::size_t>(q)];
      bool awaiting = !awaiting_merge_.empty() && awaiting_merge_[static_cast<std::size_t>(q)];
      // runCondition: not while hidden when hiding clears the question (visibility as last refreshed)
      // (the first run, while loading: the question's own visibility)
      bool hidden_and_cleared =
          clears_on_hidden(q) && !(visible_.empty() ? condition(e.visible_if, e.visible) : visible_[static_cast<std::size_t>(q)]);
      if (e.default_value_expression && !changed_directly_[static_cast<std::size_t>(q)] && !awaiting && !hidden_and_cleared) {
        changed = store_default(e, expression_default(e)) || changed;
        continue;
      }
      if (e.type != QuestionType::Expression || !e.expression) continue;
      js::Value result;
      try {
        result = e.expression->evaluate(EvalScope{scope_, now_ms_, question_entries_});
      } catch (const helpers::TypeError&) {
      }
      std::optional<nlohmann::json> j = result.to_json();
      Json next = j ? Json::parse(j->dump()) : Json();
      const Json* old = value(e.name);
      if (!j || helpers::is_value_empty(result)) {
        if (old) values_.erase(e.name), changed = true;
      } else if (!old || *old != next) {
        values_[e.name] = next;
        changed = true;
      }
    }
    if (!changed) break;
  }
  scope_ = scope_values();

  std::size_t n = elements.size();
  visible_.assign(n, 0);
  shown_on_page_.assign(n, 0);
  required_.assign(n, 0);
  read_only_.assign(n, 0);
  // The page states of the previous run: survey-core still sees them for the pages it has not
  // re-run yet when an earlier page changes.
  page_required_.assign(survey_->pages.size(), 0);
  std::vector<char> pages_before = page_visible_;
  pages_before.resize(survey_->pages.size(), 0);
  page_visible_ = pages_before;
  // Own state first; children before parents are not guaranteed, so panels are settled after.
  std::vector<char> own_visible(n), own_read_only(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Element& e = elements[i];
    // survey-core runs a visibleIf / enableIf / requiredIf and stores its result in the static
    // property: the expression wins over "visible": false, "readOnly" or "isRequired".
    own_visible[i] = condition(e.visible_if, e.visible);
    own_read_only[i] = e.enable_if ? !condition(e.enable_if, true) : e.read_only;
    required_[i] = condition(e.required_if, e.is_required);
  }
  // A panel is visible when it is and one of its elements is (depth first, children last).
  std::function<bool(int)> content_visible = [&](int i) -> bool {
    const Element& e = elements[static_cast<std::size_t>(i)];
    if (!own_visible[static_cast<std::size_t>(i)]) return false;
    if (!e.is_panel) return true;
    bool any = false;
    for (int c : e.children) any = content_visible(c) || any;
    return any;
  };
  std::function<void(int, bool, bool, bool)> settle = [&](int i, bool page_visible, bool panel_visible, bool parent_read_only) {
    const Element& e = elements[static_cast<std::size_t>(i)];
    bool shown = panel_visible && content_visible(i);
    bool ro = parent_read_only || own_read_only[static_cast<std::size_t>(i)];
    shown_on_page_[static_cast<std::size_t>(i)] = shown;
    visible_[static_cast<std::size_t>(i)] = shown && page_visible;
    read_only_[static_cast<std::size_t>(i)] = ro;
    for (int c : e.children) settle(c, page_visible, shown, ro);
  };
  // survey-core runs the pages in order; when the current page changes visibility (or a page
  // appears while none is current) it makes the first visible page current, at that moment: the
  // pages after this one still have their previous state.
  auto current_is_shown = [&] {
    return current_page_ >= 0 && current_page_ < static_cast<int>(page_visible_.size()) &&
           page_visible_[static_cast<std::size_t>(current_page_)];
  };
  for (std::size_t p = 0; p < survey_->pages.size(); ++p) {
    const Page& page = survey_->pages[p];
    bool own = condition(page.visible_if, page.visible);
    bool any = false;
    for (int el : page.elements) any = content_visible(el) || any;
    bool now_visible = own && any;
    bool none_current = !current_is_shown();
    page_visible_[p] = now_visible;
    page_required_[p] = condition(page.required_if, page.is_required);
    for (int el : page.elements) settle(el, page_visible_[p], true, false);
    if (completed_ || now_visible == static_cast<bool>(pages_before[p])) continue;
    if (static_cast<int>(p) == current_page_ || (now_visible && none_current)) {
      auto pages_start = page_visible_.begin() + (survey_->first_page_is_started ? 1 : 0);  // never the start page
      auto first = std::find(pages_start, page_visible_.end(), 1);
      if (first != page_visible_.end()) current_page_ = static_cast<int>(first - page_visible_.begin());
    }
  }
  if (!completed_ && apply_visibility_changes(own_visible, content_visible)) refresh();
  build_panels_on_current_page();
}

// survey-core builds a dynamic panel's panels when its page is first shown (onFirstRendering),
// shown or hidden itself, or at once when an expression reads one of them ({name[0].x}): from
// then on its answer lists them ({} each), and expressions see it.
void Session::build_panels_on_current_page() {
  if (completed_ || building_panels_) return;
  building_panels_ = true;
  const int page = on_start_page_ ? 0 : current_page_;
  bool changed = false;
  for (int q : survey_->questions) {
    const Element& e = survey_->elements[static_cast<std::size_t>(q)];
    const bool read = std::find(panels_read_by_expressions_.begin(), panels_read_by_expressions_.end(), q) != panels_read_by_expressions_.end();
    if (e.type != QuestionType::PanelDynamic || (e.page != page && !read) || rows_built_[static_cast<std::size_t>(q)]) continue;
    const Json before = value(e.name) ? *value(e.name) : Json();
    build_rows(q);
    changed = changed || (value(e.name) ? *value(e.name) : Json()) != before;
  }
  if (changed) refresh();
  building_panels_ = false;
}

// What survey-core does when visibility changes (notifySurveyVisibilityChanged and
// PanelModelBase.onVisibleChanged), compared with the previous refresh:
// - a question hidden by its own visibleIf loses its value and comment when its clear mode is
//   onHidden or onHiddenContainer; a panel or page hidden clears the questions in it whose mode
//   is onHiddenContainer. The start page's questions keep theirs;
// - a page or panel that appears gives its empty questions their default again, and so does a
//   question that appears with mode onHidden / onHiddenContainer (survey-core's
//   updateValueWithDefaults), unless that question is itself hidden with such a mode.
// True when a value changed.
bool Session::apply_visibility_changes(const std::vector<char>& own_visible, const std::function<bool(int)>& content_visible) {
  const auto& elements = survey_->elements;
  std::size_t n = elements.size();
  std::vector<char> now(n + survey_->pages.size(), 0);
  for (std::size_t i = 0; i < n; ++i)
    if (elements[i].is_panel) now[i] = content_visible(static_cast<int>(i));
  for (std::size_t p = 0; p < survey_->pages.size(); ++p) now[n + p] = page_visible_[p];
  std::vector<char> before = std::exchange(container_visible_, now);
  std::vector<char> own_before = std::exchange(own_visible_, own_visible);
  if (before.size() != now.size()) return false;  // the first run: nothing changed yet

  auto questions_in = [&](std::size_t container) {
    std::vector<int> out;
    std::function<void(int)> collect = [&](int i) {
      const Element& e = elements[static_cast<std::size_t>(i)];
      if (!e.is_panel) out.push_back(i);
      for (int c : e.children) collect(c);
    };
    if (container < n) collect(static_cast<int>(container));
    else
      for (int el : survey_->pages[container - n].elements) collect(el);
    return out;
  };
  bool changed = false;
  auto clear = [&](int q) {
    const Element& e = elements[static_cast<std::size_t>(q)];
    if (in_start_page(e)) return;  // canClearValueAsInvisible: never
    for (const std::string& key : {e.name, comment_key(e.name)}) {
      if (!values_.contains(key) || (key == e.name && took_no_value(e, values_[key]))) continue;
      if (!cleared_on_hiding_.contains(key)) cleared_on_hiding_[key] = values_[key];
      values_.erase(key);
      changed = true;
    }
    changed_directly_[static_cast<std::size_t>(q)] = 0;
  };
  auto restore_default = [&](int q) {
    const Element& e = elements[static_cast<std::size_t>(q)];
    if (clears_on_hidden(q) && !own_visible[static_cast<std::size_t>(q)]) return;
    if (!json_empty(value(e.name))) return;
    changed = store_default(e, initial_default(q)) || changed;
  };
  for (int q : survey_->questions)
    if (own_before[static_cast<std::size_t>(q)] && !own_visible[static_cast<std::size_t>(q)] && clears_on_hidden(q)) clear(q);
  for (std::size_t i = 0; i < now.size(); ++i)
    if (before[i] && !now[i])
      for (int q : questions_in(i))
        if (clear_mode(q) == ClearInvisible::OnHiddenContainer) clear(q);
  for (std::size_t i = 0; i < now.size(); ++i)
    if (!before[i] && now[i])
      for (int q : questions_in(i)) restore_default(q);
  for (int q : survey_->questions)
    if (!own_before[static_cast<std::size_t>(q)] && own_visible[static_cast<std::size_t>(q)] && clears_on_hidden(q) &&
        visible_[static_cast<std::size_t>(q)])
      restore_default(q);
  return changed;
}

bool Session::in_start_page(const Element& e) const {
  return survey_->first_page_is_started && e.page == 0;
}

ClearInvisible Session::clear_mode(int question) const {
  if (in_preview_) return ClearInvisible::None;  // getQuestionClearIfInvisible in the preview
  ClearInvisible own = survey_->elements[static_cast<std::size_t>(question)].clear_if_invisible;
  return own == ClearInvisible::Default ? survey_->clear_invisible_values : own;
}

bool Session::clears_on_hidden(int question) const {
  ClearInvisible mode = clear_mode(question);
  return mode == ClearInvisible::OnHidden || mode == ClearInvisible::OnHiddenContainer;
}

std::vector<int> Session::visible_pages() const {
  std::vector<int> out;
  for (std::size_t p = survey_->first_page_is_started ? 1 : 0; p < page_visible_.size(); ++p)
    if (page_visible_[p]) out.push_back(static_cast<int>(p));
  return out;
}

std::vector<const Choice*> Session::visible_choices(int element) const {
  const Element& e = survey_->elements[static_cast<std::size_t>(element)];
  std::vector<const Choice*> out;
  for (const auto& c : e.choices) {
    if (c.visible_if && !condition_with_item(*c.visible_if, c)) continue;
    if (e.choices_visible_if && !condition_with_item(*e.choices_visible_if, c)) continue;
    out.push_back(&c);
  }
  return out;
}

std::vector<int> Session::page_questions(int page) const {
  std::vector<int> out;
  std::function<void(int)> walk = [&](int i) {
    if (!visible_[static_cast<std::size_t>(i)]) return;
    const Element& e = survey_->elements[static_cast<std::size_t>(i)];
    if (!e.is_panel) out.push_back(i);
    for (int c : e.children) walk(c);
  };
  for (int el : survey_->pages[static_cast<std::size_t>(page)].elements) walk(el);
  return out;
}

// [SECTION] validation ------------------------------------------------------------------------

const Json* Session::question_value(int element) const {
  auto held = held_.find(element);
  return held != held_.end() ? &held->second : value(survey_->elements[static_cast<std::size_t>(element)].name);
}

bool Session::is_question_empty(int element) const {
  const Element& e = survey_->elements[static_cast<std::size_t>(element)];
  const Json* v = question_value(element);
  if (v && took_no_value(e, *v)) return true;
  if (v && has_cells(e.type) && no_cell_answered(*v)) return true;
  return answer_empty(v);
}

// survey-core drops choice values that are not one of the (visible) choices when it validates,
// but not when the question's clear mode is none (so never in the preview: completion drops them).
void Session::clean_choice_value(int element) {
  if (clear_mode(element) == ClearInvisible::None) return;
  const Element& e = survey_->elements[static_cast<std::size_t>(element)];
  if (e.type != QuestionType::Radiogroup && e.type != QuestionType::Dropdown && e.type != QuestionType::Checkbox) return;
  const Json* v = value(e.name);
  if (!v || json_empty(v)) return;
  auto choices = visible_choices(element);
  bool cleared = false;
  // with "other", a value that is no choice stays once the question took it as its other text
  bool other_kept = e.has_other && other_text_taken_[static_cast<std::size_t>(element)];
  auto allowed = [&](const Json& item) { return is_visible_choice(e, choices, item); };
  if (needs_a_list(e, *v)) {
    cleared = true;
  } else if (e.type == QuestionType::Checkbox && v->is_array()) {
    // once "other" itself is an item (as setValue writes it), the other unknown items go
    bool other_item = std::any_of(v->begin(), v->end(), [](const Json& x) { return x == "other"; });
    Json kept = Json::array();
    for (const auto& item : *v)
      if (allowed(item) || (other_kept && !other_item)) kept.push_back(as_choice_value(e, item));
    // The checkbox's value setter (removeNoneItemsValues): "none" in the old value and still in the
    // new one reads as another item added beside it, so "none" goes too: ["none", "x"] without "x" is [].
    auto has_none = [](const Json& list) { return std::any_of(list.begin(), list.end(), [](const Json& x) { return x == "none"; }); };
    if (e.has_none && kept.size() != v->size() && has_none(*v) && has_none(kept))
      kept.erase(std::remove(kept.begin(), kept.end(), Json("none")), kept.end());
    if (kept.empty()) cleared = true;
    else if (kept.size() != v->size()) values_[e.name] = kept, changed_directly_[static_cast<std::size_t>(element)] = 1;
  } else if (!allowed(*v) && !other_kept) {
    cleared = true;
  }
  if (cleared) {
    // question.clearValue(): the value counts as changed directly while conditions run on the
    // change, so the defaultValueExpression does not refill it until the next change.
    values_.erase(e.name);
    changed_directly_[static_cast<std::size_t>(element)] = 1;
    cleared_by_validation_.push_back(element);
  }
}

std::vector<ValidationError> Session::validate_question(int element) {
  const Element& e = survey_->elements[static_cast<std::size_t>(element)];
  std::vector<ValidationError> errors;
  // survey-core asks the element itself, not its page: a page hidden meanwhile is still checked.
  if (!shown_on_page_[static_cast<std::size_t>(element)]) return errors;
  // Read-only questions skip their checks, but not the removal of values that are no choice.
  if (!e.is_panel) clean_choice_value(element);
  if (read_only_[static_cast<std::size_t>(element)]) return errors;
  auto add = [&](std::string kind, const LocalizedString& text) -> ValidationError& {
    return errors.emplace_back(ValidationError{element, std::move(kind), text.get(locale_, survey_->locale), -1, "", "", -1});
  };
  if (e.is_panel) {
    if (required_[static_cast<std::size_t>(element)] && !any_answered(e.children))
      add("requireoneanswer", e.required_error_text);
    return errors;
  }
  if (!e.has_input() || e.type == QuestionType::Expression) return errors;
  const Json* v = question_value(element);
  if (required_[static_cast<std::size_t>(element)] && is_question_empty(element)) add("required", e.required_error_text);

  bool is_select = e.type == QuestionType::Radiogroup || e.type == QuestionType::Dropdown || e.type == QuestionType::Checkbox;
  if (is_select && e.has_other && v && !json_empty(v)) {
    bool other_chosen = this->other_chosen(element);  // an answer that is no choice reads as "other"
    const Json* comment = value(comment_key(e.name));
    bool comment_empty = !comment || (comment->is_string() && comment->get<std::string>().empty()) || comment->is_null();
    if (other_chosen && comment_empty) add("otherempty", e.other_error_text);
  }
  if (e.type == QuestionType::Checkbox && e.min_selected_choices > 0) {
    // the question reads a single value as a list of one
    std::size_t count = !v || json_empty(v) ? 0 : v->is_array() ? v->size() : 1;
    if (count < static_cast<std::size_t>(e.min_selected_choices)) add("custom", {});
  }
  if (e.type == QuestionType::Matrix && e.all_rows_required && !e.rows.empty()) {
    bool missing = std::any_of(e.rows.begin(), e.rows.end(), [&](const Choice& row) {
      std::string key = row.key();
      return !v || !v->is_object() || !v->contains(key) || json_empty(&(*v)[key]);
    });
    if (missing) add("requiredinallrowserror", {});
  }
  if (e.type == QuestionType::MatrixDynamic && e.min_row_count > 0 && required_[static_cast<std::size_t>(element)]) {
    // validateMinRows: a required matrix needs that many rows with an answered cell
    const Json* rows = value(e.name);
    int answered = 0;
    for (int r = 0; rows && rows->is_array() && r < row_count(element) && static_cast<std::size_t>(r) < rows->size(); ++r)
      if ((*rows)[static_cast<std::size_t>(r)].is_object() && !(*rows)[static_cast<std::size_t>(r)].empty()) ++answered;
    if (answered < e.min_row_count) add("minrowcounterror", {});
  }
  if (e.type == QuestionType::Text) text_input_errors(e, v, add);
  if (errors.empty()) validator_errors(e, v, add);
  if (has_cells(e.type)) cell_errors(element, add);
  // survey-core validates a multipletext's boxes as text questions of their own, besides the
  // question itself; their errors name the box.
  for (std::size_t i = 0; i < e.items.size(); ++i) {
    const Element& box = e.items[i];
    const Json* box_value = v && v->is_object() ? box_value_in(*v, box.name) : nullptr;
    const std::size_t before = errors.size();
    auto add_to_box = [&](std::string kind, const LocalizedString& text) -> ValidationError& {
      ValidationError& added = add(std::move(kind), text);
      added.item = static_cast<int>(i);
      return added;
    };
    if (box.is_required && answer_empty(box_value)) add_to_box("required", box.required_error_text);
    text_input_errors(box, box_value, add_to_box);
    if (errors.size() == before) validator_errors(box, box_value, add_to_box);
  }
  return errors;
}

// A text input's own checks: min and max, a number's step, an email's form.
void Session::text_input_errors(const Element& e, const Json* v, const AddError& add) const {
  if (!v || json_empty(v)) return;
  const CrossedBounds crossed_bounds = bounds_crossed(e, *v, now_ms_);
  auto crossed = [&](const char* limit, const LocalizedString& text, const Json& bound) {
    const std::string written = bound.is_string() ? bound.get<std::string>() : bound.is_null() ? "2999-12-31" : bound.dump();
    ValidationError& added = add("custom", text);
    added.limit = limit;
    added.bound = written;
    if (auto slot = added.text.find("{0}"); slot != std::string::npos) added.text.replace(slot, 3, written);
  };
  if (crossed_bounds.below) crossed("min", e.min_error_text, e.min_value);
  if (crossed_bounds.above) crossed("max", e.max_error_text, e.max_value);
  if (!answer_empty(v) && e.step && *e.step > 0 && helpers::is_number(to_js(*v)) && step_mismatch(helpers::get_number(to_js(*v)), *e.step)) {
    ValidationError& added = add("custom", {});
    added.limit = "step";
    added.bound = js::number_to_string(*e.step);
  }
  bool has_email_validator = std::any_of(e.validators.begin(), e.validators.end(),
                                         [](const Validator& val) { return val.kind == Validator::Kind::Email; });
  if (e.input_type == InputType::Email && !has_email_validator &&
      !std::regex_match(js::to_string(to_js(*v)), email_pattern()))
    add("custom", {});
}

// The validators of a question or a multipletext box, run when it has no other error.
void Session::validator_errors(const Element& e, const Json* v, const AddError& add) const {
  js::Value jv = v ? to_js(*v) : js::Value::undefined();
  bool empty = answer_empty(v);
  for (const auto& val : e.validators) {
    switch (val.kind) {
      case Validator::Kind::Numeric: {
        if (empty) break;
        if (!helpers::is_number(jv)) {
          add("requirenumeric", val.text);
          break;
        }
        double n = helpers::get_number(jv);
        if ((val.min_value && *val.min_value > n) || (val.max_value && *val.max_value < n)) add("custom", val.text);
        break;
      }
      case Validator::Kind::Text: {
        if (empty || !jv.is_string()) break;
        const std::string& s = jv.as_string();
        auto len = static_cast<double>(js::utf16_length(s));
        if (!val.allow_digits && !s.empty() && std::isdigit(static_cast<unsigned char>(s.back()))) add("custom", val.text);
        else if (val.min_length && *val.min_length > 0 && len < *val.min_length) add("custom", val.text);
        else if (val.max_length && *val.max_length > 0 && len > *val.max_length) add("custom", val.text);
        break;
      }
      case Validator::Kind::Email:  // `if (!value)`: only JavaScript's falsy values are skipped, "\t" is checked
        if (js::truthy(jv) && !std::regex_match(js::to_string(jv), email_pattern())) add("custom", val.text);
        break;
      case Validator::Kind::Regex: {
        if (empty || val.regex.empty()) break;
        auto flags = std::regex::ECMAScript;
        if (val.case_insensitive) flags |= std::regex::icase;
        try {
          std::regex re(val.regex, flags);
          js::Array items = jv.is_array() ? jv.as_array() : js::Array{jv};
          if (jv.is_array()) items.push_back(jv);
          for (const auto& item : items) {
            if (!std::regex_search(js::to_string(item), re)) {
              add("custom", val.text);
              break;
            }
          }
        } catch (const std::regex_error&) {
        }
        break;
      }
      case Validator::Kind::Expression:
        if (val.expression && !condition(val.expression, true)) add("custom", val.text);
        break;
    }
  }
}

// A visible question among these elements (and their panels' elements) has an answer.
bool Session::any_answered(const std::vector<int>& elements) const {
  return std::any_of(elements.begin(), elements.end(), [this](int i) {
    const Element& e = survey_->elements[static_cast<std::size_t>(i)];
    if (e.is_panel) return any_answered(e.children);
    return visible_[static_cast<std::size_t>(i)] && !is_question_empty(i);
  });
}

// One element's validation with what follows from it: survey-core runs its conditions again only
// when validation removed a value.
std::vector<ValidationError> Session::validate_element(int element) {
  Json before = values_;
  Json variables_before = variables_;
  // A choice question drops what is no choice even while hidden (validateElementCore clears
  // before it looks at visibility); a hidden question has no errors.
  bool shown = shown_on_page_[static_cast<std::size_t>(element)];
  if (!shown && !survey_->elements[static_cast<std::size_t>(element)].is_panel) clean_choice_value(element);
  // a hidden matrix builds its rows and checks its cells too, and keeps no errors
  if (!shown && is_cell_matrix(survey_->elements[static_cast<std::size_t>(element)].type)) {
    std::vector<ValidationError> ignored;
    cell_errors(element, [&ignored](std::string, const LocalizedString&) -> ValidationError& { return ignored.emplace_back(); });
  }
  auto found = shown ? validate_question(element) : std::vector<ValidationError>{};
  if (values_ != before) {
    refresh();
    // the value is cleared as survey.setValue would: the triggers see the change
    after_change(before, variables_before, survey_->elements[static_cast<std::size_t>(element)].name);
  }
  for (int cleared : cleared_by_validation_) changed_directly_[static_cast<std::size_t>(cleared)] = 0;
  cleared_by_validation_.clear();
  return found;
}

std::vector<ValidationError> Session::validate_page(int page) {
  std::vector<ValidationError> errors;
  std::function<void(int)> walk = [&](int i) {
    const Element& e = survey_->elements[static_cast<std::size_t>(i)];
    if (!shown_on_page_[static_cast<std::size_t>(i)]) return;
    for (int c : e.children) walk(c);
    auto found = validate_element(i);
    errors.insert(errors.end(), found.begin(), found.end());
  };
  const Page& p = survey_->pages[static_cast<std::size_t>(page)];
  for (int el : p.elements) walk(el);
  // validateRequired: a page with no question shown asks for nothing (a start page may be one)
  const auto shown = page_questions(page);
  if (page_required_[static_cast<std::size_t>(page)] && !shown.empty() && !any_answered(p.elements))
    errors.push_back({-1, "requireoneanswer", p.required_error_text.get(locale_, survey_->locale), page, "", ""});
  return errors;
}

std::string Session::error_key(const ValidationError& error) const {
  if (error.element < 0) return survey_->pages[static_cast<std::size_t>(error.page)].name;
  const Element& e = survey_->elements[static_cast<std::size_t>(error.element)];
  if (error.item < 0) return e.name;
  if (!has_cells(e.type)) return e.name + "." + e.items[static_cast<std::size_t>(error.item)].name;
  const std::string& column = e.cell_columns[static_cast<std::size_t>(error.item)].name;
  if (e.type == QuestionType::MatrixDynamic) return e.name + "[" + std::to_string(error.row) + "]." + column;
  if (e.type == QuestionType::PanelDynamic) {  // a panel is named by its place among the panels shown
    const std::vector<int> shown = visible_rows(error.element);
    const auto at = std::find(shown.begin(), shown.end(), error.row) - shown.begin();
    return e.name + "[" + std::to_string(at) + "]." + column;
  }
  return e.name + "." + e.rows[static_cast<std::size_t>(error.row)].key() + "." + column;
}

std::map<std::string, std::vector<std::string>> Session::validate_all() {
  std::map<std::string, std::vector<std::string>> out;
  for (int p : visible_pages()) {  // the pages visible before validation changed any answer
    for (const auto& e : validate_page(p)) {
      out[error_key(e)].push_back(e.kind);
    }
  }
  return out;
}

// [SECTION] navigation ------------------------------------------------------------------------

bool Session::is_first_page() const {
  if (on_start_page_) return true;
  auto pages = visible_pages();
  return pages.empty() || pages.front() == current_page_;
}

bool Session::is_last_page() const {
  if (on_start_page_) return false;
  auto pages = visible_pages();
  return pages.empty() || pages.back() == current_page_;
}

bool Session::next() {
  const bool moved = next_page();
  build_panels_on_current_page();
  return moved;
}

bool Session::next_page() {
  if (completed_) return true;
  if (on_start_page_) {  // survey.start(): the start page must validate; no trigger runs
    page_errors_ = validate_page(0);
    if (!page_errors_.empty()) return false;
    on_start_page_ = false;
    auto pages = visible_pages();
    if (!pages.empty()) current_page_ = pages.front();
    return true;
  }
  page_errors_ = validate_page(current_page_);
  if (!page_errors_.empty()) return false;
  if (!survey_->triggers.empty()) {
    // checkOnPageTriggers: every question of the page, shown or not, and the calculated values
    int page = current_page_;
    Json keys = Json::object();
    for (int q : survey_->questions)
      if (survey_->elements[static_cast<std::size_t>(q)].page == page) {
        const Json* v = value(survey_->elements[static_cast<std::size_t>(q)].name);
        keys[survey_->elements[static_cast<std::size_t>(q)].name] = v ? *v : Json();
      }
    for (const CalculatedValue& c : survey_->calculated_values) {
      const Json* v = c.include_into_result ? value(c.name) : (variables_.contains(c.name) ? &variables_[c.name] : nullptr);
      keys[c.name] = v ? *v : Json();
    }
    run_triggers(std::move(keys), true, "");
    if (completed_) return true;
    if (current_page_ != page) return true;
  }
  for (int p : visible_pages())
    if (p > current_page_) {
      current_page_ = p;
      break;
    }
  // When validation hid the pages after this one, survey-core stays here and this page is now
  // the last: still a success.
  return true;
}

void Session::previous() {
  page_errors_.clear();
  if (in_preview_) return leave_preview();
  if (on_start_page_) return;
  int prev = -1;
  for (int p : visible_pages())
    if (p < current_page_) prev = p;
  if (prev >= 0) current_page_ = prev;
  build_panels_on_current_page();
}

bool Session::complete() {
  if (completed_) return true;
  if (in_preview_) {
    // The preview is one page holding every page (not the start page): all of them validate.
    page_errors_.clear();
    for (int p : visible_pages()) {
      auto errors = validate_page(p);
      page_errors_.insert(page_errors_.end(), errors.begin(), errors.end());
    }
    if (!page_errors_.empty()) return false;
  } else {
    // survey-core's "empty" state has nothing to complete. The last page is the one before
    // validation: a page that validation makes visible (by removing a value) no longer counts.
    if (visible_pages().empty() || !is_last_page()) return false;
    page_errors_ = validate_page(current_page_);
    if (!page_errors_.empty()) return false;
  }
  in_preview_ = false;
  completed_ = true;  // before the clearing, as survey-core's isCompleted
  clear_values_on_complete();
  return true;
}

bool Session::advance() {
  if (completed_) return true;
  if (in_preview_) return complete();
  // A complete trigger on the last page shows survey-core's Complete button: it skips the preview.
  if (!on_start_page_ && is_last_page())
    return survey_->preview == Survey::Preview::None || completes_on_next() ? complete() : show_preview();
  return next();
}

bool Session::show_preview() {
  if (completed_ || in_preview_) return !completed_;
  if (survey_->preview == Survey::Preview::None || on_start_page_ || visible_pages().empty() || !is_last_page()) return false;
  page_errors_ = validate_page(current_page_);
  if (!page_errors_.empty()) return false;
  in_preview_ = true;
  // The preview page takes every question but the start page's (setSurveyImpl → onSetData): each
  // re-reads its value (an "other" text is forgotten) and an empty one, shown or hidden, gets its
  // default again (updateValueWithDefaults; nothing is cleared as hidden in the preview).
  const Json values_before = values_;
  const Json variables_before = variables_;
  bool defaults_set = false;
  for (int q : survey_->questions) {
    const Element& e = survey_->elements[static_cast<std::size_t>(q)];
    if (in_start_page(e)) continue;
    if (e.has_other) other_text_taken_[static_cast<std::size_t>(q)] = 0, other_reread_[static_cast<std::size_t>(q)] = 1;
    if (!is_question_empty(q) || (!e.default_value_expression && e.default_value.is_null())) continue;
    DefaultAnswer answer = initial_default(q);
    if (answer.value) defaults_set = store_default(e, answer) || defaults_set;
  }
  if (defaults_set) {
    refresh();
    if (!survey_->triggers.empty()) run_triggers_after_change(values_before, variables_before, "");
  }
  return true;
}

void Session::leave_preview(int page) {
  if (!in_preview_) return;
  in_preview_ = false;
  auto pages = visible_pages();
  if (page >= 0 && std::find(pages.begin(), pages.end(), page) != pages.end()) current_page_ = page;
  else if (!pages.empty()) current_page_ = pages.back();
  // Errors Complete found in the preview stay with the page they are on, to be mended there.
  std::erase_if(page_errors_, [this](const ValidationError& e) {
    return (e.element >= 0 ? survey_->elements[static_cast<std::size_t>(e.element)].page : e.page) != current_page_;
  });
}

std::vector<int> Session::preview_questions(int page) const {
  std::vector<int> shown = page_questions(page);
  if (survey_->preview != Survey::Preview::AnsweredQuestions) return shown;
  // survey-core's areEmptyElementsHidden: only once some shown question (start page too) has an answer.
  bool any_answered = false;
  for (int q : survey_->questions) any_answered = any_answered || (visible_[static_cast<std::size_t>(q)] && !is_question_empty(q));
  if (!any_answered) return shown;
  std::erase_if(shown, [this](int q) { return is_question_empty(q); });
  return shown;
}

// [SECTION] triggers --------------------------------------------------------------------------
//
// survey-core runs the triggers (checkTriggers) with the names that changed as keys:
// - on a value change, for every value that changed on the way first (an expression question, a
//   calculated value, a default expression: each ran its own setValue / setVariable while the
//   conditions ran), then for the answer itself;
// - on Next, with every question of the page and the calculated values, after validation;
// - never from merged data (mergeData), always from defaults set while loading.
// A trigger runs only when its expression reads one of the keys (or calls a function without
// variables). Values a trigger sets add their names to the keys of the run in progress, which
// the later triggers of the same round see; then up to two more rounds run with what is new.

void Session::after_change(const Json& values_before, const Json& variables_before, const std::string& name) {
  const bool survey_triggers = !survey_->triggers.empty();
  if (!survey_->has_question_triggers) {
    if (survey_triggers) run_triggers_after_change(values_before, variables_before, name);
    return;
  }
  // survey-core runs the questions' triggers inside the conditions pass, before the survey's;
  // what they set ran its own survey triggers as it was set, so the survey's triggers here see
  // the change as it was before them.
  Json cleared = cleared_on_hiding_, values_now = values_, variables_now = variables_;
  run_question_triggers(values_before, variables_before, name);
  if (!survey_triggers || completed_) return;  // checkTriggers: none once completed
  cleared_on_hiding_ = std::move(cleared);
  run_triggers_after_change(values_before, variables_before, name, nullptr, &values_now, &variables_now);
}

void Session::run_triggers_after_change(const Json& values_before, const Json& variables_before, const std::string& name,
                                        const Json* quiet, const Json* values_now, const Json* variables_now) {
  const Json& values = values_now ? *values_now : values_;
  const Json& variables = variables_now ? *variables_now : variables_;
  auto change = [](const Json* before, const Json* now) {
    return Json{{"new", now ? *now : Json()}, {"old", before ? *before : Json()}};
  };
  auto find = [](const Json& object, const std::string& key) -> const Json* {
    auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
  };
  auto differs = [](const Json* a, const Json* b) {
    if (json_empty(a) && json_empty(b)) return false;
    return !a || !b || !helpers::is_two_value_equals(to_js(*a), to_js(*b));
  };
  // A comment belongs to its question: survey-core adds the question to the keys, and it is the
  // question that must be valid.
  std::string question_name = name;
  const std::string suffix = "-Comment";
  if (name.size() > suffix.size() && name.ends_with(suffix) && survey_->index_of(name.substr(0, name.size() - suffix.size())) >= 0)
    question_name = name.substr(0, name.size() - suffix.size());

  std::vector<std::pair<std::string, Json>> cascade;  // key -> change, in data order
  std::vector<std::string> seen;
  // A value cleared because its question was hidden is a change of its own, also when the data
  // had just set it (mergeData) or it ends where it began.
  const Json cleared = std::exchange(cleared_on_hiding_, Json::object());
  for (const Json* object : std::initializer_list<const Json*>{&values, &values_before, &cleared}) {
    for (auto it = object->begin(); it != object->end(); ++it) {
      const std::string& key = it.key();
      if (key == name || std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
      if (quiet && quiet->contains(key) && !cleared.contains(key)) continue;
      seen.push_back(key);
      const Json* before = cleared.contains(key) ? &cleared[key] : find(values_before, key);
      const Json* now = find(values, key);
      if (differs(before, now)) cascade.emplace_back(key, change(before, now));
    }
  }
  seen.clear();
  for (const Json* object : std::initializer_list<const Json*>{&variables, &variables_before}) {
    for (auto it = object->begin(); it != object->end(); ++it) {
      std::string key = js::lower(it.key());  // survey-core keeps variable names in lower case
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
      seen.push_back(key);
      const Json* before = find(variables_before, it.key());
      const Json* now = find(variables, it.key());
      if (differs(before, now)) cascade.emplace_back(key, change(before, now));
    }
  }
  // each of these was set by its question (a default, an expression, a clearing): while its
  // triggers run, that question is being set and skips its own triggers
  for (auto& [key, what] : cascade) {
    int question = survey_->index_of(key);
    if (question >= 0) questions_being_set_.push_back(question);
    run_triggers(Json{{key, what}}, false, key);
    if (question >= 0) questions_being_set_.pop_back();
  }
  if (name.empty()) return;
  const Json* before = find(values_before, name);
  const Json* now = find(values, name);
  if (!differs(before, now)) return;
  Json keys = Json{{name, change(before, now)}};
  if (question_name != name) {
    const Json* q = find(values, question_name);
    keys[question_name] = change(q, q);
  }
  run_triggers(std::move(keys), false, question_name);
}

void Session::run_triggers(Json keys, bool on_next_page, const std::string& changed_name) {
  if (completed_ || survey_->triggers.empty()) return;
  if (running_triggers_) {  // a value a trigger set: its names join the run in progress
    for (auto it = keys.begin(); it != keys.end(); ++it) trigger_keys_[it.key()] = it.value();
    return;
  }
  // complete and skip wait for a valid answer (requireValidQuestion)
  bool question_invalid = false;
  int changed = changed_name.empty() ? -1 : survey_->index_of(changed_name);
  bool needs_valid = std::any_of(survey_->triggers.begin(), survey_->triggers.end(), [](const Trigger& t) {
    return t.kind == Trigger::Kind::Complete || t.kind == Trigger::Kind::Skip;
  });
  if (!on_next_page && needs_valid && changed >= 0 && survey_->elements[static_cast<std::size_t>(changed)].is_question())
    question_invalid = !validate_element(changed).empty();
  running_triggers_ = true;
  trigger_keys_ = std::move(keys);
  Json original = trigger_keys_;
  for (int round = 0; round < 3; ++round) {
    for (std::size_t i = 0; i < survey_->triggers.size(); ++i) {
      Trigger::Kind kind = survey_->triggers[i].kind;
      if (question_invalid && (kind == Trigger::Kind::Complete || kind == Trigger::Kind::Skip)) continue;
      check_trigger(i, on_next_page);
    }
    if (completed_ || trigger_keys_ == original) break;
    Json fresh = Json::object();  // Helpers.createDiff: what is new or different since this round began
    for (auto it = trigger_keys_.begin(); it != trigger_keys_.end(); ++it) {
      auto old = original.find(it.key());
      if (old == original.end() || !helpers::is_two_value_equals(to_js(*old), to_js(it.value()))) fresh[it.key()] = it.value();
    }
    trigger_keys_ = fresh;
    original = fresh;
  }
  running_triggers_ = false;
}

// isAnyKeyChanged: a name the expression reads is a key (as written or in lower case), or a
// path into one ({a.b}, {a[0]}), or a {q-unwrapped}; an element property ({$q.x}) always is.
bool Session::trigger_reads_changed_key(const Trigger& t) const {
  std::vector<std::string> names = t.expression ? t.expression->variables() : std::vector<std::string>{};
  if (t.kind == Trigger::Kind::CopyValue) names.push_back(t.from_name);
  if (t.expression && t.expression->has_function_without_variables()) return true;
  if (names.empty()) return true;
  auto has = [this](const std::string& key) { return trigger_keys_.contains(key); };
  for (const std::string& name : names) {
    if (name.empty()) continue;
    if (name[0] == '$') return true;
    if (has(name) || has(js::lower(name))) return true;
    std::size_t cut = name.find_first_of(".[");
    std::string first = name.substr(0, cut);
    const std::string unwrap = "-unwrapped";
    if (first.size() > unwrap.size() && first.ends_with(unwrap)) {
      std::string base = first.substr(0, first.size() - unwrap.size());
      if (has(base) || has(js::lower(base))) return true;
    }
    if (cut != std::string::npos && (has(first) || has(js::lower(first)))) return true;
  }
  return false;
}

void Session::check_trigger(std::size_t index, bool on_next_page) {
  const Trigger& t = survey_->triggers[index];
  using Kind = Trigger::Kind;
  // complete runs on both; the others only when a value changes (skip: settings.triggers.executeSkipOnValueChanged)
  if (on_next_page && t.kind != Kind::Complete) return;
  if ((t.kind == Kind::SetValue || t.kind == Kind::CopyValue) && trigger_keys_.size() == 1 &&
      trigger_keys_.begin().key() == t.set_to_name)
    return;
  bool success = false;
  if (t.expression) {
    if (!trigger_reads_changed_key(t)) return;
    js::Value result;
    try {
      result = t.expression->evaluate(EvalScope{scope_, now_ms_, question_entries_});
    } catch (const helpers::TypeError&) {
    }
    success = result.is_boolean() && result.as_boolean();  // triggerResult(val === true)
  } else {
    if (t.kind != Kind::CopyValue || !trigger_reads_changed_key(t)) return;  // canSuccessOnEmptyExpression
    success = true;
  }
  switch (t.kind) {
    case Kind::Complete: {
      auto held = std::find_if(completing_triggers_.begin(), completing_triggers_.end(),
                               [&](const auto& c) { return c.first == index; });
      if (held != completing_triggers_.end()) completing_triggers_.erase(held);
      if (!success) return;
      if (!on_next_page) {  // only the button changes until Next
        completing_triggers_.emplace_back(index, current_page_);
        return;
      }
      completed_ = true;
      clear_values_on_complete();
      return;
    }
    case Kind::SetValue:
      if (success) set_trigger_value(t.set_to_name, Json::parse(t.set_value.dump()), t.is_variable);
      return;
    case Kind::CopyValue: {
      if (!success) return;
      int from = survey_->index_of(t.from_name);
      if (from >= 0) {
        if (t.copy_display_value) set_trigger_value(t.set_to_name, Json(display_value(from)), false);
        else {  // question.value: an answer that is no choice reads as "other" (as in expressions)
          std::optional<nlohmann::json> v = expression_value(from).to_json();
          set_trigger_value(t.set_to_name, v ? Json::parse(v->dump()) : Json(), false);
        }
        return;
      }
      for (auto it = variables_.begin(); it != variables_.end(); ++it)
        if (js::lower(it.key()) == js::lower(t.from_name)) return set_trigger_value(t.set_to_name, Json(it.value()), false);
      return;
    }
    case Kind::Skip: {
      if (!success) return;
      int target = survey_->index_of(t.goto_name);
      if (target < 0 || !visible_[static_cast<std::size_t>(target)]) return;  // focusQuestion: a shown question only
      int page = survey_->elements[static_cast<std::size_t>(target)].page;
      if (survey_->first_page_is_started && page == 0) return;  // the start page is never made current
      current_page_ = page;
      return;
    }
    case Kind::RunExpression: {
      if (!success || !t.run_expression || t.set_to_name.empty()) return;
      js::Value result;
      try {
        result = t.run_expression->evaluate(EvalScope{scope_, now_ms_, question_entries_});
      } catch (const helpers::TypeError&) {
      }
      if (result.is_undefined()) return;
      if (result.is_date()) {  // Helpers.convertValToQuestionVal: "YYYY-MM-DD", local time
        double ms = result.as_date();
        if (std::isnan(ms)) return set_trigger_value(t.set_to_name, Json(), false);
        js::DateParts d = js::local_parts(ms);
        char text[32];
        std::snprintf(text, sizeof text, "%04d-%02d-%02d", d.year, d.month + 1, d.day);
        return set_trigger_value(t.set_to_name, Json(text), false);
      }
      std::optional<nlohmann::json> j = result.to_json();
      set_trigger_value(t.set_to_name, j ? Json::parse(j->dump()) : Json(), false);
      return;
    }
  }
}

// [SECTION] the questions' own triggers ----------------------------------------------------------
//
// survey-core's runQuestionsTriggers: after the conditions of a value change have run, every
// question (in questionnaire order) runs its resetValueIf, setValueIf and setValueExpression
// when the expression reads one of the names changed in that pass (questionTriggersKeys), calls
// a function without arguments, or reads nothing at all. A question its own trigger is setting
// skips its triggers until that value has settled; the chain it starts runs the questions'
// triggers and the survey's for the value it set, and leaves the pass in progress only the name
// that began it.

namespace {

// ValueGetter.isAnyKeyChanged against keys of name -> value: a name read is a key (as written or
// in lower case), {q-unwrapped} of a key, or a path into a key that holds a value; {$q.x} always.
bool reads_a_key(const std::vector<std::string>& names, const Json& keys) {
  auto key_of = [&keys](const std::string& name) -> const Json* {
    auto it = keys.find(name);
    if (it == keys.end()) it = keys.find(js::lower(name));
    return it == keys.end() ? nullptr : &*it;
  };
  for (const std::string& name : names) {
    if (name.empty()) continue;
    if (name[0] == '$') return true;
    if (key_of(name)) return true;
    std::string first = name.substr(0, name.find_first_of(".["));
    const std::string unwrap = "-unwrapped";
    if (first.size() > unwrap.size() && first.ends_with(unwrap) && key_of(first.substr(0, first.size() - unwrap.size())))
      return true;
    // getFirstNameByKeys: "a", "a.b", ... (indexes dropped) until one is a key
    std::string prefix;
    for (std::size_t start = 0; start < name.size();) {
      std::size_t dot = name.find('.', start);
      std::string part = name.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      part = part.substr(0, part.find('['));
      prefix += (prefix.empty() ? "" : ".") + part;
      if (const Json* v = key_of(prefix)) {
        if (!v->is_null()) return true;
        break;
      }
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
  }
  return false;
}

// canExecuteTriggerByKeysCore: "var" when the expression reads a changed name, "func" when it
// calls a function without arguments, "const" when it reads no name, else "".
std::string_view trigger_reason(const std::optional<Expression>& e, const Json& keys) {
  if (!e) return "";
  if (e->has_function_without_variables()) return "func";
  std::vector<std::string> names = e->variables();
  if (names.empty()) return "const";
  return reads_a_key(names, keys) ? "var" : "";
}

// canExecuteTriggerByKeys: setValueIf runs when it reads a changed name, or when its
// setValueExpression would run.
bool can_run_trigger(const std::optional<Expression>& runner, const std::optional<Expression>& second, const Json& keys) {
  if (!runner) return second && trigger_reason(second, keys) != "";
  std::string_view first = trigger_reason(runner, keys);
  if (first == "var") return true;
  if (!second) return first == "func" || first == "const";
  return trigger_reason(second, keys) != "";
}

}  // namespace

void Session::run_question_triggers(const Json& values_before, const Json& variables_before, const std::string& name) {
  if ((completed_ && !clearing_on_complete_) || !survey_->has_question_triggers) return;
  if (question_trigger_depth_ == 0) question_trigger_steps_ = 0;
  scope_ = scope_values();  // while loading and after completion no refresh() ran: the data as it is
  // runConditionOnValuesChanged: the names changed in this pass join questionTriggersKeys
  if (!question_trigger_keys_) question_trigger_keys_ = Json::object();
  Json& keys = *question_trigger_keys_;
  auto add = [&keys](const std::string& key, const Json* v) { keys[key] = v ? *v : Json(); };
  auto find = [](const Json& object, const std::string& key) -> const Json* {
    auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
  };
  for (auto it = values_.begin(); it != values_.end(); ++it)
    if (const Json* old = find(values_before, it.key()); !old || *old != it.value()) add(it.key(), &it.value());
  for (auto it = values_before.begin(); it != values_before.end(); ++it)
    if (!values_.contains(it.key())) add(it.key(), nullptr);
  for (auto it = cleared_on_hiding_.begin(); it != cleared_on_hiding_.end(); ++it) add(it.key(), value(it.key()));
  for (auto it = variables_.begin(); it != variables_.end(); ++it)
    if (const Json* old = find(variables_before, it.key()); !old || *old != it.value()) add(js::lower(it.key()), &it.value());
  for (auto it = variables_before.begin(); it != variables_before.end(); ++it)
    if (!variables_.contains(it.key())) add(js::lower(it.key()), nullptr);
  if (!name.empty()) add(name, value(name));
  const Json name_only = Json{{name, value(name) ? *value(name) : Json()}};

  ++question_trigger_depth_;
  for (int q : survey_->questions) {
    const Element& e = survey_->elements[static_cast<std::size_t>(q)];
    // a chain started by an earlier question has ended the pass: only the name that began it is left
    auto keys_now = [&] { return question_trigger_keys_ ? Json(*question_trigger_keys_) : name_only; };
    if (e.has_own_triggers() &&
        std::find(questions_being_set_.begin(), questions_being_set_.end(), q) == questions_being_set_.end()) {
      if ((completed_ && !clearing_on_complete_) || ++question_trigger_steps_ > 100000) break;  // a chain this long is a loop
      run_triggers_of_question(q, keys_now());
    }
    // then its cells, which skip a change of their own matrix (that came from a cell, which ran its row)
    if (has_cells(e.type) && name != e.name) run_cell_triggers(q, keys_now());
  }
  --question_trigger_depth_;
  question_trigger_keys_.reset();
}

void Session::run_triggers_of_question(int question, const Json& keys) {
  OwnTriggers own;
  own.answered = !is_question_empty(question);
  own.evaluate = [this](const Expression& x) { return x.evaluate(EvalScope{scope_, now_ms_, question_entries_}); };
  own.reset = [this, question] { reset_to_default(question); };
  own.clear = [this, question] { clear_question(question); };
  own.set = [this, question](const js::Value& result) { set_by_expression(question, result); };
  run_own_triggers(survey_->elements[static_cast<std::size_t>(question)], keys, own);
}

void Session::run_own_triggers(const Element& e, const Json& keys, const OwnTriggers& own) {
  auto evaluate = [&own](const Expression& x) {
    js::Value result;
    try {
      result = own.evaluate(x);
    } catch (const helpers::TypeError&) {
    }
    return result;
  };
  // resetValueIf: only an answered question, and only on true
  if (e.reset_value_if && own.answered && can_run_trigger(e.reset_value_if, std::nullopt, keys)) {
    js::Value result = evaluate(*e.reset_value_if);
    if (result.is_boolean() && result.as_boolean()) own.reset();
  }
  // setValueIf: on anything truthy, setValueExpression's result, or no answer without one
  if (e.set_value_if && can_run_trigger(e.set_value_if, e.set_value_expression, keys) && js::truthy(evaluate(*e.set_value_if))) {
    if (e.set_value_expression) own.set(evaluate(*e.set_value_expression));
    else own.clear();
  }
  if (!e.set_value_if && e.set_value_expression && can_run_trigger(e.set_value_expression, std::nullopt, keys))
    own.set(evaluate(*e.set_value_expression));
}

// updateValueWithDefaultsOrClear: the default again (an expression's keeps the question
// unanswered by the respondent), or no answer when there is no default.
void Session::reset_to_default(int question) {
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  if (!e.default_value_expression && answer_empty(&e.default_value)) return clear_question(question);
  questions_being_set_.push_back(question);
  const char answered_before = changed_directly_[static_cast<std::size_t>(question)];
  DefaultAnswer answer = initial_default(question);
  set_value(e.name, answer.value ? *answer.value : Json());
  if (answer.value && answer.comment) set_value(comment_key(e.name), *answer.comment);
  if (answer.from_expression) changed_directly_[static_cast<std::size_t>(question)] = answered_before;
  questions_being_set_.pop_back();
  drop_unused_other_text(question);
}

// question.clearValue(): no answer and no comment, and a defaultValueExpression runs again.
void Session::clear_question(int question) {
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  questions_being_set_.push_back(question);
  if (value(e.name)) set_value(e.name, Json());
  questions_being_set_.pop_back();
  // the comment is set apart from the value (setNewComment): the question's triggers run for it
  if (!json_empty(value(comment_key(e.name)))) set_value(comment_key(e.name), Json());
  changed_directly_[static_cast<std::size_t>(question)] = 0;
}

// runExpressionSetValue: the result as the question's value, as a respondent would give it.
void Session::set_by_expression(int question, const js::Value& result) {
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  DefaultAnswer answer = function_value(e, result);
  questions_being_set_.push_back(question);
  if (!answer.value) set_value(e.name, Json());
  else set_trigger_value(e.name, *answer.value, false);
  questions_being_set_.pop_back();
  drop_unused_other_text(question);
}

// A choice question's value setter (setQuestionValue): once "other" is no longer chosen, its
// text goes too (a comment area keeps its own text).
void Session::drop_unused_other_text(int question) {
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  if (e.has_other && !e.has_comment_area && !other_chosen(question) && !json_empty(value(comment_key(e.name))))
    set_value(comment_key(e.name), Json());
}

// survey.setTriggerValue: a variable, or the question's value as if the respondent gave it.
void Session::set_trigger_value(const std::string& name, const Json& value, bool is_variable) {
  if (is_variable) {
    Json values_before = values_, variables_before = variables_;
    std::string key = js::lower(name);
    if (value.is_null()) variables_.erase(key);
    else variables_[key] = value;
    refresh();
    after_change(values_before, variables_before, "");
    return;
  }
  int index = survey_->index_of(name);
  const std::string& own = index >= 0 ? survey_->elements[static_cast<std::size_t>(index)].name : name;
  Json taken = value;
  if (index >= 0 && !json_empty(&value)) {  // question.value: the question's kind of value (a number field takes numbers only)
    DefaultAnswer answer = default_answer(survey_->elements[static_cast<std::size_t>(index)], value, DefaultOrigin::Expression);
    taken = answer.value ? *answer.value : Json();
    // canSetValueToSurvey: a min/max input keeps out of the data what crosses its bounds (the
    // question itself holds it, which Peilpunt does not model).
    const Element& e = survey_->elements[static_cast<std::size_t>(index)];
    const CrossedBounds crossed = has_min_max(e.input_type) ? bounds_crossed(e, taken, now_ms_) : CrossedBounds{};
    if (crossed.below || crossed.above) {
      held_[index] = taken;
      return;
    }
  }
  const Json* old = this->value(own);
  // a question compares case-sensitively ("Iets anders" -> "iets anders" is a change); survey.setValue does not
  bool same = old ? (index >= 0 ? *old == taken : helpers::is_two_value_equals(to_js(*old), to_js(taken))) : json_empty(&taken);
  if (same) return;
  set_value(own, taken);
}

const LocalizedString& Session::completed_html() const {
  js::Value now = scope_values();  // after completion: without the values it cleared
  for (const HtmlCondition& c : survey_->completed_html_on_condition)
    if (c.expression && c.expression->condition(EvalScope{now, now_ms_, survey_->questions.size()})) return c.html;
  return survey_->completed_html;
}

bool Session::completes_on_next() const {
  return std::any_of(completing_triggers_.begin(), completing_triggers_.end(),
                     [this](const auto& c) { return c.second == current_page_; });
}

// survey-core's doComplete(): clearUnusedValues() drops the comment of a question whose "other"
// is not chosen, then clearInvisibleQuestionValues() visits every question in order except those
// whose clear mode is none (they keep everything). A hidden question loses its value. Choice
// questions, hidden or not, lose values that are no visible choice; a matrix loses cells that are
// no column. The survey already counts
// as completed then, so no condition runs again: visibility is the one the respondent last saw.
void Session::clear_values_on_complete() {
  auto erase_if_answered = [this](const std::string& key) {
    auto it = values_.find(key);
    if (it != values_.end() && !json_empty(&*it)) values_.erase(key);
  };
  // Each value cleared is a change: the conditions no longer run, but the questions' own
  // triggers do (and what they set stays, unless a later question's turn clears it).
  clearing_on_complete_ = true;
  Json before;
  auto snapshot = [&] {
    if (survey_->has_question_triggers) before = values_;
  };
  auto after = [&](const std::string& name, int being_set) {
    if (!survey_->has_question_triggers || before == values_) return;
    if (being_set >= 0) questions_being_set_.push_back(being_set);  // clearValue sets the value (not the comment) as the question
    run_question_triggers(before, variables_, name);
    if (being_set >= 0) questions_being_set_.pop_back();
  };
  for (int q : survey_->questions) {
    const Element& e = survey_->elements[static_cast<std::size_t>(q)];
    snapshot();
    if (e.has_other && !other_chosen(q)) erase_if_answered(comment_key(e.name));
    after(comment_key(e.name), -1);
  }
  for (int q : survey_->questions) {
    const Element& e = survey_->elements[static_cast<std::size_t>(q)];
    if (clear_mode(q) == ClearInvisible::None) continue;  // clearIfInvisible / clearInvisibleValues "none"
    snapshot();
    bool on_start_page = in_start_page(e);  // canClearValueAsInvisible: never
    if (!visible_[static_cast<std::size_t>(q)] && !on_start_page) {
      // question.clearValue() sets undefined, which survey-core takes as no change from '', []
      // or null; a matrix or multipletext never took a value that is no object: none to clear.
      auto it = values_.find(e.name);
      const bool panels = e.type == QuestionType::PanelDynamic;
      bool unchanged = it == values_.end() || it->is_null() || *it == "" || (it->is_array() && it->empty()) ||
                       (took_no_value(e, *it) && !panels);
      // a dynamic panel whose panels were built, answered with another number of panels than its
      // panelCount, lists that many empty panels again once cleared (onSurveyValueChanged → setValueBasedOnPanelCount;
      // measured against survey-core, not derived)
      const bool relist = panels && rows_built_[static_cast<std::size_t>(q)] && !unchanged && it->is_array() &&
                          !no_cell_answered(*it) && e.row_count > 0 && it->size() != static_cast<std::size_t>(e.row_count);
      if (!unchanged) values_.erase(e.name);
      if (relist) values_[e.name] = Json::array(), values_[e.name].insert(values_[e.name].end(), static_cast<std::size_t>(e.row_count), Json::object());
      erase_if_answered(comment_key(e.name));
    }
    clear_invisible_rows(q);
    clear_invisible_in_panels(q);
    clear_incorrect_value(q);
    after(e.name, q);
  }
  clearing_on_complete_ = false;
}

bool Session::other_chosen(int element) const {
  js::Value shown = expression_value(element);
  if (shown.is_string()) return shown.as_string() == "other";
  return shown.is_array() && std::any_of(shown.as_array().begin(), shown.as_array().end(), [](const js::Value& x) {
           return x.is_string() && x.as_string() == "other";
         });
}

// survey-core's runItemsCondition: when a choice question's visible choices change, a value no
// longer among them goes at once (clearIncorrectValues), not only at completion. Before the
// first look all choices count as shown, so a default on a choice hidden at the start goes.
bool Session::clear_values_whose_choices_changed() {
  bool changed = false;
  for (int q : survey_->questions) {
    const Element& e = survey_->elements[static_cast<std::size_t>(q)];
    // A checkbox puts an item back when its choice shows again (restoreValuesFromInvisible):
    // not modelled, so it keeps such items until completion; a ranking ranks what it shows.
    const bool clears_at_once = e.type == QuestionType::Radiogroup || e.type == QuestionType::Dropdown || e.is_multi_image_picker();
    if (!clears_at_once) continue;
    const bool conditional = e.choices_visible_if ||
                             std::any_of(e.choices.begin(), e.choices.end(), [](const Choice& c) { return c.visible_if.has_value(); });
    if (!conditional) continue;
    std::vector<std::string> keys, all;
    for (const Choice* c : visible_choices(q)) keys.push_back(c->key());
    for (const Choice& c : e.choices) all.push_back(c.key());
    auto seen = choices_seen_.try_emplace(q, std::move(all)).first;  // before any condition ran: all of them
    if (seen->second == keys) continue;
    seen->second = keys;
    changed = clear_incorrect_value(q) || changed;
  }
  return changed;
}

// A ranking (not select-to-rank) always ranks every visible choice: an answer keeps its visible
// choices in its order, each once and as the choice's value, and gets the others after them in
// choice order (survey-core's syncValueWithVisibleChoices). survey-core does so when the answer
// changes, with the choices shown until then, and again when the shown choices change; so data
// merged together with the answer that shows a choice ranks that choice last.
bool Session::rank_every_visible_choice() {
  bool changed = false;
  auto rank = [](const Json& given, const std::vector<const Choice*>& shown) {
    Json ranked = Json::array();
    auto add = [&](const Choice* c) {
      if (std::find(ranked.begin(), ranked.end(), Json(c->value)) == ranked.end()) ranked.push_back(Json(c->value));
    };
    for (const Json& item : given.is_array() ? given : Json::array({given}))
      for (const Choice* c : shown)
        if (same_choice_value(c->value, item)) add(c);
    for (const Choice* c : shown) add(c);
    return ranked;
  };
  for (int q : survey_->questions) {
    const Element& e = survey_->elements[static_cast<std::size_t>(q)];
    if (!e.ranking || e.select_to_rank) continue;
    const std::vector<const Choice*> shown = visible_choices(q);
    auto [state, fresh] = rankings_.try_emplace(q, Ranking{shown, Json()});
    auto it = values_.find(e.name);
    Json v = it == values_.end() ? Json() : *it;
    if (!json_empty(&v) && !fresh && v != state->second.ranked) v = rank(v, state->second.shown);
    if (!json_empty(&v) && (fresh || state->second.shown != shown)) v = rank(v, shown);
    state->second.shown = shown;
    state->second.ranked = v;
    if (it != values_.end() && *it != v) *it = v, changed = true;
  }
  return changed;
}

// clearIncorrectValues(): the question's own value (an unknown answer reads as "other" when the
// question has one) must be visible choices, "other" or "none"; a checkbox keeps its known items.
bool Session::clear_incorrect_value(int element) {
  const Element& e = survey_->elements[static_cast<std::size_t>(element)];
  auto it = values_.find(e.name);
  if (it == values_.end() || json_empty(&*it)) return false;
  if (e.type == QuestionType::Matrix) {
    if (!it->is_object()) return false;
    Json cells = Json::object();
    for (auto cell = it->begin(); cell != it->end(); ++cell) {
      bool column_ok = std::any_of(e.columns.begin(), e.columns.end(), [&](const Choice& c) { return same_choice_value(c.value, cell.value()); });
      if (column_ok) cells[cell.key()] = cell.value();
    }
    if (cells.size() == it->size()) return false;
    if (cells.empty()) values_.erase(it);
    else *it = cells;
    return true;
  }
  if (e.type != QuestionType::Radiogroup && e.type != QuestionType::Dropdown && e.type != QuestionType::Checkbox) return false;
  auto choices = visible_choices(element);
  auto known = [&](const Json& item) { return is_visible_choice(e, choices, item); };
  std::optional<nlohmann::json> shown = expression_value(element).to_json();
  if (!shown) return false;
  Json value = Json::parse(shown->dump());
  if (needs_a_list(e, value)) {
    values_.erase(it);
    return true;
  }
  if (e.type != QuestionType::Checkbox) {
    if (known(value)) return false;
    values_.erase(it);
    return true;
  }
  if (!value.is_array() || std::all_of(value.begin(), value.end(), known)) return false;
  Json kept = Json::array();
  for (const auto& item : value)  // question.value holds choice values: "2" is kept as 2
    if (known(item)) kept.push_back(as_choice_value(e, item));
  if (kept.empty()) values_.erase(it);
  else *it = kept;
  return true;
}

Json Session::result_data() const { return values_; }

}  // namespace survey
