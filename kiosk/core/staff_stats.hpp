// Today's figures for the staff panel: responses per questionnaire and, per closed question,
// how often each answer was given. No ImGui; computed off the main thread.
//
// **Example**:
//   #include <iostream>
//   auto outbox = sync::Outbox::open("/var/lib/peilpunt/outbox.sqlite");
//   auto model = survey::load_file("assets/surveys/jeugdakkoord-midden-drenthe.json").survey;
//   TodayStats s = compute_today_stats(outbox, *model, "nl", today_local_date());
//   for (const QuestionChart& chart : s.charts) std::cout << chart.title << ": " << chart.answered << '\n';
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "survey/model.hpp"
#include "sync/outbox.hpp"

namespace peilpunt::kiosk {

struct BarCount {
  std::string label;
  std::int64_t count = 0;
};

struct QuestionChart {
  std::string name, title;
  std::vector<BarCount> bars;  // in the questionnaire's choice order
  std::int64_t answered = 0;   // responses that answered the question
};

struct TodayStats {
  std::string date;                  // YYYY-MM-DD, local
  std::int64_t responses_today = 0;  // all questionnaires
  std::int64_t survey_today = 0;     // this questionnaire
  std::vector<QuestionChart> charts; // one per closed question (choice, boolean, rating, dropdown)
};

std::string today_local_date();
// Counts responses whose completed_at starts with `date`. An answer counts for the bar of the
// choice it is by survey::same_choice_value, as in the exports ("2" is the choice 2); bars are
// labelled as the kiosk showed them (Element::item_label for "other", "none", yes and no).
TodayStats compute_today_stats(const sync::Outbox& outbox, const survey::Survey& survey,
                               const std::string& locale, const std::string& date);

}  // namespace peilpunt::kiosk
