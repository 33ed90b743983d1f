// libFuzzer target for the expression parser and evaluator (survey/expression.cpp): any text
// either parses or throws ExpressionSyntaxError, and a parsed expression evaluates, or throws
// helpers::TypeError where survey-core's JavaScript would throw. Anything else is a bug.
//   tests/fuzz/run-fuzzers          (builds the fuzz preset and runs every target)
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <string_view>

#include <nlohmann/json.hpp>

#include "survey/expression.hpp"
#include "survey/helpers.hpp"
#include "survey/js.hpp"

namespace {

using survey::js::Value;

// Answers of every kind a questionnaire produces, under names the seed corpus uses.
const Value& answers() {
  static const Value values = Value::from_json(nlohmann::ordered_json::parse(R"({
    "a": "1", "b": [1, 2, "x"], "c": ["jongere", "ouder"], "d": "2025-03-01", "dt": "2025-03-30T02:30",
    "s": "hallo Wereld", "n": null, "e": "", "t": true, "f": false, "z": 0, "x": 2.5,
    "o": {"row1": "a", "row2": 3}, "m": {"r": {"c": [1]}}, "a.b": 7, "leeftijd": "16", "rol": "Jongere "
  })"));
  return values;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // The kiosks' zone: it has a daylight-saving switch, which UTC would never exercise.
  setenv("TZ", "Europe/Amsterdam", 1);
  tzset();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const double now_ms = 1795428000000;  // 2026-11-23T10:00:00Z
  try {
    survey::Expression e = survey::Expression::parse(text);
    (void)e.variables();
    (void)e.functions();
    survey::EvalScope scope{answers(), now_ms};
    (void)e.condition(scope);
    Value v = e.evaluate(scope);
    (void)v.to_json();  // what `peilpunt expr` prints
    (void)survey::js::to_string(v);
  } catch (const survey::ExpressionSyntaxError&) {
  } catch (const survey::helpers::TypeError&) {
  }
  return 0;
}
