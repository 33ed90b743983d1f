// The kiosk app's state: everything the screens draw and change, in one struct with defaults
// (STYLE.md: no app state in function-local statics). Screens are free functions over App;
// survey logic stays in survey::Session, storage in sync::Outbox, timing in Flow.
//
// **Example**:
//   return peilpunt::kiosk::run_kiosk(config, KioskOptions{.windowed = true});
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/app/lang.hpp"
#include "kiosk/app/main_queue.hpp"
#include "kiosk/app/media.hpp"
#include "kiosk/app/speech.hpp"
#include "kiosk/app/staff_stats.hpp"
#include "kiosk/app/theme.hpp"
#include "kiosk/config.hpp"
#include "kiosk/flow/flow.hpp"
#include "kiosk/flow/staff_pin.hpp"
#include "survey/session.hpp"
#include "sync/envelope.hpp"
#include "sync/outbox.hpp"
#include "sync/uploader.hpp"

struct ImFont;

namespace peilpunt::kiosk {

struct KioskOptions {
  bool windowed = false;
  int width = 0, height = 0;       // 0: the monitor's size, or 1280x800 when windowed
  std::string screenshot_file;     // save a PNG of the first settled frame, then exit
  std::string survey_file;         // instead of the config's questionnaires
  std::filesystem::path assets;    // holds lang/ (and surveys/)
  std::string layout_file;         // tests: write each frame's controls as JSON here
};

// Runs the kiosk until staff quit (0) or too many failures (1). Throws on setup errors.
int run_kiosk(const Config& config, const KioskOptions& options);

struct InstalledSurvey {
  std::filesystem::path file;
  std::shared_ptr<const survey::Survey> model;
  sync::SurveyRef ref;
};

struct KeyboardState {
  bool keyboard_shift = false;    // the next letter is a capital
  bool keyboard_symbols = false;  // digits and symbols instead of letters
};

// Everything one respondent leaves in memory. Destroyed as a whole on discard, so the next
// person starts from nothing (no ImGui widget keeps their text: fields draw from here).
struct Respondent {
  std::unique_ptr<survey::Session> session;
  std::chrono::system_clock::time_point started;
  std::map<std::string, std::string> drafts;  // text as typed, per value key (numbers, dates too)
  std::string focused;           // value key the keyboard types into ("" = keyboard closed)
  bool focus_changed = false;    // scroll the focused field into view on the next frame
  int dropdown_open = -1;        // element showing its full-screen choice list
  bool show_errors = false;      // after a failed "next": messages beside questions
  bool scroll_to_top = true;
  bool scroll_to_error = false;  // after a failed "next": bring the first message into view
  KeyboardState keyboard;
  std::set<std::string> changed_since_errors;  // their old error message is no longer shown
  int read_page = -1;            // the page read aloud last (App::read_aloud)
};

enum class PinMode { Unlock, SetNew, ConfirmNew };
struct PinPadState {
  PinMode mode = PinMode::Unlock;
  std::string digits;
  std::string first_entry;   // SetNew's PIN while confirming
  std::string message_key;   // lang key of the last message ("" = none)
  bool checking = false;     // the PIN's hash is being checked on a worker thread
};

struct ExportState {
  bool running = false;
  std::int64_t done = 0, total = 0;
  std::string message;       // result or error, shown to staff
  std::vector<MediaTarget> targets;  // removable media found when the panel opened
};

struct StaffState {
  std::optional<TodayStats> stats;   // computed off the main thread when the panel opens
  sync::OutboxCounts counts;
  std::int64_t today_total = 0;
  enum class Mode { Main, EditEvent, ChangePin, ConfirmQuit } mode = Mode::Main;
  KeyboardState keyboard;
  PinPadState change_pin;
  std::string event_draft;
  ExportState export_state;
  std::string sync_text;             // why sync is off or could not start
  int chart_question = 0;
};

// For end-to-end and layout tests only (--layout-file): every touch control drawn in the last
// frame, with its rectangle on screen, so a test can click "next" by name and check overlaps.
struct LayoutItem {
  std::string id, label;
  float x0, y0, x1, y1;      // the whole control
  bool fully_visible;        // not clipped by a scrolling area
  bool text_fits = true;     // its label fits inside it (a word wider than the control does not)
};
struct LayoutRecorder {
  std::vector<LayoutItem> items;
  float content_bottom = 0;  // lowest point the screen drew to (text too): must be inside the window
  std::uint64_t frame = 0;
};

struct Fonts {
  ImFont* body = nullptr;
  ImFont* bold = nullptr;
  ImFont* title = nullptr;
  ImFont* small = nullptr;
};

struct App {
  Config config;
  KioskOptions options;
  Strings strings;
  Theme theme;
  Fonts fonts;
  float applied_text_scale = 1.0f;   // the scale theme and fonts were made for
  LayoutRecorder* layout = nullptr;
  bool redraw = false;               // a frame changed something only the next frame shows  // set only with --layout-file
  std::vector<InstalledSurvey> surveys;
  std::size_t active_survey = 0;
  std::optional<sync::Outbox> outbox;
  std::optional<StaffPin> pin;
  std::optional<Flow> flow;
  MainThreadQueue queue;
  std::string language;              // chosen on the welcome screen; back to the default after
  // Also chosen on the welcome screen and back to the defaults for the next person: text and
  // controls 1.4 times larger, and each new page read aloud.
  bool big_text = false;
  bool read_aloud = false;
  static constexpr float big_text_scale = 1.4f;
  float text_scale() const { return big_text ? big_text_scale : 1.0f; }
  std::optional<Respondent> respondent;
  std::string event_name;
  std::string last_save_error;       // for staff: why the last commit failed
  // Responses whose commit failed (e.g. a full disk): kept in memory and stored again before the
  // next response and from the staff panel, so a finished questionnaire is never dropped.
  std::vector<sync::Envelope> unsaved;
  Speech speech;
  std::string speaking_key;          // the question being read aloud ("" = none, "page" = the page)
  std::string last_spoken;           // for --layout-file: what was last handed to espeak-ng
  void say(const std::string& text, const std::string& key);
  bool retry_unsaved();              // true when none is left
  PinPadState pinpad;
  StaffState staff;
  std::filesystem::path data_dir;

