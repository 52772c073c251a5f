// InferredColumns: schema mode `infer`. The top-level fields of the batch's full documents become
// typed columns named doc_<field>, in order of first appearance (docs/formats.md, "Parquet"):
//
//   BSON int32 -> INT32; int64 (or int32 mixed with int64) -> INT64; double -> DOUBLE;
//   bool -> BOOLEAN; string -> STRING; date -> INT64 TIMESTAMP(MILLIS, UTC);
//   decimal128 -> STRING (its exact decimal text; the scale varies per value);
//   ObjectId -> STRING (24 hex digits); binary -> BYTE_ARRAY (the payload bytes);
//   documents, arrays, other types, and any field whose types differ within the batch (other
//   than int32/int64) -> STRING (JSON), the value's Extended JSON.
// Null and missing values are nulls; a field that is only ever null is a JSON column of nulls.
// Only the first occurrence of a duplicated key counts. Inference never fails.
//
// Usage: Observe() every event's full document, AddColumns() once, then for each row Append().
// Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cdc/event/bson_view.h"
#include "cdc/event/extended_json.h"
#include "cdc/format/parquet/file_writer.h"
#include "cdc/format/parquet/schema.h"

namespace cdc::parquet {

enum class InferredKind {
  kNull,  // seen only as null so far
  kInt32,
  kInt64,
  kDouble,
  kBool,
  kString,
  kTimestamp,
  kDecimal,
  kObjectId,
  kBinary,
  kJson,
};

class InferredColumns {
 public:
  void Observe(BsonView document);
  // Adds one column per field seen, in order, named "doc_" + field.
  void AddColumns(Schema* schema) const;
  size_t size() const { return fields_.size(); }
  InferredKind kind(size_t i) const { return fields_[i].kind; }

  // Gives columns [first_column, first_column + size()) their values from `document` (empty view
  // = all nulls). Fails only on malformed BSON or over-deep nesting.
  core::Status Append(BsonView document, JsonMode mode, size_t first_column,
                      ParquetFileWriter* writer, std::string* scratch);

 private:
  struct Field {
    std::string name;
    InferredKind kind = InferredKind::kNull;
    uint64_t last_document = 0;  // the Observe() call that last saw this field
  };
  uint64_t documents_ = 0;  // Observe() calls so far
  std::vector<Field> fields_;
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, size_t, Hash, std::equal_to<>> index_;
  std::vector<bool> present_;  // per row in Append; reused
};

}  // namespace cdc::parquet
