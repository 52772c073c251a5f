// Shared by the rigatoni end-to-end test binaries (rigatoni_*_test.cpp): the simulator started
// once per binary, a libmongoc client that writes workloads, the environment rigatoni starts
// with, and small readers of what it wrote. Header-only because each test file is its own binary
// and test_support does not link libmongoc.
#pragma once

#include <gtest/gtest.h>
#include <mongoc/mongoc.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cdc/state/file_state_store.h"
#include "support/duckdb.h"
#include "support/mongo_sim_process.h"
#include "support/rigatoni_process.h"
#include "support/temp_dir.h"

namespace rigatoni_e2e {

// The simulator, started once per test binary (each test uses its own database).
inline testing_support::MongoSimProcess* g_sim = nullptr;

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

// Success, or a failure that carries the status message (log tails included).
inline ::testing::AssertionResult IsOk(const core::Status& st) {
  if (st.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << st.ToString();
}

// A database name unique to the running test (and process).
inline std::string TestDatabase() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = std::string("e2e_") + info->name() + "_" + std::to_string(::getpid());
  for (char& c : name) {
    if (c == '/') c = '_';
  }
  return name;
}

// A libmongoc client of the simulator. Not thread-safe: one per thread.
class MongoWriter {
 public:
  explicit MongoWriter(const std::string& db) : db_(db) {
    const std::string uri = g_sim->uri() +
                            (g_sim->uri().find('?') == std::string::npos ? "?" : "&") +
                            "serverSelectionTryOnce=false&serverSelectionTimeoutMS=10000";
    client_ = mongoc_client_new(uri.c_str());
    mongoc_client_set_appname(client_, "rigatoni-e2e-test");
  }
  ~MongoWriter() { mongoc_client_destroy(client_); }
  MongoWriter(const MongoWriter&) = delete;
  MongoWriter& operator=(const MongoWriter&) = delete;

  // Each call returns false (with `error_` set) when the server refuses the write.
  bool Insert(const std::string& coll, bson_t* doc) { return Run(coll, Kind::kInsert, doc); }
  // Inserts {_id: "<id_prefix><n>", n, payload} for n in [first, first + count) in one command.
  bool InsertMany(const std::string& coll, const std::string& id_prefix, int first, int count,
                  const std::string& payload) {
    // A plain array: bson_t's alignment attribute makes std::vector<bson_t*> warn.
    bson_t** docs = new bson_t*[static_cast<size_t>(count)];
    for (int k = 0; k < count; ++k) {
      const std::string id = id_prefix + std::to_string(first + k);
      docs[k] = BCON_NEW("_id", BCON_UTF8(id.c_str()), "n", BCON_INT32(first + k), "payload",
                         BCON_UTF8(payload.c_str()));
    }
    mongoc_collection_t* c = mongoc_client_get_collection(client_, db_.c_str(), coll.c_str());
    const bool ok = mongoc_collection_insert_many(
        c, const_cast<const bson_t**>(docs), static_cast<size_t>(count), nullptr, nullptr, &error_);
    mongoc_collection_destroy(c);
    for (int k = 0; k < count; ++k)
      bson_destroy(docs[k]);
    delete[] docs;
    return ok;
  }
  bool Update(const std::string& coll, const std::string& id, bson_t* update) {
    return Run(coll, Kind::kUpdate, update, id);
  }
  bool Replace(const std::string& coll, const std::string& id, bson_t* doc) {
    return Run(coll, Kind::kReplace, doc, id);
  }
  bool Delete(const std::string& coll, const std::string& id) {
    return Run(coll, Kind::kDelete, nullptr, id);
  }
  bool Drop(const std::string& coll) {
    mongoc_collection_t* c = mongoc_client_get_collection(client_, db_.c_str(), coll.c_str());
    const bool ok = mongoc_collection_drop(c, &error_);
    mongoc_collection_destroy(c);
    return ok;
  }
  // An admin command (e.g. simTruncateOplog); `cmd` is consumed.
  bool AdminCommand(bson_t* cmd) {
    bson_t reply;
    const bool ok = mongoc_client_command_simple(client_, "admin", cmd, nullptr, &reply, &error_);
    bson_destroy(&reply);
    bson_destroy(cmd);
    return ok;
  }
  std::string error() const { return error_.message; }

 private:
  enum class Kind { kInsert, kUpdate, kReplace, kDelete };
  bool Run(const std::string& coll, Kind kind, bson_t* doc, const std::string& id = "") {
    mongoc_collection_t* c = mongoc_client_get_collection(client_, db_.c_str(), coll.c_str());
    bson_t* selector = BCON_NEW("_id", BCON_UTF8(id.c_str()));
    bool ok = false;
    switch (kind) {
      case Kind::kInsert:
        ok = mongoc_collection_insert_one(c, doc, nullptr, nullptr, &error_);
        break;
      case Kind::kUpdate:
        ok = mongoc_collection_update_one(c, selector, doc, nullptr, nullptr, &error_);
        break;
      case Kind::kReplace:
        ok = mongoc_collection_replace_one(c, selector, doc, nullptr, nullptr, &error_);
        break;
      case Kind::kDelete:
        ok = mongoc_collection_delete_one(c, selector, nullptr, nullptr, &error_);
        break;
    }
    bson_destroy(selector);
    if (doc != nullptr) bson_destroy(doc);
    mongoc_collection_destroy(c);
    return ok;
  }

