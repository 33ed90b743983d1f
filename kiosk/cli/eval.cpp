#include "kiosk/cli/commands.hpp"
namespace peilpunt::cli {
void add_eval_command(CLI::App&) {}
}
