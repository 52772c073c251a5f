// HealthChecks: named checks that components register for liveness (/health: the process is
// alive and its workers are not dead) and readiness (/ready: it can do its job now).
//
// A check is a callable returning {ok, detail}. Add*() returns a handle; destroying (or
// Reset()ting) the handle removes the check, and once that returns the check is never called
// again, so a check may capture `this` of the component that owns the handle. Checks can also be
// removed by name. Adding a name that exists replaces the old check (its handle becomes inert).
//
// Checks run on the caller's thread (the admin server's) under this object's lock: they must be
// quick (report cached state, do not do network I/O) and must not call back into HealthChecks.
// A check that throws is reported as failing. Thread-safe. Handles must not outlive this object.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace core {

struct HealthCheckResult {
  bool ok = true;
  std::string detail;
};

using HealthCheck = std::function<HealthCheckResult()>;

enum class HealthProbe { kLiveness, kReadiness };

// The outcome of running every check of one probe.
struct HealthReport {
  bool ok = true;                                   // all checks passed (true when none)
  std::map<std::string, HealthCheckResult> checks;  // by name
};

// {"status":"ok"|"failing","checks":{"<name>":{"status":"ok"|"failing","detail":"..."}}}
std::string HealthReportJson(const HealthReport& report);

class HealthChecks;

class [[nodiscard]] HealthCheckHandle {
 public:
  HealthCheckHandle() = default;
  ~HealthCheckHandle() { Reset(); }
  HealthCheckHandle(HealthCheckHandle&& other) noexcept;
  HealthCheckHandle& operator=(HealthCheckHandle&& other) noexcept;

  // Removes the check (idempotent).
  void Reset();

 private:
  friend class HealthChecks;
  HealthCheckHandle(HealthChecks* owner, HealthProbe probe, uint64_t id)
      : owner_(owner), probe_(probe), id_(id) {}

  HealthChecks* owner_ = nullptr;
  HealthProbe probe_ = HealthProbe::kLiveness;
  uint64_t id_ = 0;
};

class HealthChecks {
 public:
  HealthChecks() = default;
  HealthChecks(const HealthChecks&) = delete;
  HealthChecks& operator=(const HealthChecks&) = delete;

  HealthCheckHandle AddLiveness(std::string name, HealthCheck check) {
    return Add(HealthProbe::kLiveness, std::move(name), std::move(check));
  }
  HealthCheckHandle AddReadiness(std::string name, HealthCheck check) {
    return Add(HealthProbe::kReadiness, std::move(name), std::move(check));
  }
  HealthCheckHandle Add(HealthProbe probe, std::string name, HealthCheck check);

  // Removes the named check of `probe`; returns whether there was one.
  bool Remove(HealthProbe probe, std::string_view name);

  // Runs every check of `probe`.
  HealthReport Run(HealthProbe probe) const;

 private:
  friend class HealthCheckHandle;
  void RemoveById(HealthProbe probe, uint64_t id);

  struct Entry {
    uint64_t id;
    HealthCheck check;
  };
  using Checks = std::map<std::string, Entry, std::less<>>;
  Checks& ChecksOf(HealthProbe probe) {
    return probe == HealthProbe::kLiveness ? liveness_ : readiness_;
  }
  const Checks& ChecksOf(HealthProbe probe) const {
    return probe == HealthProbe::kLiveness ? liveness_ : readiness_;
  }

  mutable std::mutex mu_;
  Checks liveness_;
  Checks readiness_;
  uint64_t next_id_ = 1;
};

}  // namespace core
