#include "cdc/format/parquet/file_writer.h"

#include <utility>

#include "cdc/format/parquet/plain_encoder.h"

namespace cdc::parquet {

namespace {
constexpr std::string_view kMagic = "PAR1";
}

ParquetFileWriter::ParquetFileWriter(Schema schema, WriterProperties properties)
    : schema_(std::move(schema)), properties_(std::move(properties)) {
  columns_.reserve(schema_.columns().size());
  for (const ColumnDescriptor& c : schema_.columns()) {
    columns_.push_back(std::make_unique<ColumnChunkWriter>(c, properties_));
  }
  file_.append(kMagic);
}

core::Status ParquetFileWriter::EndRow() {
  size_t open_bytes = 0;
  for (auto& c : columns_) {
    CORE_RETURN_IF_ERROR(c->EndRow());
    open_bytes += c->buffered_bytes();
  }
  ++open_rows_;
  if (open_bytes >= properties_.row_group_bytes) return WriteRowGroup();
  return core::Status::Ok();
}

size_t ParquetFileWriter::buffered_bytes() const {
  size_t n = file_.size();
  for (const auto& c : columns_)
    n += c->buffered_bytes();
  return n;
}

core::Status ParquetFileWriter::WriteRowGroup() {
  if (open_rows_ == 0) return core::Status::Ok();
  RowGroupMeta rg;
  rg.num_rows = open_rows_;
  rg.file_offset = static_cast<int64_t>(file_.size());
  rg.columns.resize(columns_.size());
  for (size_t i = 0; i < columns_.size(); ++i) {
    CORE_RETURN_IF_ERROR(columns_[i]->WriteChunk(&file_, &rg.columns[i]));
  }
  row_groups_.push_back(std::move(rg));
  open_rows_ = 0;
  return core::Status::Ok();
}

core::Status ParquetFileWriter::Finish(std::string* out) {
  CORE_RETURN_IF_ERROR(WriteRowGroup());
  const size_t footer_start = file_.size();
  AppendFileMetaData(schema_, row_groups_, properties_, &file_);
  AppendLittleEndian(file_.size() - footer_start, 4, &file_);
  file_.append(kMagic);
  out->swap(file_);
  file_.clear();
  return core::Status::Ok();
}

}  // namespace cdc::parquet
