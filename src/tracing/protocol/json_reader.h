// JsonReader: typed reads from a simdjson DOM element with error messages that name the field
// path and the problem ("RecordEvent.event.timestamp: expected an RFC 3339 string, got 42").
//
// Internal to the protocol codec. Paths are built as a chain of stack frames (FieldPath) and only
// rendered into a string when an error is reported, so the happy path allocates nothing.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "tracing/protocol/uuid.h"

namespace tracing::protocol::json {

using Element = simdjson::dom::element;

// One segment of the path to a value: a field name or an array index. The root segment is the
// message variant ("RecordEvent"), or empty for the message itself.
struct FieldPath {
  const FieldPath* parent = nullptr;
  std::string_view key;
  int64_t index = -1;  // >= 0: an array element

  FieldPath Field(std::string_view k) const { return {this, k, -1}; }
  FieldPath At(size_t i) const { return {this, {}, static_cast<int64_t>(i)}; }
  std::string ToString() const;  // "RecordEvents.events[2].timestamp"
};

// InvalidArgument "<path>: <problem>" (just the problem at the root).
core::Status Error(const FieldPath& path, std::string_view problem);
// `problem` + ", got " + a short rendering of the value: 42, "text", null, an object, an array.
core::Status TypeError(const FieldPath& path, std::string_view expected, Element value);
std::string Describe(Element value);

// A field of an object: its name, and whether it must be present.
struct FieldSpec {
  std::string_view name;
  bool required;
};

// Calls on_field(index into specs, value, path of the field) for each known field of the object
// at `value`; unknown fields are ignored (as serde does), a duplicate field or a missing required
// one is an error.
template <size_t N, typename F>
core::Status ReadFields(Element value, const FieldPath& path, const FieldSpec (&specs)[N],
                        F&& on_field) {
  static_assert(N <= 32);
  simdjson::dom::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS) {
    return TypeError(path, "expected an object", value);
  }
  uint32_t seen = 0;
  for (simdjson::dom::key_value_pair member : object) {
    for (size_t i = 0; i < N; ++i) {
      if (specs[i].name != member.key) continue;
      if (seen & (1u << i)) {
        return Error(path, "duplicate field \"" + std::string(member.key) + "\"");
      }
      seen |= 1u << i;
      const FieldPath field_path = path.Field(specs[i].name);
      CORE_RETURN_IF_ERROR(on_field(i, member.value, field_path));
      break;
    }
  }
  for (size_t i = 0; i < N; ++i) {
    if (specs[i].required && !(seen & (1u << i))) {
      return Error(path, "missing field \"" + std::string(specs[i].name) + "\"");
    }
  }
  return core::Status::Ok();
}

core::Status ReadString(Element value, const FieldPath& path, std::string* out);
core::Status ReadBool(Element value, const FieldPath& path, bool* out);
core::Status ReadU64(Element value, const FieldPath& path, uint64_t* out);
core::Status ReadU32(Element value, const FieldPath& path, uint32_t* out);
core::Status ReadF64(Element value, const FieldPath& path, double* out);
core::Status ReadF32(Element value, const FieldPath& path, float* out);
core::Status ReadUuid(Element value, const FieldPath& path, Uuid* out);
core::Status ReadTime(Element value, const FieldPath& path, int64_t* out_ns);
core::Status ReadBytes(Element value, const FieldPath& path, std::vector<uint8_t>* out);
// Any JSON value, re-serialized compactly (keys in received order, numbers as serde_json).
core::Status ReadRawJson(Element value, const FieldPath& path, std::string* out);

// null -> nullopt, otherwise `read` into the optional's value.
template <typename T, typename Read>
core::Status ReadOptional(Element value, const FieldPath& path, std::optional<T>* out,
                          Read&& read) {
  if (value.is_null()) {
    out->reset();
    return core::Status::Ok();
  }
  T v{};
  CORE_RETURN_IF_ERROR(read(value, path, &v));
  *out = std::move(v);
  return core::Status::Ok();
}

// A JSON array, each element read with `read` into out.
template <typename T, typename Read>
core::Status ReadArray(Element value, const FieldPath& path, std::vector<T>* out, Read&& read) {
  simdjson::dom::array array;
  if (value.get_array().get(array) != simdjson::SUCCESS) {
    return TypeError(path, "expected an array", value);
  }
  out->clear();
  out->reserve(array.size());
  size_t i = 0;
  for (Element item : array) {
    T v{};
    CORE_RETURN_IF_ERROR(read(item, path.At(i), &v));
    out->push_back(std::move(v));
    ++i;
  }
  return core::Status::Ok();
}

}  // namespace tracing::protocol::json
