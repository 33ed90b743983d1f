// The PIN pad's state (kiosk/core/pin_entry): digits typed, unlocking, choosing a new PIN and
// confirming it, and what the hashing worker reports back. No hashing here (Kiosk::pin_ok).
#include "kiosk/core/pin_entry.hpp"

#include <catch2/catch.hpp>

namespace peilpunt::kiosk {
namespace {

void press_digits(PinEntry& entry, const std::string& digits) {
  for (char d : digits) entry.press(d);
}

}  // namespace

TEST_CASE("a PIN pad starts empty, without a message, not busy", "[pin_entry]") {
  PinEntry entry;
  CHECK(entry.mode() == PinEntry::Mode::Unlock);
  CHECK(entry.digit_count() == 0);
  CHECK(entry.message_key().empty());
  CHECK_FALSE(entry.busy());
  CHECK_FALSE(entry.stored());
  CHECK_FALSE(entry.can_submit());
  CHECK(PinEntry(PinEntry::Mode::SetNew).mode() == PinEntry::Mode::SetNew);
}

TEST_CASE("the pad takes digits only, at most 8", "[pin_entry]") {
  PinEntry entry;
  press_digits(entry, "12");
  CHECK(entry.digit_count() == 2);
  for (char c : {'a', ' ', '-', '/', ':', '\0', '*', '#'}) entry.press(c);  // '/' and ':' border '0'..'9'
  CHECK(entry.digit_count() == 2);
  press_digits(entry, "345678");
  CHECK(entry.digit_count() == 8);
  entry.press('9');
  CHECK(entry.digit_count() == 8);
  // The ninth digit was dropped, not the eighth replaced: the PIN handed on is the first eight.
  PinEntry::Submitted s = entry.submit();
  CHECK(s.action == PinEntry::Action::Check);
  CHECK(s.pin == "12345678");
}

TEST_CASE("backspace takes the last digit off, and does nothing on an empty pad", "[pin_entry]") {
  PinEntry entry;
  press_digits(entry, "4821");
  entry.backspace();
  CHECK(entry.digit_count() == 3);
  press_digits(entry, "7");
  CHECK(entry.submit().pin == "4827");
  entry.backspace();
  CHECK(entry.digit_count() == 0);
  press_digits(entry, "1");
  entry.backspace();
  entry.backspace();
  CHECK(entry.digit_count() == 0);
}

TEST_CASE("OK is possible from 4 digits on", "[pin_entry]") {
  PinEntry entry;
  press_digits(entry, "482");
  CHECK_FALSE(entry.can_submit());
  PinEntry::Submitted too_short = entry.submit();
  CHECK(too_short.action == PinEntry::Action::None);
  CHECK(too_short.pin.empty());
  CHECK(entry.digit_count() == 3);  // nothing cleared: the resident can type on
  entry.press('1');
  CHECK(entry.can_submit());
}

TEST_CASE("unlock: OK hands the digits on to be checked and clears the pad", "[pin_entry]") {
  PinEntry entry(PinEntry::Mode::Unlock);
  press_digits(entry, "4821");
  PinEntry::Submitted s = entry.submit();
  CHECK(s.action == PinEntry::Action::Check);
  CHECK(s.pin == "4821");
  CHECK(entry.digit_count() == 0);
  CHECK(entry.mode() == PinEntry::Mode::Unlock);
  CHECK_FALSE(entry.can_submit());
}

TEST_CASE("a new PIN is asked twice and stored when both entries are the same", "[pin_entry]") {
  PinEntry entry(PinEntry::Mode::SetNew);
  press_digits(entry, "48210957");
  PinEntry::Submitted first = entry.submit();
  CHECK(first.action == PinEntry::Action::None);
  CHECK(first.pin.empty());
  CHECK(entry.mode() == PinEntry::Mode::ConfirmNew);
  CHECK(entry.digit_count() == 0);
  press_digits(entry, "48210957");
  PinEntry::Submitted second = entry.submit();
  CHECK(second.action == PinEntry::Action::Store);
  CHECK(second.pin == "48210957");
  CHECK(entry.digit_count() == 0);
  CHECK_FALSE(entry.stored());  // not until the worker reports it
  entry.set_busy(true);
  entry.store_succeeded();
  CHECK(entry.stored());
  CHECK_FALSE(entry.busy());
}

TEST_CASE("two different entries of a new PIN start over with \"pin.mismatch\"", "[pin_entry]") {
  PinEntry entry(PinEntry::Mode::SetNew);
  press_digits(entry, "4821");
  entry.submit();
  press_digits(entry, "1284");
  PinEntry::Submitted s = entry.submit();
  CHECK(s.action == PinEntry::Action::None);
  CHECK(s.pin.empty());
  CHECK(entry.mode() == PinEntry::Mode::SetNew);
  CHECK(entry.message_key() == "pin.mismatch");
  CHECK(entry.digit_count() == 0);
  // The first entry is forgotten: choosing again asks twice again.
  press_digits(entry, "1284");
  CHECK(entry.message_key().empty());
  entry.submit();
  CHECK(entry.mode() == PinEntry::Mode::ConfirmNew);
  press_digits(entry, "1284");
  PinEntry::Submitted again = entry.submit();
  CHECK(again.action == PinEntry::Action::Store);
  CHECK(again.pin == "1284");
}

TEST_CASE("a shorter or longer repeat of the new PIN is a mismatch, not a prefix match", "[pin_entry]") {
  PinEntry entry(PinEntry::Mode::SetNew);
  press_digits(entry, "48210");
  entry.submit();
  press_digits(entry, "4821");
  CHECK(entry.submit().action == PinEntry::Action::None);
  CHECK(entry.message_key() == "pin.mismatch");
  press_digits(entry, "4821");
  entry.submit();
  press_digits(entry, "48210");
  CHECK(entry.submit().action == PinEntry::Action::None);
  CHECK(entry.message_key() == "pin.mismatch");
}

TEST_CASE("while a hash is made or checked, keys and OK do nothing", "[pin_entry]") {
  PinEntry entry(PinEntry::Mode::Unlock);
  press_digits(entry, "48");
  entry.set_busy(true);
  press_digits(entry, "21");
  CHECK(entry.digit_count() == 2);
  entry.backspace();
  CHECK(entry.digit_count() == 2);
  entry.set_busy(false);
  press_digits(entry, "21");
  CHECK(entry.can_submit());
  entry.set_busy(true);
  CHECK_FALSE(entry.can_submit());
  CHECK(entry.submit().action == PinEntry::Action::None);
  CHECK(entry.digit_count() == 4);
  entry.set_busy(false);
  CHECK(entry.submit().pin == "4821");
}

TEST_CASE("a new PIN that cannot be stored asks for a new one with \"pin.cannot_set\"", "[pin_entry]") {
  PinEntry entry(PinEntry::Mode::SetNew);
  press_digits(entry, "4821");
  entry.submit();
  press_digits(entry, "4821");
  REQUIRE(entry.submit().action == PinEntry::Action::Store);
  entry.set_busy(true);
  entry.store_failed();
  CHECK(entry.mode() == PinEntry::Mode::SetNew);
  CHECK(entry.message_key() == "pin.cannot_set");
  CHECK_FALSE(entry.busy());
  CHECK_FALSE(entry.stored());
  CHECK(entry.digit_count() == 0);
  // And the next try asks twice again.
  press_digits(entry, "9999");
  entry.submit();
  CHECK(entry.mode() == PinEntry::Mode::ConfirmNew);
}

TEST_CASE("the first digit typed after a message clears it; backspace does not", "[pin_entry]") {
  PinEntry entry(PinEntry::Mode::Unlock);
  entry.show("pin.wrong");
  CHECK(entry.message_key() == "pin.wrong");
  entry.backspace();
  CHECK(entry.message_key() == "pin.wrong");
  entry.press('x');  // not a digit: nothing typed, the message stays
  CHECK(entry.message_key() == "pin.wrong");
  entry.press('1');
  CHECK(entry.message_key().empty());
}

TEST_CASE("a full pad keeps its message when one more digit is pressed", "[pin_entry]") {
  PinEntry entry(PinEntry::Mode::Unlock);
  press_digits(entry, "12345678");
  entry.show("pin.wrong");
  entry.press('9');  // refused: nothing typed
  CHECK(entry.message_key() == "pin.wrong");
  CHECK(entry.digit_count() == 8);
}

TEST_CASE("the first entry of a new PIN clears an old message", "[pin_entry]") {
  PinEntry entry(PinEntry::Mode::SetNew);
  press_digits(entry, "4821");
  entry.show("pin.cannot_set");
  entry.submit();
  CHECK(entry.message_key().empty());
  CHECK(entry.mode() == PinEntry::Mode::ConfirmNew);
}

}  // namespace peilpunt::kiosk
