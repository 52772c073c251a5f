// mongo-sim with libmongoc 1.23 (the driver the pipeline uses): replica-set and direct
// handshakes, change streams with resume tokens and postBatchResumeToken, resume, and errors.
// Runs against MONGODB_TEST_URI instead when it is set.
#include <gtest/gtest.h>
#include <mongoc/mongoc.h>

#include <memory>
#include <string>
#include <vector>

#include "support/mongo_sim_process.h"

namespace {

testing_support::MongoSimProcess* g_sim = nullptr;

class SimEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    mongoc_init();
    g_sim = new testing_support::MongoSimProcess();
  }
  void TearDown() override {
    delete g_sim;
    g_sim = nullptr;
    mongoc_cleanup();
  }
};
const auto* const kEnv = ::testing::AddGlobalTestEnvironment(new SimEnvironment);

std::string WithOptions(std::string uri, const std::string& opts) {
  uri += (uri.find('?') == std::string::npos ? "?" : "&") + opts;
  return uri;
}

struct ClientDeleter {
  void operator()(mongoc_client_t* c) const { mongoc_client_destroy(c); }
};
using ClientPtr = std::unique_ptr<mongoc_client_t, ClientDeleter>;

// Connects to `base` (the replica-set URI by default) with server selection that waits, so a
// failure reports its real cause instead of "No servers yet eligible for rescan".
ClientPtr Connect(std::string base = "") {
  if (base.empty()) base = g_sim->uri();
  std::string uri =
      WithOptions(base, "serverSelectionTryOnce=false&serverSelectionTimeoutMS=10000");
  bson_error_t error;
  mongoc_uri_t* parsed = mongoc_uri_new_with_error(uri.c_str(), &error);
  EXPECT_NE(parsed, nullptr) << error.message;
  ClientPtr client(mongoc_client_new_from_uri(parsed));
  mongoc_uri_destroy(parsed);
  return client;
}

// A database name unique to one test.
std::string TestDb() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return std::string("lmc_") + info->name() + "_" + std::to_string(::getpid());
}

std::string TokenData(const bson_t* token) {
  bson_iter_t it;
  if (token == nullptr || !bson_iter_init_find(&it, token, "_data") || !BSON_ITER_HOLDS_UTF8(&it))
    return {};
  return bson_iter_utf8(&it, nullptr);
}

void Insert(mongoc_collection_t* coll, int id) {
  bson_t* doc = BCON_NEW("_id", BCON_INT32(id), "payload", BCON_UTF8("x"));
  bson_error_t error;
  ASSERT_TRUE(mongoc_collection_insert_one(coll, doc, nullptr, nullptr, &error)) << error.message;
  bson_destroy(doc);
}

// Reads the next event, retrying empty getMores for up to ~10 s (a liveness bound).
const bson_t* NextEvent(mongoc_change_stream_t* stream) {
  const bson_t* event = nullptr;
  for (int i = 0; i < 50; ++i) {
    if (mongoc_change_stream_next(stream, &event)) return event;
    bson_error_t error;
    const bson_t* reply = nullptr;
    if (mongoc_change_stream_error_document(stream, &error, &reply)) {
      ADD_FAILURE() << "change stream error: " << error.message;
      return nullptr;
    }
  }
  ADD_FAILURE() << "no change event";
  return nullptr;
}

TEST(MongoSimLibmongoc, ReplicaSetAndDirectHandshakes) {
  std::vector<std::string> uris = {g_sim->uri()};
  if (!g_sim->external())
    uris.push_back("mongodb://127.0.0.1:" + std::to_string(g_sim->port()) +
                   "/?directConnection=true");
  for (const std::string& uri : uris) {
    ClientPtr client = Connect(uri);
    bson_t* ping = BCON_NEW("ping", BCON_INT32(1));
    bson_t reply;
    bson_error_t error;
    EXPECT_TRUE(mongoc_client_command_simple(client.get(), "admin", ping, nullptr, &reply, &error))
        << uri << ": " << error.message;
    bson_destroy(&reply);
    bson_destroy(ping);
  }
}

// A pooled client monitors in the background with awaitable (streaming) hello.
TEST(MongoSimLibmongoc, PooledClientWithStreamingMonitor) {
  std::string uri_text = WithOptions(
      g_sim->uri(),
      "serverSelectionTryOnce=false&serverSelectionTimeoutMS=10000&heartbeatFrequencyMS=500");
  mongoc_uri_t* uri = mongoc_uri_new(uri_text.c_str());
  ASSERT_NE(uri, nullptr);
  mongoc_client_pool_t* pool = mongoc_client_pool_new(uri);
  for (int round = 0; round < 3; ++round) {
    mongoc_client_t* client = mongoc_client_pool_pop(pool);
    bson_t* ping = BCON_NEW("ping", BCON_INT32(1));
    bson_t reply;
    bson_error_t error;
    EXPECT_TRUE(mongoc_client_command_simple(client, "admin", ping, nullptr, &reply, &error))
        << error.message;
    bson_destroy(&reply);
    bson_destroy(ping);
    mongoc_client_pool_push(pool, client);
  }
  mongoc_client_pool_destroy(pool);  // must not hang on a monitor waiting in hello
  mongoc_uri_destroy(uri);
}

