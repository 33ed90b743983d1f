// A respondent who answers at random but validly: for `peilpunt simulate`, demos and load tests.
// It drives the same Session the kiosk does, so every answer passed the same validation.
//
// **Example**:
//   std::mt19937_64 rng(seed);
//   survey::Session s(loaded.survey, "nl", now_ms);
//   if (survey::fill_randomly(s, rng)) store(s.result_data());
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
