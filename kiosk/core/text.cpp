#include "kiosk/core/text.hpp"

#include <cctype>
#include <utility>

#include "survey/utf8.hpp"

namespace peilpunt::kiosk {

namespace {

bool is_block_tag(std::string_view tag) {
  for (std::string_view block : {"p", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "ul", "ol"})
    if (tag == block) return true;
  return false;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "&amp;" at html[pos] -> "&"; returns the length consumed (0 when not an entity we know).
std::size_t decode_entity(std::string_view html, std::size_t pos, std::string& out) {
  static const std::pair<std::string_view, std::string_view> named[] = {
      {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"},
      {"&nbsp;", " "}, {"&euml;", "\xC3\xAB"}, {"&eacute;", "\xC3\xA9"}, {"&iuml;", "\xC3\xAF"},
      {"&ouml;", "\xC3\xB6"}, {"&uuml;", "\xC3\xBC"}, {"&egrave;", "\xC3\xA8"}, {"&ndash;", "\xE2\x80\x93"},
      {"&mdash;", "\xE2\x80\x94"}, {"&hellip;", "\xE2\x80\xA6"}};
  for (const auto& [entity, text] : named)
    if (html.substr(pos, entity.size()) == entity) {
      out += text;
      return entity.size();
    }
  if (html.substr(pos, 2) == "&#") {
    std::size_t end = html.find(';', pos);
    if (end == std::string_view::npos || end - pos > 10) return 0;
    bool hex = pos + 2 < html.size() && (html[pos + 2] == 'x' || html[pos + 2] == 'X');
    std::string digits(html.substr(pos + (hex ? 3 : 2), end - pos - (hex ? 3 : 2)));
    if (digits.empty()) return 0;
    char32_t cp = 0;
    for (char c : digits) {
      int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
              : hex && std::isxdigit(static_cast<unsigned char>(c)) ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                                                                    : -1;
      if (d < 0 || cp > 0x10FFFF) return 0;
      cp = cp * (hex ? 16u : 10u) + static_cast<char32_t>(d);
    }
    if (cp == 0 || cp > 0x10FFFF) return 0;
    append_utf8(out, cp);
    return end - pos + 1;
  }
  return 0;
}

}  // namespace

std::string plain_text_from_html(std::string_view html) {
  std::string flat;
  for (std::size_t i = 0; i < html.size();) {
    char c = html[i];
    const bool tag_start = c == '<' && i + 1 < html.size() &&
                           (std::isalpha(static_cast<unsigned char>(html[i + 1])) || html[i + 1] == '/' || html[i + 1] == '!');
    if (tag_start) {
      std::size_t end = html.find('>', i);
      if (end == std::string_view::npos) break;  // an unclosed tag hides the rest, as a browser would
      std::string_view inside = html.substr(i + 1, end - i - 1);
      if (!inside.empty() && inside.front() == '/') inside.remove_prefix(1);
      std::size_t name_end = 0;
      while (name_end < inside.size() && std::isalnum(static_cast<unsigned char>(inside[name_end]))) ++name_end;
      if (is_block_tag(lower(inside.substr(0, name_end)))) flat += '\n';
      i = end + 1;
    } else if (c == '&') {
      std::size_t used = decode_entity(html, i, flat);
      if (used == 0) flat += c;
      i += used ? used : 1;
    } else {
      flat += (c == '\t' || c == '\r') ? ' ' : c == '\n' ? ' ' : c;
      ++i;
    }
  }
  // Collapse spaces, trim each line, at most one empty line in a row, none at the ends.
  std::string out;
  std::string line;
  int empty_lines = 0;
  auto flush = [&] {
    while (!line.empty() && line.back() == ' ') line.pop_back();
    if (line.empty()) {
      ++empty_lines;
    } else {
      if (!out.empty()) out += empty_lines > 1 ? "\n\n" : "\n";
      out += line;
      empty_lines = 0;
    }
    line.clear();
  };
  for (char c : flat) {
    if (c == '\n') flush();
    else if (c == ' ' && (line.empty() || line.back() == ' ')) continue;
    else line += c;
  }
  flush();
  return out;
}

void append_utf8(std::string& text, char32_t cp) { survey::encode_utf8(cp, text); }

void pop_utf8(std::string& text) {
  while (!text.empty()) {
    const auto byte = static_cast<unsigned char>(text.back());
    text.pop_back();
    if ((byte & 0xC0) != 0x80) break;  // stop after removing the lead byte
  }
}

std::size_t utf8_length(std::string_view text) {
  std::size_t n = 0;
  for (char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

std::string utf8_upper(std::string_view key) {
  if (key.size() == 1 && key[0] >= 'a' && key[0] <= 'z') return std::string(1, static_cast<char>(key[0] - 'a' + 'A'));
  // Latin-1 lower case letters U+00E0..U+00FE (not ÷) are upper case minus 0x20;
  // Latin Extended-A pairs (ĳ -> Ĳ) are upper case at the even code point.
  if (key.size() == 2) {
    char32_t cp = (static_cast<char32_t>(static_cast<unsigned char>(key[0]) & 0x1F) << 6) |
                  (static_cast<unsigned char>(key[1]) & 0x3F);
    std::string out;
    if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) append_utf8(out, cp - 0x20);
    else if (cp >= 0x100 && cp <= 0x137 && (cp & 1)) append_utf8(out, cp - 1);
    else return std::string(key);
    return out;
  }
  return std::string(key);
}

std::string short_time_text(std::string_view iso, std::string_view today) {
  auto digits = [&](std::size_t from, std::size_t n) {
    for (std::size_t i = from; i < from + n; ++i)
      if (i >= iso.size() || iso[i] < '0' || iso[i] > '9') return false;
    return true;
  };
  const bool parsed = iso.size() >= 16 && digits(0, 4) && iso[4] == '-' && digits(5, 2) && iso[7] == '-' &&
                      digits(8, 2) && iso[10] == 'T' && digits(11, 2) && iso[13] == ':' && digits(14, 2);
  if (!parsed) return std::string(iso);
  const std::string time(iso.substr(11, 5));
  if (iso.substr(0, 10) == today) return time;
  return std::string(iso.substr(8, 2)) + "-" + std::string(iso.substr(5, 2)) + "-" + std::string(iso.substr(0, 4)) + " " + time;
}

}  // namespace peilpunt::kiosk
