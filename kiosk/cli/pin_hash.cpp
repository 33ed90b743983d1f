// peilpunt pin-hash: reads a staff PIN (one line) from stdin and prints its Argon2id hash, for the
// config's "staff_pin_hash", so an admin can set the PIN of many tablets without typing it on each.
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <string>

#include "kiosk/cli/commands.hpp"
#include "kiosk/core/staff_pin.hpp"

namespace peilpunt::cli {
namespace {

// Typing on a terminal: no echo of the PIN, restored however the command ends.
class HiddenInput {
 public:
  HiddenInput() {
    if (isatty(STDIN_FILENO) != 1 || tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    active_ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
  }
  HiddenInput(const HiddenInput&) = delete;
  HiddenInput& operator=(const HiddenInput&) = delete;
  ~HiddenInput() {
    if (!active_) return;
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
    std::cerr << '\n';  // the newline the user typed was not echoed
  }
  bool active() const { return active_; }

 private:
  termios saved_{};
  bool active_ = false;
};

}  // namespace

void add_pin_hash_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("pin-hash", "Read a staff PIN from stdin, print its hash for the config's staff_pin_hash");
  cmd->callback([] {
    std::string pin;
    {
      HiddenInput hidden;
      if (hidden.active()) std::cerr << "staff PIN (4 to 8 digits): " << std::flush;
      if (!std::getline(std::cin, pin)) exit_with_error("pin-hash: no PIN on stdin");
    }
    if (!pin.empty() && pin.back() == '\r') pin.pop_back();
    if (!kiosk::StaffPin::valid_pin(pin)) exit_with_error("pin-hash: the PIN must be 4 to 8 digits");
    try {
      std::cout << kiosk::StaffPin::hash(pin) << '\n';
    } catch (const kiosk::StaffPinError& e) {
      exit_with_error(std::string("pin-hash: ") + e.what());
    }
  });
}

}  // namespace peilpunt::cli
