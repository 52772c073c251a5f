#include "cdc/format/parquet/thrift_compact_writer.h"

namespace cdc::parquet {

void AppendVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void ThriftCompactWriter::Varint(uint64_t v) {
  AppendVarint(v, out_);
}

void ThriftCompactWriter::FieldHeader(int16_t id, ThriftType type) {
  const int delta = id - last_id_;
  if (delta > 0 && delta <= 15) {
    out_->push_back(static_cast<char>((delta << 4) | static_cast<uint8_t>(type)));
  } else {
    out_->push_back(static_cast<char>(type));
    Varint(ZigZag(id));
  }
  last_id_ = id;
}

void ThriftCompactWriter::FieldBool(int16_t id, bool v) {
  FieldHeader(id, v ? ThriftType::kBoolTrue : ThriftType::kBoolFalse);
}

void ThriftCompactWriter::FieldI8(int16_t id, int8_t v) {
  FieldHeader(id, ThriftType::kByte);
  out_->push_back(static_cast<char>(v));
}

void ThriftCompactWriter::FieldI16(int16_t id, int16_t v) {
  FieldHeader(id, ThriftType::kI16);
  Varint(ZigZag(v));
}

void ThriftCompactWriter::FieldI32(int16_t id, int32_t v) {
  FieldHeader(id, ThriftType::kI32);
  Varint(ZigZag(v));
}

void ThriftCompactWriter::FieldI64(int16_t id, int64_t v) {
  FieldHeader(id, ThriftType::kI64);
  Varint(ZigZag(v));
}

void ThriftCompactWriter::FieldBinary(int16_t id, std::string_view v) {
  FieldHeader(id, ThriftType::kBinary);
  Varint(v.size());
  out_->append(v);
}

void ThriftCompactWriter::FieldStructBegin(int16_t id) {
  FieldHeader(id, ThriftType::kStruct);
  StructBegin();
}

void ThriftCompactWriter::FieldListBegin(int16_t id, ThriftType element_type, uint32_t size) {
  FieldHeader(id, ThriftType::kList);
  if (size < 15) {
    out_->push_back(static_cast<char>((size << 4) | static_cast<uint8_t>(element_type)));
  } else {
    out_->push_back(static_cast<char>(0xF0 | static_cast<uint8_t>(element_type)));
    Varint(size);
  }
}

void ThriftCompactWriter::ListBinary(std::string_view v) {
  Varint(v.size());
  out_->append(v);
}

void ThriftCompactWriter::ListStructBegin() {
  StructBegin();
}

void ThriftCompactWriter::StructBegin() {
  stack_.push_back(last_id_);
  last_id_ = 0;
}

void ThriftCompactWriter::EndStruct() {
  out_->push_back('\0');
  last_id_ = stack_.empty() ? 0 : stack_.back();
  if (!stack_.empty()) stack_.pop_back();
}

}  // namespace cdc::parquet
