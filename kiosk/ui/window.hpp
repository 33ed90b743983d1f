// The GLFW window with Dear ImGui on OpenGL 3: full screen without decorations in kiosk mode
// (close requests ignored), a plain window with --windowed. Fonts are Noto Sans from Debian's
// fonts-noto-core, with ImGui's built-in font as a logged fallback.
//
// **Example**:
//   Window window({.windowed = true, .width = 1280, .height = 800});
//   Fonts fonts = window.load_fonts(Theme::for_screen(window.width(), window.height(), /*screen_width_mm=*/217));
//   while (window.wait(/*timeout_s=*/-1)) {  // until input
//     window.begin_frame();                   // ... draw ...
//     window.end_frame();
//   }
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "kiosk/ui/app.hpp"

struct GLFWwindow;

namespace peilpunt::kiosk {

struct WindowOptions {
  bool windowed = false;
  int width = 0, height = 0;
  std::string title = "Peilpunt";
};

class Window {
 public:
  explicit Window(const WindowOptions& options);  // throws std::runtime_error when no display
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  int width() const { return width_; }
  int height() const { return height_; }
  Fonts load_fonts(const Theme& theme);

  // Sleeps until input, a posted wake-up or `timeout_s` (negative: no timeout). Returns true
  // when input arrived since the last call.
  bool wait(double timeout_s);
  void poll();
  static void wake();  // from any thread

  void begin_frame();
  // Renders and shows the frame; with `screenshot`, also saves it as a PNG first (false when
  // the file cannot be written).
  bool end_frame(const std::filesystem::path* screenshot = nullptr);

 private:
  bool save_png(const std::filesystem::path& file) const;
  GLFWwindow* window_ = nullptr;
  int width_ = 0, height_ = 0;
  bool kiosk_mode_ = true;
};

}  // namespace peilpunt::kiosk
