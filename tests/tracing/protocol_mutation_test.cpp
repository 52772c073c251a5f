// Robustness: byte-level mutations and truncations of every golden request either parse (and then
// round-trip through the writer to an equal value) or fail with InvalidArgument and a message;
// never anything else. Deterministic (fixed seed); run under ASan/UBSan by the sanitizer build.
#include <gtest/gtest.h>

#include <random>

#include "protocol_fixtures.h"
#include "tracing/protocol/message_parser.h"
#include "tracing/protocol/message_writer.h"

namespace tracing::protocol {
namespace {

constexpr int kMutationsPerFile = 300;

void CheckOne(MessageParser& parser, const std::string& input, const std::string& origin) {
  core::Result<Request> r = parser.ParseRequest(input);
  if (!r.ok()) {
    ASSERT_EQ(r.status().code(), core::ErrorCode::kInvalidArgument) << origin;
    ASSERT_FALSE(r.status().message().empty()) << origin;
    return;
  }
  std::string out;
  AppendJson(*r, &out);
  core::Result<Request> again = parser.ParseRequest(out);
  ASSERT_TRUE(again.ok()) << origin << "\nwrote: " << out << "\n" << again.status().message();
  ASSERT_TRUE(*again == *r) << origin << "\nwrote: " << out;
  std::string out2;
  AppendJson(*again, &out2);
  ASSERT_EQ(out2, out) << origin;
}

TEST(RequestMutations, ParseOrFailCleanly) {
  std::mt19937_64 rng(20250917);
  MessageParser parser;
  const char kInteresting[] = "{}[]\":,0123456789.eE-+ntfu\\\x80\xff\x01";
  int parsed = 0;
  int total = 0;
  for (const std::string& name : tracing_test::GoldenNames("request_")) {
    const std::string golden = tracing_test::Golden(name);
    for (int i = 0; i < kMutationsPerFile; ++i) {
      std::string input = golden;
      const size_t at = rng() % input.size();
      switch (rng() % 4) {
        case 0:  // replace a byte
          input[at] = kInteresting[rng() % (sizeof kInteresting - 1)];
          break;
        case 1:  // delete a byte
          input.erase(at, 1);
          break;
        case 2:  // insert a byte
          input.insert(at, 1, kInteresting[rng() % (sizeof kInteresting - 1)]);
          break;
        default:  // truncate
          input.resize(at);
      }
      const core::Result<Request> r = parser.ParseRequest(input);
      parsed += r.ok();
      ++total;
      CheckOne(parser, input, name + " mutation " + std::to_string(i));
      if (HasFatalFailure()) return;
    }
  }
  // Some mutations keep the message valid (e.g. a digit changed), most do not.
  EXPECT_GT(parsed, 0);
  EXPECT_LT(parsed, total);
}

}  // namespace
}  // namespace tracing::protocol
