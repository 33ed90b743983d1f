#include "kiosk/ui/widgets.hpp"

#include <algorithm>
#include <cmath>

#include "kiosk/core/text.hpp"

namespace peilpunt::kiosk::ui {

namespace {
constexpr float rounding = 12.0f;
constexpr float border = 3.0f;
}  // namespace

float text_height(const std::string& s, ImFont* font, float wrap_width) {
  return font->CalcTextSizeA(font->FontSize, FLT_MAX, wrap_width, s.c_str(), s.c_str() + s.size()).y;
}

void text(const std::string& s, ImFont* font, Rgba color, float wrap_width) {
  if (s.empty()) return;
  ImGui::PushFont(font);
  ImGui::PushStyleColor(ImGuiCol_Text, col(color));
  ImGui::PushTextWrapPos(wrap_width > 0 ? ImGui::GetCursorPosX() + wrap_width : 0.0f);
  ImGui::TextUnformatted(s.c_str(), s.c_str() + s.size());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  ImGui::PopFont();
}

void record(const App& app, const char* id, const std::string& label, bool text_fits, bool enabled) {
  if (!app.layout) return;
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  const ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 clip_a = draw->GetClipRectMin(), clip_b = draw->GetClipRectMax();
  const bool visible = a.x >= clip_a.x - 0.5f && a.y >= clip_a.y - 0.5f && b.x <= clip_b.x + 0.5f && b.y <= clip_b.y + 0.5f;
  app.layout->items.push_back({id, label, a.x, a.y, b.x, b.y, visible, text_fits, enabled});
}

bool button(const App& app, const char* id, const std::string& label, ImVec2 size, ButtonStyle style, bool enabled) {
  const Palette& p = app.theme.palette;
  size.y = std::max(size.y, app.theme.min_touch_px);
  ImVec2 pos = ImGui::GetCursorScreenPos();
  bool pressed = ImGui::InvisibleButton(id, size) && enabled;
  bool held = ImGui::IsItemActive() && enabled;
  ImFont* font = app.fonts.bold;
  const float wrap = size.x - 2 * app.theme.gap;
  const ImVec2 text_size = font->CalcTextSizeA(font->FontSize, FLT_MAX, wrap, label.c_str());
  // Fits: inside the border (one glyph on a narrow key is wider than `wrap` and still fits).
  record(app, id, label, text_size.x <= size.x - 2 * border && text_size.y <= size.y, enabled);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImVec2 end{pos.x + size.x, pos.y + size.y};
  ImU32 fill, line, ink;
  switch (style) {
    case ButtonStyle::Primary:
      fill = col(held ? p.primary_pressed : p.primary);
      line = fill;
      ink = col(p.on_primary);
      break;
    case ButtonStyle::Secondary:
      fill = col(held ? p.selected : p.surface);
      line = col(p.primary);
      ink = col(p.primary);
      break;
    default:
      fill = col(held ? p.selected : p.background);
      line = col(held ? p.outline : p.background);
      ink = col(p.text);
  }
  if (!enabled) {
    fill = col(p.background);
    line = col(p.outline);
    ink = col(p.muted_text);
  }
  draw->AddRectFilled(pos, end, fill, rounding);
  draw->AddRect(pos, end, line, rounding, 0, border);
  ImVec2 at{pos.x + (size.x - text_size.x) * 0.5f, pos.y + (size.y - text_size.y) * 0.5f};
  draw->AddText(font, font->FontSize, at, ink, label.c_str(), nullptr, wrap);
  return pressed;
}

namespace {
struct TileText {
  float mark_size, text_left, wrap;
  ImVec2 label_size;
  float height;
};
TileText tile_text(const App& app, const std::string& label, TileMark mark, float width) {
  const Theme& t = app.theme;
  ImFont* font = app.fonts.body;
  TileText m;
  m.mark_size = t.font_px * 1.1f;
  m.text_left = t.gap * 1.5f + (mark == TileMark::None ? 0 : m.mark_size + t.gap);
  m.wrap = width - m.text_left - t.gap * 1.5f;
  m.label_size = font->CalcTextSizeA(font->FontSize, FLT_MAX, m.wrap, label.c_str());
  m.height = std::max(t.touch_px, m.label_size.y + 2 * t.gap);
  return m;
}
}  // namespace

float tile_height(const App& app, const std::string& label, TileMark mark, float width) {
  return tile_text(app, label, mark, width).height;
}

bool tile(const App& app, const char* id, const std::string& label, bool selected, TileMark mark, float width) {
  const Theme& t = app.theme;
  const Palette& p = t.palette;
  ImFont* font = app.fonts.body;
  const TileText m = tile_text(app, label, mark, width);
  const float mark_size = m.mark_size, text_left = m.text_left, wrap = m.wrap, height = m.height;
  const ImVec2 label_size = m.label_size;
  const float label_h = label_size.y;
  ImVec2 pos = ImGui::GetCursorScreenPos();
  bool pressed = ImGui::InvisibleButton(id, {width, height});
  bool held = ImGui::IsItemActive();
  record(app, id, label, label_size.x <= wrap + 0.5f);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImVec2 end{pos.x + width, pos.y + height};
  draw->AddRectFilled(pos, end, col(held ? p.selected : selected ? p.selected : p.surface), rounding);
  draw->AddRect(pos, end, col(selected ? p.primary : p.outline), rounding, 0, selected ? border * 1.7f : border * 0.7f);
  const ImVec2 mark_center{pos.x + t.gap * 1.5f + mark_size * 0.5f, pos.y + height * 0.5f};
  if (mark == TileMark::Radio) {
    draw->AddCircle(mark_center, mark_size * 0.5f, col(selected ? p.primary : p.outline), 24, border);
    if (selected) draw->AddCircleFilled(mark_center, mark_size * 0.28f, col(p.primary), 24);
  } else if (mark == TileMark::Check) {
    ImVec2 a{mark_center.x - mark_size * 0.5f, mark_center.y - mark_size * 0.5f};
    ImVec2 b{mark_center.x + mark_size * 0.5f, mark_center.y + mark_size * 0.5f};
    if (selected) draw->AddRectFilled(a, b, col(p.primary), 6);
    draw->AddRect(a, b, col(selected ? p.primary : p.outline), 6, 0, border);
    if (selected) {
      ImVec2 tick[3] = {{a.x + mark_size * 0.2f, a.y + mark_size * 0.52f},
                        {a.x + mark_size * 0.42f, a.y + mark_size * 0.74f},
                        {a.x + mark_size * 0.8f, a.y + mark_size * 0.28f}};
      draw->AddPolyline(tick, 3, col(p.on_primary), 0, border * 1.3f);
    }
  }
  draw->AddText(font, font->FontSize, {pos.x + text_left, pos.y + (height - label_h) * 0.5f}, col(p.text),
                label.c_str(), nullptr, wrap);
  return pressed;
}

bool field(const App& app, const char* id, const std::string& value, const std::string& placeholder, bool focused,
           float width, float height) {
  const Theme& t = app.theme;
  const Palette& p = t.palette;
  height = std::max(height, t.touch_px);
  ImVec2 pos = ImGui::GetCursorScreenPos();
  bool pressed = ImGui::InvisibleButton(id, {width, height});
  record(app, id, value);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImVec2 end{pos.x + width, pos.y + height};
  draw->AddRectFilled(pos, end, col(p.surface), rounding * 0.5f);
  draw->AddRect(pos, end, col(focused ? p.focus : p.outline), rounding * 0.5f, 0, focused ? border * 1.5f : border * 0.7f);
  ImFont* font = app.fonts.body;
  const bool empty = value.empty();
  const std::string& shown = empty ? placeholder : value;
  const float wrap = width - 2 * t.gap;
  ImVec2 origin{pos.x + t.gap, pos.y + (height > t.touch_px * 1.2f ? t.gap : (height - font->FontSize) * 0.5f)};
  draw->PushClipRect(pos, end, true);
  draw->AddText(font, font->FontSize, origin, col(empty ? p.muted_text : p.text), shown.c_str(), nullptr, wrap);
  if (focused) {
    // The caret sits after the last character; the text can only grow or shrink at its end.
    ImVec2 caret = origin;
    if (!empty) {
      ImVec2 all = font->CalcTextSizeA(font->FontSize, FLT_MAX, wrap, value.c_str());
      std::size_t line_start = value.rfind('\n');
      line_start = line_start == std::string::npos ? 0 : line_start + 1;
      // Width of the last wrapped line: measure the text after the last line break that fits.
      const char* last_line = value.c_str() + line_start;
      const char* s = last_line;
      const char* end_text = value.c_str() + value.size();
      while (s < end_text) {
        const char* wrap_at = font->CalcWordWrapPositionA(1.0f, s, end_text, wrap);
        if (wrap_at >= end_text || wrap_at == s) break;
        s = wrap_at;
        while (s < end_text && *s == ' ') ++s;
      }
      caret.x += font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, s, end_text).x;
      caret.y += all.y - font->FontSize;
    }
    draw->AddLine({caret.x + 2, caret.y}, {caret.x + 2, caret.y + font->FontSize}, col(p.text), 3.0f);
  }
  draw->PopClipRect();
  return pressed;
}

