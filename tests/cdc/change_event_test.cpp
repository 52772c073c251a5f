#include "cdc/event/change_event.h"

#include <string>

#include <gtest/gtest.h>

#include "cdc/event/bson_ptr.h"
#include "cdc/event/split_event_assembler.h"

namespace cdc {
namespace {

BsonPtr FromJson(const std::string& json) {
  bson_error_t err;
  bson_t* b = bson_new_from_json(reinterpret_cast<const uint8_t*>(json.data()),
                                 static_cast<ssize_t>(json.size()), &err);
  EXPECT_NE(b, nullptr) << err.message << " in " << json;
  return BsonPtr(b);
}

std::string ToCanonical(BsonView v) {
  bson_t b = v.AsBson();
  char* s = bson_as_canonical_extended_json(&b, nullptr);
  std::string out(s);
  bson_free(s);
  return out;
}

constexpr const char* kUpdateEvent = R"({
  "_id": {"_data": "8263A1B2C3000000012B022C0100296E5A1004"},
  "operationType": "update",
  "clusterTime": {"$timestamp": {"t": 1700000000, "i": 1234}},
  "wallTime": {"$date": {"$numberLong": "1700000000123"}},
  "ns": {"db": "shop", "coll": "orders"},
  "documentKey": {"_id": {"$oid": "650000000000000000000001"}},
  "updateDescription": {
    "updatedFields": {"status": "paid", "total": {"$numberInt": "42"}},
    "removedFields": ["draft"],
    "truncatedArrays": [{"field": "items", "newSize": {"$numberInt": "2"}}],
    "disambiguatedPaths": {"a.0": ["a", "0"]}
  },
  "fullDocument": {"_id": {"$oid": "650000000000000000000001"}, "status": "paid"},
  "fullDocumentBeforeChange": {"_id": {"$oid": "650000000000000000000001"}, "status": "new"},
  "txnNumber": {"$numberLong": "7"},
  "lsid": {"id": {"$binary": {"base64": "AAAAAAAAAAAAAAAAAAAAAA==", "subType": "04"}}},
  "collectionUUID": {"$binary": {"base64": "ESIzRFVmd4iZqrvM3e7/AA==", "subType": "04"}}
})";

TEST(ChangeEventTest, ExposesEveryDocumentedField) {
  BsonPtr doc = FromJson(kUpdateEvent);
  auto parsed = ChangeEvent::Parse(BsonView::Of(doc.get()));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const ChangeEvent& e = *parsed;
  EXPECT_EQ(e.operation_type(), OperationType::kUpdate);
  EXPECT_EQ(e.operation_type_name(), "update");
  ASSERT_TRUE(e.ns().has_value());
  EXPECT_EQ(e.ns()->db, "shop");
  EXPECT_EQ(e.ns()->coll, "orders");
  EXPECT_FALSE(e.to().has_value());
  EXPECT_EQ(e.cluster_time().seconds, 1700000000u);
  EXPECT_EQ(e.cluster_time().increment, 1234u);
  EXPECT_EQ(e.wall_time_ms(), 1700000000123);
  EXPECT_EQ(e.txn_number(), 7);
  EXPECT_EQ(ToCanonical(e.resume_token()),
            R"({ "_data" : "8263A1B2C3000000012B022C0100296E5A1004" })");
  EXPECT_EQ(ToCanonical(e.document_key()),
            R"({ "_id" : { "$oid" : "650000000000000000000001" } })");
  EXPECT_EQ(ToCanonical(e.full_document_before_change()),
            R"({ "_id" : { "$oid" : "650000000000000000000001" }, "status" : "new" })");
  ASSERT_TRUE(e.update_description().has_value());
  EXPECT_EQ(ToCanonical(e.update_description()->updated_fields),
            R"({ "status" : "paid", "total" : { "$numberInt" : "42" } })");
  EXPECT_EQ(ToCanonical(e.update_description()->removed_fields), R"({ "0" : "draft" })");
  EXPECT_EQ(ToCanonical(e.update_description()->truncated_arrays),
            R"({ "0" : { "field" : "items", "newSize" : { "$numberInt" : "2" } } })");
  EXPECT_FALSE(e.update_description()->disambiguated_paths.empty());
  EXPECT_EQ(e.collection_uuid().size(), 16u);
  EXPECT_EQ(static_cast<unsigned char>(e.collection_uuid()[0]), 0x11);
  EXPECT_FALSE(e.lsid().empty());
  EXPECT_FALSE(e.split_event().has_value());
}

