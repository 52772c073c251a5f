#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "cdc/state/file_state_store.h"
#include "cdc/state/memory_state_store.h"
#include "state_store_conformance.h"
#include "support/temp_dir.h"

namespace cdc {
namespace {

using testing_support::TempDir;

StoreFactory MemoryFactory() {
  return {"memory", [] { return std::make_shared<MemoryStateStore>(); },
          [](const std::shared_ptr<StateStore>& s) { return s; }};
}

StoreFactory FileFactory() {
  // Each store owns its temp dir through the shared_ptr's deleter.
  auto create = [] {
    auto dir = std::make_shared<TempDir>("rr-state-");
    auto store = FileStateStore::Open(dir->path(), "pipe/line");
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    StateStore* raw = std::move(store).value().release();
    return std::shared_ptr<StateStore>(raw, [dir](StateStore* s) { delete s; });
  };
  auto reopen = [](const std::shared_ptr<StateStore>& old) {
    auto* file = static_cast<FileStateStore*>(old.get());
    std::filesystem::path dir = file->StreamFile("x").parent_path().parent_path();
    auto store = FileStateStore::Open(dir, "pipe/line");
    EXPECT_TRUE(store.ok());
    return std::shared_ptr<StateStore>(std::move(store).value());
  };
  return {"file", create, reopen};
}

INSTANTIATE_TEST_SUITE_P(Stores, StateStoreConformance,
                         testing::Values(MemoryFactory(), FileFactory()),
                         [](const auto& info) { return info.param.name; });

TEST(FileStateStoreTest, RelativeDirectoryIsRejected) {
  auto store = FileStateStore::Open("relative/dir", "p");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().message(),
            "state store directory \"relative/dir\" is not absolute; expected "
            "file:///absolute/path");
}

TEST(FileStateStoreTest, UnwritableDirectoryIsAClearError) {
  if (::geteuid() == 0) {
    // root ignores permission bits; use a path below a regular file instead.
    TempDir dir;
    std::ofstream(dir.File("afile")) << "x";
    auto store = FileStateStore::Open(dir.path() / "afile", "p");
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.status().message(),
              "state store: create directory " + dir.File("afile") + "/p: Not a directory");
    return;
  }
  TempDir dir;
  ::chmod(dir.path().c_str(), 0500);
  auto store = FileStateStore::Open(dir.path(), "p");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), core::ErrorCode::kPermissionDenied);
}

TEST(FileStateStoreTest, StaleTempFileFromACrashIsIgnored) {
  TempDir dir;
  auto store = FileStateStore::Open(dir.path(), "p");
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->SaveCheckpoint("s", {"good", 1, 0}).ok());
  // A crash between writing the temp file and renaming it leaves this behind.
  std::ofstream((*store)->StreamFile("s").string() + ".tmp") << "rigatoni-state 1\ncheckpo";
  auto reopened = FileStateStore::Open(dir.path(), "p");
  ASSERT_TRUE(reopened.ok());
  auto cp = (*reopened)->LoadCheckpoint("s");
  ASSERT_TRUE(cp.ok());
  EXPECT_EQ((*cp)->token, "good");
}

TEST(FileStateStoreTest, CorruptFileIsReportedWithPathAndLine) {
  TempDir dir;
  auto store = FileStateStore::Open(dir.path(), "p");
  ASSERT_TRUE(store.ok());
  const std::string path = (*store)->StreamFile("s").string();
  std::ofstream(path) << "rigatoni-state 1\ncheckpoint x 0 -\n";
  auto cp = (*store)->LoadCheckpoint("s");
  ASSERT_FALSE(cp.ok());
  EXPECT_EQ(cp.status().code(), core::ErrorCode::kDataLoss);
  EXPECT_EQ(cp.status().message(), "state store: " + path + ":2: malformed checkpoint record");
}

TEST(FileStateStoreTest, FileIsReadableText) {
  TempDir dir;
  auto store = FileStateStore::Open(dir.path(), "p");
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE(
      (*store)->SaveManifest("s", {3, "", "\x01\xab", 10, 1736937045, "events/a b.jsonl"}).ok());
  ASSERT_TRUE((*store)->SaveCheckpoint("s", {"\x01", 2, 5}).ok());
  std::ifstream in((*store)->StreamFile("s"));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(
      text,
      "rigatoni-state 1\ncheckpoint 2 5 01\nmanifest 3 10 1736937045 - 01ab events/a%20b.jsonl\n");
}

}  // namespace
}  // namespace cdc
