// The PIN keypad shared by the unlock screen, the first-start PIN choice and "change PIN" in
// the staff panel.
#pragma once

#include <string>

#include "kiosk/ui/app.hpp"

namespace peilpunt::kiosk {

// Draws title, dots, message and keypad for `entry`; OK goes to Kiosk::pin_ok, whose answer
// arrives in a later frame (entry.stored(), or the panel opened). True when the cancel button
// (shown when `can_cancel`) was pressed.
bool draw_pin_entry(App& app, PinEntry& entry, const std::string& title, bool can_cancel);

}  // namespace peilpunt::kiosk
