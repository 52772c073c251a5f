// Checks mongo-sim's fidelity with an independent client: the official Node.js driver runs
// tests/support/js/mongo_sim_check.mjs against it (or against MONGODB_TEST_URI when set).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "support/mongo_sim_process.h"

namespace {

// Runs `command` through the shell, returning its exit status and combined output.
int RunCapture(const std::string& command, std::string& output) {
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return -1;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0)
    output.append(buf, n);
  int status = ::pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(MongoSimNode, OfficialDriverChecksPass) {
  std::string source = PROJECT_SOURCE_DIR;
  ASSERT_TRUE(std::filesystem::exists(source + "/node_modules/mongodb/package.json"))
      << "node_modules/mongodb is missing: run `npm install --no-audit --no-fund` in " << source;
  testing_support::MongoSimProcess sim;
  std::string output;
  int rc = RunCapture(
      "cd '" + source + "' && node tests/support/js/mongo_sim_check.mjs '" + sim.uri() + "'",
      output);
  EXPECT_EQ(rc, 0) << output;
  EXPECT_NE(output.find(" passed, 0 failed"), std::string::npos) << output;
  if (!sim.external()) {
    int status = sim.Stop();
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << "mongo-sim did not exit cleanly on SIGTERM (status " << status << ")";
  }
}

}  // namespace
