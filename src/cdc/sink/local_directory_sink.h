// LocalDirectorySink: objects as files under a root directory (`DESTINATION_URL=file:///abs`),
// with the same keys S3 would get. Each Put writes <root>/<key>.tmp-<unique>, fsyncs it, renames
// it over <root>/<key> and fsyncs the directory, so a crash leaves either the old object or the
// new one, never a torn file. Leftover temp files from a crash are named *.tmp-* (readers and
// query engines should ignore them; Check() removes them at startup).
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>

#include "cdc/sink/object_sink.h"

namespace cdc {

class LocalDirectorySink : public ObjectSink {
 public:
  // `root` must be absolute; it is created if missing.
  static core::Result<std::unique_ptr<LocalDirectorySink>> Open(const std::filesystem::path& root);

  core::Status Put(std::string_view key, std::string_view bytes,
                   const ObjectMetadata& metadata) override;
  core::Status Check() override;
  std::string Describe() const override { return "file://" + root_.string(); }

  const std::filesystem::path& root() const { return root_; }

 private:
  explicit LocalDirectorySink(std::filesystem::path root) : root_(std::move(root)) {}
  std::filesystem::path root_;
  std::atomic<uint64_t> temp_counter_{0};
};

}  // namespace cdc
