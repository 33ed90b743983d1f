// Files that a crash leaves old or new, never half: written as "<name>.tmp", fsync'd, renamed
// into place, and the folder fsync'd. The one home of that rule for the outbox's neighbours:
// the export files, the staff PIN file, the kiosk's event name and questionnaire choice.
//
// **Example**:
//   peilpunt::sync::replace_file_atomically("/var/lib/peilpunt/event-name.txt", "Kenniscafé Beilen\n", 0600);
//   peilpunt::sync::TempFile csv("/media/usb/export/answers.csv", 0644);
//   csv.write("a;b\r\n");
//   csv.commit();   // complete under its final name; destroyed uncommitted, the .tmp goes
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include <sys/types.h>

namespace peilpunt::sync {

// "PATH: what failed: strerror", e.g. "/media/usb/x.csv.tmp: cannot write: No space left on device".
struct FileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Throws FileError "PATH: what: strerror(error)": the one wording of a failed file operation.
[[noreturn]] void throw_file_error(const std::filesystem::path& path, std::string_view what, int error);

// A file being written under "<final>.tmp" (mode `mode`, even when a stale .tmp had another).
class TempFile {
 public:
  TempFile(std::filesystem::path final_path, mode_t mode);
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile();  // uncommitted: closes and removes the .tmp

  void write(std::string_view bytes);  // all of it, or FileError
  void commit();                       // fsync, close, rename into place, fsync the folder
  const std::filesystem::path& final_path() const { return final_; }

 private:
  std::filesystem::path final_, temp_;
  int fd_ = -1;
  bool committed_ = false;
};

// The whole of `file` replaced by `bytes`; its folder is created when missing. Throws FileError.
void replace_file_atomically(const std::filesystem::path& file, std::string_view bytes, mode_t mode);
// fsync of a folder, so the renames inside it last; a file system that cannot (EINVAL) is let be.
void sync_folder(const std::filesystem::path& folder);
// The file's bytes; "" when it does not exist. Throws FileError when it exists but cannot be read.
std::string read_small_file(const std::filesystem::path& file);

}  // namespace peilpunt::sync
