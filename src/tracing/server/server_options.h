// TraceServerOptions: how the WebSocket/HTTP front end of the trace server behaves.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace tracing::server {

// When RecordEvent(s) is acknowledged.
enum class AckMode {
  kPersisted,  // after the batch holding the events committed (default; nothing acked is lost)
  kReceived,   // as soon as the events are queued (lower latency; a crash loses the queue)
};

// What happens to a subscriber whose notification queue is full.
enum class SlowSubscriberPolicy {
  kDrop,        // drop notifications, count them, and tell the subscriber how many it missed
  kDisconnect,  // close the connection (1008, "subscriber too slow")
};

struct TraceServerOptions {
  // "host:port"; port 0 picks a free port (TraceServer::port()).
  std::string bind_address = "127.0.0.1:0";
  size_t max_connections = 1000;  // WebSocket sessions; more upgrades are answered 503
  int worker_threads = 1;         // I/O threads
  // A WebSocket that receives nothing for this long is pinged, then closed if still silent.
  std::chrono::milliseconds idle_timeout{30'000};
  // A message whose first bytes arrived must be complete within this (slow or stuck senders).
  std::chrono::milliseconds frame_timeout{10'000};
  // An HTTP request header (or WebSocket handshake) must arrive within this.
  std::chrono::milliseconds handshake_timeout{10'000};
  size_t max_message_bytes = 1 << 20;  // tracing.max_event_size (after zstd decompression)
  bool permessage_deflate = true;
  AckMode ack_mode = AckMode::kPersisted;
  // Replies a session may have queued or pending (unacknowledged) before it stops reading.
  size_t max_pending_replies = 4096;
  // Notifications queued per subscriber before the slow-subscriber policy applies.
  size_t subscriber_queue = 1024;
  SlowSubscriberPolicy slow_subscriber = SlowSubscriberPolicy::kDrop;
  // Directory checked by /health for free space (the SQLite file's); "" = no disk check.
  std::string disk_path;
  uint64_t min_free_disk_bytes = uint64_t{64} << 20;
};

}  // namespace tracing::server
