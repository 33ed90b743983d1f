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
  peilpunt::cli::add_pin_hash_command(app);
  peilpunt::cli::add_sync_command(app);
  auto run_kiosk = peilpunt::cli::add_kiosk_options(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (app.get_subcommands().empty()) return run_kiosk();
  return 0;
}
