#include "kiosk/core/usb_drives.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>

namespace peilpunt::kiosk {

namespace {

// /proc/mounts writes a space in a path as \040 (and tab, newline, backslash likewise).
std::string decode_mount_path(const std::string& field) {
  std::string out;
  for (std::size_t i = 0; i < field.size(); ++i) {
    auto octal = [&](std::size_t k) { return k < field.size() && field[k] >= '0' && field[k] <= '7'; };
    if (field[i] == '\\' && octal(i + 1) && octal(i + 2) && octal(i + 3)) {
      out += static_cast<char>(std::stoi(field.substr(i + 1, 3), nullptr, 8));
      i += 3;
    } else {
      out += field[i];
    }
  }
  return out;
}

bool under(const std::string& path, const std::string& prefix) { return path.rfind(prefix, 0) == 0 && path.size() > prefix.size(); }

}  // namespace

std::vector<UsbDrive> find_usb_drives(const std::filesystem::path& mounts_file, const std::filesystem::path& root) {
  std::vector<UsbDrive> targets;
  std::ifstream in(mounts_file);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string device, mount_point;
    if (!(fields >> device >> mount_point)) continue;
    std::string path = decode_mount_path(mount_point);
    if (!under(path, "/media/") && !under(path, "/run/media/")) continue;
    std::error_code ec;
    const std::filesystem::path on_disk = root / std::filesystem::path(path).relative_path();
    if (!std::filesystem::is_directory(on_disk, ec) || ::access(on_disk.c_str(), W_OK) != 0) continue;
    targets.push_back({on_disk, std::filesystem::path(path).filename().string()});
  }
  return targets;
}

}  // namespace peilpunt::kiosk
