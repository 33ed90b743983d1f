// Read-aloud with espeak-ng (offline, Dutch voice "nl", English "en"): say() returns at once and
// the sound plays on espeak-ng's own thread through the default audio device. espeak-ng starts
// on first use, so a kiosk nobody asks to read aloud never loads it. No audio device is not an
// error: the text is still synthesized and the sound dropped, and the log says so once.
//
// **Example**:
//   Speech speech;
//   speech.say("Wie ben jij? Kies wat het best past.", "nl");
//   speech.stop();   // page changed, session reset
#pragma once

#include <cstddef>
#include <string>

namespace peilpunt::kiosk {

class Speech {
 public:
  Speech() = default;
  ~Speech();
  Speech(const Speech&) = delete;
  Speech& operator=(const Speech&) = delete;

  void say(const std::string& text, const std::string& language);  // stops what was playing first
  void stop();
  bool speaking() const;
  bool available() const { return state_ != State::Failed; }

  // Tests and diagnostics: synthesizes `text` without playing it and returns the number of
  // 16-bit samples espeak-ng produced (0 when espeak-ng cannot start). Not for use while a
  // Speech plays: espeak-ng is one engine per process.
  static std::size_t synthesize_samples(const std::string& text, const std::string& language);

 private:
  enum class State { NotStarted, Playing, Failed };
  bool start();
  State state_ = State::NotStarted;
};

// The espeak-ng voice for a questionnaire language: "nl" -> "nl", anything else -> "en".
const char* voice_for(const std::string& language);

}  // namespace peilpunt::kiosk
