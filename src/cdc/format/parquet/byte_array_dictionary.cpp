#include "cdc/format/parquet/byte_array_dictionary.h"

#include "cdc/format/parquet/plain_encoder.h"

namespace cdc::parquet {

uint32_t ByteArrayDictionary::IndexOf(std::string_view v) {
  if (auto it = index_.find(v); it != index_.end()) return it->second;
  const uint32_t index = size();
  index_.emplace(std::string(v), index);
  AppendPlainByteArray(v, &plain_);
  return index;
}

}  // namespace cdc::parquet
