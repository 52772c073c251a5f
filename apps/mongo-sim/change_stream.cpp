#include "change_stream.h"

#include <cstring>
#include <tuple>

#include "query_filter.h"

namespace mongosim {
namespace {

auto Key(const ResumePosition& p) {
  return std::make_tuple(p.seq, p.kind, p.fragment);
}
bool After(const ResumePosition& a, const ResumePosition& b) {
  return Key(a) > Key(b);
}

bool IsInternalDb(const std::string& db) {
  return db == "admin" || db == "config" || db == "local";
}

void AppendNs(bson_t& event, const char* key, const std::string& db, const std::string& coll) {
  bson_t ns;
  bson_append_document_begin(&event, key, -1, &ns);
  bson_append_utf8(&ns, "db", 2, db.data(), int(db.size()));
  if (!coll.empty()) bson_append_utf8(&ns, "coll", 4, coll.data(), int(coll.size()));
  bson_append_document_end(&event, &ns);
}

void AppendDoc(bson_t& event, const char* key, const DocPtr& doc) {
  if (!doc) {
    bson_append_null(&event, key, -1);
    return;
  }
  bson_t view = doc->View();
  bson_append_document(&event, key, -1, &view);
}

CommandError HistoryLost() {
  return Error(286, "ChangeStreamHistoryLost",
               "Resume of change stream was not possible, as the resume point may no longer be in "
               "the oplog.");
}

// A token names an oplog entry by sequence number and cluster time; both must agree with this
// oplog, or the token came from another deployment (or a restarted simulator).
CommandError CheckTokenKnown(const Oplog& oplog, const ResumePosition& p) {
  bool known = p.seq <= oplog.LastSeq();
  if (known && p.kind != TokenKind::kHighWaterMark && p.seq >= oplog.FirstRetainedSeq()) {
    const EntryPtr* e = oplog.At(p.seq);
    known = e != nullptr && (*e)->ts == p.ts;
  }
  if (known) return Ok();
  return Error(280, "ChangeStreamFatalError",
               "cannot resume stream; the resume token was not found. " + EncodeTokenData(p));
}

}  // namespace

CommandError ChangeStream::Open(const Oplog& oplog) {
  for (const auto* token : {&spec_.resume_after, &spec_.start_after}) {
    if (token->has_value()) {
      CommandError e = CheckTokenKnown(oplog, **token);
      if (!e.ok()) return e;
    }
  }
  if (spec_.resume_after) {
    const ResumePosition& p = *spec_.resume_after;
    if (p.kind == TokenKind::kInvalidate)
      return Error(260, "InvalidResumeToken",
                   "Attempting to resume a change stream using 'resumeAfter' is not allowed from "
                   "an invalidate notification.");
    if (oplog.FirstRetainedSeq() > p.seq + 1) return HistoryLost();
    position_ = p;
  } else if (spec_.start_after) {
    const ResumePosition& p = *spec_.start_after;
    if (oplog.FirstRetainedSeq() > p.seq + 1) return HistoryLost();
    position_ = p;
    if (p.kind == TokenKind::kInvalidate) position_.kind = TokenKind::kHighWaterMark;
  } else if (spec_.start_at_operation_time) {
    Timestamp t = *spec_.start_at_operation_time;
    Timestamp cut = oplog.TruncatedThrough();
    if (cut != Timestamp{} && cut >= t) return HistoryLost();
    position_ = {t, oplog.FirstAtOrAfter(t) - 1, TokenKind::kHighWaterMark, 0};
  } else {
    Timestamp now = oplog.LastSeq() > 0 ? oplog.LastTimestamp() : oplog.Now();
    position_ = {now, oplog.LastSeq(), TokenKind::kHighWaterMark, 0};
  }
  return Ok();
}

bool ChangeStream::InScope(const OplogEntry& e) const {
  if (e.coll.compare(0, 7, "system.") == 0) return false;
  switch (spec_.scope) {
    case StreamScope::kCluster:
      return !IsInternalDb(e.db);
    case StreamScope::kDatabase:
      return e.db == spec_.db;
    case StreamScope::kCollection:
      return e.db == spec_.db && (e.coll == spec_.coll || e.op == OpType::kDropDatabase);
  }
  return false;
}

bool ChangeStream::Invalidates(const OplogEntry& e) const {
  switch (spec_.scope) {
    case StreamScope::kCluster:
      return false;
    case StreamScope::kDatabase:
      return e.op == OpType::kDropDatabase && e.db == spec_.db;
    case StreamScope::kCollection:
      return e.db == spec_.db &&
             (e.op == OpType::kDropDatabase ||
              (e.coll == spec_.coll && (e.op == OpType::kDrop || e.op == OpType::kRename)));
  }
  return false;
}

bool ChangeStream::PassesMatch(const bson_t& event) const {
  for (const Document& f : spec_.match_filters) {
    bson_t filter = f.View();
    if (!Matches(filter, event)) return false;
  }
  return true;
}

bool ChangeStream::Visible(const OplogEntry& e) const {
  bool expanded_only = e.op == OpType::kCreate || e.op == OpType::kCreateIndexes ||
                       e.op == OpType::kDropIndexes || e.op == OpType::kModify;
  return !((expanded_only && !spec_.show_expanded) ||
           (spec_.scope == StreamScope::kCollection && e.op == OpType::kDropDatabase));
}

CommandError ChangeStream::RenderEvent(const OplogEntry& e, Catalog& catalog, bson_t& event) {
  bool expanded_only = e.op == OpType::kCreate || e.op == OpType::kCreateIndexes ||
                       e.op == OpType::kDropIndexes || e.op == OpType::kModify;
  AppendResumeToken(event, "_id", {e.ts, e.seq, TokenKind::kEvent, 0});
  const char* op_name = OperationTypeName(e.op);
  bson_append_utf8(&event, "operationType", 13, op_name, -1);
  bson_append_timestamp(&event, "clusterTime", 11, e.ts.t, e.ts.i);
  bson_append_date_time(&event, "wallTime", 8, e.wall_ms);
  if (spec_.show_expanded && e.op != OpType::kDropDatabase && e.uuid.size() == 16)
    bson_append_binary(&event, "collectionUUID", 14, BSON_SUBTYPE_UUID,
                       reinterpret_cast<const uint8_t*>(e.uuid.data()), 16);
  if (e.in_transaction && e.lsid) {
    AppendDoc(event, "lsid", e.lsid);
    bson_append_int64(&event, "txnNumber", 9, e.txn_number);
  }
  bool has_post = e.op == OpType::kInsert || e.op == OpType::kReplace;
  if (has_post) AppendDoc(event, "fullDocument", e.post_image);
  AppendNs(event, "ns", e.db, e.coll);
  if (e.document_key) AppendDoc(event, "documentKey", e.document_key);

  if (e.op == OpType::kUpdate) {
    bson_t post = e.post_image ? e.post_image->View() : bson_t{};
    if (e.post_image) {
      AppendUpdateDescription(event, "updateDescription", e.update, post, spec_.show_expanded);
    }
    switch (spec_.full_document) {
      case FullDocumentMode::kDefault:
        break;
      case FullDocumentMode::kUpdateLookup: {
        Collection* c = catalog.Find(e.db, e.coll);
        DocPtr current;
        if (c != nullptr && e.document_key) {
          bson_t key = e.document_key->View();
          auto found = c->docs.find(IdKey(key));
          if (found != c->docs.end()) current = found->second;
        }
        AppendDoc(event, "fullDocument", current);
        break;
      }
      case FullDocumentMode::kWhenAvailable:
        AppendDoc(event, "fullDocument", e.images_enabled ? e.post_image : nullptr);
        break;
      case FullDocumentMode::kRequired:
        if (!e.images_enabled)
          return Error(47, "NoMatchingDocument",
                       "Change stream was configured to require a post-image for all update, "
                       "delete and replace events, but the post-image was not found for event "
                       "on " +
                           e.db + "." + e.coll +
                           " (enable changeStreamPreAndPostImages on the collection)");
        AppendDoc(event, "fullDocument", e.post_image);
        break;
    }
  }
  bool has_pre = e.op == OpType::kUpdate || e.op == OpType::kReplace || e.op == OpType::kDelete;
  if (has_pre && spec_.before_change != BeforeChangeMode::kOff) {
    bool available = e.images_enabled && e.pre_image;
    if (!available && spec_.before_change == BeforeChangeMode::kRequired)
      return Error(47, "NoMatchingDocument",
                   "Change stream was configured to require a pre-image for all update, delete "
                   "and replace events, but the pre-image was not found for event on " +
                       e.db + "." + e.coll +
                       " (enable changeStreamPreAndPostImages on the collection)");
    AppendDoc(event, "fullDocumentBeforeChange", available ? e.pre_image : nullptr);
  }
  if (e.op == OpType::kRename) {
    AppendNs(event, "to", e.to_db, e.to_coll);
    if (spec_.show_expanded) {
      bson_t desc;
      bson_append_document_begin(&event, "operationDescription", -1, &desc);
      AppendNs(desc, "to", e.to_db, e.to_coll);
      bson_append_document_end(&event, &desc);
    }
  }
  if (expanded_only && e.operation_description) {
    AppendDoc(event, "operationDescription", e.operation_description);
    if (e.op == OpType::kCreate) bson_append_utf8(&event, "nsType", 6, "collection", 10);
  }
  return Ok();
}

namespace {

// Splits `event` into fragments of at most kMaxEventBytes, as $changeStreamSplitLargeEvent does.
CommandError SplitEvent(const bson_t& event, const ResumePosition& pos,
                        std::vector<std::string>& fragments) {
  // Each top-level field (but _id) as its own one-field document, grouped greedily.
  std::vector<std::vector<std::string>> groups(1);
  const uint32_t overhead = 200;  // _id, splitEvent and the document framing
  uint32_t size = overhead;
  bson_iter_t it;
  bson_iter_init(&it, &event);
  while (bson_iter_next(&it)) {
    if (std::strcmp(bson_iter_key(&it), "_id") == 0) continue;
    bson_t one = BSON_INITIALIZER;
    bson_append_iter(&one, nullptr, 0, &it);
    uint32_t len = one.len - 5;
    std::string bytes(reinterpret_cast<const char*>(bson_get_data(&one)), one.len);
    bson_destroy(&one);
    if (len + overhead > kMaxEventBytes)
      return Error(10334, "BSONObjectTooLarge",
                   "a single field of the change event is larger than 16MB and cannot be split");
    if (size + len > kMaxEventBytes) {
      groups.emplace_back();
      size = overhead;
    }
    groups.back().push_back(std::move(bytes));
    size += len;
  }
  for (size_t g = 0; g < groups.size(); ++g) {
    bson_t frag;
    bson_init(&frag);
    ResumePosition p = pos;
    p.fragment = static_cast<uint16_t>(g + 1);
    AppendResumeToken(frag, "_id", p);
    for (const std::string& field : groups[g]) {
      bson_t one;
      bson_init_static(&one, reinterpret_cast<const uint8_t*>(field.data()), field.size());
      bson_concat(&frag, &one);
    }
    bson_t split;
    bson_append_document_begin(&frag, "splitEvent", -1, &split);
    bson_append_int32(&split, "fragment", -1, int32_t(g + 1));
    bson_append_int32(&split, "of", -1, int32_t(groups.size()));
    bson_append_document_end(&frag, &split);
    fragments.emplace_back(reinterpret_cast<const char*>(bson_get_data(&frag)), frag.len);
    bson_destroy(&frag);
  }
  return Ok();
}

void AppendToBatch(bson_t& batch, uint32_t& next_index, const bson_t& doc) {
  char buf[16];
  const char* key = nullptr;
  size_t len = bson_uint32_to_string(next_index++, &key, buf, sizeof buf);
  bson_append_document(&batch, key, int(len), &doc);
}

}  // namespace

CommandError ChangeStream::Scan(const Oplog& oplog, Catalog& catalog, bson_t& batch,
                                uint32_t& next_index, size_t max_events, size_t max_bytes,
                                size_t& appended) {
  appended = 0;
  if (finished_) return Ok();
  uint64_t s = position_.kind == TokenKind::kHighWaterMark ? position_.seq + 1 : position_.seq;
  if (s < oplog.FirstRetainedSeq() && s <= oplog.LastSeq()) return HistoryLost();
  bson_t event = BSON_INITIALIZER;
  size_t bytes = 0;
  CommandError result;
  for (; s <= oplog.LastSeq() && appended < max_events; ++s) {
    const OplogEntry& e = **oplog.At(s);
    bool emitted = false;
    if (InScope(e)) {
      ResumePosition main{e.ts, s, TokenKind::kEvent, 0};
      bool again =
          position_.seq == s && position_.kind == TokenKind::kEvent && position_.fragment > 0;
      size_t estimate = 1024 + 2 * ((e.post_image ? e.post_image->size() : 0) +
                                    (e.pre_image ? e.pre_image->size() : 0));
      if ((After(main, position_) || again) && Visible(e) && spec_.match_filters.empty() &&
          !again && estimate < kMaxEventBytes / 2) {
        // Fast path: render straight into the batch (no filter can reject it, it cannot need
        // splitting).
        if (appended > 0 && bytes + estimate > max_bytes) break;
        char buf[16];
        const char* key = nullptr;
        size_t key_len = bson_uint32_to_string(next_index, &key, buf, sizeof buf);
        uint32_t before = batch.len;
        bson_t child;
        bson_append_document_begin(&batch, key, int(key_len), &child);
        result = RenderEvent(e, catalog, child);
        bson_append_document_end(&batch, &child);
        if (!result.ok()) break;
        ++next_index;
        bytes += batch.len - before;
        ++appended;
        position_ = main;
        emitted = true;
      } else if ((After(main, position_) || again) && Visible(e)) {
        bson_reinit(&event);
        result = RenderEvent(e, catalog, event);
        if (!result.ok()) break;
        if (PassesMatch(event)) {
          if (event.len > kMaxEventBytes) {
            if (!spec_.split_large_events) {
              result = Error(10334, "BSONObjectTooLarge",
                             "BSONObj size: " + std::to_string(event.len) +
                                 " is invalid. Size must be between 0 and 16793600(16MB). Add "
                                 "$changeStreamSplitLargeEvent to the pipeline to split it.");
              break;
            }
            std::vector<std::string> fragments;
            result = SplitEvent(event, main, fragments);
            if (!result.ok()) break;
            bool stopped = false;
            for (size_t f = 0; f < fragments.size(); ++f) {
              ResumePosition fp = main;
              fp.fragment = uint16_t(f + 1);
              if (!After(fp, position_)) continue;
              if (appended > 0 &&
                  (bytes + fragments[f].size() > max_bytes || appended >= max_events)) {
                stopped = true;
                break;
              }
              bson_t frag;
              bson_init_static(&frag, reinterpret_cast<const uint8_t*>(fragments[f].data()),
                               fragments[f].size());
              AppendToBatch(batch, next_index, frag);
              bytes += fragments[f].size();
              ++appended;
              position_ = fp;
              emitted = true;
            }
            if (stopped) break;
          } else {
            if (appended > 0 && bytes + event.len > max_bytes) break;
            AppendToBatch(batch, next_index, event);
            bytes += event.len;
            ++appended;
            position_ = main;
            emitted = true;
          }
        }
      }
      if (Invalidates(e)) {
        ResumePosition inv{e.ts, s, TokenKind::kInvalidate, 0};
        if (After(inv, position_)) {
          bson_reinit(&event);
          AppendResumeToken(event, "_id", inv);
          bson_append_utf8(&event, "operationType", 13, "invalidate", 10);
          bson_append_timestamp(&event, "clusterTime", 11, e.ts.t, e.ts.i);
          bson_append_date_time(&event, "wallTime", 8, e.wall_ms);
          AppendToBatch(batch, next_index, event);
          ++appended;
          position_ = inv;
          finished_ = true;
          break;
        }
      }
    }
    if (!emitted) position_ = {e.ts, s, TokenKind::kHighWaterMark, 0};
  }
  bson_destroy(&event);
  return result;
}

}  // namespace mongosim
