#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "../sync/support.hpp"
#include "kiosk/core/staff_stats.hpp"
#include "survey/model.hpp"

using namespace peilpunt;
namespace fs = std::filesystem;

namespace {

std::shared_ptr<const survey::Survey> small_survey() {
  auto loaded = survey::load_text(R"({"pages": [{"name": "p", "elements": [
    {"type": "radiogroup", "name": "rol", "choices": [{"value": "jongere", "text": {"nl": "Jongere"}}, "ouder"], "showOtherItem": true},
    {"type": "checkbox", "name": "themas", "choices": ["sport", "school"], "showNoneItem": true},
    {"type": "rating", "name": "cijfer", "rateMin": 1, "rateMax": 3},
    {"type": "boolean", "name": "vervolg"},
    {"type": "comment", "name": "tip"}]}]})", "klein.json");
  REQUIRE(loaded.ok());
  return loaded.survey;
}

sync::Envelope response(const std::string& completed_at, nlohmann::ordered_json data, const std::string& survey_id = "klein") {
  sync::Envelope e = sync::testing::sample_envelope(1);
  e.id.clear();
  e.survey.id = survey_id;
  e.completed_at = completed_at;
  e.data = std::move(data);
  return e;
}

}  // namespace

TEST_CASE("today's staff charts count each closed question's answers of today only") {
  sync::testing::TempDir dir;
  auto outbox = sync::Outbox::open(dir.path / "outbox.sqlite");
  outbox.commit(response("2026-11-23T10:00:00+01:00", {{"rol", "jongere"}, {"themas", {"sport", "school"}}, {"cijfer", 3}, {"vervolg", true}}));
  outbox.commit(response("2026-11-23T11:00:00+01:00", {{"rol", "other"}, {"rol-Comment", "opa"}, {"themas", {"none"}}, {"cijfer", 3}}));
  outbox.commit(response("2026-11-22T23:59:00+01:00", {{"rol", "ouder"}}));               // yesterday
  outbox.commit(response("2026-11-23T12:00:00+01:00", {{"rol", "ouder"}}, "andere-lijst"));  // other questionnaire

  auto stats = kiosk::compute_today_stats(outbox, *small_survey(), "nl", "2026-11-23");
  CHECK(stats.responses_today == 3);
  CHECK(stats.survey_today == 2);
  REQUIRE(stats.charts.size() == 4);  // the comment is not a closed question
  const auto& rol = stats.charts[0];
  CHECK(rol.answered == 2);
  REQUIRE(rol.bars.size() == 3);
  CHECK(rol.bars[0].label == "Jongere");
  CHECK(rol.bars[0].count == 1);
  CHECK(rol.bars[1].label == "ouder");
  CHECK(rol.bars[1].count == 0);
  CHECK(rol.bars[2].label == "Iets anders");
  CHECK(rol.bars[2].count == 1);
  const auto& themas = stats.charts[1];
  CHECK(themas.bars[0].count == 1);
  CHECK(themas.bars[1].count == 1);
  CHECK(themas.bars[2].label == "Geen van deze");
  CHECK(themas.bars[2].count == 1);
  const auto& cijfer = stats.charts[2];
  REQUIRE(cijfer.bars.size() == 3);  // 1..3 derived from rateMin/rateMax
  CHECK(cijfer.bars[2].count == 2);
  const auto& vervolg = stats.charts[3];
  CHECK(vervolg.bars[0].label == "Ja");
  CHECK(vervolg.bars[0].count == 1);
  CHECK(vervolg.answered == 1);
}

// Drift ended (issue 12): the chart compared answers by their JSON text, the export as survey-core
// does, so an answer "2" to the choice 2 counted in the CSV but not on the staff panel.
TEST_CASE("choice equality drift: an answer \"2\" counts for the choice 2 in the staff chart as in the export") {
  sync::testing::TempDir dir;
  auto outbox = sync::Outbox::open(dir.path / "outbox.sqlite");
  auto loaded = survey::load_text(R"({"pages": [{"name": "p", "elements": [
    {"type": "radiogroup", "name": "klas", "choices": [1, 2, 3]},
    {"type": "checkbox", "name": "dagen", "choices": [1, 2]}]}]})", "getallen.json");
  REQUIRE(loaded.ok());
  outbox.commit(response("2026-11-23T10:00:00+01:00", {{"klas", "2"}, {"dagen", {"1", 2}}}, "getallen"));
  outbox.commit(response("2026-11-23T10:05:00+01:00", {{"klas", 2}}, "getallen"));
  auto stats = kiosk::compute_today_stats(outbox, *loaded.survey, "nl", "2026-11-23");
  REQUIRE(stats.charts.size() == 2);
  CHECK(stats.charts[0].bars[1].count == 2);
  CHECK(stats.charts[1].bars[0].count == 1);
  CHECK(stats.charts[1].bars[1].count == 1);
}
