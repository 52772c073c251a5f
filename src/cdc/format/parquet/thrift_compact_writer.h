// ThriftCompactWriter: the subset of the Thrift compact protocol that Parquet's footer and page
// headers need (structs, i8/i16/i32/i64, bool, binary, lists), appended to a caller-owned string.
//
// Encoding (Thrift compact protocol spec): integers are zigzag varints (i8 is one raw byte);
// a field header is one byte (id delta << 4 | type) when the id grows by 1..15 from the previous
// field of the same struct, else the type byte and the zigzag-varint i16 id; a bool field has no
// body (its type nibble is 1 = true, 2 = false); binary is a varint length then the bytes; a list
// header is (size << 4 | element type) for size < 15, else (0xF0 | type) and a varint size;
// a struct ends with a 0 byte.
//
// Usage: fields of a struct must be written in increasing id order (what Parquet readers expect);
// BeginStruct/EndStruct nest. Not thread-safe; `out` must outlive the writer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cdc::parquet {

enum class ThriftType : uint8_t {
  kBoolTrue = 1,
  kBoolFalse = 2,
  kByte = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
};

class ThriftCompactWriter {
 public:
  explicit ThriftCompactWriter(std::string* out) : out_(out) {}

  // Fields of the current struct.
  void FieldBool(int16_t id, bool v);
  void FieldI8(int16_t id, int8_t v);
  void FieldI16(int16_t id, int16_t v);
  void FieldI32(int16_t id, int32_t v);
  void FieldI64(int16_t id, int64_t v);
  void FieldBinary(int16_t id, std::string_view v);
  // Starts a struct-valued field; its fields follow, then EndStruct().
  void FieldStructBegin(int16_t id);
  // Starts a list-valued field; `size` elements follow (ListI32 / ListBinary / ListStructBegin).
  void FieldListBegin(int16_t id, ThriftType element_type, uint32_t size);

  // Elements of a list.
  void ListI32(int32_t v) { Varint(ZigZag(v)); }
  void ListBinary(std::string_view v);
  void ListStructBegin();  // an element struct; its fields follow, then EndStruct()

  // The top-level struct (a PageHeader or FileMetaData) and every struct started above.
  void StructBegin();
  void EndStruct();

  // Raw varint / zigzag helpers (public for the tests and the RLE encoder's run headers).
  void Varint(uint64_t v);
  static uint64_t ZigZag(int64_t v) {
    return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
  }

 private:
  void FieldHeader(int16_t id, ThriftType type);

  std::string* out_;
  int16_t last_id_ = 0;
  std::vector<int16_t> stack_;  // last field id of each enclosing struct
};

// Appends `v` as an unsigned LEB128 varint.
void AppendVarint(uint64_t v, std::string* out);

}  // namespace cdc::parquet
