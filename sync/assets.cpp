#include "sync/assets.hpp"

#include <cstdlib>

namespace peilpunt::sync {

std::filesystem::path assets_folder() {
  if (const char* assets = std::getenv("PEILPUNT_ASSETS"); assets && *assets) return assets;
  const std::filesystem::path installed = PEILPUNT_INSTALLED_ASSETS;
  std::error_code ec;
  if (std::filesystem::is_directory(installed, ec)) return installed;
  return PEILPUNT_SOURCE_ASSETS;
}

}  // namespace peilpunt::sync
