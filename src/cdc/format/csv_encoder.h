// CSV (RFC 4180): a header row, then one row per change event, CRLF line ends, fields quoted
// (with doubled quotes) when they contain a comma, quote, CR or LF. An absent value is an empty
// field. Documents are Extended JSON (relaxed by default). Columns, in order (docs/formats.md):
//
//   operation_type, database, collection, to_database, to_collection, cluster_time,
//   cluster_time_increment, wall_time, document_key, full_document, full_document_before_change,
//   updated_fields, removed_fields, truncated_arrays, disambiguated_paths, operation_description,
//   txn_number, lsid, collection_uuid, resume_token
//
// cluster_time is RFC 3339 UTC to the second with its increment in the next column (a BSON
// timestamp is not a point in milliseconds); wall_time is RFC 3339 UTC with milliseconds.
#pragma once

#include <string>

#include "cdc/format/text_object_encoder.h"

namespace cdc {

class CsvEncoder : public TextObjectEncoder {
 public:
  explicit CsvEncoder(const EncoderOptions& options) : TextObjectEncoder(options, ".csv") {}
  std::string_view content_type() const override { return "text/csv"; }

  static constexpr std::string_view kHeader =
      "operation_type,database,collection,to_database,to_collection,cluster_time,"
      "cluster_time_increment,wall_time,document_key,full_document,full_document_before_change,"
      "updated_fields,removed_fields,truncated_arrays,disambiguated_paths,operation_description,"
      "txn_number,lsid,collection_uuid,resume_token\r\n";

 protected:
  void AppendHeader(std::string* out) override { out->append(kHeader); }
  core::Status AppendRow(const ChangeEvent& event, std::string* out) override;

 private:
  // Appends a document or array column (empty when absent).
  core::Status AppendJsonField(BsonView doc, std::string* out);
  core::Status AppendJsonArrayField(BsonView array, std::string* out);

  std::string scratch_;  // one field's JSON before CSV escaping; reused
};

// Appends `field` as one CSV field, quoted only when RFC 4180 requires it.
void AppendCsvField(std::string_view field, std::string* out);

}  // namespace cdc
