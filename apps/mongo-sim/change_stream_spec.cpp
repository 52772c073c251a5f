#include "change_stream_spec.h"

#include <cstring>

#include "query_filter.h"

namespace mongosim {
namespace {

CommandError ParseResumeOption(const bson_iter_t& it, const char* name,
                               std::optional<ResumePosition>& out) {
  bson_t token;
  if (!BSON_ITER_HOLDS_DOCUMENT(&it) || !IterDocument(it, token))
    return TypeMismatch(std::string("$changeStream.") + name + " must be an object");
  core::Result<ResumePosition> pos = DecodeResumeToken(token);
  if (!pos.ok()) return Error(260, "InvalidResumeToken", pos.status().message());
  out = pos.value();
  return Ok();
}

}  // namespace

bool IsChangeStreamPipeline(const bson_t& pipeline) {
  bson_iter_t it;
  bson_t stage;
  if (!bson_iter_init(&it, &pipeline) || !bson_iter_next(&it) || !IterDocument(it, stage))
    return false;
  bson_iter_t s;
  return bson_iter_init(&s, &stage) && bson_iter_next(&s) &&
         std::strcmp(bson_iter_key(&s), "$changeStream") == 0;
}

CommandError ParseChangeStream(const bson_t& pipeline, const std::string& db,
                               const std::string& coll, ChangeStreamSpec& out) {
  out.db = db;
  out.coll = coll;
  bson_iter_t it;
  bson_iter_init(&it, &pipeline);
  bson_iter_next(&it);
  bson_t stage, opts;
  IterDocument(it, stage);
  bson_iter_t s;
  bson_iter_init(&s, &stage);
  bson_iter_next(&s);
  if (!BSON_ITER_HOLDS_DOCUMENT(&s) || !IterDocument(s, opts))
    return FailedToParse("the $changeStream stage specification must be an object");
  bool all_for_cluster = false;
  bson_iter_t o;
  bson_iter_init(&o, &opts);
  while (bson_iter_next(&o)) {
    const char* key = bson_iter_key(&o);
    if (std::strcmp(key, "fullDocument") == 0) {
      std::string v = BSON_ITER_HOLDS_UTF8(&o) ? bson_iter_utf8(&o, nullptr) : "";
      if (v == "default")
        out.full_document = FullDocumentMode::kDefault;
      else if (v == "updateLookup")
        out.full_document = FullDocumentMode::kUpdateLookup;
      else if (v == "whenAvailable")
        out.full_document = FullDocumentMode::kWhenAvailable;
      else if (v == "required")
        out.full_document = FullDocumentMode::kRequired;
      else
        return BadValue("unrecognized value for fullDocument: '" + v + "'");
    } else if (std::strcmp(key, "fullDocumentBeforeChange") == 0) {
      std::string v = BSON_ITER_HOLDS_UTF8(&o) ? bson_iter_utf8(&o, nullptr) : "";
      if (v == "off")
        out.before_change = BeforeChangeMode::kOff;
      else if (v == "whenAvailable")
        out.before_change = BeforeChangeMode::kWhenAvailable;
      else if (v == "required")
        out.before_change = BeforeChangeMode::kRequired;
      else
        return BadValue("unrecognized value for fullDocumentBeforeChange: '" + v + "'");
    } else if (std::strcmp(key, "resumeAfter") == 0) {
      CommandError e = ParseResumeOption(o, key, out.resume_after);
      if (!e.ok()) return e;
    } else if (std::strcmp(key, "startAfter") == 0) {
      CommandError e = ParseResumeOption(o, key, out.start_after);
      if (!e.ok()) return e;
    } else if (std::strcmp(key, "startAtOperationTime") == 0) {
      if (!BSON_ITER_HOLDS_TIMESTAMP(&o))
        return TypeMismatch("$changeStream.startAtOperationTime must be a Timestamp");
      Timestamp ts;
      bson_iter_timestamp(&o, &ts.t, &ts.i);
      out.start_at_operation_time = ts;
    } else if (std::strcmp(key, "allChangesForCluster") == 0) {
      all_for_cluster = bson_iter_as_bool(&o);
    } else if (std::strcmp(key, "showExpandedEvents") == 0) {
      out.show_expanded = bson_iter_as_bool(&o);
    } else {
      return Error(40415, "IDLUnknownField",
                   std::string("BSON field '$changeStream.") + key + "' is an unknown field.");
    }
  }
  int starts = int(out.resume_after.has_value()) + int(out.start_after.has_value()) +
               int(out.start_at_operation_time.has_value());
  if (starts > 1)
    return Error(40674, "Location40674",
                 "Only one type of resume option is allowed, but multiple were found.");
  if (all_for_cluster) {
    if (db != "admin" || !coll.empty())
      return Error(73, "InvalidNamespace",
                   "A $changeStream with 'allChangesForCluster:true' may only be opened on the "
                   "'admin' database, and with no collection name");
    out.scope = StreamScope::kCluster;
  } else if (coll.empty()) {
    if (db == "admin")
      return Error(73, "InvalidNamespace",
                   "$changeStream may not be opened on the internal admin database");
    out.scope = StreamScope::kDatabase;
  } else {
    out.scope = StreamScope::kCollection;
  }
  // The stages that follow.
  bool split_seen = false;
  while (bson_iter_next(&it)) {
    bson_t st;
    if (!IterDocument(it, st)) return FailedToParse("each pipeline stage must be an object");
    bson_iter_t k;
    bson_iter_init(&k, &st);
    bson_iter_next(&k);
    const char* name = bson_iter_key(&k);
    if (split_seen)
      return Error(7182802, "Location7182802",
                   "$changeStreamSplitLargeEvent must be the last stage in the pipeline");
    if (std::strcmp(name, "$match") == 0) {
      bson_t filter;
      if (!IterDocument(k, filter))
        return FailedToParse("the match filter must be an expression in an object");
      core::Status st_valid = ValidateFilter(filter);
      if (!st_valid.ok()) return BadValue(st_valid.message());
      out.match_filters.emplace_back(filter);
    } else if (std::strcmp(name, "$changeStreamSplitLargeEvent") == 0) {
      out.split_large_events = true;
      split_seen = true;
    } else {
      return Error(40324, "Location40324",
                   std::string("Unrecognized pipeline stage name: '") + name +
                       "' (mongo-sim supports $match and $changeStreamSplitLargeEvent after "
                       "$changeStream)");
    }
  }
  return Ok();
}

}  // namespace mongosim
