// Test harness for driving cdc::ChangeStreamReader against mongo-sim (or MONGODB_TEST_URI):
// a libmongoc client for writes and commands (MongoWriter), a sink that records what the reader
// delivers (RecordingSink), and a reader running on its own thread (ReaderThread).
//
// Header-only: used by tests/integration/change_stream_source_test.cpp.
#pragma once

#include <bson/bson.h>
#include <gtest/gtest.h>
#include <mongoc/mongoc.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "cdc/event/bson_ptr.h"
#include "cdc/event/change_event.h"
#include "cdc/source/change_event_sink.h"
#include "cdc/source/change_stream_options.h"
#include "cdc/source/change_stream_reader.h"
#include "cdc/source/mongo_client_pool.h"
#include "core/status.h"

namespace change_stream_harness {

using namespace std::chrono_literals;

// Liveness bound for anything a test waits for: generous, never a performance assertion.
inline constexpr std::chrono::seconds kPatience{30};

inline std::string WithOptions(std::string uri, const std::string& opts) {
  uri += (uri.find('?') == std::string::npos ? "?" : "&") + opts;
  return uri;
}

// Relaxed Extended JSON of a document, for assertion messages.
inline std::string Json(const bson_t* doc) {
  if (doc == nullptr) return "(null)";
  char* s = bson_as_relaxed_extended_json(doc, nullptr);
  std::string out = s != nullptr ? s : "(invalid)";
  bson_free(s);
  return out;
}
inline std::string Json(cdc::BsonView view) {
  if (!view) return "(absent)";
  bson_t b = view.AsBson();
  return Json(&b);
}

// Parses relaxed Extended JSON; fails the test on bad JSON.
inline cdc::BsonPtr Doc(const std::string& json) {
  bson_error_t error;
  bson_t* b = bson_new_from_json(reinterpret_cast<const uint8_t*>(json.data()),
                                 static_cast<ssize_t>(json.size()), &error);
  EXPECT_NE(b, nullptr) << "bad test JSON " << json << ": " << error.message;
  return cdc::BsonPtr(b != nullptr ? b : bson_new());
}

// The value at a dotted path of `doc`, as relaxed JSON of {"v": value}; "" when absent.
inline std::string ValueAt(cdc::BsonView doc, const char* path) {
  bson_iter_t it;
  bson_iter_t found;
  if (!doc || !doc.InitIter(&it) || !bson_iter_find_descendant(&it, path, &found)) return "";
  bson_t out = BSON_INITIALIZER;
  bson_append_value(&out, "v", 1, bson_iter_value(&found));
  std::string s = Json(&out);
  bson_destroy(&out);
  return s;
}

// The int32/int64 at a dotted path, or nullopt.
inline std::optional<int64_t> IntAt(cdc::BsonView doc, const char* path) {
  bson_iter_t it;
  bson_iter_t found;
  if (!doc || !doc.InitIter(&it) || !bson_iter_find_descendant(&it, path, &found) ||
      !BSON_ITER_HOLDS_NUMBER(&found)) {
    return std::nullopt;
  }
  return bson_iter_as_int64(&found);
}

// A resume token's `_data` string ("" when absent).
inline std::string TokenData(cdc::BsonView token) {
  bson_iter_t it;
  if (!token || !token.InitIter(&it) || !bson_iter_find(&it, "_data") ||
      !BSON_ITER_HOLDS_UTF8(&it)) {
    return "";
  }
  return bson_iter_utf8(&it, nullptr);
}

inline cdc::BsonView ViewOf(const std::string& bytes) {
  return {reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()};
}

inline cdc::StartPosition ResumeAfter(const std::string& token_bytes) {
  bson_t t = ViewOf(token_bytes).AsBson();
  return cdc::StartPosition::ResumeAfter(&t);
}
inline cdc::StartPosition StartAfter(const std::string& token_bytes) {
  bson_t t = ViewOf(token_bytes).AsBson();
  return cdc::StartPosition::StartAfter(&t);
}

// A libmongoc client for the test's own writes and commands. Use from the test thread only.
class MongoWriter {
 public:
  explicit MongoWriter(const std::string& uri) {
    const std::string full =
        WithOptions(uri, "serverSelectionTryOnce=false&serverSelectionTimeoutMS=15000");
    bson_error_t error;
    mongoc_uri_t* parsed = mongoc_uri_new_with_error(full.c_str(), &error);
    EXPECT_NE(parsed, nullptr) << error.message;
    client_ = mongoc_client_new_from_uri(parsed);
    mongoc_client_set_error_api(client_, MONGOC_ERROR_API_VERSION_2);
    mongoc_uri_destroy(parsed);
  }
  ~MongoWriter() { mongoc_client_destroy(client_); }
  MongoWriter(const MongoWriter&) = delete;
  MongoWriter& operator=(const MongoWriter&) = delete;

  mongoc_client_t* client() const { return client_; }

