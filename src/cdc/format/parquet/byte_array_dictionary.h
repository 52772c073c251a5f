// ByteArrayDictionary: the dictionary of one BYTE_ARRAY column chunk (RLE_DICTIONARY encoding):
// each distinct value gets the next index; the dictionary page is the values PLAIN-encoded in
// index order. Lookups take a string_view and do not allocate for values already present.
// Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace cdc::parquet {

class ByteArrayDictionary {
 public:
  // The index of `v`, adding it if new.
  uint32_t IndexOf(std::string_view v);
  uint32_t size() const { return static_cast<uint32_t>(index_.size()); }
  // The dictionary page body: the values PLAIN-encoded in index order.
  const std::string& plain() const { return plain_; }
  void Clear() {
    index_.clear();
    plain_.clear();
  }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> index_;
  std::string plain_;
};

}  // namespace cdc::parquet
