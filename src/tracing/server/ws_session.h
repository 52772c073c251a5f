// WsSession: one WebSocket connection of the trace server (internal to src/tracing/server).
//
// Reads messages (text JSON, or binary frames holding zstd-compressed JSON), parses each with
// the connection's own MessageParser and dispatches it: reads and header writes go to
// TraceService, RecordEvent(s) to the ingest queue, Subscribe/Unsubscribe to the hub. Replies
// are written strictly in request order: every request that has a reply takes a slot at
// receipt, and slots are written front to back as they fill (a RecordEvent ack fills its slot
// when the batch commits, in ack mode "persisted"). Notifications are queued behind them.
//
// Limits: a message larger than max_message_bytes gets an Error reply and a 1009 close; a message
// that started but is not complete within frame_timeout closes the connection; with
// max_pending_replies unwritten replies the session stops reading (backpressure on the client);
// a full subscriber queue drops (and counts) notifications or disconnects, per policy.
//
// Threading: every member runs on the session's strand, except Offer() (any thread). The
// session keeps itself alive through its pending operations (shared_ptr).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "core/asio.h"
#include "tracing/protocol/message_parser.h"
#include "tracing/server/server_state.h"
#include "tracing/server/subscription_hub.h"

namespace tracing::server {

class WsSession final : public Subscriber, public std::enable_shared_from_this<WsSession> {
 public:
  // `stream` is the accepted connection, already counted in state.ws_sessions (the session
  // releases the count when destroyed).
  WsSession(boost::beast::tcp_stream&& stream, ServerState& state);
  ~WsSession() override;

  // Completes the upgrade of `request`, then serves the connection.
  void Accept(boost::beast::http::request<boost::beast::http::string_body> request);

  bool Offer(std::shared_ptr<const std::string> notification) override;

  // Closes the connection (1001 going away) once queued replies are written. Any thread.
  void Shutdown();

 private:
  using Clock = std::chrono::steady_clock;
  struct Slot {
    std::string text;
    std::shared_ptr<const std::string> shared;  // notifications
    bool ready = false;
    bool notification = false;
  };

  void OnAccept(boost::beast::error_code ec);
  void DoRead();
  void OnRead(boost::beast::error_code ec, size_t bytes);
  void HandleMessage(std::string_view text, Clock::time_point received);
  void HandleRequest(protocol::Request&& request, Clock::time_point received);
  void Ingest(std::string trace_id, std::vector<StoredEvent> rows, size_t type,
              std::optional<std::string> request_id, Clock::time_point received);
  // Offers stalled_ to the ingest queue; retries on a 1 ms timer while the queue is full.
  void TryEnqueueStalled(bool resume_read);

  uint64_t OpenSlot();
  void FillSlot(uint64_t slot, std::string text);
  void PushReply(std::string text);
  void PushNotification(std::shared_ptr<const std::string> notification);
  void Flush();
  void OnWrite(boost::beast::error_code ec);
  void CloseAfterFlush(boost::beast::websocket::close_code code, std::string reason);
  void DoClose();
  void ArmFrameTimer();

  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  ServerState& state_;
  protocol::MessageParser parser_;
  boost::beast::flat_buffer buffer_;
  boost::asio::steady_timer frame_timer_;
  boost::asio::steady_timer retry_timer_;
  bool message_started_ = false;
  bool read_in_flight_ = false;
  bool accepted_ = false;

  std::deque<Slot> slots_;
  uint64_t slot_base_ = 0;      // id of slots_.front()
  size_t pending_replies_ = 0;  // slots that are replies (not notifications)
  bool writing_ = false;

  std::optional<IngestItem> stalled_;  // an item the full ingest queue did not take yet
  bool closing_ = false;
  bool closed_ = false;
  std::optional<boost::beast::websocket::close_reason> close_reason_;

  std::atomic<size_t> queued_notifications_{0};
  std::atomic<uint64_t> dropped_{0};
  uint64_t dropped_reported_ = 0;
  std::atomic<bool> disconnect_requested_{false};
};

}  // namespace tracing::server
