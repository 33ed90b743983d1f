// Drawing one questionnaire element (question or panel) with touch controls, and turning typed
// text into answers. Used by the questions screen; all answer logic goes through Session.
#pragma once

#include <string>

#include "kiosk/app/app.hpp"
#include "kiosk/screens/keyboard.hpp"

namespace peilpunt::kiosk {

void draw_element(App& app, int element, float width);
// The full-screen list of a dropdown question (Respondent::dropdown_open).
void draw_dropdown_list(App& app, int element);
// What the read-aloud button says: title, description and the choices' labels.
std::string spoken_text(const App& app, int element);
// What App::read_aloud reads when a page appears: its title, then every visible question's text.
std::string spoken_page_text(const App& app);
// Which keyboard the focused value key needs.
KeyboardKind keyboard_kind_for(const App& app, const std::string& value_key);
// The typed draft of `value_key` becomes its answer (a number, an ISO date, text) or clears it.
void apply_draft(App& app, const std::string& value_key);

}  // namespace peilpunt::kiosk
