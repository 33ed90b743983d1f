// Parser: a hand-written PEG with the same ordered choices as survey-core's grammar.pegjs, so
// it accepts and rejects exactly what that grammar does (prefix keywords, optional closing
// parenthesis, bare identifiers as strings). Evaluator: OperandMaker's semantics via helpers.
#include "survey/expression.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

#include <nlohmann/json.hpp>

#include "survey/helpers.hpp"

namespace survey {

using js::Value;

enum class NodeKind : std::uint8_t { NullLiteral, Constant, Variable, Binary, Unary, Array, Function };
enum class Op : std::uint8_t {
  Or, And, Plus, Minus, Mul, Div, Mod, Power,
  Equal, NotEqual, Less, Greater, LessOrEqual, GreaterOrEqual,
  Contains, NotContains, AnyOf, AllOf, NoneOf,
  Empty, NotEmpty, Negate,
};

struct Expression::Node {
  NodeKind kind = NodeKind::NullLiteral;
  Op op = Op::Or;
  bool as_is = false;     // {#name}: the variable's value is not converted
  int left = -1, right = -1;  // -1: no operand (evaluates to null)
  Value value;            // Constant, converted as Const.getCorrectValue does
  Value literal;          // Constant as the grammar returns it ("'x'" keeps its quotes)
  std::string name;       // Variable / Function
  std::vector<int> items;  // Array / Function parameters
};

namespace {

using Node = Expression::Node;
constexpr int max_depth = 1000;   // tree depth (a sum of n terms is n deep); evaluation recurses
constexpr int max_nesting = 250;  // brackets, calls and "!" inside each other; parsing recurses

// patchExpression: a textual rewrite of the whole string, string literals included.
std::string patch(std::string_view in) {
  std::string s(in);
  auto replace_all = [&s](std::string_view from, std::string_view to) {
    for (std::size_t i = s.find(from); i != std::string::npos; i = s.find(from, i + to.size()))
      s.replace(i, from.size(), to);
  };
  replace_all("=>", ">=");
  replace_all("=<", "<=");
  replace_all("<>", "!=");
  replace_all("equals", "equal ");
  replace_all("notequals", "notequal ");
  return s;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

class Parser {
 public:
  Parser(std::string_view in, std::vector<Node>& nodes) : in_(in), nodes_(nodes) {}

  int parse() {
    auto root = expression();
    if (too_deep_) throw ExpressionSyntaxError(deep_at_, "the expression is nested too deeply");
    if (!root || pos_ != in_.size()) {
      if (unclosed_string_)
        throw ExpressionSyntaxError(*unclosed_string_, "the text in quotes starting at character " +
                                                           std::to_string(*unclosed_string_ + 1) + " is not closed");
      std::size_t at = std::max(fail_, root ? pos_ : 0);
      std::string found = at < in_.size() ? "\"" + std::string(1, in_[at]) + "\"" : "end of input";
      throw ExpressionSyntaxError(at, "syntax error at character " + std::to_string(at + 1) +
                                          ": unexpected " + found);
    }
    return *root;
  }

 private:
  using Result = std::optional<int>;  // nullopt: no match; -1: the null literal
  static constexpr int null_operand = -1;

  // [SECTION] terminals
  bool fail() {
    fail_ = std::max(fail_, pos_);
    return false;
  }
  bool lit(std::string_view s) {
    if (in_.substr(pos_, s.size()) == s) {
      pos_ += s.size();
      return true;
    }
    return fail();
  }
  bool lit_ci(std::string_view s) {
    if (pos_ + s.size() > in_.size()) return fail();
    for (std::size_t i = 0; i < s.size(); ++i) {
      char c = in_[pos_ + i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      if (c != s[i]) return fail();
    }
    pos_ += s.size();
    return true;
  }
  void ws() {
    while (pos_ < in_.size() && (in_[pos_] == ' ' || in_[pos_] == '\t' || in_[pos_] == '\n' || in_[pos_] == '\r'))
      ++pos_;
  }
  std::size_t digits() {
    std::size_t start = pos_;
    while (pos_ < in_.size() && is_digit(in_[pos_])) ++pos_;
    if (pos_ == start) fail();
    return pos_ - start;
  }

  // [SECTION] node construction; a failed alternative drops the nodes it made
  int add(Node n) {
    int depth = 1;
    for (int child : {n.left, n.right})
      if (child >= 0) depth = std::max(depth, depth_[static_cast<std::size_t>(child)] + 1);
    for (int child : n.items)
      if (child >= 0) depth = std::max(depth, depth_[static_cast<std::size_t>(child)] + 1);
    if (depth > max_depth && !too_deep_) too_deep_ = true, deep_at_ = pos_;
    nodes_.push_back(std::move(n));
    depth_.push_back(depth);
    return static_cast<int>(nodes_.size()) - 1;
  }
  int binary(Op op, int left, int right) {
    Node n;
    n.kind = NodeKind::Binary;
    n.op = op;
    n.left = left;
    n.right = right;
    return add(std::move(n));
  }
  struct Mark {
    std::size_t pos, nodes;
  };
  Mark mark() const { return {pos_, nodes_.size()}; }
  void reset(Mark m) {
    pos_ = m.pos;
    nodes_.resize(m.nodes);
    depth_.resize(m.nodes);
  }

  // [SECTION] rules, named as in grammar.pegjs
  template <class OperandRule, class OperatorRule>
  Result left_assoc(OperandRule operand, OperatorRule op_rule, bool leading_ws = false) {
    if (leading_ws) ws();
    Result head = (this->*operand)();
    if (!head) return std::nullopt;
    while (!too_deep_) {
      Mark m = mark();
      ws();
      std::optional<Op> op = (this->*op_rule)();
      if (!op) {
        reset(m);
        break;
      }
      ws();
      Result right = (this->*operand)();
      if (!right) {
        reset(m);
        break;
      }
      head = binary(*op, *head, *right);
    }
    return head;
  }

  Result expression() {
    Result r = left_assoc(&Parser::logic_or, &Parser::or_sign, true);
    if (r) ws();
    return r;
  }
  std::optional<Op> or_sign() {
    if (lit("||") || lit_ci("or")) return Op::Or;
    return std::nullopt;
  }
  Result logic_or() { return left_assoc(&Parser::logic_and, &Parser::and_sign); }
  std::optional<Op> and_sign() {
    if (lit("&&") || lit_ci("and")) return Op::And;
    return std::nullopt;
  }
  Result logic_and() { return left_assoc(&Parser::comp_ops, &Parser::comparable_operators); }
  std::optional<Op> comparable_operators() {
    if (lit("<=") || lit_ci("lessorequal")) return Op::LessOrEqual;
    if (lit(">=") || lit_ci("greaterorequal")) return Op::GreaterOrEqual;
    if (lit("==") || lit_ci("equal")) return Op::Equal;
    if (lit("=") || lit_ci("equal")) return Op::Equal;
    if (lit("!=") || lit_ci("notequal")) return Op::NotEqual;
    if (lit("<") || lit_ci("less")) return Op::Less;
    if (lit(">") || lit_ci("greater")) return Op::Greater;
    return std::nullopt;
  }
  Result comp_ops() { return left_assoc(&Parser::plus_minus_ops, &Parser::plus_minus_signs); }
  std::optional<Op> plus_minus_signs() {
    if (lit("+")) return Op::Plus;
    if (lit("-")) return Op::Minus;
    return std::nullopt;
  }
  Result plus_minus_ops() { return left_assoc(&Parser::mul_div_ops, &Parser::mul_div_signs); }
  std::optional<Op> mul_div_signs() {
    if (lit("*")) return Op::Mul;
    if (lit("/")) return Op::Div;
    if (lit("%")) return Op::Mod;
    return std::nullopt;
  }
  Result mul_div_ops() { return left_assoc(&Parser::binary_func_op, &Parser::power_signs); }
  std::optional<Op> power_signs() {
    if (lit("^") || lit_ci("power")) return Op::Power;
    return std::nullopt;
  }
  // BinaryFuncOp: Factor (_ BinFunctions _ Factor?)*; the right operand may be missing.
  Result binary_func_op() {
    Result head = factor();
    if (!head) return std::nullopt;
    while (!too_deep_) {
      Mark m = mark();
      ws();
      std::optional<Op> op = bin_functions();
      if (!op) {
        reset(m);
        break;
      }
      ws();
      Mark before_right = mark();
      Result right = factor();
      if (!right) reset(before_right);
      head = binary(*op, *head, right.value_or(null_operand));
    }
    return head;
  }
  std::optional<Op> bin_functions() {
    if (lit("*=") || lit_ci("contains") || lit_ci("contain")) return Op::Contains;
    if (lit_ci("notcontains") || lit_ci("notcontain")) return Op::NotContains;
    if (lit_ci("anyof")) return Op::AnyOf;
    if (lit_ci("allof")) return Op::AllOf;
    if (lit_ci("noneof")) return Op::NoneOf;
    return std::nullopt;
  }

  // Factor, with failures remembered per position: without that an unclosed "(" makes every
  // enclosing level retry the same failing operand, exponentially often (found by fuzzing).
  Result factor() {
    if (failed_factor_.size() <= pos_) failed_factor_.resize(in_.size() + 1, 0);
    if (failed_factor_[pos_]) return std::nullopt;
    std::size_t start = pos_;
    Result r = factor_guarded();
    if (!r && !too_deep_) failed_factor_[start] = 1;
    return r;
  }
  Result factor_guarded() {
    if (++depth_now_ > max_nesting) {
      if (!too_deep_) too_deep_ = true, deep_at_ = pos_;
      --depth_now_;
      return std::nullopt;
    }
    Result r = factor_alternatives();
    --depth_now_;
    return r;
  }
  Result factor_alternatives() {
    Mark start = mark();
    if (lit("(")) {
      ws();
      if (Result e = expression()) {
        ws();
        if (!lit(")")) { /* a missing ")" is accepted */ }
        return e;
      }
    }
    reset(start);
    if (Result f = function_op()) return f;
    reset(start);
    if (Result u = unary_function_op()) return u;
    reset(start);
    if (Result a = atom()) return a;
    reset(start);
    if (Result a = array_op()) return a;
    reset(start);
    return std::nullopt;
  }
  Result function_op() {
    std::optional<std::string> name = letters_and_digits();
    if (!name || !lit("(")) return std::nullopt;
    int params = sequence();
    lit(")");  // optional
    Node n;
    n.kind = NodeKind::Function;
    n.name = std::move(*name);
    n.items = nodes_[static_cast<std::size_t>(params)].items;
    return add(std::move(n));
  }
  Result unary_function_op() {
    Mark start = mark();
    if (lit("!") || lit_ci("negate")) {
      ws();
      if (Result operand = factor()) {
        Node n;
        n.kind = NodeKind::Unary;
        n.op = Op::Negate;
        n.left = *operand;
        return add(std::move(n));
      }
    }
    reset(start);
    Result operand = atom();
    if (!operand) return std::nullopt;
    ws();
    Op op;
    if (lit_ci("empty")) op = Op::Empty;
    else if (lit_ci("notempty")) op = Op::NotEmpty;
    else return std::nullopt;
    Node n;
    n.kind = NodeKind::Unary;
    n.op = op;
    n.left = *operand;
    return add(std::move(n));
  }
  Result atom() {
    Mark start = mark();
    ws();
    if (lit("undefined") || lit("null")) return null_operand;
    reset(start);
    ws();
    if (std::optional<Value> v = const_value()) {
      Node n;
      n.kind = NodeKind::Constant;
      n.value = helpers::correct_value(*v);
      n.literal = std::move(*v);
      return add(std::move(n));
    }
    reset(start);
    ws();
    if (lit("{")) {
      std::size_t begin = pos_;
      while (pos_ < in_.size() && in_[pos_] != '{' && in_[pos_] != '}') ++pos_;
      if (pos_ > begin && lit("}")) {
        Node n;
        n.kind = NodeKind::Variable;
        n.name = std::string(in_.substr(begin, pos_ - 1 - begin));
        if (n.name.size() > 1 && n.name[0] == '#') {
          n.name.erase(0, 1);
          n.as_is = true;
        }
        return add(std::move(n));
      }
      fail();
    }
    reset(start);
    return std::nullopt;
  }
  std::optional<Value> const_value() {
    Mark start = mark();
    if (lit_ci("true")) return Value::boolean(true);
    if (lit_ci("false")) return Value::boolean(false);
    if (std::optional<double> n = arithmetic_value()) return Value::number(*n);
    reset(start);
    if (std::optional<std::string> word = letters_and_digits()) return Value::string(*word);
    reset(start);
    if (lit("''") || lit("\"\"")) return Value::string("");
    for (char quote : {'\'', '"'}) {
      reset(start);
      if (!lit(std::string_view(&quote, 1))) continue;
      std::size_t opened_at = pos_ - 1;
      std::optional<std::string> body = any_input();
      if (body && lit(std::string_view(&quote, 1))) return Value::string("'" + *body + "'");
      if (pos_ >= in_.size() && !unclosed_string_) unclosed_string_ = opened_at;
    }
    reset(start);
    return std::nullopt;
  }
  std::optional<double> arithmetic_value() {
    Mark start = mark();
    if (lit("0x") && digits() > 0)
      return js::parse_int(in_.substr(start.pos, pos_ - start.pos), 16);
    reset(start);
    bool negative = pos_ < in_.size() && in_[pos_] == '-';
    if (negative) ++pos_;
    std::optional<double> n = number();
    if (!n) return std::nullopt;
    return negative ? -*n : *n;
  }
  std::optional<double> number() {
    std::size_t start = pos_;
    if (digits() > 0 && lit(".") && digits() > 0)
      return js::parse_float(in_.substr(start, pos_ - start));
    pos_ = start;
    if (pos_ < in_.size() && in_[pos_] >= '1' && in_[pos_] <= '9') {
      while (pos_ < in_.size() && is_digit(in_[pos_])) ++pos_;
      return js::parse_int(in_.substr(start, pos_ - start), 10);
    }
    if (lit("0")) return 0.0;
    return std::nullopt;
  }
  std::optional<std::string> letters_and_digits() {
    std::size_t start = pos_;
    if (pos_ >= in_.size() || !is_letter(in_[pos_])) {
      fail();
      return std::nullopt;
    }
    while (pos_ < in_.size() && (is_letter(in_[pos_]) || is_digit(in_[pos_]))) ++pos_;
    return std::string(in_.substr(start, pos_ - start));
  }
  std::optional<std::string> any_input() {
    std::string out;
    while (pos_ < in_.size()) {
      if (in_.substr(pos_, 2) == "\\'") out += '\'', pos_ += 2;
      else if (in_.substr(pos_, 2) == "\\\"") out += '"', pos_ += 2;
      else if (in_[pos_] != '"' && in_[pos_] != '\'') out += in_[pos_++];
      else break;
    }
    fail();  // the closing quote is tested next; remember how far we got
    if (out.empty()) return std::nullopt;
    return out;
  }
  Result array_op() {
    if (!lit("[")) return std::nullopt;
    int items = sequence();
    if (!lit("]")) return std::nullopt;
    return items;
  }
  // Sequence: Expression? (_ "," _ Expression)*. A leading null literal empties the list.
  int sequence() {
    Node list;
    list.kind = NodeKind::Array;
    Mark start = mark();
    Result first = expression();
    if (!first) reset(start);
    std::vector<int> items;
    if (first) items.push_back(*first);
    while (first && !too_deep_) {
      Mark m = mark();
      ws();
      if (!lit(",")) {
        reset(m);
        break;
      }
      ws();
      Result next = expression();
      if (!next) {
        reset(m);
        break;
      }
      items.push_back(*next);
    }
    if (first && *first != null_operand) list.items = std::move(items);
    return add(std::move(list));
  }

  std::string_view in_;
  std::vector<Node>& nodes_;
  std::vector<int> depth_;
  std::size_t pos_ = 0, fail_ = 0, deep_at_ = 0;
  int depth_now_ = 0;
  bool too_deep_ = false;
  std::optional<std::size_t> unclosed_string_;
  std::vector<char> failed_factor_;
};

// [SECTION] writing back: survey-core's Operand.toString()

std::string_view operator_text(Op op) {  // OperandMaker.signs, else the operator's name
  switch (op) {
    case Op::Or: return "or";
    case Op::And: return "and";
    case Op::Plus: return "+";
    case Op::Minus: return "-";
    case Op::Mul: return "*";
    case Op::Div: return "/";
    case Op::Mod: return "%";
    case Op::Power: return "^";
    case Op::Equal: return "==";
    case Op::NotEqual: return "!=";
    case Op::Less: return "<";
    case Op::Greater: return ">";
    case Op::LessOrEqual: return "<=";
    case Op::GreaterOrEqual: return ">=";
    case Op::Contains: return "contains";
    case Op::NotContains: return "notcontains";
    case Op::AnyOf: return "anyof";
    case Op::AllOf: return "allof";
    case Op::NoneOf: return "noneof";
    case Op::Empty: return "empty";
    case Op::NotEmpty: return "notempty";
    case Op::Negate: return "!";
  }
  return "";
}

// A null literal writes nothing, so "{a} = null" comes back as "({a} == )", which does not parse.
std::string operand_text(const std::vector<Node>& nodes, int index) {
  if (index < 0) return "";
  const Node& n = nodes[static_cast<std::size_t>(index)];
  auto list = [&nodes](const std::vector<int>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + operand_text(nodes, items[i]);
    return out;
  };
  switch (n.kind) {
    case NodeKind::NullLiteral: return "";
    case NodeKind::Constant:
      return n.literal.is_string() && n.literal.as_string().empty() ? "''" : js::to_string(n.literal);
    case NodeKind::Variable: return "{" + std::string(n.as_is ? "#" : "") + n.name + "}";
    case NodeKind::Binary:
      return "(" + operand_text(nodes, n.left) + " " + std::string(operator_text(n.op)) + " " +
             operand_text(nodes, n.right) + ")";
    case NodeKind::Unary:
      if (n.op == Op::Negate) return "! " + operand_text(nodes, n.left);
      return operand_text(nodes, n.left) + " " + std::string(operator_text(n.op));
    case NodeKind::Array: return "[" + list(n.items) + "]";
    case NodeKind::Function: return n.name + "(" + list(n.items) + ")";
  }
  return "";
}

class CallOperands final : public ArgumentOperands {
 public:
  CallOperands(const std::vector<Node>& nodes, const Node& call) : nodes_(nodes), items_(call.items) {}
  std::string text(std::size_t i) const override { return i < items_.size() ? operand_text(nodes_, items_[i]) : ""; }
  bool is_literal(std::size_t i) const override {
    return i < items_.size() && items_[i] >= 0 &&
           nodes_[static_cast<std::size_t>(items_[i])].kind == NodeKind::Constant;
  }

 private:
  const std::vector<Node>& nodes_;
  const std::vector<int>& items_;
};

// [SECTION] evaluation

class Evaluator {
 public:
  Evaluator(const std::vector<Node>& nodes, const EvalScope& scope) : nodes_(nodes), scope_(scope) {}

  Value operand(int index) const {  // BinaryOperand.evaluateParam: a missing operand is null
    return index < 0 ? Value::null() : eval(index);
  }
  Value required(int index) const {  // a null literal where an object is needed throws in JS
    if (index < 0) throw helpers::TypeError("Cannot read properties of null (reading 'evaluate')");
    return eval(index);
  }

  Value eval(int index) const {
    const Node& n = nodes_[static_cast<std::size_t>(index)];
    switch (n.kind) {
      case NodeKind::NullLiteral: return Value::null();
      case NodeKind::Constant: return n.value;
      case NodeKind::Variable: return variable(n);
      case NodeKind::Binary: return binary(n);
      case NodeKind::Unary: {
        Value v = required(n.left);
        if (n.op == Op::Empty) return Value::boolean(helpers::is_value_empty(v));
        if (n.op == Op::NotEmpty) return Value::boolean(!helpers::is_value_empty(v));
        return Value::boolean(!js::truthy(v));
      }
      case NodeKind::Array: return Value::array(items(n));
      case NodeKind::Function: return call_function(n.name, items(n), CallOperands(nodes_, n), scope_.now_ms);
    }
    return Value::undefined();
  }

 private:
  js::Array items(const Node& n) const {
    js::Array out;
    out.reserve(n.items.size());
    for (int i : n.items) out.push_back(required(i));
    return out;
  }

  Value binary(const Node& n) const {
    Value l = operand(n.left), r = operand(n.right);
    double now = scope_.now_ms;
    using helpers::Arithmetic;
    switch (n.op) {
      case Op::Or: return helpers::op_arithmetic(Arithmetic::Or, l, r);
      case Op::And: return helpers::op_arithmetic(Arithmetic::And, l, r);
      case Op::Plus: return helpers::op_arithmetic(Arithmetic::Plus, l, r);
      case Op::Minus: return helpers::op_arithmetic(Arithmetic::Minus, l, r);
      case Op::Mul: return helpers::op_arithmetic(Arithmetic::Mul, l, r);
      case Op::Div: return helpers::op_arithmetic(Arithmetic::Div, l, r);
      case Op::Mod: return helpers::op_arithmetic(Arithmetic::Mod, l, r);
      case Op::Power: return helpers::op_arithmetic(Arithmetic::Power, l, r);
      case Op::Equal: return Value::boolean(helpers::op_equal(l, r, now));
      case Op::NotEqual: return Value::boolean(!helpers::op_equal(l, r, now));
      case Op::Less: return Value::boolean(helpers::op_less(l, r, now));
      case Op::Greater: return Value::boolean(helpers::op_greater(l, r, now));
      case Op::LessOrEqual:
        return Value::boolean(helpers::op_equal(l, r, now) || helpers::op_less(l, r, now));
      case Op::GreaterOrEqual:
        return Value::boolean(helpers::op_equal(l, r, now) || helpers::op_greater(l, r, now));
      case Op::Contains: return Value::boolean(helpers::op_contains(l, r));
      case Op::NotContains: return Value::boolean(helpers::op_notcontains(l, r));
      case Op::AnyOf: return Value::boolean(helpers::op_anyof(l, r));
      case Op::AllOf: return Value::boolean(helpers::op_allof(l, r));
      case Op::NoneOf: return Value::boolean(!helpers::op_anyof(l, r));
      default: return Value::undefined();
    }
  }

  // VariableGetterContext: dotted paths, longest literal key first, case-insensitive keys,
  // [i] and [-i] indexes, .length of arrays and strings.
  Value variable(const Node& n) const {
    std::optional<Value> found = lookup(n.name);
    if (!found) {
      if (n.name.size() >= 7 && n.name.ends_with(".length")) return Value::number(0);
      return json_object_literal(n.name);
    }
    return n.as_is ? *found : helpers::correct_value(*found);
  }

  struct PathItem {
    std::string_view name;
    std::optional<double> index;
  };

  static std::vector<PathItem> split_path(std::string_view name) {
    std::vector<PathItem> path;
    std::size_t start = 0;
    while (true) {
      std::size_t dot = name.find('.', start);
      std::string_view part = name.substr(start, dot == std::string_view::npos ? dot : dot - start);
      PathItem item{part, std::nullopt};
      if (!part.empty() && part.back() == ']') {
        auto open = part.rfind('[');
        if (open != std::string_view::npos) {
          double index = helpers::get_number(Value::string(std::string(part.substr(open + 1, part.size() - open - 2))));
          if (!std::isnan(index)) {
            item.index = index;
            item.name = part.substr(0, open);
          }
        }
      }
      path.push_back(item);
      if (dot == std::string_view::npos) break;
      start = dot + 1;
    }
    return path;
  }

  // Finds `name` in obj; `position` receives the key's index in an object.
  // The first `questions` keys are questions: one with the exact name is found first (two whose
  // names differ only in case stay apart, getQuestionsFromHash); else the first key in any case.
  static std::optional<Value> property(const Value& obj, const std::string& name, std::size_t* position = nullptr,
                                       std::size_t questions = 0) {
    if (!js::truthy(obj) || name.empty()) return std::nullopt;
    if (name == "length" && obj.is_array()) return Value::number(static_cast<double>(obj.as_array().size()));
    if (name == "length" && obj.is_string())
      return Value::number(static_cast<double>(js::utf16_length(obj.as_string())));
    std::string wanted = js::lower(name);
    if (obj.is_object()) {
      const auto& o = obj.as_object();
      for (std::size_t i = 0; i < o.size() && i < questions; ++i) {
        if (o[i].first != name) continue;
        if (position) *position = i;
        return o[i].second;
      }
      for (std::size_t i = 0; i < o.size(); ++i) {
        if (js::lower(o[i].first) != wanted) continue;
        if (position) *position = i;
        return o[i].second;
      }
    } else if (obj.is_array()) {
      const auto& a = obj.as_array();
      for (std::size_t i = 0; i < a.size(); ++i)
        if (std::to_string(i) == wanted) return a[i];
    }
    return std::nullopt;
  }

  // A key of `values` after its first `questions` (the questions' own): the data's.
  static std::optional<Value> data_entry(const Value& values, const std::string& lower_name, std::size_t questions) {
    if (!values.is_object()) return std::nullopt;
    const auto& o = values.as_object();
    for (std::size_t i = questions; i < o.size(); ++i)
      if (js::lower(o[i].first) == lower_name) return o[i].second;
    return std::nullopt;
  }

  std::optional<Value> lookup(std::string_view name) const {
    std::vector<PathItem> path = split_path(name);
    Value current = scope_.values;
    std::size_t p = 0;
    while (p < path.size()) {
      std::size_t end = p;
      while (end < path.size() && !path[end].index) ++end;
      if (end == path.size()) end = path.size() - 1;
      bool found = false, is_question = false;
      std::string found_name;
      std::size_t q = end + 1;
      while (q-- > p) {
        std::string joined;
        for (std::size_t i = p; i <= q; ++i) {
          if (i > p) joined += '.';
          joined += path[i].name;
        }
        std::size_t position = 0;
        if (std::optional<Value> v = property(current, joined, &position, p == 0 ? scope_.question_entries : 0)) {
          is_question = p == 0 && current.is_object() && position < scope_.question_entries;
          current = *v;
          found = true;
          found_name = std::move(joined);
          break;
        }
      }
      if (!found) return std::nullopt;
      bool last = q + 1 == path.size();
      if (is_question && current.is_undefined() && !last) {
        // QuestionValueGetterContext: an empty question is found, as undefined, only at the end;
        // a longer path is read again in the survey's data (ValueGetter's getRootObj), which
        // follows the questions when it holds more than they show (a dynamic panel's empty panels)
        std::optional<Value> raw = data_entry(scope_.values, js::lower(found_name), scope_.question_entries);
        if (!raw) return std::nullopt;
        current = *raw;
        is_question = false;
      }
      if (is_question) {
        if (current.is_undefined()) return current;
        if (path[q].index && *path[q].index >= 0) {
          if (!current.is_array()) return last ? std::optional<Value>(current) : std::nullopt;
          const auto& a = current.as_array();
          double i = *path[q].index;
          current = i < static_cast<double>(a.size()) && std::trunc(i) == i ? a[static_cast<std::size_t>(i)] : Value::undefined();
          if (current.is_undefined() && !last) return std::nullopt;
        }
      } else if (path[q].index) {
        if (!current.is_array()) return std::nullopt;
        const auto& a = current.as_array();
        double i = *path[q].index;
        if (i < 0) i += static_cast<double>(a.size());
        if (i < 0 || i >= static_cast<double>(a.size()) || std::trunc(i) != i) return std::nullopt;
        current = a[static_cast<std::size_t>(i)];
      }
      p = q + 1;
    }
    return current;
  }

  // Variable.returnJSONObject: {"key": 1} inside braces is an object constant.
  static Value json_object_literal(const std::string& name) {
    auto colon = name.find(':');
    if (name.size() < 2 || colon == std::string::npos || colon < 1) return Value::null();
    auto parsed = nlohmann::json::parse("{" + name + "}", nullptr, false);
    if (parsed.is_discarded()) return Value::null();
    return Value::from_json(parsed);
  }

  const std::vector<Node>& nodes_;
  const EvalScope& scope_;
};

}  // namespace

Expression Expression::parse(std::string_view text) {
  Expression e;
  e.text_ = std::string(text);
  std::string patched = patch(text);
  auto nodes = std::make_shared<std::vector<Node>>();
  Parser parser(patched, *nodes);
  e.root_ = parser.parse();
  e.nodes_ = std::move(nodes);
  return e;
}

Value Expression::evaluate(const EvalScope& scope) const {
  if (root_ < 0) return Value::null();  // "null" alone cannot run: survey-core returns null
  return Evaluator(*nodes_, scope).eval(root_);
}

bool Expression::condition(const EvalScope& scope) const {
  try {
    return js::loose_equals(evaluate(scope), Value::boolean(true));
  } catch (const helpers::TypeError&) {
    return false;
  }
}

bool Expression::has_null_operand() const {
  if (!nodes_) return false;
  for (const auto& n : *nodes_) {
    if (n.kind == NodeKind::Unary && n.left < 0) return true;
    bool is_list = n.kind == NodeKind::Array || n.kind == NodeKind::Function;
    if (is_list && std::ranges::find(n.items, -1) != n.items.end()) return true;
  }
  return false;
}

// survey-core's Operand.hasFunction(true): binary, unary and array operands ask their parts; a
// function answers for itself without looking into its arguments' own calls.
bool Expression::has_function_without_variables() const {
  if (!nodes_ || root_ < 0) return false;
  const auto& nodes = *nodes_;
  std::function<bool(int)> reads_variable = [&](int i) -> bool {
    if (i < 0) return false;
    const Node& n = nodes[static_cast<std::size_t>(i)];
    if (n.kind == NodeKind::Variable) return true;
    if (reads_variable(n.left) || reads_variable(n.right)) return true;
    return std::ranges::any_of(n.items, reads_variable);
  };
  std::function<bool(int)> check = [&](int i) -> bool {
    if (i < 0) return false;
    const Node& n = nodes[static_cast<std::size_t>(i)];
    if (n.kind == NodeKind::Function) return !std::ranges::any_of(n.items, reads_variable);
    if (check(n.left) || check(n.right)) return true;
    return n.kind == NodeKind::Array && std::ranges::any_of(n.items, check);
  };
  return check(root_);
}

std::vector<std::string> Expression::variables() const {
  std::vector<std::string> out;
  if (nodes_)
    for (const auto& n : *nodes_)
      if (n.kind == NodeKind::Variable) out.push_back(n.name);
  return out;
}

std::vector<std::string> Expression::functions() const {
  std::vector<std::string> out;
  if (nodes_)
    for (const auto& n : *nodes_)
      if (n.kind == NodeKind::Function) out.push_back(n.name);
  return out;
}

}  // namespace survey
