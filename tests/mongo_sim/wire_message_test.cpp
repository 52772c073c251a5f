#include "wire_message.h"

#include <gtest/gtest.h>

#include <cstring>

#include "bson_values.h"

namespace mongosim {
namespace {

void PutI32(std::string& s, int32_t v) {
  char b[4];
  std::memcpy(b, &v, 4);  // little-endian host (x86-64, arm64)
  s.append(b, 4);
}

std::string Bytes(const bson_t& b) {
  return std::string(reinterpret_cast<const char*>(bson_get_data(&b)), b.len);
}

TEST(WireMessage, OpMsgDocumentSequencesBecomeArrays) {
  bson_t* body = BCON_NEW("insert", BCON_UTF8("c"), "$db", BCON_UTF8("d"));
  bson_t* d1 = BCON_NEW("_id", BCON_INT32(1));
  bson_t* d2 = BCON_NEW("_id", BCON_INT32(2));
  std::string seq = "documents";
  seq.push_back('\0');
  seq += Bytes(*d1) + Bytes(*d2);
  std::string payload;
  PutI32(payload, 0);  // flagBits
  payload.push_back('\0');
  payload += Bytes(*body);
  payload.push_back('\1');
  PutI32(payload, int32_t(4 + seq.size()));
  payload += seq;
  std::string msg;
  PutI32(msg, int32_t(16 + payload.size()));
  PutI32(msg, 5);
  PutI32(msg, 0);
  PutI32(msg, kOpMsg);
  msg += payload;

  Request req;
  ASSERT_TRUE(ParseRequest(msg, req).ok());
  EXPECT_EQ(req.header.request_id, 5);
  EXPECT_FALSE(req.legacy);
  bson_iter_t it;
  ASSERT_TRUE(bson_iter_init(&it, &req.command));
  ASSERT_TRUE(bson_iter_find_descendant(&it, "documents.1._id", &it));
  EXPECT_EQ(bson_iter_int32(&it), 2);
  bson_destroy(body);
  bson_destroy(d1);
  bson_destroy(d2);
}

TEST(WireMessage, OpQueryUnwrapsAndTakesDatabase) {
  bson_t* query = BCON_NEW("$query", "{", "isMaster", BCON_INT32(1), "}");
  std::string payload;
  PutI32(payload, 0);
  payload += "admin.$cmd";
  payload.push_back('\0');
  PutI32(payload, 0);
  PutI32(payload, -1);
  payload += Bytes(*query);
  std::string msg;
  PutI32(msg, int32_t(16 + payload.size()));
  PutI32(msg, 9);
  PutI32(msg, 0);
  PutI32(msg, kOpQuery);
  msg += payload;
  Request req;
  ASSERT_TRUE(ParseRequest(msg, req).ok());
  EXPECT_TRUE(req.legacy);
  EXPECT_EQ(IntField(req.command, "isMaster", 0), 1);
  EXPECT_EQ(StringField(req.command, "$db"), "admin");
  bson_destroy(query);
}

TEST(WireMessage, UnsupportedOpCodeIsNamed) {
  std::string msg;
  PutI32(msg, 16);
  PutI32(msg, 1);
  PutI32(msg, 0);
  PutI32(msg, 2012);
  Request req;
  core::Status s = ParseRequest(msg, req);
  EXPECT_EQ(s.message(), "unsupported opCode 2012 (expected OP_MSG 2013 or OP_QUERY 2004)");
}

}  // namespace
}  // namespace mongosim
