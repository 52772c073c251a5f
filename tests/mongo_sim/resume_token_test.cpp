#include "resume_token.h"

#include <gtest/gtest.h>

namespace mongosim {
namespace {

TEST(ResumeToken, RoundTripsEveryField) {
  ResumePosition pos{{1700000000, 7}, 123456789012ULL, TokenKind::kInvalidate, 3};
  bson_t doc = BSON_INITIALIZER;
  AppendResumeToken(doc, "t", pos);
  bson_t token;
  bson_iter_t it;
  ASSERT_TRUE(bson_iter_init_find(&it, &doc, "t"));
  uint32_t len = 0;
  const uint8_t* data = nullptr;
  bson_iter_document(&it, &len, &data);
  ASSERT_TRUE(bson_init_static(&token, data, len));
  core::Result<ResumePosition> back = DecodeResumeToken(token);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back.value().ts, pos.ts);
  EXPECT_EQ(back.value().seq, pos.seq);
  EXPECT_EQ(back.value().kind, TokenKind::kInvalidate);
  EXPECT_EQ(back.value().fragment, 3);
  bson_destroy(&doc);
}

TEST(ResumeToken, HexSortsInOplogOrder) {
  std::vector<ResumePosition> ordered = {
      {{100, 1}, 1, TokenKind::kEvent, 0},         {{100, 1}, 1, TokenKind::kInvalidate, 0},
      {{100, 1}, 1, TokenKind::kHighWaterMark, 0}, {{100, 2}, 2, TokenKind::kEvent, 0},
      {{100, 2}, 2, TokenKind::kEvent, 1},         {{100, 2}, 2, TokenKind::kEvent, 2},
      {{101, 1}, 3, TokenKind::kEvent, 0},         {{0xFFFFFFFF, 1}, 4, TokenKind::kEvent, 0},
  };
  for (size_t i = 1; i < ordered.size(); ++i)
    EXPECT_LT(EncodeTokenData(ordered[i - 1]), EncodeTokenData(ordered[i])) << i;
  EXPECT_EQ(EncodeTokenData(ordered[0]).size(), 40u);
}

TEST(ResumeToken, RejectsForeignTokensWithAMessage) {
  bson_t* token = BCON_NEW("_data", BCON_UTF8("8263F0A2B1000000012B022C0100296E5A1004"));
  core::Result<ResumePosition> r = DecodeResumeToken(*token);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "KeyString format error: resume token _data "
            "'8263F0A2B1000000012B022C0100296E5A1004' was not issued by this server");
  bson_destroy(token);
}

}  // namespace
}  // namespace mongosim
