#include "cdc/format/avro/change_event_schema.h"

#include <string>

#include "core/json_writer.h"

namespace cdc::avro {
namespace {

enum class FieldType {
  kString,
  kLong,
  kTimestampMillis,
  kNullableString,
  kNullableLong,
  kNullableTimestampMillis,
  kNullableStringArray,
  kNullableUuid,
};

struct Field {
  const char* name;
  FieldType type;
  const char* doc;
};

// The record's fields, in encoding order (AvroEncoder writes them in exactly this order).
constexpr Field kFields[] = {
    {"operation_type", FieldType::kString,
     "insert, update, replace, delete, drop, rename, dropDatabase, invalidate, or a DDL type"},
    {"database", FieldType::kString, "ns.db; empty when the event has no namespace"},
    {"collection", FieldType::kNullableString, "ns.coll; null for database-level events"},
    {"to_database", FieldType::kNullableString, "rename target database"},
    {"to_collection", FieldType::kNullableString, "rename target collection"},
    {"cluster_time", FieldType::kTimestampMillis,
     "seconds of the BSON clusterTime timestamp, times 1000"},
    {"cluster_time_increment", FieldType::kLong,
     "increment of the BSON clusterTime timestamp (orders events within a second)"},
    {"wall_time", FieldType::kNullableTimestampMillis, "wallTime (MongoDB 6.0+)"},
    {"document_key", FieldType::kNullableString, "documentKey as Extended JSON"},
    {"full_document", FieldType::kNullableString, "fullDocument as Extended JSON"},
    {"full_document_before_change", FieldType::kNullableString,
     "fullDocumentBeforeChange as Extended JSON"},
    {"updated_fields", FieldType::kNullableString,
     "updateDescription.updatedFields as Extended JSON"},
    {"removed_fields", FieldType::kNullableStringArray, "updateDescription.removedFields"},
    {"truncated_arrays", FieldType::kNullableString,
     "updateDescription.truncatedArrays as Extended JSON"},
    {"disambiguated_paths", FieldType::kNullableString,
     "updateDescription.disambiguatedPaths as Extended JSON"},
    {"operation_description", FieldType::kNullableString,
     "operationDescription (DDL events) as Extended JSON"},
    {"txn_number", FieldType::kNullableLong, "txnNumber"},
    {"lsid", FieldType::kNullableString, "lsid as Extended JSON"},
    {"collection_uuid", FieldType::kNullableUuid, "collectionUUID"},
    {"resume_token", FieldType::kNullableString, "the event's _id (resume token) as Extended JSON"},
};

void WriteTimestampMillis(core::JsonWriter& w) {
  w.BeginObject().Field("type", "long").Field("logicalType", "timestamp-millis").EndObject();
}

void WriteType(FieldType type, core::JsonWriter& w) {
  const bool nullable =
      type != FieldType::kString && type != FieldType::kLong && type != FieldType::kTimestampMillis;
  if (nullable) w.BeginArray().String("null");
  switch (type) {
    case FieldType::kString:
    case FieldType::kNullableString:
      w.String("string");
      break;
    case FieldType::kLong:
    case FieldType::kNullableLong:
      w.String("long");
      break;
    case FieldType::kTimestampMillis:
    case FieldType::kNullableTimestampMillis:
      WriteTimestampMillis(w);
      break;
    case FieldType::kNullableStringArray:
      w.BeginObject().Field("type", "array").Field("items", "string").EndObject();
      break;
    case FieldType::kNullableUuid:
      w.BeginObject().Field("type", "string").Field("logicalType", "uuid").EndObject();
      break;
  }
  if (nullable) w.EndArray();
}

std::string BuildSchema() {
  std::string json;
  core::JsonWriter w(&json);
  w.BeginObject()
      .Field("type", "record")
      .Field("name", "ChangeEvent")
      .Field("namespace", "rigatoni")
      .Field("doc", "One MongoDB change event (rigatoni CDC)")
      .Key("fields")
      .BeginArray();
  for (const Field& f : kFields) {
    w.BeginObject().Field("name", f.name).Key("type");
    WriteType(f.type, w);
    if (f.type != FieldType::kString && f.type != FieldType::kLong &&
        f.type != FieldType::kTimestampMillis) {
      w.Key("default").Null();
    }
    w.Field("doc", f.doc).EndObject();
  }
  w.EndArray().EndObject();
  return json;
}

}  // namespace

std::string_view ChangeEventSchemaJson() {
  static const std::string kSchema = BuildSchema();
  return kSchema;
}

}  // namespace cdc::avro