TEST(MongoSimLibmongoc, UnknownCommandIsCommandNotFound) {
  ClientPtr client = Connect();
  bson_t* cmd = BCON_NEW("frobnicate", BCON_INT32(1));
  bson_t reply;
  bson_error_t error;
  EXPECT_FALSE(mongoc_client_command_simple(client.get(), "admin", cmd, nullptr, &reply, &error));
  EXPECT_EQ(error.code, 59u);
  EXPECT_STREQ(error.message, "no such command: 'frobnicate'");
  bson_destroy(&reply);
  bson_destroy(cmd);
}

TEST(MongoSimLibmongoc, WatchReadsEventsAndResumeTokens) {
  ClientPtr client = Connect();
  std::string db = TestDb();
  mongoc_collection_t* coll = mongoc_client_get_collection(client.get(), db.c_str(), "events");
  mongoc_collection_t* other = mongoc_client_get_collection(client.get(), db.c_str(), "other");
  bson_t pipeline = BSON_INITIALIZER;
  bson_t* opts = BCON_NEW("maxAwaitTimeMS", BCON_INT64(100));
  mongoc_change_stream_t* stream = mongoc_collection_watch(coll, &pipeline, opts);
  const bson_t* initial = mongoc_change_stream_get_resume_token(stream);
  std::string initial_token = TokenData(initial);
  EXPECT_FALSE(initial_token.empty()) << "the aggregate reply carries a postBatchResumeToken";

  for (int i = 1; i <= 3; ++i)
    Insert(coll, i);
  std::string last_event_token;
  for (int i = 1; i <= 3; ++i) {
    const bson_t* event = NextEvent(stream);
    ASSERT_NE(event, nullptr);
    bson_iter_t it;
    ASSERT_TRUE(bson_iter_init_find(&it, event, "operationType"));
    EXPECT_STREQ(bson_iter_utf8(&it, nullptr), "insert");
    bson_iter_t key;
    ASSERT_TRUE(bson_iter_init(&it, event) &&
                bson_iter_find_descendant(&it, "documentKey._id", &key));
    EXPECT_EQ(bson_iter_int32(&key), i);
    std::string token = TokenData(mongoc_change_stream_get_resume_token(stream));
    EXPECT_GT(token, initial_token);
    EXPECT_GT(token, last_event_token) << "tokens sort in oplog order";
    last_event_token = token;
  }

  // A write elsewhere moves the postBatchResumeToken of this quiet stream.
  Insert(other, 1);
  const bson_t* none = nullptr;
  std::string advanced = last_event_token;
  for (int i = 0; i < 50 && advanced == last_event_token; ++i) {
    EXPECT_FALSE(mongoc_change_stream_next(stream, &none));
    advanced = TokenData(mongoc_change_stream_get_resume_token(stream));
  }
  EXPECT_GT(advanced, last_event_token);

  // Resuming after the first event's token replays the second and third.
  mongoc_change_stream_destroy(stream);
  Insert(coll, 4);
  bson_t* resume_opts = BCON_NEW("maxAwaitTimeMS", BCON_INT64(100), "resumeAfter", "{", "_data",
                                 BCON_UTF8(last_event_token.c_str()), "}");
  stream = mongoc_collection_watch(coll, &pipeline, resume_opts);
  const bson_t* event = NextEvent(stream);
  ASSERT_NE(event, nullptr);
  bson_iter_t it, key;
  ASSERT_TRUE(bson_iter_init(&it, event) &&
              bson_iter_find_descendant(&it, "documentKey._id", &key));
  EXPECT_EQ(bson_iter_int32(&key), 4);

  mongoc_change_stream_destroy(stream);
  bson_destroy(resume_opts);
  bson_destroy(opts);
  bson_destroy(&pipeline);
  mongoc_collection_destroy(other);
  mongoc_collection_destroy(coll);
}

