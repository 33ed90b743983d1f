// Touch widgets drawn with ImGui's draw list: big buttons and answer tiles at least one touch
// target high, text fields that take input from the on-screen or a hardware keyboard, smileys
// and stars. Every widget shows pressed and selected states.
//
// **Example**:
//   auto draw_start = [](App& app, float width) {
//     if (button(app, "start", app.tr("welcome.start"), {width, app.theme.touch_px * 1.4f})) app.start_respondent(Clock::now());
//   };
//   auto draw_role = [](App& app, bool chosen, float width) { return tile(app, "rol/0", "Jongere", chosen, TileMark::Radio, width); };
#pragma once

#include <string>

#include <imgui.h>

#include "kiosk/ui/app.hpp"

namespace peilpunt::kiosk::ui {

enum class ButtonStyle { Primary, Secondary, Quiet };
enum class TileMark { Radio, Check, None };

inline ImU32 col(Rgba c) { return static_cast<ImU32>(c); }

// Text wrapped at the available width (or `wrap_width`), in a font and colour.
void text(const std::string& s, ImFont* font, Rgba color, float wrap_width = 0);
float text_height(const std::string& s, ImFont* font, float wrap_width);

bool button(const App& app, const char* id, const std::string& label, ImVec2 size,
            ButtonStyle style = ButtonStyle::Primary, bool enabled = true);
// An answer tile: label left, a radio or check mark, full `width`, grows with wrapped text.
bool tile(const App& app, const char* id, const std::string& label, bool selected, TileMark mark, float width);
float tile_height(const App& app, const std::string& label, TileMark mark, float width);
// A field showing `value` (or the placeholder, dimmed) with a caret when focused. Returns true
// when touched (the caller then focuses it).
bool field(const App& app, const char* id, const std::string& value, const std::string& placeholder,
           bool focused, float width, float height);
// mood 0 (very sad) .. 4 (very happy); `count` faces map onto the five moods.
void smiley(ImDrawList* draw, ImVec2 center, float radius, int mood, ImU32 line, ImU32 fill);
void star(ImDrawList* draw, ImVec2 center, float radius, ImU32 line, ImU32 fill, bool filled);
void progress(const App& app, float fraction, ImVec2 size);
// A square button with a loudspeaker (sound waves while `active`): read this question aloud.
bool speaker(const App& app, const char* id, bool active);

// Notes the last item (an InvisibleButton) for --layout-file; a no-op otherwise. `text_fits`:
// its label, as drawn, stays inside it.
void record(const App& app, const char* id, const std::string& label, bool text_fits = true, bool enabled = true);

// Characters typed on a hardware keyboard this frame, applied to `text`; true when changed.
// Enter sets `enter`.
bool take_hardware_typing(std::string& text, bool& enter, bool digits_only);

}  // namespace peilpunt::kiosk::ui
