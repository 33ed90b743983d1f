// What residents type and tap, as answers (kiosk/core/typed_answer): Dutch numbers with a decimal
// comma, dates typed as ddmmjjjj on the date keypad, how a stored answer shows in its field again,
// which keyboard a field gets, and the rules of a checkbox tile.
#include "kiosk/core/typed_answer.hpp"

#include <catch2/catch.hpp>

#include "survey/model.hpp"

namespace peilpunt::kiosk {
namespace {

using TypedJson = nlohmann::ordered_json;

// The answer a draft stands for; the draft itself as answer_from_draft leaves it, in `left`.
TypedJson typed_as(KeyboardKind kind, std::string draft, std::string* left = nullptr) {
  TypedJson answer = answer_from_draft(kind, draft);
  if (left) *left = draft;
  return answer;
}

TypedJson typed_number(const std::string& draft) { return typed_as(KeyboardKind::Number, draft); }
TypedJson typed_date(const std::string& draft) { return typed_as(KeyboardKind::Date, draft); }

// The draft a field shows for `value` after answer_from_draft made it.
std::string shown_again(KeyboardKind kind, const std::string& draft) {
  const TypedJson answer = typed_as(kind, draft);
  return draft_from_answer(&answer, kind);
}

std::shared_ptr<const survey::Survey> every_input_survey() {
  auto loaded = survey::load_text(R"({"pages": [{"name": "p", "elements": [
    {"type": "text", "name": "naam"},
    {"type": "text", "name": "leeftijd", "inputType": "number"},
    {"type": "text", "name": "datum", "inputType": "date"},
    {"type": "text", "name": "mail", "inputType": "email"},
    {"type": "comment", "name": "idee"},
    {"type": "radiogroup", "name": "rol", "choices": ["jongere", "ouder"], "showOtherItem": true}]}]})",
                                  "typen.json");
  REQUIRE(loaded.ok());
  return loaded.survey;
}

}  // namespace

// [SECTION] numbers ---------------------------------------------------------------------------

TEST_CASE("a number typed with a Dutch decimal comma is stored as that number", "[typed_answer]") {
  CHECK(typed_number("3,5") == TypedJson(3.5));
  CHECK(typed_number("3,5").is_number_float());
  CHECK(typed_number("-2,25") == TypedJson(-2.25));
  CHECK(typed_number("0,1") == TypedJson(0.1));
  CHECK(typed_number(",5") == TypedJson(0.5));
  CHECK(typed_number("12,50") == TypedJson(12.5));
}

TEST_CASE("a whole number is stored as an integer, also when typed with a zero fraction", "[typed_answer]") {
  CHECK(typed_number("12") == TypedJson(12));
  CHECK(typed_number("12").is_number_integer());
  CHECK(typed_number("12,0").is_number_integer());
  CHECK(typed_number("12,0") == TypedJson(12));
  CHECK(typed_number("-7").is_number_integer());
  CHECK(typed_number("-7") == TypedJson(-7));
  CHECK(typed_number("0") == TypedJson(0));
  CHECK(typed_number("007") == TypedJson(7));
  CHECK(typed_number("5,") == TypedJson(5));
}

TEST_CASE("a decimal point is read as a decimal separator too, as the header promises", "[typed_answer]") {
  // A hardware keyboard can type '.' into a number field (the on-screen keypad has only ',').
  CHECK(typed_number("3.5") == TypedJson(3.5));
  CHECK(typed_number("-2.25") == TypedJson(-2.25));
}

// Regression (found by this test): "1.000", a Dutch thousand, was stored as the number 1. A point
// followed by exactly three digits is ambiguous, so it stays text and the page asks for a number.
TEST_CASE("a thousands point as a Dutch resident writes it is not read as a decimal point", "[typed_answer]") {
  CHECK(typed_number("1.000") == TypedJson("1.000"));
  CHECK(typed_number("2.500") == TypedJson("2.500"));
  CHECK(typed_number("2.5") == TypedJson(2.5));
  CHECK(typed_number("2.25") == TypedJson(2.25));
}

TEST_CASE("a typed number with two separators is kept as text, not cut at the second", "[typed_answer]") {
  // The session then treats it as not a number; it is never truncated to 1 or 1,5.
  CHECK(typed_number("1.000,50") == TypedJson("1.000,50"));
  CHECK(typed_number("1,5,5") == TypedJson("1,5,5"));
  CHECK(typed_number("3,,5") == TypedJson("3,,5"));
}

