// The MongoDB change-stream source (src/cdc/source) end to end: ChangeStreamReader::Run on a
// thread against mongo-sim, or against the replica set in MONGODB_TEST_URI when it is set (then
// only failpoints and commands a MongoDB 7 test server supports are used; simulator-only steps
// are skipped with the reason printed).
//
// The paths users lost data on with the reference implementation are the point: resume tokens on
// quiet collections, tokens applied on restart, reconnects that lose or repeat nothing, history
// loss, invalidate, and errors that end a reader loudly.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "cdc/source/resume_token.h"
#include "change_stream_harness.h"
#include "support/mongo_sim_process.h"
#include "support/test_namespace.h"

namespace {

using namespace change_stream_harness;
using cdc::OperationType;
using cdc::StreamEnd;
using cdc::WatchLevel;

testing_support::MongoSimProcess* g_sim = nullptr;

class SimEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    cdc::EnsureMongoDriverInitialized();
    g_sim = new testing_support::MongoSimProcess();
    if (g_sim->external()) {
      std::printf("change_stream_source_test: using MONGODB_TEST_URI (a real deployment)\n");
    }
  }
  void TearDown() override {
    delete g_sim;
    g_sim = nullptr;
  }
};
const auto* const kEnv = ::testing::AddGlobalTestEnvironment(new SimEnvironment);

class ChangeStreamSource : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    app_ = "cst-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    writer_ = std::make_unique<MongoWriter>(g_sim->uri());
    db_ = NewDatabase();
    auto pool = cdc::MongoClientPool::Create(
        WithOptions(g_sim->uri(), "serverSelectionTimeoutMS=15000"), app_);
    ASSERT_TRUE(pool.ok()) << pool.status().message();
    pool_ = std::move(pool).value();
  }
  void TearDown() override {
    writer_->FailPointOff();
    for (const std::string& db : dbs_)
      writer_->DropDatabase(db);
  }

  // A database name of this test (dropped before and after it).
  std::string NewDatabase() {
    std::string db = testing_support::UniqueDatabaseName();
    writer_->DropDatabase(db);
    dbs_.push_back(db);
    return db;
  }

  cdc::StreamTarget Collection(const std::string& coll) const {
    return {WatchLevel::kCollection, db_, coll};
  }
  cdc::StreamTarget Database() const { return {WatchLevel::kDatabase, db_, ""}; }

  // Short waits so that stop requests are noticed quickly; fast reconnects.
  static cdc::ChangeStreamOptions Options() {
    cdc::ChangeStreamOptions o;
    o.max_await_time_ms = 100;
    o.reconnect.initial_delay = std::chrono::milliseconds(10);
    o.reconnect.max_delay = std::chrono::milliseconds(200);
    return o;
  }

  // Starts a reader at "now" and waits until its stream is open (its first quiet checkpoint),
  // so that every later write is after its start.
  std::unique_ptr<ReaderThread> StartNow(cdc::StreamTarget target, cdc::ChangeStreamOptions o,
                                         RecordingSink& sink) {
    auto reader = std::make_unique<ReaderThread>(pool_.get(), std::move(target), std::move(o),
                                                 cdc::StartPosition::Now(), sink);
    EXPECT_TRUE(sink.WaitForQuiet(1)) << "the stream never opened";
    return reader;
  }

  std::string app_;
  std::string db_;
  std::vector<std::string> dbs_;
  std::unique_ptr<MongoWriter> writer_;
  std::unique_ptr<cdc::MongoClientPool> pool_;
};

// True when `status` is a server error reported by the reader of `stream`: "change stream
// <stream>: [open change stream on <stream>: ]<server error>" (the server may report it when
// the stream opens or on a later getMore, depending on how it batches).
bool FromStream(const core::Status& status, const std::string& stream,
                const std::string& server_error) {
  const std::string m = status.message();
  const std::string prefix = "change stream " + stream + ": ";
  const std::string open = "open change stream on " + stream + ": ";
  if (!m.starts_with(prefix)) return false;
  std::string_view rest = std::string_view(m).substr(prefix.size());
  if (rest.starts_with(open)) rest.remove_prefix(open.size());
  return rest.starts_with(server_error);
}

// "a string of n copies of c" as a JSON string literal's content.
std::string Repeat(char c, size_t n) {
  return std::string(n, c);
}

// ---------------------------------------------------------------------------------------------
// 1. Every option reaches the server and has its effect.

TEST_F(ChangeStreamSource, WatchLevelsSeeTheirScopeOnly) {
  const std::string other_db = NewDatabase();
  RecordingSink coll_sink, db_sink, all_sink;
  cdc::ChangeStreamOptions deployment_options = Options();
  // Other test binaries may share a real deployment: keep to this test's databases.
  deployment_options.pipeline_json =
      R"([{"$match": {"ns.db": {"$in": [")" + db_ + R"(", ")" + other_db + R"("]}}}])";
  auto coll_reader = StartNow(Collection("a"), Options(), coll_sink);
  auto db_reader = StartNow(Database(), Options(), db_sink);
  auto all_reader = StartNow({WatchLevel::kDeployment, "", ""}, deployment_options, all_sink);

  writer_->Insert(db_, "a", R"({"_id": 1})");
  writer_->Insert(db_, "b", R"({"_id": 2})");
  writer_->Insert(other_db, "c", R"({"_id": 3})");
  writer_->Insert(db_, "a", R"({"_id": 4})");  // seen by all three: the end marker

  ASSERT_TRUE(coll_sink.WaitForEvents(2));
  ASSERT_TRUE(db_sink.WaitForEvents(3));
  ASSERT_TRUE(all_sink.WaitForEvents(4));
  EXPECT_EQ(Summary(coll_sink.events()), (std::vector<std::string>{"insert:1", "insert:4"}));
  EXPECT_EQ(Summary(db_sink.events()),
            (std::vector<std::string>{"insert:1", "insert:2", "insert:4"}));
  EXPECT_EQ(Summary(all_sink.events()),
            (std::vector<std::string>{"insert:1", "insert:2", "insert:3", "insert:4"}));
  cdc::ChangeEvent third = ParseEvent(all_sink.events()[2]);
  ASSERT_TRUE(third.ns().has_value());
  EXPECT_EQ(third.ns()->db, other_db);
  EXPECT_EQ(third.ns()->coll, "c");
  for (auto* r : {coll_reader.get(), db_reader.get(), all_reader.get()}) {
    auto end = r->Stop();
    ASSERT_TRUE(end.ok()) << end.status().message();
    EXPECT_EQ(end.value(), StreamEnd::kStopped);
  }
}

