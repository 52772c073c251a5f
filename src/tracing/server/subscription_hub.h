// SubscriptionHub: fans ingested events out to the connections that subscribed to them.
//
// One subscription per connection (as the reference protocol has it): Subscribe replaces the
// connection's filters, Unsubscribe or the connection's end removes it. Filters (null = any):
// flow_ids (the trace's flow), actor_ids, event_types (by variant; a DataFlow filter with a
// non-empty to_actor/to_port must match those too) and status_filter (the trace's current status).
//
// Flow and status of a trace come from the hub's trace directory, fed by StartTrace, StoreTrace,
// EndTrace and ActorFailed events; it remembers the newest `max_traces` traces. Events of a trace
// the directory does not know (started before a restart, or long ago) match only subscriptions
// without flow/status filters.
//
// Publish never blocks on a subscriber: it offers each match a shared, pre-serialized
// notification and the subscriber's bounded queue drops what it cannot hold (Subscriber::Offer).
// Publish costs one relaxed load when there are no subscribers.
//
// Thread-safe. Subscribers are held weakly; a destroyed one is skipped and pruned.
#pragma once

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tracing/protocol/messages.h"
#include "tracing/server/server_metrics.h"

namespace tracing::server {

class Subscriber {
 public:
  virtual ~Subscriber() = default;
  // Queues one EventNotification (JSON text) for sending. Called from any thread; must not
  // block. Returns false when the notification was dropped (queue full).
  virtual bool Offer(std::shared_ptr<const std::string> notification) = 0;
};

class SubscriptionHub {
 public:
  explicit SubscriptionHub(ServerMetrics* metrics, size_t max_traces = 100'000);

  void Subscribe(const std::shared_ptr<Subscriber>& subscriber,
                 protocol::SubscriptionFilters filters);
  // Returns whether the subscriber had a subscription.
  bool Unsubscribe(const Subscriber* subscriber);
  size_t subscriber_count() const { return count_.load(std::memory_order_relaxed); }

  // The trace directory.
  void NoteTrace(const std::string& trace_id, const std::string& flow_id,
                 protocol::StatusKind status);
  void NoteStatus(const std::string& trace_id, protocol::StatusKind status);

  // Offers `event` of `trace_id` to every matching subscriber. `event_json` is the event's
  // canonical JSON. Also moves the trace to Failed in the directory on ActorFailed.
  void Publish(const std::string& trace_id, const protocol::TraceEvent& event,
               std::string_view event_json);

 private:
  struct Subscription {
    std::weak_ptr<Subscriber> subscriber;
    const Subscriber* key;
    protocol::SubscriptionFilters filters;
  };
  struct TraceInfo {
    std::string flow_id;
    protocol::StatusKind status;
  };
  static bool MatchesEvent(const protocol::SubscriptionFilters& f,
                           const protocol::TraceEvent& event);
  static bool MatchesTrace(const protocol::SubscriptionFilters& f, const TraceInfo* info);

  ServerMetrics* metrics_;
  const size_t max_traces_;
  std::atomic<size_t> count_{0};
  mutable std::shared_mutex subs_mu_;
  std::vector<Subscription> subs_;

  mutable std::mutex traces_mu_;
  std::unordered_map<std::string, TraceInfo> traces_;
  std::deque<std::string> trace_order_;  // insertion order, for forgetting the oldest
};

}  // namespace tracing::server
