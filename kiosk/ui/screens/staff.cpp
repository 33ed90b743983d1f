// The staff panel: today's and total counts, queue state, sync, export to USB, event name,
// questionnaire choice, a bar chart per closed question, change PIN, quit. Index:
//   [SECTION] figures and sync
//   [SECTION] export
//   [SECTION] chart of today's answers
//   [SECTION] draw_staff: main view and its sub-modes
#include <imgui.h>

#include <algorithm>

#include "kiosk/ui/app.hpp"
#include "kiosk/core/text.hpp"
#include "kiosk/ui/widgets.hpp"
#include "kiosk/ui/screens/keyboard.hpp"
#include "kiosk/ui/screens/pin_pad.hpp"

namespace peilpunt::kiosk {

namespace {

using Mode = StaffState::Mode;

void heading(App& app, const std::string& text, float width) {
  ImGui::Dummy({0, app.theme.gap * 0.6f});
  ui::text(text, app.fonts.bold, app.theme.palette.text, width);
}

// [SECTION] figures and sync

void figures(App& app, float width) {
  const auto& c = app.staff.counts;
  const Palette& p = app.theme.palette;
  std::string today = app.staff.stats ? std::to_string(app.staff.stats->responses_today) : "…";
  ui::text(app.trf("staff.today", {{"n", today}}), app.fonts.title, p.text, width);
  ui::text(app.trf("staff.totals", {{"total", std::to_string(c.total)}, {"pending", std::to_string(c.pending)},
                                    {"sent", std::to_string(c.sent)}, {"rejected", std::to_string(c.rejected)}}),
           app.fonts.body, p.text, width);
  if (!app.unsaved.empty()) {
    ui::text(app.trf("staff.unsaved", {{"n", std::to_string(app.unsaved.size())}, {"error", app.last_save_error}}),
             app.fonts.bold, p.error, width);
    if (ui::button(app, "retry_save", app.tr("staff.retry_save"), {width, app.theme.touch_px})) app.staff_retry_save();
  } else if (!app.last_save_error.empty()) {
    ui::text(app.trf("staff.save_error", {{"error", app.last_save_error}}), app.fonts.small, p.muted_text, width);
  }
}

void sync_section(App& app, float width) {
  heading(app, app.tr("staff.sync"), width);
  const Palette& p = app.theme.palette;
  if (!app.sync_status) {
    ui::text(app.staff.sync_text.empty() ? app.tr("staff.sync_off") : app.staff.sync_text, app.fonts.body, p.text, width);
    return;
  }
  const sync::SyncStatus& s = *app.sync_status;
  using State = sync::SyncStatus::State;
  const char* key = "staff.sync_idle";
  switch (s.state) {
    case State::Disabled: key = "staff.sync_off"; break;
    case State::Idle: key = "staff.sync_idle"; break;
    case State::Syncing: key = "staff.sync_running"; break;
    case State::Offline: key = "staff.sync_offline"; break;
    case State::Error: key = "staff.sync_error"; break;
    case State::TokenRejected: key = "staff.sync_token"; break;
    case State::Stopped: key = "staff.sync_stopped"; break;
  }
  ui::text(app.trf(key, {{"done", std::to_string(s.done)}, {"total", std::to_string(s.total)},
                         {"s", std::to_string((s.retry_in.count() + 999) / 1000)}}),
           app.fonts.bold, s.state == State::TokenRejected || s.state == State::Error ? p.error : p.text, width);
  if (s.state == State::Syncing && s.total > 0)
    ui::progress(app, static_cast<float>(s.done) / static_cast<float>(s.total), {width, app.theme.gap});
  const std::string last = s.last_success.empty() ? app.staff.last_sync : s.last_success;
  const std::string today = today_local_date();
  ui::text(app.trf("staff.last_sync", {{"time", last.empty() ? app.tr("staff.never") : short_time_text(last, today)}}),
           app.fonts.small, p.muted_text, width);
  if (!s.last_error.empty())
    ui::text(app.trf("staff.last_error", {{"error", s.last_error}, {"time", short_time_text(s.last_error_at, today)}}), app.fonts.small, p.error, width);
  if (app.sync_configured() && ui::button(app, "sync_now", app.tr("staff.sync_now"), {width, app.theme.touch_px},
                                          ui::ButtonStyle::Primary, s.state != State::Syncing))
    app.sync_now();
}

// [SECTION] export

void export_section(App& app, float width) {
  heading(app, app.tr("staff.export"), width);
  auto& state = app.staff.export_state;
  const Palette& p = app.theme.palette;
  if (state.running) {
    ui::text(app.trf("staff.exporting", {{"done", std::to_string(state.done)}, {"total", std::to_string(state.total)}}),
             app.fonts.body, p.text, width);
    ui::progress(app, state.total > 0 ? static_cast<float>(state.done) / static_cast<float>(state.total) : 0.0f, {width, app.theme.gap});
    return;
  }
  if (state.drives.empty()) ui::text(app.tr("staff.no_usb"), app.fonts.small, p.muted_text, width);
  for (std::size_t i = 0; i < state.drives.size(); ++i) {
    const std::string id = "export_" + std::to_string(i);
    if (ui::button(app, id.c_str(), app.trf("staff.export_to", {{"name", state.drives[i].label}}), {width, app.theme.touch_px}))
      app.start_export(state.drives[i].folder);
  }
  if (ui::button(app, "export_local", app.tr("staff.export_local"), {width, app.theme.touch_px}, ui::ButtonStyle::Secondary))
    app.start_export(app.data_dir / "exports");
  if (ui::button(app, "rescan", app.tr("staff.rescan"), {width, app.theme.touch_px}, ui::ButtonStyle::Quiet))
    app.rescan_usb_drives();
  if (!state.message.empty()) ui::text(state.message, app.fonts.small, p.text, width);
}

// [SECTION] chart of today's answers

void chart_section(App& app, float width) {
  const Palette& p = app.theme.palette;
  const Theme& t = app.theme;
  if (!app.staff.stats) {
    ui::text(app.tr("staff.counting"), app.fonts.body, p.muted_text, width);
    return;
  }
  const auto& charts = app.staff.stats->charts;
  if (charts.empty()) return;
  int& at = app.staff.chart_question;
  at = std::clamp(at, 0, static_cast<int>(charts.size()) - 1);
  const float arrow = t.touch_px * 1.3f;
  if (ui::button(app, "chart_prev", "<", {arrow, t.touch_px}, ui::ButtonStyle::Secondary, at > 0)) --at;
  ImGui::SameLine(0, t.gap);
  if (ui::button(app, "chart_next", ">", {arrow, t.touch_px}, ui::ButtonStyle::Secondary, at + 1 < static_cast<int>(charts.size()))) ++at;
  ImGui::SameLine(0, t.gap);
  ui::text(app.trf("staff.chart_of", {{"n", std::to_string(at + 1)}, {"m", std::to_string(charts.size())}}), app.fonts.small,
           p.muted_text, width - 2 * (arrow + t.gap));
  const QuestionChart& chart = charts[static_cast<std::size_t>(at)];
  ui::text(chart.title, app.fonts.bold, p.text, width);
  ui::text(app.trf("staff.answered", {{"n", std::to_string(chart.answered)}}), app.fonts.small, p.muted_text, width);
  std::int64_t most = 1;
  for (const auto& bar : chart.bars) most = std::max(most, bar.count);
  const float label_w = width * 0.42f, bar_w = width - label_w - t.gap * 4;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (const auto& bar : chart.bars) {
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::BeginGroup();
    ui::text(bar.label, app.fonts.small, p.text, label_w);
    ImGui::EndGroup();
    const float h = std::max(ImGui::GetItemRectSize().y, t.small_px);
    const float fill = bar_w * static_cast<float>(bar.count) / static_cast<float>(most);
    draw->AddRectFilled({pos.x + label_w + t.gap, pos.y + 2}, {pos.x + label_w + t.gap + std::max(2.0f, fill), pos.y + h - 2},
                        ui::col(p.primary), 4);
    const std::string n = std::to_string(bar.count);
    draw->AddText(app.fonts.small, app.fonts.small->FontSize, {pos.x + label_w + t.gap * 1.5f + fill, pos.y}, ui::col(p.text), n.c_str());
  }
}

// [SECTION] draw_staff: main view and its sub-modes

void event_editor(App& app) {
  const Theme& t = app.theme;
  const float width = ImGui::GetContentRegionAvail().x;
  ui::text(app.tr("staff.event_title"), app.fonts.title, t.palette.text, width);
  ui::text(app.tr("staff.event_help"), app.fonts.body, t.palette.muted_text, width);
  ImGui::Dummy({0, t.gap});
  bool enter = false;
  ui::take_hardware_typing(app.staff.event_draft, enter, false);
  ui::field(app, "event_field", app.staff.event_draft, app.tr("staff.event_placeholder"), true, width, t.touch_px);
  ImGui::SetCursorPosY(ImGui::GetWindowHeight() - keyboard_height(app, KeyboardKind::Letters) - t.margin * 0.6f);
  if (draw_keyboard(app, KeyboardKind::Letters, app.staff.keyboard, app.staff.event_draft) == KeyboardResult::Done || enter) {
    app.set_event_name(app.staff.event_draft);
    app.staff.mode = Mode::Main;
  }
}

}  // namespace

void draw_staff(App& app) {
  const Theme& t = app.theme;
  const Palette& p = t.palette;
  auto& staff = app.staff;
  if (staff.mode == Mode::EditEvent) return event_editor(app);
  if (staff.mode == Mode::ChangePin) {
    const std::string title = app.tr(staff.change_pin.mode() == PinEntry::Mode::SetNew ? "pin.choose" : "pin.confirm");
    draw_pin_entry(app, staff.change_pin, title, false);
    // Cancelled while the new PIN is being hashed: the old PIN stays (Kiosk::new_pin_hashed).
    if (staff.change_pin.stored() ||
        ui::button(app, "pin_back", app.tr("pin.cancel"), {t.font_px * 10, t.touch_px}, ui::ButtonStyle::Quiet)) {
      staff.change_pin = PinEntry(PinEntry::Mode::SetNew);
      staff.mode = Mode::Main;
    }
    return;
  }
  if (staff.mode == Mode::ConfirmQuit) {
    const float width = ImGui::GetContentRegionAvail().x;
    ui::text(app.tr("staff.quit_sure"), app.fonts.title, p.text, width);
    ImGui::Dummy({0, t.gap * 2});
    if (ui::button(app, "quit_yes", app.tr("staff.quit"), {t.font_px * 12, t.touch_px})) app.handle(app.flow->quit());
    ImGui::SameLine(0, t.gap);
    if (ui::button(app, "quit_no", app.tr("pin.cancel"), {t.font_px * 12, t.touch_px}, ui::ButtonStyle::Secondary)) staff.mode = Mode::Main;
    return;
  }

  const float width = ImGui::GetContentRegionAvail().x;
  const float column = (width - t.margin) * 0.5f;
  ui::text(app.trf("staff.title", {{"device", app.device_name}}), app.fonts.title, p.text, width);
  ImGui::BeginChild("staff_left", {column, ImGui::GetContentRegionAvail().y - t.touch_px - t.gap * 2});
  if (ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) && ImGui::IsMouseDragging(0, t.gap))
    ImGui::SetScrollY(ImGui::GetScrollY() - ImGui::GetIO().MouseDelta.y);
  const float inner = column - t.gap * 2;
  figures(app, inner);
  heading(app, app.tr("staff.event"), inner);
  ui::text(app.event_name.empty() ? app.tr("staff.no_event") : app.event_name, app.fonts.body, p.text, inner);
  if (ui::button(app, "edit_event", app.tr("staff.change_event"), {inner, t.touch_px}, ui::ButtonStyle::Secondary)) {
    staff.event_draft = app.event_name;
    staff.mode = Mode::EditEvent;
  }
  sync_section(app, inner);
  export_section(app, inner);
  if (app.surveys.size() > 1) {
    heading(app, app.tr("staff.questionnaire"), inner);
    for (std::size_t i = 0; i < app.surveys.size(); ++i) {
      const std::string id = "survey_" + std::to_string(i);
      const auto style = i == app.active_survey ? ui::ButtonStyle::Primary : ui::ButtonStyle::Secondary;
      if (ui::button(app, id.c_str(), app.surveys[i].model->title.get(app.language, app.surveys[i].model->locale), {inner, t.touch_px}, style))
        app.choose_survey(i);
    }
  }
  heading(app, app.tr("staff.security"), inner);
  if (app.pin->set_by_config())
    ui::text(app.tr("staff.pin_in_config"), app.fonts.small, p.muted_text, inner);
  else if (ui::button(app, "change_pin", app.tr("staff.change_pin"), {inner, t.touch_px}, ui::ButtonStyle::Secondary))
    staff.mode = Mode::ChangePin;
  if (!app.pin->save_error().empty())
    ui::text(app.trf("staff.pin_save_error", {{"error", app.pin->save_error()}}), app.fonts.small, p.error, inner);
  if (ui::button(app, "quit", app.tr("staff.quit"), {inner, t.touch_px}, ui::ButtonStyle::Secondary)) staff.mode = Mode::ConfirmQuit;
  ImGui::Dummy({0, t.gap});  // room below the last button, so scrolling shows it whole
  ImGui::EndChild();
  ImGui::SameLine(0, t.margin);
  ImGui::BeginChild("staff_right", {column, ImGui::GetContentRegionAvail().y - t.touch_px - t.gap * 2});
  heading(app, app.tr("staff.chart"), column - t.gap);
  chart_section(app, column - t.gap * 2);
  ImGui::EndChild();
  if (ui::button(app, "close_staff", app.tr("staff.close"), {std::min(width, t.font_px * 14), t.touch_px}))
    app.handle(app.flow->leave(Clock::now()));
}

}  // namespace peilpunt::kiosk
