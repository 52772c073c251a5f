// The 16-byte sync marker of an Avro container file: written after the header and after every
// block, so readers can split and resynchronise.
//
// Deterministic by design: the marker is the first 16 bytes of SHA-256("rigatoni.avro.sync:" +
// the raw BSON of the batch's first resume token). Re-encoding the same batch after a crash
// therefore yields byte-identical objects (the pipeline overwrites the same key with the same
// bytes). Distinct batches get distinct markers, and a marker cannot be chosen by document
// content, so it is as unlikely to occur inside block data as a random one.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace cdc::avro {

using SyncMarker = std::array<uint8_t, 16>;

// The marker for a batch whose first event's resume token is `resume_token_bson` (may be empty,
// for an object without events).
SyncMarker SyncMarkerFor(std::string_view resume_token_bson);

}  // namespace cdc::avro
