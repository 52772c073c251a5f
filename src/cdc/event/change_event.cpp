#include "cdc/event/change_event.h"

#include <array>
#include <string>
#include <utility>

namespace cdc {

namespace {

constexpr std::array<std::pair<OperationType, std::string_view>, 15> kOperationNames = {{
    {OperationType::kInsert, "insert"},
    {OperationType::kUpdate, "update"},
    {OperationType::kReplace, "replace"},
    {OperationType::kDelete, "delete"},
    {OperationType::kDrop, "drop"},
    {OperationType::kRename, "rename"},
    {OperationType::kDropDatabase, "dropDatabase"},
    {OperationType::kInvalidate, "invalidate"},
    {OperationType::kCreate, "create"},
    {OperationType::kCreateIndexes, "createIndexes"},
    {OperationType::kDropIndexes, "dropIndexes"},
    {OperationType::kModify, "modify"},
    {OperationType::kShardCollection, "shardCollection"},
    {OperationType::kRefineCollectionShardKey, "refineCollectionShardKey"},
    {OperationType::kReshardCollection, "reshardCollection"},
}};

std::string_view IterString(const bson_iter_t* it) {
  uint32_t len = 0;
  const char* s = bson_iter_utf8(it, &len);
  return {s, len};
}

// Reads {db: "...", coll: "..."}; coll may be absent.
std::optional<Namespace> ParseNamespace(const bson_iter_t* field) {
  if (!BSON_ITER_HOLDS_DOCUMENT(field)) return std::nullopt;
  bson_iter_t it;
  if (!bson_iter_recurse(field, &it)) return std::nullopt;
  Namespace ns;
  while (bson_iter_next(&it)) {
    std::string_view key = bson_iter_key(&it);
    if (!BSON_ITER_HOLDS_UTF8(&it)) continue;
    if (key == "db") ns.db = IterString(&it);
    if (key == "coll") ns.coll = IterString(&it);
  }
  return ns;
}

UpdateDescription ParseUpdateDescription(const bson_iter_t* field) {
  UpdateDescription d;
  bson_iter_t it;
  if (!bson_iter_recurse(field, &it)) return d;
  while (bson_iter_next(&it)) {
    std::string_view key = bson_iter_key(&it);
    if (key == "updatedFields") d.updated_fields = SubView(&it);
    if (key == "removedFields") d.removed_fields = SubView(&it);
    if (key == "truncatedArrays") d.truncated_arrays = SubView(&it);
    if (key == "disambiguatedPaths") d.disambiguated_paths = SubView(&it);
  }
  return d;
}

std::optional<SplitEvent> ParseSplitEvent(const bson_iter_t* field) {
  bson_iter_t it;
  if (!BSON_ITER_HOLDS_DOCUMENT(field) || !bson_iter_recurse(field, &it)) return std::nullopt;
  SplitEvent s;
  while (bson_iter_next(&it)) {
    std::string_view key = bson_iter_key(&it);
    if (!BSON_ITER_HOLDS_INT(&it)) continue;
    if (key == "fragment") s.fragment = static_cast<int32_t>(bson_iter_as_int64(&it));
    if (key == "of") s.of = static_cast<int32_t>(bson_iter_as_int64(&it));
  }
  return s;
}

}  // namespace

std::string_view OperationTypeName(OperationType t) {
  for (const auto& [type, name] : kOperationNames) {
    if (type == t) return name;
  }
  return "unknown";
}

OperationType ParseOperationType(std::string_view name) {
  for (const auto& [type, n] : kOperationNames) {
    if (n == name) return type;
  }
  return OperationType::kUnknown;
}

core::Result<ChangeEvent> ChangeEvent::Parse(BsonView raw) {
  bson_t doc = raw.AsBson();
  size_t err_offset = 0;
  if (raw.size() < 5 || !bson_validate(&doc, BSON_VALIDATE_NONE, &err_offset)) {
    return core::Status(core::ErrorCode::kDataLoss, "change event: malformed BSON at byte offset " +
                                                        std::to_string(err_offset) + " of " +
                                                        std::to_string(raw.size()));
  }
  return ParseValidated(raw);
}

core::Result<ChangeEvent> ChangeEvent::ParseValidated(BsonView raw) {
  ChangeEvent e;
  e.raw_ = raw;
  bson_iter_t it;
  raw.InitIter(&it);
  bool have_op = false;
  while (bson_iter_next(&it)) {
    std::string_view key = bson_iter_key(&it);
    switch (key.empty() ? '\0' : key[0]) {
      case '_':
        if (key == "_id") e.resume_token_ = SubView(&it);
        break;
      case 'o':
        if (key == "operationType" && BSON_ITER_HOLDS_UTF8(&it)) {
          e.operation_type_name_ = IterString(&it);
          e.operation_type_ = ParseOperationType(e.operation_type_name_);
          have_op = true;
        } else if (key == "operationDescription") {
          e.operation_description_ = SubView(&it);
        }
        break;
      case 'n':
        if (key == "ns") e.ns_ = ParseNamespace(&it);
        break;
      case 't':
        if (key == "to") {
          e.to_ = ParseNamespace(&it);
        } else if (key == "txnNumber" && BSON_ITER_HOLDS_INT(&it)) {
          e.txn_number_ = bson_iter_as_int64(&it);
        }
        break;
      case 'd':
        if (key == "documentKey") e.document_key_ = SubView(&it);
        break;
      case 'f':
        if (key == "fullDocument") {
          e.full_document_ = SubView(&it);
        } else if (key == "fullDocumentBeforeChange") {
          e.full_document_before_change_ = SubView(&it);
        }
        break;
      case 'u':
        if (key == "updateDescription" && BSON_ITER_HOLDS_DOCUMENT(&it)) {
          e.update_description_ = ParseUpdateDescription(&it);
        }
        break;
      case 'c':
        if (key == "clusterTime" && BSON_ITER_HOLDS_TIMESTAMP(&it)) {
          bson_iter_timestamp(&it, &e.cluster_time_.seconds, &e.cluster_time_.increment);
        } else if (key == "collectionUUID" && BSON_ITER_HOLDS_BINARY(&it)) {
          bson_subtype_t subtype;
          uint32_t len = 0;
          const uint8_t* data = nullptr;
          bson_iter_binary(&it, &subtype, &len, &data);
          e.collection_uuid_ = {reinterpret_cast<const char*>(data), len};
        }
        break;
      case 'w':
        if (key == "wallTime" && BSON_ITER_HOLDS_DATE_TIME(&it)) {
          e.wall_time_ms_ = bson_iter_date_time(&it);
        }
        break;
      case 'l':
        if (key == "lsid") e.lsid_ = SubView(&it);
        break;
      case 's':
        if (key == "splitEvent") e.split_event_ = ParseSplitEvent(&it);
        break;
      default:
        break;
    }
  }
  if (!e.resume_token_) {
    return core::InvalidArgument("change event: missing \"_id\" (the resume token)");
  }
  // Fragments after the first of a split event carry only the fields that did not fit before.
  const bool later_fragment = e.split_event_ && e.split_event_->fragment > 1;
  if (!have_op && !later_fragment) {
    return core::InvalidArgument("change event: missing or non-string \"operationType\"");
  }
  return e;
}

}  // namespace cdc
