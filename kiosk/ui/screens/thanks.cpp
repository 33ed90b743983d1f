// Thank-you screen (after the outbox committed the response) and the calm message when a
// response could not be stored; both return to the welcome screen by themselves.
#include <imgui.h>

#include "kiosk/ui/app.hpp"
#include "kiosk/core/text.hpp"
#include "kiosk/ui/widgets.hpp"

namespace peilpunt::kiosk {

namespace {

void centred_message(App& app, const std::string& title, const std::string& body, const char* button_id,
                     const std::string& button_label) {
  const Theme& t = app.theme;
  const float width = ImGui::GetContentRegionAvail().x;
  const float column = std::min(width, t.font_px * 28);
  ImGui::Dummy({0, t.height * 0.18f});
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (width - column) * 0.5f);
  ImGui::BeginGroup();
  ui::text(title, app.fonts.title, t.palette.text, column);
  ImGui::Dummy({0, t.gap});
  ui::text(body, app.fonts.body, t.palette.muted_text, column);
  ImGui::Dummy({0, t.gap * 3});
  if (ui::button(app, button_id, button_label, {column, t.touch_px * 1.3f}, ui::ButtonStyle::Secondary))
    app.handle(app.flow->leave(Clock::now()));
  ImGui::EndGroup();
}

}  // namespace

void draw_thanks(App& app) {
  // survey-core's default completedHtml when the author wrote none.
  const auto& r = app.respondent;
  const survey::LocalizedString& html = r && r->session ? r->session->completed_html() : app.survey().model->completed_html;
  std::string body = plain_text_from_html(app.text(html));
  centred_message(app, app.tr("thanks.title"), body.empty() ? app.tr("thanks.default") : body, "to_welcome",
                  app.tr("thanks.to_start"));
}

void draw_save_failed(App& app) {
  centred_message(app, app.tr("save_failed.title"), app.tr("save_failed.body"), "to_welcome", app.tr("thanks.to_start"));
}

}  // namespace peilpunt::kiosk
