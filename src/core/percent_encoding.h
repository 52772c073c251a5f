// Percent-encoding (RFC 3986) of arbitrary bytes: every byte outside the unreserved set
// A-Z a-z 0-9 - . _ ~ (plus any `also_keep` characters) becomes %XX (upper-case hex).
// Used for S3 object keys and SigV4 canonical URIs, and for file names made from user data.
#pragma once

#include <string>
#include <string_view>

namespace core {

void AppendPercentEncoded(std::string* out, std::string_view s, std::string_view also_keep = {});
inline std::string PercentEncode(std::string_view s, std::string_view also_keep = {}) {
  std::string out;
  AppendPercentEncoded(&out, s, also_keep);
  return out;
}

// Reverses PercentEncode; a malformed escape ("%G1", a trailing "%") returns false.
bool PercentDecode(std::string_view s, std::string* out);

}  // namespace core
