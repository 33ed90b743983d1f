// The kiosk's frame and its event-driven loop; the actions live in the core (kiosk/core/kiosk.cpp).
// Index:
//   [SECTION] frame: the full-screen window, the hidden staff corner, the layout record
//   [SECTION] run_kiosk: setup and the event-driven loop
#include "kiosk/ui/app.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <fstream>
#include <iostream>

#include "kiosk/ui/widgets.hpp"
#include "kiosk/ui/window.hpp"

namespace peilpunt::kiosk {

namespace fs = std::filesystem;

namespace {

void log(const std::string& message) { std::cerr << "peilpunt: " << message << std::endl; }

}  // namespace

// [SECTION] frame: the full-screen window, the hidden staff corner, the layout record

namespace {

void draw_screen(App& app) {
  switch (app.flow->screen()) {
    case Screen::SetPin: draw_set_pin(app); break;
    case Screen::Welcome: draw_welcome(app); break;
    case Screen::Questions: draw_questions(app); break;
    case Screen::Thanks: draw_thanks(app); break;
    case Screen::SaveFailed: draw_save_failed(app); break;
    case Screen::PinPad: draw_pin_pad(app); break;
    case Screen::Staff: draw_staff(app); break;
  }
}

// Hold the top-left corner for FlowSettings::staff_hold to reach the PIN pad. A faint ring
// fills while held so staff know it works; residents touching it by chance see nothing happen.
void staff_corner(App& app, TimePoint now) {
  const float size = app.theme.touch_px * 1.2f;
  ImGuiIO& io = ImGui::GetIO();
  const bool in_corner = io.MousePos.x >= 0 && io.MousePos.x < size && io.MousePos.y >= 0 && io.MousePos.y < size;
  if (io.MouseClicked[0] && in_corner) app.flow->corner_down(now);
  if (io.MouseReleased[0] || (io.MouseDown[0] && !in_corner)) app.flow->corner_up();
  double progress = app.flow->staff_hold_progress(now);
  if (progress > 0.05) {
    ImDrawList* draw = ImGui::GetForegroundDrawList();
    const ImVec2 c{size * 0.5f, size * 0.5f};
    const float r = size * 0.3f;
    draw->PathArcTo(c, r, -1.5708f, -1.5708f + static_cast<float>(progress) * 6.2832f, 32);
    draw->PathStroke(ui::col(app.theme.palette.outline), 0, 4.0f);
  }
}

void draw_frame(App& app, TimePoint now) {
  const Palette& p = app.theme.palette;
  ImGui::SetNextWindowPos({0, 0});
  ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ui::col(p.background));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {app.theme.margin, app.theme.margin * 0.6f});
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
  ImGui::Begin("##kiosk", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleVar(2);
  ImGui::PushFont(app.fonts.body);
  draw_screen(app);
  ImGui::PopFont();
  if (app.layout) app.layout->content_bottom = ImGui::GetCurrentWindow()->DC.CursorMaxPos.y;
  ImGui::End();
  ImGui::PopStyleColor();
  if (app.flow->idle_warning()) draw_idle_overlay(app);
  staff_corner(app, now);
}

const char* screen_name(Screen screen) {
  switch (screen) {
    case Screen::SetPin: return "set_pin";
    case Screen::Welcome: return "welcome";
    case Screen::Questions: return "questions";
    case Screen::Thanks: return "thanks";
    case Screen::SaveFailed: return "save_failed";
    case Screen::PinPad: return "pin_pad";
    case Screen::Staff: return "staff";
  }
  return "?";
}

// --layout-file: the last frame's controls for tests, replaced atomically so a reader never
// sees half a file.
void write_layout(const App& app, const fs::path& file) {
  nlohmann::json doc;
  doc["frame"] = app.layout->frame;
  doc["screen"] = screen_name(app.flow->screen());
  doc["idle_warning"] = app.flow->idle_warning();
  doc["width"] = app.theme.width;
  doc["height"] = app.theme.height;
  doc["touch_px"] = app.theme.touch_px;
  doc["content_bottom"] = app.layout->content_bottom;
  doc["min_touch_px"] = app.theme.min_touch_px;
  doc["font_px"] = app.theme.font_px;
  doc["big_text"] = app.big_text;
  doc["read_aloud"] = app.read_aloud;
  doc["spoken"] = app.last_spoken;
  if (app.respondent) {
    const auto& s = *app.respondent->session;
    doc["page"] = s.survey().pages[static_cast<std::size_t>(s.current_page())].name;
    doc["keyboard_open"] = !app.respondent->focused.empty();
    doc["focused"] = app.respondent->focused.empty() ? "" : app.respondent->focused + "/field";
    const auto& not_numbers = app.respondent->not_numbers;
    doc["errors"] = !app.respondent->show_errors ? 0 : not_numbers.empty() ? s.errors_on_page().size() : not_numbers.size();
  }
  auto& items = doc["items"] = nlohmann::json::array();
  for (const auto& i : app.layout->items)
    items.push_back({{"id", i.id}, {"label", i.label}, {"x0", i.x0}, {"y0", i.y0}, {"x1", i.x1}, {"y1", i.y1},
                     {"visible", i.fully_visible}, {"text_fits", i.text_fits}, {"enabled", i.enabled}});
  auto& messages = doc["messages"] = nlohmann::json::array();
  for (const auto& m : app.layout->messages) messages.push_back({{"under", m.under}, {"text", m.text}, {"y0", m.y0}});
  const fs::path tmp = file.string() + ".tmp";
  std::ofstream(tmp) << doc.dump() << '\n';
  fs::rename(tmp, file);
}

}  // namespace

