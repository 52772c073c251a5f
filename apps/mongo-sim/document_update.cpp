#include "document_update.h"

#include <cstring>
#include <limits>
#include <memory>
#include <utility>

#include "bson_values.h"

namespace mongosim {
namespace {

// A mutable document tree, used only while an update is applied.
struct Node {
  bool container = false;
  bool array = false;
  bson_value_t scalar{};  // owned copy when !container
  std::vector<std::pair<std::string, Node>> children;

  Node() { scalar.value_type = BSON_TYPE_NULL; }
  Node(const Node& o) : container(o.container), array(o.array), children(o.children) {
    bson_value_copy(&o.scalar, &scalar);
  }
  Node& operator=(const Node& o) {
    if (this != &o) {
      Node copy(o);
      Swap(copy);
    }
    return *this;
  }
  Node(Node&& o) noexcept : Node() { Swap(o); }
  Node& operator=(Node&& o) noexcept {
    Swap(o);
    return *this;
  }
  ~Node() { bson_value_destroy(&scalar); }
  void Swap(Node& o) {
    std::swap(container, o.container);
    std::swap(array, o.array);
    std::swap(scalar, o.scalar);
    children.swap(o.children);
  }

  Node* Child(const std::string& key) {
    for (auto& [k, v] : children) {
      if (k == key) return &v;
    }
    return nullptr;
  }
};

Node FromValue(const bson_iter_t& it);

Node FromDoc(const bson_t& doc, bool array) {
  Node n;
  n.container = true;
  n.array = array;
  bson_iter_t it;
  bson_iter_init(&it, &doc);
  while (bson_iter_next(&it))
    n.children.emplace_back(bson_iter_key(&it), FromValue(it));
  return n;
}

Node FromValue(const bson_iter_t& it) {
  bson_t sub;
  if ((BSON_ITER_HOLDS_DOCUMENT(&it) || BSON_ITER_HOLDS_ARRAY(&it)) && IterDocument(it, sub))
    return FromDoc(sub, BSON_ITER_HOLDS_ARRAY(&it));
  Node n;
  bson_value_destroy(&n.scalar);
  bson_value_copy(bson_iter_value(const_cast<bson_iter_t*>(&it)), &n.scalar);
  return n;
}

void AppendNode(bson_t& out, const std::string& key, const Node& n) {
  if (!n.container) {
    AppendValue(out, key, n.scalar);
    return;
  }
  bson_t child;
  if (n.array) {
    bson_append_array_begin(&out, key.data(), int(key.size()), &child);
    uint32_t i = 0;
    for (const auto& [k, v] : n.children)
      AppendNode(child, std::to_string(i++), v);
    bson_append_array_end(&out, &child);
  } else {
    bson_append_document_begin(&out, key.data(), int(key.size()), &child);
    for (const auto& [k, v] : n.children)
      AppendNode(child, k, v);
    bson_append_document_end(&out, &child);
  }
}

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

bool IsIndex(const std::string& s) {
  return !s.empty() && s.size() < 9 && s.find_first_not_of("0123456789") == std::string::npos;
}

// Walks to the parent of the last path component, creating documents on the way when `create`.
// `created_at` receives the path prefix of the first created node (for the update description).
Node* Parent(Node& root, const std::vector<std::string>& parts, bool create,
             std::string& created_at, UpdateError& error) {
  Node* cur = &root;
  std::string prefix;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    prefix += (i ? "." : "") + parts[i];
    Node* next = cur->Child(parts[i]);
    if (cur->array && next == nullptr && IsIndex(parts[i])) {
      size_t idx = std::stoul(parts[i]);
      if (idx < cur->children.size()) next = &cur->children[idx].second;
    }
    if (next == nullptr) {
      if (!create) return nullptr;
      if (cur->array) {
        error = {28, "Cannot create field '" + parts[i] + "' in an array"};
        return nullptr;
      }
      Node doc;
      doc.container = true;
      cur->children.emplace_back(parts[i], std::move(doc));
      next = &cur->children.back().second;
      if (created_at.empty()) created_at = prefix;
    } else if (!next->container) {
      if (!create) return nullptr;
      error = {28, "Cannot create field '" + parts[i + 1] + "' in element {" + parts[i] + ": ...}"};
      return nullptr;
    }
    cur = next;
  }
  return cur;
}

Node* Slot(Node& parent, const std::string& key) {
  if (parent.array && IsIndex(key)) {
    size_t idx = std::stoul(key);
    if (idx < parent.children.size()) return &parent.children[idx].second;
    return nullptr;
  }
  return parent.Child(key);
}

void SetSlot(Node& parent, const std::string& key, Node value) {
  if (Node* existing = Slot(parent, key)) {
    *existing = std::move(value);
    return;
  }
  if (parent.array && IsIndex(key)) {
    size_t idx = std::stoul(key);
    while (parent.children.size() < idx)
      parent.children.emplace_back("", Node());
  }
  parent.children.emplace_back(key, std::move(value));
}

bool AddNumbers(const bson_value_t& a, const bson_value_t& b, bson_value_t& out) {
  auto is_num = [](bson_type_t t) {
    return t == BSON_TYPE_INT32 || t == BSON_TYPE_INT64 || t == BSON_TYPE_DOUBLE;
  };
  if (!is_num(a.value_type) || !is_num(b.value_type)) return false;
  if (a.value_type == BSON_TYPE_DOUBLE || b.value_type == BSON_TYPE_DOUBLE) {
    auto d = [](const bson_value_t& v) {
      return v.value_type == BSON_TYPE_DOUBLE  ? v.value.v_double
             : v.value_type == BSON_TYPE_INT32 ? double(v.value.v_int32)
                                               : double(v.value.v_int64);
    };
    out.value_type = BSON_TYPE_DOUBLE;
    out.value.v_double = d(a) + d(b);
    return true;
  }
  int64_t x = a.value_type == BSON_TYPE_INT32 ? a.value.v_int32 : a.value.v_int64;
  int64_t y = b.value_type == BSON_TYPE_INT32 ? b.value.v_int32 : b.value.v_int64;
  int64_t sum = x + y;
  if (a.value_type == BSON_TYPE_INT32 && b.value_type == BSON_TYPE_INT32 &&
      sum >= std::numeric_limits<int32_t>::min() && sum <= std::numeric_limits<int32_t>::max()) {
    out.value_type = BSON_TYPE_INT32;
    out.value.v_int32 = static_cast<int32_t>(sum);
  } else {
    out.value_type = BSON_TYPE_INT64;
    out.value.v_int64 = sum;
  }
  return true;
}

bool ApplyOperator(Node& root, const char* op, const bson_t& args, bool inserting,
                   UpdateDescription& desc, UpdateError& error) {
  bool set = std::strcmp(op, "$set") == 0;
  bool set_on_insert = std::strcmp(op, "$setOnInsert") == 0;
  bool unset = std::strcmp(op, "$unset") == 0;
  bool inc = std::strcmp(op, "$inc") == 0;
  bool push = std::strcmp(op, "$push") == 0;
  if (!(set || set_on_insert || unset || inc || push)) {
    error = {9, std::string("Unknown modifier: ") + op +
                    ". Expected a valid update modifier or pipeline-style update specified as an "
                    "array"};
    return false;
  }
  if (set_on_insert && !inserting) return true;
  bson_iter_t it;
  bson_iter_init(&it, &args);
  while (bson_iter_next(&it)) {
    std::string path = bson_iter_key(&it);
    if (path == "_id" && !inserting && !unset && (set || inc || push)) {
      error = {66, "Performing an update on the path '_id' would modify the immutable field '_id'"};
      return false;
    }
    std::vector<std::string> parts = SplitPath(path);
    std::string created_at;
    Node* parent = Parent(root, parts, !unset, created_at, error);
    if (parent == nullptr) {
      if (error.code != 0) return false;
      continue;  // $unset of a missing path: no-op
    }
    const std::string& last = parts.back();
    Node* existing = Slot(*parent, last);
    std::string reported = created_at.empty() ? path : created_at;
    if (unset) {
      if (existing == nullptr) continue;
      if (parent->array) {
        *existing = Node();  // $unset in an array sets null, as MongoDB does
        desc.updated_paths.push_back(path);
      } else {
        for (auto i = parent->children.begin(); i != parent->children.end(); ++i) {
          if (i->first == last) {
            parent->children.erase(i);
            break;
          }
        }
        desc.removed_paths.push_back(path);
      }
    } else if (set || set_on_insert) {
      SetSlot(*parent, last, FromValue(it));
      desc.updated_paths.push_back(reported);
    } else if (inc) {
      const bson_value_t* delta = bson_iter_value(&it);
      bson_value_t zero;
      zero.value_type = BSON_TYPE_INT32;
      zero.value.v_int32 = 0;
      const bson_value_t& base = existing ? existing->scalar : zero;
      Node sum;
      if ((existing && existing->container) || !AddNumbers(base, *delta, sum.scalar)) {
        error = {14,
                 "Cannot apply $inc to a value of non-numeric type. {_id: ...} has the field '" +
                     last + "' of non-numeric type"};
        return false;
      }
      SetSlot(*parent, last, std::move(sum));
      desc.updated_paths.push_back(reported);
    } else if (push) {
      std::vector<Node> items;
      bson_t each_doc;
      bson_iter_t each;
      if (BSON_ITER_HOLDS_DOCUMENT(&it) && IterDocument(it, each_doc) &&
          bson_iter_init_find(&each, &each_doc, "$each") && BSON_ITER_HOLDS_ARRAY(&each)) {
        bson_t arr;
        IterDocument(each, arr);
        bson_iter_t e;
        bson_iter_init(&e, &arr);
        while (bson_iter_next(&e))
          items.push_back(FromValue(e));
      } else {
        items.push_back(FromValue(it));
      }
      if (existing == nullptr) {
        Node arr;
        arr.container = arr.array = true;
        for (auto& item : items)
          arr.children.emplace_back("", std::move(item));
        SetSlot(*parent, last, std::move(arr));
        desc.updated_paths.push_back(reported);
      } else if (!existing->array) {
        error = {2, "The field '" + last + "' must be an array but is of a different type"};
        return false;
      } else {
        for (auto& item : items) {
          desc.updated_paths.push_back(path + "." + std::to_string(existing->children.size()));
          existing->children.emplace_back("", std::move(item));
        }
      }
    }
  }
  return true;
}

}  // namespace

