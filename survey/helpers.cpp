// survey-core's Helpers / OperandMaker rules; each function names its survey-core original.
#include "survey/helpers.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <regex>

namespace survey::helpers {
namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();

bool is_char_digit(char c) { return c >= '0' && c <= '9'; }

bool is_string_has_operator(std::string_view s) {
  auto last_minus = s.rfind('-');
  if (last_minus != std::string_view::npos && last_minus > 0) return false;
  auto last_plus = s.rfind('+');
  if (last_plus != std::string_view::npos && last_plus > 0) return false;
  return s.find_first_of("*^/%") != std::string_view::npos;
}

std::string prepare_string_to_number(std::string_view s) {
  std::string out(s);
  auto i = out.find(',');
  if (i != std::string::npos && out.find(',', i + 1) == std::string::npos) out[i] = '.';
  return out;
}

// Own enumerable keys as for-in sees them: object keys, array indexes, none for a date.
std::vector<std::string> own_keys(const Value& v) {
  std::vector<std::string> keys;
  if (v.is_object()) {
    for (const auto& [k, _] : v.as_object()) keys.push_back(k);
  } else if (v.is_array()) {
    for (std::size_t i = 0; i < v.as_array().size(); ++i) keys.push_back(std::to_string(i));
  }
  return keys;
}

const Value* own_property(const Value& v, const std::string& key) {
  if (v.is_object()) return v.find(key);
  if (v.is_array()) {
    const auto& a = v.as_array();
    if (key.empty() || !std::all_of(key.begin(), key.end(), is_char_digit)) return nullptr;
    if (key.size() > 1 && key[0] == '0') return nullptr;
    std::size_t i = std::stoul(key);
    return i < a.size() ? &a[i] : nullptr;
  }
  return nullptr;
}

// Array.prototype.sort() without a comparator: by string value, undefined last, stable.
js::Array js_default_sort(const js::Array& in) {
  js::Array out = in;
  std::stable_sort(out.begin(), out.end(), [](const Value& a, const Value& b) {
    if (a.is_undefined()) return false;
    if (b.is_undefined()) return true;
    return js::to_string(a) < js::to_string(b);
  });
  return out;
}

bool values_equal(const Value& x, const Value& y, bool ignore_order);

bool arrays_equal(const js::Array& x, const js::Array& y, bool ignore_order) {
  if (x.size() != y.size()) return false;
  if (ignore_order) {
    js::Array xs = js_default_sort(x), ys = js_default_sort(y);
    for (std::size_t i = 0; i < xs.size(); ++i)
      if (!values_equal(xs[i], ys[i], ignore_order)) return false;
    return true;
  }
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!values_equal(x[i], y[i], ignore_order)) return false;
  return true;
}

// Helpers.checkIfValuesEqual with the default comparator: case-insensitive, trimmed strings.
bool values_equal(const Value& x, const Value& y, bool ignore_order) {
  if (js::strict_equals(x, y)) return true;
  if (x.is_array() && x.as_array().empty() && y.is_undefined()) return true;
  if (y.is_array() && y.as_array().empty() && x.is_undefined()) return true;
  if (x.is_nullish() && y.is_string() && y.as_string().empty()) return true;
  if (y.is_nullish() && x.is_string() && x.as_string().empty()) return true;
  if (x.is_string() && y.is_string())
    return js::lower(js::trim(x.as_string())) == js::lower(js::trim(y.as_string()));
  if (x.is_date() && y.is_date()) return x.as_date() == y.as_date();
  if (is_convertible_to_number(x) && is_convertible_to_number(y)) {
    std::string sx = js::to_string(x), sy = js::to_string(y);
    if (js::parse_int(sx) == js::parse_int(sy) && js::parse_float(sx) == js::parse_float(sy))
      return true;
  }
  if (is_value_empty(x) != is_value_empty(y)) return false;
  if (x.is_boolean() && y.is_string()) return js::to_string(x) == js::lower(y.as_string());
  if (y.is_boolean() && x.is_string()) return js::to_string(y) == js::lower(x.as_string());
  bool x_obj = x.is_reference(), y_obj = y.is_reference();
  if (!x_obj && !y_obj) return js::loose_equals(x, y);
  if (!x_obj || !y_obj) return false;
  if (x.is_array() && y.is_array()) return arrays_equal(x.as_array(), y.as_array(), ignore_order);
  auto y_keys = own_keys(y);
  for (const auto& key : own_keys(x)) {
    const Value* yv = own_property(y, key);
    if (!yv || !values_equal(*own_property(x, key), *yv, ignore_order)) return false;
  }
  for (const auto& key : y_keys)
    if (!own_property(x, key)) return false;
  return true;
}

