#include "catalog.h"

#include <random>

namespace mongosim {

std::string NewUuid() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  std::string uuid(16, '\0');
  for (size_t i = 0; i < 16; i += 8) {
    uint64_t r = rng();
    for (size_t j = 0; j < 8; ++j)
      uuid[i + j] = char((r >> (8 * j)) & 0xff);
  }
  uuid[6] = char((uuid[6] & 0x0f) | 0x40);  // version 4
  uuid[8] = char((uuid[8] & 0x3f) | 0x80);  // RFC 4122 variant
  return uuid;
}

Collection* Catalog::Find(const std::string& db, const std::string& coll) {
  auto d = dbs_.find(db);
  if (d == dbs_.end()) return nullptr;
  auto c = d->second.collections.find(coll);
  return c == d->second.collections.end() ? nullptr : &c->second;
}

Collection& Catalog::Ensure(const std::string& db, const std::string& coll, bool& created) {
  auto& colls = dbs_[db].collections;
  auto it = colls.find(coll);
  created = it == colls.end();
  if (!created) return it->second;
  Collection& c = colls[coll];
  c.uuid = NewUuid();
  return c;
}

bool Catalog::Drop(const std::string& db, const std::string& coll) {
  auto d = dbs_.find(db);
  if (d == dbs_.end()) return false;
  bool erased = d->second.collections.erase(coll) > 0;
  if (d->second.collections.empty()) dbs_.erase(d);
  return erased;
}

void Catalog::Rename(const std::string& from_db, const std::string& from_coll,
                     const std::string& to_db, const std::string& to_coll) {
  Collection moved = std::move(dbs_[from_db].collections[from_coll]);
  Drop(from_db, from_coll);
  dbs_[to_db].collections[to_coll] = std::move(moved);
}

Database* Catalog::FindDatabase(const std::string& db) {
  auto d = dbs_.find(db);
  return d == dbs_.end() ? nullptr : &d->second;
}

void Catalog::DropDatabase(const std::string& db) {
  dbs_.erase(db);
}

}  // namespace mongosim
