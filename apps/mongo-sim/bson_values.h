// Small BSON value helpers shared by the matcher, the update engine and the commands: MongoDB's
// cross-type value ordering, dotted-path lookup, and owned document handles.
#pragma once

#include <bson/bson.h>

#include <memory>
#include <string>
#include <string_view>

namespace mongosim {

// An immutable BSON document shared between the collection store, the oplog and cursors.
// Thread-safe to read from any thread; never mutated after construction.
class Document {
 public:
  explicit Document(const bson_t& doc)
      : bytes_(reinterpret_cast<const char*>(bson_get_data(&doc)), doc.len) {}
  explicit Document(std::string bytes) : bytes_(std::move(bytes)) {}

  // A read-only bson_t view valid while this Document lives.
  bson_t View() const {
    bson_t v;
    bson_init_static(&v, reinterpret_cast<const uint8_t*>(bytes_.data()), bytes_.size());
    return v;
  }
  size_t size() const { return bytes_.size(); }
  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
};
using DocPtr = std::shared_ptr<const Document>;

inline DocPtr MakeDoc(const bson_t& doc) {
  return std::make_shared<const Document>(doc);
}

// Orders two values as MongoDB does across types (numbers compare numerically across int32, int64
// and double; then strings, documents, arrays, binary, ObjectId, bool, date, timestamp).
// Returns <0, 0, >0.
int CompareValues(const bson_value_t& a, const bson_value_t& b);

// Equality in MongoDB query semantics (1 == 1.0 == Long(1)).
inline bool ValuesEqual(const bson_value_t& a, const bson_value_t& b) {
  return CompareValues(a, b) == 0;
}

// Finds a dotted path ("a.b.0.c") in `doc`. On success `out` points into `doc`'s buffer.
bool FindPath(const bson_t& doc, std::string_view path, bson_iter_t& out);

// The canonical bytes of a document's `_id` value (type byte + value), used as the store key.
// Empty if the document has no _id.
std::string IdKey(const bson_t& doc);
std::string IdKeyOf(const bson_value_t& value);

// The value of top-level field `name`, or nullptr.
const bson_value_t* FieldValue(const bson_t& doc, const char* name, bson_iter_t& it);

// Reads a numeric field as int64 (int32, int64 or double); `fallback` when absent or not numeric.
int64_t IntField(const bson_t& doc, const char* name, int64_t fallback);
// Reads a boolean-ish field (bool or number != 0).
bool BoolField(const bson_t& doc, const char* name, bool fallback);
// Reads a string field; empty when absent or not a string.
std::string StringField(const bson_t& doc, const char* name);
// Borrows a sub-document or array field into `out` (a static view). False when absent/wrong type.
bool SubDocument(const bson_t& doc, const char* name, bson_t& out);
bool IterDocument(const bson_iter_t& it, bson_t& out);

// Appends `value` under `key` (length-explicit so dotted keys and array indexes work).
void AppendValue(bson_t& dst, std::string_view key, const bson_value_t& value);

}  // namespace mongosim
