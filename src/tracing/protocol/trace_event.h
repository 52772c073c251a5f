// TraceEvent: one thing that happened to an actor, as the Reflow protocol carries it.
//
// Field order of every struct is the wire order (serde writes fields in declaration order).
// Times are int64 nanoseconds since the Unix epoch (UTC). Arbitrary JSON values
// (custom_attributes) are kept as compact canonical JSON text, keys in received order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tracing/protocol/uuid.h"

namespace tracing::protocol {

// The variants of serde's TraceEventType; all are unit variants except DataFlow.
enum class EventKind : uint8_t {
  kActorCreated,
  kActorStarted,
  kActorCompleted,
  kActorFailed,
  kMessageSent,
  kMessageReceived,
  kStateChanged,
  kPortConnected,
  kPortDisconnected,
  kDataFlow,
  kNetworkEvent,
};

// "ActorCreated", ..., "DataFlow", "NetworkEvent".
std::string_view EventKindName(EventKind kind);
std::optional<EventKind> EventKindFromName(std::string_view name);
// "ActorCreated, ActorStarted, ..." for error messages.
std::string_view EventKindNames();

// TraceEventType: `"MessageSent"` or `{"DataFlow":{"to_actor":"a","to_port":"p"}}`.
struct EventType {
  EventKind kind = EventKind::kActorCreated;
  std::string to_actor;  // DataFlow only
  std::string to_port;   // DataFlow only

  friend bool operator==(const EventType&, const EventType&) = default;
};

struct MessageSnapshot {
  std::string message_type;
  uint64_t size_bytes = 0;
  std::string checksum;
  std::vector<uint8_t> serialized_data;  // a JSON array of numbers 0..255 on the wire

  friend bool operator==(const MessageSnapshot&, const MessageSnapshot&) = default;
};

enum class DiffType : uint8_t { kFull, kIncremental, kMemoryOnly };
std::string_view DiffTypeName(DiffType type);

// Serialized actor state around a StateChanged event (serde: Option<Vec<u8>>, Vec<u8>).
struct StateDiff {
  std::optional<std::vector<uint8_t>> before;
  std::vector<uint8_t> after;
  DiffType diff_type = DiffType::kFull;

  friend bool operator==(const StateDiff&, const StateDiff&) = default;
};

// The reference declares every field required; newer Reflow clients send null for "unmeasured".
// Both are accepted; nullopt is written as null.
struct PerformanceMetrics {
  std::optional<uint64_t> execution_time_ns;
  std::optional<uint64_t> memory_usage_bytes;
  std::optional<float> cpu_usage_percent;  // f32 on the wire
  std::optional<uint64_t> queue_depth;
  std::optional<double> throughput_msgs_per_sec;

  friend bool operator==(const PerformanceMetrics&, const PerformanceMetrics&) = default;
};

// One key of a JSON object whose values are arbitrary JSON, kept as canonical JSON text.
struct JsonMember {
  std::string key;
  std::string json;

  friend bool operator==(const JsonMember&, const JsonMember&) = default;
};

struct TraceEventData {
  std::optional<std::string> port;
  std::optional<MessageSnapshot> message;
  std::optional<StateDiff> state_diff;
  std::optional<std::string> error;
  PerformanceMetrics performance_metrics;
  std::vector<JsonMember> custom_attributes;

  friend bool operator==(const TraceEventData&, const TraceEventData&) = default;
};

struct CausalityInfo {
  std::optional<Uuid> parent_event_id;
  Uuid root_cause_event_id;
  std::vector<Uuid> dependency_chain;
  std::string span_id;

  friend bool operator==(const CausalityInfo&, const CausalityInfo&) = default;
};

struct TraceEvent {
  Uuid event_id;
  int64_t timestamp_ns = 0;
  EventType event_type;
  std::string actor_id;
  TraceEventData data;
  CausalityInfo causality;

  friend bool operator==(const TraceEvent&, const TraceEvent&) = default;
};

}  // namespace tracing::protocol
