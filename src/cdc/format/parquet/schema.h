// Parquet schema: the tree of fields (flattened depth-first as the footer stores it) and, for
// each leaf, a ColumnDescriptor with its path, physical and logical type and max definition /
// repetition levels.
//
// Supported shapes (all rigatoni needs): top-level primitive columns (required or optional) and
// optional lists of required strings in the standard 3-level form:
//   optional group <name> (LIST) { repeated group list { required binary element (STRING) } }
// so a list column has max_definition_level 2 (0 = null list, 1 = empty list, 2 = an element)
// and max_repetition_level 1.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cdc::parquet {

// Values are the parquet.thrift enum values.
enum class PhysicalType : int32_t {
  kBoolean = 0,
  kInt32 = 1,
  kInt64 = 2,
  kDouble = 5,
  kByteArray = 6,
  kFixedLenByteArray = 7,
};

enum class Repetition : int32_t { kRequired = 0, kOptional = 1, kRepeated = 2 };

// The logical types we write (LogicalType union members; legacy ConvertedType where one exists).
enum class LogicalType {
  kNone,
  kString,           // BYTE_ARRAY, UTF-8
  kJson,             // BYTE_ARRAY, UTF-8 JSON text
  kTimestampMillis,  // INT64, isAdjustedToUTC = true
  kUuid,             // FIXED_LEN_BYTE_ARRAY(16)
  kList,             // the outer group of a list
};

// How min/max statistics compare values (the spec's TypeDefinedOrder for each type).
enum class SortOrder { kSigned, kUnsigned };

struct SchemaNode {
  std::string name;
  Repetition repetition = Repetition::kOptional;
  int num_children = 0;  // > 0 for a group
  PhysicalType type = PhysicalType::kByteArray;
  int32_t type_length = 0;  // FIXED_LEN_BYTE_ARRAY only
  LogicalType logical = LogicalType::kNone;
};

struct ColumnDescriptor {
  std::vector<std::string> path;  // path_in_schema
  PhysicalType type = PhysicalType::kByteArray;
  int32_t type_length = 0;
  LogicalType logical = LogicalType::kNone;
  int16_t max_definition_level = 0;
  int16_t max_repetition_level = 0;
  SortOrder sort_order() const {
    return type == PhysicalType::kByteArray || type == PhysicalType::kFixedLenByteArray
               ? SortOrder::kUnsigned
               : SortOrder::kSigned;
  }
};

class Schema {
 public:
  // A top-level primitive column.
  void AddColumn(std::string name, PhysicalType type, Repetition repetition,
                 LogicalType logical = LogicalType::kNone, int32_t type_length = 0);
  // A top-level optional list of required UTF-8 strings (3-level form above).
  void AddStringList(std::string name);

  // Depth-first, without the root (the file writer adds "schema" with its child count).
  const std::vector<SchemaNode>& nodes() const { return nodes_; }
  int top_level_count() const { return top_level_; }
  const std::vector<ColumnDescriptor>& columns() const { return columns_; }

 private:
  std::vector<SchemaNode> nodes_;
  std::vector<ColumnDescriptor> columns_;
  int top_level_ = 0;
};

}  // namespace cdc::parquet
