#include "tracing/server/ws_session.h"

#include <utility>

#include "core/codec_stream.h"
#include "core/log.h"
#include "tracing/protocol/message_writer.h"
#include "tracing/server/stored_form.h"

namespace tracing::server {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
namespace net = boost::asio;

namespace {

constexpr size_t kReadChunk = 64 * 1024;

double SecondsSince(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

core::Logger& Log() {
  static core::Logger log("session");
  return log;
}

// Decompresses a zstd frame, refusing output beyond `max` bytes.
core::Status Unzstd(std::string_view in, size_t max, std::string* out) {
  auto sink = [out, max](std::string_view chunk) -> core::Status {
    if (out->size() + chunk.size() > max) {
      return core::InvalidArgument("decompressed message exceeds tracing.max_event_size (" +
                                   std::to_string(max) + " bytes)");
    }
    out->append(chunk);
    return {};
  };
  CORE_ASSIGN_OR_RETURN(auto d, core::NewStreamDecompressor(core::Codec::kZstd, sink));
  CORE_RETURN_IF_ERROR(d->Write(in));
  return d->Finish();
}

}  // namespace

WsSession::WsSession(beast::tcp_stream&& stream, ServerState& state)
    : ws_(std::move(stream)),
      state_(state),
      frame_timer_(ws_.get_executor()),
      retry_timer_(ws_.get_executor()) {}

WsSession::~WsSession() {
  state_.hub.Unsubscribe(this);
  state_.ws_sessions.fetch_sub(1, std::memory_order_relaxed);
  if (accepted_) state_.metrics.connections.Dec();
  std::lock_guard lock(state_.sessions_mu);
  state_.sessions.erase(this);
}

void WsSession::Accept(beast::http::request<beast::http::string_body> request) {
  {
    std::lock_guard lock(state_.sessions_mu);
    state_.sessions.emplace(this, weak_from_this());
  }
  const TraceServerOptions& o = state_.options;
  websocket::stream_base::timeout timeouts;
  timeouts.handshake_timeout = o.handshake_timeout;
  timeouts.idle_timeout = o.idle_timeout;
  timeouts.keep_alive_pings = true;
  beast::get_lowest_layer(ws_).expires_never();
  ws_.set_option(timeouts);
  if (o.permessage_deflate) {
    websocket::permessage_deflate pmd;
    pmd.server_enable = true;
    ws_.set_option(pmd);
  }
  ws_.read_message_max(0);  // the session enforces max_message_bytes itself (Error + 1009)
  ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
    res.set(beast::http::field::server, "reflow-tracing");
  }));
  ws_.async_accept(request,
                   [self = shared_from_this()](beast::error_code ec) { self->OnAccept(ec); });
}

void WsSession::OnAccept(beast::error_code ec) {
  if (ec) {
    LOG_DEBUG(Log(), "websocket handshake failed: {}", ec.message());
    return;
  }
  accepted_ = true;
  state_.metrics.connections.Inc();
  if (state_.stopping.load()) {
    CloseAfterFlush(websocket::close_code::going_away, "server shutting down");
    return;
  }
  DoRead();
}

void WsSession::DoRead() {
  if (closing_ || read_in_flight_ || stalled_) return;
  if (pending_replies_ >= state_.options.max_pending_replies) return;  // resumed by OnWrite
  read_in_flight_ = true;
  ws_.async_read_some(
      buffer_, kReadChunk,
      [self = shared_from_this()](beast::error_code ec, size_t n) { self->OnRead(ec, n); });
}

void WsSession::ArmFrameTimer() {
  message_started_ = true;
  frame_timer_.expires_after(state_.options.frame_timeout);
  frame_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec || !self->message_started_ || self->closed_) return;
    LOG_WARN(Log(), "closing a connection whose message stayed incomplete for {} ms",
             self->state_.options.frame_timeout.count());
    self->closed_ = true;
    beast::error_code ignored;
    beast::get_lowest_layer(self->ws_).socket().shutdown(net::ip::tcp::socket::shutdown_both,
                                                         ignored);
    beast::get_lowest_layer(self->ws_).socket().close(ignored);
  });
}