TEST(ChangeEventTest, RenameHasTargetNamespace) {
  BsonPtr doc = FromJson(R"({"_id": {"_data": "01"}, "operationType": "rename",
      "clusterTime": {"$timestamp": {"t": 5, "i": 1}}, "ns": {"db": "d", "coll": "a"},
      "to": {"db": "d", "coll": "b"}})");
  auto e = ChangeEvent::Parse(BsonView::Of(doc.get()));
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->operation_type(), OperationType::kRename);
  ASSERT_TRUE(e->to().has_value());
  EXPECT_EQ(e->to()->coll, "b");
  EXPECT_TRUE(e->full_document().empty());
}

TEST(ChangeEventTest, DropDatabaseHasNoCollection) {
  BsonPtr doc = FromJson(R"({"_id": {"_data": "02"}, "operationType": "dropDatabase",
      "clusterTime": {"$timestamp": {"t": 5, "i": 2}}, "ns": {"db": "d"}})");
  auto e = ChangeEvent::Parse(BsonView::Of(doc.get()));
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->ns()->db, "d");
  EXPECT_EQ(e->ns()->coll, "");
}

TEST(ChangeEventTest, UnknownOperationTypesArePassedThrough) {
  BsonPtr doc = FromJson(R"({"_id": {"_data": "03"}, "operationType": "futureThing",
      "clusterTime": {"$timestamp": {"t": 5, "i": 3}}, "ns": {"db": "d", "coll": "c"},
      "operationDescription": {"x": 1}})");
  auto e = ChangeEvent::Parse(BsonView::Of(doc.get()));
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->operation_type(), OperationType::kUnknown);
  EXPECT_EQ(e->operation_type_name(), "futureThing");
  EXPECT_FALSE(e->operation_description().empty());
}

TEST(ChangeEventTest, NullFullDocumentIsEmpty) {
  BsonPtr doc = FromJson(R"({"_id": {"_data": "04"}, "operationType": "delete",
      "clusterTime": {"$timestamp": {"t": 5, "i": 4}}, "ns": {"db": "d", "coll": "c"},
      "documentKey": {"_id": 1}, "fullDocument": null})");
  auto e = ChangeEvent::Parse(BsonView::Of(doc.get()));
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(e->full_document().empty());
  EXPECT_FALSE(static_cast<bool>(e->full_document()));
}

TEST(ChangeEventTest, MissingResumeTokenIsAnError) {
  BsonPtr doc = FromJson(R"({"operationType": "insert"})");
  auto e = ChangeEvent::Parse(BsonView::Of(doc.get()));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().message(), "change event: missing \"_id\" (the resume token)");
}

TEST(ChangeEventTest, MissingOperationTypeIsAnError) {
  BsonPtr doc = FromJson(R"({"_id": {"_data": "05"}})");
  auto e = ChangeEvent::Parse(BsonView::Of(doc.get()));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().message(), "change event: missing or non-string \"operationType\"");
}

TEST(ChangeEventTest, MalformedBsonIsDataLoss) {
  const uint8_t garbage[] = {0x10, 0, 0, 0, 0x02, 'a', 0, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0, 0};
  auto e = ChangeEvent::Parse(BsonView(garbage, sizeof garbage));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), core::ErrorCode::kDataLoss);
  EXPECT_EQ(e.status().message().rfind("change event: malformed BSON at byte offset", 0), 0u)
      << e.status().message();
}

