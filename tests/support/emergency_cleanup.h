// Cleanup when the test binary is interrupted: on SIGINT or SIGTERM, every registered child
// process group is SIGKILLed and reaped, every registered directory is removed (`rm -rf`, run
// from the handler with fork/exec), then the signal is re-raised with its default action.
//
// kill -9 of the test binary cannot be caught: PR_SET_PDEATHSIG in ChildProcess covers that, but
// directories are left behind in that case.
//
// Thread-safety: all functions may be called from any thread. The registry is fixed-size
// (64 children, 32 directories); registering beyond that is silently ignored (best effort).
#pragma once

#include <sys/types.h>

#include <string>

namespace testing_support {

class EmergencyCleanup {
 public:
  // Installs the SIGINT/SIGTERM handlers (idempotent).
  static void Install();

  // ChildProcess registers itself; fixtures need not call these.
  static void RegisterChild(pid_t pid);
  static void UnregisterChild(pid_t pid);

  // Fixtures register their temp directories (paths up to 255 bytes).
  static void RegisterDirectory(const std::string& path);
  static void UnregisterDirectory(const std::string& path);
};

}  // namespace testing_support
