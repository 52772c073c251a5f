#include "cdc/format/parquet/column_chunk_writer.h"

#include <algorithm>

#include "cdc/format/parquet/rle_hybrid_encoder.h"

namespace cdc::parquet {

ColumnChunkWriter::ColumnChunkWriter(const ColumnDescriptor& descriptor,
                                     const WriterProperties& properties)
    : descriptor_(descriptor),
      properties_(properties),
      dictionary_mode_(properties.dictionary && descriptor.type == PhysicalType::kByteArray) {}

void ColumnChunkWriter::AddLevels(uint16_t definition_level, uint16_t repetition_level) {
  if (descriptor_.max_definition_level > 0) definition_levels_.push_back(definition_level);
  if (descriptor_.max_repetition_level > 0) repetition_levels_.push_back(repetition_level);
  ++page_levels_;
}

void ColumnChunkWriter::AddNull(uint16_t definition_level, uint16_t repetition_level) {
  AddLevels(definition_level, repetition_level);
  statistics_.AddNull();
}

void ColumnChunkWriter::AddBytes(std::string_view v, uint16_t repetition_level) {
  AddLevels(static_cast<uint16_t>(descriptor_.max_definition_level), repetition_level);
  statistics_.AddBytes(v);
  if (descriptor_.type == PhysicalType::kFixedLenByteArray) {
    plain_values_.append(v);
  } else if (dictionary_mode_) {
    dictionary_indices_.push_back(dictionary_.IndexOf(v));
    ++dictionary_values_;
    if (dictionary_.plain().size() > properties_.dictionary_bytes_limit) dictionary_full_ = true;
    // High cardinality (ids, tokens, documents): hashing every value buys nothing.
    if (dictionary_values_ == kCardinalityProbe && dictionary_.size() > kCardinalityProbe / 2) {
      dictionary_full_ = true;
    }
  } else {
    AppendPlainByteArray(v, &plain_values_);
  }
}

void ColumnChunkWriter::AddInt32(int32_t v) {
  AddLevels(static_cast<uint16_t>(descriptor_.max_definition_level), 0);
  statistics_.AddInt32(v);
  AppendPlainInt32(v, &plain_values_);
}

void ColumnChunkWriter::AddInt64(int64_t v) {
  AddLevels(static_cast<uint16_t>(descriptor_.max_definition_level), 0);
  statistics_.AddInt64(v);
  AppendPlainInt64(v, &plain_values_);
}

void ColumnChunkWriter::AddDouble(double v) {
  AddLevels(static_cast<uint16_t>(descriptor_.max_definition_level), 0);
  statistics_.AddDouble(v);
  AppendPlainDouble(v, &plain_values_);
}

void ColumnChunkWriter::AddBool(bool v) {
  AddLevels(static_cast<uint16_t>(descriptor_.max_definition_level), 0);
  statistics_.AddBool(v);
  booleans_.Add(v, &plain_values_);
}

size_t ColumnChunkWriter::open_page_bytes() const {
  const size_t index_bytes = (BitWidth(dictionary_.size()) + 7) / 8;
  return plain_values_.size() + dictionary_indices_.size() * index_bytes +
         (definition_levels_.size() + repetition_levels_.size()) / 4;
}

size_t ColumnChunkWriter::buffered_bytes() const {
  return pages_.size() + open_page_bytes() + dictionary_.plain().size();
}

core::Status ColumnChunkWriter::EndRow() {
  if (dictionary_full_) {
    CORE_RETURN_IF_ERROR(CutPage());
    dictionary_mode_ = false;
    dictionary_full_ = false;
    return core::Status::Ok();
  }
  if (open_page_bytes() >= properties_.page_bytes) return CutPage();
  return core::Status::Ok();
}

core::Status ColumnChunkWriter::CutPage() {
  if (page_levels_ == 0) return core::Status::Ok();
  body_.clear();
  if (descriptor_.max_repetition_level > 0) {
    AppendLevels(repetition_levels_, BitWidth(descriptor_.max_repetition_level), &body_);
  }
  if (descriptor_.max_definition_level > 0) {
    AppendLevels(definition_levels_, BitWidth(descriptor_.max_definition_level), &body_);
  }
  Encoding encoding = Encoding::kPlain;
  if (!dictionary_indices_.empty()) {
    // Indices: one bit-width byte, then the hybrid encoding (at least 1 bit: some readers
    // mishandle width 0).
    const int width = std::max(1, BitWidth(dictionary_.size() - 1));
    body_.push_back(static_cast<char>(width));
    AppendRleHybrid(dictionary_indices_, width, &body_);
    encoding = Encoding::kRleDictionary;
    used_dictionary_ = true;
  } else {
    body_.append(plain_values_);
    used_plain_ = true;
  }
  CORE_RETURN_IF_ERROR(AppendDataPageV1(body_, page_levels_, encoding, properties_.codec,
                                        properties_.level, &compressed_, &pages_, &page_sizes_));
  chunk_levels_ += page_levels_;
  page_levels_ = 0;
  definition_levels_.clear();
  repetition_levels_.clear();
  plain_values_.clear();
  dictionary_indices_.clear();
  booleans_.Reset();
  return core::Status::Ok();
}

core::Status ColumnChunkWriter::WriteChunk(std::string* file, ColumnChunkMeta* meta) {
  CORE_RETURN_IF_ERROR(CutPage());
  *meta = ColumnChunkMeta();
  PageSizes sizes;
  if (used_dictionary_) {
    meta->dictionary_page_offset = static_cast<int64_t>(file->size());
    CORE_RETURN_IF_ERROR(
        AppendDictionaryPage(dictionary_.plain(), static_cast<int32_t>(dictionary_.size()),
                             properties_.codec, properties_.level, &compressed_, file, &sizes));
  }
  meta->data_page_offset = static_cast<int64_t>(file->size());
  file->append(pages_);
  meta->total_uncompressed_size = sizes.uncompressed + page_sizes_.uncompressed;
  meta->total_compressed_size = sizes.compressed + page_sizes_.compressed;
  meta->num_values = chunk_levels_;
  if (used_dictionary_ || used_plain_) meta->encodings.push_back(Encoding::kPlain);
  if (descriptor_.max_definition_level > 0 || descriptor_.max_repetition_level > 0) {
    meta->encodings.push_back(Encoding::kRle);
  }
  if (used_dictionary_) meta->encodings.push_back(Encoding::kRleDictionary);
  meta->null_count = statistics_.null_count();
  meta->min_value = statistics_.MinValue(descriptor_.type);
  meta->max_value = statistics_.MaxValue(descriptor_.type);

  pages_.clear();
  page_sizes_ = PageSizes();
  dictionary_.Clear();
  dictionary_mode_ = properties_.dictionary && descriptor_.type == PhysicalType::kByteArray;
  dictionary_full_ = false;
  used_dictionary_ = used_plain_ = false;
  dictionary_values_ = 0;
  chunk_levels_ = 0;
  statistics_.Reset();
  return core::Status::Ok();
}

}  // namespace cdc::parquet
