// The on-screen keyboards: QWERTY with Dutch diacritics (ë é è ï ö ü ĳ) for text, comment and
// e-mail, a numeric keypad for numbers and dates. They edit a text and never cover the field:
// the questions screen shrinks above them and scrolls the field into view.
//
// **Example**:
//   auto type_into = [](App& app, std::string& draft) {
//     if (draw_keyboard(app, KeyboardKind::Letters, app.respondent->keyboard, draft) == KeyboardResult::Done)
//       app.focus("");  // "Klaar": the keyboard closes, the draft becomes the answer
//   };
#pragma once

#include <string>

#include "kiosk/core/typed_answer.hpp"
#include "kiosk/ui/app.hpp"

namespace peilpunt::kiosk {

enum class KeyboardResult { None, Changed, Done };

float keyboard_height(const App& app, KeyboardKind kind);
KeyboardResult draw_keyboard(App& app, KeyboardKind kind, KeyboardState& state, std::string& text);

}  // namespace peilpunt::kiosk
