// Welcome (attract) screen: the questionnaire's title and intro, one big start button, big text
// and read-aloud switches, the language choice and a one-line privacy note.
#include <imgui.h>

#include "kiosk/app/app.hpp"
#include "kiosk/app/text.hpp"
#include "kiosk/app/widgets.hpp"

namespace peilpunt::kiosk {

void draw_welcome(App& app) {
  const Theme& t = app.theme;
  const Palette& p = t.palette;
  const float width = ImGui::GetContentRegionAvail().x;
  const float column = std::min(width, t.font_px * 30);
  const float left = (width - column) * 0.5f;
  const auto& model = *app.survey().model;

  // Everything fits one screen also with big text (tests/e2e/big_text_layout.py checks it).
  ImGui::Dummy({0, t.height * 0.03f});
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + left);
  ImGui::BeginGroup();
  ui::text(app.text(model.title), app.fonts.title, p.text, column);
  ImGui::Dummy({0, t.gap});
  ui::text(plain_text_from_html(app.text(model.description)), app.fonts.body, p.muted_text, column);
  ImGui::Dummy({0, t.gap * 1.5f});
  if (ui::button(app, "start", app.tr("welcome.start"), {column, t.touch_px * 1.3f}))
    app.start_respondent(Clock::now());
  ImGui::Dummy({0, t.gap});
  // Switches for this person only (App::discard_respondent turns them back). Big text takes
  // effect from the next frame, when the fonts have been made at the new size.
  const float half = (column - t.gap) * 0.5f;
  if (ui::tile(app, "big_text", app.tr("welcome.big_text"), app.big_text, ui::TileMark::Check, half))
    app.big_text = !app.big_text;
  ImGui::SameLine(0, t.gap);
  if (ui::tile(app, "read_aloud", app.tr("welcome.read_aloud"), app.read_aloud, ui::TileMark::Check, half)) {
    app.read_aloud = !app.read_aloud;
    if (app.read_aloud) app.say(app.tr("welcome.read_aloud_on"), "welcome");
    else app.speech.stop();
  }
  ImGui::Dummy({0, t.gap * 0.5f});
  const std::pair<const char*, const char*> languages[] = {{"nl", "welcome.language_nl"}, {"en", "welcome.language_en"}};
  bool first = true;
  for (const auto& [code, key] : languages) {
    if (!first) ImGui::SameLine(0, t.gap);
    first = false;
    // Each language's own name in its own language, so a resident finds theirs.
    const std::string& label = app.strings.get(code, key);
    auto style = app.language == code ? ui::ButtonStyle::Primary : ui::ButtonStyle::Secondary;
    if (ui::button(app, code, label, {half, t.touch_px}, style)) app.language = code;
  }
  ImGui::Dummy({0, t.gap * 1.5f});
  ui::text(app.tr("welcome.privacy"), app.fonts.small, p.muted_text, column);
  ImGui::EndGroup();
}

}  // namespace peilpunt::kiosk
