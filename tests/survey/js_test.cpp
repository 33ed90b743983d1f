// survey/js.cpp: JavaScript's own rules, which survey-core inherits. Every expected value here
// is what node (V8) prints for the same operation.
#include <cmath>
#include <limits>
#include <string>

#include <catch2/catch.hpp>

#include "survey/js.hpp"
#include "time_zone.hpp"

namespace {

using peilpunt_test::InAmsterdam;
using peilpunt_test::InUtc;
using survey::js::Value;
namespace js = survey::js;

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();

Value num(double n) { return Value::number(n); }
Value str(std::string s) { return Value::string(std::move(s)); }
Value arr(js::Array a) { return Value::array(std::move(a)); }

std::string iso(double ms) { return std::isnan(ms) ? "Invalid Date" : js::date_to_iso(ms); }

}  // namespace

// [SECTION] numbers

TEST_CASE("number_to_string prints the shortest round-trip form as Number.prototype.toString", "[js]") {
  CHECK(js::number_to_string(0.1 + 0.2) == "0.30000000000000004");
  CHECK(js::number_to_string(1e21) == "1e+21");
  CHECK(js::number_to_string(1e20) == "100000000000000000000");
  CHECK(js::number_to_string(1e-7) == "1e-7");
  CHECK(js::number_to_string(1e-6) == "0.000001");
  CHECK(js::number_to_string(123e-20) == "1.23e-18");
  CHECK(js::number_to_string(-0.0) == "0");
  CHECK(js::number_to_string(1.7976931348623157e308) == "1.7976931348623157e+308");
}

TEST_CASE("to_fixed rounds the exact binary value and ties away from zero", "[js]") {
  CHECK(js::to_fixed(2.5, 0) == "3");
  CHECK(js::to_fixed(-2.5, 0) == "-3");
  CHECK(js::to_fixed(1.005, 2) == "1.00");  // 1.005 is 1.00499999999999989...
  CHECK(js::to_fixed(1.45, 1) == "1.4");    // 1.44999999999999995...
  CHECK(js::to_fixed(8.345, 2) == "8.35");  // 8.34500000000000063...
  CHECK(js::to_fixed(0.000001, 7) == "0.0000010");
  CHECK(js::to_fixed(-0.0, 2) == "0.00");
}

TEST_CASE("regression: to_fixed dropped the minus of a negative number that rounds to zero", "[js]") {
  CHECK(js::to_fixed(-0.0001, 2) == "-0.00");  // so float correction keeps -0, as survey-core
}

TEST_CASE("string_to_number follows Number() for what people type", "[js]") {
  CHECK(js::string_to_number("") == 0);
  CHECK(js::string_to_number(" 42 ") == 42);
  CHECK(js::string_to_number("\xC2\xA0 7 \n") == 7);  // NBSP is white space
  CHECK(js::string_to_number("0x10") == 16);
  CHECK(js::string_to_number("0b101") == 5);
  CHECK(js::string_to_number("1e3") == 1000);
  CHECK(js::string_to_number(".5") == 0.5);
  CHECK(js::string_to_number("-Infinity") == -infinity);
  CHECK(std::isnan(js::string_to_number("infinity")));
  CHECK(std::isnan(js::string_to_number("1,5")));
  CHECK(std::isnan(js::string_to_number("12px")));
  CHECK(std::isnan(js::string_to_number("-0x10")));
}

TEST_CASE("parse_int and parse_float read the longest numeric prefix", "[js]") {
  CHECK(js::parse_int("42px") == 42);
  CHECK(js::parse_int("0x1F") == 31);
  CHECK(js::parse_int("  -12.9") == -12);
  CHECK(js::parse_int("1e3") == 1);
  CHECK(js::parse_int("ff", 16) == 255);
  CHECK(std::isnan(js::parse_int("abc")));
  CHECK(js::parse_float("3.14abc") == 3.14);
  CHECK(js::parse_float("-.5e1x") == -5);
  CHECK(js::parse_float("1.2.3") == 1.2);
  CHECK(js::parse_float("\xC2\xA0 2.5") == 2.5);
  CHECK(std::isnan(js::parse_float("e5")));
}

// [SECTION] operators

TEST_CASE("loose_equals is JavaScript's ==", "[js]") {
  CHECK(js::loose_equals(Value::null(), Value::undefined()));
  CHECK_FALSE(js::loose_equals(Value::null(), num(0)));
  CHECK_FALSE(js::loose_equals(Value::undefined(), Value::boolean(false)));
  CHECK(js::loose_equals(str(""), num(0)));
  CHECK(js::loose_equals(str(" 1 "), num(1)));
  CHECK(js::loose_equals(str("0"), Value::boolean(false)));
  CHECK(js::loose_equals(str("1"), Value::boolean(true)));
  CHECK_FALSE(js::loose_equals(str("2"), Value::boolean(true)));  // why `2` is not a true condition
  CHECK(js::loose_equals(arr({num(1)}), str("1")));
  CHECK(js::loose_equals(arr({num(1), num(2)}), str("1,2")));
  CHECK_FALSE(js::loose_equals(str("abc"), str("ABC")));
  CHECK_FALSE(js::loose_equals(num(nan_value), num(nan_value)));
}

TEST_CASE("less_than compares strings by code point and everything else as numbers", "[js]") {
  CHECK(js::less_than(str("B"), str("a")) == true);
  CHECK(js::less_than(str("10"), str("9")) == true);
  CHECK(js::less_than(num(10), str("9")) == false);
  CHECK(js::less_than(Value::null(), num(1)) == true);
  CHECK(js::less_than(str("z"), str("\xC3\xA9")) == true);  // "z" < "é"
  CHECK_FALSE(js::less_than(Value::undefined(), num(1)).has_value());
  CHECK_FALSE(js::less_than(str("abc"), num(1)).has_value());
}

