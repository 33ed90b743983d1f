// peilpunt: the kiosk and its command line. This file is the table of contents only.
#include <iostream>

#include <CLI/CLI.hpp>

#include "kiosk/cli/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Peilpunt: offline survey kiosk (Jeugdakkoord Midden-Drenthe)", "peilpunt"};
  app.require_subcommand(0, 1);
  peilpunt::cli::add_check_command(app);
  peilpunt::cli::add_eval_command(app);
  peilpunt::cli::add_expr_command(app);
  peilpunt::cli::add_simulate_command(app);
  peilpunt::cli::add_stats_command(app);
  peilpunt::cli::add_export_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (app.get_subcommands().empty()) {
    std::cerr << "peilpunt: the kiosk screens are not built yet; use 'peilpunt check FILE' to "
                 "validate a questionnaire (see --help)\n";
    return 2;
  }
  return 0;
}
