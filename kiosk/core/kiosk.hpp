// The kiosk without its window: the installed questionnaires, the outbox, the staff PIN, the
// screen flow and one respondent's answers, with the actions the screens call. No ImGui: the
// UI (kiosk/ui/) draws this state and feeds it input; tests drive it directly.
//
// **Example**:
//   const Config config = load_config(std::nullopt);
//   Kiosk kiosk(config, "assets");                 // loads questionnaires, opens the outbox
//   kiosk.start_respondent(Clock::now());           // Welcome -> Questions, a fresh Session
//   kiosk.respondent->session->set_value("rol", "jongere");
//   kiosk.go_next(Clock::now());                     // last page: commit, then Thanks
//   kiosk.queue.run_all();                           // results of worker threads, on this thread
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/core/config.hpp"
#include "kiosk/core/flow.hpp"
#include "kiosk/core/lang.hpp"
#include "kiosk/core/main_queue.hpp"
#include "kiosk/core/pin_entry.hpp"
#include "kiosk/core/speech.hpp"
#include "kiosk/core/staff_pin.hpp"
#include "kiosk/core/staff_stats.hpp"
#include "kiosk/core/typed_answer.hpp"
#include "kiosk/core/usb_drives.hpp"
#include "survey/session.hpp"
#include "sync/envelope.hpp"
#include "sync/outbox.hpp"
#include "sync/uploader.hpp"

namespace peilpunt::kiosk {

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
  // The answer each draft stands for. When the session's answer moves away from it (a trigger,
  // a default expression, validation), the draft is made again from the session.
  std::map<std::string, nlohmann::ordered_json> draft_answers;
  std::string focused;           // value key the keyboard types into ("" = keyboard closed)
  bool focus_changed = false;    // scroll the focused field into view on the next frame
  int dropdown_open = -1;        // element showing its full-screen choice list
  bool show_errors = false;      // after a failed "next": messages beside questions
  bool scroll_to_top = true;
  bool scroll_to_error = false;  // after a failed "next": bring the first message into view
  KeyboardState keyboard;
  std::set<std::string> changed_since_errors;  // their old error message is no longer shown
  std::set<int> not_numbers;     // after a failed "next": number fields holding text ("3,,5")
  int read_page = -1;            // the page read aloud last (preview_page: the preview)
  static constexpr int preview_page = -2;
};

struct ExportState {
  bool running = false;
  std::int64_t done = 0, total = 0;
  std::string message;              // result or error, shown to staff
  std::vector<UsbDrive> drives;     // USB sticks found when the panel opened (or on "rescan")
};

// What the staff panel shows, refreshed when it opens and when sync reports, never per frame.
struct StaffState {
  std::optional<TodayStats> stats;   // computed off the main thread when the panel opens
  sync::OutboxCounts counts;
  std::string last_sync;             // the outbox's last successful sync ("" = never)
  enum class Mode { Main, EditEvent, ChangePin, ConfirmQuit } mode = Mode::Main;
  KeyboardState keyboard;
  PinEntry change_pin{PinEntry::Mode::SetNew};
  std::string event_draft;
  ExportState export_state;
  std::string sync_text;             // why sync is off or could not start
  int chart_question = 0;
};

// A choice as a question shows it: its value and its label in the respondent's language.
struct ShownChoice {
  nlohmann::json value;
  std::string label;
};

// One page of the preview before completing (showPreviewBeforeComplete): its heading and each
// question's title with the answer as the preview shows it ("" when unanswered).
struct PreviewPage {
  int page = 0;
  std::string heading;
  struct Answer {
    std::string question, answer;
  };
  std::vector<Answer> answers;
};

class Kiosk {
 public:
  // Loads the questionnaires (`survey_file` instead of the config's when given; those that fail
  // are logged, none loading throws), the UI strings from assets/lang, and opens the outbox,
  // staff PIN and event name in config.data_dir. Starts the uploader when sync is configured
  // and `start_sync` (its setup errors are shown to staff; the kiosk works offline).
  Kiosk(const Config& config, const std::filesystem::path& assets, const std::string& survey_file = "",
        bool start_sync = true);
  ~Kiosk();
  Kiosk(const Kiosk&) = delete;
  Kiosk& operator=(const Kiosk&) = delete;

  Config config;
  Strings strings;
  std::filesystem::path data_dir;
  std::vector<InstalledSurvey> surveys;
  std::size_t active_survey = 0;
  std::optional<sync::Outbox> outbox;
  std::string device_name;            // the outbox's, read once
  std::optional<StaffPin> pin;
  std::optional<Flow> flow;
  MainThreadQueue queue;
  std::string language;               // chosen on the welcome screen; back to the default after
  // Also chosen on the welcome screen and back to the defaults for the next person: text and
  // controls 1.4 times larger, and each new page read aloud.
  bool big_text = false;
  bool read_aloud = false;
  static constexpr float big_text_scale = 1.4f;
  float text_scale() const { return big_text ? big_text_scale : 1.0f; }
  std::optional<Respondent> respondent;
  std::string event_name;
  std::string last_save_error;        // for staff: why the last commit failed
  // Responses whose commit failed (e.g. a full disk): kept in memory and stored again before the
  // next response and from the staff panel, so a finished questionnaire is never dropped.
  std::vector<sync::Envelope> unsaved;
  Speech speech;
  std::string speaking_key;           // the question being read aloud ("" = none, "page" = the page)
  std::string last_spoken;            // for --layout-file: what was last handed to espeak-ng
  PinEntry pinpad;
  StaffState staff;
  std::optional<sync::SyncStatus> sync_status;  // the uploader's, via the main-thread queue
  int exit_code = -1;                 // set when the app should end

