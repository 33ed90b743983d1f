// What residents type and tap, as answers: Dutch numbers ("3,5"), dates typed as digits
// (ddmmjjjj), and the rules of a checkbox tile. No ImGui; the question screen draws over it.
//
// **Example**:
//   std::string draft = "3,5";
//   nlohmann::ordered_json answer = answer_from_draft(KeyboardKind::Number, draft);  // 3.5
//   auto next = toggle_choice(nullptr, "none", 0);                                   // ["none"]
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "survey/model.hpp"

namespace peilpunt::kiosk {

// Which on-screen keyboard a value needs (and so how its typed text becomes an answer). Date,
// DateTime, Month, Week and Time are typed as digits only, into a pattern ("dd-mm-jjjj").
enum class KeyboardKind { Letters, Email, Password, Number, Date, DateTime, Month, Week, Time };

// The digits keypad (numbers and the digit patterns) rather than the letters.
bool is_keypad(KeyboardKind kind);

// The pattern a digits-only kind is typed into: '#' a digit, anything else shown between them
// ("##-##-####" for a date); "" for the other kinds.
std::string_view digit_pattern(KeyboardKind kind);

// A multipletext box's value key: the question's name, a unit separator (which no name typed in
// SurveyJS Creator holds) and the box's index. Drafts, focus and "changed since the errors" go by
// value key; the session keeps the box's answer inside the question's answer object.
std::string box_key(const std::string& question, std::size_t box);
struct BoxKey {
  int question = -1;
  std::size_t box = 0;
};
std::optional<BoxKey> parse_box_key(const survey::Survey& survey, const std::string& value_key);

// The keyboard for a question's or a box's value key; comments and "other" texts (keys that are
// not a text question) take letters.
KeyboardKind keyboard_kind_for(const survey::Survey& survey, const std::string& value_key);

// The answer a typed draft stands for: null when empty. Number: a number when the draft parses
// with a decimal comma or point (an integer when whole), else the draft as text, so the session
// reports it as not a number. The digit patterns: the value as the browser's input gives it
// ("yyyy-mm-dd", "yyyy-mm-ddThh:mm", "yyyy-mm", "yyyy-Www", "hh:mm") once every digit is typed and
// they make a real date, week or time, else null; the draft itself keeps only as many digits as
// the pattern has. Letters, Email and Password: the text.
nlohmann::ordered_json answer_from_draft(KeyboardKind kind, std::string& draft);

// A stored answer as a field shows it: text as it is, numbers with a decimal comma, a date or
// time as the digits its keypad types ("2026-11-23" -> "23112026", "08:30" -> "0830").
std::string draft_from_answer(const nlohmann::ordered_json* value, KeyboardKind kind);
std::string answer_text(const nlohmann::ordered_json* value);  // for display: "3,5", "ja", ""
// Typed digits in their pattern, as far as typed: (Date, "231120") -> "23-11-20"; a kind
// without a pattern shows the draft as it is: (Number, "12,5") -> "12,5".
std::string pattern_display(KeyboardKind kind, const std::string& digits);

// A password as its field shows it: a dot per typed character.
std::string password_dots(const std::string& text);

// Whether `choice` is the answer (radio) or in it (checkbox), by survey-core's choice equality.
bool is_chosen(const nlohmann::ordered_json* value, const nlohmann::json& choice, bool multi);

// A checkbox's answer after tapping `choice`: a chosen item is taken out; "none" stands alone
// (survey-core clears the rest); any other item clears "none", and is refused (nothing returned)
// when `max_selected` (> 0) are chosen already. Null when nothing is left chosen.
std::optional<nlohmann::ordered_json> toggle_choice(const nlohmann::ordered_json* value, const nlohmann::json& choice, int max_selected);

}  // namespace peilpunt::kiosk
