// The staff PIN pad (after the hidden corner gesture), the first-start "choose a PIN" screen,
// and the change-PIN step in the staff panel: one keypad, three modes.
#include <imgui.h>

#include <algorithm>

#include "kiosk/app/app.hpp"
#include "kiosk/app/widgets.hpp"
#include "kiosk/screens/pin_pad.hpp"

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

// Returns true when OK was pressed with 4..8 digits.
bool keypad(App& app, PinPadState& state, float width) {
  const Theme& t = app.theme;
  const float key = std::min(t.touch_px * 1.5f, (width - 2 * t.gap) / 3);
  const float left = (width - key * 3 - t.gap * 2) * 0.5f;
  const char* keys[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "back", "0", "ok"};
  bool ok = false;
  const float x0 = ImGui::GetCursorPosX();
  for (int i = 0; i < 12; ++i) {
    if (i % 3 == 0) ImGui::SetCursorPosX(x0 + left);
    else ImGui::SameLine(0, t.gap);
    const std::string k = keys[i];
    const std::string id = "pin_" + k;
    if (k == "back") {
      if (ui::button(app, id.c_str(), app.tr("keyboard.backspace"), {key, key * 0.75f}, ui::ButtonStyle::Secondary, !state.checking) && !state.digits.empty())
        state.digits.pop_back();
    } else if (k == "ok") {
      if (ui::button(app, id.c_str(), app.tr("pin.ok"), {key, key * 0.75f}, ui::ButtonStyle::Primary, state.digits.size() >= 4 && !state.checking)) ok = true;
    } else if (ui::button(app, id.c_str(), k, {key, key * 0.75f}, ui::ButtonStyle::Secondary, !state.checking) && state.digits.size() < 8) {
      state.digits += k;
      state.message_key.clear();
    }
  }
  return ok;
}

}  // namespace

bool draw_pin_entry(App& app, PinPadState& state, const std::string& title, bool can_cancel) {
  const Theme& t = app.theme;
  const float width = ImGui::GetContentRegionAvail().x;
  const float column = std::min(width, t.touch_px * 6);
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (width - column) * 0.5f);
  ImGui::BeginGroup();
  ui::text(title, app.fonts.title, t.palette.text, column);
  // The keypad stays put whatever the title's length: staff type by position.
  ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY() + t.gap, t.title_px * 3.6f));
  dots(app, state.digits.size(), column);
  std::string message;
  if (!state.message_key.empty()) message = app.tr(state.message_key);
  if (state.checking) message = app.tr("pin.checking");
  if (state.mode == PinMode::Unlock && app.pin->locked_for(std::chrono::system_clock::now()).count() > 0)
    message = app.trf("pin.locked", {{"s", std::to_string(app.pin->locked_for(std::chrono::system_clock::now()).count())}});
  // Centred under the centred dots; a message longer than the column wraps from its left.
  if (message.empty()) message = " ";
  const float message_w = app.fonts.bold->CalcTextSizeA(app.fonts.bold->FontSize, FLT_MAX, 0, message.c_str()).x;
  const float message_x = ImGui::GetCursorPosX();
  if (message_w < column) ImGui::SetCursorPosX(message_x + (column - message_w) * 0.5f);
  ui::text(message, app.fonts.bold, t.palette.error, column);
  ImGui::SetCursorPosX(message_x);
  ImGui::Dummy({0, t.gap});
  bool ok = keypad(app, state, column);
  bool done = false;
  if (ok) {
    const std::string pin = state.digits;
    state.digits.clear();
    switch (state.mode) {
      case PinMode::Unlock:
        app.check_staff_pin(pin);  // the answer comes in a later frame (App::staff_pin_checked)
        break;
      case PinMode::SetNew:
        state.first_entry = pin;
        state.mode = PinMode::ConfirmNew;
        state.message_key.clear();
        break;
      case PinMode::ConfirmNew:
        if (pin != state.first_entry) {
          state.mode = PinMode::SetNew;
          state.message_key = "pin.mismatch";
        } else {
          try {
            app.pin->set(pin);
            done = true;
          } catch (const std::exception& e) {
            state.mode = PinMode::SetNew;
            state.message_key = "pin.cannot_set";
            std::fprintf(stderr, "peilpunt: cannot store the staff PIN: %s\n", e.what());
          }
        }
        state.first_entry.clear();
        break;
    }
  }
  ImGui::Dummy({0, t.gap});
  if (can_cancel && ui::button(app, "pin_cancel", app.tr("pin.cancel"), {column, t.touch_px}, ui::ButtonStyle::Quiet)) {
    state = PinPadState{};
    app.handle(app.flow->leave(Clock::now()));
  }
  ImGui::EndGroup();
  return done;
}

void draw_pin_pad(App& app) {
  app.pinpad.mode = PinMode::Unlock;
  if (draw_pin_entry(app, app.pinpad, app.tr("pin.title"), true)) {
    app.pinpad = PinPadState{};
    app.handle(app.flow->pin_accepted(Clock::now()));
    app.open_staff_panel();
  }
}

void draw_set_pin(App& app) {
  if (app.pinpad.mode == PinMode::Unlock) app.pinpad.mode = PinMode::SetNew;
  const std::string title = app.tr(app.pinpad.mode == PinMode::SetNew ? "pin.choose" : "pin.confirm");
  if (draw_pin_entry(app, app.pinpad, title, false)) {
    app.pinpad = PinPadState{};
    app.handle(app.flow->pin_set(Clock::now()));
  }
}

}  // namespace peilpunt::kiosk
