#include "kiosk/core/speech.hpp"

#include <espeak-ng/speak_lib.h>

#include <atomic>
#include <iostream>

namespace peilpunt::kiosk {

namespace {

std::atomic<std::size_t> samples_seen{0};

int count_samples(short*, int count, espeak_EVENT*) {
  if (count > 0) samples_seen += static_cast<std::size_t>(count);
  return 0;  // 0: go on
}

}  // namespace

const char* voice_for(const std::string& language) { return language == "nl" ? "nl" : "en"; }

bool Speech::start() {
  if (state_ == State::Playing) return true;
  if (state_ == State::Failed) return false;
  // Playback mode: espeak-ng opens the default audio device and plays on its own thread.
  if (espeak_Initialize(AUDIO_OUTPUT_PLAYBACK, 0, nullptr, 0) <= 0) {
    std::cerr << "peilpunt: read-aloud is off: espeak-ng could not start (is espeak-ng-data installed?)\n";
    state_ = State::Failed;
    return false;
  }
  state_ = State::Playing;
  return true;
}

void Speech::say(const std::string& text, const std::string& language) {
  if (!start()) return;
  espeak_Cancel();
  if (espeak_SetVoiceByName(voice_for(language)) != EE_OK)
    std::cerr << "peilpunt: espeak-ng has no voice \"" << voice_for(language) << "\"; using its default\n";
  const espeak_ERROR result = espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0,
                                           espeakCHARS_UTF8, nullptr, nullptr);
  if (result != EE_OK) std::cerr << "peilpunt: espeak-ng could not read the text aloud (error " << result << ")\n";
}

void Speech::stop() {
  if (state_ == State::Playing) espeak_Cancel();
}

bool Speech::speaking() const { return state_ == State::Playing && espeak_IsPlaying() == 1; }

Speech::~Speech() {
  if (state_ == State::Playing) {
    espeak_Cancel();
    espeak_Terminate();
  }
}

std::size_t Speech::synthesize_samples(const std::string& text, const std::string& language) {
  // Synchronous mode: espeak_Synth returns after the callback has seen every sample. espeak-ng
  // does not start cleanly twice in one process, so it stays initialized.
  static const bool ready = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, 0) > 0;
  if (!ready) return 0;
  espeak_SetSynthCallback(count_samples);
  samples_seen = 0;
  if (espeak_SetVoiceByName(voice_for(language)) != EE_OK) return 0;
  if (espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, nullptr) != EE_OK) return 0;
  return samples_seen;
}

}  // namespace peilpunt::kiosk
