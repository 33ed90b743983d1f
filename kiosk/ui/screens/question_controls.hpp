// Drawing one questionnaire element (question or panel) with touch controls. Used by the
// questions screen; what a tap or a typed text does to the answers is the core's
// (Kiosk::tap_choice, Kiosk::typed; kiosk/core/typed_answer.hpp).
#pragma once

#include "kiosk/ui/app.hpp"

namespace peilpunt::kiosk {

void draw_element(App& app, int element, float width);
// The messages of the last failed "next" for an element, or for -1 the page's own.
void draw_errors(App& app, int element, float width, int box = -1);
// The full-screen list of a dropdown question (Respondent::dropdown_open).
void draw_dropdown_list(App& app, int element);

}  // namespace peilpunt::kiosk
