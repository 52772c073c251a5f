#include "core/crc32.h"

#include <zlib.h>

#include <algorithm>
#include <climits>

namespace core {

uint32_t Crc32(std::string_view data) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes a uInt length: feed inputs beyond 4 GiB in pieces.
  while (!data.empty()) {
    const size_t n = std::min(data.size(), size_t{UINT_MAX});
    crc = crc32(crc, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(n));
    data.remove_prefix(n);
  }
  return static_cast<uint32_t>(crc);
}

}  // namespace core
