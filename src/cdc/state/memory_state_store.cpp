#include "cdc/state/memory_state_store.h"

namespace cdc {

core::Result<std::optional<StreamCheckpoint>> MemoryStateStore::LoadCheckpoint(
    std::string_view stream) {
  std::lock_guard lock(mu_);
  auto it = streams_.find(stream);
  if (it == streams_.end()) return std::optional<StreamCheckpoint>();
  return it->second.checkpoint;
}

core::Status MemoryStateStore::SaveCheckpoint(std::string_view stream, const StreamCheckpoint& cp) {
  std::lock_guard lock(mu_);
  StreamState& s = streams_[std::string(stream)];
  s.checkpoint = cp;
  s.manifests.erase(s.manifests.begin(), s.manifests.upper_bound(cp.sequence));
  return core::Status::Ok();
}

core::Status MemoryStateStore::SaveManifest(std::string_view stream, const BatchManifest& m) {
  std::lock_guard lock(mu_);
  streams_[std::string(stream)].manifests[m.sequence] = m;
  return core::Status::Ok();
}

core::Result<std::vector<BatchManifest>> MemoryStateStore::LoadManifests(std::string_view stream) {
  std::lock_guard lock(mu_);
  std::vector<BatchManifest> out;
  auto it = streams_.find(stream);
  if (it == streams_.end()) return out;
  for (const auto& [seq, m] : it->second.manifests)
    out.push_back(m);
  return out;
}

}  // namespace cdc
