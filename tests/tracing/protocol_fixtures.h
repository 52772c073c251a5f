// Access to tests/fixtures/tracing/messages: the golden files written by serde (see the README
// there).
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace tracing_test {

inline std::filesystem::path MessagesDir() {
  return std::filesystem::path(PROJECT_SOURCE_DIR) / "tests/fixtures/tracing/messages";
}

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Names (without ".json") of the golden files starting with `prefix`, sorted.
inline std::vector<std::string> GoldenNames(const std::string& prefix) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(MessagesDir())) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0 && entry.path().extension() == ".json") {
      names.push_back(entry.path().stem().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

inline std::string Golden(const std::string& name) {
  return ReadFile(MessagesDir() / (name + ".json"));
}

}  // namespace tracing_test
