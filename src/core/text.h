// Small string helpers shared by the parsers (config values, log filters).
#pragma once

#include <cctype>
#include <string_view>

namespace core {

// `s` without leading and trailing ASCII white space.
inline std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return s;
}

}  // namespace core
