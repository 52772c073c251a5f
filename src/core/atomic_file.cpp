#include "core/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

namespace core {

namespace {

Status FsyncDirectory(const std::filesystem::path& dir, std::string_view what) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus(errno, std::string(what) + ": open " + dir.string());
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return ErrnoStatus(err, std::string(what) + ": fsync " + dir.string());
  return Status::Ok();
}

}  // namespace

Status WriteFileAtomically(const std::filesystem::path& path, std::string_view data,
                           std::string_view temp_suffix, std::string_view what) {
  const std::string tmp = path.string() + std::string(temp_suffix);
  const std::string w(what);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoStatus(errno, w + ": create " + tmp);
  auto fail = [&](int err, const std::string& op) {
    ::close(fd);
    ::unlink(tmp.c_str());
    return ErrnoStatus(err, w + ": " + op + " " + tmp);
  };
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(errno, "write");
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) return fail(errno, "fsync");
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return ErrnoStatus(err, w + ": close " + tmp);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return ErrnoStatus(err, w + ": rename " + tmp + " to " + path.string());
  }
  return FsyncDirectory(path.parent_path(), what);
}

Status CreateDirectoriesDurably(const std::filesystem::path& dir, std::string_view what) {
  // Find the missing ancestors first, outermost last.
  std::vector<std::filesystem::path> missing;
  std::error_code ec;
  for (std::filesystem::path p = dir; !p.empty() && !std::filesystem::exists(p, ec);
       p = p.parent_path()) {
    missing.push_back(p);
    if (p == p.parent_path()) break;
  }
  if (missing.empty()) return Status::Ok();
  std::filesystem::create_directories(dir, ec);
  if (ec) return ErrnoStatus(ec.value(), std::string(what) + ": create directory " + dir.string());
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    CORE_RETURN_IF_ERROR(FsyncDirectory(it->parent_path(), what));
  }
  return Status::Ok();
}

}  // namespace core
