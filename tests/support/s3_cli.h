// S3 access from tests through an independent client: tests/support/js/s3.mjs, which uses the
// official AWS SDK for JavaScript (@aws-sdk/client-s3, path-style). Each call runs one node
// process (~0.3-0.5 s). Keys travel in the environment, never in argv. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "support/run_command.h"

namespace testing_support {

struct S3Endpoint {
  std::string endpoint;  // http://127.0.0.1:PORT
  std::string access_key;
  std::string secret_key;
  std::string region = "us-east-1";
};

class S3Cli {
 public:
  explicit S3Cli(S3Endpoint endpoint) : endpoint_(std::move(endpoint)) {}

  // Runs `node s3.mjs <args...>` with `stdin_data`; returns the result whatever the exit code
  // (0 ok, 2 the service answered with an error: stderr holds "S3Error <Code> (HTTP <n>): ...").
  // An error only when node or node_modules is missing (with an install hint) or it hangs.
  core::Result<CommandResult> Run(const std::vector<std::string>& args,
                                  const std::string& stdin_data = "") const;

  // Convenience wrappers: an error carries the S3 error line, e.g.
  // "s3 get b k: exit code 2: S3Error NoSuchKey (HTTP 404): ...".
  core::Status CreateBucket(const std::string& bucket) const;
  core::Status Put(const std::string& bucket, const std::string& key,
                   const std::string& body) const;
  core::Result<std::string> Get(const std::string& bucket, const std::string& key) const;
  // "key\tsize" lines of every object under `prefix`, all pages.
  core::Result<std::string> List(const std::string& bucket, const std::string& prefix = "") const;
  // JSON {"ContentLength":..,"ETag":..,"ContentType":..}
  core::Result<std::string> Head(const std::string& bucket, const std::string& key) const;

  const S3Endpoint& endpoint() const { return endpoint_; }

 private:
  core::Result<std::string> RunOk(const std::vector<std::string>& args,
                                  const std::string& stdin_data = "") const;
  S3Endpoint endpoint_;
};

// PROJECT_SOURCE_DIR/node_modules, or an install hint if it (or `package`) is missing.
core::Result<std::string> NodeModulesDir(const std::string& package);

}  // namespace testing_support
