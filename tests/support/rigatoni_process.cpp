#include "support/rigatoni_process.h"

#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <thread>

#include "support/free_port.h"

namespace testing_support {

namespace {

bool HasKey(const EnvList& env, std::string_view key) {
  return std::any_of(env.begin(), env.end(), [&](const auto& kv) { return kv.first == key; });
}

}  // namespace

std::string RigatoniProcess::BinaryPath() {
  return std::string(PROJECT_BINARY_DIR) + "/apps/rigatoni/rigatoni";
}

core::Result<std::unique_ptr<RigatoniProcess>> RigatoniProcess::Start(EnvList env,
                                                                      const std::string& log_path) {
  const int port = FreePort();
  if (!HasKey(env, "ADMIN_BIND_ADDRESS")) {
    env.emplace_back("ADMIN_BIND_ADDRESS", "127.0.0.1:" + std::to_string(port));
  }
  if (!HasKey(env, "LOG_FORMAT")) env.emplace_back("LOG_FORMAT", "json");
  ChildOptions options;
  options.argv = {BinaryPath()};
  options.env = std::move(env);
  options.log_path = log_path;
  CORE_ASSIGN_OR_RETURN(std::unique_ptr<ChildProcess> child, ChildProcess::Start(options));
  return std::unique_ptr<RigatoniProcess>(
      new RigatoniProcess(std::move(child), static_cast<uint16_t>(port)));
}

core::Result<HttpReply> RigatoniProcess::Get(std::string_view target) {
  return HttpRequest(admin_port_, "GET", target);
}

core::Status RigatoniProcess::WaitReady(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string last = "no answer";
  while (std::chrono::steady_clock::now() < deadline) {
    if (!child_->IsRunning()) {
      return core::Unavailable("rigatoni exited (" + child_->exit_status().ToString() +
                               ") before it was ready; log:\n" + LogTail());
    }
    auto reply = Get("/ready");
    if (reply.ok()) {
      if (reply->status == 200) return core::Status::Ok();
      last = std::to_string(reply->status) + " " + reply->body;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return core::Status(core::ErrorCode::kDeadlineExceeded,
                      "rigatoni not ready (last /ready: " + last + "); log:\n" + LogTail());
}

core::Result<double> RigatoniProcess::MetricValue(std::string_view name,
                                                  std::string_view label_filter) {
  CORE_ASSIGN_OR_RETURN(HttpReply reply, Get("/metrics"));
  if (reply.status != 200) {
    return core::Unavailable("/metrics answered " + std::to_string(reply.status));
  }
  return SumMetric(reply.body, name, label_filter);
}

core::Status RigatoniProcess::WaitForMetric(std::string_view name, double at_least,
                                            std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  double value = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!child_->IsRunning()) {
      return core::Unavailable("rigatoni exited (" + child_->exit_status().ToString() +
                               ") while waiting for " + std::string(name) + "; log:\n" + LogTail());
    }
    auto v = MetricValue(name);
    if (v.ok()) {
      value = *v;
      if (value >= at_least) return core::Status::Ok();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return core::Status(core::ErrorCode::kDeadlineExceeded,
                      std::string(name) + " is " + std::to_string(value) + ", expected at least " +
                          std::to_string(at_least) + "; log:\n" + LogTail());
}

ExitStatus RigatoniProcess::Terminate(std::chrono::milliseconds timeout) {
  if (child_->IsRunning()) ::kill(child_->pid(), SIGTERM);
  if (child_->Wait(timeout).ok()) return child_->exit_status();
  return child_->Kill();
}

core::Result<ExitStatus> RigatoniProcess::WaitExit(std::chrono::milliseconds timeout) {
  auto status = child_->Wait(timeout);
  if (!status.ok()) {
    return core::Status(
        core::ErrorCode::kDeadlineExceeded,
        "rigatoni still runs after " + std::to_string(timeout.count()) + " ms; log:\n" + LogTail());
  }
  return status;
}

std::string RigatoniProcess::Log() const {
  return ReadWholeFile(child_->options().log_path);
}

double SumMetric(std::string_view exposition, std::string_view name,
                 std::string_view label_filter) {
  double sum = 0;
  size_t pos = 0;
  while (pos < exposition.size()) {
    size_t end = exposition.find('\n', pos);
    if (end == std::string_view::npos) end = exposition.size();
    std::string_view line = exposition.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty() || line.front() == '#' || line.substr(0, name.size()) != name) continue;
    std::string_view rest = line.substr(name.size());
    std::string_view labels;
    if (!rest.empty() && rest.front() == '{') {
      const size_t close = rest.find('}');
      if (close == std::string_view::npos) continue;
      labels = rest.substr(1, close - 1);
      rest = rest.substr(close + 1);
    }
    if (rest.empty() || rest.front() != ' ') continue;  // a longer name with this prefix
    if (!label_filter.empty() && labels.find(label_filter) == std::string_view::npos) continue;
    sum += std::strtod(std::string(rest.substr(1)).c_str(), nullptr);
  }
  return sum;
}

std::vector<std::string> LakeObjects(const std::filesystem::path& lake) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(lake, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const std::string rel = std::filesystem::relative(it->path(), lake).string();
    if (rel.rfind("_dead_letters/", 0) == 0) continue;
    if (it->path().filename().string().find(".tmp-") != std::string::npos) continue;
    out.push_back(rel);
  }
  std::sort(out.begin(), out.end());
  return out;
}

uint64_t CountJsonLinesEvents(const std::filesystem::path& lake) {
  uint64_t lines = 0;
  for (const std::string& rel : LakeObjects(lake)) {
    if (rel.size() < 6 || rel.compare(rel.size() - 6, 6, ".jsonl") != 0) continue;
    const std::string content = ReadWholeFile(lake / rel);
    lines += static_cast<uint64_t>(std::count(content.begin(), content.end(), '\n'));
  }
  return lines;
}

core::Status WaitForLakeEvents(const std::filesystem::path& lake, uint64_t n,
                               std::chrono::milliseconds timeout, RigatoniProcess* rigatoni) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  uint64_t seen = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    seen = CountJsonLinesEvents(lake);
    if (seen >= n) return core::Status::Ok();
    if (rigatoni != nullptr && !rigatoni->process().IsRunning()) {
      return core::Unavailable("rigatoni exited (" + rigatoni->process().exit_status().ToString() +
                               ") with " + std::to_string(seen) + " of " + std::to_string(n) +
                               " events in the lake; log:\n" + rigatoni->LogTail());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return core::Status(core::ErrorCode::kDeadlineExceeded,
                      std::to_string(seen) + " of " + std::to_string(n) +
                          " events in the lake after " + std::to_string(timeout.count()) + " ms" +
                          (rigatoni ? "; log:\n" + rigatoni->LogTail() : ""));
}

std::string ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace testing_support