TEST_CASE("what is not a number stays the text typed, so it is not taken for a number", "[typed_answer]") {
  CHECK(typed_number("abc") == TypedJson("abc"));
  CHECK(typed_number("12abc") == TypedJson("12abc"));
  CHECK(typed_number(",") == TypedJson(","));
  CHECK(typed_number("-") == TypedJson("-"));
  CHECK(typed_number("--5") == TypedJson("--5"));
  CHECK(typed_number("nan") == TypedJson("nan"));
  CHECK(typed_number("inf") == TypedJson("inf"));
  CHECK(typed_number("1e999") == TypedJson("1e999"));  // out of range: not infinity
}

TEST_CASE("spaces around a typed number never make it a different number", "[typed_answer]") {
  // strtod skips leading spaces and the parse must reach the end: " 7" is 7, "7 " and " 7 " stay
  // text. Neither keypad types spaces into a number field; whatever the draft, it is 7 or the text.
  for (const std::string draft : {" 7", "7 ", " 7 "}) {
    INFO("draft \"" << draft << "\"");
    const TypedJson answer = typed_number(draft);
    CHECK((answer == TypedJson(7) || answer == TypedJson(draft)));
  }
}

TEST_CASE("an empty field is no answer at all, whatever its keyboard", "[typed_answer]") {
  for (KeyboardKind kind : {KeyboardKind::Letters, KeyboardKind::Email, KeyboardKind::Password, KeyboardKind::Number,
                            KeyboardKind::Date, KeyboardKind::DateTime, KeyboardKind::Month, KeyboardKind::Week,
                            KeyboardKind::Time}) {
    std::string left = "x";
    CHECK(typed_as(kind, "", &left).is_null());
    CHECK(left.empty());
  }
}

TEST_CASE("a number field leaves the draft as typed", "[typed_answer]") {
  std::string left;
  CHECK(typed_as(KeyboardKind::Number, "3,5", &left) == TypedJson(3.5));
  CHECK(left == "3,5");
}

TEST_CASE("letters and e-mail fields store the text exactly as typed", "[typed_answer]") {
  CHECK(typed_as(KeyboardKind::Letters, "  Crème brûlée 🍮 ") == TypedJson("  Crème brûlée 🍮 "));
  CHECK(typed_as(KeyboardKind::Letters, "3,5") == TypedJson("3,5"));
  CHECK(typed_as(KeyboardKind::Email, "jan@example.nl") == TypedJson("jan@example.nl"));
}

// [SECTION] dates ------------------------------------------------------------------------------

TEST_CASE("a date typed as ddmmjjjj is stored as an ISO date", "[typed_answer]") {
  CHECK(typed_date("23112026") == TypedJson("2026-11-23"));
  CHECK(typed_date("01012000") == TypedJson("2000-01-01"));
  CHECK(typed_date("31122026") == TypedJson("2026-12-31"));
  CHECK(typed_date("29022028") == TypedJson("2028-02-29"));  // a leap year
}

TEST_CASE("a date with a day or month that exists nowhere is no answer", "[typed_answer]") {
  CHECK(typed_date("00012026").is_null());
  CHECK(typed_date("32012026").is_null());
  CHECK(typed_date("01002026").is_null());
  CHECK(typed_date("01132026").is_null());
  CHECK(typed_date("99992026").is_null());
}

// Regression (found by this test): the day was checked only against 1..31 whatever the month, so
// "31022026" was stored as "2026-02-31". Now a day the month has, leap years included.
TEST_CASE("a day that its month does not have is no answer", "[typed_answer]") {
  CHECK(typed_date("31022026").is_null());
  CHECK(typed_date("30022028").is_null());
  CHECK(typed_date("29022027").is_null());
  CHECK(typed_date("31042026").is_null());
  CHECK(typed_date("31062026").is_null());
  CHECK(typed_date("31092026").is_null());
  CHECK(typed_date("31112026").is_null());
  CHECK(typed_date("29022028") == TypedJson("2028-02-29"));  // a leap year
}

TEST_CASE("a date needs all 8 digits, and the draft keeps only its first 8", "[typed_answer]") {
  std::string left;
  CHECK(typed_as(KeyboardKind::Date, "2311", &left).is_null());
  CHECK(left == "2311");
  CHECK(typed_as(KeyboardKind::Date, "2311202", &left).is_null());
  CHECK(left == "2311202");
  CHECK(typed_as(KeyboardKind::Date, "231120261999", &left) == TypedJson("2026-11-23"));
  CHECK(left == "23112026");
}

