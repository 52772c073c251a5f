// ColumnStatistics: min, max and null count of one column chunk, kept as the PLAIN bytes of the
// value (without a length prefix) as Statistics.min_value / max_value require.
//
// Order (parquet.thrift, ColumnOrder TypeDefinedOrder): signed for INT32/INT64 (timestamps too),
// false < true for BOOLEAN, numeric for DOUBLE with NaN ignored (a chunk of only NaN has no
// min/max) and -0.0 as min / +0.0 as max for zeros, unsigned byte-wise for BYTE_ARRAY (UTF-8,
// JSON) and FIXED_LEN_BYTE_ARRAY (UUID). Byte-array bounds longer than kMaxByteArrayBound are
// not written (min/max then absent: a reader must not rely on truncated values). Not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cdc/format/parquet/schema.h"

namespace cdc::parquet {

inline constexpr size_t kMaxByteArrayBound = 4096;

class ColumnStatistics {
 public:
  void AddNull() { ++null_count_; }
  void AddBytes(std::string_view v);
  void AddInt64(int64_t v);
  void AddInt32(int32_t v) { AddInt64(v); }  // encoded as 4 bytes by MinValue/MaxValue
  void AddDouble(double v);
  void AddBool(bool v) { AddInt64(v ? 1 : 0); }

  int64_t null_count() const { return null_count_; }
  // PLAIN bytes of min / max for `type`; nullopt when there is none to write.
  std::optional<std::string> MinValue(PhysicalType type) const;
  std::optional<std::string> MaxValue(PhysicalType type) const;
  void Reset() { *this = ColumnStatistics(); }

 private:
  std::optional<std::string> Encode(PhysicalType type, bool max) const;

  int64_t null_count_ = 0;
  bool has_bytes_ = false;
  std::string min_bytes_, max_bytes_;
  bool has_int_ = false;
  int64_t min_int_ = 0, max_int_ = 0;
  bool has_double_ = false;
  double min_double_ = 0, max_double_ = 0;
};

}  // namespace cdc::parquet
