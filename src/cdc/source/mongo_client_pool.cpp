#include "cdc/source/mongo_client_pool.h"

#include <cstdlib>
#include <mutex>
#include <regex>
#include <utility>

#include "cdc/source/mongo_error.h"

namespace cdc {

namespace {

// mongodb://user:secret@host -> mongodb://user:****@host (for error messages).
std::string MaskPassword(const std::string& uri) {
  static const std::regex kUserInfo(R"(^([a-zA-Z+]+://[^:/@]*):[^@/]*@)");
  return std::regex_replace(uri, kUserInfo, "$1:****@");
}

}  // namespace

void EnsureMongoDriverInitialized() {
  static std::once_flag once;
  std::call_once(once, [] {
    mongoc_init();
    std::atexit([] { mongoc_cleanup(); });
  });
}

core::Result<std::unique_ptr<MongoClientPool>> MongoClientPool::Create(
    const std::string& uri, const std::string& app_name) {
  EnsureMongoDriverInitialized();
  bson_error_t error;
  mongoc_uri_t* parsed = mongoc_uri_new_with_error(uri.c_str(), &error);
  if (parsed == nullptr) {
    return core::InvalidArgument("invalid MongoDB URI \"" + MaskPassword(uri) +
                                 "\": " + error.message +
                                 "; expected mongodb://[user:pass@]host[:port][/?options]");
  }
  if (!app_name.empty()) mongoc_uri_set_appname(parsed, app_name.c_str());
  mongoc_client_pool_t* pool = mongoc_client_pool_new_with_error(parsed, &error);
  mongoc_uri_destroy(parsed);
  if (pool == nullptr) {
    return core::InvalidArgument("cannot create MongoDB client pool for \"" + MaskPassword(uri) +
                                 "\": " + error.message);
  }
  mongoc_client_pool_set_error_api(pool, MONGOC_ERROR_API_VERSION_2);
  return std::unique_ptr<MongoClientPool>(new MongoClientPool(pool));
}

MongoClientPool::~MongoClientPool() {
  mongoc_client_pool_destroy(pool_);
}

core::Status MongoClientPool::Ping() {
  Lease lease = Pop();
  bson_t cmd = BSON_INITIALIZER;
  bson_append_int32(&cmd, "ping", 4, 1);
  bson_t reply;
  bson_error_t error;
  const bool ok = mongoc_client_command_simple(lease.get(), "admin", &cmd, nullptr, &reply, &error);
  core::Status st;
  if (!ok) st = ClassifyMongoError(error, &reply).status.WithContext("MongoDB ping");
  bson_destroy(&cmd);
  bson_destroy(&reply);
  return st;
}

}  // namespace cdc