  // Runs `cmd` on `db`; returns the reply, or the error text (with the server reply).
  core::Result<cdc::BsonPtr> Command(const std::string& db, const bson_t* cmd) {
    bson_t reply;
    bson_error_t error;
    const bool ok = mongoc_client_command_simple(client_, db.c_str(), cmd, nullptr, &reply, &error);
    cdc::BsonPtr out(bson_copy(&reply));
    bson_destroy(&reply);
    if (!ok) {
      return core::Internal("command " + Json(cmd) + " failed: " + error.message +
                            " reply: " + Json(out.get()));
    }
    return out;
  }
  core::Result<cdc::BsonPtr> Command(const std::string& db, const std::string& json) {
    cdc::BsonPtr cmd = Doc(json);
    return Command(db, cmd.get());
  }

  // Runs a command that must succeed; returns its operationTime (the write's cluster time).
  cdc::BsonTimestamp MustRun(const std::string& db, const bson_t* cmd) {
    auto reply = Command(db, cmd);
    EXPECT_TRUE(reply.ok()) << reply.status().message();
    if (!reply.ok()) return {};
    bson_iter_t it;
    EXPECT_TRUE(bson_iter_init_find(&it, reply.value().get(), "writeErrors") == false)
        << Json(reply.value().get());
    cdc::BsonTimestamp t;
    if (bson_iter_init_find(&it, reply.value().get(), "operationTime") &&
        BSON_ITER_HOLDS_TIMESTAMP(&it)) {
      bson_iter_timestamp(&it, &t.seconds, &t.increment);
    }
    return t;
  }
  cdc::BsonTimestamp MustRun(const std::string& db, const std::string& json) {
    cdc::BsonPtr cmd = Doc(json);
    return MustRun(db, cmd.get());
  }

  cdc::BsonTimestamp Insert(const std::string& db, const std::string& coll,
                            const std::string& doc_json) {
    return MustRun(db, R"({"insert": ")" + coll + R"(", "documents": [)" + doc_json + "]}");
  }
  cdc::BsonTimestamp Update(const std::string& db, const std::string& coll,
                            const std::string& filter, const std::string& update) {
    return MustRun(db, R"({"update": ")" + coll + R"(", "updates": [{"q": )" + filter +
                           R"(, "u": )" + update + "}]}");
  }
  cdc::BsonTimestamp Delete(const std::string& db, const std::string& coll,
                            const std::string& filter) {
    return MustRun(
        db, R"({"delete": ")" + coll + R"(", "deletes": [{"q": )" + filter + R"(, "limit": 1}]})");
  }
  // Creates `coll` with changeStreamPreAndPostImages enabled.
  void CreateWithImages(const std::string& db, const std::string& coll) {
    MustRun(db,
            R"({"create": ")" + coll + R"(", "changeStreamPreAndPostImages": {"enabled": true}})");
  }
  void DropDatabase(const std::string& db) {
    auto reply = Command(db, R"({"dropDatabase": 1})");
    EXPECT_TRUE(reply.ok()) << reply.status().message();
  }

  // Configures the failCommand fail point for commands of the client named `app_name` only.
  // `data_json` holds the other `data` fields, e.g. "\"errorCode\": 2".
  void FailCommands(const std::string& app_name, const std::string& commands_json,
                    const std::string& mode_json, const std::string& data_json) {
    MustRun("admin", R"({"configureFailPoint": "failCommand", "mode": )" + mode_json +
                         R"(, "data": {"failCommands": )" + commands_json + R"(, "appName": ")" +
                         app_name + "\", " + data_json + "}}");
  }
  void FailPointOff() {
    auto reply = Command("admin", R"({"configureFailPoint": "failCommand", "mode": "off"})");
    EXPECT_TRUE(reply.ok()) << reply.status().message();
  }

 private:
  mongoc_client_t* client_ = nullptr;
};

// Records every delivery of a ChangeStreamReader. Thread-safe: the reader calls it on its thread
// while the test inspects it.
class RecordingSink : public cdc::ChangeEventSink {
 public:
  core::Status OnEvent(const cdc::StreamTarget& /*target*/, const cdc::ChangeEvent& e) override {
    std::unique_lock lock(mu_);
    events_.emplace_back(e.raw().bytes());
    tokens_.emplace_back(e.resume_token().bytes());
    cv_.notify_all();
    if (pause_after_ && events_.size() == *pause_after_) {
      cv_.wait(lock, [&] { return released_; });
    }
    if (fail_after_ && events_.size() == *fail_after_) {
      return core::Internal("test sink refused event " + std::to_string(events_.size()));
    }
    return core::Status::Ok();
  }
  core::Status OnQuiet(const cdc::StreamTarget& /*target*/, cdc::BsonView token) override {
    std::lock_guard lock(mu_);
    quiet_tokens_.emplace_back(token.bytes());
    cv_.notify_all();
    return core::Status::Ok();
  }
  void OnHistoryLost(const cdc::StreamTarget& /*target*/) override {
    std::lock_guard lock(mu_);
    ++history_lost_;
    cv_.notify_all();
  }