void WsSession::OnRead(beast::error_code ec, size_t) {
  read_in_flight_ = false;
  if (ec) {
    if (ec != websocket::error::closed && ec != net::error::operation_aborted &&
        ec != net::error::eof) {
      LOG_DEBUG(Log(), "websocket read ended: {}", ec.message());
    }
    closed_ = true;
    frame_timer_.cancel();
    retry_timer_.cancel();
    return;
  }
  const size_t max = state_.options.max_message_bytes;
  if (buffer_.size() > max) {
    frame_timer_.cancel();
    message_started_ = false;
    std::string reply;
    protocol::AppendErrorJson(protocol::ErrorCode::kInvalidRequest,
                              "message of more than " + std::to_string(max) +
                                  " bytes exceeds tracing.max_event_size (" + std::to_string(max) +
                                  " bytes)",
                              std::nullopt, &reply);
    state_.metrics.RecordRequest(kInvalidRequestType, false, 0);
    PushReply(std::move(reply));
    buffer_.consume(buffer_.size());
    CloseAfterFlush(websocket::close_code::too_big, "message too big");
    return;
  }
  if (!ws_.is_message_done()) {
    if (!message_started_) ArmFrameTimer();
    DoRead();
    return;
  }
  const Clock::time_point received = Clock::now();
  if (message_started_) {
    message_started_ = false;
    frame_timer_.cancel();
  }
  const auto data = buffer_.cdata();
  std::string_view text(static_cast<const char*>(data.data()), data.size());
  if (ws_.got_binary()) {
    std::string inflated;
    core::Status st = Unzstd(text, max, &inflated);
    if (!st.ok()) {
      std::string reply;
      protocol::AppendErrorJson(protocol::ErrorCode::kInvalidRequest,
                                "binary message is not a zstd frame of JSON: " + st.message(),
                                std::nullopt, &reply);
      state_.metrics.RecordRequest(kInvalidRequestType, false, SecondsSince(received));
      PushReply(std::move(reply));
    } else {
      HandleMessage(inflated, received);
    }
  } else {
    HandleMessage(text, received);
  }
  buffer_.consume(buffer_.size());
  DoRead();
}

void WsSession::HandleMessage(std::string_view text, Clock::time_point received) {
  core::Result<protocol::Request> parsed = parser_.ParseRequest(text);
  if (!parsed.ok()) {
    std::string reply;
    protocol::AppendErrorJson(protocol::ErrorCode::kInvalidRequest, parsed.status().message(),
                              std::nullopt, &reply);
    state_.metrics.RecordRequest(kInvalidRequestType, false, SecondsSince(received));
    PushReply(std::move(reply));
    return;
  }
  HandleRequest(std::move(*parsed), received);
}

void WsSession::HandleRequest(protocol::Request&& request, Clock::time_point received) {
  const size_t type = request.index();
  if (auto* r = std::get_if<protocol::RecordEvent>(&request)) {
    std::string trace_id = r->trace_id.ToString();
    std::vector<StoredEvent> rows;
    rows.push_back(ToStoredEvent(trace_id, r->event));
    state_.hub.Publish(trace_id, r->event, rows.back().json);
    Ingest(std::move(trace_id), std::move(rows), type, std::move(r->request_id), received);
    return;
  }
  if (auto* r = std::get_if<protocol::RecordEvents>(&request)) {
    std::string trace_id = r->trace_id.ToString();
    std::vector<StoredEvent> rows;
    rows.reserve(r->events.size());
    for (const protocol::TraceEvent& e : r->events) {
      rows.push_back(ToStoredEvent(trace_id, e));
      state_.hub.Publish(trace_id, e, rows.back().json);
    }
    Ingest(std::move(trace_id), std::move(rows), type, std::move(r->request_id), received);
    return;
  }
  if (auto* r = std::get_if<protocol::Subscribe>(&request)) {
    state_.hub.Subscribe(shared_from_this(), std::move(r->filters));
    state_.metrics.RecordRequest(type, true, SecondsSince(received));
    return;
  }
  if (std::holds_alternative<protocol::Unsubscribe>(request)) {
    state_.hub.Unsubscribe(this);
    state_.metrics.RecordRequest(type, true, SecondsSince(received));
    return;
  }
  std::string reply;
  const bool ok = state_.service.Handle(request, &reply);
  state_.metrics.RecordRequest(type, ok, SecondsSince(received));
  PushReply(std::move(reply));
}

namespace {

// The ack of a RecordEvent (EventRecorded) or RecordEvents (EventsRecorded).
std::string AckJson(bool batch, size_t count, const core::Status& st,
                    const std::optional<std::string>& request_id) {
  std::string out;
  std::optional<std::string> error;
  if (!st.ok()) error = st.message();
  if (batch) {
    protocol::AppendJson(protocol::Response(protocol::EventsRecorded{st.ok(), st.ok() ? count : 0,
                                                                     std::move(error), request_id}),
                         &out);
  } else {
    protocol::AppendJson(
        protocol::Response(protocol::EventRecorded{st.ok(), std::move(error), request_id}), &out);
  }
  return out;
}

constexpr size_t kRecordEventsType = 2;

}  // namespace

void WsSession::Ingest(std::string trace_id, std::vector<StoredEvent> rows, size_t type,
                       std::optional<std::string> request_id, Clock::time_point received) {
  (void)trace_id;
  const bool batch = type == kRecordEventsType;
  const size_t count = rows.size();
  IngestItem item;
  item.events = std::move(rows);
  if (state_.options.ack_mode == AckMode::kPersisted) {
    const uint64_t slot = OpenSlot();
    item.done = [self = shared_from_this(), slot, batch, count, type, received,
                 request_id = std::move(request_id)](const core::Status& st) {
      std::string reply = AckJson(batch, count, st, request_id);
      self->state_.metrics.RecordRequest(type, st.ok(), SecondsSince(received));
      net::post(self->ws_.get_executor(), [self, slot, reply = std::move(reply)]() mutable {
        self->FillSlot(slot, std::move(reply));
      });
    };
  } else {
    PushReply(AckJson(batch, count, core::Status(), request_id));
    state_.metrics.RecordRequest(type, true, SecondsSince(received));
  }
  stalled_ = std::move(item);
  TryEnqueueStalled(false);
}

