// Byte-exact checks of the Parquet building blocks against hand-computed bytes: the Thrift
// compact protocol, the RLE / bit-packing hybrid (the spec's own example), PLAIN, statistics.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "cdc/format/batch_encoder.h"
#include "cdc/format/parquet/column_chunk_writer.h"
#include "cdc/format/parquet/column_statistics.h"
#include "cdc/format/parquet/plain_encoder.h"
#include "cdc/format/parquet/rle_hybrid_encoder.h"
#include "cdc/format/parquet/thrift_compact_writer.h"

namespace cdc::parquet {
namespace {

std::string Hex(const std::string& s) {
  static const char* k = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    if (!out.empty()) out.push_back(' ');
    out.push_back(k[c >> 4]);
    out.push_back(k[c & 15]);
  }
  return out;
}

TEST(ThriftCompactWriterTest, ShortFieldHeadersZigZagVarintsAndStop) {
  // Each header byte is (id delta << 4) | type; ids here grow by 1, 2 or 3.
  std::string out;
  ThriftCompactWriter w(&out);
  w.StructBegin();
  w.FieldI32(1, 0);        // 0x15 0x00
  w.FieldI32(2, -1);       // 0x15 zigzag 1 = 0x01
  w.FieldI64(4, 150);      // 0x26 zigzag 300 = 0xac 0x02
  w.FieldBinary(5, "ab");  // 0x18 0x02 'a' 'b'
  w.FieldBool(6, true);    // 0x11 (type 1 = true, no body)
  w.FieldBool(7, false);   // 0x12 (type 2 = false)
  w.FieldI8(10, -2);       // 0x33 0xfe (i8 is a raw byte)
  w.FieldI16(11, 64);      // 0x14 zigzag 128 = 0x80 0x01
  w.EndStruct();           // 0x00
  EXPECT_EQ(Hex(out), "15 00 15 01 26 ac 02 18 02 61 62 11 12 33 fe 14 80 01 00");
}

TEST(ThriftCompactWriterTest, LongFieldDeltaNestedStructsAndLists) {
  std::string out;
  ThriftCompactWriter w(&out);
  w.StructBegin();
  w.FieldI32(1, 7);                               // 0x15 0x0e
  w.FieldStructBegin(20);                         // delta 19 > 15: 0x0c, zigzag(20) = 40 = 0x28
  w.FieldI32(1, 1);                               // inner ids restart: 0x15 0x02
  w.EndStruct();                                  // 0x00
  w.FieldListBegin(21, ThriftType::kI32, 2);      // delta 1 from 20: 0x19, then 0x25
  w.ListI32(1);                                   // 0x02
  w.ListI32(-2);                                  // 0x03
  w.FieldListBegin(22, ThriftType::kBinary, 15);  // 0x19, size >= 15: 0xf8 0x0f
  for (int i = 0; i < 15; ++i)
    w.ListBinary("");  // 15 x 0x00
  w.EndStruct();
  EXPECT_EQ(Hex(out),
            "15 0e 0c 28 15 02 00 19 25 02 03 19 f8 0f "
            "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
}

TEST(RleHybridTest, SpecExampleBitPacksZeroToSevenWithWidthThree) {
  // parquet-format Encodings.md: 0..7 at bit width 3 packs to 10001000 11000110 11111010.
  const std::vector<uint32_t> v = {0, 1, 2, 3, 4, 5, 6, 7};
  std::string out;
  AppendRleHybrid(v, 3, &out);
  EXPECT_EQ(Hex(out), "03 88 c6 fa");  // header: 1 group << 1 | 1
}

TEST(RleHybridTest, LongRunsBecomeRleRunsAndShortTailIsPaddedBitPacking) {
  std::vector<uint16_t> v(100, 1);
  v.push_back(0);
  v.push_back(1);
  v.push_back(1);
  std::string out;
  AppendRleHybrid(std::span<const uint16_t>(v), 1, &out);
  // RLE: varint(100 << 1) = c8 01, value 01; then one padded group 0,1,1 -> 0b110 = 06.
  EXPECT_EQ(Hex(out), "c8 01 01 03 06");
}

TEST(RleHybridTest, LevelsCarryAFourByteLengthAndWideValuesUseTwoBytes) {
  const std::vector<uint16_t> v(10, 300);
  std::string out;
  AppendLevels(v, 9, &out);
  EXPECT_EQ(Hex(out), "03 00 00 00 14 2c 01");
  EXPECT_EQ(BitWidth(0), 0);
  EXPECT_EQ(BitWidth(1), 1);
  EXPECT_EQ(BitWidth(2), 2);
  EXPECT_EQ(BitWidth(255), 8);
}

TEST(PlainEncoderTest, LittleEndianValuesLengthPrefixedBytesAndPackedBooleans) {
  std::string out;
  AppendPlainInt32(-2, &out);
  AppendPlainInt64(1, &out);
  AppendPlainDouble(1.0, &out);
  AppendPlainByteArray("hi", &out);
  PlainBooleanPacker bits;
  for (bool b : {true, false, true, true, false, false, false, false, true})
    bits.Add(b, &out);
  EXPECT_EQ(Hex(out),
            "fe ff ff ff 01 00 00 00 00 00 00 00 00 00 00 00 00 00 f0 3f 02 00 00 00 68 69 0d 01");
}

TEST(ColumnStatisticsTest, SignedIntsUnsignedBytesZerosAndNaN) {
  ColumnStatistics ints;
  ints.AddInt64(-5);
  ints.AddInt64(3);
  ints.AddNull();
  EXPECT_EQ(Hex(*ints.MinValue(PhysicalType::kInt64)), "fb ff ff ff ff ff ff ff");
  EXPECT_EQ(Hex(*ints.MaxValue(PhysicalType::kInt64)), "03 00 00 00 00 00 00 00");
  EXPECT_EQ(ints.null_count(), 1);

  ColumnStatistics bytes;  // unsigned: "\xC3\xA9" (é) sorts after "z"
  bytes.AddBytes("z");
  bytes.AddBytes("\xC3\xA9");
  bytes.AddBytes("");
  EXPECT_EQ(*bytes.MinValue(PhysicalType::kByteArray), "");
  EXPECT_EQ(*bytes.MaxValue(PhysicalType::kByteArray), "\xC3\xA9");

  ColumnStatistics zeros;  // zeros: min written as -0.0, max as +0.0
  zeros.AddDouble(0.0);
  zeros.AddDouble(std::nan(""));
  EXPECT_EQ(Hex(*zeros.MinValue(PhysicalType::kDouble)), "00 00 00 00 00 00 00 80");
  EXPECT_EQ(Hex(*zeros.MaxValue(PhysicalType::kDouble)), "00 00 00 00 00 00 00 00");

  ColumnStatistics nans;  // only NaN: no bounds
  nans.AddDouble(std::nan(""));
  EXPECT_FALSE(nans.MinValue(PhysicalType::kDouble).has_value());

  ColumnStatistics big;  // over kMaxByteArrayBound: no bounds (never truncated)
  big.AddBytes(std::string(kMaxByteArrayBound + 1, 'x'));
  EXPECT_FALSE(big.MaxValue(PhysicalType::kByteArray).has_value());
}

TEST(ColumnChunkWriterTest, DictionaryFallsBackToPlainWhenItOutgrowsItsLimit) {
  ColumnDescriptor d;
  d.path = {"s"};
  d.max_definition_level = 1;
  WriterProperties p;
  p.codec = core::Codec::kNone;
  p.dictionary_bytes_limit = 40;  // 5 values of 4-byte length + 4 bytes
  ColumnChunkWriter w(d, p);
  for (int i = 0; i < 20; ++i) {
    w.AddBytes("v" + std::to_string(100 + i));
    ASSERT_TRUE(w.EndRow().ok());
  }
  w.AddNull(0);
  ASSERT_TRUE(w.EndRow().ok());
  std::string file = "PAR1";
  ColumnChunkMeta meta;
  ASSERT_TRUE(w.WriteChunk(&file, &meta).ok());
  ASSERT_TRUE(meta.dictionary_page_offset.has_value());
  EXPECT_EQ(*meta.dictionary_page_offset, 4);
  EXPECT_GT(meta.data_page_offset, 4);
  EXPECT_EQ(meta.num_values, 21);
  EXPECT_EQ(meta.null_count, 1);
  EXPECT_EQ(meta.encodings,
            (std::vector<Encoding>{Encoding::kPlain, Encoding::kRle, Encoding::kRleDictionary}));
  EXPECT_EQ(*meta.min_value, "v100");
  EXPECT_EQ(*meta.max_value, "v119");
  // The first values are only in the dictionary page; the last ones PLAIN in a data page.
  const std::string dictionary = file.substr(4, meta.data_page_offset - 4);
  const std::string data = file.substr(meta.data_page_offset);
  EXPECT_NE(dictionary.find(std::string("\x04\0\0\0v100", 8)), std::string::npos);
  EXPECT_EQ(data.find("v100"), std::string::npos);
  EXPECT_NE(data.find(std::string("\x04\0\0\0v119", 8)), std::string::npos);
  EXPECT_EQ(dictionary.find("v119"), std::string::npos);
  EXPECT_EQ(meta.total_compressed_size, static_cast<int64_t>(file.size() - 4));
}

TEST(ColumnChunkWriterTest, HighCardinalityFallsBackAfterTheProbe) {
  ColumnDescriptor d;
  d.path = {"id"};
  WriterProperties p;
  p.codec = core::Codec::kNone;
  ColumnChunkWriter w(d, p);
  const int n = ColumnChunkWriter::kCardinalityProbe + 10;
  for (int i = 0; i < n; ++i) {
    w.AddBytes("id" + std::to_string(10000 + i));  // all distinct
    ASSERT_TRUE(w.EndRow().ok());
  }
  std::string file;
  ColumnChunkMeta meta;
  ASSERT_TRUE(w.WriteChunk(&file, &meta).ok());
  ASSERT_TRUE(meta.dictionary_page_offset.has_value());
  const std::string dictionary = file.substr(0, meta.data_page_offset);
  const std::string data = file.substr(meta.data_page_offset);
  const std::string last_probed =
      "id" + std::to_string(10000 + ColumnChunkWriter::kCardinalityProbe - 1);
  const std::string first_plain =
      "id" + std::to_string(10000 + ColumnChunkWriter::kCardinalityProbe);
  EXPECT_NE(dictionary.find(last_probed), std::string::npos);
  EXPECT_EQ(dictionary.find(first_plain), std::string::npos);
  EXPECT_NE(data.find(first_plain), std::string::npos);
  EXPECT_EQ(meta.num_values, n);
}

TEST(ParquetOptionsTest, SchemaModeNamesAndError) {
  EXPECT_EQ(*ParseParquetSchemaMode("infer"), ParquetSchemaMode::kInfer);
  EXPECT_EQ(*ParseParquetSchemaMode("events"), ParquetSchemaMode::kEvents);
  auto bad = ParseParquetSchemaMode("auto");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "invalid PARQUET_SCHEMA \"auto\"; expected one of: events, infer");
}

TEST(ParquetEncoderTest, SnappyIsAcceptedForParquetOnly) {
  EncoderOptions o;
  o.format = OutputFormat::kParquet;
  o.compression = core::Codec::kSnappy;
  auto enc = MakeBatchEncoder(o);
  ASSERT_TRUE(enc.ok()) << enc.status().ToString();
  EXPECT_EQ((*enc)->extension(), ".parquet");
  EXPECT_EQ((*enc)->content_type(), "application/vnd.apache.parquet");
  EXPECT_EQ((*enc)->content_encoding(), "");
  std::string file;
  ASSERT_TRUE((*enc)->Finish(&file).ok());  // an empty batch is a valid file with no rows
  EXPECT_EQ(file.substr(0, 4), "PAR1");
  EXPECT_EQ(file.substr(file.size() - 4), "PAR1");

  o.format = OutputFormat::kCsv;
  auto csv = MakeBatchEncoder(o);
  ASSERT_FALSE(csv.ok());
  EXPECT_NE(csv.status().message().find("compression \"snappy\" is not available for format "
                                        "\"csv\""),
            std::string::npos);
}

}  // namespace
}  // namespace cdc::parquet