// The writer re-parses events the reader already validated; it must see the same fields.
TEST(ChangeEventTest, ParseValidatedSeesWhatParseSees) {
  BsonPtr doc = FromJson(kUpdateEvent);
  auto full = ChangeEvent::Parse(BsonView::Of(doc.get()));
  auto fast = ChangeEvent::ParseValidated(BsonView::Of(doc.get()));
  ASSERT_TRUE(full.ok() && fast.ok());
  EXPECT_EQ(fast->operation_type(), full->operation_type());
  EXPECT_EQ(fast->ns()->coll, "orders");
  EXPECT_EQ(fast->cluster_time().increment, full->cluster_time().increment);
  EXPECT_EQ(ToCanonical(fast->resume_token()), ToCanonical(full->resume_token()));
  EXPECT_EQ(ToCanonical(fast->full_document()), ToCanonical(full->full_document()));
  ASSERT_TRUE(fast->update_description().has_value());
  EXPECT_EQ(ToCanonical(fast->update_description()->updated_fields),
            ToCanonical(full->update_description()->updated_fields));
  // Field checks still apply.
  BsonPtr no_op = FromJson(R"({"_id": {"_data": "05"}})");
  auto e = ChangeEvent::ParseValidated(BsonView::Of(no_op.get()));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().message(), "change event: missing or non-string \"operationType\"");
}

TEST(SplitEventAssemblerTest, ReassemblesFragmentsWithTheLastToken) {
  BsonPtr f1 = FromJson(R"({"_id": {"_data": "10"}, "splitEvent": {"fragment": 1, "of": 3},
      "operationType": "update", "clusterTime": {"$timestamp": {"t": 9, "i": 1}},
      "ns": {"db": "d", "coll": "c"}})");
  BsonPtr f2 = FromJson(R"({"_id": {"_data": "11"}, "splitEvent": {"fragment": 2, "of": 3},
      "fullDocument": {"big": "x"}})");
  BsonPtr f3 = FromJson(R"({"_id": {"_data": "12"}, "splitEvent": {"fragment": 3, "of": 3},
      "fullDocumentBeforeChange": {"big": "y"}})");
  SplitEventAssembler assembler;
  for (const BsonPtr* f : {&f1, &f2}) {
    auto frag = ChangeEvent::Parse(BsonView::Of(f->get()));
    ASSERT_TRUE(frag.ok()) << frag.status().ToString();
    auto done = assembler.Add(*frag);
    ASSERT_TRUE(done.ok());
    EXPECT_FALSE(*done);
  }
  EXPECT_TRUE(assembler.in_progress());
  auto last = ChangeEvent::Parse(BsonView::Of(f3.get()));
  ASSERT_TRUE(last.ok());
  auto done = assembler.Add(*last);
  ASSERT_TRUE(done.ok());
  ASSERT_TRUE(*done);
  BsonPtr whole = assembler.TakeEvent();
  ASSERT_NE(whole, nullptr);
  EXPECT_EQ(ToCanonical(BsonView::Of(whole.get())),
            R"({ "_id" : { "_data" : "12" }, "operationType" : "update", "clusterTime" : )"
            R"({ "$timestamp" : { "t" : 9, "i" : 1 } }, "ns" : { "db" : "d", "coll" : "c" }, )"
            R"("fullDocument" : { "big" : "x" }, "fullDocumentBeforeChange" : { "big" : "y" } })");
  EXPECT_FALSE(assembler.in_progress());
}

TEST(SplitEventAssemblerTest, OutOfOrderFragmentIsReported) {
  BsonPtr f2 = FromJson(R"({"_id": {"_data": "11"}, "splitEvent": {"fragment": 2, "of": 3}})");
  auto frag = ChangeEvent::Parse(BsonView::Of(f2.get()));
  ASSERT_TRUE(frag.ok());
  SplitEventAssembler assembler;
  auto r = assembler.Add(*frag);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "split event: expected fragment 1, got fragment 2 of 3");
}

}  // namespace
}  // namespace cdc
