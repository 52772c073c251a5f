#include "bson_values.h"

#include <cmath>
#include <cstring>

namespace mongosim {
namespace {

bool IsNumber(bson_type_t t) {
  return t == BSON_TYPE_INT32 || t == BSON_TYPE_INT64 || t == BSON_TYPE_DOUBLE ||
         t == BSON_TYPE_DECIMAL128;
}

// Canonical type rank from the MongoDB comparison/sort order documentation.
int TypeRank(bson_type_t t) {
  switch (t) {
    case BSON_TYPE_MINKEY:
      return 1;
    case BSON_TYPE_UNDEFINED:
    case BSON_TYPE_NULL:
      return 2;
    case BSON_TYPE_INT32:
    case BSON_TYPE_INT64:
    case BSON_TYPE_DOUBLE:
    case BSON_TYPE_DECIMAL128:
      return 3;
    case BSON_TYPE_SYMBOL:
    case BSON_TYPE_UTF8:
      return 4;
    case BSON_TYPE_DOCUMENT:
      return 5;
    case BSON_TYPE_ARRAY:
      return 6;
    case BSON_TYPE_BINARY:
      return 7;
    case BSON_TYPE_OID:
      return 8;
    case BSON_TYPE_BOOL:
      return 9;
    case BSON_TYPE_DATE_TIME:
      return 10;
    case BSON_TYPE_TIMESTAMP:
      return 11;
    case BSON_TYPE_REGEX:
      return 12;
    case BSON_TYPE_MAXKEY:
      return 100;
    default:
      return 50;
  }
}

double AsDouble(const bson_value_t& v) {
  switch (v.value_type) {
    case BSON_TYPE_INT32:
      return v.value.v_int32;
    case BSON_TYPE_INT64:
      return static_cast<double>(v.value.v_int64);
    case BSON_TYPE_DOUBLE:
      return v.value.v_double;
    default:
      return 0;
  }
}

int Sign(int64_t x) {
  return x < 0 ? -1 : (x > 0 ? 1 : 0);
}

int CompareDocs(const uint8_t* a, uint32_t alen, const uint8_t* b, uint32_t blen) {
  bson_t da, db;
  if (!bson_init_static(&da, a, alen) || !bson_init_static(&db, b, blen)) return 0;
  bson_iter_t ia, ib;
  bson_iter_init(&ia, &da);
  bson_iter_init(&ib, &db);
  while (true) {
    bool na = bson_iter_next(&ia);
    bool nb = bson_iter_next(&ib);
    if (!na || !nb) return na ? 1 : (nb ? -1 : 0);
    int c = std::strcmp(bson_iter_key(&ia), bson_iter_key(&ib));
    if (c != 0) return c;
    int v = CompareValues(*bson_iter_value(&ia), *bson_iter_value(&ib));
    if (v != 0) return v;
  }
}

}  // namespace

int CompareValues(const bson_value_t& a, const bson_value_t& b) {
  if (IsNumber(a.value_type) && IsNumber(b.value_type)) {
    if (a.value_type != BSON_TYPE_DOUBLE && b.value_type != BSON_TYPE_DOUBLE) {
      int64_t x = a.value_type == BSON_TYPE_INT32 ? a.value.v_int32 : a.value.v_int64;
      int64_t y = b.value_type == BSON_TYPE_INT32 ? b.value.v_int32 : b.value.v_int64;
      return x < y ? -1 : (x > y ? 1 : 0);
    }
    double x = AsDouble(a), y = AsDouble(b);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  int ra = TypeRank(a.value_type), rb = TypeRank(b.value_type);
  if (ra != rb) return ra < rb ? -1 : 1;
  switch (a.value_type) {
    case BSON_TYPE_UTF8: {
      if (b.value_type != BSON_TYPE_UTF8) return 0;
      uint32_t n = std::min(a.value.v_utf8.len, b.value.v_utf8.len);
      int c = std::memcmp(a.value.v_utf8.str, b.value.v_utf8.str, n);
      if (c != 0) return c;
      return Sign(int64_t(a.value.v_utf8.len) - int64_t(b.value.v_utf8.len));
    }
    case BSON_TYPE_DOCUMENT:
    case BSON_TYPE_ARRAY:
      return CompareDocs(a.value.v_doc.data, a.value.v_doc.data_len, b.value.v_doc.data,
                         b.value.v_doc.data_len);
    case BSON_TYPE_BINARY: {
      if (a.value.v_binary.data_len != b.value.v_binary.data_len)
        return a.value.v_binary.data_len < b.value.v_binary.data_len ? -1 : 1;
      if (a.value.v_binary.subtype != b.value.v_binary.subtype)
        return a.value.v_binary.subtype < b.value.v_binary.subtype ? -1 : 1;
      return std::memcmp(a.value.v_binary.data, b.value.v_binary.data, a.value.v_binary.data_len);
    }
    case BSON_TYPE_OID:
      return bson_oid_compare(&a.value.v_oid, &b.value.v_oid);
    case BSON_TYPE_BOOL:
      return int(a.value.v_bool) - int(b.value.v_bool);
    case BSON_TYPE_DATE_TIME:
      return Sign(a.value.v_datetime - b.value.v_datetime);
    case BSON_TYPE_TIMESTAMP:
      if (a.value.v_timestamp.timestamp != b.value.v_timestamp.timestamp)
        return a.value.v_timestamp.timestamp < b.value.v_timestamp.timestamp ? -1 : 1;
      if (a.value.v_timestamp.increment != b.value.v_timestamp.increment)
        return a.value.v_timestamp.increment < b.value.v_timestamp.increment ? -1 : 1;
      return 0;
    default:
      return 0;
  }
}

bool FindPath(const bson_t& doc, std::string_view path, bson_iter_t& out) {
  bson_iter_t it;
  if (!bson_iter_init(&it, &doc)) return false;
  std::string p(path);
  return bson_iter_find_descendant(&it, p.c_str(), &out);
}

std::string IdKeyOf(const bson_value_t& value) {
  // Integers and strings get order-preserving keys so the store iterates in _id order.
  if (value.value_type == BSON_TYPE_INT64) {
    uint64_t u = static_cast<uint64_t>(value.value.v_int64) ^ (uint64_t{1} << 63);
    std::string key(1, '\x12');
    for (int shift = 56; shift >= 0; shift -= 8)
      key.push_back(char((u >> shift) & 0xff));
    return key;
  }
  if (value.value_type == BSON_TYPE_UTF8) {
    std::string key;
    key.reserve(1 + value.value.v_utf8.len);
    key.push_back('\x02');
    key.append(value.value.v_utf8.str, value.value.v_utf8.len);
    return key;
  }
  bson_t tmp;
  bson_init(&tmp);
  AppendValue(tmp, "", value);
  // Skip the document length (4), keep type byte, skip the empty key's NUL, keep the value.
  const char* data = reinterpret_cast<const char*>(bson_get_data(&tmp));
  std::string key;
  key.push_back(data[4]);
  key.append(data + 6, tmp.len - 7);
  bson_destroy(&tmp);
  return key;
}

std::string IdKey(const bson_t& doc) {
  bson_iter_t it;
  if (!bson_iter_init_find(&it, &doc, "_id")) return {};
  // Numbers with equal value must map to one key: normalise integral doubles and int32 to int64.
  const bson_value_t* v = bson_iter_value(&it);
  if (v->value_type == BSON_TYPE_INT32 ||
      (v->value_type == BSON_TYPE_DOUBLE && std::floor(v->value.v_double) == v->value.v_double &&
       std::fabs(v->value.v_double) < 9e15)) {
    bson_value_t n;
    n.value_type = BSON_TYPE_INT64;
    n.value.v_int64 = v->value_type == BSON_TYPE_INT32 ? v->value.v_int32
                                                       : static_cast<int64_t>(v->value.v_double);
    return IdKeyOf(n);
  }
  return IdKeyOf(*v);
}

const bson_value_t* FieldValue(const bson_t& doc, const char* name, bson_iter_t& it) {
  if (!bson_iter_init_find(&it, &doc, name)) return nullptr;
  return bson_iter_value(&it);
}

int64_t IntField(const bson_t& doc, const char* name, int64_t fallback) {
  bson_iter_t it;
  if (!bson_iter_init_find(&it, &doc, name) || !BSON_ITER_HOLDS_NUMBER(&it)) return fallback;
  return bson_iter_as_int64(&it);
}

bool BoolField(const bson_t& doc, const char* name, bool fallback) {
  bson_iter_t it;
  if (!bson_iter_init_find(&it, &doc, name)) return fallback;
  return bson_iter_as_bool(&it);
}

std::string StringField(const bson_t& doc, const char* name) {
  bson_iter_t it;
  if (!bson_iter_init_find(&it, &doc, name) || !BSON_ITER_HOLDS_UTF8(&it)) return {};
  uint32_t len = 0;
  const char* s = bson_iter_utf8(&it, &len);
  return std::string(s, len);
}

bool IterDocument(const bson_iter_t& it, bson_t& out) {
  uint32_t len = 0;
  const uint8_t* data = nullptr;
  if (BSON_ITER_HOLDS_DOCUMENT(&it)) {
    bson_iter_document(&it, &len, &data);
  } else if (BSON_ITER_HOLDS_ARRAY(&it)) {
    bson_iter_array(&it, &len, &data);
  } else {
    return false;
  }
  return bson_init_static(&out, data, len);
}

bool SubDocument(const bson_t& doc, const char* name, bson_t& out) {
  bson_iter_t it;
  if (!bson_iter_init_find(&it, &doc, name)) return false;
  return IterDocument(it, out);
}

void AppendValue(bson_t& dst, std::string_view key, const bson_value_t& value) {
  bson_append_value(&dst, key.data(), static_cast<int>(key.size()), &value);
}

}  // namespace mongosim
