// CRC-32 (ISO 3309 / ITU-T V.42, polynomial 0x04C11DB7 reflected: zlib's, gzip's and Java's
// java.util.zip.CRC32), e.g. the checksum Avro's "snappy" codec appends to each block.
#pragma once

#include <cstdint>
#include <string_view>

namespace core {

// The CRC-32 of `data`; Crc32("123456789") == 0xCBF43926.
uint32_t Crc32(std::string_view data);

}  // namespace core
