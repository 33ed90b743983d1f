// peilpunt expr CASES.json [--now ISO]: evaluate expressions the way survey-core does, for the
// differential tests and for authors who want to know what a condition will do.
#include <cmath>
#include <iostream>

#include <nlohmann/json.hpp>

#include "kiosk/cli/commands.hpp"
#include "survey/expression.hpp"
#include "survey/helpers.hpp"

namespace peilpunt::cli {
namespace {

nlohmann::json run_case(const nlohmann::ordered_json& c, double default_now) {
  using survey::js::Value;
  if (!c.is_object() || !c.contains("expr") || !c["expr"].is_string())
    return {{"error", "a case needs an \"expr\" string"}};
  double now = default_now;
  if (c.contains("now")) {
    double ms = c["now"].is_string() ? survey::js::parse_date(c["now"].get<std::string>()) : std::nan("");
    if (std::isnan(ms)) return {{"error", "\"now\" must be an ISO-8601 date string"}};
    now = ms;
  }
  Value data = Value::from_json(c.value("data", nlohmann::ordered_json::object()));
  try {
    auto expression = survey::Expression::parse(c["expr"].get<std::string>());
    survey::EvalScope scope{data, now};
    Value value = expression.evaluate(scope);
    bool cond = survey::js::loose_equals(value, Value::boolean(true));
    if (value.is_undefined()) return {{"undefined", true}, {"cond", cond}};
    return {{"value", *value.to_json()}, {"cond", cond}};
  } catch (const survey::ExpressionSyntaxError& e) {
    return {{"error", e.what()}};
  } catch (const survey::helpers::TypeError& e) {
    return {{"error", std::string("TypeError: ") + e.what()}};
  }
}

}  // namespace

void use_utc_clock() {
  setenv("TZ", "UTC", 1);
  tzset();
}

double parse_now(const std::string& iso) {
  if (iso.empty()) {
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return std::floor(static_cast<double>(ts.tv_sec) * 1000 + static_cast<double>(ts.tv_nsec) / 1e6);
  }
  double ms = survey::js::parse_date(iso);
  if (std::isnan(ms)) throw CLI::ValidationError("--now", "'" + iso + "' is not an ISO-8601 date");
  return ms;
}

void add_expr_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("expr", "Evaluate expressions from a JSON file of cases");
  auto file = std::make_shared<std::string>();
  auto now = std::make_shared<std::string>();
  cmd->add_option("CASES", *file, "JSON array of {\"expr\", \"data\", \"now\"?}")->required();
  cmd->add_option("--now", *now, "fix the clock (ISO-8601), as used by today() and age()");
  cmd->callback([file, now] {
    use_utc_clock();
    nlohmann::ordered_json cases = read_json_file(*file);
    if (!cases.is_array()) exit_with_error(*file + ": /: expected a JSON array of cases");
    double default_now = parse_now(*now);
    nlohmann::json out = nlohmann::json::array();
    for (const auto& c : cases) out.push_back(run_case(c, default_now));
    std::cout << out.dump() << '\n';
  });
}

}  // namespace peilpunt::cli
