#include "cdc/event/extended_json_text.h"

#include <cassert>
#include <charconv>
#include <cstdlib>

namespace cdc {

namespace {

constexpr char kLowerHex[] = "0123456789abcdef";
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Writes v (0 <= v < 10^width) as exactly `width` decimal digits.
char* PutDigits(char* o, int64_t v, int width) {
  for (int i = width - 1; i >= 0; --i) {
    o[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return o + width;
}

}  // namespace

void AppendShortestDouble(double v, std::string* out) {
  // std::to_chars in scientific form gives the shortest round-trip digits: [-]d[.ddd]e(+|-)XX.
  char sci[40];
  const auto res = std::to_chars(sci, sci + sizeof sci, v, std::chars_format::scientific);
  assert(res.ec == std::errc());
  const char* p = sci;
  const bool negative = *p == '-';
  if (negative) ++p;
  char digits[24];
  int n = 0;
  for (; *p != 'e'; ++p) {
    if (*p != '.') digits[n++] = *p;
  }
  ++p;  // 'e'
  const bool negative_exp = *p == '-';
  ++p;  // sign
  int exp = 0;
  std::from_chars(p, res.ptr, exp);
  if (negative_exp) exp = -exp;

  char buf[48];
  char* o = buf;
  if (negative) *o++ = '-';
  if (exp < -4 || exp >= 20) {
    *o++ = digits[0];
    if (n > 1) {
      *o++ = '.';
      for (int i = 1; i < n; ++i)
        *o++ = digits[i];
    }
    *o++ = 'e';
    *o++ = exp < 0 ? '-' : '+';
    const int magnitude = std::abs(exp);
    if (magnitude < 10) *o++ = '0';
    o = std::to_chars(o, buf + sizeof buf, magnitude).ptr;
  } else if (exp >= 0) {
    for (int i = 0; i <= exp; ++i)
      *o++ = i < n ? digits[i] : '0';
    *o++ = '.';
    if (n > exp + 1) {
      for (int i = exp + 1; i < n; ++i)
        *o++ = digits[i];
    } else {
      *o++ = '0';
    }
  } else {
    *o++ = '0';
    *o++ = '.';
    for (int i = 0; i < -exp - 1; ++i)
      *o++ = '0';
    for (int i = 0; i < n; ++i)
      *o++ = digits[i];
  }
  out->append(buf, o);
}

void AppendIso8601Millis(int64_t millis, std::string* out) {
  assert(millis >= 0 && millis <= kLastIso8601Millis);
  constexpr int64_t kMillisPerDay = 86'400'000;
  const int64_t days = millis / kMillisPerDay;
  int64_t in_day = millis % kMillisPerDay;

  // Civil date from days since 1970-01-01, counting in 400-year eras that start on 0000-03-01
  // so that the leap day is the last day of each year (days >= 0 here, so no negative eras).
  const int64_t shifted = days + 719'468;  // days from 0000-03-01 to 1970-01-01
  const int64_t era = shifted / 146'097;
  const int64_t day_of_era = shifted - era * 146'097;  // [0, 146096]
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1'460 + day_of_era / 36'524 - day_of_era / 146'096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t month_from_march = (5 * day_of_year + 2) / 153;  // 0 = March
  const int64_t day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
  const int64_t month = month_from_march < 10 ? month_from_march + 3 : month_from_march - 9;
  const int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);

  const int64_t ms = in_day % 1000;
  in_day /= 1000;
  char buf[32];
  char* o = PutDigits(buf, year, 4);
  *o++ = '-';
  o = PutDigits(o, month, 2);
  *o++ = '-';
  o = PutDigits(o, day, 2);
  *o++ = 'T';
  o = PutDigits(o, in_day / 3600, 2);
  *o++ = ':';
  o = PutDigits(o, in_day / 60 % 60, 2);
  *o++ = ':';
  o = PutDigits(o, in_day % 60, 2);
  if (ms != 0) {
    *o++ = '.';
    o = PutDigits(o, ms, 3);
  }
  *o++ = 'Z';
  out->append(buf, o);
}

void AppendBase64(const uint8_t* data, size_t len, std::string* out) {
  const size_t start = out->size();
  out->resize(start + (len + 2) / 3 * 4);
  char* o = out->data() + start;
  size_t i = 0;
  for (; i + 3 <= len; i += 3) {
    const uint32_t v = uint32_t{data[i]} << 16 | uint32_t{data[i + 1]} << 8 | data[i + 2];
    *o++ = kBase64[v >> 18];
    *o++ = kBase64[v >> 12 & 0x3F];
    *o++ = kBase64[v >> 6 & 0x3F];
    *o++ = kBase64[v & 0x3F];
  }
  if (i < len) {
    const bool two = i + 1 < len;
    const uint32_t v = uint32_t{data[i]} << 16 | (two ? uint32_t{data[i + 1]} << 8 : 0);
    *o++ = kBase64[v >> 18];
    *o++ = kBase64[v >> 12 & 0x3F];
    *o++ = two ? kBase64[v >> 6 & 0x3F] : '=';
    *o++ = '=';
  }
}

void AppendLowerHex(const uint8_t* data, size_t len, std::string* out) {
  const size_t start = out->size();
  out->resize(start + 2 * len);
  char* o = out->data() + start;
  for (size_t i = 0; i < len; ++i) {
    *o++ = kLowerHex[data[i] >> 4];
    *o++ = kLowerHex[data[i] & 0xF];
  }
}

}  // namespace cdc
