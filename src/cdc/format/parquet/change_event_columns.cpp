#include "cdc/format/parquet/change_event_columns.h"

namespace cdc::parquet {

namespace {

enum Column : size_t {
  kOperationType,
  kDatabase,
  kCollection,
  kToDatabase,
  kToCollection,
  kClusterTime,
  kClusterTimeIncrement,
  kWallTime,
  kDocumentKey,
  kFullDocument,
  kFullDocumentBeforeChange,
  kUpdatedFields,
  kRemovedFields,
  kTruncatedArrays,
  kDisambiguatedPaths,
  kOperationDescription,
  kTxnNumber,
  kLsid,
  kCollectionUuid,
  kResumeToken,
};
static_assert(kResumeToken + 1 == kEventColumnCount);

core::Status AppendJsonDocument(BsonView doc, JsonMode mode, ColumnChunkWriter& column,
                                std::string* scratch) {
  if (!doc) {
    column.AddNull(0);
    return core::Status::Ok();
  }
  scratch->clear();
  CORE_RETURN_IF_ERROR(AppendExtendedJson(doc.data(), doc.size(), mode, scratch));
  column.AddBytes(*scratch);
  return core::Status::Ok();
}

core::Status AppendJsonArray(BsonView array, JsonMode mode, ColumnChunkWriter& column,
                             std::string* scratch) {
  if (!array) {
    column.AddNull(0);
    return core::Status::Ok();
  }
  scratch->clear();
  CORE_RETURN_IF_ERROR(
      AppendExtendedJsonArray(array.data(), array.size(), mode, scratch).WithContext("parquet"));
  column.AddBytes(*scratch);
  return core::Status::Ok();
}

// removed_fields: null list (def 0), empty list (def 1), or one element per path (def 2,
// repetition 0 for the first, 1 after). A non-string element is written as its Extended JSON.
core::Status AppendStringList(BsonView array, JsonMode mode, ColumnChunkWriter& column,
                              std::string* scratch) {
  if (!array) {
    column.AddNull(0);
    return core::Status::Ok();
  }
  bson_iter_t it;
  if (!array.InitIter(&it)) {
    return core::Status(core::ErrorCode::kDataLoss, "parquet: malformed BSON array");
  }
  uint16_t repetition = 0;
  while (bson_iter_next(&it)) {
    if (BSON_ITER_HOLDS_UTF8(&it)) {
      uint32_t len = 0;
      const char* s = bson_iter_utf8(&it, &len);
      column.AddBytes({s, len}, repetition);
    } else {
      scratch->clear();
      CORE_RETURN_IF_ERROR(AppendExtendedJsonValue(it, mode, scratch));
      column.AddBytes(*scratch, repetition);
    }
    repetition = 1;
  }
  if (repetition == 0) column.AddNull(1);  // an empty list
  return core::Status::Ok();
}

void AppendOptionalString(const std::optional<Namespace>& ns, bool db, ColumnChunkWriter& column) {
  if (!ns) {
    column.AddNull(0);
  } else {
    column.AddBytes(db ? ns->db : ns->coll);
  }
}

}  // namespace

void AddEventColumns(Schema* s) {
  using enum PhysicalType;
  constexpr Repetition kOpt = Repetition::kOptional;
  s->AddColumn("operation_type", kByteArray, Repetition::kRequired, LogicalType::kString);
  s->AddColumn("database", kByteArray, kOpt, LogicalType::kString);
  s->AddColumn("collection", kByteArray, kOpt, LogicalType::kString);
  s->AddColumn("to_database", kByteArray, kOpt, LogicalType::kString);
  s->AddColumn("to_collection", kByteArray, kOpt, LogicalType::kString);
  s->AddColumn("cluster_time", kInt64, kOpt, LogicalType::kTimestampMillis);
  s->AddColumn("cluster_time_increment", kInt64, kOpt);
  s->AddColumn("wall_time", kInt64, kOpt, LogicalType::kTimestampMillis);
  s->AddColumn("document_key", kByteArray, kOpt, LogicalType::kJson);
  s->AddColumn("full_document", kByteArray, kOpt, LogicalType::kJson);
  s->AddColumn("full_document_before_change", kByteArray, kOpt, LogicalType::kJson);
  s->AddColumn("updated_fields", kByteArray, kOpt, LogicalType::kJson);
  s->AddStringList("removed_fields");
  s->AddColumn("truncated_arrays", kByteArray, kOpt, LogicalType::kJson);
  s->AddColumn("disambiguated_paths", kByteArray, kOpt, LogicalType::kJson);
  s->AddColumn("operation_description", kByteArray, kOpt, LogicalType::kJson);
  s->AddColumn("txn_number", kInt64, kOpt);
  s->AddColumn("lsid", kByteArray, kOpt, LogicalType::kJson);
  s->AddColumn("collection_uuid", kFixedLenByteArray, kOpt, LogicalType::kUuid, 16);
  s->AddColumn("resume_token", kByteArray, Repetition::kRequired, LogicalType::kJson);
}

core::Status AppendEventColumns(const ChangeEvent& e, JsonMode mode, ParquetFileWriter* writer,
                                std::string* scratch) {
  ParquetFileWriter& w = *writer;
  w.column(kOperationType).AddBytes(e.operation_type_name());
  AppendOptionalString(e.ns(), true, w.column(kDatabase));
  AppendOptionalString(e.ns(), false, w.column(kCollection));
  AppendOptionalString(e.to(), true, w.column(kToDatabase));
  AppendOptionalString(e.to(), false, w.column(kToCollection));
  if (e.cluster_time().seconds != 0 || e.cluster_time().increment != 0) {
    w.column(kClusterTime).AddInt64(int64_t{e.cluster_time().seconds} * 1000);
    w.column(kClusterTimeIncrement).AddInt64(e.cluster_time().increment);
  } else {
    w.column(kClusterTime).AddNull(0);
    w.column(kClusterTimeIncrement).AddNull(0);
  }
  if (e.wall_time_ms()) {
    w.column(kWallTime).AddInt64(*e.wall_time_ms());
  } else {
    w.column(kWallTime).AddNull(0);
  }
  const UpdateDescription none;
  const UpdateDescription& ud = e.update_description() ? *e.update_description() : none;
  CORE_RETURN_IF_ERROR(AppendJsonDocument(e.document_key(), mode, w.column(kDocumentKey), scratch));
  CORE_RETURN_IF_ERROR(
      AppendJsonDocument(e.full_document(), mode, w.column(kFullDocument), scratch));
  CORE_RETURN_IF_ERROR(AppendJsonDocument(e.full_document_before_change(), mode,
                                          w.column(kFullDocumentBeforeChange), scratch));
  CORE_RETURN_IF_ERROR(
      AppendJsonDocument(ud.updated_fields, mode, w.column(kUpdatedFields), scratch));
  CORE_RETURN_IF_ERROR(
      AppendStringList(ud.removed_fields, mode, w.column(kRemovedFields), scratch));
  CORE_RETURN_IF_ERROR(
      AppendJsonArray(ud.truncated_arrays, mode, w.column(kTruncatedArrays), scratch));
  CORE_RETURN_IF_ERROR(
      AppendJsonDocument(ud.disambiguated_paths, mode, w.column(kDisambiguatedPaths), scratch));
  CORE_RETURN_IF_ERROR(AppendJsonDocument(e.operation_description(), mode,
                                          w.column(kOperationDescription), scratch));
  if (e.txn_number()) {
    w.column(kTxnNumber).AddInt64(*e.txn_number());
  } else {
    w.column(kTxnNumber).AddNull(0);
  }
  CORE_RETURN_IF_ERROR(AppendJsonDocument(e.lsid(), mode, w.column(kLsid), scratch));
  if (e.collection_uuid().size() == 16) {
    w.column(kCollectionUuid).AddBytes(e.collection_uuid());
  } else {
    w.column(kCollectionUuid).AddNull(0);
  }
  scratch->clear();
  CORE_RETURN_IF_ERROR(
      AppendExtendedJson(e.resume_token().data(), e.resume_token().size(), mode, scratch));
  w.column(kResumeToken).AddBytes(*scratch);
  return core::Status::Ok();
}

}  // namespace cdc::parquet
