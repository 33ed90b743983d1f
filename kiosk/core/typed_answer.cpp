#include "kiosk/core/typed_answer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>

namespace peilpunt::kiosk {

using Json = nlohmann::ordered_json;

namespace {
constexpr char box_separator = '\x1f';
}

std::string box_key(const std::string& question, std::size_t box) { return question + box_separator + std::to_string(box); }

std::optional<BoxKey> parse_box_key(const survey::Survey& survey, const std::string& value_key) {
  const std::size_t at = value_key.rfind(box_separator);
  if (at == std::string::npos) return std::nullopt;
  const int question = survey.index_of(std::string_view(value_key).substr(0, at));
  if (question < 0) return std::nullopt;
  const std::size_t box = std::strtoul(value_key.c_str() + at + 1, nullptr, 10);
  if (box >= survey.elements[static_cast<std::size_t>(question)].items.size()) return std::nullopt;
  return BoxKey{question, box};
}

KeyboardKind keyboard_kind_for(const survey::Survey& survey, const std::string& value_key) {
  const survey::Element* e = survey.find(value_key);
  if (auto box = parse_box_key(survey, value_key)) e = &survey.elements[static_cast<std::size_t>(box->question)].items[box->box];
  if (!e || e->type != survey::QuestionType::Text) return KeyboardKind::Letters;
  switch (e->input_type) {
    case survey::InputType::Number:
    case survey::InputType::Range: return KeyboardKind::Number;
    case survey::InputType::Date: return KeyboardKind::Date;
    case survey::InputType::DateTimeLocal: return KeyboardKind::DateTime;
    case survey::InputType::Month: return KeyboardKind::Month;
    case survey::InputType::Week: return KeyboardKind::Week;
    case survey::InputType::Time: return KeyboardKind::Time;
    case survey::InputType::Email: return KeyboardKind::Email;
    case survey::InputType::Password: return KeyboardKind::Password;
    default: return KeyboardKind::Letters;
  }
}

bool is_keypad(KeyboardKind kind) { return kind == KeyboardKind::Number || !digit_pattern(kind).empty(); }

std::string_view digit_pattern(KeyboardKind kind) {
  switch (kind) {
    case KeyboardKind::Date: return "##-##-####";
    case KeyboardKind::DateTime: return "##-##-#### ##:##";
    case KeyboardKind::Month: return "##-####";
    case KeyboardKind::Week: return "##-####";
    case KeyboardKind::Time: return "##:##";
    default: return "";
  }
}

namespace {

std::size_t digit_count(std::string_view pattern) { return static_cast<std::size_t>(std::count(pattern.begin(), pattern.end(), '#')); }

bool real_date(int year, int month, int day) {
  const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  return day >= 1 && month >= 1 && date.ok();  // 31-02, and 29-02 outside leap years, are no dates
}

// ISO 8601: a year has 53 weeks when it starts on a Thursday, or on a Wednesday in a leap year.
int iso_weeks_in(int year) {
  const std::chrono::weekday first{std::chrono::sys_days{std::chrono::year{year} / 1 / 1}};
  const bool leap = std::chrono::year{year}.is_leap();
  return first == std::chrono::Thursday || (leap && first == std::chrono::Wednesday) ? 53 : 52;
}

// The typed digits as the input's value, or "" while they make no date, week or time.
std::string pattern_value(KeyboardKind kind, const std::string& d) {
  auto at = [&d](std::size_t from, std::size_t count) { return std::stoi(d.substr(from, count)); };
  switch (kind) {
    case KeyboardKind::Date:
      if (!real_date(at(4, 4), at(2, 2), at(0, 2))) return "";
      return d.substr(4, 4) + "-" + d.substr(2, 2) + "-" + d.substr(0, 2);
    case KeyboardKind::DateTime:
      if (!real_date(at(4, 4), at(2, 2), at(0, 2)) || at(8, 2) > 23 || at(10, 2) > 59) return "";
      return d.substr(4, 4) + "-" + d.substr(2, 2) + "-" + d.substr(0, 2) + "T" + d.substr(8, 2) + ":" + d.substr(10, 2);
    case KeyboardKind::Month:
      if (at(0, 2) < 1 || at(0, 2) > 12) return "";
      return d.substr(2, 4) + "-" + d.substr(0, 2);
    case KeyboardKind::Week:
      if (at(0, 2) < 1 || at(0, 2) > iso_weeks_in(at(2, 4))) return "";
      return d.substr(2, 4) + "-W" + d.substr(0, 2);
    case KeyboardKind::Time:
      if (at(0, 2) > 23 || at(2, 2) > 59) return "";
      return d.substr(0, 2) + ":" + d.substr(2, 2);
    default: return "";
  }
}

}  // namespace

Json answer_from_draft(KeyboardKind kind, std::string& draft) {
  if (draft.empty()) return nullptr;
  if (kind == KeyboardKind::Number) {
    std::string n = draft;
    const auto first = n.find_first_not_of(' '), last = n.find_last_not_of(' ');
    if (first == std::string::npos) return nullptr;
    n = n.substr(first, last - first + 1);
    // A Dutch "1.000" is a thousand, an English "1.5" one and a half: a point followed by exactly
    // three digits means either, so it stays text (and the page says "not a number") rather
    // than become a number a thousand times off. A comma and a point together likewise.
    const auto point = n.find('.');
    if (point != std::string::npos &&
        (n.find(',') != std::string::npos || n.size() - point - 1 == 3)) return draft;
    std::replace(n.begin(), n.end(), ',', '.');
    char* end = nullptr;
    const double value = std::strtod(n.c_str(), &end);
    if (!end || *end != '\0' || !std::isfinite(value)) return draft;
    if (value == std::floor(value) && std::abs(value) < 9e15) return static_cast<long long>(value);
    return value;
  }
  if (const std::string_view pattern = digit_pattern(kind); !pattern.empty()) {
    std::string digits;
    for (char c : draft)
      if (c >= '0' && c <= '9') digits += c;
    draft = digits.substr(0, digit_count(pattern));
    if (draft.size() != digit_count(pattern)) return nullptr;
    const std::string value = pattern_value(kind, draft);
    return value.empty() ? Json(nullptr) : Json(value);
  }
  return draft;
}

std::string answer_text(const Json* value) {
  if (!value || value->is_null()) return "";
  if (value->is_string()) return value->get<std::string>();
  if (value->is_number_integer()) return std::to_string(value->get<long long>());
  if (value->is_number()) {
    std::string s = value->dump();
    std::replace(s.begin(), s.end(), '.', ',');  // Dutch decimal comma
    return s;
  }
  return value->dump();
}

std::string draft_from_answer(const Json* value, KeyboardKind kind) {
  const std::string shown = answer_text(value);
  const std::string_view pattern = digit_pattern(kind);
  if (pattern.empty()) return shown;
  // Back to the order the pattern types: day, month, year, hour, minute (or week, year).
  std::string digits;
  for (char c : shown)
    if (c >= '0' && c <= '9') digits += c;
  if (kind == KeyboardKind::Date && digits.size() == 8) return digits.substr(6, 2) + digits.substr(4, 2) + digits.substr(0, 4);
  if (kind == KeyboardKind::DateTime && digits.size() == 12)
    return digits.substr(6, 2) + digits.substr(4, 2) + digits.substr(0, 4) + digits.substr(8, 4);
  if ((kind == KeyboardKind::Month || kind == KeyboardKind::Week) && digits.size() == 6) return digits.substr(4, 2) + digits.substr(0, 4);
  if (kind == KeyboardKind::Time && shown.size() == 4 && shown[1] == ':') return "0" + digits;  // "8:30"
  return digits.substr(0, digit_count(pattern));
}

std::string pattern_display(KeyboardKind kind, const std::string& digits) {
  const std::string_view pattern = digit_pattern(kind);
  if (pattern.empty()) return digits;  // letters, numbers: as typed
  std::string shown;
  std::size_t next = 0;
  for (char slot : pattern) {
    if (next >= digits.size()) break;
    shown += slot == '#' ? digits[next++] : slot;
  }
  return shown;
}

std::string password_dots(const std::string& text) {
  std::string dots;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) dots += "\xE2\x80\xA2";  // one per UTF-8 character, not per byte
  return dots;
}

bool is_chosen(const Json* value, const nlohmann::json& choice, bool multi) {
  if (!value) return false;
  if (!multi) return survey::same_choice_value(choice, *value);
  if (!value->is_array()) return false;
  return std::any_of(value->begin(), value->end(), [&](const Json& v) { return survey::same_choice_value(choice, v); });
}

std::optional<Json> toggle_choice(const Json* value, const nlohmann::json& choice, int max_selected) {
  Json next = value && value->is_array() ? *value : Json::array();
  if (is_chosen(value, choice, true)) {
    next.erase(std::remove_if(next.begin(), next.end(), [&](const Json& v) { return survey::same_choice_value(choice, v); }), next.end());
  } else if (choice == "none") {
    next = Json::array({"none"});
  } else {
    next.erase(std::remove_if(next.begin(), next.end(), [](const Json& v) { return v == "none"; }), next.end());
    if (max_selected > 0 && static_cast<int>(next.size()) >= max_selected) return std::nullopt;
    next.push_back(Json::parse(choice.dump()));
  }
  return next.empty() ? Json(nullptr) : next;
}

}  // namespace peilpunt::kiosk
