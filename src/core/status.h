// Status and Result<T>: the error currency of every fallible I/O path.
//
// A Status is a code plus a human message. The code, never the message text, decides whether an
// operation may be retried (see IsRetryable). Result<T> holds either a T or a non-OK Status.
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace core {

// Error codes, modelled on the canonical gRPC/absl set. Retryable ones describe a condition that
// may clear by itself (a dependency is down, a timeout, throttling); the rest are fatal for the
// operation that produced them.
enum class ErrorCode {
  kOk = 0,
  kCancelled,           // the caller gave up (shutdown); not retried
  kInvalidArgument,     // bad input or config: fatal
  kNotFound,            // fatal
  kAlreadyExists,       // fatal
  kPermissionDenied,    // fatal (e.g. S3 AccessDenied, EACCES)
  kUnauthenticated,     // fatal (bad credentials or token)
  kFailedPrecondition,  // fatal: the system is not in a state to do this (e.g. lock lost)
  kOutOfRange,          // fatal
  kUnimplemented,       // fatal
  kDataLoss,            // fatal: unrecoverable corruption or history lost
  kInternal,            // fatal: a bug
  kResourceExhausted,   // retryable: throttled (503 SlowDown), disk full may clear, queue full
  kUnavailable,         // retryable: connection refused/reset, 5xx, not primary
  kDeadlineExceeded,    // retryable: timed out
  kAborted,             // retryable: a conflict (write conflict, transient transaction error)
};

// True for codes that describe a transient condition worth retrying with backoff.
constexpr bool IsRetryable(ErrorCode code) {
  switch (code) {
    case ErrorCode::kResourceExhausted:
    case ErrorCode::kUnavailable:
    case ErrorCode::kDeadlineExceeded:
    case ErrorCode::kAborted:
      return true;
    default:
      return false;
  }
}

// Stable name of a code, e.g. "Unavailable". Used in logs, metrics labels and tests.
std::string_view ErrorCodeName(ErrorCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {
    assert(code != ErrorCode::kOk || message_.empty());
  }

  static Status Ok() { return {}; }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  bool retryable() const { return IsRetryable(code_); }

  // "Unavailable: connect to 127.0.0.1:6379: Connection refused"; "OK" when ok().
  std::string ToString() const;

  // Returns a copy whose message is "<context>: <message>"; OK stays OK.
  Status WithContext(std::string_view context) const;

  friend bool operator==(const Status&, const Status&) = default;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

// Shorthands for the common codes.
inline Status InvalidArgument(std::string m) {
  return {ErrorCode::kInvalidArgument, std::move(m)};
}
inline Status NotFound(std::string m) {
  return {ErrorCode::kNotFound, std::move(m)};
}
inline Status Unavailable(std::string m) {
  return {ErrorCode::kUnavailable, std::move(m)};
}
inline Status Internal(std::string m) {
  return {ErrorCode::kInternal, std::move(m)};
}
inline Status DeadlineExceeded(std::string m) {
  return {ErrorCode::kDeadlineExceeded, std::move(m)};
}
inline Status FailedPrecondition(std::string m) {
  return {ErrorCode::kFailedPrecondition, std::move(m)};
}
inline Status ResourceExhausted(std::string m) {
  return {ErrorCode::kResourceExhausted, std::move(m)};
}
inline Status PermissionDenied(std::string m) {
  return {ErrorCode::kPermissionDenied, std::move(m)};
}
inline Status Cancelled(std::string m) {
  return {ErrorCode::kCancelled, std::move(m)};
}

// Maps an errno value from a failed system call to a Status: ENOSPC -> ResourceExhausted,
// EACCES/EPERM -> PermissionDenied, ENOENT -> NotFound, ECONNREFUSED/ECONNRESET/EPIPE ->
// Unavailable, ETIMEDOUT -> DeadlineExceeded, EINTR/EAGAIN -> Unavailable, others -> Internal.
// The message is "<what>: <strerror>".
Status ErrnoStatus(int err, std::string_view what);

// Holds a T or a non-OK Status. Accessing value() of an error is a bug (asserted).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(v_).ok() && "Result built from an OK Status has no value");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }

  // The error; OK when the result holds a value.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(v_); }

  T& value() & { return Checked(); }
  const T& value() const& { return const_cast<Result*>(this)->Checked(); }
  T&& value() && { return std::move(Checked()); }
  T* operator->() { return &Checked(); }
  const T* operator->() const { return &const_cast<Result*>(this)->Checked(); }
  T& operator*() & { return Checked(); }
  const T& operator*() const& { return const_cast<Result*>(this)->Checked(); }

  T value_or(T fallback) const& { return ok() ? std::get<T>(v_) : std::move(fallback); }

 private:
  T& Checked() {
    assert(ok() && "value() of an error Result");
    return std::get<T>(v_);
  }
  std::variant<T, Status> v_;
};

}  // namespace core

// Returns early from the enclosing function when `expr` (a Status) is not OK.
#define CORE_RETURN_IF_ERROR(expr)       \
  do {                                   \
    ::core::Status _core_st = (expr);    \
    if (!_core_st.ok()) return _core_st; \
  } while (0)

#define CORE_CONCAT_INNER_(a, b) a##b
#define CORE_CONCAT_(a, b) CORE_CONCAT_INNER_(a, b)
// `CORE_ASSIGN_OR_RETURN(auto x, MakeX());` declares x from a Result or returns its Status.
#define CORE_ASSIGN_OR_RETURN(lhs, expr) \
  CORE_ASSIGN_OR_RETURN_IMPL_(CORE_CONCAT_(_core_res_, __LINE__), lhs, expr)
#define CORE_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()
