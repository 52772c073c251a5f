#include "tracing/protocol/messages.h"

#include <array>
#include <type_traits>

namespace tracing::protocol {

namespace {

constexpr std::array<std::string_view, 6> kErrorCodeNames = {"NotFound",     "InvalidRequest",
                                                             "StorageError", "SerializationError",
                                                             "Unauthorized", "InternalError"};

template <typename T>
constexpr bool kHasRequestId = requires(const T& t) {
  t.request_id;
};

}  // namespace

std::string_view RequestName(const Request& request) {
  static constexpr std::array<std::string_view, std::variant_size_v<Request>> kNames = {
      "StartTrace",  "RecordEvent", "RecordEvents",    "EndTrace", "GetTrace",
      "QueryTraces", "QueryEvents", "GetFlowVersions", "Ping",     "Subscribe",
      "Unsubscribe", "StoreTrace",  "GetMetrics"};
  return kNames[request.index()];
}

const std::optional<std::string>* RequestIdOf(const Request& request) {
  return std::visit(
      [](const auto& r) -> const std::optional<std::string>* {
        if constexpr (kHasRequestId<std::decay_t<decltype(r)>>) {
          return &r.request_id;
        } else {
          return nullptr;
        }
      },
      request);
}

std::string_view ErrorCodeName(ErrorCode code) {
  return kErrorCodeNames[static_cast<size_t>(code)];
}

std::optional<ErrorCode> ErrorCodeFromName(std::string_view name) {
  for (size_t i = 0; i < kErrorCodeNames.size(); ++i) {
    if (kErrorCodeNames[i] == name) return static_cast<ErrorCode>(i);
  }
  return std::nullopt;
}

std::string_view ResponseName(const Response& response) {
  static constexpr std::array<std::string_view, std::variant_size_v<Response>> kNames = {
      "TraceStarted", "EventRecorded", "EventsRecorded", "TraceEnded", "TraceData",
      "QueryResults", "EventResults",  "FlowVersions",   "Pong",       "EventNotification",
      "Error",        "TraceStored",   "Metrics"};
  return kNames[response.index()];
}

}  // namespace tracing::protocol
