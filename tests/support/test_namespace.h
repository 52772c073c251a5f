// Per-test names, so tests that share one server (one per test binary) never see each other's
// data. Each call returns a new name derived from the running test's suite and name plus a
// counter; outside a test the suite and name are "global" and "none".
// Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace testing_support {

// A PostgreSQL database name: "t_<suite>_<test>_<n>", lowercase [a-z0-9_], at most 63 bytes.
std::string UniqueDatabaseName();
// An S3 bucket name: "t-<suite>-<test>-<n>", lowercase [a-z0-9-], 3 to 63 bytes.
std::string UniqueBucketName();
// A key prefix for Redis keys or S3 object keys: "t<sep><Suite><sep><Test><sep><n><sep>"
// (suite and test names keep their case; characters other than [A-Za-z0-9_-] become '_').
std::string UniqueKeyPrefix(std::string_view separator = "/");

}  // namespace testing_support
