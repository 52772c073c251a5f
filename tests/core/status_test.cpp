#include "core/status.h"

#include <cerrno>

#include <gtest/gtest.h>

namespace core {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
  EXPECT_FALSE(s.retryable());
}

TEST(StatusTest, RetryabilityComesFromTheCodeNotTheMessage) {
  EXPECT_TRUE(Unavailable("anything").retryable());
  EXPECT_TRUE(DeadlineExceeded("x").retryable());
  EXPECT_TRUE(ResourceExhausted("SlowDown").retryable());
  EXPECT_TRUE(Status(ErrorCode::kAborted, "conflict").retryable());
  EXPECT_FALSE(InvalidArgument("retryable").retryable());
  EXPECT_FALSE(PermissionDenied("retryable please").retryable());
  EXPECT_FALSE(Cancelled("shutdown").retryable());
}

TEST(StatusTest, ToStringAndContext) {
  Status s = Unavailable("connection refused").WithContext("connect to 127.0.0.1:6379");
  EXPECT_EQ(s.code(), ErrorCode::kUnavailable);
  EXPECT_EQ(s.ToString(), "Unavailable: connect to 127.0.0.1:6379: connection refused");
  EXPECT_TRUE(Status::Ok().WithContext("ignored").ok());
}

TEST(StatusTest, ErrnoMapping) {
  EXPECT_EQ(ErrnoStatus(ENOSPC, "write /lake/x").code(), ErrorCode::kResourceExhausted);
  EXPECT_EQ(ErrnoStatus(EACCES, "open").code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(ErrnoStatus(ECONNREFUSED, "connect").code(), ErrorCode::kUnavailable);
  EXPECT_EQ(ErrnoStatus(ETIMEDOUT, "read").code(), ErrorCode::kDeadlineExceeded);
  EXPECT_EQ(ErrnoStatus(ENOENT, "open /nope").message(), "open /nope: No such file or directory");
}

Result<int> ParsePositive(int v) {
  if (v <= 0) return InvalidArgument("expected a positive number, got " + std::to_string(v));
  return v;
}

Status UsesMacros(int v, int* out) {
  CORE_ASSIGN_OR_RETURN(int x, ParsePositive(v));
  CORE_RETURN_IF_ERROR(x > 100 ? InvalidArgument("too big") : Status::Ok());
  *out = x;
  return Status::Ok();
}

TEST(ResultTest, HoldsValueOrStatus) {
  Result<int> ok = ParsePositive(5);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 5);
  EXPECT_TRUE(ok.status().ok());
  Result<int> bad = ParsePositive(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "expected a positive number, got -1");
  EXPECT_EQ(bad.value_or(7), 7);
}

TEST(ResultTest, Macros) {
  int out = 0;
  EXPECT_TRUE(UsesMacros(3, &out).ok());
  EXPECT_EQ(out, 3);
  EXPECT_EQ(UsesMacros(0, &out).message(), "expected a positive number, got 0");
  EXPECT_EQ(UsesMacros(101, &out).message(), "too big");
}

}  // namespace
}  // namespace core