// [SECTION] run_kiosk: setup and the event-driven loop

namespace {

// Theme, fonts and ImGui's style for the window size and the text scale. Between frames only:
// the font atlas is rebuilt.
void apply_theme(App& app, Window& window) {
  app.theme = Theme::for_screen(window.width(), window.height(), app.config.screen_width_mm, app.text_scale());
  app.fonts = window.load_fonts(app.theme);
  app.applied_text_scale = app.text_scale();
  ImGuiStyle& style = ImGui::GetStyle();
  style.ItemSpacing = {app.theme.gap * 0.5f, app.theme.gap * 0.5f};
  style.Colors[ImGuiCol_ScrollbarBg] = ImGui::ColorConvertU32ToFloat4(ui::col(app.theme.palette.selected));
  style.Colors[ImGuiCol_ScrollbarGrab] = ImGui::ColorConvertU32ToFloat4(ui::col(app.theme.palette.outline));
  style.Colors[ImGuiCol_ScrollbarGrabHovered] = style.Colors[ImGuiCol_ScrollbarGrab];
  style.Colors[ImGuiCol_ScrollbarGrabActive] = ImGui::ColorConvertU32ToFloat4(ui::col(app.theme.palette.primary));
  style.ScrollbarRounding = app.theme.gap;
}

// How long the loop may sleep for input: not at all while frames are owed, else until the
// flow's next deadline, shorter while something moves on screen without input.
double wait_timeout(const App& app, int frames_to_render, TimePoint now) {
  if (frames_to_render > 0) return 0;
  double timeout = -1;
  auto at_most = [&timeout](double seconds) { timeout = timeout < 0 ? seconds : std::min(timeout, seconds); };
  if (auto deadline = app.flow->next_deadline()) timeout = std::max(0.0, std::chrono::duration<double>(*deadline - now).count());
  if (app.flow->idle_warning()) at_most(0.25);                  // the countdown
  if (app.flow->staff_hold_progress(now) > 0) at_most(0.03);    // the corner ring
  if (app.export_running()) at_most(0.1);                       // the progress bar
  return timeout;
}

}  // namespace

int run_kiosk(const Config& config, const KioskOptions& options) {
  App app(config, options);
  Window window({.windowed = options.windowed, .width = options.width, .height = options.height});
  apply_theme(app, window);
  app.queue.set_wake(&Window::wake);  // before any worker posts (the uploader may already)
  LayoutRecorder layout;
  if (!options.layout_file.empty()) app.layout = &layout;
  const bool screenshot = !options.screenshot_file.empty();

  int frames_to_render = 3;  // ImGui lays out in the first frame and draws in the next ones
  while (app.exit_code < 0) {
    if (window.wait(wait_timeout(app, frames_to_render, Clock::now()))) {
      app.flow->on_input(Clock::now());
      // Press, release, and the layout change a tap causes (e.g. the keyboard opening, then
      // scrolling the field above it) each take a frame.
      frames_to_render = std::max(frames_to_render, 5);
    }
    const TimePoint now = Clock::now();
    if (app.queue.run_all() > 0) frames_to_render = std::max(frames_to_render, 2);
    auto events = app.flow->tick(now);
    if (!events.empty()) frames_to_render = std::max(frames_to_render, 2);
    app.handle(events);
    if (app.exit_code >= 0) break;
    if (app.text_scale() != app.applied_text_scale) {
      apply_theme(app, window);
      frames_to_render = std::max(frames_to_render, 3);
    }

    window.begin_frame();
    if (app.layout) {
      app.layout->items.clear();
      app.layout->messages.clear();
      ++app.layout->frame;
    }
    try {
      draw_frame(app, now);
    } catch (const std::exception& e) {
      // Back to the welcome screen; the flow ends the process after too many in a row.
      log(std::string("a screen failed and the kiosk returned to the welcome screen: ") + e.what());
      ImGui::ErrorCheckEndFrameRecover(nullptr);
      app.handle(app.flow->frame_failed(Clock::now()));
      frames_to_render = std::max(frames_to_render, 2);
    }
    if (frames_to_render > 0) --frames_to_render;
    if (app.redraw) frames_to_render = std::max(frames_to_render, 2);
    app.redraw = false;
    const fs::path shot = options.screenshot_file;
    const bool take_screenshot = screenshot && frames_to_render == 0;
    if (!window.end_frame(take_screenshot ? &shot : nullptr)) {
      log("cannot write the screenshot " + options.screenshot_file);
      return 1;
    }
    if (take_screenshot) return 0;
    if (app.layout) write_layout(app, options.layout_file);
  }
  return app.exit_code;
}

}  // namespace peilpunt::kiosk
