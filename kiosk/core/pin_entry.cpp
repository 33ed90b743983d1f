#include "kiosk/core/pin_entry.hpp"

namespace peilpunt::kiosk {

void PinEntry::press(char digit) {
  if (busy_ || digit < '0' || digit > '9' || digits_.size() >= max_digits) return;
  digits_ += digit;
  message_key_.clear();
}

void PinEntry::backspace() {
  if (!busy_ && !digits_.empty()) digits_.pop_back();
}

PinEntry::Submitted PinEntry::submit() {
  if (!can_submit()) return {};
  std::string pin;
  pin.swap(digits_);
  switch (mode_) {
    case Mode::Unlock: return {Action::Check, pin};
    case Mode::SetNew:
      first_entry_ = pin;
      mode_ = Mode::ConfirmNew;
      message_key_.clear();
      return {};
    case Mode::ConfirmNew: {
      const bool same = pin == first_entry_;
      first_entry_.clear();
      if (same) return {Action::Store, pin};
      mode_ = Mode::SetNew;
      message_key_ = "pin.mismatch";
      return {};
    }
  }
  return {};
}

void PinEntry::store_failed() {
  busy_ = false;
  mode_ = Mode::SetNew;
  message_key_ = "pin.cannot_set";
}

}  // namespace peilpunt::kiosk
