#include "core/health_checks.h"

#include <exception>
#include <utility>

#include "core/json_writer.h"

namespace core {

std::string HealthReportJson(const HealthReport& report) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject().Field("status", report.ok ? "ok" : "failing").Key("checks").BeginObject();
  for (const auto& [name, result] : report.checks) {
    w.Key(name)
        .BeginObject()
        .Field("status", result.ok ? "ok" : "failing")
        .Field("detail", std::string_view(result.detail))
        .EndObject();
  }
  w.EndObject().EndObject();
  return out;
}

HealthCheckHandle::HealthCheckHandle(HealthCheckHandle&& other) noexcept
    : owner_(std::exchange(other.owner_, nullptr)),
      probe_(other.probe_),
      id_(std::exchange(other.id_, 0)) {}

HealthCheckHandle& HealthCheckHandle::operator=(HealthCheckHandle&& other) noexcept {
  if (this != &other) {
    Reset();
    owner_ = std::exchange(other.owner_, nullptr);
    probe_ = other.probe_;
    id_ = std::exchange(other.id_, 0);
  }
  return *this;
}

void HealthCheckHandle::Reset() {
  if (owner_ != nullptr) owner_->RemoveById(probe_, id_);
  owner_ = nullptr;
  id_ = 0;
}

HealthCheckHandle HealthChecks::Add(HealthProbe probe, std::string name, HealthCheck check) {
  std::lock_guard lock(mu_);
  uint64_t id = next_id_++;
  ChecksOf(probe).insert_or_assign(std::move(name), Entry{id, std::move(check)});
  return HealthCheckHandle(this, probe, id);
}

bool HealthChecks::Remove(HealthProbe probe, std::string_view name) {
  std::lock_guard lock(mu_);
  Checks& checks = ChecksOf(probe);
  auto it = checks.find(name);
  if (it == checks.end()) return false;
  checks.erase(it);
  return true;
}

void HealthChecks::RemoveById(HealthProbe probe, uint64_t id) {
  std::lock_guard lock(mu_);
  Checks& checks = ChecksOf(probe);
  for (auto it = checks.begin(); it != checks.end(); ++it) {
    if (it->second.id == id) {
      checks.erase(it);
      return;
    }
  }
}

HealthReport HealthChecks::Run(HealthProbe probe) const {
  HealthReport report;
  std::lock_guard lock(mu_);
  for (const auto& [name, entry] : ChecksOf(probe)) {
    HealthCheckResult result;
    try {
      result = entry.check();
    } catch (const std::exception& e) {
      result = {false, std::string("check threw: ") + e.what()};
    } catch (...) {
      result = {false, "check threw a non-standard exception"};
    }
    report.ok = report.ok && result.ok;
    report.checks.emplace(name, std::move(result));
  }
  return report;
}

}  // namespace core