// OperandMaker.isTwoValueEquals: the string "undefined" stands for undefined.
bool operand_equals(Value x, Value y) {
  if (x.is_string() && x.as_string() == "undefined") x = Value::undefined();
  if (y.is_string() && y.as_string() == "undefined") y = Value::undefined();
  return values_equal(x, y, true);
}

double with_local_fields(double ms, int hours, int minutes, int seconds, int millis) {
  if (std::isnan(ms)) return ms;
  js::DateParts p = js::local_parts(ms);
  return js::make_local(p.year, p.month, p.day, hours < 0 ? p.hours : hours,
                        minutes < 0 ? p.minutes : minutes, seconds < 0 ? p.seconds : seconds,
                        millis < 0 ? p.ms : millis);
}

// OperandMaker.convertValForDateCompare. Mutates `second` like the original mutates its Date.
void convert_for_date_compare(Value& val, Value& second, double now_ms) {
  if (second.is_date() && val.is_string()) {
    Value res = create_date(val, now_ms);
    double s = with_local_fields(second.as_date(), -1, -1, -1, 0);
    second = Value::date(s);
    if (!std::isnan(s)) {
      js::DateParts p = js::local_parts(s);
      if (p.hours > 0 || p.minutes > 0 || p.seconds > 0) {
        val = res;
        return;
      }
    }
    val = Value::date(with_local_fields(res.as_date(), 0, 0, 0, -1));
    return;
  }
  if (second.is_string() && val.is_date()) {
    std::size_t len = js::utf16_length(second.as_string());
    double ms = val.as_date();
    if (len < 17) ms = with_local_fields(ms, -1, -1, 0, 0);
    if (len < 14) ms = with_local_fields(ms, -1, 0, 0, -1);
    if (len < 11) ms = with_local_fields(ms, 0, 0, -1, -1);
    val = Value::date(ms);
  }
}

}  // namespace

bool is_value_empty(const Value& v) {
  if (v.is_array()) return v.as_array().empty();
  if (v.is_object()) {
    for (const auto& [_, e] : v.as_object())
      if (!is_value_empty(e)) return false;
    return true;
  }
  if (v.is_number()) return std::isnan(v.as_number());
  if (v.is_string()) return v.as_string().empty();
  return v.is_nullish();
}

double get_number(const Value& v) {
  if (v.is_string()) {
    std::string_view s = js::trim(v.as_string());
    if (s.empty()) return nan_value;
    if (s.rfind("0x", 0) == 0) return s.size() > 32 ? nan_value : js::parse_int(s);
    if (s.size() > 15 && std::all_of(s.begin(), s.end(), is_char_digit)) return nan_value;
    if (is_string_has_operator(s)) return nan_value;
    std::string prepared = prepare_string_to_number(s);
    double res = js::parse_float(prepared);
    if (std::isnan(res) || !std::isfinite(js::string_to_number(prepared))) return nan_value;
    return res;
  }
  double res = js::parse_float(js::to_string(v));
  if (std::isnan(res) || !std::isfinite(js::to_number(v))) return nan_value;
  return res;
}

bool is_number(const Value& v) { return !std::isnan(get_number(v)); }

bool is_convertible_to_number(const Value& v) {
  if (v.is_nullish() || v.is_array()) return false;
  return !std::isnan(js::to_number(v));
}

bool is_boolean_value(const Value& v) {
  if (v.is_boolean()) return true;
  if (!v.is_string()) return false;
  std::string l = js::lower(v.as_string());
  return l == "true" || l == "false";
}

Value correct_value(const Value& v) {
  if (!v.is_string() || v.as_string().empty()) return v;
  const std::string& s = v.as_string();
  if (is_boolean_value(v)) return Value::boolean(js::lower(s) == "true");
  auto is_quote = [](char c) { return c == '\'' || c == '"'; };
  if (s.size() > 1 && is_quote(s.front()) && is_quote(s.back()))
    return Value::string(s.substr(1, s.size() - 2));
  if (is_number(v)) {
    if (s[0] == '0' && s.rfind("0x", 0) != 0) {
      bool has_point = s.size() > 1 && (s[1] == '.' || s[1] == ',');
      if (!has_point && s.size() > 1) return v;
    }
    return Value::number(get_number(v));
  }
  return v;
}

