// The kiosk app: the window-free Kiosk (kiosk/core/kiosk.hpp) plus what drawing needs: theme,
// fonts, the layout record for tests. Screens are free functions over App, one file each under
// kiosk/ui/screens/; they draw the core's state and call its actions.
//
// **Example**:
//   KioskOptions options;
//   options.windowed = true;
//   int exit_code = run_kiosk(load_config(std::nullopt), options);  // until staff quit
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/core/kiosk.hpp"
#include "kiosk/core/theme.hpp"

struct ImFont;

namespace peilpunt::kiosk {

struct KioskOptions {
  bool windowed = false;
  int width = 0, height = 0;       // 0: the monitor's size, or 1280x800 when windowed
  std::string screenshot_file;     // save a PNG of the first settled frame, then exit
  std::string survey_file;         // instead of the config's questionnaires
  std::filesystem::path assets;    // holds lang/ (and surveys/)
  std::string layout_file;         // tests: write each frame's controls as JSON here
};

// Runs the kiosk until staff quit (0) or too many failures (1). Throws on setup errors.
int run_kiosk(const Config& config, const KioskOptions& options);

// For end-to-end and layout tests only (--layout-file): every touch control drawn in the last
// frame, with its rectangle on screen, so a test can click "next" by name and check overlaps.
struct LayoutItem {
  std::string id, label;
  float x0, y0, x1, y1;      // the whole control
  bool fully_visible;        // not clipped by a scrolling area
  bool text_fits = true;     // its label fits inside it (a word wider than the control does not)
  bool enabled = true;       // takes a touch now (the PIN keys wait while a PIN is checked)
};
// An error message as drawn: under which field (a value key; "" for the page's own), at what height.
struct LayoutMessage {
  std::string under, text;
  float y0 = 0;
};
struct LayoutRecorder {
  std::vector<LayoutItem> items;
  std::vector<LayoutMessage> messages;
  float content_bottom = 0;  // lowest point the screen drew to (text too): must be inside the window
  std::uint64_t frame = 0;
};

struct Fonts {
  ImFont* body = nullptr;
  ImFont* bold = nullptr;
  ImFont* title = nullptr;
  ImFont* small = nullptr;
};

struct App : Kiosk {
  // A screenshot run does not start the uploader (nothing is sent from a one-frame kiosk).
  App(const Config& kiosk_config, const KioskOptions& kiosk_options)
      : Kiosk(kiosk_config, kiosk_options.assets, kiosk_options.survey_file, kiosk_options.screenshot_file.empty()),
        options(kiosk_options) {}

  KioskOptions options;
  Theme theme;
  Fonts fonts;
  float applied_text_scale = 1.0f;   // the scale theme and fonts were made for
  LayoutRecorder* layout = nullptr;  // set only with --layout-file
  bool redraw = false;               // a frame changed something only the next frame shows
};

// [SECTION] screens: one file each under kiosk/ui/screens/.
void draw_set_pin(App& app);
void draw_welcome(App& app);
void draw_questions(App& app);
void draw_thanks(App& app);
void draw_save_failed(App& app);
void draw_idle_overlay(App& app);
void draw_pin_pad(App& app);
void draw_staff(App& app);

}  // namespace peilpunt::kiosk
