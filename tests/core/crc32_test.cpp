// CRC-32 against the standard check value and known vectors.
#include "core/crc32.h"

#include <gtest/gtest.h>

namespace core {
namespace {

TEST(Crc32Test, StandardCheckValues) {
  EXPECT_EQ(Crc32(""), 0u);
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);  // the catalogue's check value for CRC-32
  EXPECT_EQ(Crc32("The quick brown fox jumps over the lazy dog"), 0x414FA339u);
  EXPECT_EQ(Crc32(std::string_view("\0", 1)), 0xD202EF8Du);
}

}  // namespace
}  // namespace core
