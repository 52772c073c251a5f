// The S3rver fixture runs the npm s3rver fake: objects written with the AWS SDK read back.
#include <gtest/gtest.h>

#include "support/shared_servers.h"
#include "support/test_namespace.h"

namespace testing_support {
namespace {

TEST(S3rverFixture, PutGetListHead) {
  S3rver* s3rver = SharedS3rver();
  ASSERT_NE(s3rver, nullptr);
  S3Cli s3(s3rver->s3());
  const std::string bucket = UniqueBucketName();
  const std::string prefix = UniqueKeyPrefix();

  core::Status created = s3.CreateBucket(bucket);
  ASSERT_TRUE(created.ok()) << created.ToString();
  ASSERT_TRUE(s3.Put(bucket, prefix + "a.json", "{\"a\":1}\n").ok());
  ASSERT_TRUE(s3.Put(bucket, prefix + "b.json", "{\"b\":2}\n").ok());
  ASSERT_TRUE(s3.Put(bucket, "elsewhere/c.json", "{}").ok());

  auto body = s3.Get(bucket, prefix + "b.json");
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ(*body, "{\"b\":2}\n");
  auto listing = s3.List(bucket, prefix);
  ASSERT_TRUE(listing.ok()) << listing.status().ToString();
  EXPECT_EQ(*listing, prefix + "a.json\t8\n" + prefix + "b.json\t8\n");
  auto head = s3.Head(bucket, prefix + "a.json");
  ASSERT_TRUE(head.ok()) << head.status().ToString();
  EXPECT_NE(head->find("\"ContentLength\":8"), std::string::npos) << *head;
}

TEST(S3rverFixture, PagedListingReturnsEveryKey) {
  S3rver* s3rver = SharedS3rver();
  ASSERT_NE(s3rver, nullptr);
  S3Cli s3(s3rver->s3());
  const std::string bucket = UniqueBucketName();
  ASSERT_TRUE(s3.CreateBucket(bucket).ok());
  // 1001 keys take two pages (1000 per page): s3rver's continuation tokens need node's legacy
  // OpenSSL provider.
  auto put = s3.Run({"put-many", bucket, "p/", "1001"});
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  ASSERT_TRUE(put->success()) << put->Describe();
  auto listing = s3.List(bucket, "p/");
  ASSERT_TRUE(listing.ok()) << listing.status().ToString();
  std::string expected;
  for (int i = 0; i < 1001; ++i) {
    char line[32];
    std::snprintf(line, sizeof line, "p/%06d\t0\n", i);
    expected += line;
  }
  EXPECT_EQ(*listing, expected);
}

TEST(S3rverFixture, MissingBucketIsNoSuchBucket) {
  S3rver* s3rver = SharedS3rver();
  ASSERT_NE(s3rver, nullptr);
  S3Cli s3(s3rver->s3());
  auto missing = s3.Get(UniqueBucketName(), "k");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("S3Error NoSuchBucket (HTTP 404)"), std::string::npos)
      << missing.status().ToString();
}

}  // namespace
}  // namespace testing_support
