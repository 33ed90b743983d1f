// JavaScript values and the few ECMAScript operations SurveyJS expressions rely on.
// survey-core is JavaScript, and its quirks (loose ==, "1" + 2, [5] + 1) come from the language
// itself, so the engine reproduces the language's rules here rather than approximating each quirk.
//
// **Example**:
//   js::Value a = js::Value::string("1");
//   js::add(a, js::Value::number(2));       // "12", as in JavaScript
//   js::loose_equals(a, js::Value::number(1));  // true
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace survey::js {

class Value;
using Array = std::vector<Value>;
using Object = std::vector<std::pair<std::string, Value>>;  // insertion order, as JS keeps it

struct Undefined {
  bool operator==(const Undefined&) const = default;
};
struct Null {
  bool operator==(const Null&) const = default;
};
// Milliseconds since the epoch; NaN is an invalid date.
struct Date {
  double ms = 0;
};

class Value {
 public:
  enum class Kind : std::uint8_t { Undefined, Null, Boolean, Number, String, ArrayValue, ObjectValue, DateValue };

  Value() = default;
  static Value undefined() { return Value(); }
  static Value null() { return Value(Null{}); }
  static Value boolean(bool b) { return Value(b); }
  static Value number(double n) { return Value(n); }
  static Value string(std::string s) { return Value(std::move(s)); }
  static Value array(Array a) { return Value(std::make_shared<const Array>(std::move(a))); }
  static Value object(Object o) { return Value(std::make_shared<const Object>(std::move(o))); }
  static Value date(double ms) { return Value(Date{ms}); }
  // Objects keep their key order as JavaScript would: index-like keys first, then insertion
  // order (use ordered_json to keep it; nlohmann::json sorts keys).
  static Value from_json(const nlohmann::ordered_json& j);
  static Value from_json(const nlohmann::json& j);

  Kind kind() const { return static_cast<Kind>(data_.index()); }
  bool is_undefined() const { return kind() == Kind::Undefined; }
  bool is_null() const { return kind() == Kind::Null; }
  bool is_nullish() const { return is_undefined() || is_null(); }
  bool is_boolean() const { return kind() == Kind::Boolean; }
  bool is_number() const { return kind() == Kind::Number; }
  bool is_string() const { return kind() == Kind::String; }
  bool is_array() const { return kind() == Kind::ArrayValue; }
  bool is_object() const { return kind() == Kind::ObjectValue; }
  bool is_date() const { return kind() == Kind::DateValue; }
  // JS "instanceof Object": arrays, plain objects and dates.
  bool is_reference() const { return is_array() || is_object() || is_date(); }

  bool as_boolean() const { return std::get<bool>(data_); }
  double as_number() const { return std::get<double>(data_); }
  const std::string& as_string() const { return std::get<std::string>(data_); }
  const Array& as_array() const { return *std::get<std::shared_ptr<const Array>>(data_); }
  const Object& as_object() const { return *std::get<std::shared_ptr<const Object>>(data_); }
  double as_date() const { return std::get<Date>(data_).ms; }

  // A property of a plain object, exact key; nullptr when absent.
  const Value* find(std::string_view key) const;

  // JSON.stringify semantics: undefined -> nullopt at top level, null inside arrays; NaN and
  // Infinity -> null; dates -> ISO-8601 UTC strings.
  std::optional<nlohmann::json> to_json() const;

 private:
  template <class T>
  explicit Value(T v) : data_(std::move(v)) {}
  std::variant<Undefined, Null, bool, double, std::string, std::shared_ptr<const Array>,
               std::shared_ptr<const Object>, Date>
      data_;
};

// [SECTION] Conversions (ECMAScript 7.1)
bool truthy(const Value& v);
double to_number(const Value& v);
std::string to_string(const Value& v);
// ToPrimitive: arrays/objects become strings; a date becomes its string unless `prefer_number`.
Value to_primitive(const Value& v, bool prefer_number = false);
double string_to_number(std::string_view s);  // Number("...")
std::string number_to_string(double n);       // (n).toString()
double parse_float(std::string_view s);       // parseFloat
double parse_int(std::string_view s, int radix = 0);  // parseInt
std::string to_fixed(double n, int digits);   // (n).toFixed(digits)
std::string lower(std::string_view s);        // String.prototype.toLowerCase
std::string upper(std::string_view s);        // toUpperCase (used for first letters only)
std::string_view trim(std::string_view s);    // String.prototype.trim
std::size_t utf16_length(std::string_view s);  // String.prototype.length
std::string utf16_substring(std::string_view s, double start, std::optional<double> end);

// [SECTION] Operators
bool loose_equals(const Value& a, const Value& b);  // ==
bool strict_equals(const Value& a, const Value& b);  // ===
// a < b as the Abstract Relational Comparison: nullopt when either side is NaN.
std::optional<bool> less_than(const Value& a, const Value& b);
Value add(const Value& a, const Value& b);  // +

// [SECTION] Dates, in the process's local time zone (set TZ=UTC for reproducible results)
struct DateParts {
  int year = 1970, month = 0, day = 1, hours = 0, minutes = 0, seconds = 0, ms = 0, weekday = 4;
};
DateParts local_parts(double ms);
// Like new Date(y, m, d, h, mi, s, ms): out-of-range fields roll over.
double make_local(double year, double month, double day, double hours = 0, double minutes = 0,
                  double seconds = 0, double ms = 0);
double make_utc(double year, double month, double day);  // Date.UTC(y, m, d)
double parse_date(std::string_view s);  // Date.parse; NaN when not understood
double time_clip(double ms);             // TimeClip: NaN outside the representable range
std::string date_to_string(double ms);   // Date.prototype.toString
std::string date_to_iso(double ms);      // toISOString (caller checks validity)

}  // namespace survey::js