bool IsReplacement(const bson_t& update) {
  bson_iter_t it;
  return !(bson_iter_init(&it, &update) && bson_iter_next(&it) && bson_iter_key(&it)[0] == '$');
}

bool ApplyUpdate(const bson_t& original, const bson_t& update, bool inserting, bson_t& out,
                 UpdateDescription& desc, UpdateError& error) {
  bson_iter_t id_it;
  bool has_id = bson_iter_init_find(&id_it, &original, "_id");
  if (IsReplacement(update)) {
    bson_iter_t rid;
    if (has_id && bson_iter_init_find(&rid, &update, "_id") &&
        !ValuesEqual(*bson_iter_value(&rid), *bson_iter_value(&id_it))) {
      error = {66,
               "After applying the update, the (immutable) field '_id' was found to have been "
               "altered"};
      return false;
    }
    if (has_id) bson_append_iter(&out, "_id", 3, &id_it);
    bson_copy_to_excluding_noinit(&update, &out, "_id", NULL);
    if (!has_id && bson_iter_init_find(&rid, &update, "_id"))
      bson_append_iter(&out, "_id", 3, &rid);
    return true;
  }
  Node root = FromDoc(original, false);
  bson_iter_t op;
  bson_iter_init(&op, &update);
  while (bson_iter_next(&op)) {
    bson_t args;
    if (!BSON_ITER_HOLDS_DOCUMENT(&op) || !IterDocument(op, args)) {
      error = {9, std::string("Modifiers operate on fields but we found type ") +
                      "non-object instead for " + bson_iter_key(&op)};
      return false;
    }
    if (!ApplyOperator(root, bson_iter_key(&op), args, inserting, desc, error)) return false;
  }
  // _id first, as MongoDB keeps it.
  for (size_t i = 0; i < root.children.size(); ++i) {
    if (root.children[i].first == "_id" && i != 0) {
      auto id = std::move(root.children[i]);
      root.children.erase(root.children.begin() + long(i));
      root.children.insert(root.children.begin(), std::move(id));
    }
  }
  for (const auto& [k, v] : root.children)
    AppendNode(out, k, v);
  return true;
}

