// Interop with the gzip and zstd command-line tools: what we write they read, and the reverse.
#include <cstdio>
#include <fstream>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "core/codec.h"
#include "core/codec_stream.h"
#include "support/temp_dir.h"

namespace core {
namespace {

std::string Corpus() {
  std::mt19937_64 rng(5);
  std::string s;
  for (int i = 0; i < 40'000; ++i) {
    s += R"({"operationType":"update","ns":{"db":"shop","coll":"orders"},"documentKey":)";
    s += std::to_string(rng() % 100'000);
    s += R"(,"qty":)" + std::to_string(rng() % 1000) + "}\n";
  }
  return s;
}

void WriteFile(const std::string& path, std::string_view bytes) {
  std::ofstream f(path, std::ios::binary);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(f.good()) << path;
}

// Runs a shell command and returns its stdout; fails the test on a non-zero exit.
std::string RunCommand(const std::string& command) {
  FILE* p = popen(command.c_str(), "r");
  EXPECT_NE(p, nullptr) << command;
  if (p == nullptr) return {};
  std::string out;
  char buf[1 << 16];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0)
    out.append(buf, n);
  const int rc = pclose(p);
  EXPECT_EQ(rc, 0) << command;
  return out;
}

std::string Streamed(Codec codec, const std::string& input) {
  std::string packed;
  auto c = NewStreamCompressor(codec, &packed);
  EXPECT_TRUE(c.ok());
  for (size_t off = 0; off < input.size(); off += 100'000) {
    EXPECT_TRUE((*c)->Write(std::string_view(input).substr(off, 100'000)).ok());
  }
  EXPECT_TRUE((*c)->Finish().ok());
  return packed;
}

struct Tool {
  Codec codec;
  const char* cli;  // the CLI, with flags that work for both directions
};

class CliInterop : public ::testing::TestWithParam<Tool> {};

TEST_P(CliInterop, CliReadsOurOneShotAndStreamedOutput) {
  const Tool tool = GetParam();
  testing_support::TempDir dir;
  const std::string input = Corpus();
  std::string one_shot;
  ASSERT_TRUE(Compress(tool.codec, input, &one_shot).ok());
  const std::string a = dir.File("one_shot" + std::string(FileSuffix(tool.codec)));
  const std::string b = dir.File("streamed" + std::string(FileSuffix(tool.codec)));
  WriteFile(a, one_shot);
  WriteFile(b, Streamed(tool.codec, input));
  EXPECT_EQ(RunCommand(std::string(tool.cli) + " -dc " + a), input);
  EXPECT_EQ(RunCommand(std::string(tool.cli) + " -dc " + b), input);
  // The CLI's integrity test agrees too.
  RunCommand(std::string(tool.cli) + " -t " + a + " 2>&1");
}

TEST_P(CliInterop, WeReadCliOutputIncludingConcatenations) {
  const Tool tool = GetParam();
  testing_support::TempDir dir;
  const std::string input = Corpus();
  const std::string plain = dir.File("plain.jsonl");
  WriteFile(plain, input);
  const std::string packed = RunCommand(std::string(tool.cli) + " -c " + plain);
  std::string out;
  Status st = Decompress(tool.codec, packed, &out);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(out, input);

  // `cat a.gz b.gz` (and CLI stdin streaming, which has no content size) decodes to a+b.
  const std::string piped = RunCommand("cat " + plain + " | " + tool.cli + " -c");
  const std::string both = packed + piped;
  st = Decompress(tool.codec, both, &out);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(out, input + input);
  std::string streamed;
  auto d = NewStreamDecompressor(tool.codec, &streamed);
  for (size_t off = 0; off < both.size(); off += 4096) {
    ASSERT_TRUE((*d)->Write(std::string_view(both).substr(off, 4096)).ok());
  }
  ASSERT_TRUE((*d)->Finish().ok());
  EXPECT_EQ(streamed, input + input);
}

INSTANTIATE_TEST_SUITE_P(Tools, CliInterop,
                         ::testing::Values(Tool{Codec::kGzip, "gzip"},
                                           Tool{Codec::kZstd, "zstd -q"}),
                         [](const auto& info) { return std::string(CodecName(info.param.codec)); });

}  // namespace
}  // namespace core
