#include "resume_token.h"

#include "bson_values.h"

namespace mongosim {

namespace {

void PutHex(char*& out, uint64_t value, int digits) {
  static const char kHex[] = "0123456789ABCDEF";
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
    *out++ = kHex[(value >> shift) & 0xf];
}

}  // namespace

std::string EncodeTokenData(const ResumePosition& pos) {
  // Hand-rolled: this runs once per change event on the hot path.
  std::string data(40, '\0');
  char* out = data.data();
  *out++ = '8';
  *out++ = '2';
  PutHex(out, pos.ts.t, 8);
  PutHex(out, pos.ts.i, 8);
  PutHex(out, pos.seq, 16);
  PutHex(out, static_cast<uint64_t>(pos.kind), 2);
  PutHex(out, pos.fragment, 4);
  return data;
}

void AppendResumeToken(bson_t& out, const char* key, const ResumePosition& pos) {
  bson_t doc;
  bson_append_document_begin(&out, key, -1, &doc);
  std::string data = EncodeTokenData(pos);
  bson_append_utf8(&doc, "_data", 5, data.data(), int(data.size()));
  bson_append_document_end(&out, &doc);
}

core::Result<ResumePosition> DecodeResumeToken(const bson_t& token) {
  std::string data = StringField(token, "_data");
  if (data.size() != 40 || data.compare(0, 2, "82") != 0 ||
      data.find_first_not_of("0123456789ABCDEF") != std::string::npos)
    return core::InvalidArgument("KeyString format error: resume token _data '" + data +
                                 "' was not issued by this server");
  auto hex = [&](size_t at, size_t len) { return std::stoull(data.substr(at, len), nullptr, 16); };
  ResumePosition pos;
  pos.ts.t = static_cast<uint32_t>(hex(2, 8));
  pos.ts.i = static_cast<uint32_t>(hex(10, 8));
  pos.seq = hex(18, 16);
  unsigned kind = static_cast<unsigned>(hex(34, 2));
  if (kind < 1 || kind > 3)
    return core::InvalidArgument("KeyString format error: resume token kind " +
                                 std::to_string(kind) + " is unknown");
  pos.kind = static_cast<TokenKind>(kind);
  pos.fragment = static_cast<uint16_t>(hex(36, 4));
  return pos;
}

}  // namespace mongosim
