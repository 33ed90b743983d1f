// The kiosk's main loop and the actions screens call. Index:
//   [SECTION] small files in the data folder
//   [SECTION] actions: respondent, flow events, staff
//   [SECTION] frame: the full-screen window, the hidden staff corner, failures
//   [SECTION] run_kiosk: setup and the event-driven loop
#include "kiosk/app/app.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

#include "kiosk/app/widgets.hpp"
#include "kiosk/app/window.hpp"
#include "survey/model.hpp"
#include "sync/export.hpp"

namespace peilpunt::kiosk {

namespace fs = std::filesystem;

// [SECTION] small files in the data folder

namespace {

std::string read_small_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

// tmp + fsync + rename: a crash leaves the old or the new text, never half of one.
void write_small_file(const fs::path& file, const std::string& text) {
  const fs::path tmp = file.string() + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error(tmp.string() + ": cannot write");
  const std::string line = text + "\n";
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || std::rename(tmp.c_str(), file.c_str()) != 0) throw std::runtime_error(file.string() + ": cannot write");
}

double now_ms() {
  return static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count());
}

void log(const std::string& message) { std::cerr << "peilpunt: " << message << std::endl; }

}  // namespace

// [SECTION] actions: respondent, flow events, staff

void App::start_respondent(TimePoint now) { handle(flow->start(now)); }

void App::say(const std::string& text, const std::string& key) {
  speech.say(text, language);
  speaking_key = key;
  last_spoken = text;
}

void App::discard_respondent() {
  speech.stop();
  speaking_key.clear();
  respondent.reset();
  language = config.language;
  big_text = false;
  read_aloud = config.read_pages_aloud;
}

void App::finish_respondent(TimePoint now) {
  if (!respondent) return;
  sync::Envelope envelope;
  envelope.survey = survey().ref;
  envelope.device = outbox->device_name();
  envelope.event = event_name;
  envelope.locale = respondent->session->locale();
  envelope.started_at = sync::iso_timestamp(respondent->started);
  envelope.completed_at = sync::iso_timestamp(std::chrono::system_clock::now());
  envelope.data = respondent->session->result_data();
  retry_unsaved();
  try {
    outbox->commit(envelope);
    last_save_error.clear();
    handle(flow->saved(now));
  } catch (const std::exception& e) {
    // The resident sees a calm message; staff see this text in the panel. The envelope stays in
    // memory (never half on disk) and is stored as soon as the outbox takes it again.
    last_save_error = e.what();
    unsaved.push_back(std::move(envelope));
    log("could not store a response (kept in memory, " + std::to_string(unsaved.size()) + " waiting): " + last_save_error);
    handle(flow->save_failed(now));
  }
}

bool App::retry_unsaved() {
  while (!unsaved.empty()) {
    try {
      outbox->commit(unsaved.front());
    } catch (const std::exception& e) {
      last_save_error = e.what();
      return false;
    }
    unsaved.erase(unsaved.begin());
    log("stored a response that had failed before; " + std::to_string(unsaved.size()) + " still waiting");
  }
  return true;
}

void App::handle(const std::vector<FlowEvent>& events) {
  for (FlowEvent event : events) {
    switch (event) {
      case FlowEvent::DiscardSession:
        discard_respondent();
        break;
      case FlowEvent::StartSession:
        respondent.emplace();
        respondent->session = std::make_unique<survey::Session>(survey().model, language, now_ms());
        respondent->started = std::chrono::system_clock::now();
        break;
      case FlowEvent::Exit:
        exit_code = flow->exit_code();
        break;
    }
  }
}

void App::open_staff_panel() {
  retry_unsaved();
  staff.counts = outbox->counts();
  staff.mode = StaffState::Mode::Main;
  staff.event_draft = event_name;
  staff.stats.reset();
  staff.export_state.targets = find_removable_media("/proc/self/mounts");
  // Today's charts read every stored response: off the main thread, on its own connection.
  const fs::path file = outbox->file();
  auto model = survey().model;
  std::string lang = language;
  DefaultLabels labels{tr("questions.other"), tr("questions.none"), tr("questions.yes"), tr("questions.no")};
  run_in_background([this, file, model, lang, labels] {
    try {
      sync::Outbox reader = sync::Outbox::open(file);
      TodayStats stats = compute_today_stats(reader, *model, lang, today_local_date(), labels);
      queue.post([this, stats = std::move(stats)]() mutable { staff.stats = std::move(stats); });
    } catch (const std::exception& e) {
      queue.post([this, message = std::string(e.what())] { staff.export_state.message = message; });
    }
  });
}

