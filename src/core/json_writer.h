// JsonWriter: a small streaming JSON writer that appends to a caller-owned std::string.
//
// No DOM, no allocation beyond the output buffer's growth. Commas and separators are inserted
// automatically; the caller is responsible for balanced Begin/End calls (asserted in debug).
// Output is compact (no whitespace). Strings are escaped per RFC 8259: '"', '\\' and control
// characters; other bytes pass through, except that invalid UTF-8 sequences are replaced by
// U+FFFD so the output is always valid UTF-8 JSON.
//
// Lifetime: *out must outlive the writer. The writer may be reused after Reset().
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace core {

class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();

  // Writes an object key; the next call writes its value.
  JsonWriter& Key(std::string_view key);

  JsonWriter& String(std::string_view s);
  JsonWriter& Int(int64_t v);
  JsonWriter& Uint(uint64_t v);
  // Finite doubles in shortest round-trip form; NaN and infinities (not JSON) are written as null.
  JsonWriter& Double(double v);
  JsonWriter& Bool(bool v);
  JsonWriter& Null();
  // Appends already-serialized JSON as one value (the caller vouches for its validity).
  JsonWriter& Raw(std::string_view json);

  // Key + value shorthands.
  JsonWriter& Field(std::string_view key, std::string_view v) { return Key(key).String(v); }
  JsonWriter& Field(std::string_view key, const char* v) { return Key(key).String(v); }
  JsonWriter& Field(std::string_view key, int64_t v) { return Key(key).Int(v); }
  JsonWriter& Field(std::string_view key, int v) { return Key(key).Int(v); }
  JsonWriter& Field(std::string_view key, uint64_t v) { return Key(key).Uint(v); }
  JsonWriter& Field(std::string_view key, double v) { return Key(key).Double(v); }
  JsonWriter& Field(std::string_view key, bool v) { return Key(key).Bool(v); }

  // Forgets nesting state (does not clear the output).
  void Reset() {
    depth_ = 0;
    need_comma_ = false;
  }

  // Appends `s` escaped as a JSON string body (without the surrounding quotes).
  static void AppendEscaped(std::string* out, std::string_view s);

 private:
  void BeforeValue();

  std::string* out_;
  int depth_ = 0;
  bool need_comma_ = false;  // a value was written at the current level
  bool after_key_ = false;   // the next value belongs to a key just written
};

}  // namespace core
