#include "core/config.h"

#include <cstdio>
#include <fstream>

#include <gtest/gtest.h>

#include "core/command_line.h"
#include "core/config_report.h"
#include "core/log_level.h"
#include "core/startup.h"
#include "core/uri_mask.h"
#include "support/temp_dir.h"

namespace core {
namespace {

const ConfigSchema& TestSchema() {
  static const ConfigSchema* schema = [] {
    auto* s = new ConfigSchema();
    s->Add(OptionSpec("mongodb.uri")
               .Env("MONGODB_URI")
               .Flag("--mongodb-uri")
               .Uri()
               .Required()
               .Describe("MongoDB connection string"));
    s->Add(OptionSpec("pipeline.batch_size")
               .Env("BATCH_SIZE")
               .Flag("--batch-size")
               .Int(1, 10000)
               .Default("100")
               .Describe("Maximum events per batch"));
    s->Add(OptionSpec("pipeline.format")
               .Env("FORMAT")
               .Flag("--format")
               .Enum({"json", "csv"})
               .Default("json")
               .Describe("Output format"));
    s->Add(OptionSpec("pipeline.timeout_ms")
               .Env("TIMEOUT_MS")
               .Flag("--timeout-ms")
               .DurationMs(1, 60000)
               .Default("5000")
               .Describe("Batch timeout"));
    s->Add(OptionSpec("pipeline.keep_alive")
               .Env("KEEP_ALIVE")
               .DurationSeconds(1000, 3600000)
               .Default("30")
               .Describe("Keep-alive"));
    s->Add(OptionSpec("pipeline.collections")
               .Env("COLLECTIONS")
               .Flag("--collections")
               .List()
               .Describe("Collections"));
    s->Add(
        OptionSpec("pipeline.ratio").Env("RATIO").Double(0, 1).Default("0.5").Describe("A ratio"));
    s->Add(OptionSpec("feature.enabled")
               .Env("FEATURE_ENABLED")
               .Flag("--enabled")
               .Bool()
               .Default("false")
               .Describe("Turns the feature on"));
    s->Add(OptionSpec("auth.secret")
               .Env("SECRET_KEY")
               .String()
               .Secret()
               .Validate(
                   [](std::string_view v) -> std::optional<std::string> {
                     if (v.size() < 8) return "is too short";
                     return std::nullopt;
                   },
                   "at least 8 characters")
               .Describe("Signing key"));
    s->Add(OptionSpec("logging.level")
               .Env("LOG_LEVEL", {"RUST_LOG"})
               .Flag("--log-level")
               .String()
               .Default("info")
               .Validate(CheckLogFilter, "a log level")
               .Describe("Log level"));
    s->Add(OptionSpec("server.bind_address")
               .Env("BIND_ADDRESS")
               .String()
               .Default("0.0.0.0:8080")
               .Validate(CheckHostPort, std::string(kHostPortForm))
               .Describe("Bind address"));
    return s;
  }();
  return *schema;
}

const Environment kMinimalEnv = {{"MONGODB_URI", "mongodb://h1,h2/?replicaSet=rs0"}};

Result<Config> Load(std::vector<std::string_view> args, Environment env,
                    const ConfigSchema& schema = TestSchema()) {
  auto cl = ParseCommandLine(schema, args);
  if (!cl.ok()) return cl.status();
  return LoadConfig(schema, ConfigInputs{cl->flag_values, cl->config_path, std::move(env)});
}

std::string ErrorOf(std::vector<std::string_view> args, Environment env) {
  auto config = Load(std::move(args), std::move(env));
  if (config.ok()) return "(no error)";
  EXPECT_EQ(config.status().code(), ErrorCode::kInvalidArgument);
  return config.status().message();
}

class ConfigFileTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& text) {
    std::string path = dir_.File("config.toml");
    std::ofstream(path) << text;
    return path;
  }
  testing_support::TempDir dir_;
};

TEST(ConfigTest, DefaultsApplyAndRememberTheirSource) {
  auto config = Load({}, kMinimalEnv);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->GetInt("pipeline.batch_size"), 100);
  EXPECT_EQ(config->GetString("pipeline.format"), "json");
  EXPECT_EQ(config->GetDuration("pipeline.timeout_ms"), std::chrono::milliseconds(5000));
  EXPECT_EQ(config->GetDuration("pipeline.keep_alive"), std::chrono::seconds(30));
  EXPECT_DOUBLE_EQ(config->GetDouble("pipeline.ratio"), 0.5);
  EXPECT_FALSE(config->GetBool("feature.enabled"));
  EXPECT_FALSE(config->Has("pipeline.collections"));
  EXPECT_TRUE(config->GetList("pipeline.collections").empty());
  EXPECT_EQ(config->Origin("pipeline.batch_size").ToString(), "default");
  EXPECT_EQ(config->Origin("mongodb.uri").ToString(), "env MONGODB_URI");
}

