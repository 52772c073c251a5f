// A real S3 service: a throwaway Ceph cluster (one ceph-mon, one memstore ceph-osd, auth off)
// behind radosgw on free loopback ports, with one S3 user whose keys are fixed test values.
// radosgw checks SigV4 signatures and answers like AWS S3 (path-style addressing).
//
// Start-up takes ~10-25 s, so start it once per test binary (SharedRadosGw()). Data lives in
// memory and is gone after Stop(). Not thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "support/child_process.h"
#include "support/s3_cli.h"
#include "support/temp_dir.h"

namespace testing_support {

class RadosGw {
 public:
  // Creates the cluster, starts the daemons, creates the S3 user, and waits until radosgw
  // answers (a first bucket is created and its pools are ready, so tests see steady latency).
  // Fails with an install hint when a Ceph binary is missing, or with the daemon's log tail.
  static core::Result<std::unique_ptr<RadosGw>> Start();
  ~RadosGw();
  RadosGw(const RadosGw&) = delete;
  RadosGw& operator=(const RadosGw&) = delete;

  // Stops radosgw, the OSD and the monitor (in that order).
  void Stop();

  // http://127.0.0.1:P
  std::string endpoint() const;
  int port() const { return rgw_port_; }
  std::string access_key() const { return "rr-test-access-key"; }
  std::string secret_key() const { return "rr-test-secret-key-0123456789abcdef"; }
  // radosgw accepts any region in the signing scope; the SDKs' default is used.
  std::string region() const { return "us-east-1"; }
  S3Endpoint s3() const { return {endpoint(), access_key(), secret_key(), region()}; }

  std::string log_dir() const { return dir_.File("log"); }
  // The last lines of each daemon's log, labelled, for failure messages.
  std::string LogTail(size_t max_lines = 20) const;
  std::chrono::milliseconds start_duration() const { return start_duration_; }

 private:
  RadosGw();
  core::Status WriteConfig();
  core::Status Ceph(const std::vector<std::string>& args, std::string* out = nullptr);
  core::Status StartDaemon(std::vector<std::string> argv, const std::string& name,
                           std::unique_ptr<ChildProcess>* slot);
  core::Status Bootstrap();

  TempDir dir_;
  int mon_port_ = 0;
  int rgw_port_ = 0;
  std::string fsid_;
  std::unique_ptr<ChildProcess> mon_;
  std::unique_ptr<ChildProcess> osd_;
  std::unique_ptr<ChildProcess> rgw_;
  std::chrono::milliseconds start_duration_{0};
};

}  // namespace testing_support
