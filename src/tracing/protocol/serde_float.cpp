#include "tracing/protocol/serde_float.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <string_view>

namespace tracing::protocol {

namespace {

// Appends to a caller's buffer of kSerdeFloatMaxChars bytes.
struct Buffer {
  char* data;
  size_t size = 0;
  void Put(char c) { data[size++] = c; }
  void Put(std::string_view s) {
    std::memcpy(data + size, s.data(), s.size());
    size += s.size();
  }
  void Zeros(int n) {
    for (int i = 0; i < n; ++i)
      data[size++] = '0';
  }
};

// Lays out shortest digits `digits` (no dot) with value 0.d1d2... * 10^kk the way ryu's pretty
// printer does; `max_kk` / `min_kk` are its decimal-notation bounds for the type.
void Layout(std::string_view digits, int kk, int max_kk, int min_kk, Buffer* out) {
  const int length = static_cast<int>(digits.size());
  const int k = kk - length;
  if (0 <= k && kk <= max_kk) {  // 1234e7 -> 12340000000.0
    out->Put(digits);
    out->Zeros(k);
    out->Put(".0");
  } else if (0 < kk && kk <= max_kk) {  // 1234e-2 -> 12.34
    out->Put(digits.substr(0, kk));
    out->Put('.');
    out->Put(digits.substr(kk));
  } else if (min_kk < kk && kk <= 0) {  // 1234e-6 -> 0.001234
    out->Put("0.");
    out->Zeros(-kk);
    out->Put(digits);
  } else {  // 1e30, 1.234e33, 1e-7
    out->Put(digits[0]);
    if (length > 1) {
      out->Put('.');
      out->Put(digits.substr(1));
    }
    out->Put('e');
    char exp[8];
    auto r = std::to_chars(exp, exp + sizeof exp, kk - 1);
    out->Put(std::string_view(exp, r.ptr - exp));
  }
}

template <typename F>
size_t FormatShortest(F v, int max_kk, int min_kk, char* buf) {
  Buffer out{buf};
  if (!std::isfinite(v)) {
    out.Put("null");
    return out.size;
  }
  if (std::signbit(v)) out.Put('-');
  if (v == 0) {
    out.Put("0.0");
    return out.size;
  }
  // Shortest round-trip digits in scientific form, e.g. "1.2345e+02".
  char sci[48];
  auto r = std::to_chars(sci, sci + sizeof sci, std::fabs(v), std::chars_format::scientific);
  const std::string_view text(sci, r.ptr - sci);
  const size_t e = text.find('e');
  char digits[24];
  size_t n = 0;
  for (size_t i = 0; i < e; ++i) {
    if (text[i] != '.') digits[n++] = text[i];
  }
  std::string_view exp_text = text.substr(e + 1);
  if (exp_text.front() == '+') exp_text.remove_prefix(1);
  int exponent = 0;
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
  Layout(std::string_view(digits, n), exponent + 1, max_kk, min_kk, &out);
  return out.size;
}

}  // namespace

size_t FormatSerdeF64(double v, char* buf) {
  return FormatShortest(v, 16, -5, buf);
}
size_t FormatSerdeF32(float v, char* buf) {
  return FormatShortest(v, 13, -6, buf);
}

void AppendSerdeF64(double v, std::string* out) {
  char buf[kSerdeFloatMaxChars];
  out->append(buf, FormatSerdeF64(v, buf));
}

void AppendSerdeF32(float v, std::string* out) {
  char buf[kSerdeFloatMaxChars];
  out->append(buf, FormatSerdeF32(v, buf));
}

}  // namespace tracing::protocol