  std::string db_;
  mongoc_client_t* client_ = nullptr;
  bson_error_t error_{};
};

// Per-test lake and state directories, and the environment rigatoni runs with.
struct RigatoniDirs {
  testing_support::TempDir root{"rr-e2e-"};
  std::filesystem::path lake = root.path() / "lake";
  std::filesystem::path state = root.path() / "state";
  std::string Log(const std::string& name) const { return root.File(name + ".log"); }
};

inline testing_support::EnvList BaseEnv(const RigatoniDirs& dirs, const std::string& db,
                                        const std::string& collections) {
  return {
      {"MONGODB_URI", g_sim->uri()},
      {"MONGODB_DATABASE", db},
      {"MONGODB_COLLECTIONS", collections},
      {"DESTINATION_URL", "file://" + dirs.lake.string()},
      {"STATE_STORE_URL", "file://" + dirs.state.string()},
      {"BATCH_SIZE", "500"},
      {"BATCH_TIMEOUT_MS", "300"},
      {"MAX_AWAIT_TIME_MS", "200"},
      {"HEARTBEAT_INTERVAL_MS", "300"},
      {"LOG_LEVEL", "info"},
  };
}

// Sets (or overrides) one variable.
inline void SetEnv(testing_support::EnvList& env, const std::string& key,
                   const std::string& value) {
  for (auto& [k, v] : env) {
    if (k == key) {
      v = value;
      return;
    }
  }
  env.emplace_back(key, value);
}

// A DuckDB list literal of the lake's objects whose name ends with `suffix`: ['/a', '/b'].
inline std::string SqlFileList(const std::filesystem::path& lake,
                               const std::vector<std::string>& objects) {
  std::string list = "[";
  for (const std::string& rel : objects) {
    if (list.size() > 1) list += ", ";
    list += testing_support::SqlLiteral((lake / rel).string());
  }
  return list + "]";
}

// The `_data` string of a resume token given as BSON bytes ("" when absent).
inline std::string TokenData(const std::string& bson_bytes) {
  bson_t token;
  if (!bson_init_static(&token, reinterpret_cast<const uint8_t*>(bson_bytes.data()),
                        bson_bytes.size())) {
    return {};
  }
  bson_iter_t it;
  if (!bson_iter_init_find(&it, &token, "_data") || !BSON_ITER_HOLDS_UTF8(&it)) return {};
  return bson_iter_utf8(&it, nullptr);
}

// The `_data` of the checkpointed token of `stream` in rigatoni's file state store (pipeline
// "rigatoni"), read fresh from disk; nullopt when there is no checkpoint yet.
inline std::optional<std::string> CheckpointTokenData(const std::filesystem::path& state,
                                                      const std::string& stream) {
  auto store = cdc::FileStateStore::Open(state, "rigatoni");
  if (!store.ok()) return std::nullopt;
  auto cp = (*store)->LoadCheckpoint(stream);
  if (!cp.ok() || !cp->has_value()) return std::nullopt;
  return TokenData((*cp)->token);
}

// Pending (not yet checkpointed) batch manifests of `stream`.
inline size_t PendingManifests(const std::filesystem::path& state, const std::string& stream) {
  auto store = cdc::FileStateStore::Open(state, "rigatoni");
  if (!store.ok()) return 0;
  auto m = (*store)->LoadManifests(stream);
  return m.ok() ? m->size() : 0;
}

// Single-value DuckDB query over the JSON Lines objects of the lake, e.g.
// "SELECT count(*) AS v FROM events": `events` is a view of read_ndjson_objects over them.
inline std::vector<std::string> QueryJsonLines(const std::filesystem::path& lake,
                                               const std::string& select) {
  std::vector<std::string> jsonl;
  for (const std::string& rel : testing_support::LakeObjects(lake)) {
    if (rel.find(".jsonl") != std::string::npos) jsonl.push_back(rel);
  }
  if (jsonl.empty()) return {};
  auto rows =
      testing_support::DuckDbQuery({"CREATE VIEW events AS SELECT * FROM read_ndjson_objects(" +
                                        SqlFileList(lake, jsonl) + ", filename = true)",
                                    select});
  EXPECT_TRUE(rows.ok()) << rows.status().ToString();
  return rows.ok() ? *rows : std::vector<std::string>{};
}

}  // namespace rigatoni_e2e