TEST_CASE("a date typed with dashes or other marks counts only its digits", "[typed_answer]") {
  std::string left;
  CHECK(typed_as(KeyboardKind::Date, "23-11-2026", &left) == TypedJson("2026-11-23"));
  CHECK(left == "23112026");
  CHECK(typed_as(KeyboardKind::Date, "abc", &left).is_null());
  CHECK(left.empty());
}

TEST_CASE("a date shows as dd-mm-jjjj while it is typed", "[typed_answer]") {
  CHECK(pattern_display(KeyboardKind::Date, "23112026") == "23-11-2026");
  CHECK(pattern_display(KeyboardKind::Date, "2311") == "23-11");
  CHECK(pattern_display(KeyboardKind::Date, "231") == "23-1");
  CHECK(pattern_display(KeyboardKind::Date, "2") == "2");
  CHECK(pattern_display(KeyboardKind::Date, "") == "");
  CHECK(pattern_display(KeyboardKind::Number, "12,5") == "12,5");  // no pattern: as typed
  CHECK(pattern_display(KeyboardKind::Letters, "Beilen") == "Beilen");
}

TEST_CASE("a time, month, week and date with time are typed as digits into their pattern", "[typed_answer]") {
  std::string left;
  CHECK(typed_as(KeyboardKind::Time, "0830", &left) == TypedJson("08:30"));
  CHECK(pattern_display(KeyboardKind::Time, "083") == "08:3");
  CHECK(typed_as(KeyboardKind::Time, "2400").is_null());  // no such hour
  CHECK(typed_as(KeyboardKind::Time, "1260").is_null());
  CHECK(typed_as(KeyboardKind::Time, "083").is_null());  // not all digits yet
  CHECK(typed_as(KeyboardKind::Time, "083015", &left) == TypedJson("08:30"));
  CHECK(left == "0830");

  CHECK(typed_as(KeyboardKind::Month, "032024") == TypedJson("2024-03"));
  CHECK(typed_as(KeyboardKind::Month, "132024").is_null());
  CHECK(pattern_display(KeyboardKind::Month, "03202") == "03-202");

  CHECK(typed_as(KeyboardKind::Week, "092024") == TypedJson("2024-W09"));
  CHECK(typed_as(KeyboardKind::Week, "532020") == TypedJson("2020-W53"));  // 2020 began on a Wednesday, a leap year
  CHECK(typed_as(KeyboardKind::Week, "532026") == TypedJson("2026-W53"));  // 2026 begins on a Thursday
  CHECK(typed_as(KeyboardKind::Week, "532025").is_null());                 // 2025 has 52 weeks
  CHECK(typed_as(KeyboardKind::Week, "002025").is_null());

  CHECK(typed_as(KeyboardKind::DateTime, "231120260930") == TypedJson("2026-11-23T09:30"));
  CHECK(typed_as(KeyboardKind::DateTime, "310220260930").is_null());
  CHECK(typed_as(KeyboardKind::DateTime, "231120262500").is_null());
  CHECK(pattern_display(KeyboardKind::DateTime, "2311202609") == "23-11-2026 09");
}

TEST_CASE("the digit patterns take the keypad, a password the letters shown as dots", "[typed_answer]") {
  for (KeyboardKind kind : {KeyboardKind::Number, KeyboardKind::Date, KeyboardKind::DateTime, KeyboardKind::Month,
                            KeyboardKind::Week, KeyboardKind::Time})
    CHECK(is_keypad(kind));
  for (KeyboardKind kind : {KeyboardKind::Letters, KeyboardKind::Email, KeyboardKind::Password}) CHECK_FALSE(is_keypad(kind));
  CHECK(typed_as(KeyboardKind::Password, "Geheim1") == TypedJson("Geheim1"));
  CHECK(password_dots("Geheim1") == "\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2");
  CHECK(password_dots("\xC3\xA9\xC3\xA9") == "\xE2\x80\xA2\xE2\x80\xA2");  // two characters, four bytes
  CHECK(password_dots("").empty());
}

// [SECTION] a stored answer in its field again ---------------------------------------------------

