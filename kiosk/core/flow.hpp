// The kiosk's screen state machine, idle timer, staff unlock gesture and failure watch: plain
// C++ that tests drive with a fake clock, no window (docs/ARCHITECTURE.md "Screen flow").
//
// **Example**:
//   using namespace std::chrono_literals;
//   const TimePoint now = Clock::now();
//   Flow flow(FlowSettings{}, now, /*pin_is_set=*/true);
//   flow.start(now);                                          // Welcome -> Questions: StartSession
//   std::vector<FlowEvent> due = flow.tick(now + 95s);         // overlay up (idle_warning()); later DiscardSession
//   std::optional<TimePoint> wake = flow.next_deadline();      // sleep until then; none: wait for input
//
// Rules the app can rely on: DiscardSession comes exactly once after each StartSession, unless
// Exit comes first (the session ends: idle, stop, thanks/save-failed done, staff left, frame
// failure); a Welcome screen never has a session behind it; every method
// that takes `now` first applies the timers due by then, in time order, and returns their events
// before its own; after Exit every call is a no-op.
#pragma once

#include <chrono>
#include <deque>
#include <optional>
#include <vector>

namespace peilpunt::kiosk {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;

enum class Screen {
  SetPin,      // first start without a staff PIN: staff choose one before residents can start
  Welcome,     // attract screen
  Questions,   // one page at a time
  Thanks,      // after the outbox committed; back to Welcome after thanks_duration
  SaveFailed,  // commit failed: a calm message for the resident, back to Welcome after a while
  PinPad,      // after the hidden gesture
  Staff,       // staff panel
};

struct FlowSettings {
  std::chrono::seconds idle_timeout{90};    // no input mid-questionnaire -> "Ben je er nog?"
  std::chrono::seconds idle_countdown{20};  // then the session is discarded
  std::chrono::seconds thanks_duration{8};
  std::chrono::seconds save_failed_duration{15};
  std::chrono::milliseconds staff_hold{3000};  // hold the top-left corner this long
  std::chrono::seconds pin_pad_timeout{30};    // PIN pad or staff panel unattended -> Welcome
  std::chrono::seconds staff_timeout{300};
  int max_failures = 5;                        // frame failures within failure_window -> exit
  std::chrono::seconds failure_window{60};
};

// What the app must do after an event or tick. The flow never owns the survey session; it tells
// the app when to discard it.
enum class FlowEvent {
  DiscardSession,  // wipe the respondent's answers from memory (idle, thanks done, staff)
  StartSession,    // create a fresh survey::Session
  Exit,            // quit the process (staff chose quit; or too many failures: exit non-zero)
};

class Flow {
 public:
  Flow(FlowSettings settings, TimePoint now, bool pin_is_set);

  Screen screen() const;
  bool idle_warning() const;                    // the "Ben je er nog?" overlay is up
  int idle_seconds_left(TimePoint now) const;   // countdown shown on the overlay (0 without it)
  double staff_hold_progress(TimePoint now) const;  // 0..1 while the corner is held
  int exit_code() const;                        // after Exit: 0 staff quit, 1 failures
  bool exited() const;                          // Exit was returned; the app should end
  Screen pin_pad_origin() const;                // on PinPad: where a cancel returns to

  // Input. Every touch, click or key calls on_input first: it restarts the idle, PIN pad and
  // staff timeouts. It does NOT close the "Ben je er nog?" overlay or stop its countdown (a touch
  // beside the buttons must not silently continue someone else's answers): only still_here does.
  void on_input(TimePoint now);
  std::vector<FlowEvent> start(TimePoint now);              // Welcome -> Questions
  // Questions -> Thanks / SaveFailed. When the commit result arrives while the PIN pad was
  // opened over the questionnaire, the PIN pad's cancel returns to Thanks / SaveFailed instead.
  std::vector<FlowEvent> saved(TimePoint now);
  std::vector<FlowEvent> save_failed(TimePoint now);
  std::vector<FlowEvent> still_here(TimePoint now);         // overlay "ja, ik ben er nog"
  std::vector<FlowEvent> stop_now(TimePoint now);           // overlay "stoppen": discard at once
  // The hidden gesture. corner_down may be called every frame while the corner is pressed: the
  // hold counts from the first call. After a hold opened the PIN pad, a new one needs corner_up
  // first. Ignored on SetPin, PinPad and Staff.
  void corner_down(TimePoint now);
  void corner_up();
  std::vector<FlowEvent> pin_accepted(TimePoint now);       // PinPad -> Staff
  std::vector<FlowEvent> pin_set(TimePoint now);            // SetPin -> Welcome
  // PinPad: cancel, back to the screen it was opened from (its session and timers intact; a
  // questionnaire's idle timer restarts). Staff, Thanks and SaveFailed ("Naar het begin") -> Welcome.
  std::vector<FlowEvent> leave(TimePoint now);
  std::vector<FlowEvent> quit();                            // staff (or window closed): Exit 0
  // A frame threw: back to Welcome (discarding the session; SetPin stays SetPin); max_failures
  // within failure_window -> Exit with code 1.
  std::vector<FlowEvent> frame_failed(TimePoint now);

  // Timers: idle warning, idle discard, thanks/save-failed return, corner hold complete (-> PinPad),
  // pin pad / staff timeouts.
  std::vector<FlowEvent> tick(TimePoint now);
  // When the next timer is due, so the app can sleep in glfwWaitEventsTimeout until then;
  // nullopt when nothing is pending (the app then waits for input only): always so on Welcome
  // and SetPin without a corner held. While the overlay is up this also includes each second of
  // its countdown (after the latest `now` the flow was given), so the number on screen moves.
  std::optional<TimePoint> next_deadline() const;

 private:
  enum class TimerKind { HoldComplete, IdleWarning, IdleDiscard, ScreenDone, PinPadTimeout, StaffTimeout };
  struct Timer {
    TimePoint at;
    TimerKind kind;
  };
  std::optional<Timer> next_timer() const;  // the earliest pending state change, due or not
  void fire(const Timer& timer, std::vector<FlowEvent>& events);
  void go_to_welcome(std::vector<FlowEvent>& events);
  void saw(TimePoint now);
  bool hold_allowed() const;

  FlowSettings settings_;
  Screen screen_;
  Screen pin_pad_origin_ = Screen::Welcome;
  bool session_live_ = false;           // between StartSession and its DiscardSession
  bool overlay_ = false;                // "Ben je er nog?" is up (only on Questions)
  TimePoint last_input_;                // idle, PIN pad and staff timeouts count from here
  TimePoint screen_done_at_;            // Thanks / SaveFailed go back to Welcome then
  TimePoint latest_now_;                // the latest time any call was given
  std::optional<TimePoint> hold_started_;
  bool hold_used_ = false;              // this press already opened the PIN pad
  std::deque<TimePoint> failures_;      // frame failures inside the window
  bool exited_ = false;
  int exit_code_ = 0;
};

}  // namespace peilpunt::kiosk
