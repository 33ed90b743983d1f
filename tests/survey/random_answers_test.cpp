// survey::fill_randomly: simulated respondents get through real questionnaires, and what they
// leave behind is what a respondent could have left (hidden answers cleared, required answered).
#include <random>

#include <catch2/catch.hpp>

#include "survey/random_answers.hpp"

namespace {

std::shared_ptr<const survey::Survey> load(const std::string& relative) {
  auto loaded = survey::load_file(std::filesystem::path(PEILPUNT_SOURCE_DIR) / relative);
  REQUIRE(loaded.ok());
  return loaded.survey;
}

}  // namespace

TEST_CASE("random respondents complete the Jeugdakkoord questionnaire with valid answers") {
  auto s = load("assets/surveys/jeugdakkoord-midden-drenthe.json");
  std::mt19937_64 rng(2026);
  int completed = 0;
  for (int i = 0; i < 200; ++i) {
    survey::Session session(s, i % 2 ? "nl" : "en", 1795428000000);
    if (!survey::fill_randomly(session, rng)) continue;
    ++completed;
    auto data = session.result_data();
    REQUIRE(data.contains("rol"));  // the one required question
    for (int q : s->questions) {
      const auto& name = s->elements[static_cast<std::size_t>(q)].name;
      if (!session.is_visible(q) && data.contains(name)) FAIL("hidden question '" << name << "' kept its answer");
    }
  }
  CHECK(completed == 200);
}

TEST_CASE("the same seed gives the same respondents") {
  auto s = load("assets/surveys/jeugdakkoord-midden-drenthe.json");
  auto run = [&](std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    survey::Session session(s, "nl", 1795428000000);
    REQUIRE(survey::fill_randomly(session, rng));
    return session.result_data().dump();
  };
  CHECK(run(7) == run(7));
  CHECK(run(7) != run(8));
}

TEST_CASE("random respondents get through the differential questionnaires") {
  for (const char* file : {"01-branching", "02-enable-required", "03-choices", "04-checkbox", "06-rating",
                           "07-matrix", "08-expressions", "09-localization", "10-everything"}) {
    auto s = load(std::string("tests/differential/surveys/") + file + ".json");
    std::mt19937_64 rng(1);
    int completed = 0;
    for (int i = 0; i < 30; ++i) {
      survey::Session session(s, "nl", 1795428000000);
      completed += survey::fill_randomly(session, rng);
    }
    INFO(file);
    CHECK(completed >= 20);  // some pages have cross-field rules random answers rarely meet
  }
}
