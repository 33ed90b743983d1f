// The PIN keypad shared by the unlock screen, the first-start PIN choice and "change PIN" in
// the staff panel.
#pragma once

#include <string>

#include "kiosk/app/app.hpp"

namespace peilpunt::kiosk {

// Draws title, dots, message and keypad for `state.mode`; true once the PIN was accepted (Unlock)
// or stored (SetNew + ConfirmNew). The cancel button (when allowed) leaves to the welcome screen.
bool draw_pin_entry(App& app, PinPadState& state, const std::string& title, bool can_cancel);

}  // namespace peilpunt::kiosk