  // OnEvent returns an error after the n-th event (a consumer crash).
  void FailAfter(size_t n) {
    std::lock_guard lock(mu_);
    fail_after_ = n;
  }
  // OnEvent blocks after the n-th event until Release() (backpressure, or a point to act at).
  void PauseAfter(size_t n) {
    std::lock_guard lock(mu_);
    pause_after_ = n;
    released_ = false;
  }
  void Release() {
    std::lock_guard lock(mu_);
    released_ = true;
    cv_.notify_all();
  }

  // Waits (liveness bound) until at least n events arrived.
  bool WaitForEvents(size_t n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kPatience, [&] { return events_.size() >= n; });
  }
  // Waits until at least n quiet checkpoints arrived.
  bool WaitForQuiet(size_t n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kPatience, [&] { return quiet_tokens_.size() >= n; });
  }
  // Waits until OnHistoryLost was called at least n times.
  bool WaitForHistoryLost(int n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kPatience, [&] { return history_lost_ >= n; });
  }
  // Waits until `pred(quiet_tokens)` holds.
  bool WaitForQuietTokens(const std::function<bool(const std::vector<std::string>&)>& pred) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kPatience, [&] { return pred(quiet_tokens_); });
  }

  // Copies of the raw events (BSON bytes) and their resume tokens, in delivery order.
  std::vector<std::string> events() const {
    std::lock_guard lock(mu_);
    return events_;
  }
  std::vector<std::string> tokens() const {
    std::lock_guard lock(mu_);
    return tokens_;
  }
  std::vector<std::string> quiet_tokens() const {
    std::lock_guard lock(mu_);
    return quiet_tokens_;
  }
  size_t quiet_count() const {
    std::lock_guard lock(mu_);
    return quiet_tokens_.size();
  }
  int history_lost() const {
    std::lock_guard lock(mu_);
    return history_lost_;
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> events_;
  std::vector<std::string> tokens_;
  std::vector<std::string> quiet_tokens_;
  int history_lost_ = 0;
  std::optional<size_t> fail_after_;
  std::optional<size_t> pause_after_;
  bool released_ = false;
};

// Parses a recorded event; the string must outlive the returned view.
inline cdc::ChangeEvent ParseEvent(const std::string& raw) {
  auto parsed = cdc::ChangeEvent::Parse(ViewOf(raw));
  EXPECT_TRUE(parsed.ok()) << parsed.status().message();
  return parsed.ok() ? parsed.value() : cdc::ChangeEvent();
}

// "insert:1" per event: the operation type and documentKey._id (when an integer), for compact
// comparisons of what a stream delivered.
inline std::vector<std::string> Summary(const std::vector<std::string>& events) {
  std::vector<std::string> out;
  for (const std::string& raw : events) {
    cdc::ChangeEvent e = ParseEvent(raw);
    std::string s(e.operation_type_name());
    if (auto id = IntAt(e.document_key(), "_id")) s += ":" + std::to_string(*id);
    out.push_back(std::move(s));
  }
  return out;
}

// Runs ChangeStreamReader::Run on its own thread from construction; the destructor stops it.
class ReaderThread {
 public:
  ReaderThread(cdc::MongoClientPool* pool, cdc::StreamTarget target,
               cdc::ChangeStreamOptions options, cdc::StartPosition start, RecordingSink& sink,
               std::function<void(std::chrono::milliseconds)> sleeper = {})
      : reader_(pool, std::move(target), std::move(options)) {
    if (sleeper) reader_.set_sleeper(std::move(sleeper));
    thread_ = std::thread([this, start = std::move(start), &sink]() mutable {
      core::Result<cdc::StreamEnd> r = reader_.Run(std::move(start), sink, stop_);
      std::lock_guard lock(mu_);
      result_.emplace(std::move(r));
      cv_.notify_all();
    });
  }
  ~ReaderThread() {
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
  }
  ReaderThread(const ReaderThread&) = delete;
  ReaderThread& operator=(const ReaderThread&) = delete;

  // Waits (liveness bound) for Run to return by itself; nullopt if it is still running.
  std::optional<core::Result<cdc::StreamEnd>> WaitForEnd() {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, kPatience, [&] { return result_.has_value(); });
    return result_;
  }
  // Requests a stop and returns what Run returned.
  core::Result<cdc::StreamEnd> Stop() {
    stop_.store(true);
    thread_.join();
    return *result_;
  }
  const cdc::ReaderStats& stats() const { return reader_.stats(); }

 private:
  cdc::ChangeStreamReader reader_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  std::optional<core::Result<cdc::StreamEnd>> result_;
  std::thread thread_;
};

}  // namespace change_stream_harness
