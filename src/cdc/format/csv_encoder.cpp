#include "cdc/format/csv_encoder.h"

#include <charconv>

#include "cdc/event/extended_json_text.h"

namespace cdc {

namespace {

void AppendNumber(int64_t v, std::string* out) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, r.ptr);
}

// 16 bytes as 8-4-4-4-12 lower-case hex.
void AppendUuid(std::string_view bytes, std::string* out) {
  if (bytes.size() != 16) return;
  const auto* b = reinterpret_cast<const uint8_t*>(bytes.data());
  constexpr size_t kGroups[] = {4, 2, 2, 2, 6};
  size_t at = 0;
  for (size_t g = 0; g < 5; ++g) {
    if (g > 0) out->push_back('-');
    AppendLowerHex(b + at, kGroups[g], out);
    at += kGroups[g];
  }
}

}  // namespace

void AppendCsvField(std::string_view field, std::string* out) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(field);
    return;
  }
  out->push_back('"');
  size_t start = 0;
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '"') {
      out->append(field.data() + start, i + 1 - start);
      out->push_back('"');
      start = i + 1;
    }
  }
  out->append(field.data() + start, field.size() - start);
  out->push_back('"');
}

core::Status CsvEncoder::AppendJsonField(BsonView doc, std::string* out) {
  if (!doc) return core::Status::Ok();
  scratch_.clear();
  CORE_RETURN_IF_ERROR(AppendExtendedJson(doc.data(), doc.size(), options_.json_mode, &scratch_));
  AppendCsvField(scratch_, out);
  return core::Status::Ok();
}

core::Status CsvEncoder::AppendJsonArrayField(BsonView array, std::string* out) {
  if (!array) return core::Status::Ok();
  scratch_.clear();
  CORE_RETURN_IF_ERROR(
      AppendExtendedJsonArray(array.data(), array.size(), options_.json_mode, &scratch_));
  AppendCsvField(scratch_, out);
  return core::Status::Ok();
}

core::Status CsvEncoder::AppendRow(const ChangeEvent& e, std::string* out) {
  const size_t rollback = out->size();
  auto fail = [&](core::Status st) {
    out->resize(rollback);
    return st;
  };
  AppendCsvField(e.operation_type_name(), out);
  out->push_back(',');
  if (e.ns()) AppendCsvField(e.ns()->db, out);
  out->push_back(',');
  if (e.ns()) AppendCsvField(e.ns()->coll, out);
  out->push_back(',');
  if (e.to()) AppendCsvField(e.to()->db, out);
  out->push_back(',');
  if (e.to()) AppendCsvField(e.to()->coll, out);
  out->push_back(',');
  if (e.cluster_time().seconds != 0) {
    AppendIso8601Millis(int64_t{e.cluster_time().seconds} * 1000, out);
    out->push_back(',');
    AppendNumber(e.cluster_time().increment, out);
  } else {
    out->push_back(',');
  }
  out->push_back(',');
  if (e.wall_time_ms() && *e.wall_time_ms() >= 0 && *e.wall_time_ms() <= kLastIso8601Millis) {
    AppendIso8601Millis(*e.wall_time_ms(), out);
  }
  const UpdateDescription none;
  const UpdateDescription& ud = e.update_description() ? *e.update_description() : none;
  // Document columns, then the two array columns, then the rest (the header's order).
  const std::pair<BsonView, bool> json_columns[] = {{e.document_key(), false},
                                                    {e.full_document(), false},
                                                    {e.full_document_before_change(), false},
                                                    {ud.updated_fields, false},
                                                    {ud.removed_fields, true},
                                                    {ud.truncated_arrays, true},
                                                    {ud.disambiguated_paths, false},
                                                    {e.operation_description(), false}};
  for (const auto& [view, is_array] : json_columns) {
    out->push_back(',');
    core::Status st = is_array ? AppendJsonArrayField(view, out) : AppendJsonField(view, out);
    if (!st.ok()) return fail(st);
  }
  out->push_back(',');
  if (e.txn_number()) AppendNumber(*e.txn_number(), out);
  out->push_back(',');
  if (core::Status st = AppendJsonField(e.lsid(), out); !st.ok()) return fail(st);
  out->push_back(',');
  AppendUuid(e.collection_uuid(), out);
  out->push_back(',');
  if (core::Status st = AppendJsonField(e.resume_token(), out); !st.ok()) return fail(st);
  out->append("\r\n");
  return core::Status::Ok();
}

}  // namespace cdc
