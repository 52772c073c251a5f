// Lower-case hexadecimal encoding of bytes, and its inverse.
#pragma once

#include <string>
#include <string_view>

namespace core {

void AppendHex(std::string* out, std::string_view bytes);
inline std::string HexEncode(std::string_view bytes) {
  std::string out;
  AppendHex(&out, bytes);
  return out;
}
// Accepts upper or lower case; returns false on odd length or a non-hex digit.
bool HexDecode(std::string_view hex, std::string* out);

}  // namespace core
