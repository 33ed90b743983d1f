#include "kiosk/core/theme.hpp"

#include <algorithm>
#include <cmath>

namespace peilpunt::kiosk {

Theme Theme::for_screen(int width, int height, double screen_width_mm, float text_scale) {
  Theme t;
  t.width = static_cast<float>(width);
  t.height = static_cast<float>(height);
  t.px_per_mm = static_cast<float>(width / std::max(50.0, screen_width_mm));
  // Text follows the shorter side so portrait and landscape read alike: 800 px -> 28 px.
  const float base = static_cast<float>(std::min(width, height)) * 0.035f * text_scale;
  t.font_px = std::round(std::max(16.0f, base));
  t.title_px = std::round(t.font_px * 1.45f);
  t.small_px = std::round(t.font_px * 0.86f);
  // Big text makes the controls that much larger too, or its words would not fit them.
  t.min_touch_px = 12.0f * t.px_per_mm;
  t.touch_px = std::max(t.min_touch_px * text_scale, t.font_px * 2.2f);
  t.gap = std::round(t.font_px * 0.55f);
  t.margin = std::round(std::max(t.font_px, static_cast<float>(width) * 0.03f));
  return t;
}

namespace {
double channel(unsigned value) {
  const double c = value / 255.0;
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}
double luminance(Rgba c) {
  return 0.2126 * channel(c & 0xFF) + 0.7152 * channel((c >> 8) & 0xFF) + 0.0722 * channel((c >> 16) & 0xFF);
}
}  // namespace

double contrast_ratio(Rgba a, Rgba b) {
  double la = luminance(a), lb = luminance(b);
  if (la < lb) std::swap(la, lb);
  return (la + 0.05) / (lb + 0.05);
}

}  // namespace peilpunt::kiosk
