#include "core/retry_policy.h"

#include <cmath>

namespace core {

std::optional<std::chrono::milliseconds> RetryPolicy::NextDelay(const Status& error, int attempt,
                                                                Rng& rng) const {
  if (error.ok() || !error.retryable()) return std::nullopt;
  if (attempt < 1 || attempt > max_retries) return std::nullopt;
  const double cap = static_cast<double>(std::max<int64_t>(max_delay.count(), 0));
  double base = static_cast<double>(initial_delay.count()) *
                std::pow(std::max(multiplier, 1.0), static_cast<double>(attempt - 1));
  base = std::min(base, cap);  // also tames inf from a large exponent
  double j = std::clamp(jitter, 0.0, 1.0);
  if (j > 0) {
    std::uniform_real_distribution<double> spread(-j, j);
    base *= 1.0 + spread(rng);
  }
  base = std::clamp(base, 0.0, cap);
  return std::chrono::milliseconds(static_cast<int64_t>(std::llround(base)));
}

RetrySleeper RealSleeper() {
  return [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
}

namespace retry_internal {

Status GaveUp(const Status& last, int attempts) {
  return {last.code(),
          "gave up after " + std::to_string(attempts) + " attempts: " + last.ToString()};
}

Status CancelledAfter(const Status& last, int attempts) {
  return Cancelled("cancelled after " + std::to_string(attempts) +
                   " attempts; last error: " + last.ToString());
}

Rng& ThreadRng() {
  thread_local Rng rng{std::random_device{}()};
  return rng;
}

}  // namespace retry_internal
}  // namespace core
