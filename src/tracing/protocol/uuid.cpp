#include "tracing/protocol/uuid.h"

#include <random>

namespace tracing::protocol {

namespace {

// Hex digit values, -1 for other bytes.
constexpr std::array<int8_t, 256> kHexValues = [] {
  std::array<int8_t, 256> t{};
  t.fill(-1);
  for (int i = 0; i < 10; ++i)
    t['0' + i] = static_cast<int8_t>(i);
  for (int i = 0; i < 6; ++i) {
    t['a' + i] = static_cast<int8_t>(10 + i);
    t['A' + i] = static_cast<int8_t>(10 + i);
  }
  return t;
}();

int HexValue(char c) {
  return kHexValues[static_cast<unsigned char>(c)];
}

// Reads 32 hex digits from `text`, skipping hyphens exactly at the canonical positions when
// `hyphenated` is set.
std::optional<Uuid> ParseDigits(std::string_view text, bool hyphenated) {
  Uuid id;
  size_t pos = 0;
  for (int i = 0; i < 16; ++i) {
    if (hyphenated && (i == 4 || i == 6 || i == 8 || i == 10)) {
      if (text[pos] != '-') return std::nullopt;
      ++pos;
    }
    const int hi = HexValue(text[pos]);
    const int lo = HexValue(text[pos + 1]);
    if ((hi | lo) < 0) return std::nullopt;
    id.bytes[i] = static_cast<uint8_t>(hi << 4 | lo);
    pos += 2;
  }
  return id;
}

}  // namespace

std::optional<Uuid> Uuid::Parse(std::string_view text) {
  constexpr std::string_view kUrn = "urn:uuid:";
  if (text.size() == 45 && text.substr(0, kUrn.size()) == kUrn) text.remove_prefix(kUrn.size());
  if (text.size() == 38 && text.front() == '{' && text.back() == '}') {
    text = text.substr(1, 36);
  }
  if (text.size() == 36) return ParseDigits(text, true);
  if (text.size() == 32) return ParseDigits(text, false);
  return std::nullopt;
}

Uuid Uuid::RandomV4() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  Uuid id;
  for (int half = 0; half < 2; ++half) {
    uint64_t r = generator();
    for (int i = 0; i < 8; ++i)
      id.bytes[half * 8 + i] = static_cast<uint8_t>(r >> (8 * i));
  }
  id.bytes[6] = static_cast<uint8_t>((id.bytes[6] & 0x0F) | 0x40);  // version 4
  id.bytes[8] = static_cast<uint8_t>((id.bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  return id;
}

std::array<char, 36> Uuid::Chars() const {
  constexpr char kHex[] = "0123456789abcdef";
  std::array<char, 36> buf;
  size_t pos = 0;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) buf[pos++] = '-';
    buf[pos++] = kHex[bytes[i] >> 4];
    buf[pos++] = kHex[bytes[i] & 0xF];
  }
  return buf;
}

void Uuid::AppendTo(std::string* out) const {
  const std::array<char, 36> chars = Chars();
  out->append(chars.data(), chars.size());
}

std::string Uuid::ToString() const {
  std::string out;
  AppendTo(&out);
  return out;
}

}  // namespace tracing::protocol
