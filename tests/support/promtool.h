// Runs Prometheus' own checker on an exposition: `promtool check metrics` with the text on stdin.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace testing_support {

// Returns promtool's output (stdout and stderr) when it accepts `exposition`. Errors:
// - promtool not on PATH: "promtool not found: run scripts/setup.sh (Debian package prometheus)"
//   (tests using this must fail, never skip, so a missing tool is noticed);
// - promtool rejects the text (parse error or lint problem): "promtool check metrics failed
//   (exit N): <its output>".
core::Result<std::string> PromtoolCheckMetrics(std::string_view exposition);

}  // namespace testing_support
