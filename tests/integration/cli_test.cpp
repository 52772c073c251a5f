// Runs the built rigatoni and reflow-tracing binaries with bad environment, flags and files and
// checks the exit code and the exact stderr message; also --version, --help and --check-config.
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace {

const std::string kRigatoni = std::string(PROJECT_BINARY_DIR) + "/apps/rigatoni/rigatoni";
const std::string kTracing =
    std::string(PROJECT_BINARY_DIR) + "/apps/reflow-tracing/reflow-tracing";
const std::string kProductionToml =
    std::string(PROJECT_SOURCE_DIR) + "/tests/fixtures/tracing/production.toml";

struct ProcessRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Runs `binary args...` with exactly `env` as its environment (nothing inherited).
ProcessRun RunBinary(const std::string& binary, const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& env) {
  testing_support::TempDir dir("rr-cli-");
  std::string out_path = dir.File("out"), err_path = dir.File("err");
  std::vector<std::string> argv_s{binary};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<std::string> envp_s;
  for (const auto& [k, v] : env)
    envp_s.push_back(k + "=" + v);
  std::vector<char*> argv, envp;
  for (auto& a : argv_s)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  for (auto& e : envp_s)
    envp.push_back(e.data());
  envp.push_back(nullptr);

  pid_t pid = ::fork();
  if (pid == 0) {
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::execve(binary.c_str(), argv.data(), envp.data());
    ::_exit(127);
  }
  ProcessRun run;
  int status = 0;
  ::waitpid(pid, &status, 0);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  run.out = Slurp(out_path);
  run.err = Slurp(err_path);
  return run;
}

const std::map<std::string, std::string> kRigatoniEnv = {
    {"MONGODB_URI", "mongodb://app:hunter2@m1,m2/?replicaSet=rs0"},
    {"MONGODB_DATABASE", "production"},
};

TEST(CliTest, Version) {
  ProcessRun r = RunBinary(kRigatoni, {"--version"}, {});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, std::string("rigatoni ") + PROJECT_VERSION + "\n");
  r = RunBinary(kTracing, {"--version"}, {});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, std::string("reflow-tracing ") + PROJECT_VERSION + "\n");
}

TEST(CliTest, HelpListsTheSeedNames) {
  ProcessRun r = RunBinary(kRigatoni, {"--help"}, {});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* name : {"MONGODB_URI",
                           "MONGODB_DATABASE",
                           "MONGODB_COLLECTIONS",
                           "BATCH_SIZE",
                           "BATCH_TIMEOUT_MS",
                           "NUM_WORKERS",
                           "CHANNEL_BUFFER_SIZE",
                           "MAX_RETRIES",
                           "RETRY_DELAY_MS",
                           "MAX_RETRY_DELAY_MS",
                           "S3_BUCKET",
                           "AWS_REGION",
                           "S3_PREFIX",
                           "REDIS_URL",
                           "DESTINATION_URL",
                           "STATE_STORE_URL",
                           "FORMAT",
                           "COMPRESSION",
                           "KEY_STRATEGY",
                           "PIPELINE_NAME",
                           "ADMIN_BIND_ADDRESS",
                           "LOG_LEVEL (alias RUST_LOG)",
                           "LOG_FORMAT"}) {
    EXPECT_NE(r.out.find(std::string("env ") + name), std::string::npos) << name;
  }
  r = RunBinary(kTracing, {"--help"}, {});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* name : {"TRACING_DATABASE_URL", "TRACING_REDIS_URL", "TRACING_BIND_ADDRESS",
                           "TRACING_MAX_CONNECTIONS", "JWT_SECRET"}) {
    EXPECT_NE(r.out.find(std::string("env ") + name), std::string::npos) << name;
  }
}

TEST(CliTest, BadEnvironmentValue) {
  auto env = kRigatoniEnv;
  env["BATCH_SIZE"] = "abc";
  ProcessRun r = RunBinary(kRigatoni, {}, env);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "rigatoni: invalid value for BATCH_SIZE (environment): \"abc\" is not an integer; "
            "expected an integer from 1 to 10000\n");
  EXPECT_EQ(r.out, "");
}

