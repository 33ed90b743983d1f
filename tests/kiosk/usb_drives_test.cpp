// kiosk/core/usb_drives.cpp: which mounted folders the staff panel offers as export targets.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "kiosk/core/usb_drives.hpp"
#include "tests/sync/support.hpp"

using namespace peilpunt;
namespace fs = std::filesystem;

TEST_CASE("export targets are the writable mounts under /media and /run/media") {
  sync::testing::TempDir dir;
  const fs::path mounts = dir.path / "mounts";
  std::ofstream(mounts) << "/dev/sda1 / ext4 rw 0 0\n"
                        << "/dev/sdb1 /media/peilpunt/KINGSTON\\040USB vfat rw 0 0\n"
                        << "tmpfs /run/user/1000 tmpfs rw 0 0\n"
                        << "/dev/sdc1 /run/media/staff/STICK vfat rw 0 0\n"
                        << "/dev/sde1 /media/peilpunt/PULLED vfat rw 0 0\n"
                        << "/dev/sdd1 /media vfat rw 0 0\n";
  fs::create_directories(dir.path / "media/peilpunt/KINGSTON USB");
  fs::create_directories(dir.path / "run/media/staff/STICK");
  fs::create_directories(dir.path / "run/user/1000");
  // PULLED is listed but its folder is gone (a stick pulled out): never an export target.
  auto targets = kiosk::find_usb_drives(mounts, dir.path);
  REQUIRE(targets.size() == 2);
  CHECK(targets[0].label == "KINGSTON USB");
  CHECK(targets[0].folder == dir.path / "media/peilpunt/KINGSTON USB");
  CHECK(targets[1].label == "STICK");
  CHECK(kiosk::find_usb_drives(dir.path / "missing", dir.path).empty());
}
