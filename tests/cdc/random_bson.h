// RandomBson: seeded generator of nested BSON documents that use every BSON type, for property
// tests. Strings are valid UTF-8 (with control characters, quotes, backslashes, multi-byte
// sequences and embedded NULs where BSON allows them); numbers and dates favour edge values.
// Keys never start with '$' (Extended JSON cannot represent such documents unambiguously).
// Not thread-safe; one instance per test.
//
// With `parsable_by_libbson`, documents avoid the shapes that libbson 1.23's JSON parser
// (bson_new_from_json) gets wrong, so that round-trip tests test us and not it:
//   - {"$code": ...}, {"$code": ..., "$scope": ...} or {"$dbPointer": ...} directly as an array
//     element: the element gets a garbage key instead of its index;
//   - {"$code": ...} or {"$code": ..., "$scope": ...} anywhere inside a "$scope": parsed back as
//     a plain document with a "$code" key.
#pragma once

#include <bson/bson.h>

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>

namespace cdc {

class RandomBson {
 public:
  explicit RandomBson(uint64_t seed, bool parsable_by_libbson = false)
      : rng_(seed), parsable_by_libbson_(parsable_by_libbson) {}

  // Appends 0..10 random fields to `doc`; containers nest while depth < kMaxDepth.
  void Fill(bson_t* doc) { Fill(doc, 0, Place{}); }

 private:
  static constexpr int kMaxDepth = 3;

  struct Place {
    bool in_array = false;  // the value is an array element
    bool in_scope = false;  // the value is somewhere inside a code-with-scope's scope
  };

  void Fill(bson_t* doc, int depth, Place place) {
    place.in_array = false;
    const int n = Uniform(0, 10);
    for (int i = 0; i < n; ++i)
      AppendValue(doc, Utf8(6, /*allow_nul=*/false), depth, place);
  }

  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  int64_t Uniform64(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng_);
  }

  std::string Utf8(int max_pieces, bool allow_nul) {
    static const char* const kPieces[] = {"a",
                                          "b",
                                          "k",
                                          "Z",
                                          "0",
                                          "_",
                                          " ",
                                          "\"",
                                          "\\",
                                          "/",
                                          "\n",
                                          "\t",
                                          "\r",
                                          "\b",
                                          "\f",
                                          "\x01",
                                          "\x1f",
                                          "\x7f",
                                          "\xc3\xa9" /* é */,
                                          "\xe2\x82\xac" /* € */,
                                          "\xf0\x9f\x98\x80" /* 😀 */,
                                          "\xe2\x80\xa8" /* U+2028 */,
                                          "\xef\xbf\xbf" /* U+FFFF */,
                                          "$"};
    constexpr int kCount = sizeof kPieces / sizeof kPieces[0];
    std::string s;
    const int n = Uniform(0, max_pieces);
    for (int i = 0; i < n; ++i) {
      if (allow_nul && Uniform(0, 15) == 0) {
        s.push_back('\0');
        continue;
      }
      const char* piece = kPieces[Uniform(0, kCount - 1)];
      if (i == 0 && piece[0] == '$') piece = "d";
      s += piece;
    }
    return s;
  }

  double RandomDouble() {
    static const double kSpecial[] = {
        0.0,  -0.0,    1.0,      -1.0,      0.1,
        1.5,  1e300,   5e-324,   DBL_MAX,   DBL_MIN,
        1e20, 1e19,    1e-5,     1e-4,      123456789.0,
        1e21, -2.5e-7, INFINITY, -INFINITY, std::numeric_limits<double>::quiet_NaN()};
    switch (Uniform(0, 4)) {
      case 0:
        return kSpecial[Uniform(0, sizeof kSpecial / sizeof kSpecial[0] - 1)];
      case 1: {
        const uint64_t bits = rng_();
        double v;
        std::memcpy(&v, &bits, sizeof v);
        return std::isnan(v) ? std::numeric_limits<double>::quiet_NaN() : v;
      }
      case 2:
        return static_cast<double>(Uniform64(-(int64_t{1} << 53), int64_t{1} << 53));
      case 3:
        return static_cast<double>(Uniform64(-1000000, 1000000)) / std::pow(10.0, Uniform(0, 8));
      default:
        return std::ldexp(std::uniform_real_distribution<double>(-1, 1)(rng_),
                          Uniform(-1074, 1023));
    }
  }

  int64_t RandomDate() {
    constexpr int64_t kLastIso = 253402300799999;
    switch (Uniform(0, 3)) {
      case 0:
        return Uniform64(0, kLastIso);
      case 1:
        return Uniform64(-62135596800000 * 2, -1);
      case 2:
        return Uniform64(kLastIso + 1, std::numeric_limits<int64_t>::max());
      default: {
        const int64_t kSpecial[] = {
            0, 1, -1, 999, 1000, kLastIso, kLastIso + 1, INT64_MIN, INT64_MAX, 951782400000};
        return kSpecial[Uniform(0, 9)];
      }
    }
  }

  bson_decimal128_t RandomDecimal() {
    static const char* const kSpecial[] = {
        "NaN",    "Infinity", "-Infinity",
        "0",      "-0",       "0E+10",
        "-0E-10", "1E+6144",  "9.999999999999999999999999999999999E+6144"};
    std::string text;
    if (Uniform(0, 3) == 0) {
      text = kSpecial[Uniform(0, sizeof kSpecial / sizeof kSpecial[0] - 1)];
    } else {
      if (Uniform(0, 1)) text += '-';
      const int digits = Uniform(1, 34);
      for (int i = 0; i < digits; ++i)
        text += static_cast<char>('0' + Uniform(0, 9));
      text += 'E';
      text += std::to_string(Uniform(-100, 100));
    }
    bson_decimal128_t dec;
    bson_decimal128_from_string(text.c_str(), &dec);
    return dec;
  }