void App::run_in_background(std::function<void()> job) {
  std::erase_if(workers, [](Worker& w) {
    if (!w.done->load()) return false;
    w.thread.join();
    return true;
  });
  auto done = std::make_shared<std::atomic<bool>>(false);
  workers.push_back({std::thread([job = std::move(job), done] {
                       job();
                       done->store(true);
                     }),
                     done});
}

void App::check_staff_pin(const std::string& typed) {
  if (auto answer = pin->check_without_hash(std::chrono::system_clock::now())) {
    pinpad.message_key = *answer == StaffPin::Check::LockedOut ? "pin.locked_now" : "pin.wrong";
    return;
  }
  pinpad.checking = true;
  run_in_background([this, hash = pin->current_hash(), typed] {
    const bool right = StaffPin::matches(hash, typed);
    queue.post([this, right] { staff_pin_checked(right); });
  });
}

void App::staff_pin_checked(bool right) {
  pinpad.checking = false;
  const StaffPin::Check result = pin->record(right, std::chrono::system_clock::now());
  if (flow->screen() != Screen::PinPad) return;
  if (result == StaffPin::Check::Accepted) {
    pinpad = PinPadState{};
    handle(flow->pin_accepted(Clock::now()));
    open_staff_panel();
    return;
  }
  pinpad.message_key = result == StaffPin::Check::LockedOut ? "pin.locked_now" : "pin.wrong";
}

void App::set_event_name(const std::string& name) {
  event_name = name;
  try {
    write_small_file(data_dir / "event-name.txt", name);
  } catch (const std::exception& e) {
    log(e.what());
  }
}

void App::start_export(const fs::path& target_parent) {
  if (staff.export_state.running) return;
  auto& state = staff.export_state;
  state.running = true;
  state.done = 0;
  state.total = outbox->counts().total;
  state.message.clear();
  char stamp[32];
  std::time_t t = std::time(nullptr);
  std::tm local{};
  localtime_r(&t, &local);
  std::strftime(stamp, sizeof stamp, "%Y-%m-%d_%H%M%S", &local);
  const fs::path folder = target_parent / ("peilpunt-" + outbox->device_name() + "-" + stamp);
  const fs::path file = outbox->file();
  sync::SurveyCatalog catalog;
  for (const auto& s : surveys) catalog[s.model->id] = s.model;
  run_in_background([this, file, folder, catalog] {
    try {
      sync::Outbox reader = sync::Outbox::open(file);
      auto summary = sync::write_export(sync::outbox_source(reader), catalog, folder, [this](std::int64_t done) {
        if (done % 200 == 0) queue.post([this, done] { staff.export_state.done = done; });
      });
      queue.post([this, folder, n = summary.responses] {
        staff.export_state.running = false;
        staff.export_state.done = n;
        staff.export_state.message = trf("staff.export_done", {{"n", std::to_string(n)}, {"folder", folder.string()}});
      });
    } catch (const std::exception& e) {
      queue.post([this, message = std::string(e.what())] {
        staff.export_state.running = false;
        staff.export_state.message = trf("staff.export_failed", {{"error", message}});
      });
    }
  });
}

void App::choose_survey(std::size_t index) {
  if (index >= surveys.size()) return;
  active_survey = index;
  try {
    write_small_file(data_dir / "active-survey.txt", surveys[index].model->id);
  } catch (const std::exception& e) {
    log(e.what());
  }
  open_staff_panel();  // today's charts are per questionnaire
}

// [SECTION] frame: the full-screen window, the hidden staff corner, failures

