#include <catch2/catch.hpp>

#include "kiosk/core/speech.hpp"

using peilpunt::kiosk::Speech;

// No sound card needed: synthesis without playback, counting the samples espeak-ng makes.
TEST_CASE("a Dutch sentence is synthesized into audio samples with the Dutch voice") {
  const std::size_t short_text = Speech::synthesize_samples("Ja.", "nl");
  const std::size_t sentence = Speech::synthesize_samples("Wie ben jij? Kies wat het best past: ik ben een kind of jongere.", "nl");
  // espeak-ng speaks at 22,050 samples a second: the sentence takes seconds, "Ja." a fraction.
  CHECK(sentence > 22050);
  CHECK(short_text > 0);
  CHECK(sentence > 5 * short_text);
  CHECK(Speech::synthesize_samples("Who are you?", "en") > 5000);
  CHECK(Speech::synthesize_samples("", "nl") < short_text);  // an empty text is a moment of silence
}

TEST_CASE("the voice follows the questionnaire's language") {
  CHECK(std::string(peilpunt::kiosk::voice_for("nl")) == "nl");
  CHECK(std::string(peilpunt::kiosk::voice_for("en")) == "en");
  CHECK(std::string(peilpunt::kiosk::voice_for("fr")) == "en");
}
