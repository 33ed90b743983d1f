// The staff PIN pad (after the hidden corner gesture), the first-start "choose a PIN" screen,
// and the change-PIN step in the staff panel: one keypad, three modes.
#include <imgui.h>

#include <algorithm>

#include "kiosk/ui/app.hpp"
#include "kiosk/ui/widgets.hpp"
#include "kiosk/ui/screens/pin_pad.hpp"

namespace peilpunt::kiosk {

namespace {

// Digits as dots, never the digits themselves: someone may be watching.
void dots(App& app, std::size_t count, float width) {
  const Theme& t = app.theme;
  const float r = t.font_px * 0.35f, step = r * 3.2f;
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const std::size_t slots = std::max<std::size_t>(4, std::min<std::size_t>(8, count + 1));
  const float left = pos.x + (width - step * static_cast<float>(slots)) * 0.5f;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (std::size_t i = 0; i < slots; ++i) {
    const ImVec2 c{left + step * (static_cast<float>(i) + 0.5f), pos.y + r * 1.5f};
    if (i < count) draw->AddCircleFilled(c, r, ui::col(t.palette.text), 20);
    else draw->AddCircle(c, r, ui::col(t.palette.outline), 20, 2.0f);
  }
  ImGui::Dummy({width, r * 3});
}

// The keys hand their digits to the entry; OK asks the core to check or store them.
void keypad(App& app, PinEntry& entry, float width) {
  const Theme& t = app.theme;
  const float key = std::min(t.touch_px * 1.5f, (width - 2 * t.gap) / 3);
  const float left = (width - key * 3 - t.gap * 2) * 0.5f;
  const char* keys[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "back", "0", "ok"};
  const float x0 = ImGui::GetCursorPosX();
  const ImVec2 size{key, key * 0.75f};
  for (int i = 0; i < 12; ++i) {
    if (i % 3 == 0) ImGui::SetCursorPosX(x0 + left);
    else ImGui::SameLine(0, t.gap);
    const std::string k = keys[i];
    const std::string id = std::string("pin_").append(k);  // not "pin_" + k: GCC 12 warns falsely (-Wrestrict)
    if (k == "back") {
      if (ui::button(app, id.c_str(), app.tr("keyboard.backspace"), size, ui::ButtonStyle::Secondary, !entry.busy())) entry.backspace();
    } else if (k == "ok") {
      if (ui::button(app, id.c_str(), app.tr("pin.ok"), size, ui::ButtonStyle::Primary, entry.can_submit())) app.pin_ok(entry);
    } else if (ui::button(app, id.c_str(), k, size, ui::ButtonStyle::Secondary, !entry.busy())) {
      entry.press(k[0]);
    }
  }
}

}  // namespace

bool draw_pin_entry(App& app, PinEntry& entry, const std::string& title, bool can_cancel) {
  const Theme& t = app.theme;
  const float width = ImGui::GetContentRegionAvail().x;
  const float column = std::min(width, t.touch_px * 6);
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (width - column) * 0.5f);
  ImGui::BeginGroup();
  ui::text(title, app.fonts.title, t.palette.text, column);
  // The keypad stays put whatever the title's length: staff type by position.
  ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY() + t.gap, t.title_px * 3.6f));
  dots(app, entry.digit_count(), column);
  std::string message;
  if (!entry.message_key().empty()) message = app.tr(entry.message_key());
  if (entry.busy()) message = app.tr("pin.checking");
  const auto locked = app.pin->locked_for(std::chrono::system_clock::now()).count();
  if (entry.mode() == PinEntry::Mode::Unlock && locked > 0) message = app.trf("pin.locked", {{"s", std::to_string(locked)}});
  // Centred under the centred dots; a message longer than the column wraps from its left.
  if (message.empty()) message.push_back(' ');  // keeps the row; not `= " "`: GCC 12 warns falsely (-Wrestrict)
  const float message_w = app.fonts.bold->CalcTextSizeA(app.fonts.bold->FontSize, FLT_MAX, 0, message.c_str()).x;
  const float message_x = ImGui::GetCursorPosX();
  if (message_w < column) ImGui::SetCursorPosX(message_x + (column - message_w) * 0.5f);
  ui::text(message, app.fonts.bold, t.palette.error, column);
  ImGui::SetCursorPosX(message_x);
  ImGui::Dummy({0, t.gap});
  keypad(app, entry, column);
  ImGui::Dummy({0, t.gap});
  const bool cancel =
      can_cancel && ui::button(app, "pin_cancel", app.tr("pin.cancel"), {column, t.touch_px}, ui::ButtonStyle::Quiet);
  ImGui::EndGroup();
  return cancel;
}

void draw_pin_pad(App& app) {
  if (app.pinpad.mode() != PinEntry::Mode::Unlock) app.pinpad = PinEntry(PinEntry::Mode::Unlock);
  // The answer of a check comes in a later frame (Kiosk::staff_pin_checked opens the panel).
  if (draw_pin_entry(app, app.pinpad, app.tr("pin.title"), true)) {
    app.pinpad = PinEntry(PinEntry::Mode::Unlock);
    app.handle(app.flow->leave(Clock::now()));
  }
}

void draw_set_pin(App& app) {
  if (app.pinpad.mode() == PinEntry::Mode::Unlock) app.pinpad = PinEntry(PinEntry::Mode::SetNew);
  draw_pin_entry(app, app.pinpad, app.tr(app.pinpad.mode() == PinEntry::Mode::SetNew ? "pin.choose" : "pin.confirm"), false);
  if (app.pinpad.stored()) {
    app.pinpad = PinEntry(PinEntry::Mode::Unlock);
    app.handle(app.flow->pin_set(Clock::now()));
  }
}

}  // namespace peilpunt::kiosk
