// survey/helpers.cpp: survey-core's Helpers / OperandMaker value rules. Expected values are what
// survey-core 3.1.1 returns (sc.Helpers.* or an ExpressionRunner in node); section numbers
// refer to docs/SURVEYJS-SEMANTICS.md.
#include <cmath>
#include <limits>
#include <string>

#include <catch2/catch.hpp>

#include "survey/helpers.hpp"

namespace {

using survey::js::Value;
namespace js = survey::js;
namespace helpers = survey::helpers;

Value num(double n) { return Value::number(n); }
Value str(std::string s) { return Value::string(std::move(s)); }
Value arr(js::Array a) { return Value::array(std::move(a)); }
Value obj(js::Object o) { return Value::object(std::move(o)); }
Value json(const char* text) { return Value::from_json(nlohmann::ordered_json::parse(text)); }

// The JSON that `peilpunt expr` would print for v ("undefined" when it has none).
std::string show(const Value& v) {
  auto j = v.to_json();
  return j ? j->dump() : "undefined";
}

}  // namespace

TEST_CASE("is_value_empty: what empty and notempty test", "[helpers]") {
  CHECK(helpers::is_value_empty(Value::undefined()));
  CHECK(helpers::is_value_empty(Value::null()));
  CHECK(helpers::is_value_empty(str("")));
  CHECK(helpers::is_value_empty(arr({})));
  CHECK(helpers::is_value_empty(obj({})));
  CHECK(helpers::is_value_empty(json(R"({"a": null, "b": ""})")));
  CHECK(helpers::is_value_empty(num(std::numeric_limits<double>::quiet_NaN())));
  CHECK_FALSE(helpers::is_value_empty(str(" ")));  // unlike isRequired (§B31 vs §G44)
  CHECK_FALSE(helpers::is_value_empty(num(0)));
  CHECK_FALSE(helpers::is_value_empty(Value::boolean(false)));
  CHECK_FALSE(helpers::is_value_empty(arr({Value::null()})));
  CHECK_FALSE(helpers::is_value_empty(json(R"({"a": 0})")));
}

TEST_CASE("correct_value converts answers as survey-core converts variables", "[helpers]") {
  // §B10: numeric-looking strings become numbers, a single comma is a decimal separator
  CHECK(show(helpers::correct_value(str("10"))) == "10");
  CHECK(show(helpers::correct_value(str("1e3"))) == "1000");
  CHECK(show(helpers::correct_value(str("0x10"))) == "16");
  CHECK(show(helpers::correct_value(str("+5"))) == "5");
  CHECK(show(helpers::correct_value(str("1,5"))) == "1.5");
  // ...but not a leading zero, more than 15 digits, Infinity or digit groups
  CHECK(show(helpers::correct_value(str("007"))) == R"("007")");
  CHECK(show(helpers::correct_value(str("1234567890123456"))) == R"("1234567890123456")");
  CHECK(show(helpers::correct_value(str("Infinity"))) == R"("Infinity")");
  CHECK(show(helpers::correct_value(str("1 000"))) == R"("1 000")");
  // booleans in any case, and quoted strings lose their quotes
  CHECK(show(helpers::correct_value(str("true"))) == "true");
  CHECK(show(helpers::correct_value(str("FALSE"))) == "false");
  CHECK(show(helpers::correct_value(str("'x'"))) == R"("x")");
  CHECK(show(helpers::correct_value(str("jongere"))) == R"("jongere")");
}

TEST_CASE("is_two_value_equals is loose, case-insensitive and trims strings", "[helpers]") {
  CHECK(helpers::is_two_value_equals(str(" ABC"), str("abc")));
  CHECK(helpers::is_two_value_equals(str("\xC3\x89"), str("\xC3\xA9")));  // É = é
  CHECK_FALSE(helpers::is_two_value_equals(str("Stra\xC3\x9F" "e"), str("STRASSE")));
  CHECK(helpers::is_two_value_equals(num(1), str("1")));
  CHECK(helpers::is_two_value_equals(str("01"), num(1)));
  CHECK_FALSE(helpers::is_two_value_equals(str("00"), str("000")));
  CHECK_FALSE(helpers::is_two_value_equals(str("1,5"), num(1.5)));
  CHECK(helpers::is_two_value_equals(Value::boolean(true), str("True")));
  CHECK_FALSE(helpers::is_two_value_equals(Value::boolean(false), str("")));
  CHECK(helpers::is_two_value_equals(Value::null(), str("")));
  CHECK(helpers::is_two_value_equals(Value::undefined(), arr({})));
  CHECK_FALSE(helpers::is_two_value_equals(Value::null(), arr({})));
  CHECK_FALSE(helpers::is_two_value_equals(num(0), str("")));
  CHECK_FALSE(helpers::is_two_value_equals(num(std::nan("")), num(std::nan(""))));
}

