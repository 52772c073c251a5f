#include "cdc/format/avro_encoder.h"

#include <optional>

#include "cdc/event/extended_json_text.h"
#include "cdc/format/avro/binary_encoding.h"
#include "cdc/format/avro/change_event_schema.h"

namespace cdc {
namespace {

using avro::AppendEndOfBlocks;
using avro::AppendLong;
using avro::AppendString;
using avro::AppendUnionBranch;

// Union branches: every nullable field is ["null", T].
constexpr int64_t kNullBranch = 0;
constexpr int64_t kValueBranch = 1;

void AppendNullableString(std::optional<std::string_view> s, std::string* out) {
  if (!s) {
    AppendUnionBranch(kNullBranch, out);
    return;
  }
  AppendUnionBranch(kValueBranch, out);
  AppendString(*s, out);
}

void AppendNullableLong(std::optional<int64_t> v, std::string* out) {
  if (!v) {
    AppendUnionBranch(kNullBranch, out);
    return;
  }
  AppendUnionBranch(kValueBranch, out);
  AppendLong(*v, out);
}

std::optional<std::string_view> NonEmpty(std::string_view s) {
  if (s.empty()) return std::nullopt;
  return s;
}

// 16 bytes as 8-4-4-4-12 lower-case hex (the text form of Avro's uuid logical type).
void AppendUuidText(std::string_view bytes, std::string* out) {
  const auto* b = reinterpret_cast<const uint8_t*>(bytes.data());
  constexpr size_t kGroups[] = {4, 2, 2, 2, 6};
  size_t at = 0;
  for (size_t g = 0; g < 5; ++g) {
    if (g > 0) out->push_back('-');
    AppendLowerHex(b + at, kGroups[g], out);
    at += kGroups[g];
  }
}

core::Status MalformedArray(std::string_view field) {
  return core::Status(core::ErrorCode::kDataLoss,
                      "avro: malformed BSON array in " + std::string(field));
}

}  // namespace

AvroEncoder::AvroEncoder(const EncoderOptions& options, avro::BlockLimits limits)
    : options_(options),
      metadata_{{"rigatoni.writer", std::string("rigatoni ") + PROJECT_VERSION},
                {"rigatoni.json_mode",
                 options.json_mode == JsonMode::kCanonical ? "canonical" : "relaxed"}},
      writer_(avro::BlockCodecFor(options.compression), options.compression_level, limits) {}

void AvroEncoder::Begin(BsonView first_resume_token) {
  writer_.Begin(avro::ChangeEventSchemaJson(), metadata_,
                avro::SyncMarkerFor(first_resume_token.bytes()));
}

core::Status AvroEncoder::Add(const ChangeEvent& event) {
  if (!writer_.started()) Begin(event.resume_token());
  std::string* out = writer_.record_buffer();
  const size_t rollback = out->size();
  if (core::Status st = AppendRecord(event, out); !st.ok()) {
    out->resize(rollback);
    return st;
  }
  return writer_.EndRecord();
}

core::Status AvroEncoder::Finish(std::string* out) {
  if (!writer_.started()) Begin(BsonView());  // an object without events: header only
  return writer_.Finish(out);
}

core::Status AvroEncoder::AppendJsonDocument(BsonView doc, std::string* out) {
  if (!doc) {
    AppendUnionBranch(kNullBranch, out);
    return core::Status::Ok();
  }
  scratch_.clear();
  CORE_RETURN_IF_ERROR(AppendExtendedJson(doc.data(), doc.size(), options_.json_mode, &scratch_));
  AppendUnionBranch(kValueBranch, out);
  AppendString(scratch_, out);
  return core::Status::Ok();
}

core::Status AvroEncoder::AppendJsonArray(BsonView array, std::string* out) {
  if (!array) {
    AppendUnionBranch(kNullBranch, out);
    return core::Status::Ok();
  }
  scratch_.clear();
  CORE_RETURN_IF_ERROR(
      AppendExtendedJsonArray(array.data(), array.size(), options_.json_mode, &scratch_)
          .WithContext("avro: truncated_arrays"));
  AppendUnionBranch(kValueBranch, out);
  AppendString(scratch_, out);
  return core::Status::Ok();
}

core::Status AvroEncoder::AppendStringArray(BsonView array, std::string* out) {
  if (!array) {
    AppendUnionBranch(kNullBranch, out);
    return core::Status::Ok();
  }
  bson_iter_t it;
  if (!array.InitIter(&it)) return MalformedArray("removed_fields");
  int64_t count = 0;
  while (bson_iter_next(&it))
    ++count;
  AppendUnionBranch(kValueBranch, out);
  if (count > 0) {
    AppendLong(count, out);  // one block holding every item
    array.InitIter(&it);
    while (bson_iter_next(&it)) {
      if (BSON_ITER_HOLDS_UTF8(&it)) {
        uint32_t len = 0;
        const char* s = bson_iter_utf8(&it, &len);
        AppendString(std::string_view(s, len), out);
      } else {
        scratch_.clear();
        CORE_RETURN_IF_ERROR(AppendExtendedJsonValue(it, options_.json_mode, &scratch_));
        AppendString(scratch_, out);
      }
    }
  }
  AppendEndOfBlocks(out);
  return core::Status::Ok();
}

core::Status AvroEncoder::AppendRecord(const ChangeEvent& e, std::string* out) {
  // Fields in schema order (avro/change_event_schema.cpp).
  AppendString(e.operation_type_name(), out);
  AppendString(e.ns() ? e.ns()->db : std::string_view(), out);
  AppendNullableString(e.ns() ? NonEmpty(e.ns()->coll) : std::nullopt, out);
  AppendNullableString(e.to() ? NonEmpty(e.to()->db) : std::nullopt, out);
  AppendNullableString(e.to() ? NonEmpty(e.to()->coll) : std::nullopt, out);
  AppendLong(int64_t{e.cluster_time().seconds} * 1000, out);
  AppendLong(int64_t{e.cluster_time().increment}, out);
  AppendNullableLong(e.wall_time_ms(), out);
  const UpdateDescription none;
  const UpdateDescription& ud = e.update_description() ? *e.update_description() : none;
  CORE_RETURN_IF_ERROR(AppendJsonDocument(e.document_key(), out));
  CORE_RETURN_IF_ERROR(AppendJsonDocument(e.full_document(), out));
  CORE_RETURN_IF_ERROR(AppendJsonDocument(e.full_document_before_change(), out));
  CORE_RETURN_IF_ERROR(AppendJsonDocument(ud.updated_fields, out));
  CORE_RETURN_IF_ERROR(AppendStringArray(ud.removed_fields, out));
  CORE_RETURN_IF_ERROR(AppendJsonArray(ud.truncated_arrays, out));
  CORE_RETURN_IF_ERROR(AppendJsonDocument(ud.disambiguated_paths, out));
  CORE_RETURN_IF_ERROR(AppendJsonDocument(e.operation_description(), out));
  AppendNullableLong(e.txn_number(), out);
  CORE_RETURN_IF_ERROR(AppendJsonDocument(e.lsid(), out));
  if (e.collection_uuid().size() == 16) {
    AppendUnionBranch(kValueBranch, out);
    scratch_.clear();
    AppendUuidText(e.collection_uuid(), &scratch_);
    AppendString(scratch_, out);
  } else {
    AppendUnionBranch(kNullBranch, out);
  }
  return AppendJsonDocument(e.resume_token(), out);
}

}  // namespace cdc
