// Loopback TCP ports for test servers.
#pragma once

#include <chrono>
#include <string>

#include "core/status.h"

namespace testing_support {

class ChildProcess;

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released). Another
// process could take it before the server binds it; the kernel hands out ports sequentially, so
// that is rare. Aborts the test binary if no socket can be bound.
int FreePort();

// Waits until a TCP connection to host:port succeeds. Fails with DeadlineExceeded after
// `timeout`, or at once with Unavailable if `server` (when given) exits meanwhile; both messages
// name host:port.
core::Status WaitForPort(const std::string& host, int port, std::chrono::milliseconds timeout,
                         ChildProcess* server = nullptr);

}  // namespace testing_support
