// MongoClientPool: a libmongoc client pool for one deployment (URI), and the process-wide driver
// initialisation. Each reader thread leases its own client: a mongoc_client_t is not thread-safe.
#pragma once

#include <mongoc/mongoc.h>

#include <memory>
#include <string>

#include "core/status.h"

namespace cdc {

class MongoClientPool {
 public:
  // A leased client, returned to the pool on destruction. Use from one thread.
  class Lease {
   public:
    Lease(mongoc_client_pool_t* pool, mongoc_client_t* client) : pool_(pool), client_(client) {}
    Lease(Lease&& o) noexcept : pool_(o.pool_), client_(std::exchange(o.client_, nullptr)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (client_ != nullptr) mongoc_client_pool_push(pool_, client_);
    }
    mongoc_client_t* get() const { return client_; }

   private:
    mongoc_client_pool_t* pool_;
    mongoc_client_t* client_;
  };

  // Parses `uri` (errors name the URI with its password masked) and creates the pool. Does not
  // connect: the first command does.
  static core::Result<std::unique_ptr<MongoClientPool>> Create(const std::string& uri,
                                                               const std::string& app_name);
  ~MongoClientPool();
  MongoClientPool(const MongoClientPool&) = delete;
  MongoClientPool& operator=(const MongoClientPool&) = delete;

  // Blocks until a client is free (the pool's maxPoolSize, 100 by default).
  Lease Pop() { return {pool_, mongoc_client_pool_pop(pool_)}; }

  // Runs {ping: 1} against the admin database: for /ready and startup checks.
  core::Status Ping();

 private:
  explicit MongoClientPool(mongoc_client_pool_t* pool) : pool_(pool) {}
  mongoc_client_pool_t* pool_;
};

// mongoc_init() once per process (and mongoc_cleanup() at exit). Safe to call repeatedly.
void EnsureMongoDriverInitialized();

}  // namespace cdc
