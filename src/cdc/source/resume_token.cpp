#include "cdc/source/resume_token.h"

#include <cstdint>
#include <string_view>

namespace cdc {

namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<uint32_t> HexU32(std::string_view s) {
  uint32_t v = 0;
  for (char c : s) {
    const int d = HexDigit(c);
    if (d < 0) return std::nullopt;
    v = (v << 4) | static_cast<uint32_t>(d);
  }
  return v;
}

}  // namespace

std::optional<BsonTimestamp> ResumeTokenClusterTime(BsonView token) {
  bson_iter_t it;
  if (!token || !token.InitIter(&it) || !bson_iter_find(&it, "_data") ||
      !BSON_ITER_HOLDS_UTF8(&it)) {
    return std::nullopt;
  }
  uint32_t len = 0;
  const char* data = bson_iter_utf8(&it, &len);
  std::string_view hex(data, len);
  if (hex.size() < 18 || hex.substr(0, 2) != "82") return std::nullopt;
  auto seconds = HexU32(hex.substr(2, 8));
  auto increment = HexU32(hex.substr(10, 8));
  if (!seconds || !increment) return std::nullopt;
  return BsonTimestamp{*seconds, *increment};
}

}  // namespace cdc
