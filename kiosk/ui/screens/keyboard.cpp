#include "kiosk/ui/screens/keyboard.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "kiosk/core/text.hpp"
#include "kiosk/ui/widgets.hpp"

namespace peilpunt::kiosk {

namespace {

// Special keys are spelled as words; the rest is what the key types.
constexpr const char* shift_key = "\001shift";
constexpr const char* back_key = "\001back";
constexpr const char* space_key = "\001space";
constexpr const char* done_key = "\001done";
constexpr const char* symbols_key = "\001symbols";

using Row = std::vector<const char*>;

std::vector<Row> letter_rows(bool symbols, bool email) {
  if (symbols)
    return {{"1", "2", "3", "4", "5", "6", "7", "8", "9", "0", back_key},
            {"-", "/", ":", ";", "(", ")", "\xE2\x82\xAC", "&", "@", "\""},
            {"+", "=", "%", "?", "!", "'", ",", ".", "_", "#"},
            {"\xC3\xAB", "\xC3\xA9", "\xC3\xA8", "\xC3\xAF", "\xC3\xB6", "\xC3\xBC", "\xC4\xB3", "\xC3\xA7", "\xC3\xA0"},
            {symbols_key, space_key, done_key}};
  return {{"q", "w", "e", "r", "t", "y", "u", "i", "o", "p", back_key},
          {"a", "s", "d", "f", "g", "h", "j", "k", "l", email ? "@" : "'"},
          {shift_key, "z", "x", "c", "v", "b", "n", "m", ",", ".", "-"},
          {"\xC3\xAB", "\xC3\xA9", "\xC3\xA8", "\xC3\xAF", "\xC3\xB6", "\xC3\xBC", "\xC4\xB3", email ? "_" : "?", "@"},
          {symbols_key, space_key, done_key}};
}

std::vector<Row> keypad_rows(KeyboardKind kind) {
  return {{"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"},
          {kind == KeyboardKind::Number ? "," : "-", "0", back_key}};
}

// 12 mm, or taller for the text: big text does not make the keys 1.4 times taller, or the
// keyboard would cover the field being typed into.
float key_height(const App& app) {
  return std::max(app.theme.min_touch_px, std::round(app.theme.font_px * 1.8f));
}

std::string key_label(const App& app, const std::string& key, bool shift) {
  if (key == shift_key) return app.tr("keyboard.shift");
  if (key == back_key) return app.tr("keyboard.backspace");
  if (key == space_key) return app.tr("keyboard.space");
  if (key == done_key) return app.tr("keyboard.done");
  if (key == symbols_key) return app.tr("keyboard.symbols");
  return shift ? utf8_upper(key) : key;
}

}  // namespace

float keyboard_height(const App& app, KeyboardKind kind) {
  const std::size_t rows = is_keypad(kind) ? 4 : 5;
  return static_cast<float>(rows) * (key_height(app) + app.theme.gap * 0.5f) + app.theme.gap * 2;
}

KeyboardResult draw_keyboard(App& app, KeyboardKind kind, KeyboardState& r, std::string& text) {
  const Theme& t = app.theme;
  const bool keypad = is_keypad(kind);
  const float total_width = ImGui::GetContentRegionAvail().x;
  const float key_gap = t.gap * 0.5f;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImVec2 top = ImGui::GetCursorScreenPos();
  draw->AddRectFilled({0, top.y}, {t.width, t.height}, ui::col(t.palette.selected));
  ImGui::Dummy({0, t.gap});
  KeyboardResult result = KeyboardResult::None;
  auto press = [&](const std::string& key) {
    if (key == done_key) {
      result = KeyboardResult::Done;
      return;
    }
    if (key == shift_key) {
      r.keyboard_shift = !r.keyboard_shift;
      return;
    }
    if (key == symbols_key) {
      r.keyboard_symbols = !r.keyboard_symbols;
      return;
    }
    if (key == back_key) {
      pop_utf8(text);
    } else if (key == space_key) {
      text += ' ';
    } else {
      text += r.keyboard_shift ? utf8_upper(key) : key;
      r.keyboard_shift = false;  // one capital, like a phone keyboard
    }
    result = KeyboardResult::Changed;
  };

  if (keypad) {
    // Three columns of digits, with "Klaar" beside them: thumbs reach it from the right.
    const float key_w = std::min(t.touch_px * 2.0f, (total_width - 4 * key_gap) / 4);
    const float left = (total_width - (key_w * 4 + key_gap * 3)) * 0.5f;
    const auto rows = keypad_rows(kind);
    ImVec2 origin = ImGui::GetCursorScreenPos();
    for (std::size_t row = 0; row < rows.size(); ++row) {
      for (std::size_t col = 0; col < rows[row].size(); ++col) {
        const std::string key = rows[row][col];
        ImGui::SetCursorScreenPos({origin.x + left + static_cast<float>(col) * (key_w + key_gap),
                                   origin.y + static_cast<float>(row) * (key_height(app) + key_gap)});
        std::string id = "key" + std::to_string(row) + "_" + std::to_string(col);
        if (ui::button(app, id.c_str(), key_label(app, key, false), {key_w, key_height(app)}, ui::ButtonStyle::Secondary))
          press(key);
      }
    }
    ImGui::SetCursorScreenPos({origin.x + left + 3 * (key_w + key_gap), origin.y});
    if (ui::button(app, "key_done", app.tr("keyboard.done"), {key_w, key_height(app) * 4 + key_gap * 3}))
      press(done_key);
    return result;
  }

  const auto rows = letter_rows(r.keyboard_symbols, kind == KeyboardKind::Email);
  const float unit = (total_width - 11 * key_gap) / 12;  // widest rows: 10 keys + a 1.5-wide one, or shift + 10
  for (std::size_t row = 0; row < rows.size(); ++row) {
    const Row& keys = rows[row];
    float row_width = 0;
    std::vector<float> widths;
    for (const char* key : keys) {
      float w = unit;
      if (std::string(key) == space_key) w = unit * 6 + key_gap * 5;
      else if (std::string(key) == done_key || std::string(key) == symbols_key) w = unit * 2 + key_gap;
      else if (std::string(key) == back_key || std::string(key) == shift_key) w = unit * 1.5f;
      widths.push_back(w);
      row_width += w;
    }
    row_width += key_gap * static_cast<float>(keys.size() - 1);
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (total_width - row_width) * 0.5f);
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (i > 0) ImGui::SameLine(0, key_gap);
      const std::string key = keys[i];
      std::string id = key == done_key ? "key_done" : "key" + std::to_string(row) + "_" + std::to_string(i);
      const bool special = key[0] == '\001';
      auto style = key == done_key ? ui::ButtonStyle::Primary
                   : (key == shift_key && r.keyboard_shift) ? ui::ButtonStyle::Primary
                                                            : ui::ButtonStyle::Secondary;
      if (ui::button(app, id.c_str(), key_label(app, key, r.keyboard_shift && !special), {widths[i], key_height(app)}, style))
        press(key);
    }
  }
  return result;
}

}  // namespace peilpunt::kiosk
