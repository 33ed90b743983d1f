// survey-core's built-in expression functions (functionsfactory.ts), one C++ function each.
// Parameters arrive as survey-core passes them: evaluated, unconverted, in a JS array.
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
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

// [SECTION] sumInArray, countInArray, avgInArray, minInArray, maxInArray
// They take a list of rows (matrixdynamic or paneldynamic data), a property name and optionally
// a filter run on each row. survey-core reads the filter from the unevaluated argument when it
// is not a string, so `{x} > 1` works as well as '{x} > 1'.

// item[name] in JavaScript, own properties only: the inherited ones ("constructor", "toString",
// "call") are functions, and survey-core then sums or counts functions; that is not modelled.
Value member(const Value& item, const std::string& name) {
  auto index = [&name](std::size_t size) -> std::optional<std::size_t> {
    if (name.empty() || name.size() > 10 || name.find_first_not_of("0123456789") != std::string::npos)
      return std::nullopt;
    if (name.size() > 1 && name[0] == '0') return std::nullopt;  // "01" is a name, not an index
    std::size_t i = std::stoul(name);
    return i < size ? std::optional(i) : std::nullopt;
  };
  if (item.is_object()) {
    const Value* v = item.find(name);
    return v ? *v : Value::undefined();
  }
  if (item.is_array()) {
    const auto& a = item.as_array();
    if (name == "length") return Value::number(double(a.size()));
    if (auto i = index(a.size())) return a[*i];
  }
  if (item.is_string()) {
    std::size_t length = js::utf16_length(item.as_string());
    if (name == "length") return Value::number(double(length));
    if (auto i = index(length)) return Value::string(js::utf16_substring(item.as_string(), double(*i), double(*i + 1)));
  }
  return Value::undefined();
}

// The items of `for (key in data)` (sum, count, avg) and of Object.keys(data) (min, max): array
// elements, object values, the characters of a string; nothing in a number, boolean or date.
Params rows_of(const Value& data) {
  if (data.is_array()) return data.as_array();
  Params rows;
  if (data.is_object())
    for (const auto& [_, v] : data.as_object()) rows.push_back(v);
  if (data.is_string()) {
    double length = double(js::utf16_length(data.as_string()));
    for (double i = 0; i < length; ++i) rows.push_back(Value::string(js::utf16_substring(data.as_string(), i, i + 1)));
  }
  return rows;
}

// convertToNumber: a string counts only when it reads as a number; other values pass unchanged.
Value numeric(const Value& v) {
  if (!v.is_string()) return v;
  return helpers::is_number(v) ? Value::number(helpers::get_number(v)) : Value::undefined();
}

// new ConditionRunner(text).runValues(row): the row is the only thing the filter sees (without a
// survey no outer values), and a filter that does not parse lets no row through.
class RowFilter {
 public:
  RowFilter(const std::optional<std::string>& text, double now_ms) : now_ms_(now_ms) {
    if (!text) return;
    try {
      expression_ = Expression::parse(*text);
    } catch (const ExpressionSyntaxError&) {
      rejects_all_ = true;
      return;
    }
    if (expression_->has_null_operand())
      throw helpers::TypeError("Cannot read properties of null (reading 'hasFunction')");
  }
  bool passes(const Value& row) const {
    if (rejects_all_) return false;
    if (!expression_) return true;
    return js::loose_equals(expression_->evaluate({row, now_ms_}), Value::boolean(true));
  }

 private:
  double now_ms_;
  std::optional<Expression> expression_;
  bool rejects_all_ = false;
};

// getInArrayParams: (rows, name), (rows, name, filter), (rows, name, returnName[, filter]).
// A third argument is the returned property when it is a literal string without {}><=!.
struct InArrayCall {
  Value data;
  std::string name, return_name;
  std::optional<std::string> filter;
};

std::optional<InArrayCall> in_array_call(const Params& p, const ArgumentOperands& operands) {
  if (p.size() < 2 || p.size() > 4 || !js::truthy(p[0]) || !p[1].is_string()) return std::nullopt;
  InArrayCall call{p[0], p[1].as_string(), p[1].as_string(), std::nullopt};
  std::size_t filter_at = 2;
  if (p.size() > 2 && operands.is_literal(2) && p[2].is_string() &&
      p[2].as_string().find_first_of("{}><=!") == std::string::npos) {
    call.return_name = p[2].as_string();
    filter_at = 3;
  }
  if (filter_at < p.size()) {
    if (p[filter_at].is_string() && !p[filter_at].as_string().empty()) call.filter = p[filter_at].as_string();
    else if (std::string text = operands.text(filter_at); !text.empty()) call.filter = text;
  }
  return call;
}

