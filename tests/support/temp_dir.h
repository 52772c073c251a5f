// A private temporary directory for one test or fixture, removed (recursively) on destruction.
#pragma once

#include <filesystem>
#include <string>

namespace testing_support {

class TempDir {
 public:
  // Creates /tmp/<prefix>XXXXXX (or under $TMPDIR). Aborts the test binary if that fails.
  explicit TempDir(const std::string& prefix = "rr-test-");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // path() / name, as a string.
  std::string File(const std::string& name) const { return (path_ / name).string(); }
  // Keeps the directory after destruction (for post-mortem of a failed test).
  void Keep() { keep_ = true; }

 private:
  std::filesystem::path path_;
  bool keep_ = false;
};

}  // namespace testing_support
