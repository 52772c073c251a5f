#include "cdc/format/parquet/page_writer.h"

#include <limits>

#include "cdc/format/parquet/thrift_compact_writer.h"

namespace cdc::parquet {

namespace {

enum PageType : int32_t { kDataPage = 0, kDictionaryPage = 2 };

// Compresses `body` (or not) and returns the bytes to store.
core::Result<std::string_view> StoredBody(std::string_view body, core::Codec codec, int level,
                                          std::string* scratch) {
  if (codec == core::Codec::kNone) return body;
  CORE_RETURN_IF_ERROR(core::Compress(codec, body, scratch, level));
  return std::string_view(*scratch);
}

core::Status CheckSize(size_t n) {
  if (n > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    return core::Status(
        core::ErrorCode::kOutOfRange,
        "parquet: page of " + std::to_string(n) + " bytes exceeds the format's 2 GiB page limit");
  }
  return core::Status::Ok();
}

}  // namespace

core::Status AppendDataPageV1(std::string_view body, int32_t num_values, Encoding encoding,
                              core::Codec codec, int level, std::string* scratch, std::string* out,
                              PageSizes* sizes) {
  CORE_ASSIGN_OR_RETURN(std::string_view stored, StoredBody(body, codec, level, scratch));
  CORE_RETURN_IF_ERROR(CheckSize(stored.size()));
  CORE_RETURN_IF_ERROR(CheckSize(body.size()));
  const size_t start = out->size();
  ThriftCompactWriter w(out);
  w.StructBegin();
  w.FieldI32(1, kDataPage);
  w.FieldI32(2, static_cast<int32_t>(body.size()));
  w.FieldI32(3, static_cast<int32_t>(stored.size()));
  w.FieldStructBegin(5);  // DataPageHeader
  w.FieldI32(1, num_values);
  w.FieldI32(2, static_cast<int32_t>(encoding));
  w.FieldI32(3, static_cast<int32_t>(Encoding::kRle));  // definition levels
  w.FieldI32(4, static_cast<int32_t>(Encoding::kRle));  // repetition levels
  w.EndStruct();
  w.EndStruct();
  const int64_t header = static_cast<int64_t>(out->size() - start);
  out->append(stored);
  sizes->uncompressed += header + static_cast<int64_t>(body.size());
  sizes->compressed += header + static_cast<int64_t>(stored.size());
  return core::Status::Ok();
}

core::Status AppendDictionaryPage(std::string_view body, int32_t num_values, core::Codec codec,
                                  int level, std::string* scratch, std::string* out,
                                  PageSizes* sizes) {
  CORE_ASSIGN_OR_RETURN(std::string_view stored, StoredBody(body, codec, level, scratch));
  CORE_RETURN_IF_ERROR(CheckSize(stored.size()));
  CORE_RETURN_IF_ERROR(CheckSize(body.size()));
  const size_t start = out->size();
  ThriftCompactWriter w(out);
  w.StructBegin();
  w.FieldI32(1, kDictionaryPage);
  w.FieldI32(2, static_cast<int32_t>(body.size()));
  w.FieldI32(3, static_cast<int32_t>(stored.size()));
  w.FieldStructBegin(7);  // DictionaryPageHeader
  w.FieldI32(1, num_values);
  w.FieldI32(2, static_cast<int32_t>(Encoding::kPlain));
  w.EndStruct();
  w.EndStruct();
  const int64_t header = static_cast<int64_t>(out->size() - start);
  out->append(stored);
  sizes->uncompressed += header + static_cast<int64_t>(body.size());
  sizes->compressed += header + static_cast<int64_t>(stored.size());
  return core::Status::Ok();
}

}  // namespace cdc::parquet
