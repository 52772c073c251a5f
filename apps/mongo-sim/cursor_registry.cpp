#include "cursor_registry.h"

namespace mongosim {

std::shared_ptr<Cursor> CursorRegistry::Add(std::unique_ptr<Cursor> cursor) {
  cursor->id = next_id_;
  next_id_ += 7;  // ids are opaque to clients; a stride makes mistakes with them visible
  std::shared_ptr<Cursor> shared(std::move(cursor));
  cursors_[shared->id] = shared;
  return shared;
}

std::shared_ptr<Cursor> CursorRegistry::Find(int64_t id) const {
  auto it = cursors_.find(id);
  return it == cursors_.end() ? nullptr : it->second;
}

bool CursorRegistry::Kill(int64_t id) {
  auto it = cursors_.find(id);
  if (it == cursors_.end()) return false;
  it->second->killed = true;
  cursors_.erase(it);
  return true;
}

void CursorRegistry::KillAll() {
  for (auto& [id, c] : cursors_)
    c->killed = true;
  cursors_.clear();
}

}  // namespace mongosim
