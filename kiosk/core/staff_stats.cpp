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

std::string key_of(const nlohmann::json& value) { return value.dump(); }

QuestionChart empty_chart(const survey::Element& e, const std::string& locale, const std::string& survey_locale,
                          const DefaultLabels& labels) {
  QuestionChart chart;
  chart.name = e.name;
  chart.title = e.title.get(locale, survey_locale);
  if (chart.title.empty()) chart.title = e.name;
  const auto choices = e.type == survey::QuestionType::Rating ? e.rating_items() : e.choices;
  for (const auto& c : choices) chart.bars.push_back({c.label(locale, survey_locale), 0});
  if (e.type == survey::QuestionType::Boolean) {
    std::string yes = e.label_true.get(locale, survey_locale), no = e.label_false.get(locale, survey_locale);
    chart.bars.push_back({yes.empty() ? labels.yes : yes, 0});
    chart.bars.push_back({no.empty() ? labels.no : no, 0});
  }
  const std::string other = e.other_text.get(locale, survey_locale), none = e.none_text.get(locale, survey_locale);
  if (e.has_other) chart.bars.push_back({other.empty() ? labels.other : other, 0});
  if (e.has_none) chart.bars.push_back({none.empty() ? labels.none : none, 0});
  return chart;
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
                               const std::string& locale, const std::string& date, const DefaultLabels& labels) {
  TodayStats stats;
  stats.date = date;
  struct Index {
    const survey::Element* element;
    std::map<std::string, std::size_t> bar_of_value;
  };
  std::vector<Index> indexes;
  for (int q : survey.questions) {
    const auto& e = survey.elements[static_cast<std::size_t>(q)];
    if (!is_closed(e)) continue;
    QuestionChart chart = empty_chart(e, locale, survey.locale, labels);
    Index index{&e, {}};
    const auto choices = e.type == survey::QuestionType::Rating ? e.rating_items() : e.choices;
    std::size_t bar = 0;
    for (const auto& c : choices) index.bar_of_value[key_of(c.value)] = bar++;
    if (e.type == survey::QuestionType::Boolean) {
      index.bar_of_value[key_of(true)] = bar++;
      index.bar_of_value[key_of(false)] = bar++;
    }
    if (e.has_other) index.bar_of_value[key_of("other")] = bar++;
    if (e.has_none) index.bar_of_value[key_of("none")] = bar++;
    stats.charts.push_back(std::move(chart));
    indexes.push_back(std::move(index));
  }
  outbox.for_each([&](const sync::StoredResponse& r) {
    const auto& env = r.envelope;
    if (env.completed_at.compare(0, date.size(), date) != 0) return;
    ++stats.responses_today;
    if (env.survey.id != survey.id) return;
    ++stats.survey_today;
    for (std::size_t i = 0; i < indexes.size(); ++i) {
      auto it = env.data.find(indexes[i].element->name);
      if (it == env.data.end()) continue;
      ++stats.charts[i].answered;
      auto count = [&](const nlohmann::ordered_json& v) {
        auto bar = indexes[i].bar_of_value.find(v.dump());
        if (bar != indexes[i].bar_of_value.end()) ++stats.charts[i].bars[bar->second].count;
      };
      if (it->is_array()) {
        for (const auto& v : *it) count(v);
      } else {
        count(*it);
      }
    }
  });
  return stats;
}

}  // namespace peilpunt::kiosk
