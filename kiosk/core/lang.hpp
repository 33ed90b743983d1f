// UI text per language, from assets/lang/<code>.json (flat "key": "text" objects). Code never
// holds UI text inline; tests check every key exists in every language.
//
// **Example**:
//   Strings strings = Strings::load("assets/lang", {"nl", "en"});
//   const std::string& start = strings.get("nl", "welcome.start");                          // "Begin"
//   std::string step = strings.format("en", "questions.progress", {{"n", "2"}, {"m", "7"}});  // "Step 2 of 7"
#pragma once

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace peilpunt::kiosk {

struct StringsError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Strings {
 public:
  // Reads folder/<code>.json for each language; a missing file, bad JSON or a non-string value
  // is a StringsError naming the file and key.
  static Strings load(const std::filesystem::path& folder, const std::vector<std::string>& languages);

  // The text, else the first language's text, else the key itself (visible, so a missing key is
  // noticed on screen rather than crashing the kiosk).
  const std::string& get(const std::string& language, const std::string& key) const;
  // get() with "{name}" placeholders replaced.
  std::string format(const std::string& language, const std::string& key,
                     const std::vector<std::pair<std::string, std::string>>& values) const;

  const std::vector<std::string>& languages() const { return languages_; }
  const std::map<std::string, std::string>& table(const std::string& language) const;

 private:
  std::vector<std::string> languages_;
  std::map<std::string, std::map<std::string, std::string>> tables_;
};

}  // namespace peilpunt::kiosk
