// The kiosk flow on a fake clock: what a resident or staff member would see happen, and when the
// app may sleep. Every time is an exact offset from t0, so an off-by-one deadline fails.
#include "kiosk/core/flow.hpp"

#include <catch2/catch.hpp>

namespace peilpunt::kiosk {
namespace {

using namespace std::chrono_literals;
using Events = std::vector<FlowEvent>;

const TimePoint t0 = TimePoint(1000h);

Flow welcome_flow() { return Flow(FlowSettings{}, t0, /*pin_is_set=*/true); }

// On the questionnaire since t0, with a fresh session.
Flow questions_flow() {
  Flow flow = welcome_flow();
  REQUIRE(flow.start(t0) == Events{FlowEvent::StartSession});
  REQUIRE(flow.screen() == Screen::Questions);
  return flow;
}

// Holds the corner for the full staff_hold from `at`; the PIN pad is up afterwards.
void hold_corner(Flow& flow, TimePoint at) {
  flow.corner_down(at);
  flow.tick(at + 3s);
  flow.corner_up();
  REQUIRE(flow.screen() == Screen::PinPad);
}

}  // namespace

// [SECTION] welcome and first start ------------------------------------------------------------

TEST_CASE("the welcome screen has no deadline, so an untouched kiosk never wakes up", "[flow]") {
  Flow flow = welcome_flow();
  CHECK(flow.screen() == Screen::Welcome);
  CHECK_FALSE(flow.next_deadline());
  CHECK(flow.tick(t0 + 24h).empty());
  CHECK(flow.screen() == Screen::Welcome);
  CHECK_FALSE(flow.next_deadline());
  flow.on_input(t0 + 25h);  // a tap beside the start button
  CHECK_FALSE(flow.next_deadline());
}

TEST_CASE("without a staff PIN the kiosk asks for one first and residents cannot start", "[flow]") {
  Flow flow(FlowSettings{}, t0, /*pin_is_set=*/false);
  CHECK(flow.screen() == Screen::SetPin);
  CHECK_FALSE(flow.next_deadline());
  CHECK(flow.start(t0).empty());
  flow.corner_down(t0);
  CHECK(flow.tick(t0 + 10s).empty());
  CHECK(flow.screen() == Screen::SetPin);
  CHECK(flow.frame_failed(t0 + 11s).empty());
  CHECK(flow.screen() == Screen::SetPin);
  CHECK(flow.pin_set(t0 + 12s).empty());
  CHECK(flow.screen() == Screen::Welcome);
}

// [SECTION] idle mid-questionnaire -------------------------------------------------------------

TEST_CASE("the idle warning appears exactly idle_timeout after the last input", "[flow]") {
  Flow flow = questions_flow();
  flow.on_input(t0 + 10s);
  CHECK(flow.next_deadline() == t0 + 100s);
  CHECK(flow.tick(t0 + 100s - 1ms).empty());
  CHECK_FALSE(flow.idle_warning());
  CHECK(flow.tick(t0 + 100s).empty());
  CHECK(flow.idle_warning());
  CHECK(flow.screen() == Screen::Questions);
  CHECK(flow.idle_seconds_left(t0 + 100s) == 20);
}

TEST_CASE("an unanswered idle warning discards the session idle_countdown later", "[flow]") {
  Flow flow = questions_flow();
  flow.tick(t0 + 90s);
  REQUIRE(flow.idle_warning());
  CHECK(flow.tick(t0 + 110s - 1ms).empty());
  CHECK(flow.screen() == Screen::Questions);
  CHECK(flow.idle_seconds_left(t0 + 110s - 1ms) == 1);
  CHECK(flow.tick(t0 + 110s) == Events{FlowEvent::DiscardSession});
  CHECK(flow.screen() == Screen::Welcome);
  CHECK_FALSE(flow.idle_warning());
  CHECK_FALSE(flow.next_deadline());
}

TEST_CASE("a touch beside the overlay's buttons neither closes it nor extends the countdown", "[flow]") {
  Flow flow = questions_flow();
  flow.tick(t0 + 90s);
  flow.on_input(t0 + 100s);
  CHECK(flow.idle_warning());
  CHECK(flow.idle_seconds_left(t0 + 100s) == 10);
  CHECK(flow.tick(t0 + 110s) == Events{FlowEvent::DiscardSession});
}

TEST_CASE("'still here' keeps the answers and restarts the idle timer", "[flow]") {
  Flow flow = questions_flow();
  flow.tick(t0 + 90s);
  CHECK(flow.still_here(t0 + 105s).empty());  // no DiscardSession: the answers stay
  CHECK_FALSE(flow.idle_warning());
  CHECK(flow.screen() == Screen::Questions);
  CHECK(flow.next_deadline() == t0 + 195s);
  CHECK(flow.tick(t0 + 194s).empty());
  CHECK_FALSE(flow.idle_warning());
}

TEST_CASE("'stop' on the overlay discards the answers at once", "[flow]") {
  Flow flow = questions_flow();
  flow.tick(t0 + 90s);
  CHECK(flow.stop_now(t0 + 92s) == Events{FlowEvent::DiscardSession});
  CHECK(flow.screen() == Screen::Welcome);
  CHECK_FALSE(flow.next_deadline());
}

TEST_CASE("'still here' pressed after the countdown ran out does not bring the answers back", "[flow]") {
  Flow flow = questions_flow();
  flow.tick(t0 + 90s);
  CHECK(flow.still_here(t0 + 111s) == Events{FlowEvent::DiscardSession});
  CHECK(flow.screen() == Screen::Welcome);
}

TEST_CASE("the overlay's countdown wakes the app once a second so its number moves", "[flow]") {
  Flow flow = questions_flow();
  flow.tick(t0 + 90s);
  CHECK(flow.next_deadline() == t0 + 91s);
  flow.tick(t0 + 91s + 300ms);
  CHECK(flow.idle_seconds_left(t0 + 91s + 300ms) == 19);
  CHECK(flow.next_deadline() == t0 + 92s);
  flow.tick(t0 + 109s);
  CHECK(flow.next_deadline() == t0 + 110s);
}

TEST_CASE("a tablet that slept through the warning and the countdown wakes on welcome", "[flow]") {
  Flow flow = questions_flow();
  CHECK(flow.tick(t0 + 1h) == Events{FlowEvent::DiscardSession});
  CHECK(flow.screen() == Screen::Welcome);
}

// [SECTION] thanks and save failed -------------------------------------------------------------

TEST_CASE("the thank-you screen returns to welcome after thanks_duration and ends the session", "[flow]") {
  Flow flow = questions_flow();
  CHECK(flow.saved(t0 + 30s).empty());
  CHECK(flow.screen() == Screen::Thanks);
  CHECK(flow.next_deadline() == t0 + 38s);
  CHECK(flow.tick(t0 + 38s - 1ms).empty());
  CHECK(flow.tick(t0 + 38s) == Events{FlowEvent::DiscardSession});
  CHECK(flow.screen() == Screen::Welcome);
}

TEST_CASE("a failed save shows its message for save_failed_duration, then welcome", "[flow]") {
  Flow flow = questions_flow();
  CHECK(flow.save_failed(t0 + 30s).empty());
  CHECK(flow.screen() == Screen::SaveFailed);
  CHECK(flow.tick(t0 + 45s - 1ms).empty());
  CHECK(flow.tick(t0 + 45s) == Events{FlowEvent::DiscardSession});
  CHECK(flow.screen() == Screen::Welcome);
}

// Regression: "Naar het begin" on these two screens called leave(), which only knew the PIN pad
// and the staff panel, so the button did nothing until the timer ran out.
TEST_CASE("'Naar het begin' on the thank-you and save-failed screens goes to welcome at once", "[flow]") {
  Flow thanks = questions_flow();
  CHECK(thanks.saved(t0 + 30s).empty());
  CHECK(thanks.leave(t0 + 31s) == Events{FlowEvent::DiscardSession});
  CHECK(thanks.screen() == Screen::Welcome);
  CHECK_FALSE(thanks.next_deadline());
  Flow failed = questions_flow();
  CHECK(failed.save_failed(t0 + 30s).empty());
  CHECK(failed.leave(t0 + 31s) == Events{FlowEvent::DiscardSession});
  CHECK(failed.screen() == Screen::Welcome);
}

// [SECTION] the hidden gesture, PIN pad and staff panel ----------------------------------------

TEST_CASE("a corner held shorter than staff_hold does nothing", "[flow]") {
  Flow flow = welcome_flow();
  flow.corner_down(t0);
  CHECK(flow.staff_hold_progress(t0 + 1500ms) == Approx(0.5));
  CHECK(flow.next_deadline() == t0 + 3s);
  CHECK(flow.tick(t0 + 2999ms).empty());
  flow.corner_up();
  CHECK(flow.staff_hold_progress(t0 + 2999ms) == 0.0);
  CHECK_FALSE(flow.next_deadline());
  flow.tick(t0 + 10s);
  CHECK(flow.screen() == Screen::Welcome);
}

TEST_CASE("holding the corner for staff_hold opens the PIN pad; cancel returns to welcome", "[flow]") {
  Flow flow = welcome_flow();
  flow.corner_down(t0);
  flow.corner_down(t0 + 2s);  // the app reports the press every frame: counted from the first
  CHECK(flow.tick(t0 + 3s).empty());
  CHECK(flow.screen() == Screen::PinPad);
  CHECK(flow.pin_pad_origin() == Screen::Welcome);
  CHECK(flow.leave(t0 + 5s).empty());
  CHECK(flow.screen() == Screen::Welcome);
}

TEST_CASE("a finger left on the corner after cancelling does not reopen the PIN pad", "[flow]") {
  Flow flow = welcome_flow();
  flow.corner_down(t0);
  flow.tick(t0 + 3s);
  flow.leave(t0 + 4s);
  flow.corner_down(t0 + 5s);  // still the same press
  flow.tick(t0 + 20s);
  CHECK(flow.screen() == Screen::Welcome);
  flow.corner_up();
  flow.corner_down(t0 + 21s);
  flow.tick(t0 + 24s);
  CHECK(flow.screen() == Screen::PinPad);
}

TEST_CASE("the PIN pad opened mid-questionnaire keeps the answers; cancel goes back to them", "[flow]") {
  Flow flow = questions_flow();
  flow.tick(t0 + 90s);  // even with the overlay up
  REQUIRE(flow.idle_warning());
  hold_corner(flow, t0 + 95s);
  CHECK(flow.pin_pad_origin() == Screen::Questions);
  CHECK(flow.leave(t0 + 120s).empty());  // no DiscardSession
  CHECK(flow.screen() == Screen::Questions);
  CHECK_FALSE(flow.idle_warning());
  CHECK(flow.next_deadline() == t0 + 210s);  // idle counts from the cancel
}

TEST_CASE("the right PIN opens the staff panel; leaving it discards the session behind it", "[flow]") {
  Flow flow = questions_flow();
  hold_corner(flow, t0 + 10s);
  CHECK(flow.pin_accepted(t0 + 20s).empty());
  CHECK(flow.screen() == Screen::Staff);
  CHECK(flow.leave(t0 + 30s) == Events{FlowEvent::DiscardSession});
  CHECK(flow.screen() == Screen::Welcome);
}

TEST_CASE("leaving the staff panel opened from welcome has no session to discard", "[flow]") {
  Flow flow = welcome_flow();
  hold_corner(flow, t0);
  flow.pin_accepted(t0 + 5s);
  CHECK(flow.leave(t0 + 6s).empty());
  CHECK(flow.screen() == Screen::Welcome);
}

TEST_CASE("an unattended PIN pad goes to welcome pin_pad_timeout after its last input", "[flow]") {
  Flow flow = questions_flow();
  hold_corner(flow, t0 + 10s);  // PIN pad from t0 + 13s
  flow.on_input(t0 + 20s);      // a digit
  CHECK(flow.next_deadline() == t0 + 50s);
  CHECK(flow.tick(t0 + 50s - 1ms).empty());
  CHECK(flow.tick(t0 + 50s) == Events{FlowEvent::DiscardSession});
  CHECK(flow.screen() == Screen::Welcome);
}

TEST_CASE("an unattended staff panel goes to welcome staff_timeout after its last input", "[flow]") {
  Flow flow = welcome_flow();
  hold_corner(flow, t0);
  flow.pin_accepted(t0 + 10s);
  flow.on_input(t0 + 100s);
  CHECK(flow.tick(t0 + 400s - 1ms).empty());
  CHECK(flow.screen() == Screen::Staff);
  flow.tick(t0 + 400s);
  CHECK(flow.screen() == Screen::Welcome);
}

TEST_CASE("a response saved while the PIN pad was up is not reopened by cancel", "[flow]") {
  Flow flow = questions_flow();
  hold_corner(flow, t0 + 10s);
  CHECK(flow.saved(t0 + 14s).empty());
  CHECK(flow.screen() == Screen::PinPad);
  CHECK(flow.leave(t0 + 16s).empty());
  CHECK(flow.screen() == Screen::Thanks);
  CHECK(flow.tick(t0 + 22s) == Events{FlowEvent::DiscardSession});
}

TEST_CASE("cancelling a PIN pad after the thank-you time ran out goes on to welcome", "[flow]") {
  Flow flow = questions_flow();
  flow.saved(t0 + 1s);
  hold_corner(flow, t0 + 2s);
  CHECK(flow.leave(t0 + 20s) == Events{FlowEvent::DiscardSession});
  CHECK(flow.screen() == Screen::Welcome);
}

// [SECTION] failures and quitting --------------------------------------------------------------

TEST_CASE("a failing frame returns to welcome; max_failures within the window exit with code 1", "[flow]") {
  Flow flow = questions_flow();
  CHECK(flow.frame_failed(t0) == Events{FlowEvent::DiscardSession});
  CHECK(flow.screen() == Screen::Welcome);
  for (int i = 1; i < 4; ++i) CHECK(flow.frame_failed(t0 + std::chrono::seconds(i)).empty());
  CHECK_FALSE(flow.exited());
  CHECK(flow.frame_failed(t0 + 4s) == Events{FlowEvent::Exit});
  CHECK(flow.exited());
  CHECK(flow.exit_code() == 1);
  CHECK(flow.start(t0 + 5s).empty());
  CHECK_FALSE(flow.next_deadline());
}

TEST_CASE("four frame failures and time passing do not exit: the window slides", "[flow]") {
  Flow flow = welcome_flow();
  for (auto at : {0s, 10s, 20s, 30s}) flow.frame_failed(t0 + at);
  CHECK(flow.frame_failed(t0 + 61s).empty());  // the failure at t0 has left the window
  CHECK_FALSE(flow.exited());
  CHECK(flow.screen() == Screen::Welcome);
  CHECK(flow.frame_failed(t0 + 62s) == Events{FlowEvent::Exit});  // 10, 20, 30, 61, 62
  CHECK(flow.exit_code() == 1);
}

TEST_CASE("quitting from the staff panel exits with code 0", "[flow]") {
  Flow flow = welcome_flow();
  hold_corner(flow, t0);
  flow.pin_accepted(t0 + 5s);
  CHECK(flow.quit() == Events{FlowEvent::Exit});
  CHECK(flow.exited());
  CHECK(flow.exit_code() == 0);
  CHECK(flow.quit().empty());
}

}  // namespace peilpunt::kiosk
