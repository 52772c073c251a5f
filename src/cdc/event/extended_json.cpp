#include "cdc/event/extended_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <string_view>

#include "cdc/event/extended_json_text.h"
#include "core/json_writer.h"

namespace cdc {

namespace {

using core::ErrorCode;
using core::Status;

// True when s[0, len) is printable ASCII without '"' or '\\', i.e. JSON-escaping leaves it as
// is. A fast path only: anything else goes to core::JsonWriter::AppendEscaped. Checks 8 bytes
// at a time; the word tests may report false positives (never false negatives), which only cost
// the slow path.
bool NeedsNoEscaping(const char* s, size_t len) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t w;
    std::memcpy(&w, s + i, sizeof w);
    const uint64_t quote = w ^ (kOnes * '"');
    const uint64_t backslash = w ^ (kOnes * '\\');
    const uint64_t suspicious = w | ((w - kOnes * 0x20) & ~w) | ((quote - kOnes) & ~quote) |
                                ((backslash - kOnes) & ~backslash);
    if ((suspicious & kHigh) != 0) return false;
  }
  for (; i < len; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') return false;
  }
  return true;
}

// Walks one BSON buffer and appends its Extended JSON. `base` is the start of the outermost
// buffer, used only to report absolute offsets in errors.
class ExtendedJsonEmitter {
 public:
  ExtendedJsonEmitter(const uint8_t* base, JsonMode mode, std::string* out)
      : base_(base), relaxed_(mode == JsonMode::kRelaxed), out_(out) {}

  // Writes the document (or array) doc[0, len) at nesting level `depth` (outermost = 1).
  Status Document(const uint8_t* doc, size_t len, bool is_array, int depth);

  // Writes the value of the element `it` is positioned on; `depth` is its container's level.
  Status Value(const bson_iter_t& it, int depth);

 private:
  size_t Offset(const uint8_t* p) const { return static_cast<size_t>(p - base_); }
  Status CheckFrame(const uint8_t* doc, size_t len) const;
  Status BadElement(const uint8_t* doc, size_t len, uint32_t elem, uint32_t err) const;
  Status Nested(const uint8_t* doc, size_t len, bool is_array, int depth);
  // BSON strings end with a NUL byte; libbson does not check it for every string-bearing type.
  Status CheckTerminated(const bson_iter_t& it, const char* s, uint32_t len) const;

  void Lit(std::string_view s) { out_->append(s); }
  void Quoted(const char* s, size_t len) {
    out_->push_back('"');
    if (NeedsNoEscaping(s, len)) {
      out_->append(s, len);
    } else {
      core::JsonWriter::AppendEscaped(out_, std::string_view(s, len));
    }
    out_->push_back('"');
  }
  template <typename Int>
  void Integer(Int v) {
    char buf[24];
    out_->append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
  }
  void Oid(const bson_oid_t& oid) {
    Lit("{\"$oid\":\"");
    AppendLowerHex(oid.bytes, sizeof oid.bytes, out_);
    Lit("\"}");
  }
  void Double(double v);
  void Regex(const char* pattern, const char* options);

  const uint8_t* base_;
  bool relaxed_;
  std::string* out_;
};

Status DataLoss(std::string message) {
  return {ErrorCode::kDataLoss, std::move(message)};
}

uint32_t ReadLength(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return BSON_UINT32_FROM_LE(v);
}

std::string Hex2(unsigned v) {
  constexpr char kHex[] = "0123456789abcdef";
  return {kHex[(v >> 4) & 0xF], kHex[v & 0xF]};
}

bool IsKnownType(uint8_t t) {
  return (t >= 0x01 && t <= 0x13) || t == 0x7F || t == 0xFF;
}

Status ExtendedJsonEmitter::CheckFrame(const uint8_t* doc, size_t len) const {
  if (len >= 5 && ReadLength(doc) == len && doc[len - 1] == 0) return Status::Ok();
  // Error path only: build the message.
  const std::string at = "BSON document at offset " + std::to_string(Offset(doc));
  if (len < 5) {
    return DataLoss(at + " is truncated: " + std::to_string(len) +
                    " bytes, a document needs at least 5");
  }
  const uint32_t declared = ReadLength(doc);
  if (declared != len) {
    return DataLoss(at + " has length header " + std::to_string(declared) + " but " +
                    std::to_string(len) + " bytes are available");
  }
  return DataLoss(at + " does not end with a NUL byte (found 0x" + Hex2(doc[len - 1]) +
                  " at offset " + std::to_string(Offset(doc) + len - 1) + ")");
}

