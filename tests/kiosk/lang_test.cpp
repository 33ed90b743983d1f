#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "kiosk/core/lang.hpp"
#include "tests/sync/support.hpp"

using peilpunt::kiosk::Strings;
using peilpunt::kiosk::StringsError;
namespace fs = std::filesystem;

namespace {
const fs::path lang_dir = fs::path(PEILPUNT_SOURCE_DIR) / "assets/lang";

std::set<std::string> placeholders(const std::string& text) {
  std::set<std::string> found;
  static const std::regex pattern(R"(\{([a-z]+)\})");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern); it != std::sregex_iterator(); ++it)
    found.insert((*it)[1]);
  return found;
}
}  // namespace

TEST_CASE("every UI text key exists in Dutch and English, with the same placeholders") {
  Strings strings = Strings::load(lang_dir, {"nl", "en"});
  const auto& nl = strings.table("nl");
  const auto& en = strings.table("en");
  REQUIRE(nl.size() > 50);
  for (const auto& [key, text] : nl) {
    INFO("key " << key);
    REQUIRE(en.count(key) == 1);
    CHECK(placeholders(text) == placeholders(en.at(key)));
    CHECK_FALSE(text.empty());
  }
  for (const auto& [key, text] : en) {
    INFO("key " << key);
    CHECK(nl.count(key) == 1);
  }
}

TEST_CASE("every UI text key the code asks for exists") {
  // Keys are string literals in kiosk/: app.tr("x.y"), trf("x.y", ...), "error." + kind is
  // covered by the error.* keys below.
  Strings strings = Strings::load(lang_dir, {"nl", "en"});
  const auto& nl = strings.table("nl");
  static const std::regex call(R"((?:tr|trf|get)\((?:[a-z]+, )?\"([a-z_]+\.[a-z_]+)\")");
  std::size_t found = 0;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(PEILPUNT_SOURCE_DIR) / "kiosk")) {
    if (entry.path().extension() != ".cpp") continue;
    std::ifstream in(entry.path());
    std::string code((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (auto it = std::sregex_iterator(code.begin(), code.end(), call); it != std::sregex_iterator(); ++it) {
      ++found;
      INFO(entry.path().filename().string() << " asks for " << (*it)[1]);
      CHECK(nl.count((*it)[1]) == 1);
    }
  }
  CHECK(found > 40);
  for (const char* kind : {"required", "otherempty", "requirenumeric", "custom", "requiredinallrowserror"})
    CHECK(nl.count(std::string("error.") + kind) == 1);
}

TEST_CASE("format fills placeholders; a missing key shows itself instead of crashing") {
  Strings strings = Strings::load(lang_dir, {"nl", "en"});
  CHECK(strings.format("nl", "questions.progress", {{"n", "2"}, {"m", "7"}}) == "Stap 2 van 7");
  CHECK(strings.format("en", "questions.progress", {{"n", "2"}, {"m", "7"}}) == "Step 2 of 7");
  CHECK(strings.get("nl", "no.such_key") == "no.such_key");
  CHECK(strings.get("fr", "welcome.start") == "Begin");  // unknown language: the first one
}

TEST_CASE("a broken language file is an error naming the file and key") {
  // A folder of its own: under one fixed path, parallel runs would overwrite each other's nl.json.
  peilpunt::sync::testing::TempDir temp;
  const fs::path& dir = temp.path;
  std::ofstream(dir / "nl.json") << R"({"a.b": 3})";
  CHECK_THROWS_WITH(Strings::load(dir, {"nl"}), Catch::Contains("nl.json: /a.b: must be a string"));
  std::ofstream(dir / "nl.json") << "{";
  CHECK_THROWS_WITH(Strings::load(dir, {"nl"}), Catch::Contains("nl.json: /: not a JSON object"));
  CHECK_THROWS_AS(Strings::load(dir, {"xx"}), StringsError);
}
