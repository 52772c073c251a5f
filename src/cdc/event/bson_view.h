// BsonView: a non-owning view of an encoded BSON document or array (its bytes, length prefix
// included). Cheap to copy. The bytes must outlive the view.
#pragma once

#include <bson/bson.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace cdc {

class BsonView {
 public:
  BsonView() = default;
  BsonView(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  // A view over a bson_t's bytes; `doc` must outlive the view and not be modified.
  static BsonView Of(const bson_t* doc) { return {bson_get_data(doc), doc->len}; }

  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ <= 5; }  // 5 bytes = an empty document
  explicit operator bool() const { return data_ != nullptr; }
  std::string_view bytes() const { return {reinterpret_cast<const char*>(data_), size_}; }

  // A read-only bson_t over the same bytes (bson_init_static); valid while the bytes live.
  bson_t AsBson() const {
    bson_t b;
    bson_init_static(&b, data_, size_);
    return b;
  }

  // An iterator positioned before the first element.
  bool InitIter(bson_iter_t* it) const { return bson_iter_init_from_data(it, data_, size_); }

  friend bool operator==(BsonView a, BsonView b) {
    return a.size_ == b.size_ && (a.size_ == 0 || std::memcmp(a.data_, b.data_, a.size_) == 0);
  }

 private:
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

// The document or array a bson_iter_t points at, as a view (empty view for other types).
inline BsonView SubView(const bson_iter_t* it) {
  uint32_t len = 0;
  const uint8_t* data = nullptr;
  if (BSON_ITER_HOLDS_DOCUMENT(it)) {
    bson_iter_document(it, &len, &data);
  } else if (BSON_ITER_HOLDS_ARRAY(it)) {
    bson_iter_array(it, &len, &data);
  }
  return {data, len};
}

}  // namespace cdc
