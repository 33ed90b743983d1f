#include "kiosk/core/staff_stats.hpp"

#include <ctime>
#include <map>

namespace peilpunt::kiosk {

namespace {

bool is_closed(const survey::Element& e) {
  using T = survey::QuestionType;
  return !e.is_panel && (e.type == T::Radiogroup || e.type == T::Checkbox || e.type == T::Dropdown ||
                         e.type == T::Boolean || e.type == T::Rating);
}

// A chart's bars with the value each stands for, in the questionnaire's order.
struct Bars {
  QuestionChart chart;
  std::vector<nlohmann::json> values;

  void add(nlohmann::json value, std::string label) {
    values.push_back(std::move(value));
    chart.bars.push_back({std::move(label), 0});
  }
  void count(const nlohmann::ordered_json& answer) {
    for (std::size_t i = 0; i < values.size(); ++i)
      if (survey::same_choice_value(values[i], answer)) {
        ++chart.bars[i].count;
        return;
      }
  }
};

Bars empty_bars(const survey::Element& e, const std::string& locale, const std::string& survey_locale) {
  using survey::BuiltinItem;
  Bars b;
  b.chart.name = e.name;
  b.chart.title = e.title.get(locale, survey_locale);
  if (b.chart.title.empty()) b.chart.title = e.name;
  const auto choices = e.type == survey::QuestionType::Rating ? e.rating_items() : e.choices;
  for (const auto& c : choices) b.add(c.value, c.label(locale, survey_locale));
  if (e.type == survey::QuestionType::Boolean) {
    b.add(true, e.item_label(BuiltinItem::True, locale, survey_locale));
    b.add(false, e.item_label(BuiltinItem::False, locale, survey_locale));
  }
  if (e.has_other) b.add("other", e.item_label(BuiltinItem::Other, locale, survey_locale));
  if (e.has_none) b.add("none", e.item_label(BuiltinItem::None, locale, survey_locale));
  return b;
}

}  // namespace

std::string today_local_date() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &local);
  return buf;
}

TodayStats compute_today_stats(const sync::Outbox& outbox, const survey::Survey& survey,
                               const std::string& locale, const std::string& date) {
  TodayStats stats;
  stats.date = date;
  std::vector<const survey::Element*> questions;
  std::vector<Bars> bars;
  for (int q : survey.questions) {
    const auto& e = survey.elements[static_cast<std::size_t>(q)];
    if (!is_closed(e)) continue;
    questions.push_back(&e);
    bars.push_back(empty_bars(e, locale, survey.locale));
  }
  outbox.for_each([&](const sync::StoredResponse& r) {
    const auto& env = r.envelope;
    if (env.completed_at.compare(0, date.size(), date) != 0) return;
    ++stats.responses_today;
    if (env.survey.id != survey.id) return;
    ++stats.survey_today;
    for (std::size_t i = 0; i < questions.size(); ++i) {
      auto it = env.data.find(questions[i]->name);
      if (it == env.data.end()) continue;
      ++bars[i].chart.answered;
      if (it->is_array()) {
        for (const auto& v : *it) bars[i].count(v);
      } else {
        bars[i].count(*it);
      }
    }
  });
  for (auto& b : bars) stats.charts.push_back(std::move(b.chart));
  return stats;
}

}  // namespace peilpunt::kiosk
