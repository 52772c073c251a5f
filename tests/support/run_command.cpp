#include "support/run_command.h"

#include <fstream>
#include <iterator>
#include <sstream>

#include "support/temp_dir.h"

namespace testing_support {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

std::string CommandResult::Describe() const {
  std::string text = err.empty() ? out : err;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
    text.pop_back();
  return status.ToString() + (text.empty() ? "" : ": " + text);
}

core::Result<CommandResult> RunCommand(ChildOptions options, std::chrono::milliseconds timeout,
                                       const std::string& stdin_data) {
  TempDir dir("rr-cmd-");
  options.log_path = dir.File("stdout");
  options.stderr_path = dir.File("stderr");
  options.stdin_path = dir.File("stdin");
  {
    std::ofstream in(options.stdin_path, std::ios::binary);
    in << stdin_data;
  }
  const std::string name = options.argv.empty() ? "" : options.argv[0];
  CORE_ASSIGN_OR_RETURN(auto child, ChildProcess::Start(std::move(options)));
  auto waited = child->Wait(timeout);
  if (!waited.ok()) {
    child->Kill();
    return core::DeadlineExceeded("'" + name + "' did not finish within " +
                                  std::to_string(timeout.count()) +
                                  " ms; stderr: " + FileTail(dir.File("stderr"), 20));
  }
  CommandResult result;
  result.status = *waited;
  result.out = ReadFile(dir.File("stdout"));
  result.err = ReadFile(dir.File("stderr"));
  return result;
}

}  // namespace testing_support
