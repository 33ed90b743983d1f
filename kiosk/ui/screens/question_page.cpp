// The questions screen: one page at a time with its progress, the elements in a scrolling area,
// back / next at the bottom, and the on-screen keyboard when a field takes text.
#include <imgui.h>

#include <algorithm>

#include "kiosk/ui/app.hpp"
#include "kiosk/core/read_aloud.hpp"
#include "kiosk/core/text.hpp"
#include "kiosk/ui/widgets.hpp"
#include "kiosk/ui/screens/keyboard.hpp"
#include "kiosk/ui/screens/question_controls.hpp"

namespace peilpunt::kiosk {

namespace {

// showPreviewBeforeComplete: every page's answers read-only, each page with "Wijzig" to go back to
// it; "Klaar, versturen" under it completes.
void draw_preview(App& app, float width) {
  const Theme& t = app.theme;
  const Palette& p = t.palette;
  ui::text(app.tr("preview.title"), app.fonts.title, p.text, width);
  ImGui::Dummy({0, t.gap * 0.3f});
  ui::text(app.tr("preview.intro"), app.fonts.body, p.muted_text, width);
  const float edit_w = std::min(width * 0.4f, t.font_px * 9);
  for (const PreviewPage& page : app.preview()) {
    ImGui::Dummy({0, t.gap});
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddLine(at, {at.x + width, at.y}, ui::col(p.outline), 2.0f);
    ImGui::Dummy({0, t.gap});
    ui::text(page.heading, app.fonts.title, p.text, width);
    for (const auto& a : page.answers) {
      ImGui::Dummy({0, t.gap * 0.5f});
      ui::text(a.question, app.fonts.bold, p.text, width);
      if (a.answer.empty()) ui::text(app.tr("preview.unanswered"), app.fonts.body, p.muted_text, width);
      else ui::text(a.answer, app.fonts.body, p.text, width);
    }
    ImGui::Dummy({0, t.gap * 0.5f});
    const std::string id = "edit/" + app.respondent->session->survey().pages[static_cast<std::size_t>(page.page)].name;
    if (ui::button(app, id.c_str(), app.tr("preview.edit"), {edit_w, t.touch_px}, ui::ButtonStyle::Secondary))
      app.edit_page(page.page);
  }
}

}  // namespace

void draw_questions(App& app) {
  if (!app.respondent) throw std::logic_error("the questions screen has no respondent");
  auto& r = *app.respondent;
  auto& s = *r.session;
  const Theme& t = app.theme;
  const Palette& p = t.palette;
  if (r.dropdown_open >= 0) {
    draw_dropdown_list(app, r.dropdown_open);
    return;
  }

  // Hardware keyboard typing goes to the focused field, like the on-screen keys.
  if (!r.focused.empty()) {
    bool enter = false;
    const KeyboardKind kind = app.keyboard_kind(r.focused);
    const bool digits = is_keypad(kind);
    if (ui::take_hardware_typing(app.draft_for(r.focused), enter, digits)) app.typed(r.focused);
    if (enter && kind != KeyboardKind::Letters) r.focused.clear();
  }

  // Read-aloud chosen on the welcome screen: each page once when it appears (again after "back").
  const int shown_page = s.in_preview() ? Respondent::preview_page : s.current_page();
  if (app.read_aloud && r.read_page != shown_page) {
    r.read_page = shown_page;
    app.say(s.in_preview() ? spoken_preview_text(app) : spoken_page_text(app), "page");
  }

  const auto pages = s.visible_pages();
  const auto at = std::find(pages.begin(), pages.end(), s.current_page());
  const int page_number = static_cast<int>(at - pages.begin()) + 1;
  const int page_count = static_cast<int>(pages.size());
  const float width = ImGui::GetContentRegionAvail().x;

  const bool keyboard_open = !r.focused.empty();
  if (!keyboard_open && !s.on_start_page() && !s.in_preview()) {  // while typing, the room goes to the field above the keyboard
    ui::text(app.trf("questions.progress", {{"n", std::to_string(page_number)}, {"m", std::to_string(page_count)}}),
             app.fonts.small, p.muted_text);
    ui::progress(app, static_cast<float>(page_number - 1) / static_cast<float>(std::max(1, page_count)), {width, t.gap * 0.8f});
    ImGui::Dummy({0, t.gap * 0.5f});
  }
  const KeyboardKind kind = keyboard_open ? app.keyboard_kind(r.focused) : KeyboardKind::Letters;
  const float bottom = keyboard_open ? keyboard_height(app, kind) : t.touch_px * 1.3f + t.gap * 2;
  const float content_height = ImGui::GetContentRegionAvail().y - bottom;

  ImGui::PushStyleColor(ImGuiCol_ChildBg, ui::col(p.background));
  ImGui::PushStyleVar(ImGuiStyleVar_ScrollbarSize, t.gap * 1.2f);
  // A few pixels of padding, so the borders of controls at the page's left edge are not cut off.
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {4, 4});
  ImGui::BeginChild("page", {width, content_height}, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
  if (r.scroll_to_top) {
    ImGui::SetScrollY(0);
    r.scroll_to_top = false;
  }
  // Drag to scroll, as on a phone: touch screens have no wheel.
  if (ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) && ImGui::IsMouseDragging(0, t.gap))
    ImGui::SetScrollY(ImGui::GetScrollY() - ImGui::GetIO().MouseDelta.y);
  const float inner = width - t.gap * 2;
  if (s.in_preview()) {
    draw_preview(app, inner);
  } else {
    const auto& page = s.survey().pages[static_cast<std::size_t>(s.current_page())];
    ui::text(app.text(page.title), app.fonts.title, p.text, inner);
    if (!page.description.empty()) {
      ImGui::Dummy({0, t.gap * 0.3f});
      ui::text(app.text(page.description), app.fonts.body, p.muted_text, inner);
    }
    ImGui::Dummy({0, t.gap});
    draw_errors(app, -1, inner);  // "answer at least one question" of a required page
    for (int element : page.elements) draw_element(app, element, inner);
  }
  ImGui::Dummy({0, t.gap * 2});
  ImGui::EndChild();
  ImGui::PopStyleVar(2);
  ImGui::PopStyleColor();

  if (keyboard_open) {
    KeyboardResult result = draw_keyboard(app, kind, r.keyboard, app.draft_for(r.focused));
    if (result == KeyboardResult::Changed) app.typed(r.focused);
    if (result == KeyboardResult::Done) r.focused.clear();
    return;
  }

  ImGui::Dummy({0, t.gap * 0.5f});
  const float button_w = std::min(width * 0.4f, t.font_px * 12);
  if (!s.is_first_page() || s.in_preview()) {
    if (ui::button(app, "back", app.tr("questions.back"), {button_w, t.touch_px * 1.3f}, ui::ButtonStyle::Secondary))
      app.go_back();
    ImGui::SameLine(0, 0);
  }
  ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - button_w);
  // A complete trigger ends it here; with a preview the last page leads to it first.
  const bool finishes = s.in_preview() || s.completes_on_next() ||
                        (s.is_last_page() && s.survey().preview == survey::Survey::Preview::None);
  const std::string next_label = s.on_start_page() ? app.tr("questions.start")
                                 : finishes        ? app.tr("questions.finish")
                                 : s.is_last_page() ? app.tr("questions.preview")
                                                    : app.tr("questions.next");
  if (ui::button(app, "next", next_label, {button_w, t.touch_px * 1.3f})) app.go_next(Clock::now());
}

}  // namespace peilpunt::kiosk
