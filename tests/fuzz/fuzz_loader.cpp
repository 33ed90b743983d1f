// libFuzzer target for the questionnaire loader (survey/loader.cpp): whatever bytes a file holds,
// survey::load_text returns a Survey or a list of errors. It never crashes, throws or hangs.
//   tests/fuzz/run-fuzzers          (builds the fuzz preset and runs every target)
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "survey/model.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  survey::LoadResult result = survey::load_text(text, "fuzz.json");
  // A result is either a survey or errors, never both or neither.
  if (result.ok() != (result.survey != nullptr)) __builtin_trap();
  for (const auto& error : result.errors) (void)error.to_string();
  return 0;
}