enum class Visiting { ForIn, ObjectKeys };

// The rows with a non-empty `name` that pass the filter, in order (processItemInArray).
template <class Visit>
void for_each_counted_row(const InArrayCall& call, double now_ms, Visiting visiting, Visit visit) {
  RowFilter filter(call.filter, now_ms);
  for (const auto& row : rows_of(call.data)) {
    if (!js::truthy(row)) continue;
    Value v = member(row, call.name);
    if (helpers::is_value_empty(v) || !filter.passes(row)) continue;
    visit(row, v);
  }
  // survey-core adds an enumerable String.prototype.format, so for-in over a string also visits
  // that function: its length is 0 (its other members are not modelled) and a filter finds no
  // values in it, as in an empty object.
  if (visiting == Visiting::ForIn && call.data.is_string() && call.name == "length" &&
      filter.passes(Value::object({})))
    visit(Value::undefined(), Value::number(0));
}

Value sum_in_array(const Params& p, const ArgumentOperands& operands, double now_ms) {
  std::optional<InArrayCall> call = in_array_call(p, operands);
  Value res = Value::number(0);
  if (!call) return res;
  for_each_counted_row(*call, now_ms, Visiting::ForIn, [&res](const Value&, const Value& v) {
    Value n = numeric(v);
    if (!n.is_nullish()) res = helpers::correct_after_plus_minus(res, n, js::add(res, n));
  });
  return res;
}

Value count_in_array(const Params& p, const ArgumentOperands& operands, double now_ms) {
  std::optional<InArrayCall> call = in_array_call(p, operands);
  double count = 0;
  if (call) for_each_counted_row(*call, now_ms, Visiting::ForIn, [&count](const Value&, const Value&) { ++count; });
  return Value::number(count);
}

Value avg_in_array(const Params& p, const ArgumentOperands& operands, double now_ms) {
  double count = count_in_array(p, operands, now_ms).as_number();
  if (count == 0) return Value::number(0);
  return Value::number(js::to_number(sum_in_array(p, operands, now_ms)) / count);
}

// The smallest or largest numeric value; with a returnName, that row's returnName property.
// Undefined when no row counts. Ties keep the first row.
Value min_or_max_in_array(const Params& p, const ArgumentOperands& operands, double now_ms, bool is_min) {
  std::optional<InArrayCall> call = in_array_call(p, operands);
  if (!call) return Value::undefined();
  Value best, best_row;
  for_each_counted_row(*call, now_ms, Visiting::ObjectKeys, [&](const Value& row, const Value& v) {
    Value n = numeric(v);
    if (n.is_nullish()) return;
    if (best.is_undefined() || (is_min ? js::less_than(n, best) : js::less_than(best, n)).value_or(false)) {
      best = n;
      best_row = row;
    }
  });
  if (best_row.is_undefined()) return Value::undefined();
  return call->return_name == call->name ? best : member(best_row, call->return_name);
}

Value min_in_array(const Params& p, const ArgumentOperands& operands, double now_ms) {
  return min_or_max_in_array(p, operands, now_ms, true);
}

Value max_in_array(const Params& p, const ArgumentOperands& operands, double now_ms) {
  return min_or_max_in_array(p, operands, now_ms, false);
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

using InArrayFunction = Value (*)(const Params&, const ArgumentOperands&, double now);

struct InArrayBuiltin {
  std::string_view name;
  InArrayFunction run;
};

const std::array in_array_builtins{
    InArrayBuiltin{"sumInArray", sum_in_array},
    InArrayBuiltin{"countInArray", count_in_array},
    InArrayBuiltin{"avgInArray", avg_in_array},
    InArrayBuiltin{"minInArray", min_in_array},
    InArrayBuiltin{"maxInArray", max_in_array},
};

constexpr std::array<std::string_view, 5> model_functions{
    "displayValue", "propertyValue", "getComment", "isContainerReady", "isDisplayMode"};

}  // namespace

bool is_builtin_function(std::string_view name) {
  for (const auto& b : builtins)
    if (b.name == name) return true;
  for (const auto& b : in_array_builtins)
    if (b.name == name) return true;
  return false;
}

bool is_model_function(std::string_view name) {
  for (auto m : model_functions)
    if (m == name) return true;
  return false;
}

js::Value call_function(std::string_view name, const js::Array& params, const ArgumentOperands& operands,
                        double now_ms) {
  for (const auto& b : builtins)
    if (b.name == name) return b.run(params, now_ms);
  for (const auto& b : in_array_builtins)
    if (b.name == name) return b.run(params, operands, now_ms);
  if (is_model_function(name)) return Value::undefined();
  return Value::null();
}

}  // namespace survey
