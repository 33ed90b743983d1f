// peilpunt [--windowed] [--survey FILE] [--size WxH] [--screenshot FILE]: the kiosk itself,
// started when no subcommand is given (docs/ARCHITECTURE.md "Command line").
#include <iostream>
#include <sstream>

#include "kiosk/ui/app.hpp"
#include "kiosk/cli/commands.hpp"

namespace peilpunt::cli {

std::function<int()> add_kiosk_options(CLI::App& app) {
  struct Options {
    SharedOptions shared;
    kiosk::KioskOptions kiosk;
    std::string size;
  };
  auto o = std::make_shared<Options>();
  o->shared.add_to(&app);
  app.add_flag("--windowed", o->kiosk.windowed, "a normal window instead of full screen (desktop trial)");
  app.add_option("--survey", o->kiosk.survey_file, "questionnaire to show (default: the config's)")->check(CLI::ExistingFile);
  app.add_option("--size", o->size, "window size, e.g. 1280x800 (default: the screen's)");
  app.add_option("--screenshot", o->kiosk.screenshot_file, "save a PNG of the first frame to FILE and exit");
  // Tests only, so not in --help: each frame's touch controls as JSON.
  app.add_option("--layout-file", o->kiosk.layout_file)->group("");
  return [o]() -> int {
    if (!o->size.empty()) {
      int w = 0, h = 0;
      char x = 0;
      std::istringstream in(o->size);
      if (!(in >> w >> x >> h) || (x != 'x' && x != 'X') || w < 320 || h < 240 || w > 8192 || h > 8192) {
        std::cerr << "peilpunt: --size: expected WIDTHxHEIGHT such as 1280x800, got '" << o->size << "'\n";
        return 1;
      }
      o->kiosk.width = w;
      o->kiosk.height = h;
    }
    // resolve() has printed the config's problem; the kiosk refuses to run half-configured.
    Config config;
    try {
      config = o->shared.resolve();
    } catch (const CLI::RuntimeError& e) {
      return e.get_exit_code();
    }
    o->kiosk.assets = default_survey_file().parent_path().parent_path();
    try {
      return kiosk::run_kiosk(config, o->kiosk);
    } catch (const std::exception& e) {
      std::cerr << "peilpunt: the kiosk cannot start: " << e.what() << '\n';
      return 1;
    }
  };
}

}  // namespace peilpunt::cli