TEST_F(ConfigFileTest, FlagBeatsEnvironmentBeatsFileBeatsDefault) {
  std::string path = Write(
      "[pipeline]\nbatch_size = 10\nformat = \"csv\"\ntimeout_ms = 700\n"
      "collections = [\"users\", \"orders\"]\n");
  Environment env = kMinimalEnv;
  env["BATCH_SIZE"] = "20";
  env["FORMAT"] = "json";
  auto config = Load({"--config", path, "--batch-size", "30"}, env);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->GetInt("pipeline.batch_size"), 30);
  EXPECT_EQ(config->Origin("pipeline.batch_size").ToString(), "flag --batch-size");
  EXPECT_EQ(config->GetString("pipeline.format"), "json");
  EXPECT_EQ(config->Origin("pipeline.format").ToString(), "env FORMAT");
  EXPECT_EQ(config->GetDuration("pipeline.timeout_ms"), std::chrono::milliseconds(700));
  EXPECT_EQ(config->Origin("pipeline.timeout_ms").ToString(), "file " + path + ":4");
  EXPECT_EQ(config->GetList("pipeline.collections"), (std::vector<std::string>{"users", "orders"}));
  EXPECT_EQ(config->Origin("pipeline.ratio").source, ConfigSource::kDefault);
}

TEST(ConfigTest, FlagForms) {
  auto config = Load({"--batch-size=42", "--enabled", "--collections", "a, b,,c"}, kMinimalEnv);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->GetInt("pipeline.batch_size"), 42);
  EXPECT_TRUE(config->GetBool("feature.enabled"));
  EXPECT_EQ(config->GetList("pipeline.collections"), (std::vector<std::string>{"a", "b", "c"}));
  auto off = Load({"--enabled=off"}, kMinimalEnv);
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(off->GetBool("feature.enabled"));
}

TEST(ConfigTest, EnvAliasIsUsedWhenThePrimaryNameIsUnset) {
  Environment env = kMinimalEnv;
  env["RUST_LOG"] = "rigatoni=debug,info";
  auto config = Load({}, env);
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->GetString("logging.level"), "rigatoni=debug,info");
  EXPECT_EQ(config->Origin("logging.level").ToString(), "env RUST_LOG");
  env["LOG_LEVEL"] = "warn";
  config = Load({}, env);
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->GetString("logging.level"), "warn");
  EXPECT_EQ(config->Origin("logging.level").ToString(), "env LOG_LEVEL");
}

TEST(ConfigTest, EmptyEnvironmentValueCountsAsUnset) {
  Environment env = kMinimalEnv;
  env["BATCH_SIZE"] = "";
  auto config = Load({}, env);
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->GetInt("pipeline.batch_size"), 100);
}

TEST(ConfigTest, DurationsTakeUnits) {
  Environment env = kMinimalEnv;
  env["TIMEOUT_MS"] = "2s";
  env["KEEP_ALIVE"] = "90";
  auto config = Load({}, env);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->GetDuration("pipeline.timeout_ms"), std::chrono::milliseconds(2000));
  EXPECT_EQ(config->GetDuration("pipeline.keep_alive"), std::chrono::seconds(90));
  env["KEEP_ALIVE"] = "1500ms";
  config = Load({}, env);
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->GetDuration("pipeline.keep_alive"), std::chrono::milliseconds(1500));
}

TEST(ConfigErrorTest, WrongTypeInEnvironment) {
  Environment env = kMinimalEnv;
  env["BATCH_SIZE"] = "abc";
  EXPECT_EQ(ErrorOf({}, env),
            "invalid value for BATCH_SIZE (environment): \"abc\" is not an integer; expected an "
            "integer from 1 to 10000");
}

TEST(ConfigErrorTest, OutOfRangeFlag) {
  EXPECT_EQ(ErrorOf({"--batch-size", "0"}, kMinimalEnv),
            "invalid value for --batch-size (command line): \"0\" is out of range; expected an "
            "integer from 1 to 10000");
}

TEST(ConfigErrorTest, NotOneOfTheEnumWords) {
  Environment env = kMinimalEnv;
  env["FORMAT"] = "xml";
  EXPECT_EQ(ErrorOf({}, env),
            "invalid value for FORMAT (environment): \"xml\" is not allowed; expected one of: "
            "json, csv");
}

