#include "query_filter.h"

#include <gtest/gtest.h>

namespace mongosim {
namespace {

bool Match(const char* filter_json, const char* doc_json) {
  bson_error_t error;
  bson_t* filter = bson_new_from_json(reinterpret_cast<const uint8_t*>(filter_json), -1, &error);
  bson_t* doc = bson_new_from_json(reinterpret_cast<const uint8_t*>(doc_json), -1, &error);
  EXPECT_TRUE(filter && doc) << error.message;
  EXPECT_TRUE(ValidateFilter(*filter).ok());
  bool m = Matches(*filter, *doc);
  bson_destroy(filter);
  bson_destroy(doc);
  return m;
}

TEST(QueryFilter, EqualityAcrossNumericTypesAndDottedPaths) {
  EXPECT_TRUE(Match(R"({"a": 1})", R"({"a": 1.0})"));
  EXPECT_TRUE(Match(R"({"a": {"$numberLong": "1"}})", R"({"a": 1})"));
  EXPECT_FALSE(Match(R"({"a": 1})", R"({"a": "1"})"));
  EXPECT_TRUE(Match(R"({"ns.coll": "x"})", R"({"ns": {"db": "d", "coll": "x"}})"));
  EXPECT_TRUE(Match(R"({"tags": "b"})", R"({"tags": ["a", "b"]})"));
  EXPECT_TRUE(Match(R"({"missing": null})", R"({"a": 1})"));
}

TEST(QueryFilter, OperatorsAndLogic) {
  EXPECT_TRUE(Match(R"({"op": {"$in": ["insert", "update"]}})", R"({"op": "update"})"));
  EXPECT_FALSE(Match(R"({"op": {"$nin": ["insert", "update"]}})", R"({"op": "update"})"));
  EXPECT_TRUE(Match(R"({"$or": [{"a": 1}, {"b": 2}]})", R"({"b": 2})"));
  EXPECT_FALSE(Match(R"({"$and": [{"a": 1}, {"b": 2}]})", R"({"b": 2})"));
  EXPECT_TRUE(Match(R"({"$nor": [{"a": 1}]})", R"({"a": 2})"));
  EXPECT_TRUE(Match(R"({"n": {"$gt": 1, "$lte": 3}})", R"({"n": 3})"));
  EXPECT_FALSE(Match(R"({"n": {"$gt": 1}})", R"({"n": "5"})"));
  EXPECT_TRUE(Match(R"({"a": {"$exists": false}})", R"({"b": 1})"));
  EXPECT_TRUE(Match(R"({"a": {"$ne": 1}})", R"({"a": 2})"));
}

TEST(QueryFilter, UnsupportedOperatorsAreNamed) {
  bson_error_t error;
  bson_t* f = bson_new_from_json(
      reinterpret_cast<const uint8_t*>(R"({"a": {"$elemMatch": {"b": 1}}})"), -1, &error);
  core::Status s = ValidateFilter(*f);
  EXPECT_EQ(s.message(), "unknown operator: $elemMatch");
  bson_destroy(f);
  f = bson_new_from_json(reinterpret_cast<const uint8_t*>(R"({"$where": "1"})"), -1, &error);
  EXPECT_EQ(ValidateFilter(*f).message(), "unknown top level operator: $where");
  bson_destroy(f);
}

}  // namespace
}  // namespace mongosim
