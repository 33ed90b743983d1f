#include "kiosk/core/typed_answer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>

namespace peilpunt::kiosk {

using Json = nlohmann::ordered_json;

KeyboardKind keyboard_kind_for(const survey::Survey& survey, const std::string& value_key) {
  const survey::Element* e = survey.find(value_key);
  if (!e || e->type != survey::QuestionType::Text) return KeyboardKind::Letters;
  switch (e->input_type) {
    case survey::InputType::Number: return KeyboardKind::Number;
    case survey::InputType::Date: return KeyboardKind::Date;
    case survey::InputType::Email: return KeyboardKind::Email;
    default: return KeyboardKind::Letters;
  }
}

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
  if (kind == KeyboardKind::Date) {
    std::string digits;
    for (char c : draft)
      if (c >= '0' && c <= '9') digits += c;
    draft = digits.substr(0, 8);
    if (draft.size() != 8) return nullptr;
    const int day = std::stoi(draft.substr(0, 2)), month = std::stoi(draft.substr(2, 2)),
              year = std::stoi(draft.substr(4, 4));
    // A day the month has (31-02 and 29-02 outside leap years are no dates).
    const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                           std::chrono::day{static_cast<unsigned>(day)}};
    if (day < 1 || month < 1 || !date.ok()) return nullptr;
    return draft.substr(4, 4) + "-" + draft.substr(2, 2) + "-" + draft.substr(0, 2);
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
  std::string shown = answer_text(value);
  if (kind == KeyboardKind::Date && shown.size() == 10)  // ISO 2026-11-23 -> typed digits 23112026
    shown = shown.substr(8, 2) + shown.substr(5, 2) + shown.substr(0, 4);
  return shown;
}

std::string date_display(const std::string& digits) {
  std::string shown;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i == 2 || i == 4) shown += '-';
    shown += digits[i];
  }
  return shown;
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
