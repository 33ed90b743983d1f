// Model helpers: localized text lookup (survey-core's LocalizableString.pureText), name lookup,
// error formatting.
#include "survey/model.hpp"

namespace survey {
namespace {

const std::string* text_for(const LocalizedString& s, std::string_view locale) {
  for (const auto& [loc, text] : s.texts)
    if (loc == locale && !text.empty()) return &text;
  return nullptr;
}

}  // namespace

std::string LocalizedString::get(std::string_view locale, std::string_view survey_locale) const {
  // survey-core stores its default language "en" as "": English is the "default" text.
  auto effective = [](std::string_view l) { return l.empty() || l == "en" ? std::string_view("default") : l; };
  std::string_view loc = effective(locale.empty() ? survey_locale : locale);
  const std::string* res = text_for(*this, loc);
  if (!res && loc == "default") res = text_for(*this, "en");
  if (!res) {
    auto dash = loc.find('-');
    if (dash != std::string_view::npos) res = text_for(*this, loc.substr(0, dash));
  }
  if (!res && loc != "default") res = text_for(*this, "default");
  return res ? *res : std::string();
}

std::string Choice::label(std::string_view locale, std::string_view survey_locale) const {
  std::string translated = text.get(locale, survey_locale);
  if (!translated.empty()) return translated;
  return value.is_string() ? value.get<std::string>() : value.dump();
}

int Survey::index_of(std::string_view name) const {
  std::string wanted = js::lower(name);
  for (std::size_t i = 0; i < elements.size(); ++i)
    if (js::lower(elements[i].name) == wanted) return static_cast<int>(i);
  return -1;
}

const Element* Survey::find(std::string_view name) const {
  int i = index_of(name);
  return i < 0 ? nullptr : &elements[static_cast<std::size_t>(i)];
}

std::string LoadError::to_string() const {
  return file + ": " + (pointer.empty() ? "/" : pointer) + ": " + message;
}

}  // namespace survey