bool is_two_value_equals(const Value& x, const Value& y, bool ignore_order) {
  return values_equal(x, y, ignore_order);
}

int count_decimals(const Value& v) {
  if (!is_number(v)) return 0;
  if (v.is_number() && std::floor(v.as_number()) == v.as_number()) return 0;
  std::string s = js::to_string(v);
  auto dot = s.find('.');
  if (dot == std::string::npos) return 0;
  auto next = s.find('.', dot + 1);
  std::string part = s.substr(dot + 1, next == std::string::npos ? std::string::npos : next - dot - 1);
  return static_cast<int>(js::utf16_length(part));
}

namespace {
Value fix_digits(const Value& result, int digits) {
  if (digits <= 0) return result;
  if (!result.is_number()) throw TypeError("res.toFixed is not a function");
  if (digits > 100) throw TypeError("toFixed() digits argument must be between 0 and 100");
  return Value::number(js::parse_float(js::to_fixed(result.as_number(), digits)));
}
}  // namespace

Value correct_after_plus_minus(const Value& a, const Value& b, const Value& result) {
  return fix_digits(result, std::max(count_decimals(a), count_decimals(b)));
}

Value correct_after_multiple(const Value& a, const Value& b, const Value& result) {
  return fix_digits(result, count_decimals(a) + count_decimals(b));
}

std::string join(const js::Array& items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += separator;
    if (!items[i].is_nullish()) out += js::to_string(items[i]);
  }
  return out;
}

Value sum_any_values(const Value& a, const Value& b) {
  if (!is_number(a) || !is_number(b)) {
    if (a.is_array() && b.is_array()) {
      js::Array both = a.as_array();
      both.insert(both.end(), b.as_array().begin(), b.as_array().end());
      return Value::array(std::move(both));
    }
    if (a.is_array() || b.is_array()) {
      const Value& arr = a.is_array() ? a : b;
      const Value& val = a.is_array() ? b : a;
      if (val.is_string()) {
        std::string str = join(arr.as_array(), ", ");
        return Value::string(a.is_array() ? str + val.as_string() : val.as_string() + str);
      }
      if (val.is_number()) {
        Value res = Value::number(0);
        for (const auto& e : arr.as_array())
          if (e.is_number())
            res = correct_after_plus_minus(res, e, Value::number(res.as_number() + e.as_number()));
        return correct_after_plus_minus(res, val, Value::number(res.as_number() + val.as_number()));
      }
    }
    return js::add(a, b);
  }
  if (a.is_string() || b.is_string()) return js::add(a, b);
  return correct_after_plus_minus(a, b, js::add(a, b));
}

bool is_iso_date_only(const std::string& s) {
  auto t = s.find('T');
  if (t != std::string::npos && t > 0) return false;
  static const std::regex ymd(R"(\d{4}-\d{2}-\d{2})");
  if (!std::regex_search(s, ymd)) return false;
  return !std::isnan(js::parse_date(s));
}

Value create_date(const Value& v, double now_ms) {
  if (!js::truthy(v)) return Value::date(now_ms);
  if (v.is_string() && is_iso_date_only(v.as_string()))
    return Value::date(js::parse_date(v.as_string() + "T00:00:00"));
  if (v.is_date()) return v;
  Value prim = js::to_primitive(v);
  if (prim.is_string()) return Value::date(js::parse_date(prim.as_string()));
  return Value::date(js::time_clip(js::to_number(prim)));
}

bool op_equal(Value left, Value right, double now_ms) {
  convert_for_date_compare(left, right, now_ms);
  convert_for_date_compare(right, left, now_ms);
  return operand_equals(left, right);
}

bool op_greater(Value left, Value right, double now_ms) {
  if (left.is_nullish() || right.is_nullish()) return false;
  convert_for_date_compare(left, right, now_ms);
  convert_for_date_compare(right, left, now_ms);
  return js::less_than(right, left).value_or(false);
}

