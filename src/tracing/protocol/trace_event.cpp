#include "tracing/protocol/trace_event.h"

#include <array>

namespace tracing::protocol {

namespace {

constexpr std::array<std::string_view, 11> kEventKindNames = {
    "ActorCreated",     "ActorStarted",    "ActorCompleted", "ActorFailed",
    "MessageSent",      "MessageReceived", "StateChanged",   "PortConnected",
    "PortDisconnected", "DataFlow",        "NetworkEvent",
};

}  // namespace

std::string_view EventKindName(EventKind kind) {
  return kEventKindNames[static_cast<size_t>(kind)];
}

std::optional<EventKind> EventKindFromName(std::string_view name) {
  for (size_t i = 0; i < kEventKindNames.size(); ++i) {
    if (kEventKindNames[i] == name) return static_cast<EventKind>(i);
  }
  return std::nullopt;
}

std::string_view EventKindNames() {
  return "ActorCreated, ActorStarted, ActorCompleted, ActorFailed, MessageSent, "
         "MessageReceived, StateChanged, PortConnected, PortDisconnected, DataFlow, NetworkEvent";
}

std::string_view DiffTypeName(DiffType type) {
  switch (type) {
    case DiffType::kFull:
      return "Full";
    case DiffType::kIncremental:
      return "Incremental";
    case DiffType::kMemoryOnly:
      return "MemoryOnly";
  }
  return "Full";
}

}  // namespace tracing::protocol
