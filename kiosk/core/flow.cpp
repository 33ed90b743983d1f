// The kiosk flow: every screen change is either a call from the app (input, commit result) or a
// timer the flow computes from its own state, so a fake clock in tests sees exactly what the
// tablet does, and the app can sleep until next_deadline().
//
// Timers per screen (none on SetPin and Welcome, so an untouched kiosk never wakes up):
//   Questions   last input + idle_timeout -> overlay; + idle_countdown more -> Welcome (discard)
//   Thanks      entered + thanks_duration -> Welcome (discard)
//   SaveFailed  entered + save_failed_duration -> Welcome (discard)
//   PinPad      last input + pin_pad_timeout -> Welcome (discard a session behind it)
//   Staff       last input + staff_timeout -> Welcome (discard a session behind it)
//   any screen but SetPin, PinPad, Staff: corner held since T, T + staff_hold -> PinPad
#include "kiosk/core/flow.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

namespace peilpunt::kiosk {

Flow::Flow(FlowSettings settings, TimePoint now, bool pin_is_set)
    : settings_(settings),
      screen_(pin_is_set ? Screen::Welcome : Screen::SetPin),
      last_input_(now),
      screen_done_at_(now),
      latest_now_(now) {}

Screen Flow::screen() const { return screen_; }
bool Flow::idle_warning() const { return overlay_; }
int Flow::exit_code() const { return exit_code_; }
bool Flow::exited() const { return exited_; }
Screen Flow::pin_pad_origin() const { return pin_pad_origin_; }

int Flow::idle_seconds_left(TimePoint now) const {
  if (!overlay_) return 0;
  TimePoint discard_at = last_input_ + settings_.idle_timeout + settings_.idle_countdown;
  if (now >= discard_at) return 0;
  // Rounded up: the overlay shows "1" until the very end, never "0" while the session lives.
  return static_cast<int>(std::chrono::ceil<std::chrono::seconds>(discard_at - now).count());
}

double Flow::staff_hold_progress(TimePoint now) const {
  if (!hold_started_ || !hold_allowed() || settings_.staff_hold.count() <= 0) return 0.0;
  std::chrono::duration<double> held = now - *hold_started_;
  std::chrono::duration<double> needed = settings_.staff_hold;
  return std::clamp(held / needed, 0.0, 1.0);
}

bool Flow::hold_allowed() const {
  return !exited_ && screen_ != Screen::SetPin && screen_ != Screen::PinPad && screen_ != Screen::Staff;
}

void Flow::saw(TimePoint now) { latest_now_ = std::max(latest_now_, now); }

// [SECTION] input ------------------------------------------------------------------------------

void Flow::on_input(TimePoint now) {
  saw(now);
  if (exited_) return;
  // The overlay's countdown keeps running until someone answers it (still_here / stop_now).
  if (screen_ == Screen::Questions && overlay_) return;
  last_input_ = now;
}

std::vector<FlowEvent> Flow::start(TimePoint now) {
  std::vector<FlowEvent> events = tick(now);
  if (exited_ || screen_ != Screen::Welcome) return events;
  assert(!session_live_ && "Welcome never has a session behind it");
  screen_ = Screen::Questions;
  session_live_ = true;
  overlay_ = false;
  last_input_ = now;
  events.push_back(FlowEvent::StartSession);
  return events;
}

std::vector<FlowEvent> Flow::saved(TimePoint now) {
  std::vector<FlowEvent> events = tick(now);
  if (exited_) return events;
  if (screen_ == Screen::Questions) {
    screen_ = Screen::Thanks;
    overlay_ = false;
    screen_done_at_ = now + settings_.thanks_duration;
  } else if (screen_ == Screen::PinPad && pin_pad_origin_ == Screen::Questions) {
    // The response is in the outbox: a cancelled PIN pad must not reopen it for more answers.
    pin_pad_origin_ = Screen::Thanks;
    screen_done_at_ = now + settings_.thanks_duration;
  }
  return events;
}

std::vector<FlowEvent> Flow::save_failed(TimePoint now) {
  std::vector<FlowEvent> events = tick(now);
  if (exited_) return events;
  if (screen_ == Screen::Questions) {
    screen_ = Screen::SaveFailed;
    overlay_ = false;
    screen_done_at_ = now + settings_.save_failed_duration;
  } else if (screen_ == Screen::PinPad && pin_pad_origin_ == Screen::Questions) {
    pin_pad_origin_ = Screen::SaveFailed;
    screen_done_at_ = now + settings_.save_failed_duration;
  }
  return events;
}

std::vector<FlowEvent> Flow::still_here(TimePoint now) {
  std::vector<FlowEvent> events = tick(now);
  if (exited_ || screen_ != Screen::Questions || !overlay_) return events;
  overlay_ = false;
  last_input_ = now;
  return events;
}

std::vector<FlowEvent> Flow::stop_now(TimePoint now) {
  std::vector<FlowEvent> events = tick(now);
  if (exited_ || screen_ != Screen::Questions) return events;
  go_to_welcome(events);
  return events;
}

void Flow::corner_down(TimePoint now) {
  saw(now);
  if (hold_started_ || hold_used_ || !hold_allowed()) return;
  hold_started_ = now;
}

void Flow::corner_up() {
  hold_started_.reset();
  hold_used_ = false;
}

std::vector<FlowEvent> Flow::pin_accepted(TimePoint now) {
  std::vector<FlowEvent> events = tick(now);
  if (exited_ || screen_ != Screen::PinPad) return events;
  // A session behind the PIN pad stays until staff leave: then it is discarded, never resumed.
  screen_ = Screen::Staff;
  last_input_ = now;
  return events;
}

std::vector<FlowEvent> Flow::pin_set(TimePoint now) {
  std::vector<FlowEvent> events = tick(now);
  if (exited_ || screen_ != Screen::SetPin) return events;
  screen_ = Screen::Welcome;
  return events;
}

std::vector<FlowEvent> Flow::leave(TimePoint now) {
  std::vector<FlowEvent> events = tick(now);
  if (exited_) return events;
  if (screen_ == Screen::Staff || screen_ == Screen::Thanks || screen_ == Screen::SaveFailed) {
    go_to_welcome(events);
  } else if (screen_ == Screen::PinPad) {
    screen_ = pin_pad_origin_;
    if (screen_ == Screen::Questions) {
      overlay_ = false;
      last_input_ = now;
    }
    // Thanks / SaveFailed may have run out while the PIN pad was up: go on to Welcome now.
    std::vector<FlowEvent> more = tick(now);
    events.insert(events.end(), more.begin(), more.end());
  }
  return events;
}

std::vector<FlowEvent> Flow::quit() {
  if (exited_) return {};
  exited_ = true;
  exit_code_ = 0;
  return {FlowEvent::Exit};
}

std::vector<FlowEvent> Flow::frame_failed(TimePoint now) {
  saw(now);
  if (exited_) return {};
  failures_.push_back(now);
  while (!failures_.empty() && failures_.front() <= now - settings_.failure_window) failures_.pop_front();
  if (static_cast<int>(failures_.size()) >= settings_.max_failures) {
    exited_ = true;
    exit_code_ = 1;
    return {FlowEvent::Exit};
  }
  std::vector<FlowEvent> events;
  // The app's view of the corner may be what broke; a hold starts afresh with the next press.
  hold_started_.reset();
  hold_used_ = false;
  if (screen_ != Screen::SetPin) go_to_welcome(events);
  return events;
}

// [SECTION] timers -----------------------------------------------------------------------------

std::optional<Flow::Timer> Flow::next_timer() const {
  if (exited_) return std::nullopt;
  std::optional<Timer> earliest;
  auto consider = [&earliest](TimePoint at, TimerKind kind) {
    if (!earliest || at < earliest->at) earliest = Timer{at, kind};
  };
  if (hold_started_ && hold_allowed()) consider(*hold_started_ + settings_.staff_hold, TimerKind::HoldComplete);
  switch (screen_) {
    case Screen::SetPin:
    case Screen::Welcome:
      break;
    case Screen::Questions:
      if (overlay_)
        consider(last_input_ + settings_.idle_timeout + settings_.idle_countdown, TimerKind::IdleDiscard);
      else
        consider(last_input_ + settings_.idle_timeout, TimerKind::IdleWarning);
      break;
    case Screen::Thanks:
    case Screen::SaveFailed:
      consider(screen_done_at_, TimerKind::ScreenDone);
      break;
    case Screen::PinPad:
      consider(last_input_ + settings_.pin_pad_timeout, TimerKind::PinPadTimeout);
      break;
    case Screen::Staff:
      consider(last_input_ + settings_.staff_timeout, TimerKind::StaffTimeout);
      break;
  }
  return earliest;
}

void Flow::fire(const Timer& timer, std::vector<FlowEvent>& events) {
  switch (timer.kind) {
    case TimerKind::HoldComplete:
      hold_started_.reset();
      hold_used_ = true;
      pin_pad_origin_ = screen_;
      screen_ = Screen::PinPad;
      overlay_ = false;
      last_input_ = timer.at;
      break;
    case TimerKind::IdleWarning:
      overlay_ = true;
      break;
    case TimerKind::IdleDiscard:
    case TimerKind::ScreenDone:
    case TimerKind::PinPadTimeout:
    case TimerKind::StaffTimeout:
      go_to_welcome(events);
      break;
  }
}

void Flow::go_to_welcome(std::vector<FlowEvent>& events) {
  screen_ = Screen::Welcome;
  overlay_ = false;
  if (session_live_) {
    session_live_ = false;
    events.push_back(FlowEvent::DiscardSession);
  }
}

std::vector<FlowEvent> Flow::tick(TimePoint now) {
  saw(now);
  std::vector<FlowEvent> events;
  // One at a time in time order: a tablet that slept through several deadlines ends where it
  // would have ended awake (warning, then discard), each counted from when it was due.
  while (std::optional<Timer> timer = next_timer()) {
    if (timer->at > now) break;
    fire(*timer, events);
  }
  return events;
}

std::optional<TimePoint> Flow::next_deadline() const {
  std::optional<Timer> timer = next_timer();
  if (!timer) return std::nullopt;
  TimePoint deadline = timer->at;
  if (screen_ == Screen::Questions && overlay_) {
    // The countdown changes its number when a whole number of seconds is left: wake for the next.
    TimePoint discard_at = last_input_ + settings_.idle_timeout + settings_.idle_countdown;
    auto whole_seconds_left = std::chrono::floor<std::chrono::seconds>(discard_at - latest_now_);
    TimePoint next_change = discard_at - whole_seconds_left;
    if (next_change <= latest_now_) next_change += std::chrono::seconds(1);
    deadline = std::min(deadline, next_change);
  }
  return deadline;
}

}  // namespace peilpunt::kiosk