TEST_CASE("a stored answer shows in its field as the resident typed it", "[typed_answer]") {
  const TypedJson number = 3.5, negative = -2.25, whole = 12, text = "ja", date = "2026-11-23";
  CHECK(draft_from_answer(&number, KeyboardKind::Number) == "3,5");
  CHECK(draft_from_answer(&negative, KeyboardKind::Number) == "-2,25");
  CHECK(draft_from_answer(&whole, KeyboardKind::Number) == "12");
  CHECK(draft_from_answer(&text, KeyboardKind::Letters) == "ja");
  CHECK(draft_from_answer(&date, KeyboardKind::Date) == "23112026");
  const TypedJson time = "08:30", short_time = "8:30", month = "2024-03", week = "2024-W09", moment = "2026-11-23T09:30";
  CHECK(draft_from_answer(&time, KeyboardKind::Time) == "0830");
  CHECK(draft_from_answer(&short_time, KeyboardKind::Time) == "0830");  // a default as authors write it
  CHECK(draft_from_answer(&month, KeyboardKind::Month) == "032024");
  CHECK(draft_from_answer(&week, KeyboardKind::Week) == "092024");
  CHECK(draft_from_answer(&moment, KeyboardKind::DateTime) == "231120260930");
  CHECK(draft_from_answer(nullptr, KeyboardKind::Number) == "");
  const TypedJson null_answer = nullptr;
  CHECK(draft_from_answer(&null_answer, KeyboardKind::Date) == "");
}

TEST_CASE("typing, storing and showing again gives back the same draft", "[typed_answer]") {
  for (const std::string draft : {"3,5", "-2,25", "12", "0,1", "1234567,89"}) {
    INFO("number " << draft);
    CHECK(shown_again(KeyboardKind::Number, draft) == draft);
  }
  CHECK(shown_again(KeyboardKind::Date, "23112026") == "23112026");
  CHECK(shown_again(KeyboardKind::DateTime, "231120260930") == "231120260930");
  CHECK(shown_again(KeyboardKind::Month, "032024") == "032024");
  CHECK(shown_again(KeyboardKind::Week, "092024") == "092024");
  CHECK(shown_again(KeyboardKind::Time, "2359") == "2359");
  CHECK(shown_again(KeyboardKind::Letters, "Beilen") == "Beilen");
  CHECK(shown_again(KeyboardKind::Email, "jan@example.nl") == "jan@example.nl");
}

TEST_CASE("answer_text shows numbers with a decimal comma and text as it is", "[typed_answer]") {
  const TypedJson number = 3.5, whole = 12, text = "ja", null_answer = nullptr;
  CHECK(answer_text(&number) == "3,5");
  CHECK(answer_text(&whole) == "12");
  CHECK(answer_text(&text) == "ja");
  CHECK(answer_text(&null_answer) == "");
  CHECK(answer_text(nullptr) == "");
}

// [SECTION] which keyboard --------------------------------------------------------------------

TEST_CASE("each field gets the keyboard of its question's inputType", "[typed_answer]") {
  const auto s = every_input_survey();
  CHECK(keyboard_kind_for(*s, "naam") == KeyboardKind::Letters);
  CHECK(keyboard_kind_for(*s, "leeftijd") == KeyboardKind::Number);
  CHECK(keyboard_kind_for(*s, "datum") == KeyboardKind::Date);
  CHECK(keyboard_kind_for(*s, "mail") == KeyboardKind::Email);
  CHECK(keyboard_kind_for(*s, "idee") == KeyboardKind::Letters);         // a comment question
  CHECK(keyboard_kind_for(*s, "rol-Comment") == KeyboardKind::Letters);  // the "other" text
  CHECK(keyboard_kind_for(*s, "rol") == KeyboardKind::Letters);
  CHECK(keyboard_kind_for(*s, "bestaat-niet") == KeyboardKind::Letters);
}

// [SECTION] choices ----------------------------------------------------------------------------

TEST_CASE("a radio answer is chosen by survey-core's choice equality", "[typed_answer]") {
  const TypedJson two_as_text = "2", two = 2, a = "a", a_space = "a ";
  CHECK(is_chosen(&two_as_text, 2, false));
  CHECK(is_chosen(&two, 2, false));
  CHECK(is_chosen(&two, "2", false));
  CHECK(is_chosen(&a, "a", false));
  CHECK_FALSE(is_chosen(&a_space, "a", false));  // two strings: exactly, spaces included
  CHECK_FALSE(is_chosen(&a, "A", false));
  CHECK_FALSE(is_chosen(&two, 3, false));
  CHECK_FALSE(is_chosen(nullptr, "a", false));
}

