// A fast fake S3: the npm `s3rver` on a free loopback port, storing objects in a temp directory.
// Starts in about a second, but it is not S3 (it accepts a wrong secret key, i.e. checks no
// signatures): use it for speed, never as the only proof
// that request signing or multipart rules work (RadosGw is the real one). Not thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "core/status.h"
#include "support/child_process.h"
#include "support/s3_cli.h"
#include "support/temp_dir.h"

namespace testing_support {

class S3rver {
 public:
  // Starts `node --openssl-legacy-provider node_modules/s3rver/bin/s3rver.js` and waits until it
  // listens. Fails with an install hint when node or node_modules/s3rver is missing.
  static core::Result<std::unique_ptr<S3rver>> Start();
  ~S3rver();
  S3rver(const S3rver&) = delete;
  S3rver& operator=(const S3rver&) = delete;

  void Stop();

  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }
  // s3rver's built-in credentials.
  std::string access_key() const { return "S3RVER"; }
  std::string secret_key() const { return "S3RVER"; }
  std::string region() const { return "us-east-1"; }
  S3Endpoint s3() const { return {endpoint(), access_key(), secret_key(), region()}; }

  std::string data_dir() const { return dir_.File("data"); }
  std::string log_path() const { return dir_.File("s3rver.log"); }
  std::string LogTail(size_t max_lines = 30) const;
  std::chrono::milliseconds start_duration() const { return start_duration_; }

 private:
  S3rver();
  TempDir dir_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> process_;
  std::chrono::milliseconds start_duration_{0};
};

}  // namespace testing_support
