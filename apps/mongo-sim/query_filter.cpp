#include "query_filter.h"

#include <cstring>
#include <string>

#include "bson_values.h"

namespace mongosim {
namespace {

bool IsOperatorDoc(const bson_iter_t& it) {
  if (!BSON_ITER_HOLDS_DOCUMENT(&it)) return false;
  bson_t d;
  if (!IterDocument(it, d)) return false;
  bson_iter_t c;
  return bson_iter_init(&c, &d) && bson_iter_next(&c) && bson_iter_key(&c)[0] == '$';
}

// Applies `pred` to the value at `path`, and to each element when that value is an array.
template <typename Pred>
bool AnyValue(const bson_t& doc, const char* path, bool& found, Pred pred) {
  bson_iter_t it;
  found = FindPath(doc, path, it);
  if (!found) return false;
  const bson_value_t* v = bson_iter_value(&it);
  if (pred(*v)) return true;
  if (BSON_ITER_HOLDS_ARRAY(&it)) {
    bson_t arr;
    IterDocument(it, arr);
    bson_iter_t e;
    bson_iter_init(&e, &arr);
    while (bson_iter_next(&e)) {
      if (pred(*bson_iter_value(&e))) return true;
    }
  }
  return false;
}

bool InList(const bson_iter_t& list_it, const bson_value_t& v) {
  bson_t arr;
  if (!IterDocument(list_it, arr)) return false;
  bson_iter_t e;
  bson_iter_init(&e, &arr);
  while (bson_iter_next(&e)) {
    if (ValuesEqual(*bson_iter_value(&e), v)) return true;
  }
  return false;
}

bool MatchOperator(const char* op, const bson_iter_t& arg, const bson_t& doc, const char* path) {
  const bson_value_t& a = *bson_iter_value(const_cast<bson_iter_t*>(&arg));
  bool found = false;
  if (std::strcmp(op, "$eq") == 0) {
    bool m = AnyValue(doc, path, found, [&](const bson_value_t& v) { return ValuesEqual(v, a); });
    return m || (!found && a.value_type == BSON_TYPE_NULL);
  }
  if (std::strcmp(op, "$ne") == 0) return !MatchOperator("$eq", arg, doc, path);
  if (std::strcmp(op, "$in") == 0) {
    bool m = AnyValue(doc, path, found, [&](const bson_value_t& v) { return InList(arg, v); });
    if (!found) {
      bson_value_t null_value;
      null_value.value_type = BSON_TYPE_NULL;
      return InList(arg, null_value);
    }
    return m;
  }
  if (std::strcmp(op, "$nin") == 0) return !MatchOperator("$in", arg, doc, path);
  if (std::strcmp(op, "$exists") == 0) {
    bson_iter_t it;
    return FindPath(doc, path, it) == bson_iter_as_bool(&arg);
  }
  auto cmp = [&](auto accept) {
    return AnyValue(doc, path, found, [&](const bson_value_t& v) {
      bool same_class = (v.value_type == a.value_type) ||
                        (BSON_ITER_HOLDS_NUMBER(&arg) &&
                         (v.value_type == BSON_TYPE_INT32 || v.value_type == BSON_TYPE_INT64 ||
                          v.value_type == BSON_TYPE_DOUBLE));
      return same_class && accept(CompareValues(v, a));
    });
  };
  if (std::strcmp(op, "$gt") == 0) return cmp([](int c) { return c > 0; });
  if (std::strcmp(op, "$gte") == 0) return cmp([](int c) { return c >= 0; });
  if (std::strcmp(op, "$lt") == 0) return cmp([](int c) { return c < 0; });
  if (std::strcmp(op, "$lte") == 0) return cmp([](int c) { return c <= 0; });
  return false;
}

bool IsSupportedFieldOp(const char* op) {
  static const char* const kOps[] = {"$eq", "$ne",  "$in", "$nin", "$exists",
                                     "$gt", "$gte", "$lt", "$lte"};
  for (const char* k : kOps) {
    if (std::strcmp(k, op) == 0) return true;
  }
  return false;
}

}  // namespace

core::Status ValidateFilter(const bson_t& filter) {
  bson_iter_t it;
  if (!bson_iter_init(&it, &filter)) return core::InvalidArgument("filter is not valid BSON");
  while (bson_iter_next(&it)) {
    const char* key = bson_iter_key(&it);
    if (key[0] == '$') {
      if (std::strcmp(key, "$and") != 0 && std::strcmp(key, "$or") != 0 &&
          std::strcmp(key, "$nor") != 0)
        return core::InvalidArgument(std::string("unknown top level operator: ") + key);
      bson_t arr;
      if (!BSON_ITER_HOLDS_ARRAY(&it) || !IterDocument(it, arr))
        return core::InvalidArgument(std::string(key) + " must be an array");
      bson_iter_t e;
      bson_iter_init(&e, &arr);
      while (bson_iter_next(&e)) {
        bson_t sub;
        if (!IterDocument(e, sub))
          return core::InvalidArgument(std::string(key) + " elements must be objects");
        CORE_RETURN_IF_ERROR(ValidateFilter(sub));
      }
      continue;
    }
    if (IsOperatorDoc(it)) {
      bson_t ops;
      IterDocument(it, ops);
      bson_iter_t o;
      bson_iter_init(&o, &ops);
      while (bson_iter_next(&o)) {
        const char* op = bson_iter_key(&o);
        if (!IsSupportedFieldOp(op))
          return core::InvalidArgument(std::string("unknown operator: ") + op);
        if ((std::strcmp(op, "$in") == 0 || std::strcmp(op, "$nin") == 0) &&
            !BSON_ITER_HOLDS_ARRAY(&o))
          return core::InvalidArgument(std::string(op) + " needs an array");
      }
    }
  }
  return core::Status::Ok();
}

bool Matches(const bson_t& filter, const bson_t& doc) {
  bson_iter_t it;
  if (!bson_iter_init(&it, &filter)) return false;
  while (bson_iter_next(&it)) {
    const char* key = bson_iter_key(&it);
    if (key[0] == '$') {
      bson_t arr;
      IterDocument(it, arr);
      bson_iter_t e;
      bson_iter_init(&e, &arr);
      bool is_and = std::strcmp(key, "$and") == 0;
      bool is_or = std::strcmp(key, "$or") == 0;
      bool any = false;
      bool all = true;
      while (bson_iter_next(&e)) {
        bson_t sub;
        IterDocument(e, sub);
        bool m = Matches(sub, doc);
        any = any || m;
        all = all && m;
      }
      if (is_and ? !all : (is_or ? !any : any)) return false;
      continue;
    }
    if (IsOperatorDoc(it)) {
      bson_t ops;
      IterDocument(it, ops);
      bson_iter_t o;
      bson_iter_init(&o, &ops);
      while (bson_iter_next(&o)) {
        if (!MatchOperator(bson_iter_key(&o), o, doc, key)) return false;
      }
      continue;
    }
    if (!MatchOperator("$eq", it, doc, key)) return false;
  }
  return true;
}

}  // namespace mongosim
