#include "kiosk/core/lang.hpp"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace peilpunt::kiosk {

Strings Strings::load(const std::filesystem::path& folder, const std::vector<std::string>& languages) {
  if (languages.empty()) throw StringsError("no UI languages given");
  Strings strings;
  strings.languages_ = languages;
  for (const auto& language : languages) {
    const auto file = folder / (language + ".json");
    std::ifstream in(file, std::ios::binary);
    if (!in) throw StringsError(file.string() + ": /: cannot read the UI text file");
    std::stringstream bytes;
    bytes << in.rdbuf();
    nlohmann::json doc = nlohmann::json::parse(bytes.str(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
      throw StringsError(file.string() + ": /: not a JSON object of \"key\": \"text\"");
    auto& table = strings.tables_[language];
    for (const auto& [key, value] : doc.items()) {
      if (!value.is_string()) throw StringsError(file.string() + ": /" + key + ": must be a string");
      table[key] = value.get<std::string>();
    }
  }
  return strings;
}

const std::map<std::string, std::string>& Strings::table(const std::string& language) const {
  auto it = tables_.find(language);
  return it != tables_.end() ? it->second : tables_.at(languages_.front());
}

const std::string& Strings::get(const std::string& language, const std::string& key) const {
  const auto& own = table(language);
  if (auto it = own.find(key); it != own.end()) return it->second;
  const auto& first = tables_.at(languages_.front());
  if (auto it = first.find(key); it != first.end()) return it->second;
  return key;
}

std::string Strings::format(const std::string& language, const std::string& key,
                            const std::vector<std::pair<std::string, std::string>>& values) const {
  std::string text = get(language, key);
  for (const auto& [name, value] : values) {
    const std::string placeholder = "{" + name + "}";
    for (auto pos = text.find(placeholder); pos != std::string::npos; pos = text.find(placeholder, pos + value.size()))
      text.replace(pos, placeholder.size(), value);
  }
  return text;
}

}  // namespace peilpunt::kiosk
