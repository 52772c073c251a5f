// Raw snappy blocks (no framing), as Parquet data pages and Avro object-container blocks use
// them. There is no streaming form; use through codec.h.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace core {

Status SnappyCompress(std::string_view in, std::string* out);
// Checks the declared length against what a block of this size can hold before allocating.
Status SnappyDecompress(std::string_view in, std::string* out);

}  // namespace core