// Describes the element starting at doc[elem] that libbson refused (err: offset it complained
// about, relative to doc).
Status ExtendedJsonEmitter::BadElement(const uint8_t* doc, size_t len, uint32_t elem,
                                       uint32_t err) const {
  std::string m = "malformed BSON element at offset " + std::to_string(Offset(doc) + elem);
  const uint8_t type = doc[elem];
  const auto* key = reinterpret_cast<const char*>(doc + elem + 1);
  const size_t key_room = len - elem - 1;
  const size_t key_len = strnlen(key, key_room);
  if (key_len == key_room) return DataLoss(m + ": key is not NUL-terminated");
  m += " (key \"";
  core::JsonWriter::AppendEscaped(&m, std::string_view(key, std::min<size_t>(key_len, 64)));
  m += "\", type 0x" + Hex2(type) + ")";
  if (type == 0) return DataLoss(m + ": document ends before its length header says");
  if (!IsKnownType(type)) return DataLoss(m + ": unknown BSON type");
  const size_t value = elem + 1 + key_len + 1;
  if (type == BSON_TYPE_BOOL && value < len - 1 && doc[value] > 1) {
    return DataLoss(m + ": boolean byte 0x" + Hex2(doc[value]) + " is neither 0 nor 1");
  }
  return DataLoss(m + ": value is truncated or its length is out of bounds (at offset " +
                  std::to_string(Offset(doc) + err) + ")");
}

Status ExtendedJsonEmitter::Document(const uint8_t* doc, size_t len, bool is_array, int depth) {
  CORE_RETURN_IF_ERROR(CheckFrame(doc, len));
  bson_iter_t it;
  if (!bson_iter_init_from_data(&it, doc, len)) {
    return DataLoss("BSON document at offset " + std::to_string(Offset(doc)) + " is malformed");
  }
  out_->push_back(is_array ? '[' : '{');
  bool first = true;
  for (;;) {
    const uint32_t elem = it.next_off;
    if (!bson_iter_next(&it)) {
      if (it.err_off != 0 || elem != len - 1) {
        return BadElement(doc, len, elem, it.err_off != 0 ? it.err_off : elem);
      }
      break;
    }
    if (!first) out_->push_back(',');
    first = false;
    if (!is_array) {
      Quoted(bson_iter_key(&it), bson_iter_key_len(&it));
      out_->push_back(':');
    }
    CORE_RETURN_IF_ERROR(Value(it, depth));
  }
  out_->push_back(is_array ? ']' : '}');
  return Status::Ok();
}

Status ExtendedJsonEmitter::Nested(const uint8_t* doc, size_t len, bool is_array, int depth) {
  if (depth + 1 > kMaxExtendedJsonDepth) {
    return {ErrorCode::kOutOfRange, "BSON nesting deeper than " +
                                        std::to_string(kMaxExtendedJsonDepth) +
                                        " levels at offset " + std::to_string(Offset(doc))};
  }
  return Document(doc, len, is_array, depth + 1);
}

Status ExtendedJsonEmitter::CheckTerminated(const bson_iter_t& it, const char* s,
                                            uint32_t len) const {
  if (s[len] == '\0') return Status::Ok();
  const auto* at = reinterpret_cast<const uint8_t*>(s + len);
  std::string m = "malformed BSON element at offset " + std::to_string(Offset(it.raw) + it.type);
  m += " (key \"";
  core::JsonWriter::AppendEscaped(
      &m, std::string_view(bson_iter_key(&it), std::min<size_t>(bson_iter_key_len(&it), 64)));
  m += "\", type 0x" + Hex2(static_cast<unsigned>(bson_iter_type(&it))) + ")";
  return DataLoss(m + ": string is not NUL-terminated (found 0x" + Hex2(*at) + " at offset " +
                  std::to_string(Offset(at)) + ")");
}

void ExtendedJsonEmitter::Double(double v) {
  if (std::isnan(v)) {
    Lit("{\"$numberDouble\":\"NaN\"}");
  } else if (std::isinf(v)) {
    Lit(v > 0 ? "{\"$numberDouble\":\"Infinity\"}" : "{\"$numberDouble\":\"-Infinity\"}");
  } else if (relaxed_) {
    AppendShortestDouble(v, out_);
  } else {
    Lit("{\"$numberDouble\":\"");
    AppendShortestDouble(v, out_);
    Lit("\"}");
  }
}

