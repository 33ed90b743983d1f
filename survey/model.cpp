// Model helpers: localized text lookup (survey-core's LocalizableString.pureText), name lookup,
// error formatting.
#include "survey/model.hpp"

#include <cmath>

#include "survey/helpers.hpp"

namespace survey {
namespace {

const std::string* text_for(const LocalizedString& s, std::string_view locale) {
  for (const auto& [loc, text] : s.texts)
    if (loc == locale && !text.empty()) return &text;
  return nullptr;
}

}  // namespace

std::string LocalizedString::get(std::string_view locale, std::string_view survey_locale) const {
  // survey-core stores its default language "en" as "": English is the "default" text.
  auto effective = [](std::string_view l) { return l.empty() || l == "en" ? std::string_view("default") : l; };
  std::string_view loc = effective(locale.empty() ? survey_locale : locale);
  const std::string* res = text_for(*this, loc);
  if (!res && loc == "default") res = text_for(*this, "en");
  if (!res) {
    auto dash = loc.find('-');
    if (dash != std::string_view::npos) res = text_for(*this, loc.substr(0, dash));
  }
  if (!res && loc != "default") res = text_for(*this, "default");
  return res ? *res : std::string();
}

namespace {
template <class Value>
bool same_choice(const nlohmann::json& choice, const Value& value) {
  if (choice.is_string() && value.is_string()) return choice.template get_ref<const std::string&>() == value.template get_ref<const std::string&>();
  return helpers::is_two_value_equals(js::Value::from_json(choice), js::Value::from_json(value));
}
}  // namespace

bool same_choice_value(const nlohmann::json& choice, const nlohmann::ordered_json& value) { return same_choice(choice, value); }
bool same_choice_value(const nlohmann::json& choice, const nlohmann::json& value) { return same_choice(choice, value); }

bool has_min_max(InputType t) {
  switch (t) {
    case InputType::Number: case InputType::Range: case InputType::Date: case InputType::DateTimeLocal:
    case InputType::Month: case InputType::Week: case InputType::Time: return true;
    default: return false;
  }
}

bool is_date_input(InputType t) { return t == InputType::Date || t == InputType::DateTimeLocal; }

std::string_view input_type_name(InputType t) {
  switch (t) {
    case InputType::Text: case InputType::Other: return "text";
    case InputType::Number: return "number";
    case InputType::Range: return "range";
    case InputType::Email: return "email";
    case InputType::Date: return "date";
    case InputType::DateTimeLocal: return "datetime-local";
    case InputType::Month: return "month";
    case InputType::Week: return "week";
    case InputType::Time: return "time";
    case InputType::Tel: return "tel";
    case InputType::Url: return "url";
    case InputType::Password: return "password";
    case InputType::Color: return "color";
  }
  return "text";
}

std::string builtin_item_label(BuiltinItem item, std::string_view language) {
  const bool nl = language == "nl";
  switch (item) {
    case BuiltinItem::Other: return nl ? "Iets anders" : "Something else";
    case BuiltinItem::None: return nl ? "Geen van deze" : "None of these";
    case BuiltinItem::True: return nl ? "Ja" : "Yes";
    case BuiltinItem::False: return nl ? "Nee" : "No";
    case BuiltinItem::Comment: return nl ? "Wil je nog iets uitleggen?" : "Anything you want to explain?";
    case BuiltinItem::SelectAll: return nl ? "Alles kiezen" : "Choose all";
  }
  return "";  // can't happen
}

std::string Element::item_label(BuiltinItem item, std::string_view locale, std::string_view survey_locale) const {
  const LocalizedString& own = item == BuiltinItem::Other  ? other_text
                               : item == BuiltinItem::None ? none_text
                               : item == BuiltinItem::True ? label_true
                               : item == BuiltinItem::False ? label_false
                               : item == BuiltinItem::SelectAll ? select_all_text
                                                            : comment_text;
  std::string text = own.get(locale, survey_locale);
  return text.empty() ? builtin_item_label(item, locale) : text;
}

std::string Choice::label(std::string_view locale, std::string_view survey_locale) const {
  std::string translated = text.get(locale, survey_locale);
  if (!translated.empty()) return translated;
  return key();
}

const Element* Element::item(std::string_view box_name) const {
  const std::string wanted = js::lower(box_name);
  for (const Element& box : items)
    if (js::lower(box.name) == wanted) return &box;
  return nullptr;
}

std::vector<Choice> Element::rating_items() const {
  if (!rate_values.empty()) return rate_values;
  std::vector<Choice> scale;
  if (rate_step <= 0 || rate_max < rate_min) return scale;
  // Count steps instead of adding rate_step repeatedly, so 0.1 steps do not drift.
  const auto steps = static_cast<long long>(std::floor((rate_max - rate_min) / rate_step + 1e-9));
  for (long long i = 0; i <= steps && i <= 100; ++i) {
    const double v = rate_min + rate_step * static_cast<double>(i);
    const double rounded = std::round(v * 1e9) / 1e9;  // survey-core corrects float noise too
    Choice c;
    if (rounded == std::floor(rounded) && std::abs(rounded) < 9e15) c.value = static_cast<long long>(rounded);
    else c.value = rounded;
    c.js_value = js::Value::from_json(c.value);
    scale.push_back(std::move(c));
  }
  return scale;
}

int Survey::index_of(std::string_view name) const {
  for (std::size_t i = 0; i < elements.size(); ++i)  // names may differ only in case: the exact one first
    if (elements[i].name == name) return static_cast<int>(i);
  std::string wanted = js::lower(name);
  for (std::size_t i = 0; i < elements.size(); ++i)
    if (js::lower(elements[i].name) == wanted) return static_cast<int>(i);
  return -1;
}

const Element* Survey::find(std::string_view name) const {
  int i = index_of(name);
  return i < 0 ? nullptr : &elements[static_cast<std::size_t>(i)];
}

std::string LoadError::to_string() const {
  return file + ": " + (pointer.empty() ? "/" : pointer) + ": " + message;
}

}  // namespace survey
