#include "cdc/format/avro/container_writer.h"

#include <cstdlib>

#include "cdc/format/avro/binary_encoding.h"

namespace cdc::avro {
namespace {

constexpr std::string_view kMagic{"Obj\x01", 4};

void AppendSync(const SyncMarker& sync, std::string* out) {
  out->append(reinterpret_cast<const char*>(sync.data()), sync.size());
}

}  // namespace

void ContainerWriter::Begin(std::string_view schema_json,
                            const std::vector<std::pair<std::string, std::string>>& extra_metadata,
                            const SyncMarker& sync) {
  if (started_) std::abort();  // a bug in the caller: the previous file was never finished
  started_ = true;
  sync_ = sync;
  file_.clear();
  block_.clear();
  block_records_ = 0;
  block_count_ = 0;
  file_.append(kMagic);
  // The metadata map as one block of entries, then the end-of-map block.
  AppendLong(static_cast<int64_t>(2 + extra_metadata.size()), &file_);
  AppendString("avro.schema", &file_);
  AppendBytes(schema_json, &file_);
  AppendString("avro.codec", &file_);
  AppendBytes(BlockCodecName(codec_), &file_);
  for (const auto& [key, value] : extra_metadata) {
    AppendString(key, &file_);
    AppendBytes(value, &file_);
  }
  AppendEndOfBlocks(&file_);
  AppendSync(sync_, &file_);
  buffered_bytes_ = file_.size();
}

core::Status ContainerWriter::EndRecord() {
  ++block_records_;
  if (block_.size() >= limits_.max_bytes || block_records_ >= limits_.max_records) {
    return FlushBlock();
  }
  return core::Status::Ok();
}

core::Status ContainerWriter::FlushBlock() {
  if (block_records_ == 0) return core::Status::Ok();
  buffered_bytes_ += block_.size();
  std::string_view data = block_;
  if (codec_ != BlockCodec::kNull) {
    CORE_RETURN_IF_ERROR(CompressBlock(codec_, level_, block_, &compressed_));
    data = compressed_;
  }
  AppendLong(static_cast<int64_t>(block_records_), &file_);
  AppendLong(static_cast<int64_t>(data.size()), &file_);
  file_.append(data);
  AppendSync(sync_, &file_);
  block_.clear();
  block_records_ = 0;
  ++block_count_;
  return core::Status::Ok();
}

core::Status ContainerWriter::Finish(std::string* out) {
  if (!started_) std::abort();  // a bug in the caller
  core::Status st = FlushBlock();
  started_ = false;
  if (st.ok()) out->swap(file_);  // keeps both buffers' capacity in circulation
  file_.clear();
  block_.clear();
  block_records_ = 0;
  buffered_bytes_ = 0;
  return st;
}

}  // namespace cdc::avro
