#include "wire_message.h"

#include <cstring>
#include <vector>

namespace mongosim {
namespace {

int32_t ReadI32(const uint8_t* p) {
  uint32_t v = uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
  return static_cast<int32_t>(v);
}

void AppendI32(std::string& out, int32_t value) {
  uint32_t v = static_cast<uint32_t>(value);
  char b[4] = {char(v & 0xff), char((v >> 8) & 0xff), char((v >> 16) & 0xff),
               char((v >> 24) & 0xff)};
  out.append(b, 4);
}

// Length of a BSON document at p (bounded by `avail`), or -1 if it does not fit.
int32_t DocLength(const uint8_t* p, size_t avail) {
  if (avail < 5) return -1;
  int32_t len = ReadI32(p);
  if (len < 5 || static_cast<size_t>(len) > avail) return -1;
  return len;
}

core::Status ParseOpMsg(const uint8_t* p, size_t n, Request& out) {
  if (n < 4) return core::InvalidArgument("OP_MSG shorter than its flagBits");
  out.flags = static_cast<uint32_t>(ReadI32(p));
  size_t end = n;
  if (out.flags & kMsgChecksumPresent) {
    if (end < 8) return core::InvalidArgument("OP_MSG too short for its checksum");
    end -= 4;
  }
  size_t pos = 4;
  bool have_body = false;
  // Document sequences are appended after the body is copied; collect them first.
  struct Sequence {
    std::string id;
    size_t begin;
    size_t end;
  };
  std::vector<Sequence> sequences;
  const uint8_t* body = nullptr;
  int32_t body_len = 0;
  while (pos < end) {
    uint8_t kind = p[pos++];
    if (kind == 0) {
      int32_t len = DocLength(p + pos, end - pos);
      if (len < 0) return core::InvalidArgument("OP_MSG kind-0 section overruns the message");
      if (have_body) return core::InvalidArgument("OP_MSG has two kind-0 sections");
      body = p + pos;
      body_len = len;
      have_body = true;
      pos += static_cast<size_t>(len);
    } else if (kind == 1) {
      if (end - pos < 4) return core::InvalidArgument("OP_MSG kind-1 section truncated");
      int32_t size = ReadI32(p + pos);
      if (size < 5 || static_cast<size_t>(size) > end - pos)
        return core::InvalidArgument("OP_MSG kind-1 section overruns the message");
      size_t sec_end = pos + static_cast<size_t>(size);
      size_t q = pos + 4;
      const void* nul = std::memchr(p + q, 0, sec_end - q);
      if (nul == nullptr) return core::InvalidArgument("OP_MSG kind-1 identifier not terminated");
      std::string id(reinterpret_cast<const char*>(p + q),
                     static_cast<const uint8_t*>(nul) - (p + q));
      q = static_cast<const uint8_t*>(nul) - p + 1;
      sequences.push_back({std::move(id), q, sec_end});
      pos = sec_end;
    } else {
      return core::InvalidArgument("OP_MSG section kind " + std::to_string(kind) +
                                   " is not supported (expected 0 or 1)");
    }
  }
  if (!have_body) return core::InvalidArgument("OP_MSG has no kind-0 section");
  bson_t view;
  if (!bson_init_static(&view, body, static_cast<size_t>(body_len)))
    return core::InvalidArgument("OP_MSG body is not valid BSON");
  bson_destroy(&out.command);
  bson_init(&out.command);
  bson_copy_to(&view, &out.command);
  if (sequences.empty()) return core::Status::Ok();
  // Each kind-1 sequence becomes an array field of the command.
  for (const Sequence& s : sequences) {
    bson_t array;
    bson_append_array_begin(&out.command, s.id.c_str(), static_cast<int>(s.id.size()), &array);
    size_t q = s.begin;
    uint32_t index = 0;
    while (q < s.end) {
      int32_t len = DocLength(p + q, s.end - q);
      if (len < 0)
        return core::InvalidArgument("OP_MSG document sequence '" + s.id + "' is corrupt");
      bson_t doc;
      if (!bson_init_static(&doc, p + q, static_cast<size_t>(len)))
        return core::InvalidArgument("OP_MSG document sequence '" + s.id + "' is corrupt");
      char key_buf[16];
      const char* key = nullptr;
      size_t key_len = bson_uint32_to_string(index++, &key, key_buf, sizeof key_buf);
      bson_append_document(&array, key, static_cast<int>(key_len), &doc);
      q += static_cast<size_t>(len);
    }
    bson_append_array_end(&out.command, &array);
  }
  return core::Status::Ok();
}

core::Status ParseOpQuery(const uint8_t* p, size_t n, Request& out) {
  if (n < 4) return core::InvalidArgument("OP_QUERY truncated");
  size_t pos = 4;  // flags
  const void* nul = std::memchr(p + pos, 0, n - pos);
  if (nul == nullptr) return core::InvalidArgument("OP_QUERY collection name not terminated");
  std::string full_name(reinterpret_cast<const char*>(p + pos),
                        static_cast<const uint8_t*>(nul) - (p + pos));
  pos = static_cast<const uint8_t*>(nul) - p + 1 + 8;  // skip numberToSkip, numberToReturn
  if (pos > n) return core::InvalidArgument("OP_QUERY truncated");
  int32_t len = DocLength(p + pos, n - pos);
  if (len < 0) return core::InvalidArgument("OP_QUERY query document overruns the message");
  bson_t query;
  if (!bson_init_static(&query, p + pos, static_cast<size_t>(len)))
    return core::InvalidArgument("OP_QUERY query is not valid BSON");
  bson_iter_t it;
  bson_t inner;
  const bson_t* source = &query;
  if (bson_iter_init_find(&it, &query, "$query") && BSON_ITER_HOLDS_DOCUMENT(&it)) {
    uint32_t dlen = 0;
    const uint8_t* data = nullptr;
    bson_iter_document(&it, &dlen, &data);
    if (!bson_init_static(&inner, data, dlen))
      return core::InvalidArgument("OP_QUERY $query is not valid BSON");
    source = &inner;
  }
  std::string db = full_name.substr(0, full_name.find('.'));
  bson_destroy(&out.command);
  bson_init(&out.command);
  bson_copy_to_excluding_noinit(source, &out.command, "$db", NULL);
  BSON_APPEND_UTF8(&out.command, "$db", db.c_str());
  out.legacy = true;
  return core::Status::Ok();
}

}  // namespace

MessageHeader DecodeHeader(const uint8_t* bytes) {
  return {ReadI32(bytes), ReadI32(bytes + 4), ReadI32(bytes + 8), ReadI32(bytes + 12)};
}

core::Status ParseRequest(std::string_view bytes, Request& out) {
  if (bytes.size() < 16) return core::InvalidArgument("message shorter than its header");
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  out.header = DecodeHeader(p);
  switch (out.header.op_code) {
    case kOpMsg:
      return ParseOpMsg(p + 16, bytes.size() - 16, out);
    case kOpQuery:
      return ParseOpQuery(p + 16, bytes.size() - 16, out);
    default:
      return core::InvalidArgument("unsupported opCode " + std::to_string(out.header.op_code) +
                                   " (expected OP_MSG 2013 or OP_QUERY 2004)");
  }
}

std::string EncodeOpMsg(int32_t request_id, int32_t response_to, const bson_t& reply,
                        uint32_t flags) {
  std::string out;
  out.reserve(16 + 5 + reply.len);
  AppendI32(out, static_cast<int32_t>(16 + 4 + 1 + reply.len));
  AppendI32(out, request_id);
  AppendI32(out, response_to);
  AppendI32(out, kOpMsg);
  AppendI32(out, static_cast<int32_t>(flags));
  out.push_back('\0');
  out.append(reinterpret_cast<const char*>(bson_get_data(&reply)), reply.len);
  return out;
}

std::string OpMsgPrefix(int32_t request_id, int32_t response_to, uint32_t body_len,
                        uint32_t flags) {
  std::string out;
  out.reserve(21);
  AppendI32(out, static_cast<int32_t>(16 + 4 + 1 + body_len));
  AppendI32(out, request_id);
  AppendI32(out, response_to);
  AppendI32(out, kOpMsg);
  AppendI32(out, static_cast<int32_t>(flags));
  out.push_back('\0');
  return out;
}

std::string EncodeOpReply(int32_t request_id, int32_t response_to, const bson_t& reply) {
  std::string out;
  out.reserve(36 + reply.len);
  AppendI32(out, static_cast<int32_t>(16 + 20 + reply.len));
  AppendI32(out, request_id);
  AppendI32(out, response_to);
  AppendI32(out, kOpReply);
  AppendI32(out, 8);  // responseFlags: AwaitCapable
  AppendI32(out, 0);  // cursorID (int64)
  AppendI32(out, 0);
  AppendI32(out, 0);  // startingFrom
  AppendI32(out, 1);  // numberReturned
  out.append(reinterpret_cast<const char*>(bson_get_data(&reply)), reply.len);
  return out;
}

}  // namespace mongosim
