#include "document_update.h"

#include <gtest/gtest.h>

#include <string>

namespace mongosim {
namespace {

bson_t* Json(const char* json) {
  bson_error_t error;
  bson_t* b = bson_new_from_json(reinterpret_cast<const uint8_t*>(json), -1, &error);
  EXPECT_NE(b, nullptr) << json << ": " << error.message;
  return b;
}

std::string ToJson(const bson_t& b) {
  char* s = bson_as_relaxed_extended_json(&b, nullptr);
  std::string out = s;
  bson_free(s);
  return out;
}

struct Applied {
  bool ok;
  std::string doc;
  std::string description;
  UpdateError error;
};

Applied Apply(const char* original, const char* update, bool inserting = false) {
  bson_t* o = Json(original);
  bson_t* u = Json(update);
  bson_t out = BSON_INITIALIZER;
  UpdateDescription desc;
  Applied r;
  r.ok = ApplyUpdate(*o, *u, inserting, out, desc, r.error);
  if (r.ok) {
    r.doc = ToJson(out);
    bson_t d = BSON_INITIALIZER;
    AppendUpdateDescription(d, "u", desc, out, false);
    r.description = ToJson(d);
    bson_destroy(&d);
  }
  bson_destroy(&out);
  bson_destroy(o);
  bson_destroy(u);
  return r;
}

TEST(DocumentUpdate, OperatorsProduceDocumentAndDescription) {
  Applied r = Apply(R"({"_id": 1, "a": 1, "tags": ["x"], "gone": true})",
                    R"({"$set": {"b.c": 5}, "$inc": {"a": 2}, "$push": {"tags": "y"},
                        "$unset": {"gone": ""}})");
  ASSERT_TRUE(r.ok) << r.error.message;
  EXPECT_EQ(r.doc, R"({ "_id" : 1, "a" : 3, "tags" : [ "x", "y" ], "b" : { "c" : 5 } })");
  EXPECT_EQ(r.description,
            R"({ "u" : { "updatedFields" : { "b" : { "c" : 5 }, "a" : 3, "tags.1" : "y" }, )"
            R"("removedFields" : [ "gone" ], "truncatedArrays" : [  ] } })");
}

TEST(DocumentUpdate, ReplacementKeepsIdFirst) {
  Applied r = Apply(R"({"_id": 7, "a": 1})", R"({"b": 2})");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.doc, R"({ "_id" : 7, "b" : 2 })");
  r = Apply(R"({"_id": 7})", R"({"_id": 8})");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error.code, 66);
}

TEST(DocumentUpdate, SetOnInsertOnlyWhenInserting) {
  EXPECT_EQ(Apply(R"({"_id": 1})", R"({"$setOnInsert": {"c": 1}})").doc, R"({ "_id" : 1 })");
  EXPECT_EQ(Apply(R"({"_id": 1})", R"({"$setOnInsert": {"c": 1}})", true).doc,
            R"({ "_id" : 1, "c" : 1 })");
}

TEST(DocumentUpdate, ErrorsNameTheProblem) {
  Applied r = Apply(R"({"_id": 1, "s": "x"})", R"({"$inc": {"s": 1}})");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error.code, 14);
  EXPECT_NE(r.error.message.find("Cannot apply $inc to a value of non-numeric type"),
            std::string::npos);
  r = Apply(R"({"_id": 1})", R"({"$rename": {"a": "b"}})");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error.code, 9);
  EXPECT_NE(r.error.message.find("Unknown modifier: $rename"), std::string::npos);
}

}  // namespace
}  // namespace mongosim
