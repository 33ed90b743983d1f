// "Ben je er nog?": shown over the questions after idle_timeout without input, with a countdown;
// after it the answers are wiped and the welcome screen returns (Flow decides when).
#include <imgui.h>

#include <algorithm>
#include <string>

#include "kiosk/ui/app.hpp"
#include "kiosk/ui/widgets.hpp"

namespace peilpunt::kiosk {

void draw_idle_overlay(App& app) {
  const Theme& t = app.theme;
  const ImVec2 screen = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos({0, 0});
  ImGui::SetNextWindowSize(screen);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(0, 0, 0, 150));
  ImGui::Begin("##idle", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  const float w = std::min(screen.x - 2 * t.margin, t.font_px * 24);
  const int left = app.flow->idle_seconds_left(Clock::now());
  const std::string countdown = app.trf("idle.countdown", {{"s", std::to_string(left)}});
  // The card fits its text, so it has no empty band below the buttons at any text size.
  const float h = ui::text_height(app.tr("idle.title"), app.fonts.title, w) + ui::text_height(countdown, app.fonts.body, w) +
                  t.touch_px * 1.3f * 2 + t.gap * 4 + ImGui::GetStyle().ItemSpacing.y * 5;
  const ImVec2 origin{(screen.x - w) * 0.5f, (screen.y - h) * 0.5f};
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled({origin.x - t.gap * 2, origin.y - t.gap * 2}, {origin.x + w + t.gap * 2, origin.y + h + t.gap * 2},
                      ui::col(t.palette.surface), 16);
  ImGui::SetCursorScreenPos(origin);
  ImGui::BeginGroup();
  ui::text(app.tr("idle.title"), app.fonts.title, t.palette.text, w);
  ImGui::Dummy({0, t.gap});
  ui::text(countdown, app.fonts.body, t.palette.muted_text, w);
  ImGui::Dummy({0, t.gap * 2});
  if (ui::button(app, "still_here", app.tr("idle.still_here"), {w, t.touch_px * 1.3f}))
    app.handle(app.flow->still_here(Clock::now()));
  ImGui::Dummy({0, t.gap});
  if (ui::button(app, "stop_now", app.tr("idle.stop"), {w, t.touch_px * 1.3f}, ui::ButtonStyle::Secondary))
    app.handle(app.flow->stop_now(Clock::now()));
  ImGui::EndGroup();
  ImGui::End();
  ImGui::PopStyleColor();
}

}  // namespace peilpunt::kiosk
