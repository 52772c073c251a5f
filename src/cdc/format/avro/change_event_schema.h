// The Avro record schema `rigatoni.ChangeEvent`: one record per change event, with the columns
// of the CSV format (csv_encoder.h) in the same order. docs/formats.md ("Avro") lists it.
//
//   operation_type              string
//   database                    string   ("" when the event has no ns, e.g. a deployment
//   invalidate) collection                  ["null","string"]  (null for database-level events)
//   to_database, to_collection  ["null","string"]  (rename target)
//   cluster_time                long, logicalType timestamp-millis: the BSON timestamp's
//                               seconds * 1000 (0 when absent)
//   cluster_time_increment      long: the timestamp's increment (orders events within a second)
//   wall_time                   ["null", long timestamp-millis]
//   document_key, full_document, full_document_before_change, updated_fields
//                               ["null","string"]: Extended JSON (EncoderOptions::json_mode)
//   removed_fields              ["null", array<string>]
//   truncated_arrays, disambiguated_paths, operation_description
//                               ["null","string"]: Extended JSON
//   txn_number                  ["null","long"]
//   lsid                        ["null","string"]: Extended JSON
//   collection_uuid             ["null", string logicalType uuid]: 8-4-4-4-12 lower-case hex
//   resume_token                ["null","string"]: Extended JSON of the event's _id
//
// Every union puts "null" first and defaults to null, so readers with a newer schema that adds a
// nullable field keep reading old files.
#pragma once

#include <string_view>

namespace cdc::avro {

// The schema as compact JSON (what the container header's `avro.schema` holds). Built once;
// the view stays valid for the life of the process. Thread-safe.
std::string_view ChangeEventSchemaJson();

}  // namespace cdc::avro
