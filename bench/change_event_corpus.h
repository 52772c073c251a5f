// A deterministic corpus of MongoDB change events as JSON Lines (~1 KB each), for the codec
// benchmarks: realistic field names, ids, timestamps, prices and free text, so ratios and speeds
// resemble what rigatoni compresses. Deterministic: every run of a given build writes the same
// bytes (mt19937_64 is fully specified and no std distributions are used; the order in which one
// expression's calls draw numbers is up to the compiler, so another compiler may differ).
#pragma once

#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <string_view>

#include "core/json_writer.h"

namespace bench {

// Appends the pieces (plain appends: GCC 12's -Wrestrict misfires on chains of operator+).
template <typename... Parts>
std::string Cat(const Parts&... parts) {
  std::string s;
  (s.append(std::string_view(parts)), ...);
  return s;
}

inline std::string ChangeEventCorpus(size_t target_bytes) {
  static constexpr const char* kOps[] = {"insert", "update",  "update",
                                         "update", "replace", "delete"};
  static constexpr const char* kColls[] = {"orders", "customers", "inventory", "payments"};
  static constexpr const char* kStatus[] = {"pending", "paid", "shipped", "delivered", "cancelled"};
  static constexpr const char* kWords[] = {
      "express", "gift",  "fragile", "weekend", "leave",       "at",     "door",     "please",
      "ring",    "bell",  "office",  "back",    "entrance",    "call",   "before",   "delivery",
      "blue",    "large", "organic", "cotton",  "refurbished", "bundle", "discount", "loyalty"};
  static constexpr const char* kCities[] = {"Lisbon", "Berlin",  "Osaka", "Toronto",
                                            "Austin", "Nairobi", "Lyon",  "Melbourne"};
  std::mt19937_64 rng(20261121);
  auto pick = [&](auto& arr) { return arr[rng() % (sizeof(arr) / sizeof(arr[0]))]; };
  auto hex = [&](int n) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string s;
    for (int i = 0; i < n; ++i)
      s += kHex[rng() % 16];
    return s;
  };
  std::string out;
  out.reserve(target_bytes + 2048);
  core::JsonWriter w(&out);
  uint64_t ts = 1'763'700'000;  // seconds; cluster time advances slowly
  uint64_t inc = 0;
  while (out.size() < target_bytes) {
    ts += rng() % 3;
    inc = (rng() % 4 == 0) ? 1 : inc + 1;
    const std::string id = hex(24);
    const char* op = pick(kOps);
    w.Reset();
    w.BeginObject();
    std::string token = "8263";
    token += hex(8);
    token += "000000";
    token += hex(2);
    token += "2B042C0100296E5A1004";
    token += hex(32);
    token += "46645F69640064";
    token += id;
    token += "0004";
    w.Key("_id").BeginObject().Field("_data", token).EndObject();
    w.Field("operationType", op);
    w.Key("clusterTime")
        .BeginObject()
        .Key("$timestamp")
        .BeginObject()
        .Field("t", ts)
        .Field("i", inc)
        .EndObject()
        .EndObject();
    w.Key("wallTime")
        .BeginObject()
        .Field("$date", static_cast<int64_t>(ts * 1000 + rng() % 1000))
        .EndObject();
    w.Key("ns").BeginObject().Field("db", "shop").Field("coll", pick(kColls)).EndObject();
    w.Key("documentKey")
        .BeginObject()
        .Key("_id")
        .BeginObject()
        .Field("$oid", id)
        .EndObject()
        .EndObject();
    if (std::string_view(op) != "delete") {
      w.Key("fullDocument").BeginObject();
      w.Key("_id").BeginObject().Field("$oid", id).EndObject();
      w.Field("orderNumber", static_cast<int64_t>(100000 + rng() % 900000));
      w.Field("status", pick(kStatus));
      w.Key("customer").BeginObject();
      w.Field("customerId", Cat("C", std::to_string(rng() % 50000)));
      w.Field("email", Cat("user", std::to_string(rng() % 50000), "@example.com"));
      w.Field("name", Cat(pick(kWords), " ", pick(kWords)));
      w.Key("address")
          .BeginObject()
          .Field("street", Cat(std::to_string(1 + rng() % 400), " ", pick(kWords), " street"))
          .Field("city", pick(kCities))
          .Field("zip", hex(5))
          .EndObject();
      w.EndObject();
      w.Key("items").BeginArray();
      const int items = 1 + static_cast<int>(rng() % 4);
      for (int i = 0; i < items; ++i) {
        w.BeginObject()
            .Field("sku", Cat("SKU-", hex(6)))
            .Field("qty", static_cast<int64_t>(1 + rng() % 5))
            .Field("price", static_cast<double>(rng() % 100000) / 100.0)
            .Field("title", Cat(pick(kWords), " ", pick(kWords), " ", pick(kWords)))
            .EndObject();
      }
      w.EndArray();
      w.Field("total", static_cast<double>(rng() % 1000000) / 100.0);
      w.Field("currency", "EUR");
      std::string note;
      const int words = static_cast<int>(rng() % 12);
      for (int i = 0; i < words; ++i)
        note += std::string(i ? " " : "") + pick(kWords);
      w.Field("note", note);
      w.Key("tags").BeginArray().String(pick(kWords)).String(pick(kWords)).EndArray();
      w.Key("createdAt")
          .BeginObject()
          .Field("$date", static_cast<int64_t>((ts - rng() % 86400) * 1000))
          .EndObject();
      w.Key("updatedAt").BeginObject().Field("$date", static_cast<int64_t>(ts * 1000)).EndObject();
      w.EndObject();
    }
    if (std::string_view(op) == "update") {
      w.Key("updateDescription").BeginObject();
      w.Key("updatedFields")
          .BeginObject()
          .Field("status", pick(kStatus))
          .Key("updatedAt")
          .BeginObject()
          .Field("$date", static_cast<int64_t>(ts * 1000))
          .EndObject()
          .EndObject();
      w.Key("removedFields").BeginArray().EndArray();
      w.Key("truncatedArrays").BeginArray().EndArray();
      w.EndObject();
    }
    w.EndObject();
    out += '\n';
  }
  return out;
}

// Writes the corpus to `path`; false (with a message on stderr) on failure.
inline bool WriteCorpus(const std::string& corpus, const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) {
    std::perror(path.c_str());
    return false;
  }
  const bool ok = std::fwrite(corpus.data(), 1, corpus.size(), f) == corpus.size();
  return std::fclose(f) == 0 && ok;
}

}  // namespace bench
