// Pages of a column chunk: a Thrift PageHeader followed by the (compressed) page body.
// Functions append to *out and report the sizes the column metadata sums up.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/codec.h"
#include "core/status.h"

namespace cdc::parquet {

// parquet.thrift Encoding values.
enum class Encoding : int32_t { kPlain = 0, kRle = 3, kRleDictionary = 8 };

struct PageSizes {
  int64_t uncompressed = 0;  // header + uncompressed body
  int64_t compressed = 0;    // header + stored body
};

// A data page v1 of `num_values` levels (values and nulls) whose values use `encoding`; levels
// are RLE. `body` is uncompressed; `scratch` is reused for its compressed form.
core::Status AppendDataPageV1(std::string_view body, int32_t num_values, Encoding encoding,
                              core::Codec codec, int level, std::string* scratch, std::string* out,
                              PageSizes* sizes);

// A dictionary page of `num_values` PLAIN-encoded entries.
core::Status AppendDictionaryPage(std::string_view body, int32_t num_values, core::Codec codec,
                                  int level, std::string* scratch, std::string* out,
                                  PageSizes* sizes);

}  // namespace cdc::parquet
