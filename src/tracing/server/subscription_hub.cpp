#include "tracing/server/subscription_hub.h"

#include <algorithm>

#include "core/json_writer.h"

namespace tracing::server {

SubscriptionHub::SubscriptionHub(ServerMetrics* metrics, size_t max_traces)
    : metrics_(metrics), max_traces_(max_traces) {}

void SubscriptionHub::Subscribe(const std::shared_ptr<Subscriber>& subscriber,
                                protocol::SubscriptionFilters filters) {
  std::unique_lock lock(subs_mu_);
  for (Subscription& s : subs_) {
    if (s.key == subscriber.get()) {
      s.filters = std::move(filters);
      return;
    }
  }
  subs_.push_back(Subscription{subscriber, subscriber.get(), std::move(filters)});
  count_.store(subs_.size(), std::memory_order_relaxed);
  if (metrics_) metrics_->subscribers.Set(static_cast<double>(subs_.size()));
}

bool SubscriptionHub::Unsubscribe(const Subscriber* subscriber) {
  std::unique_lock lock(subs_mu_);
  auto it = std::find_if(subs_.begin(), subs_.end(),
                         [&](const Subscription& s) { return s.key == subscriber; });
  if (it == subs_.end()) return false;
  subs_.erase(it);
  count_.store(subs_.size(), std::memory_order_relaxed);
  if (metrics_) metrics_->subscribers.Set(static_cast<double>(subs_.size()));
  return true;
}

void SubscriptionHub::NoteTrace(const std::string& trace_id, const std::string& flow_id,
                                protocol::StatusKind status) {
  std::lock_guard lock(traces_mu_);
  auto [it, inserted] = traces_.try_emplace(trace_id, TraceInfo{flow_id, status});
  if (!inserted) {
    it->second = TraceInfo{flow_id, status};
    return;
  }
  trace_order_.push_back(trace_id);
  while (trace_order_.size() > max_traces_) {
    traces_.erase(trace_order_.front());
    trace_order_.pop_front();
  }
}

void SubscriptionHub::NoteStatus(const std::string& trace_id, protocol::StatusKind status) {
  std::lock_guard lock(traces_mu_);
  auto it = traces_.find(trace_id);
  if (it != traces_.end()) it->second.status = status;
}

bool SubscriptionHub::MatchesEvent(const protocol::SubscriptionFilters& f,
                                   const protocol::TraceEvent& event) {
  if (f.actor_ids &&
      std::find(f.actor_ids->begin(), f.actor_ids->end(), event.actor_id) == f.actor_ids->end()) {
    return false;
  }
  if (f.event_types) {
    const protocol::EventType& t = event.event_type;
    bool any = false;
    for (const protocol::EventType& want : *f.event_types) {
      if (want.kind != t.kind) continue;
      if (!want.to_actor.empty() && want.to_actor != t.to_actor) continue;
      if (!want.to_port.empty() && want.to_port != t.to_port) continue;
      any = true;
      break;
    }
    if (!any) return false;
  }
  return true;
}

bool SubscriptionHub::MatchesTrace(const protocol::SubscriptionFilters& f, const TraceInfo* info) {
  if (f.flow_ids) {
    if (!info) return false;
    if (std::find(f.flow_ids->begin(), f.flow_ids->end(), info->flow_id) == f.flow_ids->end())
      return false;
  }
  if (f.status_filter) {
    if (!info) return false;
    bool any = false;
    for (const protocol::ExecutionStatus& s : *f.status_filter)
      any |= s.kind == info->status;
    if (!any) return false;
  }
  return true;
}

void SubscriptionHub::Publish(const std::string& trace_id, const protocol::TraceEvent& event,
                              std::string_view event_json) {
  const bool failed = event.event_type.kind == protocol::EventKind::kActorFailed;
  if (failed) {
    std::lock_guard lock(traces_mu_);
    auto it = traces_.find(trace_id);
    if (it != traces_.end() && (it->second.status == protocol::StatusKind::kPending ||
                                it->second.status == protocol::StatusKind::kRunning)) {
      it->second.status = protocol::StatusKind::kFailed;
    }
  }
  if (count_.load(std::memory_order_relaxed) == 0) return;

  std::optional<TraceInfo> info;
  bool looked_up = false;
  std::shared_ptr<const std::string> notification;
  std::vector<std::shared_ptr<Subscriber>> targets;
  bool stale = false;
  {
    std::shared_lock lock(subs_mu_);
    for (const Subscription& s : subs_) {
      if (!MatchesEvent(s.filters, event)) continue;
      if (s.filters.flow_ids || s.filters.status_filter) {
        if (!looked_up) {
          looked_up = true;
          std::lock_guard tl(traces_mu_);
          auto it = traces_.find(trace_id);
          if (it != traces_.end()) info = it->second;
        }
        if (!MatchesTrace(s.filters, info ? &*info : nullptr)) continue;
      }
      std::shared_ptr<Subscriber> sub = s.subscriber.lock();
      if (!sub) {
        stale = true;
        continue;
      }
      targets.push_back(std::move(sub));
    }
  }
  if (!targets.empty()) {
    auto text = std::make_shared<std::string>();
    text->reserve(event_json.size() + trace_id.size() + 64);
    core::JsonWriter w(text.get());
    w.BeginObject().Key("EventNotification").BeginObject();
    w.Field("trace_id", trace_id);
    w.Key("event").Raw(event_json);
    w.EndObject().EndObject();
    notification = std::move(text);
    for (const auto& sub : targets) {
      if (!sub->Offer(notification) && metrics_) metrics_->notifications_dropped.Inc();
    }
  }
  if (stale) {
    std::unique_lock lock(subs_mu_);
    std::erase_if(subs_, [](const Subscription& s) { return s.subscriber.expired(); });
    count_.store(subs_.size(), std::memory_order_relaxed);
    if (metrics_) metrics_->subscribers.Set(static_cast<double>(subs_.size()));
  }
}

}  // namespace tracing::server