TEST(ConfigErrorTest, OtherTypes) {
  Environment env = kMinimalEnv;
  env["FEATURE_ENABLED"] = "maybe";
  EXPECT_EQ(ErrorOf({}, env),
            "invalid value for FEATURE_ENABLED (environment): \"maybe\" is not a boolean; "
            "expected true or false");
  env = kMinimalEnv;
  env["TIMEOUT_MS"] = "5 sec";
  EXPECT_EQ(ErrorOf({}, env),
            "invalid value for TIMEOUT_MS (environment): \"5 sec\" is not a duration; expected a "
            "duration in milliseconds (or with a unit: ms, s, m, h) from 1 ms to 60000 ms");
  env = kMinimalEnv;
  env["RATIO"] = "2";
  EXPECT_EQ(ErrorOf({}, env),
            "invalid value for RATIO (environment): \"2\" is out of range; expected a number "
            "from 0 to 1");
  env = kMinimalEnv;
  env["BIND_ADDRESS"] = "localhost:99999";
  EXPECT_EQ(ErrorOf({}, env),
            "invalid value for BIND_ADDRESS (environment): \"localhost:99999\" has an invalid "
            "port; expected host:port with a port from 0 to 65535");
  env = kMinimalEnv;
  env["RUST_LOG"] = "verbose";
  EXPECT_EQ(ErrorOf({}, env),
            "invalid value for RUST_LOG (environment): \"verbose\" is not a log level; expected a "
            "log level");
}

TEST(ConfigErrorTest, MissingRequired) {
  EXPECT_EQ(ErrorOf({}, {}),
            "missing required option mongodb.uri: set MONGODB_URI (environment), --mongodb-uri "
            "(command line) or mongodb.uri (config file); expected a URI (scheme://host...)");
}

TEST(ConfigErrorTest, BadValueIsReportedBeforeMissingRequired) {
  EXPECT_EQ(ErrorOf({}, {{"BATCH_SIZE", "x"}}),
            "invalid value for BATCH_SIZE (environment): \"x\" is not an integer; expected an "
            "integer from 1 to 10000");
}

TEST(ConfigErrorTest, UnknownFlag) {
  EXPECT_EQ(ErrorOf({"--batch-sise", "5"}, kMinimalEnv),
            "unknown flag --batch-sise; did you mean --batch-size? (see --help)");
  EXPECT_EQ(ErrorOf({"--frobnicate"}, kMinimalEnv), "unknown flag --frobnicate (see --help)");
}

TEST(ConfigErrorTest, FlagMissingItsValue) {
  EXPECT_EQ(ErrorOf({"--batch-size"}, kMinimalEnv),
            "flag --batch-size needs a value; expected an integer from 1 to 10000");
  EXPECT_EQ(ErrorOf({"--format", "--batch-size", "3"}, kMinimalEnv),
            "flag --format needs a value; expected one of: json, csv");
  EXPECT_EQ(ErrorOf({"--config"}, kMinimalEnv),
            "flag --config needs a value; expected a path to a TOML file");
}

TEST(ConfigErrorTest, StrayArgument) {
  EXPECT_EQ(ErrorOf({"run"}, kMinimalEnv),
            "unexpected argument \"run\"; options are given as --name VALUE (see --help)");
}

TEST(ConfigErrorTest, SecretsAreNeverEchoed) {
  Environment env = kMinimalEnv;
  env["SECRET_KEY"] = "hunter2";
  std::string msg = ErrorOf({}, env);
  EXPECT_EQ(msg,
            "invalid value for SECRET_KEY (environment): \"****\" is too short; expected at "
            "least 8 characters");
  EXPECT_EQ(msg.find("hunter2"), std::string::npos);
}

TEST(ConfigErrorTest, UriPasswordsAreMaskedInErrors) {
  std::string msg = ErrorOf({}, {{"MONGODB_URI", "mongodb://app:hunter2@ host"}});
  EXPECT_EQ(
      msg,
      "invalid value for MONGODB_URI (environment): \"mongodb://app:****@ host\" is not a URI; "
      "expected a URI (scheme://host...)");
}

TEST_F(ConfigFileTest, OutOfRangeInFileNamesKeyFileAndLine) {
  std::string path = Write("# tuning\n[pipeline]\nbatch_size = 20000\n");
  EXPECT_EQ(ErrorOf({"--config", path}, kMinimalEnv),
            "invalid value for pipeline.batch_size (" + path +
                ":3): 20000 is out of range; expected an integer from 1 to 10000");
}

