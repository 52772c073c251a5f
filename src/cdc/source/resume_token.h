// Reading what MongoDB's opaque resume tokens reveal. A token is {_data: "<hex KeyString>"}; for
// MongoDB 4.2+ (and our simulator) the hex starts with "82" followed by the event's cluster time
// as 8 big-endian bytes (seconds, increment). Anything else is treated as opaque.
#pragma once

#include <optional>

#include "cdc/event/bson_view.h"
#include "cdc/event/change_event.h"

namespace cdc {

// The cluster time encoded in a resume token, if it has the KeyString layout above.
std::optional<BsonTimestamp> ResumeTokenClusterTime(BsonView token);

}  // namespace cdc
