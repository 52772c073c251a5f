#include "core/log_line.h"

#include <cctype>
#include <charconv>
#include <ctime>

#include "core/json_writer.h"

namespace core {
namespace {

// Writes `value` as exactly `width` decimal digits at p; returns p + width.
char* PutDigits(char* p, int value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return p + width;
}

constexpr size_t kTimestampSize = 24;  // "2025-01-15T10:30:45.123Z"

void FormatTimestamp(char* p, std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
  auto secs = static_cast<time_t>(ms / 1000);
  int millis = static_cast<int>(ms % 1000);
  if (millis < 0) {
    millis += 1000;
    --secs;
  }
  std::tm tm{};
  gmtime_r(&secs, &tm);
  p = PutDigits(p, tm.tm_year + 1900, 4);
  *p++ = '-';
  p = PutDigits(p, tm.tm_mon + 1, 2);
  *p++ = '-';
  p = PutDigits(p, tm.tm_mday, 2);
  *p++ = 'T';
  p = PutDigits(p, tm.tm_hour, 2);
  *p++ = ':';
  p = PutDigits(p, tm.tm_min, 2);
  *p++ = ':';
  p = PutDigits(p, tm.tm_sec, 2);
  *p++ = '.';
  p = PutDigits(p, millis, 3);
  *p = 'Z';
}

void WriteFieldValue(JsonWriter& w, const LogField::Value& v) {
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::string_view>) {
          w.String(x);
        } else if constexpr (std::is_same_v<T, int64_t>) {
          w.Int(x);
        } else if constexpr (std::is_same_v<T, uint64_t>) {
          w.Uint(x);
        } else if constexpr (std::is_same_v<T, double>) {
          w.Double(x);
        } else {
          w.Bool(x);
        }
      },
      v);
}

bool IsPlainWord(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u <= ' ' || c == '"' || c == '=' || c == '\\' || u >= 0x7f) return false;
  }
  return true;
}

}  // namespace

void AppendRfc3339Millis(std::string* out, std::chrono::system_clock::time_point t) {
  char buf[kTimestampSize];
  FormatTimestamp(buf, t);
  out->append(buf, kTimestampSize);
}

void AppendJsonLine(std::string* out, const LogRecord& record) {
  // The timestamp needs no escaping: write it quoted as a raw value.
  char ts[kTimestampSize + 2];
  ts[0] = '"';
  FormatTimestamp(ts + 1, record.time);
  ts[kTimestampSize + 1] = '"';
  JsonWriter w(out);
  w.BeginObject().Key("ts").Raw(std::string_view(ts, sizeof ts));
  w.Field("level", LogLevelName(record.level));
  w.Field("component", record.component);
  w.Field("thread", record.thread);
  w.Field("msg", record.message);
  for (const LogField& f : record.fields) {
    w.Key(f.key);
    WriteFieldValue(w, f.value);
  }
  w.EndObject();
}

void AppendTextLine(std::string* out, const LogRecord& record) {
  AppendRfc3339Millis(out, record.time);
  out->push_back(' ');
  std::string_view name = LogLevelName(record.level);
  for (char c : name)
    out->push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  out->append(6 - name.size(), ' ');
  out->append(record.component);
  out->append(" [");
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, record.thread);
  (void)ec;
  out->append(buf, end);
  out->append("] ");
  out->append(record.message);
  for (const LogField& f : record.fields) {
    out->push_back(' ');
    out->append(f.key);
    out->push_back('=');
    const auto* s = std::get_if<std::string_view>(&f.value);
    if (s != nullptr && IsPlainWord(*s)) {
      out->append(*s);
    } else if (s != nullptr) {
      out->push_back('"');
      JsonWriter::AppendEscaped(out, *s);
      out->push_back('"');
    } else {
      JsonWriter w(out);
      WriteFieldValue(w, f.value);
    }
  }
}

}  // namespace core
