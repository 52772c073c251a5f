#include "core/log.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <new>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/sinks/ostream_sink.h>

#include "core/config.h"
#include "support/temp_dir.h"

// Allocation counter for the "disabled level allocates nothing" test: counts operator new calls
// made while g_counting is set. Replacing the global operator new affects the whole test binary
// but only counts inside that window.
namespace {
std::atomic<bool> g_counting{false};
std::atomic<int> g_allocations{0};
}  // namespace

// GCC 12 pairs the builtin new it sees inlined with our free() and warns; the pair is matched.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t n) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
#pragma GCC diagnostic pop

namespace core {
namespace {

// Routes every logger to a string for the duration of a test.
class LogCapture {
 public:
  explicit LogCapture(std::string level, LogFormat format = LogFormat::kJson,
                      std::string program = "rigatoni") {
    LogOptions options;
    options.level = std::move(level);
    options.format = format;
    options.program = std::move(program);
    options.sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(stream_);
    Status s = InitLogging(options);
    EXPECT_TRUE(s.ok()) << s.ToString();
  }
  // The registry keeps using the last sink: point it away from our stream before it dies.
  ~LogCapture() { DetachSink(); }
  static void DetachSink() {
    LogOptions options;
    options.sink = std::make_shared<spdlog::sinks::null_sink_mt>();
    EXPECT_TRUE(InitLogging(options).ok());
  }
  std::string Text() {
    FlushLogs();
    return stream_.str();
  }
  std::vector<std::string> Lines() {
    std::vector<std::string> lines;
    std::istringstream in(Text());
    for (std::string line; std::getline(in, line);)
      lines.push_back(line);
    return lines;
  }

 private:
  std::ostringstream stream_;
};

// Parses each line with Node's JSON.parse (an independent reader) and prints, per line, the
// keys in order and a few checks; "" if node could not run.
std::string ParseWithNode(const std::string& lines) {
  testing_support::TempDir dir;
  std::string path = dir.File("log.jsonl");
  std::ofstream(path) << lines;
  std::string cmd =
      "node -e 'const fs = require(\"fs\");"
      "for (const l of fs.readFileSync(process.argv[1], \"utf8\").split(\"\\n\")) {"
      "  if (!l) continue; const o = JSON.parse(l);"
      "  const ts = /^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$/.test(o.ts);"
      "  console.log(Object.keys(o).join(\",\") + \" ts_ok=\" + ts + \" thread=\" +"
      "    typeof o.thread + \" msg=\" + JSON.stringify(o.msg) + \" bucket=\" +"
      "    JSON.stringify(o.bucket) + \" n=\" + o.n + \" ok=\" + o.ok + \" ratio=\" + o.ratio);"
      "}' " +
      path + " 2>&1";
  std::string out;
  if (std::FILE* p = ::popen(cmd.c_str(), "r")) {
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
      out.append(buf, n);
    ::pclose(p);
  }
  return out;
}

TEST(LogTest, JsonLinesParseAndCarryTheFields) {
  LogCapture capture("info");
  Logger log("pipeline");
  LOG_INFO(log, {{"bucket", "lake \"prod\""}, {"n", 3}, {"ok", true}, {"ratio", 0.5}},
           "wrote {} events to {}", 5, "key\n1");
  std::vector<std::string> lines = capture.Lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(ParseWithNode(capture.Text()),
            "ts,level,component,thread,msg,bucket,n,ok,ratio ts_ok=true thread=number "
            "msg=\"wrote 5 events to key\\n1\" bucket=\"lake \\\"prod\\\"\" n=3 ok=true "
            "ratio=0.5\n");
  const std::string tid = std::to_string(::syscall(SYS_gettid));
  EXPECT_NE(lines[0].find(",\"level\":\"info\",\"component\":\"pipeline\",\"thread\":" + tid +
                          ",\"msg\":"),
            std::string::npos)
      << lines[0];
}

TEST(LogTest, Rfc3339UtcMilliseconds) {
  using namespace std::chrono;
  std::string out;
  // 2025-01-15T10:30:45.123Z
  AppendRfc3339Millis(&out, system_clock::time_point(milliseconds(1736937045123)));
  EXPECT_EQ(out, "2025-01-15T10:30:45.123Z");
  out.clear();
  AppendRfc3339Millis(&out, system_clock::time_point(milliseconds(7)));
  EXPECT_EQ(out, "1970-01-01T00:00:00.007Z");
}

TEST(LogTest, TextLineIsOneReadableLine) {
  using namespace std::chrono;
  std::string out;
  LogRecord record{system_clock::time_point(milliseconds(1736937045123)),
                   LogLevel::kWarn,
                   "s3",
                   42,
                   "upload failed",
                   {{"bucket", "lake"}, {"reason", "slow down"}, {"attempt", 2}}};
  AppendTextLine(&out, record);
  EXPECT_EQ(out,
            "2025-01-15T10:30:45.123Z WARN  s3 [42] upload failed bucket=lake "
            "reason=\"slow down\" attempt=2");
}

TEST(LogTest, TextFormatThroughALogger) {
  LogCapture capture("info", LogFormat::kText);
  Logger log("state");
  LOG_ERROR(log, "lock lost on {}", "users");
  std::vector<std::string> lines = capture.Lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("Z ERROR state ["), std::string::npos) << lines[0];
  EXPECT_TRUE(lines[0].ends_with("] lock lost on users")) << lines[0];
}

TEST(LogTest, LevelFiltering) {
  LogCapture capture("warn");
  Logger log("filter");
  LOG_TRACE(log, "t");
  LOG_DEBUG(log, "d");
  LOG_INFO(log, "i");
  LOG_WARN(log, "w");
  LOG_ERROR(log, "e");
  std::vector<std::string> lines = capture.Lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].find("\"level\":\"warn\""), std::string::npos);
  EXPECT_NE(lines[1].find("\"level\":\"error\""), std::string::npos);
  EXPECT_FALSE(log.Enabled(LogLevel::kInfo));
  EXPECT_TRUE(log.Enabled(LogLevel::kWarn));
}

