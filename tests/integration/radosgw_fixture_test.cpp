// The RadosGw fixture runs real S3 (Ceph radosgw): the AWS SDK for JavaScript creates buckets and
// reads back objects, and a request signed with a wrong secret key is rejected.
#include <gtest/gtest.h>

#include "support/shared_servers.h"
#include "support/test_namespace.h"

namespace testing_support {
namespace {

TEST(RadosGwFixture, PutAndGetThroughTheAwsSdk) {
  RadosGw* rgw = SharedRadosGw();
  ASSERT_NE(rgw, nullptr);
  EXPECT_EQ(rgw->endpoint(), "http://127.0.0.1:" + std::to_string(rgw->port()));
  S3Cli s3(rgw->s3());
  const std::string bucket = UniqueBucketName();
  const std::string key = UniqueKeyPrefix() + "object.txt";

  core::Status created = s3.CreateBucket(bucket);
  ASSERT_TRUE(created.ok()) << created.ToString();
  core::Status put = s3.Put(bucket, key, "line one\nline two\n");
  ASSERT_TRUE(put.ok()) << put.ToString();

  auto body = s3.Get(bucket, key);
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ(*body, "line one\nline two\n");
  auto listing = s3.List(bucket);
  ASSERT_TRUE(listing.ok()) << listing.status().ToString();
  EXPECT_EQ(*listing, key + "\t18\n");
  auto head = s3.Head(bucket, key);
  ASSERT_TRUE(head.ok()) << head.status().ToString();
  EXPECT_NE(head->find("\"ContentLength\":18"), std::string::npos) << *head;
}

TEST(RadosGwFixture, WrongSecretKeyIsRejectedWithSignatureDoesNotMatch) {
  RadosGw* rgw = SharedRadosGw();
  ASSERT_NE(rgw, nullptr);
  S3Cli s3(rgw->s3());
  const std::string bucket = UniqueBucketName();
  ASSERT_TRUE(s3.CreateBucket(bucket).ok());
  ASSERT_TRUE(s3.Put(bucket, "k", "v").ok());

  S3Endpoint forged = rgw->s3();
  forged.secret_key = "not-the-secret-key";
  auto rejected = S3Cli(forged).Run({"get", bucket, "k"});
  ASSERT_TRUE(rejected.ok()) << rejected.status().ToString();
  EXPECT_EQ(rejected->status.code, 2) << rejected->Describe();
  EXPECT_NE(rejected->err.find("S3Error SignatureDoesNotMatch (HTTP 403)"), std::string::npos)
      << rejected->err;
  EXPECT_EQ(rejected->out, "");
}

TEST(RadosGwFixture, MissingKeyIsNoSuchKey) {
  RadosGw* rgw = SharedRadosGw();
  ASSERT_NE(rgw, nullptr);
  S3Cli s3(rgw->s3());
  const std::string bucket = UniqueBucketName();
  ASSERT_TRUE(s3.CreateBucket(bucket).ok());
  auto missing = s3.Get(bucket, "absent");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("S3Error NoSuchKey (HTTP 404)"), std::string::npos)
      << missing.status().ToString();
}

}  // namespace
}  // namespace testing_support
