// The data store: databases, their collections, and each collection's documents keyed by _id.
//
// Not thread-safe by itself: ServerState's mutex guards it. Documents are immutable and shared
// with the oplog (an insert's post-image is the stored document itself).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "bson_values.h"

namespace mongosim {

struct Collection {
  std::string uuid;  // 16 random bytes
  bool pre_and_post_images = false;
  std::map<std::string, DocPtr> docs;  // IdKey(doc) -> doc, iterated in _id order
  std::vector<DocPtr> indexes;         // index specs beyond the implicit _id_ index
};

struct Database {
  std::map<std::string, Collection> collections;
};

class Catalog {
 public:
  Collection* Find(const std::string& db, const std::string& coll);
  // Creates the collection if missing; `created` tells whether it did.
  Collection& Ensure(const std::string& db, const std::string& coll, bool& created);
  bool Drop(const std::string& db, const std::string& coll);
  // Moves `from` to `to` (same or another database), keeping its UUID and documents.
  void Rename(const std::string& from_db, const std::string& from_coll, const std::string& to_db,
              const std::string& to_coll);
  Database* FindDatabase(const std::string& db);
  void DropDatabase(const std::string& db);
  const std::map<std::string, Database>& databases() const { return dbs_; }

 private:
  std::map<std::string, Database> dbs_;
};

// 16 random bytes for a new collection UUID.
std::string NewUuid();

}  // namespace mongosim
