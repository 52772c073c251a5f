// Applies MongoDB update documents to a stored document and describes the change the way change
// events do (updateDescription).
//
// Supported: replacement documents; $set, $unset, $inc, $push (value or {$each: [...]}) and
// $setOnInsert (only when inserting through an upsert), on dotted paths. Paths into arrays by
// index work for $set/$unset/$inc. Other operators are rejected with code 9 (FailedToParse).
#pragma once

#include <bson/bson.h>

#include <string>
#include <vector>

namespace mongosim {

struct UpdateError {
  int code = 0;  // MongoDB error code (9 FailedToParse, 14 TypeMismatch, 66 ImmutableField)
  std::string message;
};

// What an operator update changed. Paths are in the order applied; values are read from the new
// document when the change event is built.
struct UpdateDescription {
  std::vector<std::string> updated_paths;
  std::vector<std::string> removed_paths;
};

// True if `update` is a replacement document (its first field does not start with '$').
bool IsReplacement(const bson_t& update);

// Applies `update` to `original` into `out` (initialised by the caller with bson_init).
// `inserting` enables $setOnInsert. For a replacement, `out` is the replacement with `_id` kept
// from `original` first. Returns false and fills `error` on failure; `out` is then unspecified.
bool ApplyUpdate(const bson_t& original, const bson_t& update, bool inserting, bson_t& out,
                 UpdateDescription& desc, UpdateError& error);

// Seeds an upsert's document from the equality fields of `filter` (top-level, non-operator).
void SeedFromFilter(const bson_t& filter, bson_t& out);

// Builds {updatedFields: {...}, removedFields: [...], truncatedArrays: []} from `desc` and the new
// document into `out` (appended under `key`).
void AppendUpdateDescription(bson_t& out, const char* key, const UpdateDescription& desc,
                             const bson_t& new_doc, bool disambiguated_paths);

}  // namespace mongosim