TEST(LogTest, OffSilencesEverything) {
  LogCapture capture("off");
  Logger log("quiet");
  LOG_ERROR(log, "e");
  EXPECT_EQ(capture.Text(), "");
}

TEST(LogTest, RustLogSyntax) {
  auto f = ParseLogFilter("rigatoni=debug,info");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->default_level, LogLevel::kInfo);
  EXPECT_EQ(f->LevelFor("cdc.source", "rigatoni"), LogLevel::kDebug);  // program = every component
  EXPECT_EQ(f->LevelFor("cdc.source", "other"), LogLevel::kInfo);

  f = ParseLogFilter("warn,cdc=trace,cdc::source=error,tower_http[span]=debug,warn/some.*regex");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->default_level, LogLevel::kWarn);
  EXPECT_EQ(f->LevelFor("cdc", "rigatoni"), LogLevel::kTrace);
  EXPECT_EQ(f->LevelFor("cdc.sink", "rigatoni"), LogLevel::kTrace);
  EXPECT_EQ(f->LevelFor("cdc.source", "rigatoni"), LogLevel::kError);  // most specific wins
  EXPECT_EQ(f->LevelFor("cdcx", "rigatoni"), LogLevel::kWarn);
  EXPECT_EQ(f->directives.size(), 2u);  // the span filter is ignored

  f = ParseLogFilter("reflow_tracing=debug");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->LevelFor("storage", "reflow-tracing"), LogLevel::kDebug);
  EXPECT_EQ(ParseLogFilter("WARNING")->default_level, LogLevel::kWarn);

  std::string problem;
  EXPECT_FALSE(ParseLogFilter("info,cdc=loud", &problem));
  EXPECT_EQ(problem, "has \"loud\", which is not a log level");
  EXPECT_EQ(CheckLogFilter("loud"), "is not a log level");
}

TEST(LogTest, RustLogAliasReachesTheLoggers) {
  ConfigSchema schema;
  schema.Add(OptionSpec("logging.level")
                 .Env("LOG_LEVEL", {"RUST_LOG"})
                 .String()
                 .Default("info")
                 .Validate(CheckLogFilter, "a log level"));
  schema.Add(OptionSpec("logging.format").Env("LOG_FORMAT").Enum({"text", "json"}));
  auto config = LoadConfig(schema, ConfigInputs{{}, {}, {{"RUST_LOG", "store=debug,warn"}}});
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  LogOptions options = LogOptionsFromConfig(*config, "rigatoni");
  EXPECT_EQ(options.level, "store=debug,warn");
  EXPECT_FALSE(options.format);

  std::ostringstream stream;
  options.sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(stream);
  ASSERT_TRUE(InitLogging(options).ok());
  Logger store("store");
  Logger other("other");
  EXPECT_TRUE(store.Enabled(LogLevel::kDebug));
  EXPECT_FALSE(other.Enabled(LogLevel::kInfo));
  EXPECT_TRUE(other.Enabled(LogLevel::kWarn));
  LogCapture::DetachSink();
}

TEST(LogTest, InitRejectsABadFilter) {
  LogOptions options;
  options.level = "chatty";
  Status s = InitLogging(options);
  EXPECT_EQ(s.message(), "log level \"chatty\" has \"chatty\", which is not a log level");
}

int g_formatted = 0;
std::string Expensive() {
  ++g_formatted;
  return std::string(100, 'x');
}

TEST(LogTest, DisabledLevelEvaluatesNothingAndAllocatesNothing) {
  LogCapture capture("error");
  Logger log("hot");
  std::string key(64, 'k');  // allocated before counting starts
  g_formatted = 0;
  g_allocations = 0;
  g_counting = true;
  for (int i = 0; i < 1000; ++i) {
    LOG_INFO(log, "wrote {} events to {} {}", i, key, Expensive());
    LOG_DEBUG(log, {{"key", key}, {"n", i}}, "batch {} {}", i, Expensive());
  }
  g_counting = false;
  EXPECT_EQ(g_allocations.load(), 0);
  EXPECT_EQ(g_formatted, 0);
  EXPECT_EQ(capture.Text(), "");

  // Control: the counter does see allocations, and an enabled level does evaluate.
  g_counting = true;
  LOG_ERROR(log, "{}", Expensive());
  g_counting = false;
  EXPECT_GT(g_allocations.load(), 0);
  EXPECT_EQ(g_formatted, 1);
}

TEST(LogTest, ConcurrentWritersProduceWholeLines) {
  LogCapture capture("info");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t] {
      Logger log("worker");
      for (int i = 0; i < 200; ++i)
        LOG_INFO(log, {{"t", t}, {"i", i}}, "line {}", i);
    });
  }
  for (auto& th : threads)
    th.join();
  std::vector<std::string> lines = capture.Lines();
  ASSERT_EQ(lines.size(), 800u);
  for (const std::string& line : lines) {
    ASSERT_TRUE(line.starts_with("{\"ts\":\"") && line.ends_with("}")) << line;
  }
}

}  // namespace
}  // namespace core
