#include "sync/atomic_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace peilpunt::sync {

namespace fs = std::filesystem;

void throw_file_error(const fs::path& path, std::string_view what, int error) {
  throw FileError(path.string() + ": " + std::string(what) + ": " + std::strerror(error));
}

TempFile::TempFile(fs::path final_path, mode_t mode) : final_(std::move(final_path)), temp_(final_.string() + ".tmp") {
  fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd_ < 0) throw_file_error(temp_, "cannot create", errno);
  // A .tmp left over from a crash keeps its old mode under O_TRUNC.
  if (::fchmod(fd_, mode) != 0) {
    const int error = errno;
    ::close(fd_);
    ::unlink(temp_.c_str());
    throw_file_error(temp_, "cannot set its mode", error);
  }
}

TempFile::~TempFile() {
  if (committed_) return;
  if (fd_ >= 0) ::close(fd_);
  ::unlink(temp_.c_str());
}

void TempFile::write(std::string_view bytes) {
  const char* p = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_file_error(temp_, "cannot write", errno);
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

void TempFile::commit() {
  if (::fsync(fd_) != 0) throw_file_error(temp_, "cannot sync to disk", errno);
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) throw_file_error(temp_, "cannot close", errno);
  if (::rename(temp_.c_str(), final_.c_str()) != 0) throw_file_error(final_, "cannot rename the .tmp file into place", errno);
  committed_ = true;
  sync_folder(final_.parent_path().empty() ? fs::path(".") : final_.parent_path());
}

void sync_folder(const fs::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw_file_error(folder, "cannot open the folder", errno);
  if (::fsync(fd) != 0 && errno != EINVAL) {
    const int error = errno;
    ::close(fd);
    throw_file_error(folder, "cannot sync the folder to disk", error);
  }
  ::close(fd);
}

void replace_file_atomically(const fs::path& file, std::string_view bytes, mode_t mode) {
  std::error_code ec;
  if (!file.parent_path().empty()) fs::create_directories(file.parent_path(), ec);
  if (ec) throw FileError(file.parent_path().string() + ": cannot create the folder: " + ec.message());
  TempFile temp(file, mode);
  temp.write(bytes);
  temp.commit();
}

std::string read_small_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    if (errno == ENOENT || !fs::exists(file)) return "";
    throw_file_error(file, "cannot read", errno);
  }
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace peilpunt::sync