void ExtendedJsonEmitter::Regex(const char* pattern, const char* options) {
  Lit("{\"$regularExpression\":{\"pattern\":");
  Quoted(pattern, std::strlen(pattern));
  Lit(",\"options\":");
  const size_t n = std::strlen(options);
  char small[16];
  std::string large;
  char* sorted = small;
  if (n > sizeof small) {
    large.assign(options, n);
    sorted = large.data();
  } else {
    std::memcpy(small, options, n);
  }
  std::sort(sorted, sorted + n,
            [](char a, char b) { return static_cast<uint8_t>(a) < static_cast<uint8_t>(b); });
  Quoted(sorted, n);
  Lit("}}");
}

Status ExtendedJsonEmitter::Value(const bson_iter_t& it, int depth) {
  switch (bson_iter_type(&it)) {
    case BSON_TYPE_DOUBLE:
      Double(bson_iter_double(&it));
      break;
    case BSON_TYPE_UTF8: {
      uint32_t len = 0;
      const char* s = bson_iter_utf8(&it, &len);
      CORE_RETURN_IF_ERROR(CheckTerminated(it, s, len));
      Quoted(s, len);
      break;
    }
    case BSON_TYPE_DOCUMENT:
    case BSON_TYPE_ARRAY: {
      const bool is_array = bson_iter_type(&it) == BSON_TYPE_ARRAY;
      uint32_t len = 0;
      const uint8_t* data = nullptr;
      if (is_array) {
        bson_iter_array(&it, &len, &data);
      } else {
        bson_iter_document(&it, &len, &data);
      }
      return Nested(data, len, is_array, depth);
    }
    case BSON_TYPE_BINARY: {
      bson_subtype_t subtype;
      uint32_t len = 0;
      const uint8_t* data = nullptr;
      bson_iter_binary(&it, &subtype, &len, &data);  // subtype 0x02: the inner payload
      Lit("{\"$binary\":{\"base64\":\"");
      AppendBase64(data, len, out_);
      Lit("\",\"subType\":\"");
      const uint8_t sub = static_cast<uint8_t>(subtype);
      AppendLowerHex(&sub, 1, out_);
      Lit("\"}}");
      break;
    }
    case BSON_TYPE_UNDEFINED:
      Lit("{\"$undefined\":true}");
      break;
    case BSON_TYPE_OID:
      Oid(*bson_iter_oid(&it));
      break;
    case BSON_TYPE_BOOL:
      Lit(bson_iter_bool(&it) ? "true" : "false");
      break;
    case BSON_TYPE_DATE_TIME: {
      const int64_t ms = bson_iter_date_time(&it);
      if (relaxed_ && ms >= 0 && ms <= kLastIso8601Millis) {
        Lit("{\"$date\":\"");
        AppendIso8601Millis(ms, out_);
        Lit("\"}");
      } else {
        Lit("{\"$date\":{\"$numberLong\":\"");
        Integer(ms);
        Lit("\"}}");
      }
      break;
    }
    case BSON_TYPE_NULL:
      Lit("null");
      break;
    case BSON_TYPE_REGEX: {
      const char* options = nullptr;
      const char* pattern = bson_iter_regex(&it, &options);
      Regex(pattern, options);
      break;
    }
    case BSON_TYPE_DBPOINTER: {
      uint32_t len = 0;
      const char* collection = nullptr;
      const bson_oid_t* oid = nullptr;
      bson_iter_dbpointer(&it, &len, &collection, &oid);
      CORE_RETURN_IF_ERROR(CheckTerminated(it, collection, len));
      Lit("{\"$dbPointer\":{\"$ref\":");
      Quoted(collection, len);
      Lit(",\"$id\":");
      Oid(*oid);
      Lit("}}");
      break;
    }
    case BSON_TYPE_CODE: {
      uint32_t len = 0;
      const char* code = bson_iter_code(&it, &len);
      CORE_RETURN_IF_ERROR(CheckTerminated(it, code, len));
      Lit("{\"$code\":");
      Quoted(code, len);
      out_->push_back('}');
      break;
    }
    case BSON_TYPE_SYMBOL: {
      uint32_t len = 0;
      const char* symbol = bson_iter_symbol(&it, &len);
      CORE_RETURN_IF_ERROR(CheckTerminated(it, symbol, len));
      Lit("{\"$symbol\":");
      Quoted(symbol, len);
      out_->push_back('}');
      break;
    }
    case BSON_TYPE_CODEWSCOPE: {
      uint32_t len = 0;
      uint32_t scope_len = 0;
      const uint8_t* scope = nullptr;
      const char* code = bson_iter_codewscope(&it, &len, &scope_len, &scope);
      CORE_RETURN_IF_ERROR(CheckTerminated(it, code, len));
      Lit("{\"$code\":");
      Quoted(code, len);
      Lit(",\"$scope\":");
      CORE_RETURN_IF_ERROR(Nested(scope, scope_len, false, depth));
      out_->push_back('}');
      break;
    }
    case BSON_TYPE_INT32:
      if (relaxed_) {
        Integer(bson_iter_int32(&it));
      } else {
        Lit("{\"$numberInt\":\"");
        Integer(bson_iter_int32(&it));
        Lit("\"}");
      }
      break;
    case BSON_TYPE_TIMESTAMP: {
      uint32_t t = 0;
      uint32_t i = 0;
      bson_iter_timestamp(&it, &t, &i);
      Lit("{\"$timestamp\":{\"t\":");
      Integer(t);
      Lit(",\"i\":");
      Integer(i);
      Lit("}}");
      break;
    }
    case BSON_TYPE_INT64:
      if (relaxed_) {
        Integer(bson_iter_int64(&it));
      } else {
        Lit("{\"$numberLong\":\"");
        Integer(bson_iter_int64(&it));
        Lit("\"}");
      }
      break;
    case BSON_TYPE_DECIMAL128: {
      bson_decimal128_t dec;
      bson_iter_decimal128(&it, &dec);
      char text[BSON_DECIMAL128_STRING];
      bson_decimal128_to_string(&dec, text);
      Lit("{\"$numberDecimal\":\"");
      Lit(text);
      Lit("\"}");
      break;
    }
    case BSON_TYPE_MAXKEY:
      Lit("{\"$maxKey\":1}");
      break;
    case BSON_TYPE_MINKEY:
      Lit("{\"$minKey\":1}");
      break;
    default:  // libbson refuses unknown types in bson_iter_next; kept for safety.
      return DataLoss("unknown BSON type 0x" + Hex2(static_cast<unsigned>(bson_iter_type(&it))) +
                      " at offset " + std::to_string(Offset(it.raw) + it.type));
  }
  return Status::Ok();
}

