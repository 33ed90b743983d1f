#include <tuple>

#include <catch2/catch.hpp>

#include "kiosk/core/theme.hpp"

using namespace peilpunt::kiosk;

TEST_CASE("contrast ratio follows WCAG 2") {
  CHECK(contrast_ratio(rgb(0, 0, 0), rgb(255, 255, 255)) == Approx(21.0));
  CHECK(contrast_ratio(rgb(255, 255, 255), rgb(255, 255, 255)) == Approx(1.0));
  CHECK(contrast_ratio(rgb(0x76, 0x76, 0x76), rgb(255, 255, 255)) == Approx(4.54).epsilon(0.01));
}

TEST_CASE("every text colour of the default theme has at least 7:1 contrast on its background") {
  const Palette p;
  struct Pair { const char* what; Rgba text, background; };
  const Pair pairs[] = {
      {"text on background", p.text, p.background},     {"text on tiles", p.text, p.surface},
      {"text on a chosen tile", p.text, p.selected},     {"description", p.muted_text, p.background},
      {"placeholder in a field", p.muted_text, p.surface}, {"button text", p.on_primary, p.primary},
      {"pressed button text", p.on_primary, p.primary_pressed}, {"secondary button", p.primary, p.surface},
      {"pressed secondary button", p.primary, p.selected}, {"error message", p.error, p.error_fill},
      {"error on background", p.error, p.background},    {"keyboard key on the keyboard", p.primary, p.surface},
  };
  for (const auto& pair : pairs) {
    INFO(pair.what << ": " << contrast_ratio(pair.text, pair.background));
    CHECK(contrast_ratio(pair.text, pair.background) >= 7.0);
  }
  // Outlines and the focus ring are not text: 3:1 (WCAG 1.4.11) against what they sit on.
  CHECK(contrast_ratio(p.outline, p.surface) >= 3.0);
  CHECK(contrast_ratio(p.focus, p.surface) >= 3.0);
  CHECK(contrast_ratio(p.primary, p.background) >= 3.0);
}

TEST_CASE("touch targets are at least 12 mm and text scales with the screen") {
  const Theme tablet = Theme::for_screen(1280, 800, 217);
  CHECK(tablet.touch_px >= 12 * 1280 / 217.0 - 0.01);
  const Theme full_hd = Theme::for_screen(1920, 1080, 344);  // a 15.6" screen
  CHECK(full_hd.touch_px >= 12 * 1920 / 344.0 - 0.01);
  CHECK(full_hd.font_px > tablet.font_px);
  CHECK(tablet.font_px >= 24);  // readable at arm's length
  const Theme big = Theme::for_screen(1280, 800, 217, 1.4f);
  CHECK(big.font_px == Approx(tablet.font_px * 1.4f).margin(1.0));
}

TEST_CASE("big text makes text, titles, controls and gaps 1.4 times larger on every screen") {
  for (auto [w, h, mm] : {std::tuple{1280, 800, 217}, std::tuple{1920, 1080, 344}, std::tuple{800, 1280, 135}}) {
    const Theme normal = Theme::for_screen(w, h, mm), big = Theme::for_screen(w, h, mm, 1.4f);
    INFO(w << "x" << h);
    CHECK(big.font_px == Approx(normal.font_px * 1.4f).margin(1.0));
    CHECK(big.title_px == Approx(normal.title_px * 1.4f).margin(1.5));
    CHECK(big.small_px == Approx(normal.small_px * 1.4f).margin(1.5));
    CHECK(big.touch_px == Approx(normal.touch_px * 1.4f).margin(1.5));
    CHECK(big.gap == Approx(normal.gap * 1.4f).margin(1.0));
  }
}
