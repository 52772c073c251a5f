#include "core/log.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <vector>

#include <spdlog/logger.h>
#include <spdlog/sinks/stdout_sinks.h>

#include "core/config.h"

namespace core {
namespace {

struct Registry {
  std::mutex mu;
  std::vector<std::unique_ptr<log_detail::ComponentState>> components;
  LogFilter filter;
  std::string program;
  // Every logger ever installed stays alive (re-init is rare): readers never see a freed one.
  std::vector<std::shared_ptr<spdlog::logger>> sinks_alive;
  std::atomic<spdlog::logger*> sink{nullptr};
  std::atomic<bool> json{false};
};

Registry& GetRegistry() {
  static Registry* r = new Registry();  // never destroyed: loggers may log during exit
  return *r;
}

std::shared_ptr<spdlog::logger> MakeSinkLogger(spdlog::sink_ptr sink) {
  auto logger = std::make_shared<spdlog::logger>("core", std::move(sink));
  logger->set_pattern("%v");
  logger->set_level(spdlog::level::trace);
  logger->flush_on(spdlog::level::warn);
  return logger;
}

// The installed sink, or a default (text to stderr) before InitLogging.
spdlog::logger* Sink() {
  Registry& r = GetRegistry();
  spdlog::logger* s = r.sink.load(std::memory_order_acquire);
  if (s != nullptr) return s;
  std::lock_guard lock(r.mu);
  if (r.sink.load() == nullptr) {
    r.sinks_alive.push_back(MakeSinkLogger(std::make_shared<spdlog::sinks::stderr_sink_mt>()));
    r.json.store(isatty(STDERR_FILENO) == 0);
    r.sink.store(r.sinks_alive.back().get(), std::memory_order_release);
  }
  return r.sink.load();
}

uint64_t ThreadId() {
  thread_local const uint64_t id = static_cast<uint64_t>(::syscall(SYS_gettid));
  return id;
}

spdlog::level::level_enum SpdLevel(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace:
      return spdlog::level::trace;
    case LogLevel::kDebug:
      return spdlog::level::debug;
    case LogLevel::kInfo:
      return spdlog::level::info;
    case LogLevel::kWarn:
      return spdlog::level::warn;
    case LogLevel::kError:
      return spdlog::level::err;
    case LogLevel::kOff:
      return spdlog::level::off;
  }
  return spdlog::level::info;
}

}  // namespace

Logger::Logger(std::string_view component) {
  Registry& r = GetRegistry();
  std::lock_guard lock(r.mu);
  for (const auto& c : r.components) {
    if (c->name == component) {
      state_ = c.get();
      return;
    }
  }
  auto state = std::make_unique<log_detail::ComponentState>();
  state->name = std::string(component);
  state->level.store(static_cast<int>(r.filter.LevelFor(component, r.program)));
  state_ = state.get();
  r.components.push_back(std::move(state));
}

void Logger::Emit(LogLevel level, std::initializer_list<LogField> fields,
                  std::string_view message) const {
  spdlog::logger* sink = Sink();
  LogRecord record{
      std::chrono::system_clock::now(), level, state_->name, ThreadId(), message, fields};
  thread_local std::string line;  // reused: no allocation per line once it has grown
  line.clear();
  if (GetRegistry().json.load(std::memory_order_relaxed)) {
    AppendJsonLine(&line, record);
  } else {
    AppendTextLine(&line, record);
  }
  sink->log(SpdLevel(level), spdlog::string_view_t(line.data(), line.size()));
}

LogOptions LogOptionsFromConfig(const Config& config, std::string program) {
  LogOptions options;
  options.program = std::move(program);
  const ConfigSchema& schema = config.schema();
  if (schema.FindKey("logging.level") && config.Has("logging.level")) {
    options.level = config.GetString("logging.level");
  }
  if (schema.FindKey("logging.format") && config.Has("logging.format")) {
    options.format =
        config.GetString("logging.format") == "json" ? LogFormat::kJson : LogFormat::kText;
  }
  if (schema.FindKey("logging.target") && config.Has("logging.target")) {
    options.target =
        config.GetString("logging.target") == "stdout" ? LogTarget::kStdout : LogTarget::kStderr;
  }
  return options;
}

Status InitLogging(const LogOptions& options) {
  std::string problem;
  std::optional<LogFilter> filter = ParseLogFilter(options.level, &problem);
  if (!filter) return InvalidArgument("log level \"" + options.level + "\" " + problem);

  spdlog::sink_ptr sink = options.sink;
  bool json = options.format_is_json_for_sink;
  if (!sink) {
    bool to_stdout = options.target == LogTarget::kStdout;
    if (to_stdout) {
      sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
    } else {
      sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    }
    json = isatty(to_stdout ? STDOUT_FILENO : STDERR_FILENO) == 0;
  }
  if (options.format) json = *options.format == LogFormat::kJson;

  Registry& r = GetRegistry();
  {
    std::lock_guard lock(r.mu);
    r.filter = *filter;
    r.program = options.program;
    for (const auto& c : r.components) {
      c->level.store(static_cast<int>(r.filter.LevelFor(c->name, r.program)));
    }
    r.sinks_alive.push_back(MakeSinkLogger(std::move(sink)));
    r.json.store(json);
    r.sink.store(r.sinks_alive.back().get(), std::memory_order_release);
  }
  static std::once_flag at_exit;
  std::call_once(at_exit, [] { std::atexit(FlushLogs); });
  return Status::Ok();
}

void FlushLogs() {
  spdlog::logger* s = GetRegistry().sink.load(std::memory_order_acquire);
  if (s != nullptr) s->flush();
}

}  // namespace core