TEST(CliTest, BadEnumFlagAndUnknownFlag) {
  ProcessRun r = RunBinary(kRigatoni, {"--format", "xml"}, kRigatoniEnv);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "rigatoni: invalid value for --format (command line): \"xml\" is not allowed; "
            "expected one of: json, csv, parquet, avro\n");
  r = RunBinary(kRigatoni, {"--batch-sise", "5"}, kRigatoniEnv);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "rigatoni: unknown flag --batch-sise; did you mean --batch-size? (see --help)\n");
  r = RunBinary(kRigatoni, {"--batch-size"}, kRigatoniEnv);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "rigatoni: flag --batch-size needs a value; expected an integer from 1 to 10000\n");
}

TEST(CliTest, MissingRequired) {
  ProcessRun r = RunBinary(kRigatoni, {}, {{"MONGODB_DATABASE", "x"}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "rigatoni: missing required option mongodb.uri: set MONGODB_URI (environment), "
            "--mongodb-uri (command line) or mongodb.uri (config file); expected a URI "
            "(scheme://host...)\n");
}

TEST(CliTest, BadConfigFiles) {
  testing_support::TempDir dir;
  std::string path = dir.File("tracing.toml");
  std::ofstream(path) << "[server]\nbind_adress = \"0.0.0.0:1\"\n";
  ProcessRun r = RunBinary(kTracing, {"--config", path}, {});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "reflow-tracing: unknown key \"server.bind_adress\" in " + path +
                       ":2; did you mean \"server.bind_address\"?\n");

  std::ofstream(path) << "[server]\nmax_connections = 0\n";
  r = RunBinary(kTracing, {"--config", path}, {});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "reflow-tracing: invalid value for server.max_connections (" + path +
                       ":2): 0 is out of range; expected an integer from 1 to 1000000\n");

  std::ofstream(path) << "[server\n";
  r = RunBinary(kTracing, {"--config", path}, {});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.err.starts_with("reflow-tracing: syntax error in " + path + ":1:")) << r.err;

  r = RunBinary(kTracing, {"--config", dir.File("missing.toml")}, {});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "reflow-tracing: cannot read config file " + dir.File("missing.toml") +
                       ": No such file or directory\n");
}

