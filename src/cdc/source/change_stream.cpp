#include "cdc/source/change_stream.h"

#include <string>
#include <utility>

namespace cdc {

core::Status BuildWatchArguments(const ChangeStreamOptions& options, const StartPosition& start,
                                 bson_t* pipeline, bson_t* opts) {
  bson_t stages;
  bson_append_array_begin(pipeline, "pipeline", 8, &stages);
  uint32_t index = 0;
  if (!options.pipeline_json.empty()) {
    bson_error_t err;
    // Wrap so that a top-level JSON array parses as a document field.
    const std::string wrapped = "{\"p\":" + options.pipeline_json + "}";
    bson_t* parsed = bson_new_from_json(reinterpret_cast<const uint8_t*>(wrapped.data()),
                                        static_cast<ssize_t>(wrapped.size()), &err);
    bson_iter_t it;
    bson_iter_t stage;
    if (parsed == nullptr || !bson_iter_init_find(&it, parsed, "p") ||
        !BSON_ITER_HOLDS_ARRAY(&it) || !bson_iter_recurse(&it, &stage)) {
      std::string why = parsed == nullptr ? err.message : "not a JSON array";
      if (parsed != nullptr) bson_destroy(parsed);
      bson_append_array_end(pipeline, &stages);
      return core::InvalidArgument("invalid change-stream pipeline \"" + options.pipeline_json +
                                   "\": " + why + "; expected a JSON array of stages such as " +
                                   "[{\"$match\": {\"operationType\": \"insert\"}}]");
    }
    while (bson_iter_next(&stage)) {
      if (!BSON_ITER_HOLDS_DOCUMENT(&stage)) {
        bson_destroy(parsed);
        bson_append_array_end(pipeline, &stages);
        return core::InvalidArgument("invalid change-stream pipeline \"" + options.pipeline_json +
                                     "\": stage " + std::to_string(index) + " is not a document");
      }
      const std::string key = std::to_string(index++);
      bson_append_iter(&stages, key.c_str(), static_cast<int>(key.size()), &stage);
    }
    bson_destroy(parsed);
  }
  if (options.split_large_events) {
    const std::string key = std::to_string(index++);
    bson_t stage;
    bson_t empty;
    bson_append_document_begin(&stages, key.c_str(), static_cast<int>(key.size()), &stage);
    bson_append_document_begin(&stage, "$changeStreamSplitLargeEvent", -1, &empty);
    bson_append_document_end(&stage, &empty);
    bson_append_document_end(&stages, &stage);
  }
  bson_append_array_end(pipeline, &stages);

  if (options.full_document != FullDocumentMode::kDefault) {
    const std::string_view m = FullDocumentModeName(options.full_document);
    bson_append_utf8(opts, "fullDocument", -1, m.data(), static_cast<int>(m.size()));
  }
  if (options.full_document_before_change != PreImageMode::kOff) {
    const std::string_view m = PreImageModeName(options.full_document_before_change);
    bson_append_utf8(opts, "fullDocumentBeforeChange", -1, m.data(), static_cast<int>(m.size()));
  }
  if (options.show_expanded_events) {
#if MONGOC_CHECK_VERSION(1, 24, 0)
    bson_append_bool(opts, "showExpandedEvents", -1, true);
#else
    // libmongoc 1.23 copies fullDocument and fullDocumentBeforeChange into the $changeStream stage
    // but passes any other watch option (showExpandedEvents too) as a top-level field of the
    // aggregate command, where MongoDB does not read it: the stream would silently lack DDL
    // events. Refuse rather than pretend.
    return core::Status(core::ErrorCode::kUnimplemented,
                        "show_expanded_events needs libmongoc 1.24 or later; this build uses "
                        "libmongoc " MONGOC_VERSION_S
                        ", which sends showExpandedEvents outside the $changeStream stage");
#endif
  }
  if (options.batch_size > 0) bson_append_int32(opts, "batchSize", -1, options.batch_size);
  if (options.max_await_time_ms > 0) {
    bson_append_int64(opts, "maxAwaitTimeMS", -1, options.max_await_time_ms);
  }
  switch (start.kind) {
    case StartPosition::Kind::kNow:
      break;
    case StartPosition::Kind::kResumeAfter:
      bson_append_document(opts, "resumeAfter", -1, start.token.get());
      break;
    case StartPosition::Kind::kStartAfter:
      bson_append_document(opts, "startAfter", -1, start.token.get());
      break;
    case StartPosition::Kind::kStartAtOperationTime:
      bson_append_timestamp(opts, "startAtOperationTime", -1, start.time.seconds,
                            start.time.increment);
      break;
  }
  return core::Status::Ok();
}

core::Result<std::unique_ptr<ChangeStream>> ChangeStream::Open(mongoc_client_t* client,
                                                               const StreamTarget& target,
                                                               const ChangeStreamOptions& options,
                                                               const StartPosition& start) {
  bson_t pipeline = BSON_INITIALIZER;
  bson_t opts = BSON_INITIALIZER;
  core::Status built = BuildWatchArguments(options, start, &pipeline, &opts);
  if (!built.ok()) {
    bson_destroy(&pipeline);
    bson_destroy(&opts);
    return built;
  }
  mongoc_change_stream_t* raw = nullptr;
  switch (target.level) {
    case WatchLevel::kCollection: {
      mongoc_collection_t* coll =
          mongoc_client_get_collection(client, target.db.c_str(), target.coll.c_str());
      raw = mongoc_collection_watch(coll, &pipeline, &opts);
      mongoc_collection_destroy(coll);
      break;
    }
    case WatchLevel::kDatabase: {
      mongoc_database_t* db = mongoc_client_get_database(client, target.db.c_str());
      raw = mongoc_database_watch(db, &pipeline, &opts);
      mongoc_database_destroy(db);
      break;
    }
    case WatchLevel::kDeployment:
      raw = mongoc_client_watch(client, &pipeline, &opts);
      break;
  }
  bson_destroy(&pipeline);
  bson_destroy(&opts);
  std::unique_ptr<ChangeStream> stream(new ChangeStream(raw));
  core::Status st = stream->CheckError();
  if (!st.ok()) return st.WithContext("open change stream on " + target.Name());
  if (const bson_t* token = mongoc_change_stream_get_resume_token(raw)) {
    stream->SaveToken(BsonView::Of(token));
  }
  return stream;
}

ChangeStream::~ChangeStream() {
  mongoc_change_stream_destroy(stream_);
}

core::Status ChangeStream::CheckError() {
  bson_error_t error;
  const bson_t* reply = nullptr;
  if (!mongoc_change_stream_error_document(stream_, &error, &reply)) {
    last_error_ = {};
    return core::Status::Ok();
  }
  last_error_ = ClassifyMongoError(error, reply);
  return last_error_.status;
}

core::Result<std::optional<ChangeEvent>> ChangeStream::Next() {
  while (true) {
    const bson_t* doc = nullptr;
    if (!mongoc_change_stream_next(stream_, &doc)) {
      CORE_RETURN_IF_ERROR(CheckError());
      // No event within maxAwaitTimeMS: the postBatchResumeToken (or last event) is the
      // position, unless a split event is half received.
      if (!assembler_.in_progress()) {
        if (const bson_t* token = mongoc_change_stream_get_resume_token(stream_)) {
          SaveToken(BsonView::Of(token));
        }
      }
      return std::optional<ChangeEvent>();
    }
    CORE_ASSIGN_OR_RETURN(ChangeEvent event, ChangeEvent::Parse(BsonView::Of(doc)));
    if (event.split_event()) {
      CORE_ASSIGN_OR_RETURN(bool complete, assembler_.Add(event));
      if (!complete) continue;
      assembled_ = assembler_.TakeEvent();
      CORE_ASSIGN_OR_RETURN(event, ChangeEvent::Parse(BsonView::Of(assembled_.get())));
    }
    SaveToken(event.resume_token());
    return std::optional<ChangeEvent>(event);
  }
}

}  // namespace cdc