TEST(MongoSimLibmongoc, ResumeFromTruncatedHistoryFailsWith286) {
  if (g_sim->external()) GTEST_SKIP() << "simTruncateOplog exists only in mongo-sim";
  ClientPtr client = Connect();
  std::string db = TestDb();
  mongoc_collection_t* coll = mongoc_client_get_collection(client.get(), db.c_str(), "t");
  bson_t pipeline = BSON_INITIALIZER;
  bson_t* opts = BCON_NEW("maxAwaitTimeMS", BCON_INT64(100));
  mongoc_change_stream_t* stream = mongoc_collection_watch(coll, &pipeline, opts);
  Insert(coll, 1);
  ASSERT_NE(NextEvent(stream), nullptr);
  std::string token = TokenData(mongoc_change_stream_get_resume_token(stream));
  mongoc_change_stream_destroy(stream);
  Insert(coll, 2);
  Insert(coll, 3);
  bson_t* truncate = BCON_NEW("simTruncateOplog", BCON_INT32(1), "keepLast", BCON_INT32(1));
  bson_t reply;
  bson_error_t error;
  ASSERT_TRUE(
      mongoc_client_command_simple(client.get(), "admin", truncate, nullptr, &reply, &error))
      << error.message;
  bson_destroy(&reply);
  bson_t* resume_opts = BCON_NEW("resumeAfter", "{", "_data", BCON_UTF8(token.c_str()), "}");
  stream = mongoc_collection_watch(coll, &pipeline, resume_opts);
  const bson_t* event = nullptr;
  EXPECT_FALSE(mongoc_change_stream_next(stream, &event));
  const bson_t* err_doc = nullptr;
  ASSERT_TRUE(mongoc_change_stream_error_document(stream, &error, &err_doc));
  EXPECT_EQ(error.code, 286u);
  EXPECT_NE(std::string(error.message).find("resume point may no longer be in the oplog"),
            std::string::npos)
      << error.message;
  mongoc_change_stream_destroy(stream);
  bson_destroy(resume_opts);
  bson_destroy(truncate);
  bson_destroy(opts);
  bson_destroy(&pipeline);
  mongoc_collection_destroy(coll);
}

TEST(MongoSimLibmongoc, TokenFromAnotherDeploymentFailsWith280) {
  if (g_sim->external()) GTEST_SKIP() << "needs a second, fresh mongo-sim";
  ClientPtr client = Connect();
  mongoc_collection_t* coll = mongoc_client_get_collection(client.get(), TestDb().c_str(), "c");
  bson_t pipeline = BSON_INITIALIZER;
  bson_t* opts = BCON_NEW("maxAwaitTimeMS", BCON_INT64(100));
  mongoc_change_stream_t* stream = mongoc_collection_watch(coll, &pipeline, opts);
  Insert(coll, 1);
  ASSERT_NE(NextEvent(stream), nullptr);
  std::string token = TokenData(mongoc_change_stream_get_resume_token(stream));
  mongoc_change_stream_destroy(stream);
  mongoc_collection_destroy(coll);

  testing_support::MongoSimProcess fresh;  // e.g. the simulator after a restart
  ClientPtr other = Connect(fresh.uri());
  coll = mongoc_client_get_collection(other.get(), TestDb().c_str(), "c");
  bson_t* resume_opts = BCON_NEW("resumeAfter", "{", "_data", BCON_UTF8(token.c_str()), "}");
  stream = mongoc_collection_watch(coll, &pipeline, resume_opts);
  const bson_t* event = nullptr;
  EXPECT_FALSE(mongoc_change_stream_next(stream, &event));
  bson_error_t error;
  const bson_t* err_doc = nullptr;
  ASSERT_TRUE(mongoc_change_stream_error_document(stream, &error, &err_doc));
  EXPECT_EQ(error.code, 280u);
  EXPECT_EQ(std::string(error.message),
            "cannot resume stream; the resume token was not found. " + token);
  mongoc_change_stream_destroy(stream);
  bson_destroy(resume_opts);
  bson_destroy(opts);
  bson_destroy(&pipeline);
  mongoc_collection_destroy(coll);
}

TEST(MongoSimLibmongoc, OplogSizeCapLosesOldHistory) {
  if (g_sim->external()) GTEST_SKIP() << "--oplog-size is a mongo-sim flag";
  testing_support::MongoSimProcess capped({"--oplog-size", "5"});
  ClientPtr client = Connect(capped.uri());
  mongoc_collection_t* coll = mongoc_client_get_collection(client.get(), "capdb", "c");
  bson_t pipeline = BSON_INITIALIZER;
  bson_t* opts = BCON_NEW("maxAwaitTimeMS", BCON_INT64(100));
  mongoc_change_stream_t* stream = mongoc_collection_watch(coll, &pipeline, opts);
  Insert(coll, 1);
  ASSERT_NE(NextEvent(stream), nullptr);
  std::string token = TokenData(mongoc_change_stream_get_resume_token(stream));
  mongoc_change_stream_destroy(stream);
  for (int i = 2; i <= 10; ++i)
    Insert(coll, i);  // pushes entry 1 out of a 5-entry oplog
  bson_t* resume_opts = BCON_NEW("resumeAfter", "{", "_data", BCON_UTF8(token.c_str()), "}");
  stream = mongoc_collection_watch(coll, &pipeline, resume_opts);
  const bson_t* event = nullptr;
  EXPECT_FALSE(mongoc_change_stream_next(stream, &event));
  bson_error_t error;
  const bson_t* err_doc = nullptr;
  ASSERT_TRUE(mongoc_change_stream_error_document(stream, &error, &err_doc));
  EXPECT_EQ(error.code, 286u) << error.message;
  mongoc_change_stream_destroy(stream);
  bson_destroy(resume_opts);
  bson_destroy(opts);
  bson_destroy(&pipeline);
  mongoc_collection_destroy(coll);
}

}  // namespace