  void RandomBytes(uint8_t* out, size_t n) {
    for (size_t i = 0; i < n; ++i)
      out[i] = static_cast<uint8_t>(rng_());
  }

  void AppendValue(bson_t* doc, const std::string& key_string, int depth, Place place) {
    const char* key = key_string.c_str();
    const int key_len = static_cast<int>(key_string.size());
    const bool nest = depth < kMaxDepth;
    int type = Uniform(1, 21);
    if (parsable_by_libbson_ && place.in_array && (type == 12 || type == 13 || type == 15)) {
      type = 14;  // a symbol instead
    } else if (parsable_by_libbson_ && place.in_scope && (type == 13 || type == 15)) {
      type = 14;
    }
    switch (type) {
      case 1:
        bson_append_double(doc, key, key_len, RandomDouble());
        break;
      case 2: {
        const std::string s = Utf8(12, /*allow_nul=*/true);
        bson_append_utf8(doc, key, key_len, s.data(), static_cast<int>(s.size()));
        break;
      }
      case 3:
      case 4: {
        if (!nest) {
          bson_append_null(doc, key, key_len);
          break;
        }
        bson_t child;
        if (Uniform(0, 1)) {
          bson_append_document_begin(doc, key, key_len, &child);
          Fill(&child, depth + 1, place);
          bson_append_document_end(doc, &child);
        } else {
          bson_append_array_begin(doc, key, key_len, &child);
          const int n = Uniform(0, 6);
          Place element = place;
          element.in_array = true;
          for (int i = 0; i < n; ++i)
            AppendValue(&child, std::to_string(i), depth + 1, element);
          bson_append_array_end(doc, &child);
        }
        break;
      }
      case 5: {
        static const uint8_t kSubtypes[] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06,
                                            0x07, 0x08, 0x09, 0x42, 0x80, 0xC5, 0xFF};
        const uint8_t subtype = kSubtypes[Uniform(0, sizeof kSubtypes - 1)];
        uint8_t data[40];
        const size_t n =
            (subtype == 0x03 || subtype == 0x04) && Uniform(0, 2) ? 16 : Uniform(0, 40);
        RandomBytes(data, n);
        bson_append_binary(doc, key, key_len, static_cast<bson_subtype_t>(subtype), data,
                           static_cast<uint32_t>(n));
        break;
      }
      case 6:
        bson_append_undefined(doc, key, key_len);
        break;
      case 7: {
        bson_oid_t oid;
        RandomBytes(oid.bytes, sizeof oid.bytes);
        bson_append_oid(doc, key, key_len, &oid);
        break;
      }
      case 8:
        bson_append_bool(doc, key, key_len, Uniform(0, 1) == 1);
        break;
      case 9:
        bson_append_date_time(doc, key, key_len, RandomDate());
        break;
      case 10:
        bson_append_null(doc, key, key_len);
        break;
      case 11: {
        std::string options;
        for (char c : std::string("ilmsux")) {
          if (Uniform(0, 1)) options.insert(options.begin() + Uniform(0, options.size()), c);
        }
        bson_append_regex(doc, key, key_len, Utf8(8, false).c_str(), options.c_str());
        break;
      }
      case 12: {
        bson_oid_t oid;
        RandomBytes(oid.bytes, sizeof oid.bytes);
        bson_append_dbpointer(doc, key, key_len, Utf8(6, false).c_str(), &oid);
        break;
      }
      case 13:
        bson_append_code(doc, key, key_len, Utf8(10, false).c_str());
        break;
      case 14: {
        const std::string s = Utf8(8, false);
        bson_append_symbol(doc, key, key_len, s.data(), static_cast<int>(s.size()));
        break;
      }
      case 15: {
        bson_t scope;
        bson_init(&scope);
        Place inside = place;
        inside.in_scope = true;
        if (nest) Fill(&scope, depth + 1, inside);
        bson_append_code_with_scope(doc, key, key_len, Utf8(8, false).c_str(), &scope);
        bson_destroy(&scope);
        break;
      }
      case 16: {
        static const int32_t kSpecial[] = {0, 1, -1, INT32_MIN, INT32_MAX};
        bson_append_int32(doc, key, key_len,
                          Uniform(0, 1) ? kSpecial[Uniform(0, 4)]
                                        : static_cast<int32_t>(static_cast<uint32_t>(rng_())));
        break;
      }
      case 17:
        bson_append_timestamp(doc, key, key_len, static_cast<uint32_t>(rng_()),
                              Uniform(0, 1) ? 0u : static_cast<uint32_t>(rng_()));
        break;
      case 18: {
        static const int64_t kSpecial[] = {0, 1, -1, INT64_MIN, INT64_MAX, int64_t{1} << 53};
        bson_append_int64(doc, key, key_len,
                          Uniform(0, 1) ? kSpecial[Uniform(0, 5)] : static_cast<int64_t>(rng_()));
        break;
      }
      case 19: {
        const bson_decimal128_t dec = RandomDecimal();
        bson_append_decimal128(doc, key, key_len, &dec);
        break;
      }
      case 20:
        bson_append_minkey(doc, key, key_len);
        break;
      default:
        bson_append_maxkey(doc, key, key_len);
        break;
    }
  }

  std::mt19937_64 rng_;
  bool parsable_by_libbson_;
};

}  // namespace cdc
