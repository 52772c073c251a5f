#include "cdc/format/parquet/inferred_columns.h"

#include "cdc/event/extended_json_text.h"

namespace cdc::parquet {

namespace {

InferredKind KindOf(const bson_iter_t& it) {
  switch (bson_iter_type(&it)) {
    case BSON_TYPE_NULL:
    case BSON_TYPE_UNDEFINED:
      return InferredKind::kNull;
    case BSON_TYPE_INT32:
      return InferredKind::kInt32;
    case BSON_TYPE_INT64:
      return InferredKind::kInt64;
    case BSON_TYPE_DOUBLE:
      return InferredKind::kDouble;
    case BSON_TYPE_BOOL:
      return InferredKind::kBool;
    case BSON_TYPE_UTF8:
      return InferredKind::kString;
    case BSON_TYPE_DATE_TIME:
      return InferredKind::kTimestamp;
    case BSON_TYPE_DECIMAL128:
      return InferredKind::kDecimal;
    case BSON_TYPE_OID:
      return InferredKind::kObjectId;
    case BSON_TYPE_BINARY:
      return InferredKind::kBinary;
    default:
      return InferredKind::kJson;
  }
}

InferredKind Merge(InferredKind a, InferredKind b) {
  if (a == b || b == InferredKind::kNull) return a;
  if (a == InferredKind::kNull) return b;
  const auto is_int = [](InferredKind k) {
    return k == InferredKind::kInt32 || k == InferredKind::kInt64;
  };
  if (is_int(a) && is_int(b)) return InferredKind::kInt64;
  return InferredKind::kJson;
}

}  // namespace

void InferredColumns::Observe(BsonView document) {
  bson_iter_t it;
  if (!document || !document.InitIter(&it)) return;
  ++documents_;
  while (bson_iter_next(&it)) {
    const std::string_view key(bson_iter_key(&it), bson_iter_key_len(&it));
    auto pos = index_.find(key);
    if (pos == index_.end()) {
      pos = index_.emplace(std::string(key), fields_.size()).first;
      fields_.push_back({std::string(key), InferredKind::kNull, 0});
    }
    Field& f = fields_[pos->second];
    if (f.last_document == documents_) continue;  // a duplicated key: the first one counts
    f.last_document = documents_;
    f.kind = Merge(f.kind, KindOf(it));
  }
}

void InferredColumns::AddColumns(Schema* schema) const {
  constexpr Repetition kOpt = Repetition::kOptional;
  for (const Field& f : fields_) {
    std::string name = "doc_" + f.name;
    switch (f.kind) {
      case InferredKind::kInt32:
        schema->AddColumn(std::move(name), PhysicalType::kInt32, kOpt);
        break;
      case InferredKind::kInt64:
        schema->AddColumn(std::move(name), PhysicalType::kInt64, kOpt);
        break;
      case InferredKind::kDouble:
        schema->AddColumn(std::move(name), PhysicalType::kDouble, kOpt);
        break;
      case InferredKind::kBool:
        schema->AddColumn(std::move(name), PhysicalType::kBoolean, kOpt);
        break;
      case InferredKind::kTimestamp:
        schema->AddColumn(std::move(name), PhysicalType::kInt64, kOpt,
                          LogicalType::kTimestampMillis);
        break;
      case InferredKind::kString:
      case InferredKind::kDecimal:
      case InferredKind::kObjectId:
        schema->AddColumn(std::move(name), PhysicalType::kByteArray, kOpt, LogicalType::kString);
        break;
      case InferredKind::kBinary:
        schema->AddColumn(std::move(name), PhysicalType::kByteArray, kOpt);
        break;
      case InferredKind::kNull:
      case InferredKind::kJson:
        schema->AddColumn(std::move(name), PhysicalType::kByteArray, kOpt, LogicalType::kJson);
        break;
    }
  }
}

core::Status InferredColumns::Append(BsonView document, JsonMode mode, size_t first_column,
                                     ParquetFileWriter* writer, std::string* scratch) {
  present_.assign(fields_.size(), false);
  bson_iter_t it;
  if (document && document.InitIter(&it)) {
    while (bson_iter_next(&it)) {
      auto pos = index_.find(std::string_view(bson_iter_key(&it), bson_iter_key_len(&it)));
      if (pos == index_.end() || present_[pos->second]) continue;
      const size_t i = pos->second;
      ColumnChunkWriter& column = writer->column(first_column + i);
      present_[i] = true;
      if (KindOf(it) == InferredKind::kNull) {
        column.AddNull(0);
        continue;
      }
      switch (fields_[i].kind) {
        case InferredKind::kInt32:
          column.AddInt32(bson_iter_int32(&it));
          break;
        case InferredKind::kInt64:
          column.AddInt64(bson_iter_as_int64(&it));
          break;
        case InferredKind::kDouble:
          column.AddDouble(bson_iter_double(&it));
          break;
        case InferredKind::kBool:
          column.AddBool(bson_iter_bool(&it));
          break;
        case InferredKind::kTimestamp:
          column.AddInt64(bson_iter_date_time(&it));
          break;
        case InferredKind::kString: {
          uint32_t len = 0;
          const char* s = bson_iter_utf8(&it, &len);
          column.AddBytes({s, len});
          break;
        }
        case InferredKind::kDecimal: {
          bson_decimal128_t d;
          bson_iter_decimal128(&it, &d);
          char text[BSON_DECIMAL128_STRING];
          bson_decimal128_to_string(&d, text);
          column.AddBytes(text);
          break;
        }
        case InferredKind::kObjectId: {
          scratch->clear();
          AppendLowerHex(bson_iter_oid(&it)->bytes, 12, scratch);
          column.AddBytes(*scratch);
          break;
        }
        case InferredKind::kBinary: {
          bson_subtype_t subtype;
          uint32_t len = 0;
          const uint8_t* data = nullptr;
          bson_iter_binary(&it, &subtype, &len, &data);
          column.AddBytes({reinterpret_cast<const char*>(data), len});
          break;
        }
        case InferredKind::kNull:
        case InferredKind::kJson:
          scratch->clear();
          CORE_RETURN_IF_ERROR(AppendExtendedJsonValue(it, mode, scratch));
          column.AddBytes(*scratch);
          break;
      }
    }
  }
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (!present_[i]) writer->column(first_column + i).AddNull(0);
  }
  return core::Status::Ok();
}

}  // namespace cdc::parquet
