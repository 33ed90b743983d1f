#include "kiosk/ui/window.hpp"

#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <atomic>
#include <iostream>
#include <stdexcept>
#include <vector>

extern "C" int stbi_write_png(const char* filename, int w, int h, int comp, const void* data, int stride_in_bytes);

namespace peilpunt::kiosk {

namespace {

std::atomic<bool> input_seen{false};

void on_glfw_error(int code, const char* description) {
  std::cerr << "peilpunt: window system error " << code << ": " << description << '\n';
}

// Installed before ImGui's own callbacks, which chain to these: every kind of input counts.
void on_mouse_button(GLFWwindow*, int, int, int) { input_seen = true; }
void on_cursor(GLFWwindow*, double, double) { input_seen = true; }
void on_scroll(GLFWwindow*, double, double) { input_seen = true; }
void on_key(GLFWwindow*, int, int, int, int) { input_seen = true; }
void on_char(GLFWwindow*, unsigned int) { input_seen = true; }
void on_close(GLFWwindow* window) {
  // Residents must not leave the kiosk: Alt+F4 and the compositor's close request do nothing.
  glfwSetWindowShouldClose(window, GLFW_FALSE);
}

// Latin-1 + Latin Extended-A (ë é ï ĳ ...) and the punctuation Dutch text uses (– — ‘ ’ “ ” …, €).
const ImWchar glyph_ranges[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x2013, 0x2026, 0x20AC, 0x20AC, 0};

}  // namespace

Window::Window(const WindowOptions& options) : kiosk_mode_(!options.windowed) {
  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit()) throw std::runtime_error("cannot open the display (is a graphical session running?)");
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  GLFWmonitor* monitor = nullptr;
  int w = options.width, h = options.height;
  if (kiosk_mode_) {
    glfwWindowHint(GLFW_DECORATED, GLFW_FALSE);
    glfwWindowHint(GLFW_AUTO_ICONIFY, GLFW_FALSE);
    glfwWindowHint(GLFW_FLOATING, GLFW_TRUE);
    monitor = glfwGetPrimaryMonitor();
    if (monitor) {
      const GLFWvidmode* mode = glfwGetVideoMode(monitor);
      if (w <= 0 || h <= 0) {
        w = mode->width;
        h = mode->height;
      }
    }
  }
  if (w <= 0 || h <= 0) {
    w = 1280;
    h = 800;
  }
  window_ = glfwCreateWindow(w, h, options.title.c_str(), monitor, nullptr);
  if (!window_) {
    glfwTerminate();
    throw std::runtime_error("cannot create a " + std::to_string(w) + "x" + std::to_string(h) + " OpenGL 3 window");
  }
  glfwMakeContextCurrent(window_);
  glfwSwapInterval(1);
  glfwGetFramebufferSize(window_, &width_, &height_);
  glfwSetMouseButtonCallback(window_, on_mouse_button);
  glfwSetCursorPosCallback(window_, on_cursor);
  glfwSetScrollCallback(window_, on_scroll);
  glfwSetKeyCallback(window_, on_key);
  glfwSetCharCallback(window_, on_char);
  if (kiosk_mode_) glfwSetWindowCloseCallback(window_, on_close);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // nothing of a session may be written to disk
  io.LogFilename = nullptr;
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  ImGui_ImplOpenGL3_Init("#version 130");
}

Window::~Window() {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window_);
  glfwTerminate();
}

Fonts Window::load_fonts(const Theme& theme) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  const std::string folder = "/usr/share/fonts/truetype/noto/";
  auto load = [&](const char* file, float size) -> ImFont* {
    ImFontConfig config;
    // No oversampling: at 24+ px Noto Sans reads as well without, at half the atlas memory.
    config.OversampleH = 1;
    config.OversampleV = 1;
    ImFont* font = io.Fonts->AddFontFromFileTTF((folder + file).c_str(), size, &config, glyph_ranges);
    if (font) return font;
    std::cerr << "peilpunt: font " << folder << file << " is missing (install fonts-noto-core); "
              << "using ImGui's built-in font, which lacks letters such as ë and ĳ\n";
    ImFontConfig fallback;
    fallback.SizePixels = size;
    return io.Fonts->AddFontDefault(&fallback);
  };
  Fonts fonts;
  fonts.body = load("NotoSans-Regular.ttf", theme.font_px);
  fonts.bold = load("NotoSans-Bold.ttf", theme.font_px);
  fonts.title = load("NotoSans-Bold.ttf", theme.title_px);
  fonts.small = load("NotoSans-Regular.ttf", theme.small_px);
  io.Fonts->Build();
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  io.Fonts->ClearTexData();  // the GPU has the atlas now; the CPU copy is only memory
  return fonts;
}

bool Window::wait(double timeout_s) {
  if (timeout_s < 0) glfwWaitEvents();
  else if (timeout_s == 0) glfwPollEvents();
  else glfwWaitEventsTimeout(timeout_s);
  return input_seen.exchange(false);
}

void Window::poll() { glfwPollEvents(); }

void Window::wake() { glfwPostEmptyEvent(); }

void Window::begin_frame() {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
}

bool Window::end_frame(const std::filesystem::path* screenshot) {
  ImGui::Render();
  glfwGetFramebufferSize(window_, &width_, &height_);
  glViewport(0, 0, width_, height_);
  glClearColor(0.98f, 0.97f, 0.95f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  bool saved = true;
  if (screenshot) saved = save_png(*screenshot);
  glfwSwapBuffers(window_);
  return saved;
}

bool Window::save_png(const std::filesystem::path& file) const {
  // The back buffer, before the swap: the front buffer's contents are undefined on many drivers.
  std::vector<unsigned char> pixels(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_) * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  const int stride = width_ * 4;
  // OpenGL's rows run bottom to top; PNG's top to bottom: write with a negative stride.
  return stbi_write_png(file.c_str(), width_, height_, 4, pixels.data() + static_cast<std::ptrdiff_t>(stride) * (height_ - 1), -stride) != 0;
}

}  // namespace peilpunt::kiosk
