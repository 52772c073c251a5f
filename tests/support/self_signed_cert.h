// A throwaway TLS certificate for test servers.
#pragma once

#include <string>

#include "core/status.h"

namespace testing_support {

// Writes a self-signed P-256 certificate for CN=127.0.0.1 (SAN IP:127.0.0.1, DNS:localhost),
// valid two days, and its unencrypted private key, using `openssl req -x509`.
core::Status MakeSelfSignedCert(const std::string& cert_path, const std::string& key_path);

}  // namespace testing_support
