// Where Peilpunt's shipped data lives (questionnaires, UI strings, the example config), for the
// kiosk and the collector alike: $PEILPUNT_ASSETS when set, else the installed
// <prefix>/share/peilpunt when it exists, else the source tree's assets/ (a build run in place).
//
// **Example**:
//   std::filesystem::path questionnaires = peilpunt::sync::assets_folder() / "surveys";
#pragma once

#include <filesystem>

namespace peilpunt::sync {

std::filesystem::path assets_folder();

}  // namespace peilpunt::sync
