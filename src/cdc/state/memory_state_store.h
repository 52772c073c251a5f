// MemoryStateStore: a StateStore in process memory (`STATE_STORE_URL=memory:`). Nothing survives
// a restart: for tests and throwaway runs only.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "cdc/state/state_store.h"

namespace cdc {

class MemoryStateStore : public StateStore {
 public:
  core::Result<std::optional<StreamCheckpoint>> LoadCheckpoint(std::string_view stream) override;
  core::Status SaveCheckpoint(std::string_view stream, const StreamCheckpoint& cp) override;
  core::Status SaveManifest(std::string_view stream, const BatchManifest& m) override;
  core::Result<std::vector<BatchManifest>> LoadManifests(std::string_view stream) override;
  std::string Describe() const override { return "memory:"; }

 private:
  struct StreamState {
    std::optional<StreamCheckpoint> checkpoint;
    std::map<uint64_t, BatchManifest> manifests;
  };
  std::mutex mu_;
  std::map<std::string, StreamState, std::less<>> streams_;
};

}  // namespace cdc
