#include "cdc/sink/local_directory_sink.h"

#include <unistd.h>

#include <cerrno>
#include <string>

#include "core/atomic_file.h"

namespace cdc {

namespace {

// Keys are relative paths of non-empty segments other than "." and ".."; anything else could
// escape the root or alias another key.
core::Status CheckKey(std::string_view key) {
  auto bad = [&](std::string_view why) {
    return core::InvalidArgument("lake: invalid object key \"" + std::string(key) +
                                 "\": " + std::string(why));
  };
  if (key.empty()) return bad("empty");
  if (key.front() == '/') return bad("absolute path; expected a relative key");
  size_t start = 0;
  while (start <= key.size()) {
    size_t end = key.find('/', start);
    if (end == std::string_view::npos) end = key.size();
    std::string_view seg = key.substr(start, end - start);
    if (seg.empty()) return bad("empty path segment");
    if (seg == "." || seg == "..") return bad("\".\" or \"..\" segment");
    start = end + 1;
  }
  return core::Status::Ok();
}

}  // namespace

core::Result<std::unique_ptr<LocalDirectorySink>> LocalDirectorySink::Open(
    const std::filesystem::path& root) {
  if (!root.is_absolute()) {
    return core::InvalidArgument("lake directory \"" + root.string() +
                                 "\" is not absolute; expected file:///absolute/path");
  }
  std::unique_ptr<LocalDirectorySink> sink(new LocalDirectorySink(root.lexically_normal()));
  CORE_RETURN_IF_ERROR(sink->Check());
  return sink;
}

core::Status LocalDirectorySink::Check() {
  CORE_RETURN_IF_ERROR(core::CreateDirectoriesDurably(root_, "lake"));
  std::error_code dir_ec;
  if (!std::filesystem::is_directory(root_, dir_ec)) {
    return core::FailedPrecondition("lake: " + root_.string() +
                                    " is not a directory; expected a writable directory");
  }
  if (::access(root_.c_str(), W_OK) != 0) {
    return core::ErrnoStatus(errno, "lake: directory " + root_.string() + " is not writable");
  }
  // Remove temp files a crash left behind (they were never acknowledged).
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(root_, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file() &&
        it->path().filename().string().find(".tmp-") != std::string::npos) {
      std::filesystem::remove(it->path(), ec);
    }
  }
  return core::Status::Ok();
}

core::Status LocalDirectorySink::Put(std::string_view key, std::string_view bytes,
                                     const ObjectMetadata& /*metadata*/) {
  CORE_RETURN_IF_ERROR(CheckKey(key));
  const std::filesystem::path path = root_ / std::filesystem::path(std::string(key));
  CORE_RETURN_IF_ERROR(core::CreateDirectoriesDurably(path.parent_path(), "lake"));
  const std::string suffix =
      ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(temp_counter_.fetch_add(1));
  return core::WriteFileAtomically(path, bytes, suffix, "lake");
}

}  // namespace cdc
