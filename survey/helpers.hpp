// survey-core's value rules (its Helpers and OperandMaker classes), on top of js::Value.
// These decide what "equal", "empty", "a number" and "contains" mean in SurveyJS; the
// expression evaluator and the session's validation both use them.
//
// **Example**:
//   helpers::is_two_value_equals(Value::string(" ABC"), Value::string("abc"));  // true
//   helpers::is_value_empty(Value::string(" "));                               // false
#pragma once

#include <stdexcept>
#include <string>

#include "survey/js.hpp"

namespace survey::helpers {

using js::Value;

// A JavaScript TypeError that survey-core would throw (e.g. "res.toFixed is not a function");
// the expression runner reports it as a failed evaluation.
struct TypeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

bool is_value_empty(const Value& v);                    // Helpers.isValueEmpty
double get_number(const Value& v);                      // Helpers.getNumber (NaN if not)
bool is_number(const Value& v);                         // Helpers.isNumber
bool is_convertible_to_number(const Value& v);          // Helpers.isConvertibleToNumber
bool is_boolean_value(const Value& v);                  // OperandMaker.isBooleanValue
// Const/Variable.getCorrectValue: "true" -> true, "'x'" -> "x", "10" -> 10, "007" stays.
Value correct_value(const Value& v);
// Helpers.isTwoValueEquals with survey-core's default comparator (case-insensitive, trimmed).
bool is_two_value_equals(const Value& x, const Value& y, bool ignore_order = false);
int count_decimals(const Value& v);
Value correct_after_plus_minus(const Value& a, const Value& b, const Value& result);
Value correct_after_multiple(const Value& a, const Value& b, const Value& result);
Value sum_any_values(const Value& a, const Value& b);   // Helpers.sumAnyValues
std::string join(const js::Array& items, std::string_view separator);  // Array.prototype.join

// Dates. `now_ms` is the clock of the survey (fixed in tests).
Value create_date(const Value& v, double now_ms);       // createDate()
bool is_iso_date_only(const std::string& s);

// OperandMaker.binaryFunctions; the date conversions may change both sides, as in survey-core.
bool op_equal(Value left, Value right, double now_ms);
bool op_greater(Value left, Value right, double now_ms);
bool op_less(Value left, Value right, double now_ms);
bool op_contains_core(const Value& left, const Value& right, bool is_contains);
bool op_contains(const Value& left, const Value& right);
bool op_notcontains(const Value& left, const Value& right);
bool op_anyof(const Value& left, const Value& right);
bool op_allof(const Value& left, const Value& right);
enum class Arithmetic { And, Or, Plus, Minus, Mul, Div, Mod, Power };
Value op_arithmetic(Arithmetic op, Value a, Value b);
double js_pow(double base, double exponent);  // Math.pow (differs from std::pow at 1^Infinity)
double js_round(double x);                    // Math.round

}  // namespace survey::helpers
