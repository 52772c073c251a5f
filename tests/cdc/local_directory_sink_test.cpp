#include "cdc/sink/local_directory_sink.h"

#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace cdc {
namespace {

using testing_support::TempDir;

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(LocalDirectorySinkTest, PutCreatesNestedKeysAndReplacesWhole) {
  TempDir dir;
  auto sink = LocalDirectorySink::Open(dir.path() / "lake");
  ASSERT_TRUE(sink.ok()) << sink.status().ToString();
  const std::string key = "events/database=shop/collection=a%2Fb/year=2025/x.jsonl";
  ASSERT_TRUE((*sink)->Put(key, "first version, longer", {}).ok());
  ASSERT_TRUE((*sink)->Put(key, "second", {}).ok());
  EXPECT_EQ(ReadFile(dir.path() / "lake" / key), "second");
  // No temp files remain.
  size_t files = 0;
  for (auto& e : std::filesystem::recursive_directory_iterator(dir.path())) {
    files += e.is_regular_file() ? 1 : 0;
  }
  EXPECT_EQ(files, 1u);
}

TEST(LocalDirectorySinkTest, KeysThatCouldEscapeTheRootAreRejected) {
  TempDir dir;
  auto sink = LocalDirectorySink::Open(dir.path());
  ASSERT_TRUE(sink.ok());
  auto put = [&](std::string_view key) { return (*sink)->Put(key, "x", {}).message(); };
  EXPECT_EQ(put("../outside"), "lake: invalid object key \"../outside\": \".\" or \"..\" segment");
  EXPECT_EQ(put("/etc/passwd"),
            "lake: invalid object key \"/etc/passwd\": absolute path; expected a relative key");
  EXPECT_EQ(put("a//b"), "lake: invalid object key \"a//b\": empty path segment");
  EXPECT_EQ(put(""), "lake: invalid object key \"\": empty");
}

TEST(LocalDirectorySinkTest, RelativeRootIsRejected) {
  auto sink = LocalDirectorySink::Open("lake");
  ASSERT_FALSE(sink.ok());
  EXPECT_EQ(sink.status().message(),
            "lake directory \"lake\" is not absolute; expected file:///absolute/path");
}

TEST(LocalDirectorySinkTest, CheckRemovesTempFilesLeftByACrash) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "a");
  std::ofstream(dir.path() / "a" / "x.jsonl.tmp-123-0") << "torn";
  std::ofstream(dir.path() / "a" / "y.jsonl") << "kept";
  auto sink = LocalDirectorySink::Open(dir.path());
  ASSERT_TRUE(sink.ok());
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "a" / "x.jsonl.tmp-123-0"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "a" / "y.jsonl"));
}

TEST(LocalDirectorySinkTest, RootThatIsAFileIsAClearError) {
  TempDir dir;
  std::ofstream(dir.File("file")) << "x";
  auto sink = LocalDirectorySink::Open(dir.path() / "file");
  ASSERT_FALSE(sink.ok());
  EXPECT_EQ(sink.status().message(),
            "lake: " + dir.File("file") + " is not a directory; expected a writable directory");
}

// A full disk: a 64 KiB tmpfs. The failed Put reports ENOSPC as retryable ResourceExhausted,
// leaves no partial object, and the previous version of the key stays intact.
TEST(LocalDirectorySinkTest, DiskFullIsRetryableAndLeavesNoPartialObject) {
  TempDir dir;
  ASSERT_EQ(::mount("tmpfs", dir.path().c_str(), "tmpfs", 0, "size=64k"), 0)
      << "mounting a tmpfs needs root (the tests run as root in CI): " << std::strerror(errno);
  struct Unmount {
    std::string path;
    ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
  } unmount{dir.path().string()};
  auto sink = LocalDirectorySink::Open(dir.path());
  ASSERT_TRUE(sink.ok());
  ASSERT_TRUE((*sink)->Put("k/obj", "small", {}).ok());
  core::Status st = (*sink)->Put("k/obj", std::string(256 * 1024, 'x'), {});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), core::ErrorCode::kResourceExhausted);
  EXPECT_TRUE(st.retryable());
  EXPECT_NE(st.message().find("No space left on device"), std::string::npos) << st.message();
  EXPECT_EQ(st.message().rfind("lake: write " + dir.path().string() + "/k/obj.tmp-", 0), 0u)
      << st.message();
  EXPECT_EQ(ReadFile(dir.path() / "k" / "obj"), "small");
  size_t files = 0;
  for (auto& e : std::filesystem::recursive_directory_iterator(dir.path())) {
    files += e.is_regular_file() ? 1 : 0;
  }
  EXPECT_EQ(files, 1u);
}

}  // namespace
}  // namespace cdc
