// Small text helpers the screens share: HTML shown as plain text (SurveyJS `html` questions and
// `completedHtml`) and UTF-8 editing for the on-screen keyboard. No ImGui.
//
// **Example**:
//   std::string thanks = plain_text_from_html("<h3>Dank je!</h3><p>Tot ziens &amp; doei</p>");  // "Dank je!\nTot ziens & doei"
//   std::string s = "Zo";
//   append_utf8(s, 0x00EB);  // "Zoë"
//   pop_utf8(s);             // "Zo"
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace peilpunt::kiosk {

// Tags removed; block tags (p, br, div, h1-h6, li, tr) become line breaks; the common entities
// decoded; runs of spaces collapsed; at most one empty line in a row.
std::string plain_text_from_html(std::string_view html);

void append_utf8(std::string& text, char32_t codepoint);
void pop_utf8(std::string& text);  // removes the last whole character
std::size_t utf8_length(std::string_view text);
// A stored time ("2026-11-23T17:12:16+01:00", as the tablet wrote it, in its local time) for
// staff: "17:12" on `today` ("2026-11-23"), else "23-11-2026 17:12". Anything else unchanged.
std::string short_time_text(std::string_view iso, std::string_view today);
std::string utf8_upper(std::string_view key);  // the shifted form of a keyboard key (a-z, ë, ĳ...)

}  // namespace peilpunt::kiosk