TEST_CASE("add concatenates as soon as one side is a string", "[js]") {
  CHECK(js::to_string(js::add(str("1"), num(2))) == "12");
  CHECK(js::to_number(js::add(num(1), num(2))) == 3);
  CHECK(js::to_string(js::add(arr({num(1), num(2)}), str("x"))) == "1,2x");
  CHECK(js::to_string(js::add(arr({num(5)}), num(1))) == "51");
  CHECK(js::to_number(js::add(Value::null(), num(1))) == 1);
  CHECK(std::isnan(js::to_number(js::add(Value::undefined(), num(1)))));
  auto empty = js::add(arr({}), arr({}));
  CHECK((empty.is_string() && empty.as_string().empty()));
}

// [SECTION] strings

TEST_CASE("lower maps non-ASCII letters and trim removes Unicode white space", "[js]") {
  CHECK(js::lower("\xC3\x89\xC3\x8B\xC3\x8F") == "\xC3\xA9\xC3\xAB\xC3\xAF");  // ÉËÏ -> éëï
  CHECK(js::trim("\xC2\xA0 x \xC2\xA0") == "x");                 // NBSP
  CHECK(js::trim("\xE3\x80\x80x\xEF\xBB\xBF") == "x");           // ideographic space, BOM
  CHECK(js::utf16_length("\xF0\x9F\x98\x80") == 2);              // an emoji is two UTF-16 units
  CHECK(js::utf16_substring("h\xC3\xA9llo", 1, 3) == "\xC3\xA9l");
}

// [SECTION] dates

TEST_CASE_METHOD(InUtc, "date_to_iso prints toISOString including extended years", "[js][date]") {
  CHECK(js::date_to_iso(0) == "1970-01-01T00:00:00.000Z");
  CHECK(js::date_to_iso(-62198755200000) == "-000001-01-01T00:00:00.000Z");
  CHECK(js::date_to_iso(253402300800000) == "+010000-01-01T00:00:00.000Z");
}

TEST_CASE_METHOD(InUtc, "parse_date reads ISO forms with date-only as UTC and date-time as local", "[js][date]") {
  CHECK(iso(js::parse_date("2025-03-01")) == "2025-03-01T00:00:00.000Z");
  CHECK(iso(js::parse_date("2025-06")) == "2025-06-01T00:00:00.000Z");
  CHECK(iso(js::parse_date("2025-03-01T10:00")) == "2025-03-01T10:00:00.000Z");
  CHECK(iso(js::parse_date("2025-03-01T10:00:00+01:00")) == "2025-03-01T09:00:00.000Z");
  CHECK(iso(js::parse_date("2025-03-01T10:00:00.123456Z")) == "2025-03-01T10:00:00.123Z");
  CHECK(iso(js::parse_date("2025-03-01T24:00:00Z")) == "2025-03-02T00:00:00.000Z");
}

TEST_CASE_METHOD(InUtc, "parse_date rolls day 29-31 over as V8 does but rejects impossible fields", "[js][date]") {
  CHECK(iso(js::parse_date("2025-02-30")) == "2025-03-02T00:00:00.000Z");
  CHECK(iso(js::parse_date("2025-02-29")) == "2025-03-01T00:00:00.000Z");
  CHECK(std::isnan(js::parse_date("2025-02-32")));
  CHECK(std::isnan(js::parse_date("2025-13-01")));
  CHECK(std::isnan(js::parse_date("garbage")));
}

TEST_CASE_METHOD(InUtc, "parse_date reads the local forms people type", "[js][date]") {
  CHECK(iso(js::parse_date("2025/03/01")) == "2025-03-01T00:00:00.000Z");
  CHECK(iso(js::parse_date("3/1/2025")) == "2025-03-01T00:00:00.000Z");  // month first, as V8
  CHECK(iso(js::parse_date("2025-03-01 10:30")) == "2025-03-01T10:30:00.000Z");
}

TEST_CASE_METHOD(InAmsterdam, "local date forms are read in the machine's time zone", "[js][date]") {
  CHECK(iso(js::parse_date("2025-03-01T10:00")) == "2025-03-01T09:00:00.000Z");
  CHECK(iso(js::parse_date("2025/03/01")) == "2025-02-28T23:00:00.000Z");
  CHECK(iso(js::parse_date("2025-03-01")) == "2025-03-01T00:00:00.000Z");  // date-only stays UTC
  // 02:30 does not exist on 30 March 2025; V8 moves it forward to 03:30 CEST
  CHECK(iso(js::make_local(2025, 2, 30, 2, 30)) == "2025-03-30T01:30:00.000Z");
}

TEST_CASE_METHOD(InUtc, "make_local rolls out-of-range fields over like new Date(y, m, d)", "[js][date]") {
  CHECK(iso(js::make_local(2025, 0, 32)) == "2025-02-01T00:00:00.000Z");
  CHECK(iso(js::make_local(2025, 12, 1)) == "2026-01-01T00:00:00.000Z");
  CHECK(iso(js::make_local(2025, -1, 1)) == "2024-12-01T00:00:00.000Z");
  CHECK(iso(js::make_local(2024, 1, 29)) == "2024-02-29T00:00:00.000Z");
  CHECK(iso(js::make_local(2025, 0, 1, 25)) == "2025-01-02T01:00:00.000Z");
  CHECK(std::isnan(js::make_local(2025, nan_value, 1)));
}

TEST_CASE("regression: a date shifted beyond the Date range is invalid, not undefined behaviour (fuzzer)",
          "[js][dates]") {
  CHECK(std::isnan(js::make_local(2026, 10, 23.0 + 1.99e23)));
  CHECK(std::isnan(js::make_local(1e17, 0, 1)));
}