void WsSession::TryEnqueueStalled(bool resume_read) {
  if (!stalled_) return;
  if (state_.ingest.TryEnqueue(std::move(*stalled_))) {
    stalled_.reset();
    if (resume_read) DoRead();  // inline calls come from OnRead, which reads on by itself
    return;
  }
  if (state_.ingest.closed()) {
    IngestItem item = std::move(*stalled_);
    stalled_.reset();
    if (item.done) item.done(core::Unavailable("server is shutting down; events not recorded"));
    return;
  }
  // The ingest queue is full: stop reading this connection until it takes the item.
  retry_timer_.expires_after(std::chrono::milliseconds(1));
  retry_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (!ec) self->TryEnqueueStalled(true);
  });
}

uint64_t WsSession::OpenSlot() {
  slots_.emplace_back();
  ++pending_replies_;
  return slot_base_ + slots_.size() - 1;
}

void WsSession::FillSlot(uint64_t slot, std::string text) {
  if (slot < slot_base_ || slot - slot_base_ >= slots_.size()) return;  // session reset
  Slot& s = slots_[slot - slot_base_];
  s.text = std::move(text);
  s.ready = true;
  Flush();
}

void WsSession::PushReply(std::string text) {
  FillSlot(OpenSlot(), std::move(text));
}

bool WsSession::Offer(std::shared_ptr<const std::string> notification) {
  const size_t queued = queued_notifications_.fetch_add(1, std::memory_order_relaxed);
  if (queued >= state_.options.subscriber_queue) {
    queued_notifications_.fetch_sub(1, std::memory_order_relaxed);
    dropped_.fetch_add(1, std::memory_order_relaxed);
    if (state_.options.slow_subscriber == SlowSubscriberPolicy::kDisconnect &&
        !disconnect_requested_.exchange(true)) {
      net::post(ws_.get_executor(), [self = shared_from_this()] {
        self->state_.hub.Unsubscribe(self.get());
        self->CloseAfterFlush(websocket::close_code::policy_error, "subscriber too slow");
      });
    }
    return false;
  }
  net::post(ws_.get_executor(), [self = shared_from_this(), n = std::move(notification)]() mutable {
    self->PushNotification(std::move(n));
  });
  return true;
}

void WsSession::PushNotification(std::shared_ptr<const std::string> notification) {
  if (closing_ || closed_) {
    queued_notifications_.fetch_sub(1, std::memory_order_relaxed);
    return;
  }
  const uint64_t dropped = dropped_.load(std::memory_order_relaxed);
  if (dropped != dropped_reported_) {
    // Tell the subscriber what it missed (an Error old clients understand), once per gap.
    std::string notice;
    protocol::AppendErrorJson(
        protocol::ErrorCode::kInternalError,
        "subscriber too slow: " + std::to_string(dropped - dropped_reported_) +
            " event notifications dropped",
        std::nullopt, &notice);
    dropped_reported_ = dropped;
    Slot s;
    s.text = std::move(notice);
    s.ready = true;
    slots_.push_back(std::move(s));
  }
  Slot s;
  s.shared = std::move(notification);
  s.ready = true;
  s.notification = true;
  slots_.push_back(std::move(s));
  Flush();
}

void WsSession::Flush() {
  if (writing_ || closed_ || slots_.empty() || !slots_.front().ready) {
    if (!writing_ && closing_ && (slots_.empty() || closed_)) DoClose();
    return;
  }
  writing_ = true;
  const Slot& s = slots_.front();
  const std::string& text = s.shared ? *s.shared : s.text;
  ws_.text(true);
  ws_.async_write(net::buffer(text),
                  [self = shared_from_this()](beast::error_code ec, size_t) { self->OnWrite(ec); });
}

void WsSession::OnWrite(beast::error_code ec) {
  writing_ = false;
  Slot& s = slots_.front();
  if (s.notification) {
    queued_notifications_.fetch_sub(1, std::memory_order_relaxed);
  } else {
    --pending_replies_;
  }
  slots_.pop_front();
  ++slot_base_;
  if (ec) {
    closed_ = true;
    return;
  }
  Flush();
  if (!read_in_flight_ && pending_replies_ < state_.options.max_pending_replies) DoRead();
}

void WsSession::CloseAfterFlush(websocket::close_code code, std::string reason) {
  if (closing_) return;
  closing_ = true;
  close_reason_ = websocket::close_reason(code, reason);
  Flush();
}

void WsSession::Shutdown() {
  net::post(ws_.get_executor(), [self = shared_from_this()] {
    self->CloseAfterFlush(websocket::close_code::going_away, "server shutting down");
  });
}

void WsSession::DoClose() {
  if (closed_ || !accepted_) return;
  closed_ = true;
  ws_.async_close(close_reason_.value_or(websocket::close_reason(websocket::close_code::normal)),
                  [self = shared_from_this()](beast::error_code) {
                    self->frame_timer_.cancel();
                    self->retry_timer_.cancel();
                  });
}

}  // namespace tracing::server
