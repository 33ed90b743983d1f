// A respondent who answers at random but validly: for `peilpunt simulate`, demos and load tests.
// It drives the same Session the kiosk does, so every answer passed the same validation.
//
// **Example**:
//   auto loaded = survey::load_file("assets/surveys/jeugdakkoord-midden-drenthe.json");
//   std::mt19937_64 rng(7);                            // the same seed, the same answers
//   survey::Session s(loaded.survey, "nl", 1.7e12);
//   if (survey::fill_randomly(s, rng)) nlohmann::ordered_json answers = s.result_data();
#pragma once

#include <random>

#include "survey/session.hpp"

namespace survey {

// Answers the visible questions of the current page (optional ones are sometimes skipped).
void answer_page_randomly(Session& session, std::mt19937_64& rng);
// From the current page to completion; false when some page could not be passed in a few tries
// (e.g. a regex validator the random texts never match).
bool fill_randomly(Session& session, std::mt19937_64& rng);

}  // namespace survey
