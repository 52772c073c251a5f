#include "cdc/format/parquet/file_metadata.h"

#include "cdc/format/parquet/thrift_compact_writer.h"

namespace cdc::parquet {

namespace {

// parquet.thrift ConvertedType values (legacy annotations older readers need).
constexpr int32_t kConvertedUtf8 = 0;
constexpr int32_t kConvertedList = 3;
constexpr int32_t kConvertedTimestampMillis = 9;
constexpr int32_t kConvertedJson = 19;

void AppendLogicalType(ThriftCompactWriter& w, LogicalType logical) {
  // LogicalType is a union: exactly one member, itself a (mostly empty) struct.
  w.FieldStructBegin(10);
  switch (logical) {
    case LogicalType::kString:
      w.FieldStructBegin(1);
      w.EndStruct();
      break;
    case LogicalType::kList:
      w.FieldStructBegin(3);
      w.EndStruct();
      break;
    case LogicalType::kTimestampMillis:
      w.FieldStructBegin(8);
      w.FieldBool(1, true);   // isAdjustedToUTC
      w.FieldStructBegin(2);  // unit: TimeUnit union
      w.FieldStructBegin(1);  // MILLIS
      w.EndStruct();
      w.EndStruct();
      w.EndStruct();
      break;
    case LogicalType::kJson:
      w.FieldStructBegin(12);
      w.EndStruct();
      break;
    case LogicalType::kUuid:
      w.FieldStructBegin(14);
      w.EndStruct();
      break;
    case LogicalType::kNone:
      break;
  }
  w.EndStruct();
}

void AppendSchemaElement(ThriftCompactWriter& w, const SchemaNode& n) {
  w.ListStructBegin();
  if (n.num_children == 0) w.FieldI32(1, static_cast<int32_t>(n.type));
  if (n.type == PhysicalType::kFixedLenByteArray && n.num_children == 0) {
    w.FieldI32(2, n.type_length);
  }
  w.FieldI32(3, static_cast<int32_t>(n.repetition));
  w.FieldBinary(4, n.name);
  if (n.num_children > 0) w.FieldI32(5, n.num_children);
  switch (n.logical) {
    case LogicalType::kString:
      w.FieldI32(6, kConvertedUtf8);
      break;
    case LogicalType::kJson:
      w.FieldI32(6, kConvertedJson);
      break;
    case LogicalType::kList:
      w.FieldI32(6, kConvertedList);
      break;
    case LogicalType::kTimestampMillis:
      w.FieldI32(6, kConvertedTimestampMillis);
      break;
    case LogicalType::kUuid:
    case LogicalType::kNone:
      break;
  }
  if (n.logical != LogicalType::kNone) AppendLogicalType(w, n.logical);
  w.EndStruct();
}

void AppendColumnChunk(ThriftCompactWriter& w, const ColumnDescriptor& c, const ColumnChunkMeta& m,
                       const WriterProperties& p) {
  w.ListStructBegin();
  w.FieldI64(2, m.dictionary_page_offset.value_or(m.data_page_offset));  // file_offset
  w.FieldStructBegin(3);                                                 // ColumnMetaData
  w.FieldI32(1, static_cast<int32_t>(c.type));
  w.FieldListBegin(2, ThriftType::kI32, static_cast<uint32_t>(m.encodings.size()));
  for (Encoding e : m.encodings)
    w.ListI32(static_cast<int32_t>(e));
  w.FieldListBegin(3, ThriftType::kBinary, static_cast<uint32_t>(c.path.size()));
  for (const std::string& part : c.path)
    w.ListBinary(part);
  w.FieldI32(4, ParquetCodecId(p.codec));
  w.FieldI64(5, m.num_values);
  w.FieldI64(6, m.total_uncompressed_size);
  w.FieldI64(7, m.total_compressed_size);
  w.FieldI64(9, m.data_page_offset);
  if (m.dictionary_page_offset) w.FieldI64(11, *m.dictionary_page_offset);
  w.FieldStructBegin(12);  // Statistics
  w.FieldI64(3, m.null_count);
  if (m.max_value && m.min_value) {
    w.FieldBinary(5, *m.max_value);
    w.FieldBinary(6, *m.min_value);
  }
  w.EndStruct();
  w.EndStruct();
  w.EndStruct();
}

}  // namespace

void AppendFileMetaData(const Schema& schema, const std::vector<RowGroupMeta>& row_groups,
                        const WriterProperties& properties, std::string* out) {
  ThriftCompactWriter w(out);
  w.StructBegin();
  w.FieldI32(1, 1);  // version
  w.FieldListBegin(2, ThriftType::kStruct, static_cast<uint32_t>(schema.nodes().size() + 1));
  w.ListStructBegin();  // the root
  w.FieldBinary(4, "schema");
  w.FieldI32(5, schema.top_level_count());
  w.EndStruct();
  for (const SchemaNode& n : schema.nodes())
    AppendSchemaElement(w, n);

  int64_t num_rows = 0;
  for (const RowGroupMeta& rg : row_groups)
    num_rows += rg.num_rows;
  w.FieldI64(3, num_rows);

  w.FieldListBegin(4, ThriftType::kStruct, static_cast<uint32_t>(row_groups.size()));
  for (size_t g = 0; g < row_groups.size(); ++g) {
    const RowGroupMeta& rg = row_groups[g];
    w.ListStructBegin();
    w.FieldListBegin(1, ThriftType::kStruct, static_cast<uint32_t>(rg.columns.size()));
    int64_t uncompressed = 0, compressed = 0;
    for (size_t i = 0; i < rg.columns.size(); ++i) {
      AppendColumnChunk(w, schema.columns()[i], rg.columns[i], properties);
      uncompressed += rg.columns[i].total_uncompressed_size;
      compressed += rg.columns[i].total_compressed_size;
    }
    w.FieldI64(2, uncompressed);  // total_byte_size
    w.FieldI64(3, rg.num_rows);
    w.FieldI64(5, rg.file_offset);
    w.FieldI64(6, compressed);
    w.FieldI16(7, static_cast<int16_t>(g));
    w.EndStruct();
  }

  if (!properties.key_value_metadata.empty()) {
    w.FieldListBegin(5, ThriftType::kStruct,
                     static_cast<uint32_t>(properties.key_value_metadata.size()));
    for (const auto& [key, value] : properties.key_value_metadata) {
      w.ListStructBegin();
      w.FieldBinary(1, key);
      w.FieldBinary(2, value);
      w.EndStruct();
    }
  }
  if (!properties.created_by.empty()) w.FieldBinary(6, properties.created_by);
  // column_orders: TypeDefinedOrder for every column, so readers use min_value/max_value.
  w.FieldListBegin(7, ThriftType::kStruct, static_cast<uint32_t>(schema.columns().size()));
  for (size_t i = 0; i < schema.columns().size(); ++i) {
    w.ListStructBegin();
    w.FieldStructBegin(1);  // TYPE_ORDER
    w.EndStruct();
    w.EndStruct();
  }
  w.EndStruct();
}

}  // namespace cdc::parquet
