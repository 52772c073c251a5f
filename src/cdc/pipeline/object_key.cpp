#include "cdc/pipeline/object_key.h"

#include <array>
#include <cstdio>
#include <ctime>
#include <utility>

#include "core/percent_encoding.h"

namespace cdc {

namespace {

constexpr std::array<std::pair<std::string_view, KeyStrategy>, 5> kStrategies = {{
    {"hive", KeyStrategy::kHive},
    {"date_hour", KeyStrategy::kDateHour},
    {"date", KeyStrategy::kDate},
    {"collection", KeyStrategy::kCollection},
    {"flat", KeyStrategy::kFlat},
}};

// 64-bit FNV-1a: stable across builds and platforms (the name must never change for a batch).
uint64_t Fnv1a64(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

struct CivilTime {
  int year, month, day, hour, minute, second;
};

CivilTime ToCivil(int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec};
}

// A name as one path segment: percent-encoded, and "." / ".." spelled %2E so no path can
// climb out of its partition.
std::string Segment(std::string_view name) {
  std::string s = core::PercentEncode(name);
  if (s == "." || s == "..") {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i)
      out += "%2E";
    return out;
  }
  return s;
}

}  // namespace

core::Result<KeyStrategy> ParseKeyStrategy(std::string_view s) {
  for (const auto& [name, strategy] : kStrategies) {
    if (name == s) return strategy;
  }
  return core::InvalidArgument("invalid key strategy \"" + std::string(s) +
                               "\"; expected one of: hive, date_hour, date, collection, flat");
}

std::string_view KeyStrategyName(KeyStrategy s) {
  for (const auto& [name, strategy] : kStrategies) {
    if (strategy == s) return name;
  }
  return "date_hour";
}

std::string MakeObjectKey(KeyStrategy strategy, const ObjectKeyParts& p) {
  const std::string db = Segment(p.db);
  const std::string coll = Segment(p.coll.empty() ? kDatabaseEventsCollection : p.coll);
  const CivilTime part = ToCivil(p.partition_time_s);
  const CivilTime first = ToCivil(p.first_cluster_time.seconds);

  char name[64];
  std::snprintf(name, sizeof name, "%04d%02d%02dT%02d%02d%02dZ-%010u-%012llx", first.year,
                first.month, first.day, first.hour, first.minute, first.second,
                p.first_cluster_time.increment,
                static_cast<unsigned long long>(Fnv1a64(p.first_token) >> 16));

  std::string key;
  std::string_view prefix = p.prefix;
  while (!prefix.empty() && prefix.front() == '/')
    prefix.remove_prefix(1);
  while (!prefix.empty() && prefix.back() == '/')
    prefix.remove_suffix(1);
  if (!prefix.empty()) {
    key.append(prefix);
    key.push_back('/');
  }
  char path[96];
  switch (strategy) {
    case KeyStrategy::kHive:
      std::snprintf(path, sizeof path, "/year=%04d/month=%02d/day=%02d/hour=%02d/", part.year,
                    part.month, part.day, part.hour);
      key += "database=" + db + "/collection=" + coll + path;
      break;
    case KeyStrategy::kDateHour:
      std::snprintf(path, sizeof path, "/%04d/%02d/%02d/%02d/", part.year, part.month, part.day,
                    part.hour);
      key += db + "/" + coll + path;
      break;
    case KeyStrategy::kDate:
      std::snprintf(path, sizeof path, "/%04d/%02d/%02d/", part.year, part.month, part.day);
      key += db + "/" + coll + path;
      break;
    case KeyStrategy::kCollection:
      key += db + "/" + coll + "/";
      break;
    case KeyStrategy::kFlat:
      key += db + "." + coll + "_";
      break;
  }
  key += name;
  key.append(p.extension);
  return key;
}

}  // namespace cdc
