#include "cdc/source/change_stream_options.h"

#include <array>
#include <string>
#include <utility>

namespace cdc {

namespace {

template <typename E, size_t N>
core::Result<E> ParseWord(std::string_view option, std::string_view value,
                          const std::array<std::pair<std::string_view, E>, N>& words) {
  std::string allowed;
  for (const auto& [word, e] : words) {
    if (word == value) return e;
    if (!allowed.empty()) allowed += ", ";
    allowed += word;
  }
  return core::InvalidArgument("invalid " + std::string(option) + " \"" + std::string(value) +
                               "\"; expected one of: " + allowed);
}

constexpr std::array<std::pair<std::string_view, FullDocumentMode>, 4> kFullDocument = {{
    {"default", FullDocumentMode::kDefault},
    {"updateLookup", FullDocumentMode::kUpdateLookup},
    {"whenAvailable", FullDocumentMode::kWhenAvailable},
    {"required", FullDocumentMode::kRequired},
}};
constexpr std::array<std::pair<std::string_view, PreImageMode>, 3> kPreImage = {{
    {"off", PreImageMode::kOff},
    {"whenAvailable", PreImageMode::kWhenAvailable},
    {"required", PreImageMode::kRequired},
}};

}  // namespace

core::Result<WatchLevel> ParseWatchLevel(std::string_view s) {
  static constexpr std::array<std::pair<std::string_view, WatchLevel>, 3> kWords = {{
      {"collection", WatchLevel::kCollection},
      {"database", WatchLevel::kDatabase},
      {"deployment", WatchLevel::kDeployment},
  }};
  return ParseWord("watch level", s, kWords);
}

core::Result<FullDocumentMode> ParseFullDocumentMode(std::string_view s) {
  return ParseWord("fullDocument", s, kFullDocument);
}

core::Result<PreImageMode> ParsePreImageMode(std::string_view s) {
  return ParseWord("fullDocumentBeforeChange", s, kPreImage);
}

core::Result<HistoryLostPolicy> ParseHistoryLostPolicy(std::string_view s) {
  static constexpr std::array<std::pair<std::string_view, HistoryLostPolicy>, 2> kWords = {{
      {"fail", HistoryLostPolicy::kFail},
      {"restart", HistoryLostPolicy::kRestartFromNow},
  }};
  return ParseWord("on_history_lost policy", s, kWords);
}

std::string_view FullDocumentModeName(FullDocumentMode m) {
  for (const auto& [word, e] : kFullDocument) {
    if (e == m) return word;
  }
  return "default";
}

std::string_view PreImageModeName(PreImageMode m) {
  for (const auto& [word, e] : kPreImage) {
    if (e == m) return word;
  }
  return "off";
}

std::string StreamTarget::Name() const {
  switch (level) {
    case WatchLevel::kCollection:
      return db + "." + coll;
    case WatchLevel::kDatabase:
      return db;
    case WatchLevel::kDeployment:
      return "<deployment>";
  }
  return db;
}

StartPosition StartPosition::ResumeAfter(const bson_t* token) {
  StartPosition p;
  p.kind = Kind::kResumeAfter;
  p.token.reset(bson_copy(token));
  return p;
}

StartPosition StartPosition::StartAfter(const bson_t* token) {
  StartPosition p;
  p.kind = Kind::kStartAfter;
  p.token.reset(bson_copy(token));
  return p;
}

StartPosition StartPosition::AtOperationTime(BsonTimestamp t) {
  StartPosition p;
  p.kind = Kind::kStartAtOperationTime;
  p.time = t;
  return p;
}

}  // namespace cdc
