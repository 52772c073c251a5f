// BsonPtr: unique ownership of a heap bson_t (from bson_new, bson_copy, bson_new_from_json, ...).
// (A hand-written holder: std::unique_ptr<bson_t> trips -Wignored-attributes on bson_t's
// alignment attribute.)
#pragma once

#include <bson/bson.h>

#include <cstddef>
#include <utility>

namespace cdc {

class BsonPtr {
 public:
  BsonPtr() = default;
  explicit BsonPtr(bson_t* b) : b_(b) {}
  BsonPtr(BsonPtr&& o) noexcept : b_(o.release()) {}
  BsonPtr& operator=(BsonPtr&& o) noexcept {
    if (this != &o) reset(o.release());
    return *this;
  }
  BsonPtr(const BsonPtr&) = delete;
  BsonPtr& operator=(const BsonPtr&) = delete;
  ~BsonPtr() { reset(); }

  bson_t* get() const { return b_; }
  bson_t* operator->() const { return b_; }
  explicit operator bool() const { return b_ != nullptr; }
  friend bool operator==(const BsonPtr& p, std::nullptr_t) { return p.b_ == nullptr; }

  void reset(bson_t* b = nullptr) {
    if (b_ != nullptr) bson_destroy(b_);
    b_ = b;
  }
  // (Not std::exchange: its template drops bson_t's alignment attribute, which clang flags.)
  bson_t* release() {
    bson_t* b = b_;
    b_ = nullptr;
    return b;
  }

 private:
  bson_t* b_ = nullptr;
};

}  // namespace cdc
