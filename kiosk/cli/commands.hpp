// The peilpunt subcommands (DESIGN.md, "Command line"): each adds itself to the CLI11 app.
// A command reports failure by throwing CLI::RuntimeError with its exit code.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace peilpunt::cli {

void add_check_command(CLI::App& app);
void add_eval_command(CLI::App& app);
void add_expr_command(CLI::App& app);

// DESIGN.md fixes the clock of expr and eval to UTC, so results do not depend on the machine.
void use_utc_clock();

// "--now ISO" → ms since the epoch; the current time when empty. Throws CLI::ValidationError.
double parse_now(const std::string& iso);

}  // namespace peilpunt::cli