TEST_CASE("a checkbox item is chosen when it is in the answer's list", "[typed_answer]") {
  const TypedJson list = {"a", "2"}, plain = "a";
  CHECK(is_chosen(&list, "a", true));
  CHECK(is_chosen(&list, 2, true));
  CHECK_FALSE(is_chosen(&list, "b", true));
  CHECK_FALSE(is_chosen(&list, "a ", true));
  CHECK_FALSE(is_chosen(&plain, "a", true));  // not a list: nothing of a checkbox is chosen
  CHECK_FALSE(is_chosen(nullptr, "a", true));
}

TEST_CASE("tapping a checkbox item adds it, and tapping it again takes it out", "[typed_answer]") {
  auto first = toggle_choice(nullptr, "sport", 0);
  REQUIRE(first);
  CHECK(*first == TypedJson::array({"sport"}));
  auto second = toggle_choice(&*first, "lezen", 0);
  REQUIRE(second);
  CHECK(*second == TypedJson::array({"sport", "lezen"}));
  auto out = toggle_choice(&*second, "sport", 0);
  REQUIRE(out);
  CHECK(*out == TypedJson::array({"lezen"}));
}

TEST_CASE("an item stored as \"2\" is taken out by tapping the choice 2", "[typed_answer]") {
  const TypedJson list = {"2", "a"};
  auto next = toggle_choice(&list, 2, 0);
  REQUIRE(next);
  CHECK(*next == TypedJson::array({"a"}));
  const TypedJson spaced = {"a "};
  next = toggle_choice(&spaced, "a", 0);  // "a " is not "a": "a" is added beside it
  REQUIRE(next);
  CHECK(*next == TypedJson::array({"a ", "a"}));
}

TEST_CASE("a checkbox with nothing left chosen has no answer", "[typed_answer]") {
  const TypedJson one = {"sport"};
  auto next = toggle_choice(&one, "sport", 0);
  REQUIRE(next);
  CHECK(next->is_null());
  const TypedJson only_none = {"none"};
  next = toggle_choice(&only_none, "none", 0);
  REQUIRE(next);
  CHECK(next->is_null());
}

TEST_CASE("\"none\" stands alone: it clears the other items, and another item clears it", "[typed_answer]") {
  const TypedJson two = {"sport", "lezen"};
  auto none = toggle_choice(&two, "none", 0);
  REQUIRE(none);
  CHECK(*none == TypedJson::array({"none"}));
  auto sport = toggle_choice(&*none, "sport", 0);
  REQUIRE(sport);
  CHECK(*sport == TypedJson::array({"sport"}));
}

TEST_CASE("a checkbox refuses one item more than maxSelectedChoices, and changes nothing", "[typed_answer]") {
  const TypedJson two = {"sport", "lezen"};
  CHECK_FALSE(toggle_choice(&two, "gamen", 2));
  // At the maximum an item can still be taken out, and "none" still replaces them all.
  auto out = toggle_choice(&two, "lezen", 2);
  REQUIRE(out);
  CHECK(*out == TypedJson::array({"sport"}));
  auto none = toggle_choice(&two, "none", 2);
  REQUIRE(none);
  CHECK(*none == TypedJson::array({"none"}));
  // Under the maximum another item is taken; 0 means no maximum.
  auto three = toggle_choice(&*out, "gamen", 2);
  REQUIRE(three);
  CHECK(*three == TypedJson::array({"sport", "gamen"}));
  auto unlimited = toggle_choice(&two, "gamen", 0);
  REQUIRE(unlimited);
  CHECK(unlimited->size() == 3);
}

TEST_CASE("\"none\" does not count towards maxSelectedChoices when another item replaces it", "[typed_answer]") {
  const TypedJson only_none = {"none"};
  auto sport = toggle_choice(&only_none, "sport", 1);
  REQUIRE(sport);
  CHECK(*sport == TypedJson::array({"sport"}));
}

TEST_CASE("a checkbox answer that is not a list is replaced by the tapped item", "[typed_answer]") {
  const TypedJson plain = "sport";
  auto next = toggle_choice(&plain, "lezen", 0);
  REQUIRE(next);
  CHECK(*next == TypedJson::array({"lezen"}));
}

TEST_CASE("a tapped number choice is stored as that number", "[typed_answer]") {
  auto next = toggle_choice(nullptr, 2, 0);
  REQUIRE(next);
  CHECK(*next == TypedJson::array({2}));
  CHECK((*next)[0].is_number_integer());
}

}  // namespace peilpunt::kiosk