  const std::string& tr(const std::string& key) const { return strings.get(language, key); }
  std::string trf(const std::string& key, const std::vector<std::pair<std::string, std::string>>& values) const {
    return strings.format(language, key, values);
  }
  const InstalledSurvey& survey() const { return surveys.at(active_survey); }
  // The questionnaire's text in the chosen language, {name} piped from the respondent's answers.
  std::string text(const survey::LocalizedString& s) const;

  // [SECTION] the respondent: start, answer, move between pages, finish or discard.
  void start_respondent(TimePoint now);
  void discard_respondent();
  void handle(const std::vector<FlowEvent>& events);  // do what the flow says
  // "Next" (on the last page: complete): applies the open field's draft; on success the next
  // page, or the commit and Thanks / SaveFailed; else the page's errors are shown. A number field
  // holding what is no number ("3,,5", "1.000") stops it too (Respondent::not_numbers).
  // In the preview (showPreviewBeforeComplete) it completes; when a page turns out to have errors
  // there, the respondent is taken to that page with its errors shown.
  void go_next(TimePoint now);
  void go_back();
  void edit_page(int page);  // "Wijzig" in the preview: back to that page
  // An answer as the preview lists it: choice labels, a Dutch number or date, a matrix row by
  // row, the comment after it; "" when unanswered.
  std::string preview_answer(int question) const;
  // A typed answer as the preview shows it: a Dutch number, a date or time in its pattern, a
  // password as "Ingevuld, niet getoond"; "" when empty.
  std::string typed_answer_text(const nlohmann::ordered_json* value, KeyboardKind kind) const;
  // The pages the preview shows, in order; pages with nothing to show are left out, and so are
  // html blocks (they hold no answer).
  std::vector<PreviewPage> preview() const;
  void set_answer(const std::string& value_key, const nlohmann::ordered_json& value);
  // The answer at a value key: a question's, a comment's, or a multipletext box's (box_key).
  const nlohmann::ordered_json* answer_at(const std::string& value_key) const;
  static void store_answer(survey::Session& s, const std::string& value_key, const nlohmann::ordered_json& value);
  void tap_choice(const survey::Element& question, const nlohmann::json& choice, bool multi);
  void tap_select_all(const survey::Element& question);  // a checkbox's "Alles kiezen" tile
  // The keyboard types into `value_key` (the previous field's draft becomes its answer first).
  void focus(const std::string& value_key);
  std::string& draft_for(const std::string& value_key);  // what the field shows and the keyboard edits
  void apply_draft(const std::string& value_key);        // the draft becomes the answer
  void typed(const std::string& value_key);              // the draft changed: apply it, hide its old error
  KeyboardKind keyboard_kind(const std::string& value_key) const;
  // Visible choices, then "other" and "none" when the question has them, with their labels.
  std::vector<ShownChoice> shown_choices(int element) const;
  std::string other_label(const survey::Element& question) const;
  std::string comment_label(const survey::Element& question) const;  // the comment area's title
  std::string none_label(const survey::Element& question) const;
  std::string select_all_label(const survey::Element& question) const;
  std::string yes_label(const survey::Element& question) const;
  std::string no_label(const survey::Element& question) const;
  void say(const std::string& text, const std::string& key);
  bool retry_unsaved();               // true when none is left
  void staff_retry_save();            // the staff panel's "try again": retry, then fresh counts

  // [SECTION] staff: PIN, panel, event name, export, questionnaire choice.
  void open_staff_panel();
  // The PIN pad's OK. Unlock: the Argon2id check runs on a worker and its answer comes back
  // through the queue; a wrong try counts even when the pad was left meanwhile. SetNew /
  // ConfirmNew: a new PIN is hashed on a worker too, then stored.
  void pin_ok(PinEntry& entry);
  void set_event_name(const std::string& name);
  void start_export(const std::filesystem::path& target_parent);
  void rescan_usb_drives();
  void choose_survey(std::size_t index);
  void sync_now();
  bool sync_configured() const { return uploader_ != nullptr; }
  bool export_running() const { return staff.export_state.running; }

 private:
  void finish_respondent(TimePoint now);  // commit, then Thanks or SaveFailed
  void staff_pin_checked(std::uint64_t request, bool right);
  void new_pin_hashed(std::uint64_t request, PinEntry& entry, const std::string& hash);
  std::uint64_t pin_request_ = 0;  // the latest PIN check or hash handed to a worker
  void refresh_staff_counts();
  // Export, statistics and PIN hashes off the main thread. Finished ones are joined when the
  // next starts, the rest in the destructor, before the state they post to goes.
  void run_in_background(std::function<void()> job);
  struct Worker {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  std::vector<Worker> workers_;
  // Last member: stopped first, while the queue it posts to still exists.
  std::unique_ptr<sync::Uploader> uploader_;
};

}  // namespace peilpunt::kiosk