  const std::string& tr(const std::string& key) const { return strings.get(language, key); }
  std::string trf(const std::string& key, const std::vector<std::pair<std::string, std::string>>& values) const {
    return strings.format(language, key, values);
  }
  const InstalledSurvey& survey() const { return surveys.at(active_survey); }
  // The questionnaire's text in the chosen language.
  std::string text(const survey::LocalizedString& s) const { return s.get(language, survey().model->locale); }

  // Actions the screens call; each keeps Flow, Session and Outbox in step.
  void start_respondent(TimePoint now);
  void finish_respondent(TimePoint now);  // commit, then Thanks or SaveFailed
  void discard_respondent();
  void handle(const std::vector<FlowEvent>& events);
  void open_staff_panel();
  // The PIN pad's OK: the Argon2id check runs on a worker, its answer comes back through the
  // queue (staff_pin_checked), and a wrong try counts even when the pad was left meanwhile.
  void check_staff_pin(const std::string& typed);
  void staff_pin_checked(bool right);
  void set_event_name(const std::string& name);
  void start_export(const std::filesystem::path& target_parent);
  void choose_survey(std::size_t index);
  std::function<void()> sync_now;    // set when an uploader runs (sync configured)
  std::optional<sync::SyncStatus> sync_status;  // the uploader's, via the main-thread queue
  int exit_code = -1;                // set when the app should end
  // Export, statistics and PIN checks off the main thread. Finished ones are joined when the
  // next starts, the rest before the state they post to goes.
  struct Worker {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  std::vector<Worker> workers;
  void run_in_background(std::function<void()> job);
  App() = default;
  App(const App&) = delete;
  App& operator=(const App&) = delete;
  ~App() {
    for (auto& w : workers) if (w.thread.joinable()) w.thread.join();
  }
};

// [SECTION] screens: one file each under kiosk/screens/.
void draw_set_pin(App& app);
void draw_welcome(App& app);
void draw_questions(App& app);
void draw_thanks(App& app);
void draw_save_failed(App& app);
void draw_idle_overlay(App& app);
void draw_pin_pad(App& app);
void draw_staff(App& app);

}  // namespace peilpunt::kiosk
