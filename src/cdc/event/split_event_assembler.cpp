#include "cdc/event/split_event_assembler.h"

#include <string>
#include <string_view>

namespace cdc {

core::Result<bool> SplitEventAssembler::Add(const ChangeEvent& fragment) {
  const auto& split = fragment.split_event();
  if (!split || split->of < 1 || split->fragment < 1 || split->fragment > split->of) {
    return core::Status(core::ErrorCode::kDataLoss,
                        "split event: fragment without a valid splitEvent {fragment, of}");
  }
  if (split->fragment != next_fragment_ || (next_fragment_ > 1 && split->of != total_)) {
    std::string msg = "split event: expected fragment " + std::to_string(next_fragment_);
    if (total_ > 0) msg += " of " + std::to_string(total_);
    msg += ", got fragment " + std::to_string(split->fragment) + " of " + std::to_string(split->of);
    bson_reinit(&fields_);
    next_fragment_ = 1;
    total_ = 0;
    return core::Status(core::ErrorCode::kDataLoss, std::move(msg));
  }
  total_ = split->of;
  bson_iter_t it;
  fragment.raw().InitIter(&it);
  while (bson_iter_next(&it)) {
    std::string_view key = bson_iter_key(&it);
    if (key == "_id" || key == "splitEvent") continue;
    bson_append_iter(&fields_, bson_iter_key(&it), static_cast<int>(key.size()), &it);
  }
  if (split->fragment < split->of) {
    ++next_fragment_;
    return false;
  }
  // Last fragment: _id first (as MongoDB orders events), then every gathered field.
  bson_t* event = bson_new();
  bson_t token = fragment.resume_token().AsBson();
  bson_append_document(event, "_id", 3, &token);
  bson_concat(event, &fields_);
  bson_reinit(&fields_);
  next_fragment_ = 1;
  total_ = 0;
  done_.reset(event);
  return true;
}

}  // namespace cdc
