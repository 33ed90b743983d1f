// What the kiosk reads aloud (espeak-ng, kiosk/core/speech.hpp): a question with its choices when
// its speaker button is tapped, a whole page when it appears with "Lees de vragen voor" on. Also
// the words under the smileys, which the screen shows and the speech reads. No ImGui.
//
// **Example**:
//   auto read_page = [](Kiosk& kiosk) { kiosk.say(spoken_page_text(kiosk), "page"); };
//   auto read_question = [](Kiosk& kiosk, int element) {
//     kiosk.say(spoken_text(kiosk, element), kiosk.survey().model->elements[static_cast<std::size_t>(element)].name);
//   };
#pragma once

#include <string>
#include <vector>

#include "kiosk/core/kiosk.hpp"

namespace peilpunt::kiosk {

// A question: title (its name when it has none), description, then what can be chosen: the
// choices' labels, the smileys' words, or a rating's end descriptions; a matrix its rows.
std::string spoken_text(const Kiosk& kiosk, int element);
// The current page: title, description, then every visible question in drawing order (a panel
// its title, then its questions; an html block as plain text).
std::string spoken_page_text(const Kiosk& kiosk);
// The preview before completing: its title, then page by page each question with its answer.
std::string spoken_preview_text(const Kiosk& kiosk);
// The word under each smiley of a rating: its own text, else the rating's min/max description
// at the two ends, else nothing.
std::vector<std::string> face_labels(const Kiosk& kiosk, const survey::Element& rating, const std::vector<survey::Choice>& items);

}  // namespace peilpunt::kiosk
