// Where staff can export to: mounted removable media (USB sticks) under /media and /run/media,
// as the desktop automounter puts them. No ImGui; tests pass their own mounts file.
//
// **Example**:
//   #include <iostream>
//   for (const UsbDrive& d : find_usb_drives("/proc/self/mounts")) std::cout << d.label << ": " << d.folder << '\n';
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace peilpunt::kiosk {

struct UsbDrive {
  std::filesystem::path folder;  // the mount point
  std::string label;             // its last path part, e.g. "KINGSTON"
};

// Mount points under /media/ or /run/media/ (as listed in `mounts_file`, /proc/mounts format,
// octal escapes such as \040 decoded), that are writable folders. `root` prefixes every path
// that is checked on disk (tests use a temp folder; the kiosk "/").
std::vector<UsbDrive> find_usb_drives(const std::filesystem::path& mounts_file,
                                              const std::filesystem::path& root = "/");

}  // namespace peilpunt::kiosk
