#include "support/test_namespace.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cctype>
#include <cstdio>
#include <functional>

namespace testing_support {
namespace {

std::atomic<unsigned> g_counter{0};

struct TestId {
  std::string suite = "global";
  std::string name = "none";
};

TestId CurrentTest() {
  TestId id;
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  if (info != nullptr) {
    id.suite = info->test_suite_name();
    id.name = info->name();
  }
  return id;
}

// Lowercases and replaces every character outside [a-z0-9] with `fill`.
std::string Fold(const std::string& in, char fill) {
  std::string out;
  for (unsigned char c : in) {
    out += std::isalnum(c) ? static_cast<char>(std::tolower(c)) : fill;
  }
  return out;
}

// Keeps names within `limit` bytes: a long name becomes its head plus a hash of the whole.
std::string Limit(const std::string& name, size_t limit, char sep) {
  if (name.size() <= limit) return name;
  char hash[9];
  std::snprintf(hash, sizeof hash, "%08zx", std::hash<std::string>{}(name)&0xffffffffu);
  return name.substr(0, limit - 9) + sep + hash;
}

std::string Joined(char sep) {
  TestId id = CurrentTest();
  std::string n = std::to_string(g_counter.fetch_add(1));
  std::string s(1, sep);
  return Limit(std::string("t") + s + Fold(id.suite, sep) + s + Fold(id.name, sep) + s + n, 63,
               sep);
}

}  // namespace

std::string UniqueDatabaseName() {
  return Joined('_');
}

std::string UniqueBucketName() {
  return Joined('-');
}

std::string UniqueKeyPrefix(std::string_view separator) {
  TestId id = CurrentTest();
  auto clean = [](const std::string& in) {
    std::string out;
    for (unsigned char c : in)
      out += (std::isalnum(c) || c == '_' || c == '-') ? c : '_';
    return out;
  };
  std::string sep(separator);
  return "t" + sep + clean(id.suite) + sep + clean(id.name) + sep +
         std::to_string(g_counter.fetch_add(1)) + sep;
}

}  // namespace testing_support
