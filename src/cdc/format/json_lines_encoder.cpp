#include "cdc/format/json_lines_encoder.h"

namespace cdc {

core::Status JsonLinesEncoder::AppendRow(const ChangeEvent& event, std::string* out) {
  // AppendExtendedJson restores *out's size on error.
  CORE_RETURN_IF_ERROR(
      AppendExtendedJson(event.raw().data(), event.raw().size(), options_.json_mode, out));
  out->push_back('\n');
  return core::Status::Ok();
}

}  // namespace cdc
