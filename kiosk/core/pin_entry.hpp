// The PIN pad's state: the digits typed so far (shown as dots), and the steps of unlocking or of
// choosing a new PIN and confirming it. No ImGui and no hashing: Kiosk::pin_ok does the Argon2id
// work on a worker thread with what submit() hands it.
//
// **Example**:
//   PinEntry entry(PinEntry::Mode::SetNew);
//   for (char d : std::string("4821")) entry.press(d);
//   entry.submit();                        // nothing to do yet: now ConfirmNew
//   for (char d : std::string("4821")) entry.press(d);
//   PinEntry::Submitted s = entry.submit();  // s.action == Action::Store, s.pin == "4821"
#pragma once

#include <string>

namespace peilpunt::kiosk {

class PinEntry {
 public:
  enum class Mode { Unlock, SetNew, ConfirmNew };
  static constexpr std::size_t min_digits = 4, max_digits = 8;

  explicit PinEntry(Mode mode = Mode::Unlock) : mode_(mode) {}

  Mode mode() const { return mode_; }
  std::size_t digit_count() const { return digits_.size(); }
  const std::string& message_key() const { return message_key_; }  // lang key; "" = none
  bool busy() const { return busy_; }        // a hash is being made or checked; keys do nothing
  bool can_submit() const { return !busy_ && digits_.size() >= min_digits; }
  bool stored() const { return stored_; }    // SetNew/ConfirmNew: the new PIN is stored

  void press(char digit);                    // '0'..'9', up to max_digits; clears the message
  void backspace();

  enum class Action { None, Check, Store };
  struct Submitted {
    Action action = Action::None;
    std::string pin;
  };
  // OK: the digits are cleared. Unlock: Check them. SetNew: remember them, ask again
  // (ConfirmNew). ConfirmNew: Store them when they match the first entry, else back to SetNew
  // with "pin.mismatch". Nothing while busy or with too few digits.
  Submitted submit();

  // What the hashing worker reports back (Kiosk::pin_ok).
  void set_busy(bool busy) { busy_ = busy; }
  void show(std::string message_key) { message_key_ = std::move(message_key); }
  void store_failed();                       // back to SetNew with "pin.cannot_set"
  void store_succeeded() { busy_ = false, stored_ = true; }

 private:
  Mode mode_;
  std::string digits_;
  std::string first_entry_;   // SetNew's PIN while confirming
  std::string message_key_;
  bool busy_ = false;
  bool stored_ = false;
};

}  // namespace peilpunt::kiosk
