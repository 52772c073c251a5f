#include "cdc/format/parquet/column_statistics.h"

#include <cmath>

#include "cdc/format/parquet/plain_encoder.h"

namespace cdc::parquet {

void ColumnStatistics::AddBytes(std::string_view v) {
  // std::string_view compares with char_traits<char>, which compares as unsigned char.
  if (!has_bytes_) {
    min_bytes_.assign(v);
    max_bytes_.assign(v);
    has_bytes_ = true;
    return;
  }
  if (v < std::string_view(min_bytes_)) min_bytes_.assign(v);
  if (v > std::string_view(max_bytes_)) max_bytes_.assign(v);
}

void ColumnStatistics::AddInt64(int64_t v) {
  if (!has_int_ || v < min_int_) min_int_ = v;
  if (!has_int_ || v > max_int_) max_int_ = v;
  has_int_ = true;
}

void ColumnStatistics::AddDouble(double v) {
  if (std::isnan(v)) return;
  if (!has_double_ || v < min_double_) min_double_ = v;
  if (!has_double_ || v > max_double_) max_double_ = v;
  has_double_ = true;
}

std::optional<std::string> ColumnStatistics::Encode(PhysicalType type, bool max) const {
  std::string out;
  switch (type) {
    case PhysicalType::kByteArray:
    case PhysicalType::kFixedLenByteArray: {
      if (!has_bytes_ || min_bytes_.size() > kMaxByteArrayBound ||
          max_bytes_.size() > kMaxByteArrayBound) {
        return std::nullopt;
      }
      return max ? max_bytes_ : min_bytes_;
    }
    case PhysicalType::kInt32:
      if (!has_int_) return std::nullopt;
      AppendPlainInt32(static_cast<int32_t>(max ? max_int_ : min_int_), &out);
      return out;
    case PhysicalType::kInt64:
      if (!has_int_) return std::nullopt;
      AppendPlainInt64(max ? max_int_ : min_int_, &out);
      return out;
    case PhysicalType::kBoolean:
      if (!has_int_) return std::nullopt;
      out.push_back(static_cast<char>(max ? max_int_ : min_int_));
      return out;
    case PhysicalType::kDouble: {
      if (!has_double_) return std::nullopt;
      double v = max ? max_double_ : min_double_;
      // The spec's rule for zeros: write -0.0 as min and +0.0 as max.
      if (v == 0) v = max ? 0.0 : -0.0;
      AppendPlainDouble(v, &out);
      return out;
    }
  }
  return std::nullopt;
}

std::optional<std::string> ColumnStatistics::MinValue(PhysicalType type) const {
  return Encode(type, false);
}
std::optional<std::string> ColumnStatistics::MaxValue(PhysicalType type) const {
  return Encode(type, true);
}

}  // namespace cdc::parquet
