// Welcome (attract) screen: the questionnaire's title and intro, one big start button, big text
// and read-aloud switches, the language choice and a one-line privacy note.
#include <imgui.h>

#include <algorithm>

#include "kiosk/ui/app.hpp"
#include "kiosk/core/text.hpp"
#include "kiosk/ui/widgets.hpp"

namespace peilpunt::kiosk {

void draw_welcome(App& app) {
  const Theme& t = app.theme;
  const Palette& p = t.palette;
  const float width = ImGui::GetContentRegionAvail().x;
  const float column = std::min(width, t.font_px * 30);
  const float left = (width - column) * 0.5f;
  const float half = (column - t.gap) * 0.5f;
  const auto& model = *app.survey().model;
  const std::string title = app.text(model.title), intro = plain_text_from_html(app.text(model.description));
  const std::string big_text = app.tr("welcome.big_text"), read_aloud = app.tr("welcome.read_aloud");

  // Everything on one screen, also with big text and a long intro (tests/e2e checks): the start
  // button and the spacing give way when the text needs the room.
  const float switches_h = std::max(ui::tile_height(app, big_text, ui::TileMark::Check, half),
                                    ui::tile_height(app, read_aloud, ui::TileMark::Check, half));
  const float text_h = ui::text_height(title, app.fonts.title, column) + ui::text_height(intro, app.fonts.body, column) +
                       ui::text_height(app.tr("welcome.privacy"), app.fonts.small, column);
  const float controls_h = switches_h + t.touch_px;
  const float spacing = ImGui::GetStyle().ItemSpacing.y * 11;  // between the 12 rows below
  const float room = ImGui::GetContentRegionAvail().y - text_h - controls_h - spacing;
  constexpr float gaps = 5.5f;  // the gaps below add up to this many theme gaps
  const float start_h = std::clamp(room - t.gap * gaps, t.touch_px, t.touch_px * 1.3f);
  const float gap = std::clamp((room - start_h) / gaps, t.gap * 0.4f, t.gap);

  ImGui::Dummy({0, std::clamp(room - start_h - gap * gaps, 0.0f, t.height * 0.03f)});
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + left);
  ImGui::BeginGroup();
  ui::text(title, app.fonts.title, p.text, column);
  ImGui::Dummy({0, gap});
  ui::text(intro, app.fonts.body, p.muted_text, column);
  ImGui::Dummy({0, gap * 1.5f});
  if (ui::button(app, "start", app.tr("welcome.start"), {column, start_h})) app.start_respondent(Clock::now());
  ImGui::Dummy({0, gap});
  // Switches for this person only (App::discard_respondent turns them back). Big text takes
  // effect from the next frame, when the fonts have been made at the new size.
  if (ui::tile(app, "big_text", big_text, app.big_text, ui::TileMark::Check, half)) app.big_text = !app.big_text;
  ImGui::SameLine(0, t.gap);
  if (ui::tile(app, "read_aloud", read_aloud, app.read_aloud, ui::TileMark::Check, half)) {
    app.read_aloud = !app.read_aloud;
    if (app.read_aloud) app.say(app.tr("welcome.read_aloud_on"), "welcome");
    else app.speech.stop();
  }
  ImGui::Dummy({0, gap * 0.5f});
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
  ImGui::Dummy({0, gap * 1.5f});
  ui::text(app.tr("welcome.privacy"), app.fonts.small, p.muted_text, column);
  ImGui::EndGroup();
}

}  // namespace peilpunt::kiosk
