// RetryPolicy: exponential backoff with jitter, and Retry(), which runs an operation under it.
//
// Whether an error is worth retrying is decided by Status::retryable() (the typed code), never by
// message text. Delays grow as initial_delay * multiplier^(attempt-1), are capped at max_delay,
// then spread by +/- jitter (a fraction) and capped at max_delay again.
//
// Retry() takes its sleep and cancellation check as parameters so that tests never really sleep
// and a shutdown can interrupt a backoff.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>

#include "core/status.h"

namespace core {

// The random source for jitter. Seed it for reproducible delays in tests.
using Rng = std::mt19937_64;

struct RetryPolicy {
  int max_retries = 3;  // retries after the first attempt: at most 1 + max_retries attempts
  std::chrono::milliseconds initial_delay{100};
  std::chrono::milliseconds max_delay{30'000};
  double multiplier = 2.0;
  double jitter = 0.1;  // 0.1 = each delay is spread uniformly over +/-10%

  // The delay before the next attempt, after attempt number `attempt` (1-based) failed with
  // `error`; nullopt when the error is not retryable or the retries are used up.
  std::optional<std::chrono::milliseconds> NextDelay(const Status& error, int attempt,
                                                     Rng& rng) const;
};

// How Retry() waits between attempts. It may return early (e.g. when a shutdown begins); Retry()
// checks the cancellation callback after every sleep.
using RetrySleeper = std::function<void(std::chrono::milliseconds)>;
// Returns true when the caller wants to stop retrying (e.g. the process is shutting down).
using RetryCancelled = std::function<bool()>;

// A sleeper that really sleeps (std::this_thread::sleep_for).
RetrySleeper RealSleeper();

namespace retry_internal {
template <typename R>
struct IsResult : std::false_type {};
template <typename T>
struct IsResult<Result<T>> : std::true_type {};

inline Status StatusOf(const Status& s) {
  return s;
}
template <typename T>
Status StatusOf(const Result<T>& r) {
  return r.status();
}
// "gave up after 4 attempts: Unavailable: connection refused" (code kept).
Status GaveUp(const Status& last, int attempts);
// "cancelled after 2 attempts; last error: Unavailable: connection refused" (kCancelled).
Status CancelledAfter(const Status& last, int attempts);
Rng& ThreadRng();
}  // namespace retry_internal

// Runs `fn` (returning Status or Result<T>) until it succeeds, fails with a non-retryable error,
// the policy's retries are exhausted, or `cancelled()` returns true. Returns fn's success, or:
//  - a non-retryable error on the first attempt, unchanged;
//  - otherwise the last error with context: "gave up after N attempts: <code>: <message>";
//  - kCancelled "cancelled after N attempts; last error: ..." if cancelled while backing off.
// `cancelled` may be empty (never cancelled). `rng` drives the jitter.
template <typename Fn>
auto Retry(Fn&& fn, const RetryPolicy& policy, const RetrySleeper& sleeper,
           const RetryCancelled& cancelled, Rng& rng) -> std::invoke_result_t<Fn&> {
  using R = std::invoke_result_t<Fn&>;
  static_assert(std::is_same_v<R, Status> || retry_internal::IsResult<R>::value,
                "Retry() needs a callable returning Status or Result<T>");
  for (int attempt = 1;; ++attempt) {
    R r = fn();
    Status st = retry_internal::StatusOf(r);
    if (st.ok()) return r;
    std::optional<std::chrono::milliseconds> delay = policy.NextDelay(st, attempt, rng);
    if (!delay) return attempt == 1 ? r : R(retry_internal::GaveUp(st, attempt));
    if (cancelled && cancelled()) return R(retry_internal::CancelledAfter(st, attempt));
    sleeper(*delay);
    if (cancelled && cancelled()) return R(retry_internal::CancelledAfter(st, attempt));
  }
}

// As above, with a per-thread random source seeded from std::random_device.
template <typename Fn>
auto Retry(Fn&& fn, const RetryPolicy& policy, const RetrySleeper& sleeper,
           const RetryCancelled& cancelled) -> std::invoke_result_t<Fn&> {
  return Retry(std::forward<Fn>(fn), policy, sleeper, cancelled, retry_internal::ThreadRng());
}

}  // namespace core
