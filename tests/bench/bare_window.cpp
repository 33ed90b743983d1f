// The yardstick of the kiosk benchmark (kiosk_bench.py): a bare Dear ImGui + GLFW + OpenGL 3
// window made as the kiosk makes its own with --windowed (same hints, size and swap interval),
// drawing one empty ImGui window per frame, event-driven like the kiosk: three frames after
// start or input, then it sleeps in glfwWaitEvents. After its first frame it writes MARKER (by
// rename, as the kiosk writes --layout-file) so a launcher can time launch -> first frame.
//
// **Example**:
//   DISPLAY=:99 build/tests/bench/bare_window --size 1280x800 --marker /tmp/bare-first-frame
#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

namespace {

bool input_seen = false;

void on_mouse_button(GLFWwindow*, int, int, int) { input_seen = true; }
void on_cursor(GLFWwindow*, double, double) { input_seen = true; }
void on_key(GLFWwindow*, int, int, int, int) { input_seen = true; }

void write_marker(const std::string& file, unsigned long long frame) {
  const std::string tmp = file + ".tmp";
  std::ofstream(tmp) << "{\"frame\": " << frame << "}\n";
  std::rename(tmp.c_str(), file.c_str());
}

int usage() {
  std::cerr << "usage: bare_window [--size WxH] [--marker FILE]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  int width = 1280, height = 800;
  std::string marker;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--size" && i + 1 < argc) {
      if (std::sscanf(argv[++i], "%dx%d", &width, &height) != 2 || width < 320 || height < 240) return usage();
    } else if (arg == "--marker" && i + 1 < argc) {
      marker = argv[++i];
    } else {
      return usage();
    }
  }

  if (!glfwInit()) {
    std::cerr << "bare_window: cannot open the display\n";
    return 1;
  }
  // The kiosk's hints in --windowed mode (kiosk/ui/window.cpp).
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  GLFWwindow* window = glfwCreateWindow(width, height, "bare ImGui window", nullptr, nullptr);
  if (!window) {
    std::cerr << "bare_window: cannot create a " << width << "x" << height << " OpenGL 3 window\n";
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);
  glfwSetMouseButtonCallback(window, on_mouse_button);
  glfwSetCursorPosCallback(window, on_cursor);
  glfwSetKeyCallback(window, on_key);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 130");

  unsigned long long frame = 0;
  int frames_to_render = 3;  // as the kiosk: ImGui lays out in the first frame, draws in the next
  while (!glfwWindowShouldClose(window)) {
    if (frames_to_render > 0) glfwPollEvents();
    else glfwWaitEvents();
    if (input_seen) frames_to_render = 3;
    input_seen = false;

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("bare", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
    ImGui::End();
    ImGui::Render();
    int fb_width = 0, fb_height = 0;
    glfwGetFramebufferSize(window, &fb_width, &fb_height);
    glViewport(0, 0, fb_width, fb_height);
    glClearColor(0.98f, 0.97f, 0.95f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(window);
    ++frame;
    if (frames_to_render > 0) --frames_to_render;
    if (frame == 1 && !marker.empty()) write_marker(marker, frame);
  }

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return 0;
}
