#include "core/hex.h"

namespace core {

namespace {
int Nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

void AppendHex(std::string* out, std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  out->reserve(out->size() + bytes.size() * 2);
  for (char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    out->push_back(kDigits[c >> 4]);
    out->push_back(kDigits[c & 0xF]);
  }
}

bool HexDecode(std::string_view hex, std::string* out) {
  out->clear();
  if (hex.size() % 2 != 0) return false;
  out->reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int hi = Nibble(hex[i]);
    const int lo = Nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<char>(hi << 4 | lo));
  }
  return true;
}

}  // namespace core