TEST(CliTest, CheckConfigMasksSecrets) {
  auto env = kRigatoniEnv;
  env["REDIS_URL"] = "redis://user:s3cret@cache:6379/0";
  env["BATCH_SIZE"] = "5000";
  env["RUST_LOG"] = "info";
  ProcessRun r = RunBinary(kRigatoni, {"--check-config", "--s3-bucket", "prod-data-lake"}, env);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(
      r.out.find("mongodb.uri = mongodb://app:****@m1,m2/?replicaSet=rs0 (env MONGODB_URI)\n"),
      std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("redis.url = redis://user:****@cache:6379/0 (env REDIS_URL)\n"),
            std::string::npos);
  EXPECT_NE(r.out.find("pipeline.batch_size = 5000 (env BATCH_SIZE)\n"), std::string::npos);
  EXPECT_NE(r.out.find("s3.bucket = prod-data-lake (flag --s3-bucket)\n"), std::string::npos);
  EXPECT_NE(r.out.find("logging.level = info (env RUST_LOG)\n"), std::string::npos);
  EXPECT_EQ(r.out.find("hunter2"), std::string::npos);
  EXPECT_EQ(r.out.find("s3cret"), std::string::npos);

  ProcessRun t = RunBinary(
      kTracing, {"--check-config"},
      {{"JWT_SECRET", "jwt-signing-key"}, {"TRACING_DATABASE_URL", "postgresql://u:pw@db/x"}});
  EXPECT_EQ(t.exit_code, 0) << t.err;
  EXPECT_NE(t.out.find("auth.jwt_secret = **** (env JWT_SECRET)\n"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("database.url = postgresql://u:****@db/x (env TRACING_DATABASE_URL)\n"),
            std::string::npos);
  EXPECT_EQ(t.out.find("jwt-signing-key"), std::string::npos);
}

TEST(CliTest, SeedProductionTomlIsAccepted) {
  ProcessRun r = RunBinary(kTracing, {"--config", kProductionToml, "--check-config"},
                           {{"TRACING_MAX_CONNECTIONS", "2000"}});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const std::string file = "(file " + kProductionToml + ":";
  for (const std::string& line :
       {"server.bind_address = 0.0.0.0:8080 " + file + "3)",
        "server.keep_alive_timeout = 30000ms " + file + "6)",
        "database.url = postgresql://user:****@postgres-cluster:5432/tracing " + file + "9)",
        "redis.url = redis://redis-cluster:6379 " + file + "16)",
        "tracing.max_event_size = 1048576 " + file + "23)", "logging.format = json " + file + "28)",
        "metrics.bind_address = 0.0.0.0:9090 " + file + "33)",
        std::string("server.max_connections = 2000 (env TRACING_MAX_CONNECTIONS)")}) {
    EXPECT_NE(r.out.find(line + "\n"), std::string::npos) << line << "\n" << r.out;
  }
}

TEST(CliTest, RigatoniSetupErrorsExitWithCode2) {
  // Valid options that do not make a pipeline: each gets one message and exit code 2, before
  // anything connects.
  struct Case {
    std::map<std::string, std::string> extra;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{},
       "rigatoni: no destination: set DESTINATION_URL (file:///abs/path or s3://bucket/prefix) "
       "or S3_BUCKET\n"},
      {{{"DESTINATION_URL", "file://relative/lake"}},
       "rigatoni: invalid value for DESTINATION_URL: \"file://relative/lake\"; expected "
       "file:///absolute/path\n"},
      {{{"DESTINATION_URL", "file:///tmp/x"}, {"WATCH_LEVEL", "collection"}},
       "rigatoni: MONGODB_COLLECTIONS is empty but WATCH_LEVEL=collection; expected a "
       "comma-separated list of collections\n"},
      {{{"DESTINATION_URL", "file:///tmp/x"}, {"CHANGE_STREAM_PIPELINE", "{\"$match\": 1}"}},
       "rigatoni: CHANGE_STREAM_PIPELINE: invalid change-stream pipeline \"{\"$match\": 1}\": "
       "not a JSON array; expected a JSON array of stages such as [{\"$match\": "
       "{\"operationType\": \"insert\"}}]\n"},
      {{{"DESTINATION_URL", "file:///tmp/x"}, {"STATE_STORE_URL", "redis://u:hunter2@r:6379"}},
       "rigatoni: STATE_STORE_URL \"redis://u:****@r:6379\": the Redis state store is not "
       "available in this build yet; expected file:///absolute/path or memory:\n"},
  };
  for (const Case& c : cases) {
    auto env = kRigatoniEnv;
    for (const auto& [k, v] : c.extra)
      env[k] = v;
    ProcessRun r = RunBinary(kRigatoni, {}, env);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(r.err, c.message);
    EXPECT_EQ(r.err.find("hunter2"), std::string::npos);
  }
}

// docs/configuration.md carries each binary's option table exactly as `--help-markdown` prints
// it, so the reference cannot drift from the code (regenerate the tables when options change).
TEST(CliTest, ConfigurationDocsMatchTheOptions) {
  std::ifstream in(std::string(PROJECT_SOURCE_DIR) + "/docs/configuration.md");
  std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(doc.empty());
  for (const std::string& binary : {kRigatoni, kTracing}) {
    ProcessRun r = RunBinary(binary, {"--help-markdown"}, {});
    EXPECT_EQ(r.exit_code, 0);
    ASSERT_NE(r.out.find("| TOML key | environment | flag | default | meaning |"),
              std::string::npos);
    EXPECT_NE(doc.find(r.out), std::string::npos)
        << binary << ": docs/configuration.md is out of date; paste the output of `" << binary
        << " --help-markdown` into it";
  }
}

}  // namespace