TEST_F(ChangeStreamSource, PipelineMatchFiltersOnTheServer) {
  cdc::ChangeStreamOptions o = Options();
  o.pipeline_json = R"([{"$match": {"operationType": {"$in": ["insert", "delete"]}}}])";
  RecordingSink sink;
  auto reader = StartNow(Collection("c"), o, sink);
  writer_->Insert(db_, "c", R"({"_id": 1, "v": 1})");
  writer_->Update(db_, "c", R"({"_id": 1})", R"({"$set": {"v": 2}})");
  writer_->Delete(db_, "c", R"({"_id": 1})");
  writer_->Insert(db_, "c", R"({"_id": 2})");
  ASSERT_TRUE(sink.WaitForEvents(3));
  EXPECT_EQ(Summary(sink.events()), (std::vector<std::string>{"insert:1", "delete:1", "insert:2"}));
  EXPECT_EQ(reader->stats().events.load(), 3u);
}

TEST_F(ChangeStreamSource, InvalidPipelineIsAnErrorNamingTheStream) {
  cdc::ChangeStreamOptions o = Options();
  o.pipeline_json = R"({"$match": {}})";
  RecordingSink sink;
  ReaderThread reader(pool_.get(), Collection("c"), o, cdc::StartPosition::Now(), sink);
  auto end = reader.WaitForEnd();
  ASSERT_TRUE(end.has_value()) << "the reader must end, not retry a bad pipeline";
  ASSERT_FALSE(end->ok());
  EXPECT_EQ(end->status().code(), core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(end->status().message(),
            "change stream " + db_ +
                ".c: invalid change-stream pipeline \"{\"$match\": {}}\": not a JSON array; "
                "expected a JSON array of stages such as [{\"$match\": {\"operationType\": "
                "\"insert\"}}]");
}

// fullDocument: default (none on updates), updateLookup (the document as it is now),
// whenAvailable / required (the post-image as of the update).
TEST_F(ChangeStreamSource, FullDocumentModes) {
  writer_->CreateWithImages(db_, "imaged");
  const cdc::BsonTimestamp start = writer_->Insert(db_, "imaged", R"({"_id": 1, "v": 1})");
  writer_->Update(db_, "imaged", R"({"_id": 1})", R"({"$set": {"v": 2}})");
  writer_->Update(db_, "imaged", R"({"_id": 1})", R"({"$set": {"v": 3}})");

  auto run = [&](cdc::FullDocumentMode mode) {
    cdc::ChangeStreamOptions o = Options();
    o.full_document = mode;
    RecordingSink sink;
    ReaderThread reader(pool_.get(), Collection("imaged"), o,
                        cdc::StartPosition::AtOperationTime(start), sink);
    EXPECT_TRUE(sink.WaitForEvents(3));
    std::vector<std::string> v;
    for (const std::string& raw : sink.events()) {
      v.push_back(ValueAt(ParseEvent(raw).full_document(), "v"));
    }
    return v;
  };
  const std::string none;
  EXPECT_EQ(run(cdc::FullDocumentMode::kDefault),
            (std::vector<std::string>{R"({ "v" : 1 })", none, none}));
  EXPECT_EQ(run(cdc::FullDocumentMode::kUpdateLookup),
            (std::vector<std::string>{R"({ "v" : 1 })", R"({ "v" : 3 })", R"({ "v" : 3 })"}));
  EXPECT_EQ(run(cdc::FullDocumentMode::kWhenAvailable),
            (std::vector<std::string>{R"({ "v" : 1 })", R"({ "v" : 2 })", R"({ "v" : 3 })"}));
  EXPECT_EQ(run(cdc::FullDocumentMode::kRequired),
            (std::vector<std::string>{R"({ "v" : 1 })", R"({ "v" : 2 })", R"({ "v" : 3 })"}));

  // Without post-images: whenAvailable leaves updates without a document, required fails.
  const cdc::BsonTimestamp plain = writer_->Insert(db_, "plain", R"({"_id": 1, "v": 1})");
  writer_->Update(db_, "plain", R"({"_id": 1})", R"({"$set": {"v": 2}})");
  {
    cdc::ChangeStreamOptions o = Options();
    o.full_document = cdc::FullDocumentMode::kWhenAvailable;
    RecordingSink sink;
    ReaderThread reader(pool_.get(), Collection("plain"), o,
                        cdc::StartPosition::AtOperationTime(plain), sink);
    ASSERT_TRUE(sink.WaitForEvents(2));
    EXPECT_EQ(ValueAt(ParseEvent(sink.events()[1]).full_document(), "v"), "");
  }
  cdc::ChangeStreamOptions o = Options();
  o.full_document = cdc::FullDocumentMode::kRequired;
  RecordingSink sink;
  ReaderThread reader(pool_.get(), Collection("plain"), o,
                      cdc::StartPosition::AtOperationTime(plain), sink);
  auto end = reader.WaitForEnd();
  ASSERT_TRUE(end.has_value());
  ASSERT_FALSE(end->ok());
  EXPECT_EQ(end->status().code(), core::ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(FromStream(end->status(), db_ + ".plain", "NoMatchingDocument (47): "))
      << end->status().message();
}

// fullDocumentBeforeChange: off, whenAvailable (pre-images of updates and deletes where the
// collection records them), required (fails where it does not).
TEST_F(ChangeStreamSource, FullDocumentBeforeChangeModes) {
  writer_->CreateWithImages(db_, "imaged");
  const cdc::BsonTimestamp start = writer_->Insert(db_, "imaged", R"({"_id": 1, "v": 1})");
  writer_->Update(db_, "imaged", R"({"_id": 1})", R"({"$set": {"v": 2}})");
  writer_->Delete(db_, "imaged", R"({"_id": 1})");
  writer_->Insert(db_, "plain", R"({"_id": 1, "v": 1})");
  writer_->Update(db_, "plain", R"({"_id": 1})", R"({"$set": {"v": 2}})");

  auto run = [&](cdc::PreImageMode mode) {
    cdc::ChangeStreamOptions o = Options();
    o.full_document_before_change = mode;
    RecordingSink sink;
    ReaderThread reader(pool_.get(), Database(), o, cdc::StartPosition::AtOperationTime(start),
                        sink);
    EXPECT_TRUE(sink.WaitForEvents(5));
    std::vector<std::string> v;
    for (const std::string& raw : sink.events()) {
      cdc::ChangeEvent e = ParseEvent(raw);
      v.push_back(std::string(e.ns()->coll) + " " + std::string(e.operation_type_name()) + " " +
                  ValueAt(e.full_document_before_change(), "v"));
    }
    return v;
  };
  EXPECT_EQ(run(cdc::PreImageMode::kOff),
            (std::vector<std::string>{"imaged insert ", "imaged update ", "imaged delete ",
                                      "plain insert ", "plain update "}));
  EXPECT_EQ(
      run(cdc::PreImageMode::kWhenAvailable),
      (std::vector<std::string>{"imaged insert ", R"(imaged update { "v" : 1 })",
                                R"(imaged delete { "v" : 2 })", "plain insert ", "plain update "}));

  cdc::ChangeStreamOptions o = Options();
  o.full_document_before_change = cdc::PreImageMode::kRequired;
  o.batch_size = 1;  // a failing batch is lost whole: one event per batch shows the failure point
  RecordingSink sink;
  ReaderThread reader(pool_.get(), Database(), o, cdc::StartPosition::AtOperationTime(start), sink);
  auto end = reader.WaitForEnd();
  ASSERT_TRUE(end.has_value());
  ASSERT_FALSE(end->ok());
  EXPECT_TRUE(FromStream(end->status(), db_, "NoMatchingDocument (47): "))
      << end->status().message();
  // Everything with a pre-image was delivered before the failure.
  EXPECT_EQ(Summary(sink.events()),
            (std::vector<std::string>{"insert:1", "update:1", "delete:1", "insert:1"}));
}

// showExpandedEvents: DDL events (create, createIndexes) appear, and events carry
// collectionUUID; without it they do not. libmongoc 1.23 sends the option outside the
// $changeStream stage (as a top-level aggregate field, where the server does not read it), so
// with it the reader refuses the option instead of silently delivering no DDL events.
TEST_F(ChangeStreamSource, ShowExpandedEventsDeliversDdlEvents) {
  cdc::ChangeStreamOptions expanded = Options();
  expanded.show_expanded_events = true;
#if !MONGOC_CHECK_VERSION(1, 24, 0)
  RecordingSink refused_sink;
  ReaderThread refused(pool_.get(), Database(), expanded, cdc::StartPosition::Now(), refused_sink);
  auto end = refused.WaitForEnd();
  ASSERT_TRUE(end.has_value());
  ASSERT_FALSE(end->ok());
  EXPECT_EQ(end->status().code(), core::ErrorCode::kUnimplemented);
  EXPECT_EQ(end->status().message(),
            "change stream " + db_ +
                ": show_expanded_events needs libmongoc 1.24 or later; this build uses libmongoc " +
                MONGOC_VERSION_S +
                ", which sends showExpandedEvents outside the $changeStream stage");
  GTEST_SKIP() << "DDL events need libmongoc 1.24+ (this build: " MONGOC_VERSION_S ")";
#endif
  RecordingSink plain_sink, expanded_sink;
  auto plain_reader = StartNow(Database(), Options(), plain_sink);
  auto expanded_reader = StartNow(Database(), expanded, expanded_sink);

  writer_->MustRun(db_, R"({"create": "ddl"})");
  writer_->MustRun(db_,
                   R"({"createIndexes": "ddl", "indexes": [{"key": {"v": 1}, "name": "v_1"}]})");
  writer_->Insert(db_, "ddl", R"({"_id": 1, "v": 1})");

  ASSERT_TRUE(plain_sink.WaitForEvents(1));
  ASSERT_TRUE(expanded_sink.WaitForEvents(3));
  EXPECT_EQ(Summary(plain_sink.events()), (std::vector<std::string>{"insert:1"}));
  std::vector<std::string> events = expanded_sink.events();
  ASSERT_EQ(Summary(events), (std::vector<std::string>{"create", "createIndexes", "insert:1"}));
  cdc::ChangeEvent create = ParseEvent(events[0]);
  cdc::ChangeEvent index = ParseEvent(events[1]);
  cdc::ChangeEvent insert = ParseEvent(events[2]);
  EXPECT_EQ(create.operation_type(), OperationType::kCreate);
  EXPECT_EQ(index.operation_type(), OperationType::kCreateIndexes);
  EXPECT_EQ(ValueAt(index.operation_description(), "indexes.0.name"), R"({ "v" : "v_1" })");
  ASSERT_EQ(create.collection_uuid().size(), 16u);
  EXPECT_EQ(index.collection_uuid(), create.collection_uuid());
  EXPECT_EQ(insert.collection_uuid(), create.collection_uuid());
  EXPECT_TRUE(ParseEvent(plain_sink.events()[0]).collection_uuid().empty());
}

// batchSize reaches the aggregate and every getMore: with batch size 2 and a fail point that
// lets one getMore through and fails the next (BadValue, not retryable), exactly 2 + 2 events
// arrive before the reader ends with the error; with the default batch size all of them do.
TEST_F(ChangeStreamSource, BatchSizeLimitsEventsPerReply) {
  const cdc::BsonTimestamp start = writer_->Insert(db_, "c", R"({"_id": 1})");
  for (int i = 2; i <= 10; ++i)
    writer_->Insert(db_, "c", R"({"_id": )" + std::to_string(i) + "}");

  auto run = [&](int32_t batch_size) {
    writer_->FailCommands(app_, R"(["getMore"])", R"({"skip": 1})", R"("errorCode": 2)");
    cdc::ChangeStreamOptions o = Options();
    o.batch_size = batch_size;
    RecordingSink sink;
    ReaderThread reader(pool_.get(), Collection("c"), o, cdc::StartPosition::AtOperationTime(start),
                        sink);
    auto end = reader.WaitForEnd();
    writer_->FailPointOff();
    EXPECT_TRUE(end.has_value());
    if (end.has_value()) {
      EXPECT_FALSE(end->ok());
      EXPECT_TRUE(FromStream(end->status(), db_ + ".c", "BadValue (2): "))
          << end->status().message();
    }
    return sink.events().size();
  };
  const size_t limited = run(2);
  if (g_sim->external()) {
    EXPECT_LE(limited, 4u);  // a real server may return fewer per batch, never more
  } else {
    EXPECT_EQ(limited, 4u);
    EXPECT_EQ(run(0), 10u);
  }
}

// maxAwaitTimeMS reaches every getMore: a quiet stream with a short wait checkpoints often; one
// with a long wait does not, yet still returns an event as soon as it is written.
TEST_F(ChangeStreamSource, MaxAwaitTimeBoundsEachWait) {
  cdc::ChangeStreamOptions fast = Options();
  fast.max_await_time_ms = 50;
  cdc::ChangeStreamOptions slow = Options();
  slow.max_await_time_ms = 4000;
  RecordingSink fast_sink, slow_sink;
  ReaderThread fast_reader(pool_.get(), Collection("c"), fast, cdc::StartPosition::Now(),
                           fast_sink);
  ReaderThread slow_reader(pool_.get(), Collection("c"), slow, cdc::StartPosition::Now(),
                           slow_sink);
  ASSERT_TRUE(fast_sink.WaitForQuiet(10)) << "10 waits of 50 ms each";
  // Ten 50 ms waits took at least 500 ms, in which a 4000 ms wait ends at most once (the opening
  // aggregate's empty batch).
  EXPECT_LE(slow_sink.quiet_count(), 1u);
  writer_->Insert(db_, "c", R"({"_id": 1})");
  ASSERT_TRUE(slow_sink.WaitForEvents(1));
  EXPECT_LE(slow_sink.quiet_count(), 1u) << "the event ended the wait, not the timeout";
}

// resumeAfter / startAfter a token deliver what follows it; startAtOperationTime includes the
// operation at that time; "now" delivers only later writes.
TEST_F(ChangeStreamSource, StartPositions) {
  const cdc::BsonTimestamp first = writer_->Insert(db_, "c", R"({"_id": 1})");
  for (int i = 2; i <= 5; ++i)
    writer_->Insert(db_, "c", R"({"_id": )" + std::to_string(i) + "}");
  std::vector<std::string> tokens;
  std::vector<cdc::BsonTimestamp> times;
  {
    RecordingSink sink;
    ReaderThread reader(pool_.get(), Collection("c"), Options(),
                        cdc::StartPosition::AtOperationTime(first), sink);
    ASSERT_TRUE(sink.WaitForEvents(5));
    EXPECT_EQ(Summary(sink.events()), (std::vector<std::string>{"insert:1", "insert:2", "insert:3",
                                                                "insert:4", "insert:5"}));
    tokens = sink.tokens();
    for (const std::string& raw : sink.events())
      times.push_back(ParseEvent(raw).cluster_time());
  }
  EXPECT_EQ(times[0], first);

  RecordingSink resume_sink, start_after_sink, at_time_sink, now_sink;
  ReaderThread resume(pool_.get(), Collection("c"), Options(), ResumeAfter(tokens[1]), resume_sink);
  ReaderThread start_after(pool_.get(), Collection("c"), Options(), StartAfter(tokens[1]),
                           start_after_sink);
  ReaderThread at_time(pool_.get(), Collection("c"), Options(),
                       cdc::StartPosition::AtOperationTime(times[2]), at_time_sink);
  auto now = StartNow(Collection("c"), Options(), now_sink);
  writer_->Insert(db_, "c", R"({"_id": 6})");
  const std::vector<std::string> after_second = {"insert:3", "insert:4", "insert:5", "insert:6"};
  ASSERT_TRUE(resume_sink.WaitForEvents(4));
  ASSERT_TRUE(start_after_sink.WaitForEvents(4));
  ASSERT_TRUE(at_time_sink.WaitForEvents(4));
  ASSERT_TRUE(now_sink.WaitForEvents(1));
  EXPECT_EQ(Summary(resume_sink.events()), after_second);
  EXPECT_EQ(Summary(start_after_sink.events()), after_second);
  EXPECT_EQ(Summary(at_time_sink.events()), after_second);
  EXPECT_EQ(Summary(now_sink.events()), (std::vector<std::string>{"insert:6"}));
  // The same events carry the same resume tokens whichever way the stream started.
  EXPECT_EQ(resume_sink.tokens()[0], tokens[2]);
  EXPECT_EQ(at_time_sink.tokens()[2], tokens[4]);
}

// ---------------------------------------------------------------------------------------------
// 2. The fields ChangeEvent exposes match what was done.

TEST_F(ChangeStreamSource, EventFieldsMatchTheOperations) {
  RecordingSink sink;
  auto reader = StartNow(Database(), Options(), sink);
  const int64_t before_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();
  writer_->Insert(db_, "c1", R"({"_id": 1, "a": 1, "b": 2})");
  writer_->Update(db_, "c1", R"({"_id": 1})", R"({"$set": {"a": 5}, "$unset": {"b": ""}})");
  writer_->Update(db_, "c1", R"({"_id": 1})", R"({"a": 7})");
  writer_->Delete(db_, "c1", R"({"_id": 1})");
  writer_->Insert(db_, "c1", R"({"_id": 2})");
  writer_->MustRun("admin",
                   R"({"renameCollection": ")" + db_ + R"(.c1", "to": ")" + db_ + R"(.c2"})");
  writer_->MustRun(db_, R"({"drop": "c2"})");

  // Two inserts in one transaction.
  {
    bson_error_t error;
    mongoc_client_session_t* session =
        mongoc_client_start_session(writer_->client(), nullptr, &error);
    ASSERT_NE(session, nullptr) << error.message;
    ASSERT_TRUE(mongoc_client_session_start_transaction(session, nullptr, &error)) << error.message;
    mongoc_collection_t* coll = mongoc_client_get_collection(writer_->client(), db_.c_str(), "t");
    bson_t opts = BSON_INITIALIZER;
    ASSERT_TRUE(mongoc_client_session_append(session, &opts, &error)) << error.message;
    for (int id : {3, 4}) {
      bson_t* doc = BCON_NEW("_id", BCON_INT32(id));
      EXPECT_TRUE(mongoc_collection_insert_one(coll, doc, &opts, nullptr, &error)) << error.message;
      bson_destroy(doc);
    }
    bson_t reply;
    EXPECT_TRUE(mongoc_client_session_commit_transaction(session, &reply, &error)) << error.message;
    bson_destroy(&reply);
    bson_destroy(&opts);
    mongoc_collection_destroy(coll);
    mongoc_client_session_destroy(session);
  }
  writer_->DropDatabase(db_);

  ASSERT_TRUE(sink.WaitForEvents(12));
  const int64_t after_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  std::vector<std::string> raws = sink.events();
  ASSERT_EQ(Summary(raws),
            (std::vector<std::string>{"insert:1", "update:1", "replace:1", "delete:1", "insert:2",
                                      "rename", "drop", "insert:3", "insert:4", "drop",
                                      "dropDatabase", "invalidate"}));
  std::vector<cdc::ChangeEvent> e;
  for (const std::string& raw : raws)
    e.push_back(ParseEvent(raw));

  EXPECT_EQ(Json(e[0].full_document()), R"({ "_id" : 1, "a" : 1, "b" : 2 })");
  ASSERT_TRUE(e[1].update_description().has_value());
  EXPECT_EQ(Json(e[1].update_description()->updated_fields), R"({ "a" : 5 })");
  EXPECT_EQ(Json(e[1].update_description()->removed_fields), R"({ "0" : "b" })");
  EXPECT_FALSE(e[2].update_description().has_value());
  EXPECT_EQ(Json(e[2].full_document()), R"({ "_id" : 1, "a" : 7 })");
  EXPECT_EQ(Json(e[3].document_key()), R"({ "_id" : 1 })");
  EXPECT_TRUE(e[3].full_document().empty());
  ASSERT_TRUE(e[5].ns().has_value() && e[5].to().has_value());
  EXPECT_EQ(e[5].ns()->coll, "c1");
  EXPECT_EQ(e[5].to()->db, db_);
  EXPECT_EQ(e[5].to()->coll, "c2");
  EXPECT_EQ(e[6].ns()->coll, "c2");
  EXPECT_EQ(e[9].ns()->coll, "t");
  ASSERT_TRUE(e[10].ns().has_value());
  EXPECT_EQ(e[10].ns()->db, db_);
  EXPECT_EQ(e[10].ns()->coll, "");

  // Transactions: lsid and txnNumber on both inserts, the same for both; nowhere else.
  ASSERT_TRUE(e[7].txn_number().has_value());
  EXPECT_GE(*e[7].txn_number(), 1);
  EXPECT_EQ(e[8].txn_number(), e[7].txn_number());
  EXPECT_FALSE(e[7].lsid().empty());
  EXPECT_EQ(Json(e[8].lsid()), Json(e[7].lsid()));
  EXPECT_NE(ValueAt(e[7].lsid(), "id"), "");
  for (size_t i : {0, 1, 2, 3, 4, 5, 6, 9, 10}) {
    EXPECT_FALSE(e[i].txn_number().has_value()) << i;
    EXPECT_TRUE(e[i].lsid().empty()) << i;
  }

  // clusterTime: never decreasing; strictly increasing between separate operations (a
  // transaction's events share its commit time, and invalidate shares its cause's).
  for (size_t i = 1; i < e.size(); ++i) {
    EXPECT_GE(e[i].cluster_time(), e[i - 1].cluster_time()) << i;
    const bool same_operation = i == 8 || i == 11;
    if (!same_operation) {
      EXPECT_GT(e[i].cluster_time(), e[i - 1].cluster_time()) << i;
    }
    EXPECT_GE(e[i].cluster_time().seconds, static_cast<uint32_t>(before_ms / 1000) - 5);
  }
  for (size_t i = 0; i + 1 < e.size(); ++i) {
    ASSERT_TRUE(e[i].wall_time_ms().has_value()) << i;
    EXPECT_GE(*e[i].wall_time_ms(), before_ms - 5000) << i;
    EXPECT_LE(*e[i].wall_time_ms(), after_ms + 5000) << i;
  }
  // The database stream went on after invalidate (startAfter), so it is still running.
  auto end = reader->Stop();
  ASSERT_TRUE(end.ok()) << end.status().message();
  EXPECT_EQ(end.value(), StreamEnd::kStopped);
}

// ---------------------------------------------------------------------------------------------
// 3. Restart from a stored token: exactly the events after it.

TEST_F(ChangeStreamSource, RestartFromStoredTokenHasNoGapAndNoRepeat) {
  const cdc::BsonTimestamp start = writer_->Insert(db_, "c", R"({"_id": 1})");
  for (int i = 2; i <= 5; ++i)
    writer_->Insert(db_, "c", R"({"_id": )" + std::to_string(i) + "}");
  std::string stored;
  {
    RecordingSink sink;
    sink.FailAfter(3);  // the consumer dies after storing event 3's token
    ReaderThread reader(pool_.get(), Collection("c"), Options(),
                        cdc::StartPosition::AtOperationTime(start), sink);
    auto end = reader.WaitForEnd();
    ASSERT_TRUE(end.has_value());
    ASSERT_FALSE(end->ok());
    EXPECT_EQ(end->status().message(), "test sink refused event 3");
    ASSERT_EQ(sink.tokens().size(), 3u);
    stored = sink.tokens()[2];
  }
  writer_->Insert(db_, "c", R"({"_id": 6})");
  writer_->Insert(db_, "c", R"({"_id": 7})");
  RecordingSink sink;
  ReaderThread reader(pool_.get(), Collection("c"), Options(), ResumeAfter(stored), sink);
  ASSERT_TRUE(sink.WaitForEvents(4));
  writer_->Insert(db_, "c", R"({"_id": 8})");
  ASSERT_TRUE(sink.WaitForEvents(5));
  EXPECT_EQ(Summary(sink.events()),
            (std::vector<std::string>{"insert:4", "insert:5", "insert:6", "insert:7", "insert:8"}));
}

// ---------------------------------------------------------------------------------------------
// 4. A quiet stream's token advances with the oplog (postBatchResumeToken), and resuming from it
// works.

TEST_F(ChangeStreamSource, QuietStreamTokenAdvancesAndResumes) {
  RecordingSink sink;
  auto reader = StartNow(Collection("quiet"), Options(), sink);
  const std::string first = sink.quiet_tokens().front();
  cdc::BsonTimestamp last_write;
  for (int i = 1; i <= 3; ++i) {
    last_write = writer_->Insert(db_, "busy", R"({"_id": )" + std::to_string(i) + "}");
  }
  ASSERT_TRUE(sink.WaitForQuietTokens([&](const std::vector<std::string>& tokens) {
    auto t = cdc::ResumeTokenClusterTime(ViewOf(tokens.back()));
    return t.has_value() && *t >= last_write;
  })) << "the quiet stream's token never passed the write on the other collection";
  const std::vector<std::string> tokens = sink.quiet_tokens();
  for (size_t i = 1; i < tokens.size(); ++i) {
    EXPECT_GE(TokenData(ViewOf(tokens[i])), TokenData(ViewOf(tokens[i - 1]))) << i;
  }
  EXPECT_GT(TokenData(ViewOf(tokens.back())), TokenData(ViewOf(first)));
  EXPECT_TRUE(sink.events().empty());
  auto end = reader->Stop();
  ASSERT_TRUE(end.ok());
  EXPECT_GE(reader->stats().quiet_checkpoints.load(), tokens.size());

  writer_->Insert(db_, "quiet", R"({"_id": 1})");
  RecordingSink resumed;
  ReaderThread again(pool_.get(), Collection("quiet"), Options(), ResumeAfter(tokens.back()),
                     resumed);
  ASSERT_TRUE(resumed.WaitForEvents(1));
  writer_->Insert(db_, "quiet", R"({"_id": 2})");
  ASSERT_TRUE(resumed.WaitForEvents(2));
  EXPECT_EQ(Summary(resumed.events()), (std::vector<std::string>{"insert:1", "insert:2"}));
}

// ---------------------------------------------------------------------------------------------
// 5. Connection drops and retryable errors lose and repeat nothing.

class ReconnectTest : public ChangeStreamSource {
 protected:
  // Six events read in batches of two; after the first batch the sink pauses while `inject`
  // configures a fault, then everything must still arrive exactly once.
  void ExpectExactlyOnce(const std::function<void()>& inject, uint64_t min_reconnects) {
    const cdc::BsonTimestamp start = writer_->Insert(db_, "c", R"({"_id": 1})");
    for (int i = 2; i <= 6; ++i) {
      writer_->Insert(db_, "c", R"({"_id": )" + std::to_string(i) + "}");
    }
    cdc::ChangeStreamOptions o = Options();
    o.batch_size = 2;
    RecordingSink sink;
    sink.PauseAfter(2);
    std::vector<std::chrono::milliseconds> delays;
    std::mutex delays_mu;
    ReaderThread reader(pool_.get(), Collection("c"), o, cdc::StartPosition::AtOperationTime(start),
                        sink, [&](std::chrono::milliseconds d) {
                          std::lock_guard lock(delays_mu);
                          delays.push_back(d);
                          std::this_thread::sleep_for(d);
                        });
    ASSERT_TRUE(sink.WaitForEvents(2));
    inject();
    sink.Release();
    ASSERT_TRUE(sink.WaitForEvents(6));
    writer_->FailPointOff();
    writer_->Insert(db_, "c", R"({"_id": 7})");
    ASSERT_TRUE(sink.WaitForEvents(7));
    EXPECT_EQ(Summary(sink.events()),
              (std::vector<std::string>{"insert:1", "insert:2", "insert:3", "insert:4", "insert:5",
                                        "insert:6", "insert:7"}));
    auto end = reader.Stop();
    ASSERT_TRUE(end.ok()) << end.status().message();
    EXPECT_GE(reader.stats().reconnects.load(), min_reconnects);
    std::lock_guard lock(delays_mu);
    EXPECT_EQ(delays.size(), reader.stats().reconnects.load());
  }
};

TEST_F(ReconnectTest, ConnectionClosedDuringGetMore) {
  // libmongoc resumes once by itself: no reconnect of the reader is needed.
  ExpectExactlyOnce(
      [&] {
        writer_->FailCommands(app_, R"(["getMore"])", R"({"times": 1})",
                              R"("closeConnection": true)");
      },
      0);
}

TEST_F(ReconnectTest, ConnectionClosedDuringGetMoreAndResume) {
  // The getMore, libmongoc's own resume and its retry of that aggregate (retryable reads) all
  // fail: the reader reconnects with backoff.
  ExpectExactlyOnce(
      [&] {
        writer_->FailCommands(app_, R"(["getMore", "aggregate"])", R"({"times": 3})",
                              R"("closeConnection": true)");
      },
      1);
}

TEST_F(ReconnectTest, ResumableErrorCodeOnGetMore) {
  ExpectExactlyOnce(
      [&] {
        writer_->FailCommands(app_, R"(["getMore"])", R"({"times": 1})",
                              R"("errorCode": 91, "errorLabels": ["ResumableChangeStreamError"])");
      },
      0);
}

TEST_F(ReconnectTest, RetryableErrorsOnGetMoreAndResume) {
  ExpectExactlyOnce(
      [&] {
        writer_->FailCommands(app_, R"(["getMore", "aggregate"])", R"({"times": 3})",
                              R"("errorCode": 6, "errorLabels": ["ResumableChangeStreamError"])");
      },
      1);
}

// ---------------------------------------------------------------------------------------------
// 6. ChangeStreamHistoryLost (286).

class HistoryLostTest : public ChangeStreamSource {
 protected:
  // Reads two events and stores the second's token, writes two more, then (simulator) drops
  // all but the newest oplog entry, so the stored token is no longer in the oplog.
  std::string StaleToken() {
    const cdc::BsonTimestamp start = writer_->Insert(db_, "c", R"({"_id": 1})");
    writer_->Insert(db_, "c", R"({"_id": 2})");
    std::string token;
    {
      RecordingSink sink;
      sink.FailAfter(2);
      ReaderThread reader(pool_.get(), Collection("c"), Options(),
                          cdc::StartPosition::AtOperationTime(start), sink);
      EXPECT_TRUE(reader.WaitForEnd().has_value());
      EXPECT_EQ(sink.tokens().size(), 2u);
      if (sink.tokens().size() == 2) token = sink.tokens()[1];
    }
    writer_->Insert(db_, "c", R"({"_id": 3})");
    writer_->Insert(db_, "c", R"({"_id": 4})");
    writer_->MustRun("admin", R"({"simTruncateOplog": 1, "keepLast": 1})");
    return token;
  }
  bool SkipOnRealServer() {
    if (!g_sim->external()) return false;
    std::printf(
        "skipped against a real server: it needs simTruncateOplog (mongo-sim only), since a "
        "real replica set cannot drop the oplog entries after a given token on demand\n");
    return true;
  }
};

const char* const kHistoryLostMessage =
    R"(^change stream (\S+): the resume token is no longer in the oplog \(ChangeStreamHistoryLost, code 286\); token age (\d+) (s|min|h) \(cluster time (\d+):(\d+)\); changes after it can no longer be read\. Restart from now with on_history_lost = "restart" \(changes in between are lost\) or re-snapshot$)";

TEST_F(HistoryLostTest, FailPolicyReturnsDataLossNamingStreamAndTokenAge) {
  if (SkipOnRealServer()) GTEST_SKIP() << "needs simTruncateOplog (mongo-sim only)";
  const std::string token = StaleToken();
  RecordingSink sink;
  ReaderThread reader(pool_.get(), Collection("c"), Options(), ResumeAfter(token), sink);
  auto end = reader.WaitForEnd();
  ASSERT_TRUE(end.has_value());
  ASSERT_FALSE(end->ok());
  EXPECT_EQ(end->status().code(), core::ErrorCode::kDataLoss);
  std::smatch m;
  const std::string message = end->status().message();
  ASSERT_TRUE(std::regex_match(message, m, std::regex(kHistoryLostMessage))) << message;
  EXPECT_EQ(m[1], db_ + ".c");
  EXPECT_EQ(m[3], "s");
  EXPECT_LT(std::stoi(m[2]), 120);
  const auto at = cdc::ResumeTokenClusterTime(ViewOf(token));
  ASSERT_TRUE(at.has_value());
  EXPECT_EQ(m[4], std::to_string(at->seconds));
  EXPECT_EQ(m[5], std::to_string(at->increment));
  EXPECT_TRUE(sink.events().empty());
  EXPECT_EQ(sink.history_lost(), 0);
}

TEST_F(HistoryLostTest, StartAtOperationTimeBeforeTheOplogIsHistoryLost) {
  // A real server's oplog does not reach back to 1970 either; the simulator's must be truncated.
  if (!g_sim->external()) {
    writer_->Insert(db_, "c", R"({"_id": 1})");
    writer_->MustRun("admin", R"({"simTruncateOplog": 1, "keepLast": 1})");
  }
  RecordingSink sink;
  ReaderThread reader(pool_.get(), Collection("c"), Options(),
                      cdc::StartPosition::AtOperationTime({1, 1}), sink);
  auto end = reader.WaitForEnd();
  ASSERT_TRUE(end.has_value());
  ASSERT_FALSE(end->ok());
  EXPECT_EQ(end->status().code(), core::ErrorCode::kDataLoss);
  std::smatch m;
  const std::string message = end->status().message();
  ASSERT_TRUE(std::regex_match(message, m, std::regex(kHistoryLostMessage))) << message;
  EXPECT_EQ(m[3], "h");
  EXPECT_EQ(m[4], "1");
  EXPECT_EQ(m[5], "1");
}

TEST_F(HistoryLostTest, RestartPolicyContinuesFromNowAndTellsTheSinkOnce) {
  if (SkipOnRealServer()) GTEST_SKIP() << "needs simTruncateOplog (mongo-sim only)";
  const std::string token = StaleToken();
  cdc::ChangeStreamOptions o = Options();
  o.on_history_lost = cdc::HistoryLostPolicy::kRestartFromNow;
  RecordingSink sink;
  ReaderThread reader(pool_.get(), Collection("c"), o, ResumeAfter(token), sink);
  ASSERT_TRUE(sink.WaitForHistoryLost(1));
  // Open again from now: a quiet checkpoint after the restart means later writes are seen.
  ASSERT_TRUE(sink.WaitForQuiet(sink.quiet_count() + 1));
  writer_->Insert(db_, "c", R"({"_id": 5})");
  ASSERT_TRUE(sink.WaitForEvents(1));
  EXPECT_EQ(Summary(sink.events()), (std::vector<std::string>{"insert:5"}));
  EXPECT_EQ(sink.history_lost(), 1);
  auto end = reader.Stop();
  ASSERT_TRUE(end.ok()) << end.status().message();
  EXPECT_EQ(reader.stats().history_lost_restarts.load(), 1u);
  EXPECT_EQ(reader.stats().reconnects.load(), 0u);
}

// ---------------------------------------------------------------------------------------------
// 7. invalidate.

TEST_F(ChangeStreamSource, CollectionStreamEndsInvalidatedAfterDrop) {
  RecordingSink sink;
  auto reader = StartNow(Collection("c"), Options(), sink);
  writer_->Insert(db_, "c", R"({"_id": 1})");
  writer_->MustRun(db_, R"({"drop": "c"})");
  auto end = reader->WaitForEnd();
  ASSERT_TRUE(end.has_value()) << "a collection stream ends after invalidate";
  ASSERT_TRUE(end->ok()) << end->status().message();
  EXPECT_EQ(end->value(), StreamEnd::kInvalidated);
  EXPECT_EQ(Summary(sink.events()), (std::vector<std::string>{"insert:1", "drop", "invalidate"}));
}

TEST_F(ChangeStreamSource, DatabaseStreamContinuesAfterDropDatabase) {
  RecordingSink sink;
  auto reader = StartNow(Database(), Options(), sink);
  writer_->Insert(db_, "c", R"({"_id": 1})");
  writer_->DropDatabase(db_);
  ASSERT_TRUE(sink.WaitForEvents(4));
  writer_->Insert(db_, "c", R"({"_id": 2})");
  ASSERT_TRUE(sink.WaitForEvents(5)) << "the database stream stopped after invalidate";
  EXPECT_EQ(Summary(sink.events()), (std::vector<std::string>{"insert:1", "drop", "dropDatabase",
                                                              "invalidate", "insert:2"}));
  auto end = reader->Stop();
  ASSERT_TRUE(end.ok()) << end.status().message();
  EXPECT_EQ(end.value(), StreamEnd::kStopped);
  EXPECT_EQ(reader->stats().reconnects.load(), 0u);
}

// ---------------------------------------------------------------------------------------------
// 8. Events over 16 MiB, split by the server, arrive as one event.

TEST_F(ChangeStreamSource, SplitLargeEventIsReassembled) {
  constexpr size_t kBig = 9 * 1024 * 1024;
  const std::string before = Repeat('x', kBig);
  const std::string after = Repeat('y', kBig);
  bson_t* doc = BCON_NEW("_id", BCON_INT32(1), "a", BCON_UTF8(before.c_str()));
  bson_t* insert = bson_new();
  bson_t docs;
  BSON_APPEND_UTF8(insert, "insert", "big");
  BSON_APPEND_ARRAY_BEGIN(insert, "documents", &docs);
  BSON_APPEND_DOCUMENT(&docs, "0", doc);
  bson_append_array_end(insert, &docs);
  const cdc::BsonTimestamp start = writer_->MustRun(db_, insert);
  bson_t* update =
      BCON_NEW("update", BCON_UTF8("big"), "updates", "[", "{", "q", "{", "_id", BCON_INT32(1), "}",
               "u", "{", "$set", "{", "a", BCON_UTF8(after.c_str()), "}", "}", "}", "]");
  writer_->MustRun(db_, update);
  bson_destroy(update);
  bson_destroy(insert);
  bson_destroy(doc);

  // updatedFields.a and the looked-up fullDocument.a: about 18 MiB in one event.
  cdc::ChangeStreamOptions o = Options();
  o.full_document = cdc::FullDocumentMode::kUpdateLookup;
  {
    RecordingSink sink;
    ReaderThread reader(pool_.get(), Collection("big"), o,
                        cdc::StartPosition::AtOperationTime(start), sink);
    auto end = reader.WaitForEnd();
    ASSERT_TRUE(end.has_value());
    ASSERT_FALSE(end->ok());
    EXPECT_TRUE(FromStream(end->status(), db_ + ".big", "BSONObjectTooLarge (10334): "))
        << end->status().message();
  }

  o.split_large_events = true;
  std::string token;
  {
    RecordingSink sink;
    ReaderThread reader(pool_.get(), Collection("big"), o,
                        cdc::StartPosition::AtOperationTime(start), sink);
    ASSERT_TRUE(sink.WaitForEvents(2));
    ASSERT_TRUE(sink.WaitForQuiet(1));
    std::vector<std::string> events = sink.events();
    ASSERT_EQ(Summary(events), (std::vector<std::string>{"insert:1", "update:1"}));
    EXPECT_GT(events[1].size(), 16u * 1024 * 1024);
    cdc::ChangeEvent e = ParseEvent(events[1]);
    EXPECT_FALSE(e.split_event().has_value());
    bson_iter_t it, a;
    ASSERT_TRUE(e.full_document().InitIter(&it) && bson_iter_find_descendant(&it, "a", &a));
    uint32_t len = 0;
    const char* s = bson_iter_utf8(&a, &len);
    EXPECT_EQ(len, kBig);
    EXPECT_TRUE(std::string_view(s, len) == after) << "the reassembled full document differs";
    ASSERT_TRUE(e.update_description().has_value());
    ASSERT_TRUE(e.update_description()->updated_fields.InitIter(&it) &&
                bson_iter_find_descendant(&it, "a", &a));
    s = bson_iter_utf8(&a, &len);
    EXPECT_TRUE(std::string_view(s, len) == after);
    EXPECT_EQ(reader.stats().events.load(), 2u);
    token = sink.tokens()[1];
    EXPECT_EQ(token, std::string(e.resume_token().bytes()));
  }
  writer_->Insert(db_, "big", R"({"_id": 2})");
  RecordingSink sink;
  ReaderThread reader(pool_.get(), Collection("big"), o, ResumeAfter(token), sink);
  ASSERT_TRUE(sink.WaitForEvents(1));
  writer_->Insert(db_, "big", R"({"_id": 3})");
  ASSERT_TRUE(sink.WaitForEvents(2));
  EXPECT_EQ(Summary(sink.events()), (std::vector<std::string>{"insert:2", "insert:3"}));
}

// ---------------------------------------------------------------------------------------------
// 9. A fatal error ends the reader with an error naming the stream, never silently.

TEST_F(ChangeStreamSource, FatalAggregateErrorNamesTheStream) {
  writer_->FailCommands(app_, R"(["aggregate"])", R"({"times": 1})", R"("errorCode": 2)");
  RecordingSink sink;
  ReaderThread reader(pool_.get(), Collection("c"), Options(), cdc::StartPosition::Now(), sink);
  auto end = reader.WaitForEnd();
  ASSERT_TRUE(end.has_value());
  ASSERT_FALSE(end->ok());
  EXPECT_EQ(end->status().code(), core::ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(end->status().message().starts_with(
      "change stream " + db_ + ".c: open change stream on " + db_ + ".c: BadValue (2): "))
      << end->status().message();
  EXPECT_EQ(reader.stats().reconnects.load(), 0u);
}

TEST_F(ChangeStreamSource, UnreachableServerKeepsRetryingUntilStopped) {
  auto pool = cdc::MongoClientPool::Create(
      "mongodb://127.0.0.1:1/?replicaSet=rs0&serverSelectionTimeoutMS=200", app_);
  ASSERT_TRUE(pool.ok());
  RecordingSink sink;
  std::atomic<int> sleeps{0};
  ReaderThread reader(pool.value().get(), Collection("c"), Options(), cdc::StartPosition::Now(),
                      sink, [&](std::chrono::milliseconds) { ++sleeps; });
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (sleeps.load() < 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  auto end = reader.Stop();
  ASSERT_TRUE(end.ok()) << end.status().message();
  EXPECT_GE(reader.stats().reconnects.load(), 3u);
}

}  // namespace