namespace {

void draw_screen(App& app) {
  switch (app.flow->screen()) {
    case Screen::SetPin: draw_set_pin(app); break;
    case Screen::Welcome: draw_welcome(app); break;
    case Screen::Questions: draw_questions(app); break;
    case Screen::Thanks: draw_thanks(app); break;
    case Screen::SaveFailed: draw_save_failed(app); break;
    case Screen::PinPad: draw_pin_pad(app); break;
    case Screen::Staff: draw_staff(app); break;
  }
}

// Hold the top-left corner for FlowSettings::staff_hold to reach the PIN pad. A faint ring
// fills while held so staff know it works; residents touching it by chance see nothing happen.
void staff_corner(App& app, TimePoint now) {
  const float size = app.theme.touch_px * 1.2f;
  ImGuiIO& io = ImGui::GetIO();
  const bool in_corner = io.MousePos.x >= 0 && io.MousePos.x < size && io.MousePos.y >= 0 && io.MousePos.y < size;
  if (io.MouseClicked[0] && in_corner) app.flow->corner_down(now);
  if (io.MouseReleased[0] || (io.MouseDown[0] && !in_corner)) app.flow->corner_up();
  double progress = app.flow->staff_hold_progress(now);
  if (progress > 0.05) {
    ImDrawList* draw = ImGui::GetForegroundDrawList();
    const ImVec2 c{size * 0.5f, size * 0.5f};
    const float r = size * 0.3f;
    draw->PathArcTo(c, r, -1.5708f, -1.5708f + static_cast<float>(progress) * 6.2832f, 32);
    draw->PathStroke(ui::col(app.theme.palette.outline), 0, 4.0f);
  }
}

void draw_frame(App& app, TimePoint now) {
  const Palette& p = app.theme.palette;
  ImGui::SetNextWindowPos({0, 0});
  ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ui::col(p.background));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {app.theme.margin, app.theme.margin * 0.6f});
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
  ImGui::Begin("##kiosk", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleVar(2);
  ImGui::PushFont(app.fonts.body);
  draw_screen(app);
  ImGui::PopFont();
  if (app.layout) app.layout->content_bottom = ImGui::GetCurrentWindow()->DC.CursorMaxPos.y;
  ImGui::End();
  ImGui::PopStyleColor();
  if (app.flow->idle_warning()) draw_idle_overlay(app);
  staff_corner(app, now);
}

const char* screen_name(Screen screen) {
  switch (screen) {
    case Screen::SetPin: return "set_pin";
    case Screen::Welcome: return "welcome";
    case Screen::Questions: return "questions";
    case Screen::Thanks: return "thanks";
    case Screen::SaveFailed: return "save_failed";
    case Screen::PinPad: return "pin_pad";
    case Screen::Staff: return "staff";
  }
  return "?";
}

// --layout-file: the last frame's controls for tests, replaced atomically so a reader never
// sees half a file.
void write_layout(const App& app, const fs::path& file) {
  nlohmann::json doc;
  doc["frame"] = app.layout->frame;
  doc["screen"] = screen_name(app.flow->screen());
  doc["idle_warning"] = app.flow->idle_warning();
  doc["width"] = app.theme.width;
  doc["height"] = app.theme.height;
  doc["touch_px"] = app.theme.touch_px;
  doc["content_bottom"] = app.layout->content_bottom;
  doc["min_touch_px"] = app.theme.min_touch_px;
  doc["font_px"] = app.theme.font_px;
  doc["big_text"] = app.big_text;
  doc["read_aloud"] = app.read_aloud;
  doc["spoken"] = app.last_spoken;
  if (app.respondent) {
    const auto& s = *app.respondent->session;
    doc["page"] = s.survey().pages[static_cast<std::size_t>(s.current_page())].name;
    doc["keyboard_open"] = !app.respondent->focused.empty();
    doc["focused"] = app.respondent->focused.empty() ? "" : app.respondent->focused + "/field";
    doc["errors"] = app.respondent->show_errors ? s.errors_on_page().size() : 0;
  }
  auto& items = doc["items"] = nlohmann::json::array();
  for (const auto& i : app.layout->items)
    items.push_back({{"id", i.id}, {"label", i.label}, {"x0", i.x0}, {"y0", i.y0}, {"x1", i.x1}, {"y1", i.y1},
                     {"visible", i.fully_visible}, {"text_fits", i.text_fits}});
  const fs::path tmp = file.string() + ".tmp";
  std::ofstream(tmp) << doc.dump() << '\n';
  fs::rename(tmp, file);
}

}  // namespace

