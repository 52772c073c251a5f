#include "support/s3rver.h"

#include "support/emergency_cleanup.h"
#include "support/free_port.h"
#include "support/program_path.h"

namespace testing_support {

S3rver::S3rver() : dir_("rr-s3rver-") {
  EmergencyCleanup::RegisterDirectory(dir_.path().string());
}

S3rver::~S3rver() {
  Stop();
  EmergencyCleanup::UnregisterDirectory(dir_.path().string());
}

core::Result<std::unique_ptr<S3rver>> S3rver::Start() {
  CORE_ASSIGN_OR_RETURN(std::string node, RequireProgram("node", DebianPackageHint("nodejs")));
  CORE_ASSIGN_OR_RETURN(std::string modules, NodeModulesDir("s3rver"));
  auto t0 = std::chrono::steady_clock::now();
  std::unique_ptr<S3rver> server(new S3rver());
  std::filesystem::create_directories(server->data_dir());
  server->port_ = FreePort();
  ChildOptions o;
  // The legacy provider is needed for s3rver's paged listings (its continuation tokens use an
  // old cipher).
  o.argv = {node,
            "--openssl-legacy-provider",
            modules + "/s3rver/bin/s3rver.js",
            "--directory",
            server->data_dir(),
            "--address",
            "127.0.0.1",
            "--port",
            std::to_string(server->port_)};
  o.env = {{"NODE_NO_WARNINGS", "1"}};
  o.log_path = server->log_path();
  CORE_ASSIGN_OR_RETURN(server->process_, ChildProcess::Start(std::move(o)));
  core::Status up =
      WaitForPort("127.0.0.1", server->port_, std::chrono::seconds(30), server->process_.get());
  if (!up.ok()) {
    std::string tail = server->LogTail();
    server->process_->Kill();
    return core::Unavailable("s3rver did not start: " + up.message() + "\nlog tail (" +
                             server->log_path() + "):\n" + tail);
  }
  server->start_duration_ =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  return server;
}

void S3rver::Stop() {
  if (process_) process_->Stop(std::chrono::seconds(5));
}

std::string S3rver::LogTail(size_t max_lines) const {
  return FileTail(log_path(), max_lines);
}

}  // namespace testing_support