TEST_CASE("is_two_value_equals compares arrays and objects deeply", "[helpers]") {
  CHECK(helpers::is_two_value_equals(json("[2, 1]"), json("[1, 2]"), true));
  CHECK_FALSE(helpers::is_two_value_equals(json("[2, 1]"), json("[1, 2]"), false));
  CHECK_FALSE(helpers::is_two_value_equals(json("[1, 2, 2]"), json("[1, 2]"), true));
  CHECK(helpers::is_two_value_equals(json(R"(["1", "2"])"), json("[1, 2]"), true));
  CHECK_FALSE(helpers::is_two_value_equals(json(R"(["a"])"), str("a")));
  CHECK(helpers::is_two_value_equals(json(R"({"a": 1, "b": "X"})"), json(R"({"b": "x", "a": "1"})")));
  CHECK(helpers::is_two_value_equals(json(R"({"a": [2, 1]})"), json(R"({"a": [1, 2]})"), true));
  CHECK_FALSE(helpers::is_two_value_equals(json(R"({"a": 1})"), json(R"({"a": 1, "b": 2})")));
}

TEST_CASE("contains: substring for strings, loose membership for arrays (§E28-29)", "[helpers]") {
  CHECK(helpers::op_contains(str("HELLO"), str("ell")));
  CHECK(helpers::op_contains(num(12), num(1)));
  CHECK(helpers::op_contains(json(R"(["a", "b"])"), str("A")));
  CHECK(helpers::op_contains(json(R"(["a", "b"])"), json(R"(["a", "b"])")));
  CHECK_FALSE(helpers::op_contains(json(R"(["a", "b"])"), json(R"(["a", "c"])")));
  CHECK(helpers::op_contains(json(R"(["x", "y"])"), arr({})));
  CHECK_FALSE(helpers::op_contains(str("abc"), str("")));
  CHECK_FALSE(helpers::op_contains(Value::null(), str("a")));
  CHECK(helpers::op_notcontains(Value::null(), str("a")));
  CHECK(helpers::op_notcontains(arr({}), str("a")));
  CHECK_FALSE(helpers::op_notcontains(str("abc"), str("B")));
}

TEST_CASE("anyof and allof: an empty right side is true (§E30)", "[helpers]") {
  CHECK(helpers::op_anyof(str("x"), arr({})));
  CHECK_FALSE(helpers::op_anyof(Value::null(), json(R"(["a"])")));
  CHECK(helpers::op_anyof(str("a"), json(R"(["a", "b"])")));
  CHECK(helpers::op_anyof(json(R"(["a", "c"])"), json(R"(["b", "C"])")));
  CHECK_FALSE(helpers::op_anyof(json(R"(["a"])"), json(R"(["b"])")));
  CHECK(helpers::op_allof(json(R"(["x"])"), arr({})));
  CHECK_FALSE(helpers::op_allof(Value::null(), json(R"(["a"])")));
  CHECK(helpers::op_allof(json(R"(["a", "b", "c"])"), json(R"(["a", "c"])")));
  CHECK_FALSE(helpers::op_allof(json(R"(["a"])"), json(R"(["a", "c"])")));
}

TEST_CASE("sum_any_values: numbers add, strings concatenate, arrays join or sum (§D24 §D27)", "[helpers]") {
  CHECK(show(helpers::sum_any_values(num(0.1), num(0.2))) == "0.3");
  CHECK(show(helpers::sum_any_values(str("1"), num(2))) == R"("12")");
  CHECK(show(helpers::sum_any_values(num(1), str("a"))) == R"("1a")");
  CHECK(show(helpers::sum_any_values(json("[1, 2]"), json("[3]"))) == "[1,2,3]");
  CHECK(show(helpers::sum_any_values(json(R"([1, "a", 2])"), num(3))) == "6");
  CHECK(show(helpers::sum_any_values(json(R"(["a", "b"])"), str("c"))) == R"("a, bc")");
  CHECK(show(helpers::sum_any_values(str("c"), json(R"(["a", "b"])"))) == R"("ca, b")");
}

TEST_CASE("float correction rounds + - to the operands' decimals and * to their sum (§D26)", "[helpers]") {
  CHECK(show(helpers::correct_after_plus_minus(num(0.1), num(0.2), num(0.1 + 0.2))) == "0.3");
  CHECK(show(helpers::correct_after_plus_minus(num(0.3), num(0.1), num(0.3 - 0.1))) == "0.2");
  CHECK(show(helpers::correct_after_multiple(num(3), num(0.6), num(3 * 0.6))) == "1.8");
  CHECK(show(helpers::correct_after_multiple(num(1.1), num(1.1), num(1.1 * 1.1))) == "1.21");
  CHECK(show(helpers::correct_after_plus_minus(num(1), str("a"), str("1a"))) == R"("1a")");
  // survey-core calls toFixed on the result, which a string does not have
  CHECK_THROWS_AS(helpers::correct_after_plus_minus(num(0.5), str("a"), str("0.5a")), helpers::TypeError);
}
