#include "tracing/protocol/json_reader.h"

#include <cfloat>
#include <charconv>
#include <cmath>

#include "core/json_writer.h"
#include "tracing/protocol/rfc3339.h"
#include "tracing/protocol/serde_float.h"

namespace tracing::protocol::json {

namespace {

constexpr size_t kMaxDescribedString = 64;

void AppendPath(const FieldPath* p, std::string* out) {
  if (p == nullptr) return;
  AppendPath(p->parent, out);
  if (p->index >= 0) {
    out->push_back('[');
    out->append(std::to_string(p->index));
    out->push_back(']');
    return;
  }
  if (p->key.empty()) return;
  if (!out->empty()) out->push_back('.');
  out->append(p->key);
}

core::Status WriteCanonical(Element value, core::JsonWriter* writer, std::string* out) {
  switch (value.type()) {
    case simdjson::dom::element_type::OBJECT:
      writer->BeginObject();
      for (simdjson::dom::key_value_pair member : simdjson::dom::object(value)) {
        writer->Key(member.key);
        CORE_RETURN_IF_ERROR(WriteCanonical(member.value, writer, out));
      }
      writer->EndObject();
      break;
    case simdjson::dom::element_type::ARRAY:
      writer->BeginArray();
      for (Element item : simdjson::dom::array(value)) {
        CORE_RETURN_IF_ERROR(WriteCanonical(item, writer, out));
      }
      writer->EndArray();
      break;
    case simdjson::dom::element_type::STRING:
      writer->String(std::string_view(value));
      break;
    case simdjson::dom::element_type::INT64:
      writer->Int(int64_t(value));
      break;
    case simdjson::dom::element_type::UINT64:
      writer->Uint(uint64_t(value));
      break;
    case simdjson::dom::element_type::DOUBLE: {
      char number[kSerdeFloatMaxChars];
      writer->Raw(std::string_view(number, FormatSerdeF64(double(value), number)));
      break;
    }
    case simdjson::dom::element_type::BOOL:
      writer->Bool(bool(value));
      break;
    case simdjson::dom::element_type::NULL_VALUE:
      writer->Null();
      break;
  }
  return core::Status::Ok();
}

}  // namespace

std::string FieldPath::ToString() const {
  std::string out;
  AppendPath(this, &out);
  return out;
}

core::Status Error(const FieldPath& path, std::string_view problem) {
  std::string message = path.ToString();
  if (!message.empty()) message.append(": ");
  message.append(problem);
  return core::InvalidArgument(std::move(message));
}

std::string Describe(Element value) {
  std::string out;
  switch (value.type()) {
    case simdjson::dom::element_type::OBJECT:
      return "an object";
    case simdjson::dom::element_type::ARRAY:
      return "an array";
    case simdjson::dom::element_type::STRING: {
      std::string_view s(value);
      const bool cut = s.size() > kMaxDescribedString;
      if (cut) s = s.substr(0, kMaxDescribedString);
      out.push_back('"');
      core::JsonWriter::AppendEscaped(&out, s);
      out.append(cut ? "...\"" : "\"");
      return out;
    }
    case simdjson::dom::element_type::INT64:
      return std::to_string(int64_t(value));
    case simdjson::dom::element_type::UINT64:
      return std::to_string(uint64_t(value));
    case simdjson::dom::element_type::DOUBLE: {
      char buf[32];
      auto r = std::to_chars(buf, buf + sizeof buf, double(value));
      return std::string(buf, r.ptr);
    }
    case simdjson::dom::element_type::BOOL:
      return bool(value) ? "true" : "false";
    case simdjson::dom::element_type::NULL_VALUE:
      return "null";
  }
  return "?";
}

core::Status TypeError(const FieldPath& path, std::string_view expected, Element value) {
  std::string problem(expected);
  problem.append(", got ");
  problem.append(Describe(value));
  return Error(path, problem);
}

core::Status ReadString(Element value, const FieldPath& path, std::string* out) {
  std::string_view s;
  if (value.get_string().get(s) != simdjson::SUCCESS) {
    return TypeError(path, "expected a string", value);
  }
  out->assign(s);
  return core::Status::Ok();
}

core::Status ReadBool(Element value, const FieldPath& path, bool* out) {
  if (value.get_bool().get(*out) != simdjson::SUCCESS) {
    return TypeError(path, "expected true or false", value);
  }
  return core::Status::Ok();
}

core::Status ReadU64(Element value, const FieldPath& path, uint64_t* out) {
  if (value.get_uint64().get(*out) != simdjson::SUCCESS) {
    return TypeError(path, "expected a non-negative integer", value);
  }
  return core::Status::Ok();
}

core::Status ReadU32(Element value, const FieldPath& path, uint32_t* out) {
  uint64_t v;
  if (value.get_uint64().get(v) != simdjson::SUCCESS || v > UINT32_MAX) {
    return TypeError(path, "expected an integer 0..4294967295", value);
  }
  *out = static_cast<uint32_t>(v);
  return core::Status::Ok();
}

core::Status ReadF64(Element value, const FieldPath& path, double* out) {
  if (value.get_double().get(*out) != simdjson::SUCCESS) {
    return TypeError(path, "expected a number", value);
  }
  return core::Status::Ok();
}

core::Status ReadF32(Element value, const FieldPath& path, float* out) {
  double v;
  if (value.get_double().get(v) != simdjson::SUCCESS) {
    return TypeError(path, "expected a number", value);
  }
  if (std::fabs(v) > FLT_MAX) return TypeError(path, "expected a number in f32 range", value);
  *out = static_cast<float>(v);
  return core::Status::Ok();
}

core::Status ReadUuid(Element value, const FieldPath& path, Uuid* out) {
  std::string_view s;
  if (value.get_string().get(s) != simdjson::SUCCESS) {
    return TypeError(path, "expected a UUID string", value);
  }
  std::optional<Uuid> id = Uuid::Parse(s);
  if (!id)
    return TypeError(path, "expected a UUID like 67e55044-10b1-426f-9247-bb680e5fe0c8", value);
  *out = *id;
  return core::Status::Ok();
}

core::Status ReadTime(Element value, const FieldPath& path, int64_t* out_ns) {
  std::string_view s;
  if (value.get_string().get(s) != simdjson::SUCCESS) {
    return TypeError(path, "expected an RFC 3339 string", value);
  }
  core::Result<int64_t> t = ParseRfc3339(s);
  if (!t.ok()) {
    return Error(path, "invalid RFC 3339 time " + Describe(value) + ": " + t.status().message());
  }
  *out_ns = *t;
  return core::Status::Ok();
}

core::Status ReadBytes(Element value, const FieldPath& path, std::vector<uint8_t>* out) {
  simdjson::dom::array array;
  if (value.get_array().get(array) != simdjson::SUCCESS) {
    return TypeError(path, "expected an array of bytes", value);
  }
  out->clear();
  out->reserve(array.size());
  size_t i = 0;
  for (Element item : array) {
    uint64_t b;
    if (item.get_uint64().get(b) != simdjson::SUCCESS || b > 255) {
      return TypeError(path.At(i), "expected an integer 0..255", item);
    }
    out->push_back(static_cast<uint8_t>(b));
    ++i;
  }
  return core::Status::Ok();
}

core::Status ReadRawJson(Element value, const FieldPath&, std::string* out) {
  out->clear();
  core::JsonWriter writer(out);
  return WriteCanonical(value, &writer, out);
}

}  // namespace tracing::protocol::json