void smiley(ImDrawList* draw, ImVec2 c, float r, int mood, ImU32 line, ImU32 fill) {
  const float w = std::max(2.0f, r * 0.09f);
  draw->AddCircleFilled(c, r, fill, 48);
  draw->AddCircle(c, r, line, 48, w);
  draw->AddCircleFilled({c.x - r * 0.35f, c.y - r * 0.25f}, r * 0.1f, line, 16);
  draw->AddCircleFilled({c.x + r * 0.35f, c.y - r * 0.25f}, r * 0.1f, line, 16);
  // Mouth: a parabola from frown (mood 0) through straight (2) to a wide smile (4).
  const float curve = (static_cast<float>(mood) - 2.0f) * 0.16f * r;
  ImVec2 points[13];
  for (int i = 0; i <= 12; ++i) {
    float x = -0.45f + 0.9f * static_cast<float>(i) / 12.0f;
    points[i] = {c.x + x * r, c.y + r * 0.35f + curve * (1.0f - (x * x) / (0.45f * 0.45f))};
  }
  draw->AddPolyline(points, 13, line, 0, w);
}

void star(ImDrawList* draw, ImVec2 c, float r, ImU32 line, ImU32 fill, bool filled) {
  ImVec2 points[10];
  for (int i = 0; i < 10; ++i) {
    float angle = -1.5707963f + static_cast<float>(i) * 3.14159265f / 5.0f;
    float radius = (i % 2 == 0) ? r : r * 0.45f;
    points[i] = {c.x + std::cos(angle) * radius, c.y + std::sin(angle) * radius};
  }
  if (filled) {
    // The star is not convex: fill it as five triangles around the centre plus the pentagon.
    for (int i = 0; i < 10; ++i) draw->AddTriangleFilled(c, points[i], points[(i + 1) % 10], fill);
  }
  draw->AddPolyline(points, 10, line, ImDrawFlags_Closed, std::max(2.0f, r * 0.08f));
}

