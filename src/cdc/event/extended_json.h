// BSON -> MongoDB Extended JSON v2 (relaxed and canonical), streaming.
//
// Follows the Extended JSON v2 specification (mongodb/specifications, extended-json.md) for every
// BSON type; docs/formats.md ("Extended JSON") lists the rules with examples. Output is compact
// (no whitespace) and appended to a caller-owned std::string while the BSON is walked: no DOM, no
// intermediate strings, no per-value allocation besides the output buffer's growth.
//
// Choices where the specification leaves room (see docs/formats.md):
//   - Doubles use the shortest digits that round-trip; fixed notation for decimal exponents in
//     [-4, 20) with a ".0" added to integral values ("1.0"), otherwise C-style exponent form
//     ("1e+300", "5e-324"). The same text is used inside canonical {"$numberDouble": "..."}.
//   - Regular-expression options are sorted bytewise; unknown option letters are kept.
//   - Strings and keys are JSON-escaped by core::JsonWriter::AppendEscaped: invalid UTF-8 is
//     replaced by U+FFFD (BSON requires valid UTF-8; the output is always valid JSON).
//   - Nesting deeper than kMaxExtendedJsonDepth documents/arrays is refused (kOutOfRange).
//
// Errors: malformed or truncated BSON returns kDataLoss with the byte offset of the bad element
// (relative to the start of the outermost document given). On any error, *out is restored to
// its size before the call. Thread-safety: the functions are reentrant; they share no state.
#pragma once

#include <bson/bson.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/status.h"

namespace cdc {

enum class JsonMode {
  kRelaxed,    // readable: plain JSON numbers, ISO-8601 dates for years 1970-9999
  kCanonical,  // type-preserving: $numberInt, $numberLong, $numberDouble, $date.$numberLong
};

// Documents and arrays nested deeper than this (the outermost document is level 1) are refused.
inline constexpr int kMaxExtendedJsonDepth = 200;

// Appends `doc` as one Extended JSON object.
core::Status AppendExtendedJson(const bson_t& doc, JsonMode mode, std::string* out);

// Appends the BSON document held in data[0, len) (a raw view, e.g. a change event straight from
// the wire). The buffer must hold exactly one document; it is only read during the call.
core::Status AppendExtendedJson(const uint8_t* data, size_t len, JsonMode mode, std::string* out);

// Appends the value of the element `iter` is positioned on (after bson_iter_next/find returned
// true) as one Extended JSON value, without its key. To place it inside a core::JsonWriter, call
// `writer.Key(k).Raw({})` (which writes the separator) and then this on the writer's buffer.
// Error offsets are relative to the document the iterator walks.
core::Status AppendExtendedJsonValue(const bson_iter_t& iter, JsonMode mode, std::string* out);

// Appends the BSON array held in data[0, len) as one JSON array of Extended JSON values (a BSON
// array is a document keyed "0", "1", ...: AppendExtendedJson would print it as an object). On
// error (kDataLoss for malformed BSON) *out is left as it was.
core::Status AppendExtendedJsonArray(const uint8_t* data, size_t len, JsonMode mode,
                                     std::string* out);

}  // namespace cdc
