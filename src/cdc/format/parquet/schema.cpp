#include "cdc/format/parquet/schema.h"

#include <utility>

namespace cdc::parquet {

void Schema::AddColumn(std::string name, PhysicalType type, Repetition repetition,
                       LogicalType logical, int32_t type_length) {
  ColumnDescriptor c;
  c.path = {name};
  c.type = type;
  c.type_length = type_length;
  c.logical = logical;
  c.max_definition_level = repetition == Repetition::kRequired ? 0 : 1;
  columns_.push_back(std::move(c));
  nodes_.push_back({std::move(name), repetition, 0, type, type_length, logical});
  ++top_level_;
}

void Schema::AddStringList(std::string name) {
  ColumnDescriptor c;
  c.path = {name, "list", "element"};
  c.type = PhysicalType::kByteArray;
  c.logical = LogicalType::kString;
  c.max_definition_level = 2;
  c.max_repetition_level = 1;
  columns_.push_back(std::move(c));
  nodes_.push_back(
      {std::move(name), Repetition::kOptional, 1, PhysicalType::kByteArray, 0, LogicalType::kList});
  nodes_.push_back(
      {"list", Repetition::kRepeated, 1, PhysicalType::kByteArray, 0, LogicalType::kNone});
  nodes_.push_back(
      {"element", Repetition::kRequired, 0, PhysicalType::kByteArray, 0, LogicalType::kString});
  ++top_level_;
}

}  // namespace cdc::parquet
