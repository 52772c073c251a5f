// ChangeEvent: a parsed, non-owning view over one change-stream event as MongoDB sent it (raw
// BSON). Parsing is one pass over the top-level fields; nothing is copied. Every accessor returns
// views into the event's bytes, which must outlive the ChangeEvent.
//
// Fields follow MongoDB's change-event reference. Unknown operation types are kept (type
// kUnknown, the raw name in operation_type_name()) and never dropped; the whole event stays
// available through raw() so writers can emit fields this class does not name.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "cdc/event/bson_view.h"
#include "core/status.h"

namespace cdc {

enum class OperationType {
  kInsert,
  kUpdate,
  kReplace,
  kDelete,
  kDrop,
  kRename,
  kDropDatabase,
  kInvalidate,
  // DDL events, only with showExpandedEvents.
  kCreate,
  kCreateIndexes,
  kDropIndexes,
  kModify,
  kShardCollection,
  kRefineCollectionShardKey,
  kReshardCollection,
  kUnknown,  // a type this build does not know: passed through, never dropped
};

// "insert", "update", ...; "unknown" for kUnknown.
std::string_view OperationTypeName(OperationType t);
OperationType ParseOperationType(std::string_view name);

// A BSON Timestamp: seconds since the epoch and an increment ordering operations within a second.
// Never folded into milliseconds (the reference implementation's corruption).
struct BsonTimestamp {
  uint32_t seconds = 0;
  uint32_t increment = 0;
  friend auto operator<=>(const BsonTimestamp&, const BsonTimestamp&) = default;
};

struct Namespace {
  std::string_view db;
  std::string_view coll;  // empty for database-level events (dropDatabase)
};

struct UpdateDescription {
  BsonView updated_fields;       // document: dotted path -> new value
  BsonView removed_fields;       // array of dotted paths
  BsonView truncated_arrays;     // array of {field, newSize}
  BsonView disambiguated_paths;  // document (showExpandedEvents); empty view when absent
};

// Present on the fragments of an event split by $changeStreamSplitLargeEvent.
struct SplitEvent {
  int32_t fragment = 0;  // 1-based
  int32_t of = 0;
};

class ChangeEvent {
 public:
  // Parses the top level of `raw`. Fails (DataLoss) on malformed BSON, and (InvalidArgument) when
  // `_id` (the resume token) or `operationType` is missing, naming the field.
  static core::Result<ChangeEvent> Parse(BsonView raw);
  // Parse() without the BSON validation: only for bytes that Parse() already accepted (e.g. an
  // event copied into a batch by the reader). Validation walks the whole document and checks
  // every string's UTF-8, which costs more than the rest of the parse; do it once per event.
  static core::Result<ChangeEvent> ParseValidated(BsonView raw);

  BsonView raw() const { return raw_; }
  BsonView resume_token() const { return resume_token_; }  // the event's `_id`
  OperationType operation_type() const { return operation_type_; }
  std::string_view operation_type_name() const { return operation_type_name_; }
  const std::optional<Namespace>& ns() const { return ns_; }
  const std::optional<Namespace>& to() const { return to_; }  // rename target
  BsonView document_key() const { return document_key_; }
  // Empty views when absent or null.
  BsonView full_document() const { return full_document_; }
  BsonView full_document_before_change() const { return full_document_before_change_; }
  const std::optional<UpdateDescription>& update_description() const { return update_description_; }
  BsonView operation_description() const { return operation_description_; }  // DDL events
  BsonTimestamp cluster_time() const { return cluster_time_; }
  // Milliseconds since the epoch (MongoDB 6.0+ sends wallTime).
  std::optional<int64_t> wall_time_ms() const { return wall_time_ms_; }
  std::optional<int64_t> txn_number() const { return txn_number_; }
  BsonView lsid() const { return lsid_; }
  // The 16 bytes of collectionUUID (showExpandedEvents), empty when absent.
  std::string_view collection_uuid() const { return collection_uuid_; }
  const std::optional<SplitEvent>& split_event() const { return split_event_; }

 private:
  BsonView raw_;
  BsonView resume_token_;
  OperationType operation_type_ = OperationType::kUnknown;
  std::string_view operation_type_name_;
  std::optional<Namespace> ns_;
  std::optional<Namespace> to_;
  BsonView document_key_;
  BsonView full_document_;
  BsonView full_document_before_change_;
  std::optional<UpdateDescription> update_description_;
  BsonView operation_description_;
  BsonTimestamp cluster_time_;
  std::optional<int64_t> wall_time_ms_;
  std::optional<int64_t> txn_number_;
  BsonView lsid_;
  std::string_view collection_uuid_;
  std::optional<SplitEvent> split_event_;
};

}  // namespace cdc
