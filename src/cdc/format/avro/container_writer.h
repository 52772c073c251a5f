// ContainerWriter: builds one Avro object container file (Apache Avro 1.11 specification,
// "Object Container Files") in memory:
//
//   header  "Obj" 0x01, the metadata map<bytes> (avro.schema, avro.codec, then the caller's
//           entries), the 16-byte sync marker
//   blocks  a long record count, a long byte count of the (compressed) data, the data, the sync
//
// Records are appended, already binary-encoded, to record_buffer(); EndRecord() closes a block when
// it reaches BlockLimits. The writer does not know the schema beyond its JSON: the caller
// guarantees each record matches it. Output is a pure function of the inputs (no clock, no
// randomness), so the same records give the same bytes.
//
// Lifetime: reused file after file (buffers keep their capacity). Not thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cdc/format/avro/block_codec.h"
#include "cdc/format/avro/sync_marker.h"
#include "core/status.h"

namespace cdc::avro {

// A block is written when its uncompressed records reach either limit (so a block may exceed
// max_bytes by one record). Larger blocks compress better; smaller ones bound reader memory.
struct BlockLimits {
  size_t max_bytes = size_t{1} << 20;  // uncompressed
  size_t max_records = 50'000;
};

class ContainerWriter {
 public:
  ContainerWriter(BlockCodec codec, int level, BlockLimits limits)
      : codec_(codec), level_(level), limits_(limits) {}

  // Starts a file: writes the header. `extra_metadata` entries follow avro.schema and avro.codec
  // (keys must not start with "avro."). Precondition: !started().
  void Begin(std::string_view schema_json,
             const std::vector<std::pair<std::string, std::string>>& extra_metadata,
             const SyncMarker& sync);
  bool started() const { return started_; }

  // Where the next record's binary encoding goes. Append exactly one record, then EndRecord();
  // to drop a partly written record, resize the buffer back to its size before.
  std::string* record_buffer() { return &block_; }
  // Counts the record just appended; writes the block out when it reaches a limit.
  core::Status EndRecord();

  // Writes the last block, replaces *out's contents with the file, and resets the writer
  // (started() becomes false). Precondition: started().
  core::Status Finish(std::string* out);

  // Uncompressed bytes of the current file: header plus every record appended.
  size_t buffered_bytes() const { return buffered_bytes_ + block_.size(); }
  size_t block_count() const { return block_count_; }  // blocks written to the current file

 private:
  core::Status FlushBlock();

  const BlockCodec codec_;
  const int level_;
  const BlockLimits limits_;
  bool started_ = false;
  SyncMarker sync_{};
  std::string file_;        // header and finished blocks
  std::string block_;       // uncompressed records of the open block
  std::string compressed_;  // the open block compressed; reused
  size_t block_records_ = 0;
  size_t block_count_ = 0;
  size_t buffered_bytes_ = 0;  // header and finished blocks, uncompressed
};

}  // namespace cdc::avro
