#include "cdc/state/file_state_store.h"

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/atomic_file.h"
#include "core/hex.h"
#include "core/percent_encoding.h"

namespace cdc {

namespace {

constexpr std::string_view kHeader = "rigatoni-state 1";

std::string TokenField(const std::string& token) {
  return token.empty() ? "-" : core::HexEncode(token);
}

bool ParseToken(std::string_view field, std::string* out) {
  if (field == "-") {
    out->clear();
    return true;
  }
  return core::HexDecode(field, out);
}

template <typename T>
bool ParseNumber(std::string_view s, T* out) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

std::vector<std::string_view> SplitSpaces(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    size_t j = line.find(' ', i);
    if (j == std::string_view::npos) j = line.size();
    out.push_back(line.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

}  // namespace

core::Result<std::unique_ptr<FileStateStore>> FileStateStore::Open(const std::filesystem::path& dir,
                                                                   const std::string& pipeline) {
  if (!dir.is_absolute()) {
    return core::InvalidArgument("state store directory \"" + dir.string() +
                                 "\" is not absolute; expected file:///absolute/path");
  }
  std::filesystem::path root = dir / core::PercentEncode(pipeline);
  CORE_RETURN_IF_ERROR(core::CreateDirectoriesDurably(root, "state store"));
  if (::access(root.c_str(), W_OK) != 0) {
    return core::ErrnoStatus(errno, "state store: directory " + root.string() + " is not writable");
  }
  return std::unique_ptr<FileStateStore>(new FileStateStore(std::move(root)));
}

std::filesystem::path FileStateStore::StreamFile(std::string_view stream) const {
  return root_ / (core::PercentEncode(stream) + ".state");
}

core::Result<FileStateStore::StreamState*> FileStateStore::Load(std::string_view stream) {
  auto it = cache_.find(stream);
  if (it != cache_.end()) return &it->second;
  StreamState state;
  const std::filesystem::path path = StreamFile(stream);
  std::ifstream in(path, std::ios::binary);
  if (in) {
    std::string line;
    int line_no = 0;
    auto corrupt = [&](std::string_view why) {
      return core::Status(core::ErrorCode::kDataLoss, "state store: " + path.string() + ":" +
                                                          std::to_string(line_no) + ": " +
                                                          std::string(why));
    };
    while (std::getline(in, line)) {
      ++line_no;
      if (line_no == 1) {
        if (line != kHeader) return corrupt("unknown header \"" + line + "\"");
        continue;
      }
      std::vector<std::string_view> f = SplitSpaces(line);
      if (f.empty()) continue;
      if (f[0] == "checkpoint" && f.size() == 4) {
        StreamCheckpoint cp;
        if (!ParseNumber(f[1], &cp.sequence) || !ParseNumber(f[2], &cp.updated_at_ms) ||
            !ParseToken(f[3], &cp.token)) {
          return corrupt("malformed checkpoint record");
        }
        state.checkpoint = std::move(cp);
      } else if (f[0] == "manifest" && f.size() == 7) {
        BatchManifest m;
        if (!ParseNumber(f[1], &m.sequence) || !ParseNumber(f[2], &m.event_count) ||
            !ParseNumber(f[3], &m.partition_time_s) || !ParseToken(f[4], &m.start_after) ||
            !ParseToken(f[5], &m.last_token) || !core::PercentDecode(f[6], &m.object_key)) {
          return corrupt("malformed manifest record");
        }
        state.manifests[m.sequence] = std::move(m);
      } else {
        return corrupt("unknown record \"" + std::string(f[0]) + "\"");
      }
    }
  } else if (std::filesystem::exists(path)) {
    return core::ErrnoStatus(errno, "state store: read " + path.string());
  }
  auto [pos, inserted] = cache_.emplace(std::string(stream), std::move(state));
  return &pos->second;
}

core::Status FileStateStore::Persist(std::string_view stream, const StreamState& state) {
  std::string out(kHeader);
  out += '\n';
  if (state.checkpoint) {
    const StreamCheckpoint& cp = *state.checkpoint;
    out += "checkpoint " + std::to_string(cp.sequence) + " " + std::to_string(cp.updated_at_ms) +
           " " + TokenField(cp.token) + "\n";
  }
  for (const auto& [seq, m] : state.manifests) {
    out += "manifest " + std::to_string(m.sequence) + " " + std::to_string(m.event_count) + " " +
           std::to_string(m.partition_time_s) + " " + TokenField(m.start_after) + " " +
           TokenField(m.last_token) + " " + core::PercentEncode(m.object_key, "/=") + "\n";
  }
  return core::WriteFileAtomically(StreamFile(stream), out, ".tmp", "state store");
}

core::Result<std::optional<StreamCheckpoint>> FileStateStore::LoadCheckpoint(
    std::string_view stream) {
  std::lock_guard lock(mu_);
  CORE_ASSIGN_OR_RETURN(StreamState * state, Load(stream));
  return state->checkpoint;
}

core::Status FileStateStore::SaveCheckpoint(std::string_view stream, const StreamCheckpoint& cp) {
  std::lock_guard lock(mu_);
  CORE_ASSIGN_OR_RETURN(StreamState * state, Load(stream));
  StreamState next = *state;
  next.checkpoint = cp;
  next.manifests.erase(next.manifests.begin(), next.manifests.upper_bound(cp.sequence));
  CORE_RETURN_IF_ERROR(Persist(stream, next));
  *state = std::move(next);  // the cache changes only once the file did
  return core::Status::Ok();
}

core::Status FileStateStore::SaveManifest(std::string_view stream, const BatchManifest& m) {
  std::lock_guard lock(mu_);
  CORE_ASSIGN_OR_RETURN(StreamState * state, Load(stream));
  StreamState next = *state;
  next.manifests[m.sequence] = m;
  CORE_RETURN_IF_ERROR(Persist(stream, next));
  *state = std::move(next);
  return core::Status::Ok();
}

core::Result<std::vector<BatchManifest>> FileStateStore::LoadManifests(std::string_view stream) {
  std::lock_guard lock(mu_);
  CORE_ASSIGN_OR_RETURN(StreamState * state, Load(stream));
  std::vector<BatchManifest> out;
  for (const auto& [seq, m] : state->manifests)
    out.push_back(m);
  return out;
}

}  // namespace cdc
