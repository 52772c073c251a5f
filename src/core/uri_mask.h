// MaskSecretsInUri: makes a URI safe to print in logs, errors and --check-config.
//
// The password of the userinfo is replaced by ****: "redis://user:pw@host:6379/0" becomes
// "redis://user:****@host:6379/0", "redis://:pw@host" becomes "redis://:****@host". Query
// parameters whose name contains "password", "secret" or "token" (case-insensitive) have their
// value masked too. Text that is not a URI is returned unchanged. Passwords must be
// percent-encoded as RFC 3986 requires (an unencoded '/' ends the authority).
#pragma once

#include <string>
#include <string_view>

namespace core {

std::string MaskSecretsInUri(std::string_view uri);

}  // namespace core
