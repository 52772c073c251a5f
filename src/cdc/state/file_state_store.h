// FileStateStore: the default StateStore (`STATE_STORE_URL=file:///abs/dir`). One small text
// file per stream under <dir>/<pipeline>/, replaced atomically on every save (write a temp file,
// fsync it, rename over the old one, fsync the directory), so a crash at any instant leaves
// either the old state or the new one, never a torn file.
//
// File format (version 1), one record per line, tokens as hex of their BSON bytes:
//   rigatoni-state 1
//   checkpoint <sequence> <updated_at_ms> <token-hex|->
//   manifest <sequence> <event_count> <partition_time_s> <start_after-hex|-> <last_token-hex>
//            <percent-encoded key>   (one line)
//
// One process per directory and pipeline (multi-instance coordination needs the Redis store).
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "cdc/state/state_store.h"

namespace cdc {

class FileStateStore : public StateStore {
 public:
  // Creates <dir>/<pipeline>/ if needed; fails with a message naming the directory.
  static core::Result<std::unique_ptr<FileStateStore>> Open(const std::filesystem::path& dir,
                                                            const std::string& pipeline);

  core::Result<std::optional<StreamCheckpoint>> LoadCheckpoint(std::string_view stream) override;
  core::Status SaveCheckpoint(std::string_view stream, const StreamCheckpoint& cp) override;
  core::Status SaveManifest(std::string_view stream, const BatchManifest& m) override;
  core::Result<std::vector<BatchManifest>> LoadManifests(std::string_view stream) override;
  std::string Describe() const override { return "file://" + root_.parent_path().string(); }

  // The file holding a stream's state (for tests and operators).
  std::filesystem::path StreamFile(std::string_view stream) const;

 private:
  struct StreamState {
    std::optional<StreamCheckpoint> checkpoint;
    std::map<uint64_t, BatchManifest> manifests;
  };
  explicit FileStateStore(std::filesystem::path root) : root_(std::move(root)) {}
  // Returns the cached state, reading the file on first use. Caller holds mu_.
  core::Result<StreamState*> Load(std::string_view stream);
  core::Status Persist(std::string_view stream, const StreamState& state);

  std::filesystem::path root_;
  std::mutex mu_;
  std::map<std::string, StreamState, std::less<>> cache_;
};

}  // namespace cdc
