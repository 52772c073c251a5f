#include "tracing/protocol/rfc3339.h"

#include <string>

namespace tracing::protocol {

namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;

// Days since 1970-01-01 of a proleptic Gregorian date (any year).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct CivilDate {
  int64_t year;
  unsigned month;
  unsigned day;
};

CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

bool IsLeapYear(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned DaysInMonth(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

// Reads exactly `n` digits at text[*pos]; false if any is not a digit.
bool ReadDigits(std::string_view text, size_t* pos, int n, int64_t* value) {
  if (*pos + n > text.size()) return false;
  int64_t v = 0;
  for (int i = 0; i < n; ++i) {
    const char c = text[*pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *pos += n;
  *value = v;
  return true;
}

bool Expect(std::string_view text, size_t* pos, char c) {
  if (*pos >= text.size() || text[*pos] != c) return false;
  ++*pos;
  return true;
}

core::Status Bad(std::string m) {
  return core::InvalidArgument(std::move(m));
}

// Writes `v` as exactly `width` digits at buf[*pos].
void PutPadded(char* buf, size_t* pos, int64_t v, int width) {
  for (int i = width - 1; i >= 0; --i) {
    buf[*pos + i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  *pos += width;
}

}  // namespace

core::Result<int64_t> ParseRfc3339(std::string_view text) {
  size_t pos = 0;
  int64_t year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!ReadDigits(text, &pos, 4, &year) || !Expect(text, &pos, '-') ||
      !ReadDigits(text, &pos, 2, &month) || !Expect(text, &pos, '-') ||
      !ReadDigits(text, &pos, 2, &day)) {
    return Bad("expected a date as YYYY-MM-DD");
  }
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ')) {
    return Bad("expected 'T' between date and time");
  }
  ++pos;
  if (!ReadDigits(text, &pos, 2, &hour) || !Expect(text, &pos, ':') ||
      !ReadDigits(text, &pos, 2, &minute) || !Expect(text, &pos, ':') ||
      !ReadDigits(text, &pos, 2, &second)) {
    return Bad("expected a time as HH:MM:SS");
  }
  int64_t nanos = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 9) nanos = nanos * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return Bad("expected digits after '.'");
    for (int i = digits; i < 9; ++i)
      nanos *= 10;
  }
  int64_t offset_seconds = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const bool negative = text[pos] == '-';
    ++pos;
    int64_t oh = 0, om = 0;
    if (!ReadDigits(text, &pos, 2, &oh) || !Expect(text, &pos, ':') ||
        !ReadDigits(text, &pos, 2, &om)) {
      return Bad("expected a UTC offset as +HH:MM or -HH:MM");
    }
    if (oh > 23 || om > 59) return Bad("UTC offset is out of range");
    offset_seconds = (oh * 3600 + om * 60) * (negative ? -1 : 1);
  } else {
    return Bad("expected a time zone ('Z' or +HH:MM)");
  }
  if (pos != text.size()) return Bad("unexpected characters after the time zone");

  if (month < 1 || month > 12) return Bad("month " + std::to_string(month) + " is out of range");
  if (day < 1 || day > DaysInMonth(year, static_cast<unsigned>(month))) {
    return Bad("day " + std::to_string(day) + " is out of range for " + std::to_string(year) + "-" +
               (month < 10 ? "0" : "") + std::to_string(month));
  }
  if (hour > 23) return Bad("hour " + std::to_string(hour) + " is out of range");
  if (minute > 59) return Bad("minute " + std::to_string(minute) + " is out of range");
  if (second == 60) return Bad("leap seconds (:60) are not supported");
  if (second > 59) return Bad("second " + std::to_string(second) + " is out of range");

  const int64_t days =
      DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
  if (seconds < 0 && nanos > 0) {  // keeps the product in range down to INT64_MIN
    ++seconds;
    nanos -= kNanosPerSecond;
  }
  int64_t total;
  if (__builtin_mul_overflow(seconds, kNanosPerSecond, &total) ||
      __builtin_add_overflow(total, nanos, &total)) {
    return Bad(
        "out of the supported range 1677-09-21T00:12:43.145224192Z.."
        "2262-04-11T23:47:16.854775807Z");
  }
  return total;
}

size_t FormatRfc3339(int64_t unix_nanos, char* buf) {
  int64_t seconds = unix_nanos / kNanosPerSecond;
  int64_t nanos = unix_nanos % kNanosPerSecond;
  if (nanos < 0) {
    nanos += kNanosPerSecond;
    --seconds;
  }
  int64_t days = seconds / 86400;
  int64_t second_of_day = seconds % 86400;
  if (second_of_day < 0) {
    second_of_day += 86400;
    --days;
  }
  const CivilDate date = CivilFromDays(days);
  size_t pos = 0;
  PutPadded(buf, &pos, date.year, 4);
  buf[pos++] = '-';
  PutPadded(buf, &pos, date.month, 2);
  buf[pos++] = '-';
  PutPadded(buf, &pos, date.day, 2);
  buf[pos++] = 'T';
  PutPadded(buf, &pos, second_of_day / 3600, 2);
  buf[pos++] = ':';
  PutPadded(buf, &pos, second_of_day / 60 % 60, 2);
  buf[pos++] = ':';
  PutPadded(buf, &pos, second_of_day % 60, 2);
  if (nanos != 0) {
    buf[pos++] = '.';
    if (nanos % 1'000'000 == 0) {
      PutPadded(buf, &pos, nanos / 1'000'000, 3);
    } else if (nanos % 1000 == 0) {
      PutPadded(buf, &pos, nanos / 1000, 6);
    } else {
      PutPadded(buf, &pos, nanos, 9);
    }
  }
  buf[pos++] = 'Z';
  return pos;
}

void AppendRfc3339(int64_t unix_nanos, std::string* out) {
  char buf[kRfc3339MaxChars];
  out->append(buf, FormatRfc3339(unix_nanos, buf));
}

std::string FormatRfc3339(int64_t unix_nanos) {
  std::string out;
  AppendRfc3339(unix_nanos, &out);
  return out;
}

}  // namespace tracing::protocol
