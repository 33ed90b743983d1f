// The SurveyJS expression language as survey-core 3.x parses and evaluates it, quirks included
// (see docs/SURVEYJS-SEMANTICS.md). Parsed once into a flat node array; evaluation walks it.
//
// **Example**:
//   auto e = survey::Expression::parse("{leeftijd} >= 12 and {rol} = 'jongere'");
//   js::Value values = js::Value::object({{"leeftijd", js::Value::number(14)}, {"rol", js::Value::string("jongere")}});
//   bool show = e.condition({.values = values, .now_ms = 1.7e12});   // true; now_ms: for today() and age()
#pragma once

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "survey/js.hpp"

namespace survey {

// The text does not parse. `offset` is a byte offset into the expression text.
class ExpressionSyntaxError : public std::runtime_error {
 public:
  ExpressionSyntaxError(std::size_t offset, const std::string& message)
      : std::runtime_error(message), offset_(offset) {}
  std::size_t offset() const { return offset_; }

 private:
  std::size_t offset_;
};

// What an expression sees: the answers (a js object, keys are question names) and the clock.
// In a survey, the first `question_entries` keys of `values` are questions: survey-core then
// ignores a negative index ({q[-1]} is the whole answer) and an unanswered one is undefined.
struct EvalScope {
  const js::Value& values;
  double now_ms;
  std::size_t question_entries = 0;
};

class Expression {
 public:
  // Throws ExpressionSyntaxError.
  static Expression parse(std::string_view text);

  // The value, as ExpressionRunner.runValues returns it. Throws helpers::TypeError where
  // survey-core's JavaScript would throw.
  js::Value evaluate(const EvalScope& scope) const;
  // As ConditionRunner: the value loosely equals true. A runtime TypeError counts as false.
  bool condition(const EvalScope& scope) const;

  // survey-core's runner constructors throw on a null literal where an operand is needed (after
  // "!", before "empty", as a later array element or argument). evaluate() throws there only if
  // it gets that far; this says it up front, for a runner that may never run (an *InArray filter).
  bool has_null_operand() const;

  // A function call none of whose arguments reads a {variable} (today(), iif(1, 2, 3)): its value
  // may change without any answer changing, so survey-core never skips such an expression.
  bool has_function_without_variables() const;

  const std::string& text() const { return text_; }
  // Names inside {braces}, and names of functions called (each occurrence once).
  std::vector<std::string> variables() const;
  std::vector<std::string> functions() const;

  struct Node;

 private:
  std::string text_;
  std::shared_ptr<const std::vector<Node>> nodes_;
  int root_ = -1;
};

// survey-core hands a function its arguments evaluated and also unevaluated (`originalParams`):
// the *InArray functions read a row filter from them. This is the unevaluated side of one call.
class ArgumentOperands {
 public:
  // The i-th argument as survey-core's Operand.toString() writes it back, e.g. "({x} > 1)".
  virtual std::string text(std::size_t i) const = 0;
  // The i-th argument is a literal ('x', 1, true, a bare word), not {x}, a call or an operation.
  virtual bool is_literal(std::size_t i) const = 0;

 protected:
  ~ArgumentOperands() = default;
};

// Built-in functions (functions.cpp). Unknown names return null, as survey-core does.
bool is_builtin_function(std::string_view name);
// Registered in survey-core and tied to its survey model, so a questionnaire may not use them.
// displayValue, propertyValue, getComment, isContainerReady and isDisplayMode return undefined
// here. sumInArray, countInArray, avgInArray, minInArray and maxInArray are evaluated as
// survey-core does without a survey; in a survey their filter would also see the survey's values.
bool is_model_function(std::string_view name);
js::Value call_function(std::string_view name, const js::Array& params, const ArgumentOperands& operands,
                        double now_ms);

}  // namespace survey