// Runs `write` and restores *out to its previous size when it fails.
template <typename Write>
Status Transactional(std::string* out, Write write) {
  const size_t start = out->size();
  Status st = write();
  if (!st.ok()) out->resize(start);
  return st;
}

}  // namespace

core::Status AppendExtendedJson(const uint8_t* data, size_t len, JsonMode mode, std::string* out) {
  return Transactional(out, [&] {
    ExtendedJsonEmitter emitter(data, mode, out);
    return emitter.Document(data, len, /*is_array=*/false, /*depth=*/1);
  });
}

core::Status AppendExtendedJson(const bson_t& doc, JsonMode mode, std::string* out) {
  return AppendExtendedJson(bson_get_data(&doc), doc.len, mode, out);
}

core::Status AppendExtendedJsonValue(const bson_iter_t& iter, JsonMode mode, std::string* out) {
  return Transactional(out, [&] {
    ExtendedJsonEmitter emitter(iter.raw, mode, out);
    return emitter.Value(iter, /*depth=*/1);
  });
}

core::Status AppendExtendedJsonArray(const uint8_t* data, size_t len, JsonMode mode,
                                     std::string* out) {
  const size_t rollback = out->size();
  bson_iter_t it;
  if (!bson_iter_init_from_data(&it, data, len)) {
    return core::Status(core::ErrorCode::kDataLoss,
                        "malformed BSON array of " + std::to_string(len) + " bytes");
  }
  out->push_back('[');
  bool first = true;
  while (bson_iter_next(&it)) {
    if (!first) out->push_back(',');
    first = false;
    core::Status st = AppendExtendedJsonValue(it, mode, out);
    if (!st.ok()) {
      out->resize(rollback);
      return st;
    }
  }
  out->push_back(']');
  return core::Status::Ok();
}

}  // namespace cdc