// [SECTION] run_kiosk: setup and the event-driven loop

namespace {

std::vector<InstalledSurvey> load_surveys(const std::vector<fs::path>& files) {
  std::vector<InstalledSurvey> installed;
  std::string problems;
  for (const auto& file : files) {
    survey::LoadResult loaded = survey::load_file(file.string());
    if (!loaded.ok()) {
      for (const auto& e : loaded.errors) problems += e.to_string() + "\n";
      continue;
    }
    installed.push_back({file, loaded.survey, sync::survey_ref_for_file(file.string())});
  }
  if (!problems.empty()) log("questionnaires that cannot be shown:\n" + problems);
  if (installed.empty()) throw std::runtime_error("no questionnaire could be loaded; see the messages above");
  return installed;
}

// Theme, fonts and ImGui's style for the window size and the text scale. Between frames only:
// the font atlas is rebuilt.
void apply_theme(App& app, Window& window) {
  app.theme = Theme::for_screen(window.width(), window.height(), app.config.screen_width_mm, app.text_scale());
  app.fonts = window.load_fonts(app.theme);
  app.applied_text_scale = app.text_scale();
  ImGuiStyle& style = ImGui::GetStyle();
  style.ItemSpacing = {app.theme.gap * 0.5f, app.theme.gap * 0.5f};
  style.Colors[ImGuiCol_ScrollbarBg] = ImGui::ColorConvertU32ToFloat4(ui::col(app.theme.palette.selected));
  style.Colors[ImGuiCol_ScrollbarGrab] = ImGui::ColorConvertU32ToFloat4(ui::col(app.theme.palette.outline));
  style.Colors[ImGuiCol_ScrollbarGrabHovered] = style.Colors[ImGuiCol_ScrollbarGrab];
  style.Colors[ImGuiCol_ScrollbarGrabActive] = ImGui::ColorConvertU32ToFloat4(ui::col(app.theme.palette.primary));
  style.ScrollbarRounding = app.theme.gap;
}

}  // namespace

