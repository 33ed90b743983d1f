// Colours, font sizes and touch-target sizes of the kiosk, derived from the window size and the
// configured physical screen width, so 12 mm touch targets hold on any tablet.
//
// **Example**:
//   Theme theme = Theme::for_screen(1280, 800, /*screen_width_mm=*/217);
//   theme.touch_px;   // 12 mm in pixels at that density (≈ 71 px)
#pragma once

#include <cstdint>

namespace peilpunt::kiosk {

// 0xAABBGGRR like ImGui's IM_COL32, kept ImGui-free so tests can compute contrast.
using Rgba = std::uint32_t;
constexpr Rgba rgb(unsigned r, unsigned g, unsigned b) { return 0xFF000000u | (b << 16) | (g << 8) | r; }

struct Palette {
  Rgba background = rgb(0xFA, 0xF8, 0xF2);   // warm off-white
  Rgba surface = rgb(0xFF, 0xFF, 0xFF);      // tiles, fields
  Rgba text = rgb(0x1A, 0x1A, 0x1A);
  Rgba muted_text = rgb(0x3D, 0x3D, 0x3D);   // descriptions: still >= 7:1 on background
  Rgba primary = rgb(0x0B, 0x4A, 0x80);      // buttons, selection: white text on it
  Rgba primary_pressed = rgb(0x06, 0x2E, 0x52);
  Rgba on_primary = rgb(0xFF, 0xFF, 0xFF);
  Rgba selected = rgb(0xD9, 0xE8, 0xF5);     // a chosen tile's fill; text stays dark
  Rgba outline = rgb(0x4A, 0x4A, 0x4A);      // tile borders (non-text: >= 3:1)
  Rgba focus = rgb(0xC2, 0x5E, 0x00);        // keyboard-target outline
  Rgba error = rgb(0x8A, 0x12, 0x12);        // validation messages
  Rgba error_fill = rgb(0xFD, 0xEC, 0xEC);
  Rgba star = rgb(0xB8, 0x6E, 0x00);
};

struct Theme {
  Palette palette;
  float width = 1280, height = 800;
  float px_per_mm = 5.9f;
  float min_touch_px = 71;  // 12 mm: no control is ever smaller (the keyboard's keys are this)
  float touch_px = 71;      // touch target: 12 mm, 1.4 times that with big text
  float font_px = 28;       // body text
  float title_px = 40;      // page titles
  float small_px = 24;      // hints, progress
  float gap = 16;           // between controls
  float margin = 40;        // screen edge

  static Theme for_screen(int width, int height, double screen_width_mm, float text_scale = 1.0f);
};

// WCAG 2 contrast ratio of two opaque colours (1..21).
double contrast_ratio(Rgba a, Rgba b);

}  // namespace peilpunt::kiosk
