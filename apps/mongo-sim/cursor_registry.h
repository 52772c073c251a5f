// Open cursors: query cursors (find, listCollections, aggregate) holding their remaining
// documents, and change-stream cursors holding a ChangeStream. Guarded by ServerState's mutex.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bson_values.h"
#include "change_stream.h"

namespace mongosim {

struct Cursor {
  int64_t id = 0;
  std::string ns;  // "db.coll" as reported in cursor replies
  std::string db;
  // Query cursor: documents not yet returned.
  std::vector<DocPtr> docs;
  size_t next = 0;
  // Change-stream cursor (null for query cursors).
  std::unique_ptr<ChangeStream> stream;
  bool busy = false;  // a getMore is running (possibly waiting for events)
  bool killed = false;
};

class CursorRegistry {
 public:
  // Registers a cursor under a fresh id (positive, never reused) and returns it.
  std::shared_ptr<Cursor> Add(std::unique_ptr<Cursor> cursor);
  std::shared_ptr<Cursor> Find(int64_t id) const;
  bool Kill(int64_t id);
  void KillAll();

 private:
  int64_t next_id_ = 1000;
  std::map<int64_t, std::shared_ptr<Cursor>> cursors_;
};

}  // namespace mongosim