int run_kiosk(const Config& config, const KioskOptions& options) {
  App app;
  app.config = config;
  app.options = options;
  app.language = config.language;
  app.read_aloud = config.read_pages_aloud;
  app.data_dir = config.data_dir;
  fs::create_directories(app.data_dir);
  app.strings = Strings::load(options.assets / "lang", {"nl", "en"});
  std::vector<fs::path> files = config.surveys;
  if (!options.survey_file.empty()) files = {options.survey_file};
  app.surveys = load_surveys(files);
  const std::string chosen = read_small_file(app.data_dir / "active-survey.txt");
  for (std::size_t i = 0; i < app.surveys.size(); ++i)
    if (app.surveys[i].model->id == chosen) app.active_survey = i;
  app.outbox.emplace(sync::Outbox::open(app.data_dir / "outbox.sqlite"));
  if (!config.device_name.empty() && app.outbox->device_name() != config.device_name)
    app.outbox->set_device_name(config.device_name);
  app.event_name = read_small_file(app.data_dir / "event-name.txt");
  app.pin.emplace(StaffPin::open(app.data_dir, config.staff_pin_hash));

  // Sync runs on the uploader's own thread; its status reaches the UI through the queue. Declared
  // after `app`, so it stops before the state it posts to goes away.
  std::unique_ptr<sync::Uploader> uploader;
  if (!config.sync.endpoint.empty()) {
    sync::UploaderOptions sync_options;
    sync_options.outbox_file = app.outbox->file();
    sync_options.endpoint = config.sync.endpoint;
    sync_options.token_file = config.sync.token_file;
    sync_options.ca_file = config.sync.ca_file;
    sync_options.allow_insecure_http = config.sync.allow_insecure_http;
    sync_options.interval = std::chrono::seconds(config.sync.interval_s);
    try {
      uploader = std::make_unique<sync::Uploader>(sync_options);
      uploader->on_change([&app](const sync::SyncStatus& status) {
        app.queue.post([&app, status] {
          app.sync_status = status;
          if (app.flow->screen() == Screen::Staff) app.staff.counts = app.outbox->counts();
        });
      });
      app.sync_now = [u = uploader.get()] { u->sync_now(); };
    } catch (const std::exception& e) {
      app.staff.sync_text = e.what();  // shown to staff; the kiosk itself works offline
      log(std::string("sync is off: ") + e.what());
    }
  }

  Window window({.windowed = options.windowed, .width = options.width, .height = options.height});
  apply_theme(app, window);
  app.queue.set_wake(&Window::wake);  // before any thread can post
  FlowSettings settings;
  settings.idle_timeout = std::chrono::seconds(config.idle_timeout_s);
  settings.idle_countdown = std::chrono::seconds(config.idle_countdown_s);
  app.flow.emplace(settings, Clock::now(), app.pin->is_set());

  LayoutRecorder layout;
  if (!options.layout_file.empty()) app.layout = &layout;
  const bool screenshot = !options.screenshot_file.empty();
  if (uploader && !screenshot) uploader->start();
  int frames_to_render = 3;  // ImGui lays out in the first frame and draws in the next ones
  int consecutive_errors = 0;
  while (app.exit_code < 0) {
    TimePoint now = Clock::now();
    double timeout = -1;
    if (frames_to_render > 0) {
      timeout = 0;
    } else {
      if (auto deadline = app.flow->next_deadline())
        timeout = std::max(0.0, std::chrono::duration<double>(*deadline - now).count());
      // The idle countdown and the corner ring change on screen without input.
      if (app.flow->idle_warning()) timeout = timeout < 0 ? 0.25 : std::min(timeout, 0.25);
      if (app.flow->staff_hold_progress(now) > 0) timeout = timeout < 0 ? 0.03 : std::min(timeout, 0.03);
      if (app.staff.export_state.running) timeout = timeout < 0 ? 0.1 : std::min(timeout, 0.1);
    }
    if (window.wait(timeout)) {
      now = Clock::now();
      app.flow->on_input(now);
      // Press, release, and the layout change a tap causes (e.g. the keyboard opening, then
      // scrolling the field above it) each take a frame.
      frames_to_render = std::max(frames_to_render, 5);
    }
    now = Clock::now();
    if (app.queue.run_all() > 0) frames_to_render = std::max(frames_to_render, 2);
    auto events = app.flow->tick(now);
    if (!events.empty()) frames_to_render = std::max(frames_to_render, 2);
    app.handle(events);
    if (app.exit_code >= 0) break;
    if (app.text_scale() != app.applied_text_scale) {
      apply_theme(app, window);
      frames_to_render = std::max(frames_to_render, 3);
    }

    window.begin_frame();
    if (app.layout) {
      app.layout->items.clear();
      ++app.layout->frame;
    }
    try {
      draw_frame(app, now);
      consecutive_errors = 0;
    } catch (const std::exception& e) {
      log(std::string("a screen failed and the kiosk returned to the welcome screen: ") + e.what());
      ImGui::ErrorCheckEndFrameRecover(nullptr);
      app.handle(app.flow->frame_failed(Clock::now()));
      frames_to_render = std::max(frames_to_render, 2);
      ++consecutive_errors;
    }
    if (frames_to_render > 0) --frames_to_render;
    if (app.redraw) frames_to_render = std::max(frames_to_render, 2);
    app.redraw = false;
    const fs::path shot = options.screenshot_file;
    const bool take_screenshot = screenshot && frames_to_render == 0;
    if (!window.end_frame(take_screenshot ? &shot : nullptr)) {
      log("cannot write the screenshot " + options.screenshot_file);
      return 1;
    }
    if (take_screenshot) return 0;
    if (app.layout) write_layout(app, options.layout_file);
  }
  return app.exit_code;
}

}  // namespace peilpunt::kiosk