bool speaker(const App& app, const char* id, bool active) {
  const Palette& p = app.theme.palette;
  const float size = app.theme.touch_px;
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const bool pressed = ImGui::InvisibleButton(id, {size, size});
  const bool held = ImGui::IsItemActive();
  record(app, id, active ? "stop" : "speak");
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(pos, {pos.x + size, pos.y + size}, col(held || active ? p.selected : p.surface), rounding);
  draw->AddRect(pos, {pos.x + size, pos.y + size}, col(p.primary), rounding, 0, border);
  // Loudspeaker: a box and a cone, then two arcs for sound.
  const float u = size / 10.0f;
  const ImVec2 o{pos.x + u * 2.2f, pos.y + size * 0.5f};
  draw->AddRectFilled({o.x, o.y - u * 1.2f}, {o.x + u * 1.4f, o.y + u * 1.2f}, col(p.primary));
  ImVec2 cone[4] = {{o.x + u * 1.4f, o.y - u * 1.2f}, {o.x + u * 3.4f, o.y - u * 3.0f},
                    {o.x + u * 3.4f, o.y + u * 3.0f}, {o.x + u * 1.4f, o.y + u * 1.2f}};
  draw->AddConvexPolyFilled(cone, 4, col(p.primary));
  const ImVec2 c{o.x + u * 3.6f, o.y};
  for (int i = 1; i <= (active ? 3 : 2); ++i)
    draw->PathArcTo(c, u * (1.3f * static_cast<float>(i)), -0.9f, 0.9f, 12), draw->PathStroke(col(p.primary), 0, u * 0.45f);
  return pressed;
}

void progress(const App& app, float fraction, ImVec2 size) {
  const Palette& p = app.theme.palette;
  ImVec2 pos = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(pos, {pos.x + size.x, pos.y + size.y}, col(p.selected), size.y * 0.5f);
  draw->AddRectFilled(pos, {pos.x + size.x * std::clamp(fraction, 0.0f, 1.0f), pos.y + size.y}, col(p.primary), size.y * 0.5f);
  ImGui::Dummy(size);
}

bool take_hardware_typing(std::string& text, bool& enter, bool digits_only) {
  ImGuiIO& io = ImGui::GetIO();
  bool changed = false;
  for (ImWchar c : io.InputQueueCharacters) {
    if (c < 0x20 || c == 0x7F) continue;
    if (digits_only && !(c >= '0' && c <= '9') && c != ',' && c != '.' && c != '-') continue;
    append_utf8(text, c);
    changed = true;
  }
  io.InputQueueCharacters.resize(0);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace)) && !text.empty()) {
    pop_utf8(text);
    changed = true;
  }
  enter = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) ||
          ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter));
  return changed;
}

}  // namespace peilpunt::kiosk::ui