TEST_F(ConfigFileTest, WrongTypeInFile) {
  std::string path = Write("[pipeline]\nbatch_size = \"abc\"\n");
  EXPECT_EQ(ErrorOf({"--config", path}, kMinimalEnv),
            "invalid value for pipeline.batch_size (" + path +
                ":2): \"abc\" is not an integer; expected an integer from 1 to 10000");
  path = Write("[feature]\nenabled = 1\n");
  EXPECT_EQ(ErrorOf({"--config", path}, kMinimalEnv),
            "invalid value for feature.enabled (" + path +
                ":2): 1 is not a boolean; expected true or false");
}

TEST_F(ConfigFileTest, ValueInFileIsValidatedEvenWhenOverridden) {
  std::string path = Write("pipeline.format = \"xml\"\n");
  Environment env = kMinimalEnv;
  env["FORMAT"] = "csv";
  EXPECT_EQ(ErrorOf({"--config", path}, env),
            "invalid value for pipeline.format (" + path +
                ":1): \"xml\" is not allowed; expected one of: json, csv");
}

TEST_F(ConfigFileTest, UnknownKeyWithSuggestion) {
  std::string path = Write("[pipeline]\nformat = \"csv\"\n\n[pipline]\nbatch_size = 5\n");
  EXPECT_EQ(ErrorOf({"--config", path}, kMinimalEnv),
            "unknown key \"pipline.batch_size\" in " + path +
                ":5; did you mean \"pipeline.batch_size\"?");
  path = Write("[pipeline]\nzzz_unrelated_option = 1\n");
  EXPECT_EQ(ErrorOf({"--config", path}, kMinimalEnv),
            "unknown key \"pipeline.zzz_unrelated_option\" in " + path + ":2");
}

TEST_F(ConfigFileTest, FirstUnknownKeyInTheFileIsReported) {
  std::string path = Write("[b_table]\nx = 1\n[a_table]\ny = 2\n");
  EXPECT_EQ(ErrorOf({"--config", path}, kMinimalEnv),
            "unknown key \"b_table.x\" in " + path + ":2");
}

TEST_F(ConfigFileTest, SyntaxErrorNamesFileLineAndColumn) {
  std::string path = Write("[pipeline]\nbatch_size = = 5\n");
  EXPECT_EQ(ErrorOf({"--config", path}, kMinimalEnv),
            "syntax error in " + path +
                ":2:14: Error while parsing value: could not determine value type");
}

TEST(ConfigErrorTest, UnreadableConfigFile) {
  EXPECT_EQ(ErrorOf({"--config", "/nonexistent/x.toml"}, kMinimalEnv),
            "cannot read config file /nonexistent/x.toml: No such file or directory");
}

TEST(UriMaskTest, MasksPasswords) {
  EXPECT_EQ(MaskSecretsInUri("redis://user:pw@host:6379/0"), "redis://user:****@host:6379/0");
  EXPECT_EQ(MaskSecretsInUri("redis://:pw@host:6379"), "redis://:****@host:6379");
  EXPECT_EQ(MaskSecretsInUri("mongodb://app:s3cr%40t@m1,m2/?replicaSet=rs0"),
            "mongodb://app:****@m1,m2/?replicaSet=rs0");
  EXPECT_EQ(MaskSecretsInUri("postgresql://u:p@db/x"), "postgresql://u:****@db/x");
  EXPECT_EQ(MaskSecretsInUri("postgresql://db/x?user=u&password=p&sslmode=require"),
            "postgresql://db/x?user=u&password=****&sslmode=require");
  EXPECT_EQ(MaskSecretsInUri("s3://bucket/key?X-Amz-Security-Token=abc#f"),
            "s3://bucket/key?X-Amz-Security-Token=****#f");
}

TEST(UriMaskTest, LeavesOtherTextAlone) {
  EXPECT_EQ(MaskSecretsInUri("redis://user@host:6379"), "redis://user@host:6379");
  EXPECT_EQ(MaskSecretsInUri("http://host:80/a@b"), "http://host:80/a@b");
  EXPECT_EQ(MaskSecretsInUri("not a uri: x@y"), "not a uri: x@y");
  EXPECT_EQ(MaskSecretsInUri(""), "");
}