bool op_less(Value left, Value right, double now_ms) {
  if (left.is_nullish() || right.is_nullish()) return false;
  convert_for_date_compare(left, right, now_ms);
  convert_for_date_compare(right, left, now_ms);
  return js::less_than(left, right).value_or(false);
}

bool op_contains_core(const Value& left_in, const Value& right_in, bool is_contains) {
  if (left_in.is_array() && left_in.as_array().empty()) return !is_contains;
  bool left_zero_or_false = (left_in.is_number() && left_in.as_number() == 0) ||
                            (left_in.is_boolean() && !left_in.as_boolean());
  if (!js::truthy(left_in) && !left_zero_or_false) return false;
  Value left = left_in;
  if (!left.is_array() && !left.is_string()) left = Value::string(js::to_string(left));
  if (left.is_string()) {
    if (!js::truthy(right_in)) return false;
    bool found = js::lower(left.as_string()).find(js::lower(js::to_string(right_in))) != std::string::npos;
    return is_contains ? found : !found;
  }
  js::Array single;
  const js::Array* rights = &single;
  if (right_in.is_array()) rights = &right_in.as_array();
  else single.push_back(right_in);
  for (const auto& right : *rights) {
    bool any = std::any_of(left.as_array().begin(), left.as_array().end(),
                           [&](const Value& l) { return operand_equals(l, right); });
    if (!any) return !is_contains;
  }
  return is_contains;
}

bool op_contains(const Value& left, const Value& right) { return op_contains_core(left, right, true); }

bool op_notcontains(const Value& left, const Value& right) {
  if (!js::truthy(left) && !is_value_empty(right)) return true;
  return op_contains_core(left, right, false);
}

bool op_anyof(const Value& left, const Value& right) {
  if (is_value_empty(left) && is_value_empty(right)) return true;
  if (is_value_empty(left)) return false;
  if (is_value_empty(right)) return true;
  if (!left.is_array()) return op_contains(right, left);
  if (!right.is_array()) return op_contains(left, right);
  for (const auto& r : right.as_array())
    if (op_contains(left, r)) return true;
  return false;
}

bool op_allof(const Value& left, const Value& right) {
  if (!js::truthy(left) && !is_value_empty(right)) return false;
  if (!right.is_array()) return op_contains(left, right);
  for (const auto& r : right.as_array())
    if (!op_contains(left, r)) return false;
  return true;
}

double js_pow(double base, double exponent) {
  if (std::isnan(exponent)) return nan_value;
  if (std::fabs(base) == 1 && std::isinf(exponent)) return nan_value;
  return std::pow(base, exponent);
}

double js_round(double x) {
  if (!std::isfinite(x) || x == 0) return x;
  if (x < 0 && x >= -0.5) return -0.0;
  double r = std::floor(x);
  return x - r >= 0.5 ? r + 1 : r;
}

namespace {
// convertForArithmeticOp in OperandMaker.binaryFunctions.arithmeticOp
Value convert_for_arithmetic(const Value& val, const Value& second) {
  if (!is_value_empty(val)) return val;
  if (second.is_number()) return Value::number(0);
  if (val.is_string()) return val;
  if (second.is_string()) return Value::string("");
  if (second.is_array()) return Value::array({});
  return Value::number(0);
}
}  // namespace

Value op_arithmetic(Arithmetic op, Value a, Value b) {
  a = convert_for_arithmetic(a, b);
  b = convert_for_arithmetic(b, a);
  switch (op) {
    case Arithmetic::And: return js::truthy(a) ? b : a;
    case Arithmetic::Or: return js::truthy(a) ? a : b;
    case Arithmetic::Plus: return sum_any_values(a, b);
    case Arithmetic::Minus:
      return correct_after_plus_minus(a, b, Value::number(js::to_number(a) - js::to_number(b)));
    case Arithmetic::Mul:
      return correct_after_multiple(a, b, Value::number(js::to_number(a) * js::to_number(b)));
    case Arithmetic::Div:
      if (!js::truthy(b)) return Value::null();
      return Value::number(js::to_number(a) / js::to_number(b));
    case Arithmetic::Mod:
      if (!js::truthy(b)) return Value::null();
      return Value::number(std::fmod(js::to_number(a), js::to_number(b)));
    case Arithmetic::Power: return Value::number(js_pow(js::to_number(a), js::to_number(b)));
  }
  return Value::undefined();
}

}  // namespace survey::helpers
