// survey-core's built-in expression functions (functionsfactory.ts), one C++ function each.
// Parameters arrive as survey-core passes them: evaluated, unconverted, in a JS array.
#include <array>
#include <cmath>
#include <limits>
#include <string_view>

#include "survey/expression.hpp"
#include "survey/helpers.hpp"

namespace survey {
namespace {

using js::Value;
using Params = js::Array;
constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();

const Value& param(const Params& p, std::size_t i) {
  static const Value undefined;
  return i < p.size() ? p[i] : undefined;
}

// getParamsAsArray: flatten arrays, drop null/undefined, turn numeric strings into numbers.
void flatten(const Value& v, Params& out) {
  if (v.is_nullish()) return;
  if (v.is_array()) {
    for (const auto& e : v.as_array()) flatten(e, out);
    return;
  }
  out.push_back(helpers::is_number(v) ? Value::number(helpers::get_number(v)) : v);
}

Params flattened(const Params& p) {
  Params out;
  for (const auto& v : p) flatten(v, out);
  return out;
}

// [SECTION] dates: local-time getters and setters of a JS Date, NaN-aware

struct Fields {
  double year, month, day, hours, minutes, seconds, ms, weekday;
};

Fields fields(double t) {
  if (std::isnan(t)) return {nan_value, nan_value, nan_value, nan_value, nan_value, nan_value, nan_value, nan_value};
  js::DateParts p = js::local_parts(t);
  return {double(p.year), double(p.month), double(p.day), double(p.hours), double(p.minutes),
          double(p.seconds), double(p.ms), double(p.weekday)};
}

double rebuild(const Fields& f) {
  return js::make_local(f.year, f.month, f.day, f.hours, f.minutes, f.seconds, f.ms);
}

double date_of(const Value& v, double now) { return helpers::create_date(v, now).as_date(); }

// d.setX(d.getX() + delta) with JavaScript's "+" (a string delta concatenates).
double shift(double t, double Fields::*field, const Value& delta) {
  if (std::isnan(t)) return t;
  Fields f = fields(t);
  f.*field = js::to_number(js::add(Value::number(f.*field), delta));
  return rebuild(f);
}

double set_full_year(double t, const Value& delta) {
  Fields f = std::isnan(t) ? Fields{1970, 0, 1, 0, 0, 0, 0, 4} : fields(t);
  f.year = js::to_number(js::add(Value::number(std::isnan(t) ? nan_value : f.year), delta));
  return rebuild(f);
}

double today_ms(double now) {
  Fields f = fields(now);
  f.hours = f.minutes = f.seconds = f.ms = 0;
  return rebuild(f);
}

double to_int32(double v) {
  if (!std::isfinite(v)) return 0;
  double m = std::fmod(std::trunc(v), 4294967296.0);
  if (m < 0) m += 4294967296.0;
  return m >= 2147483648.0 ? m - 4294967296.0 : m;
}

bool is_string(const Value& v, std::string_view s) { return v.is_string() && v.as_string() == s; }

Value diff_days(const Params& p, double now) {
  if (p.size() != 2 || !js::truthy(p[0]) || !js::truthy(p[1])) return Value::number(0);
  Fields a = fields(date_of(p[0], now)), b = fields(date_of(p[1], now));
  double ua = js::make_utc(a.year, a.month, a.day), ub = js::make_utc(b.year, b.month, b.day);
  return Value::number(std::ceil(std::fabs(ub - ua) / 86400000.0));
}

Value date_diff_months(const Value& d1, const Value& d2, const Value& type, double now) {
  if (is_string(type, "days")) return diff_days({d1, d2}, now);
  Fields a = fields(date_of(d1, now)), b = fields(date_of(d2, now));
  double months = (b.year - a.year) * 12 + b.month - a.month;
  if (b.day < a.day) months -= 1;
  return Value::number(is_string(type, "months") ? months : to_int32(months / 12));
}

Value sum_of(const Params& p) {
  Value res = Value::number(0);
  for (const auto& v : flattened(p)) res = helpers::correct_after_plus_minus(res, v, js::add(res, v));
  return res;
}

Value min_max(const Params& p, bool is_min) {
  Value res;
  for (const auto& v : flattened(p)) {
    if (res.is_undefined()) res = v;
    bool replace = is_min ? js::less_than(v, res).value_or(false) : js::less_than(res, v).value_or(false);
    if (replace) res = v;
  }
  return res;
}

Value round_fn(const Params& p) {
  Params a = flattened(p);
  if (a.empty()) return Value::number(nan_value);
  Value precision = a.size() > 1 && js::truthy(a[1]) ? a[1] : Value::number(0);
  if (!helpers::is_number(a[0]) || !helpers::is_number(precision)) return Value::number(nan_value);
  double scale = helpers::js_pow(10, js::to_number(precision));
  double n = js::to_number(a[0]) * scale * (1 + std::numeric_limits<double>::epsilon());
  return Value::number(helpers::js_round(n) / scale);
}

// new RegExp("^-?\\d+(?:.\\d{0," + precision + "})?") applied to num.toString().
Value trunc_fn(const Params& p) {
  Params a = flattened(p);
  if (a.empty()) return Value::number(nan_value);
  Value precision = a.size() > 1 && js::truthy(a[1]) ? a[1] : Value::number(-1);
  if (!helpers::is_number(a[0]) || !helpers::is_number(precision)) return Value::number(nan_value);
  std::string s = js::to_string(a[0]);
  std::size_t i = s[0] == '-' ? 1 : 0, digits = i;
  while (digits < s.size() && std::isdigit(static_cast<unsigned char>(s[digits]))) ++digits;
  if (digits == i) throw helpers::TypeError("Cannot read properties of null (reading '0')");
  std::string p_text = js::to_string(precision);
  bool quantifier = !p_text.empty() && p_text.find_first_not_of("0123456789") == std::string::npos;
  std::size_t end = digits;
  if (quantifier && digits < s.size() && s[digits] != '\n' && s[digits] != '\r') {
    std::size_t max = std::stoul(p_text.size() > 9 ? std::string("999999999") : p_text);
    std::size_t k = digits + 1;
    while (k < s.size() && k - digits - 1 < max && std::isdigit(static_cast<unsigned char>(s[k]))) ++k;
    end = k;
  }
  return Value::number(js::string_to_number(s.substr(0, end)));
}

Value date_add(const Params& p, double now) {
  if (p.size() < 2 || !js::truthy(p[0]) || !js::truthy(p[1])) return Value::null();
  double t = date_of(p[0], now);
  const Value& amount = p[1];
  Value interval = js::truthy(param(p, 2)) ? p[2] : Value::string("days");
  if (is_string(interval, "days")) t = shift(t, &Fields::day, amount);
  if (is_string(interval, "months")) t = shift(t, &Fields::month, amount);
  if (is_string(interval, "years")) t = set_full_year(t, amount);
  if (is_string(interval, "hours")) t = shift(t, &Fields::hours, amount);
  if (is_string(interval, "minutes")) t = shift(t, &Fields::minutes, amount);
  if (is_string(interval, "seconds")) t = shift(t, &Fields::seconds, amount);
  return Value::date(t);
}

Value date_diff(const Params& p, double now) {
  if (p.size() < 2 || !js::truthy(p[0]) || !js::truthy(p[1])) return Value::null();
  Value type = js::truthy(param(p, 2)) ? p[2] : Value::string("days");
  for (auto [name, unit] : {std::pair{"hours", 3600000.0}, {"minutes", 60000.0}, {"seconds", 1000.0}}) {
    if (is_string(type, name))
      return Value::number(std::ceil(std::fabs(date_of(p[1], now) - date_of(p[0], now)) / unit));
  }
  return date_diff_months(p[0], p[1], type, now);
}

Value date_part(const Params& p, double now, double Fields::*field, double offset) {
  double t = js::truthy(param(p, 0)) ? date_of(p[0], now) : today_ms(now);
  return Value::number(fields(t).*field + offset);
}

Value substring_fn(const Params& p) {
  if (p.size() < 2) return Value::string("");
  const Value& s = p[0];
  if (!js::truthy(s) || !s.is_string()) return Value::string("");
  if (!helpers::is_number(p[1])) return Value::string("");
  double start = js::to_number(p[1]);
  const Value& end = param(p, 2);
  if (!helpers::is_number(end)) return Value::string(js::utf16_substring(s.as_string(), start, std::nullopt));
  return Value::string(js::utf16_substring(s.as_string(), start, js::to_number(end)));
}

using Function = Value (*)(const Params&, double now);

struct Builtin {
  std::string_view name;
  Function run;
};

const std::array builtins{
    Builtin{"sum", [](const Params& p, double) { return sum_of(p); }},
    Builtin{"min", [](const Params& p, double) { return min_max(p, true); }},
    Builtin{"max", [](const Params& p, double) { return min_max(p, false); }},
    Builtin{"count", [](const Params& p, double) { return Value::number(double(flattened(p).size())); }},
    Builtin{"avg", [](const Params& p, double) {
              double n = double(flattened(p).size());
              return n > 0 ? Value::number(js::to_number(sum_of(p)) / n) : Value::number(0);
            }},
    Builtin{"round", [](const Params& p, double) { return round_fn(p); }},
    Builtin{"trunc", [](const Params& p, double) { return trunc_fn(p); }},
    Builtin{"iif", [](const Params& p, double) {
              if (p.size() < 2) return Value::null();
              return js::truthy(p[0]) ? p[1] : param(p, 2);
            }},
    Builtin{"getDate", [](const Params& p, double now) {
              if (p.empty() || !js::truthy(p[0])) return Value::null();
              return helpers::create_date(p[0], now);
            }},
    Builtin{"age", [](const Params& p, double now) {
              if (p.empty() || !js::truthy(p[0])) return Value::null();
              Value type = js::truthy(param(p, 1)) ? p[1] : Value::string("years");
              return date_diff_months(p[0], Value::undefined(), type, now);
            }},
    Builtin{"dateDiff", date_diff},
    Builtin{"dateAdd", date_add},
    Builtin{"currentDate", [](const Params&, double now) { return Value::date(now); }},
    Builtin{"today", [](const Params& p, double now) {
              double t = today_ms(now);
              if (p.size() == 1) t = shift(t, &Fields::day, p[0]);
              return Value::date(t);
            }},
    Builtin{"getYear", [](const Params& p, double now) {
              if (p.size() != 1 || !js::truthy(p[0])) return Value::undefined();
              return Value::number(fields(date_of(p[0], now)).year);
            }},
    Builtin{"currentYear", [](const Params&, double now) { return Value::number(fields(now).year); }},
    Builtin{"diffDays", diff_days},
    Builtin{"year", [](const Params& p, double now) { return date_part(p, now, &Fields::year, 0); }},
    Builtin{"month", [](const Params& p, double now) { return date_part(p, now, &Fields::month, 1); }},
    Builtin{"day", [](const Params& p, double now) { return date_part(p, now, &Fields::day, 0); }},
    Builtin{"weekday", [](const Params& p, double now) { return date_part(p, now, &Fields::weekday, 0); }},
    Builtin{"substring", [](const Params& p, double) { return substring_fn(p); }},
};

constexpr std::array<std::string_view, 10> model_functions{
    "sumInArray", "minInArray", "maxInArray", "countInArray", "avgInArray",
    "displayValue", "propertyValue", "getComment", "isContainerReady", "isDisplayMode"};

}  // namespace

bool is_builtin_function(std::string_view name) {
  for (const auto& b : builtins)
    if (b.name == name) return true;
  return false;
}

bool is_model_function(std::string_view name) {
  for (auto m : model_functions)
    if (m == name) return true;
  return false;
}

js::Value call_function(std::string_view name, const js::Array& params, double now_ms) {
  for (const auto& b : builtins)
    if (b.name == name) return b.run(params, now_ms);
  if (is_model_function(name)) return Value::undefined();
  return Value::null();
}

}  // namespace survey