void SeedFromFilter(const bson_t& filter, bson_t& out) {
  bson_iter_t it;
  bson_iter_init(&it, &filter);
  while (bson_iter_next(&it)) {
    const char* key = bson_iter_key(&it);
    if (key[0] == '$' || std::strchr(key, '.') != nullptr) continue;
    bson_t ops;
    bson_iter_t eq;
    if (BSON_ITER_HOLDS_DOCUMENT(&it) && IterDocument(it, ops) && bson_iter_init(&eq, &ops) &&
        bson_iter_next(&eq) && bson_iter_key(&eq)[0] == '$') {
      if (std::strcmp(bson_iter_key(&eq), "$eq") == 0) bson_append_iter(&out, key, -1, &eq);
      continue;
    }
    bson_append_iter(&out, key, -1, &it);
  }
}

void AppendUpdateDescription(bson_t& out, const char* key, const UpdateDescription& desc,
                             const bson_t& new_doc, bool disambiguated_paths) {
  bson_t d, updated, removed, truncated;
  bson_append_document_begin(&out, key, -1, &d);
  bson_append_document_begin(&d, "updatedFields", -1, &updated);
  for (const std::string& path : desc.updated_paths) {
    bson_iter_t v;
    if (FindPath(new_doc, path, v)) bson_append_iter(&updated, path.c_str(), int(path.size()), &v);
  }
  bson_append_document_end(&d, &updated);
  bson_append_array_begin(&d, "removedFields", -1, &removed);
  uint32_t i = 0;
  for (const std::string& path : desc.removed_paths)
    bson_append_utf8(&removed, std::to_string(i++).c_str(), -1, path.c_str(), int(path.size()));
  bson_append_array_end(&d, &removed);
  bson_append_array_begin(&d, "truncatedArrays", -1, &truncated);
  bson_append_array_end(&d, &truncated);
  if (disambiguated_paths) {
    bson_t dis;
    bson_append_document_begin(&d, "disambiguatedPaths", -1, &dis);
    bson_append_document_end(&d, &dis);
  }
  bson_append_document_end(&out, &d);
}

}  // namespace mongosim