TEST(ConfigReportTest, EffectiveConfigMasksSecretsAndShowsSources) {
  Environment env = {{"MONGODB_URI", "mongodb://app:pw@m1,m2/?replicaSet=rs0"},
                     {"SECRET_KEY", "a-long-secret"},
                     {"COLLECTIONS", "users,orders"}};
  auto config = Load({"--batch-size", "7"}, env);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(EffectiveConfigText(*config),
            "mongodb.uri = mongodb://app:****@m1,m2/?replicaSet=rs0 (env MONGODB_URI)\n"
            "pipeline.batch_size = 7 (flag --batch-size)\n"
            "pipeline.format = json (default)\n"
            "pipeline.timeout_ms = 5000ms (default)\n"
            "pipeline.keep_alive = 30000ms (default)\n"
            "pipeline.collections = users,orders (env COLLECTIONS)\n"
            "pipeline.ratio = 0.5 (default)\n"
            "feature.enabled = false (default)\n"
            "auth.secret = **** (env SECRET_KEY)\n"
            "logging.level = info (default)\n"
            "server.bind_address = 0.0.0.0:8080 (default)\n");
}

TEST(ConfigReportTest, HelpNamesEveryOption) {
  ProgramInfo program{"prog", "1.2.3", "does things"};
  std::string help = HelpText(program, TestSchema());
  EXPECT_NE(help.find("prog 1.2.3: does things"), std::string::npos);
  for (const OptionSpec& spec : TestSchema().options()) {
    EXPECT_NE(help.find("key " + spec.key), std::string::npos) << spec.key;
    EXPECT_NE(help.find("env " + spec.env), std::string::npos) << spec.env;
    if (!spec.flag.empty()) {
      EXPECT_NE(help.find("  " + spec.flag), std::string::npos);
    }
    EXPECT_NE(help.find(spec.description), std::string::npos) << spec.key;
  }
  EXPECT_NE(help.find("  --batch-size N\n      env BATCH_SIZE | key pipeline.batch_size | "
                      "default 100\n      Maximum events per batch. Expects an integer from 1 to "
                      "10000.\n"),
            std::string::npos)
      << help;
  EXPECT_NE(help.find("env LOG_LEVEL (alias RUST_LOG)"), std::string::npos);
  EXPECT_NE(help.find("key mongodb.uri | required"), std::string::npos);
}

std::string ReadAll(std::FILE* f) {
  std::rewind(f);
  std::string s;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
    s.append(buf, n);
  return s;
}

TEST(StartupTest, ExitCodesAndOutput) {
  ProgramInfo program{"prog", "1.2.3", "does things"};
  auto run = [&](std::vector<const char*> args, const Environment& env, std::string* out,
                 std::string* err) {
    args.insert(args.begin(), "prog");
    std::FILE* o = std::tmpfile();
    std::FILE* e = std::tmpfile();
    Startup s =
        StartProgram(program, TestSchema(), static_cast<int>(args.size()), args.data(), env, o, e);
    *out = ReadAll(o);
    *err = ReadAll(e);
    std::fclose(o);
    std::fclose(e);
    return s;
  };
  std::string out, err;
  Startup s = run({"--version"}, {}, &out, &err);
  EXPECT_FALSE(s.config);
  EXPECT_EQ(s.exit_code, 0);
  EXPECT_EQ(out, "prog 1.2.3\n");

  s = run({"--batch-size", "x"}, kMinimalEnv, &out, &err);
  EXPECT_EQ(s.exit_code, 2);
  EXPECT_EQ(err,
            "prog: invalid value for --batch-size (command line): \"x\" is not an integer; "
            "expected an integer from 1 to 10000\n");
  EXPECT_EQ(out, "");

  s = run({"--check-config"}, kMinimalEnv, &out, &err);
  EXPECT_EQ(s.exit_code, 0);
  EXPECT_FALSE(s.config);
  EXPECT_NE(out.find("pipeline.batch_size = 100 (default)\n"), std::string::npos);

  s = run({"--batch-size", "9"}, kMinimalEnv, &out, &err);
  ASSERT_TRUE(s.config);
  EXPECT_EQ(s.config->GetInt("pipeline.batch_size"), 9);
}

TEST(ConfigSchemaTest, ExpectedFormsAndHostPort) {
  EXPECT_EQ(CheckHostPort("0.0.0.0:8080"), std::nullopt);
  EXPECT_EQ(CheckHostPort("[::1]:0"), std::nullopt);
  EXPECT_EQ(CheckHostPort("8080"), "is not host:port");
  EXPECT_EQ(CheckHostPort("::1:80"), "is not host:port");
  EXPECT_EQ(CheckHostPort("h:x"), "has an invalid port");
  EXPECT_EQ(ExpectedForm(OptionSpec("a").Int(0, std::numeric_limits<int64_t>::max())),
            "an integer >= 0");
}

}  // namespace
}  // namespace core
