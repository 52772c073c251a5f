// Bad input to the request parser: every case asserts the exact message (field path + problem).
#include <gtest/gtest.h>

#include "protocol_fixtures.h"
#include "tracing/protocol/message_parser.h"
#include "tracing/protocol/message_writer.h"

namespace tracing::protocol {
namespace {

using tracing_test::Golden;

// The golden ActorCreated RecordEvent with `from` replaced by `to` (which must occur once).
std::string Mutate(const std::string& golden_name, const std::string& from, const std::string& to) {
  std::string json = Golden(golden_name);
  const size_t at = json.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  EXPECT_EQ(json.find(from, at + 1), std::string::npos) << "ambiguous: " << from;
  if (at != std::string::npos) json.replace(at, from.size(), to);
  return json;
}

std::string Event(const std::string& from, const std::string& to) {
  return Mutate("request_record_event_actor_created", from, to);
}

std::string ErrorOf(std::string_view json) {
  MessageParser parser;
  core::Result<Request> r = parser.ParseRequest(json);
  if (r.ok()) return "(parsed OK)";
  EXPECT_EQ(r.status().code(), core::ErrorCode::kInvalidArgument);
  return r.status().message();
}

std::string Rewrite(std::string_view json) {
  MessageParser parser;
  core::Result<Request> r = parser.ParseRequest(json);
  if (!r.ok()) return "error: " + r.status().message();
  std::string out;
  AppendJson(*r, &out);
  return out;
}

TEST(RequestErrors, WrongTypesNameThePath) {
  EXPECT_EQ(ErrorOf(Event(R"("timestamp":"2025-09-17T21:06:43Z")", R"("timestamp":42)")),
            "RecordEvent.event.timestamp: expected an RFC 3339 string, got 42");
  EXPECT_EQ(ErrorOf(Event(R"("actor_id":"proc_42")", R"("actor_id":7)")),
            "RecordEvent.event.actor_id: expected a string, got 7");
  EXPECT_EQ(ErrorOf(Event(R"("port":null)", R"("port":["in"])")),
            "RecordEvent.event.data.port: expected a string, got an array");
  EXPECT_EQ(ErrorOf(Event(R"("custom_attributes":{})", R"("custom_attributes":null)")),
            "RecordEvent.event.data.custom_attributes: expected an object, got null");
  EXPECT_EQ(ErrorOf(Event(R"("dependency_chain":[])", R"("dependency_chain":["x"])")),
            "RecordEvent.event.causality.dependency_chain[0]: expected a UUID like "
            "67e55044-10b1-426f-9247-bb680e5fe0c8, got \"x\"");
  EXPECT_EQ(ErrorOf(Event(R"("queue_depth":0)", R"("queue_depth":true)")),
            "RecordEvent.event.data.performance_metrics.queue_depth: expected a non-negative "
            "integer, got true");
  EXPECT_EQ(ErrorOf(Event(R"("cpu_usage_percent":0.0)", R"("cpu_usage_percent":"high")")),
            "RecordEvent.event.data.performance_metrics.cpu_usage_percent: expected a number, got "
            "\"high\"");
  EXPECT_EQ(ErrorOf(R"({"GetTrace":{"trace_id":"not-a-uuid"}})"),
            "GetTrace.trace_id: expected a UUID like 67e55044-10b1-426f-9247-bb680e5fe0c8, got "
            "\"not-a-uuid\"");
  EXPECT_EQ(ErrorOf(Mutate("request_legacy_store_trace", R"("team":"data")", R"("team":1)")),
            "StoreTrace.trace.metadata.tags.team: expected a string, got 1");
  const std::string long_value(100, 'x');
  EXPECT_EQ(ErrorOf(R"({"GetTrace":{"trace_id":")" + long_value + R"("}})"),
            "GetTrace.trace_id: expected a UUID like 67e55044-10b1-426f-9247-bb680e5fe0c8, got \"" +
                std::string(64, 'x') + "...\"");
}

TEST(RequestErrors, ArrayIndexesAppearInThePath) {
  const std::string batch = Golden("request_record_events");
  // The second event's timestamp.
  const std::string second = R"("timestamp":"2025-09-17T21:06:43.001Z")";
  std::string json = batch;
  json.replace(json.find(second), second.size(), R"("timestamp":"yesterday")");
  EXPECT_EQ(ErrorOf(json),
            "RecordEvents.events[1].timestamp: invalid RFC 3339 time \"yesterday\": expected a "
            "date as YYYY-MM-DD");
  EXPECT_EQ(
      ErrorOf(Mutate("request_record_event_message_sent", "[0,1,127,128,255]", "[0,1,256]")),
      "RecordEvent.event.data.message.serialized_data[2]: expected an integer 0..255, got 256");
  EXPECT_EQ(
      ErrorOf(Mutate("request_record_event_message_sent", "[0,1,127,128,255]", "[-1]")),
      "RecordEvent.event.data.message.serialized_data[0]: expected an integer 0..255, got -1");
}

TEST(RequestErrors, UnknownVariants) {
  EXPECT_EQ(ErrorOf(R"("Pong2")"),
            "unknown request variant \"Pong2\"; expected one of: StartTrace, RecordEvent, "
            "RecordEvents, EndTrace, GetTrace, QueryTraces, QueryEvents, GetFlowVersions, Ping, "
            "Subscribe, Unsubscribe, StoreTrace, GetMetrics");
  EXPECT_EQ(ErrorOf(R"({"Pong2":{}})").substr(0, 32), "unknown request variant \"Pong2\";");
  EXPECT_EQ(ErrorOf(Event(R"("event_type":"ActorCreated")", R"("event_type":"ActorExploded")")),
            "RecordEvent.event.event_type: unknown variant \"ActorExploded\"; expected one of: "
            "ActorCreated, ActorStarted, ActorCompleted, ActorFailed, MessageSent, "
            "MessageReceived, StateChanged, PortConnected, PortDisconnected, DataFlow, "
            "NetworkEvent");
  EXPECT_EQ(ErrorOf(Mutate("request_end_trace_running", R"("Running")", R"("Exploded")")),
            "EndTrace.status: unknown variant \"Exploded\"; expected one of: Pending, Running, "
            "Completed, Failed, Cancelled");
  EXPECT_EQ(ErrorOf(Mutate("request_record_event_state_changed", R"("Full")", R"("Partial")")),
            "RecordEvent.event.data.state_diff.diff_type: unknown variant \"Partial\"; expected "
            "one of: Full, Incremental, MemoryOnly");
}

TEST(RequestErrors, VariantShapes) {
  EXPECT_EQ(ErrorOf("42"), "expected a request (a variant name or {\"Variant\":{...}}), got 42");
  EXPECT_EQ(ErrorOf(R"({"Ping":null,"Unsubscribe":null})"),
            "a request is an object with exactly one key (the variant), got 2 keys");
  EXPECT_EQ(ErrorOf(R"({})"),
            "a request is an object with exactly one key (the variant), got 0 keys");
  EXPECT_EQ(ErrorOf(R"({"Ping":{"x":1}})"),
            "Ping: a unit variant takes no fields; expected \"Ping\", got an object");
  EXPECT_EQ(ErrorOf(R"("GetTrace")"),
            "GetTrace: this variant needs its fields: {\"GetTrace\":{...}}");
  EXPECT_EQ(ErrorOf(R"({"GetTrace":[]})"), "GetTrace: expected an object, got an array");
  EXPECT_EQ(ErrorOf(Mutate("request_end_trace_running", R"("Running")", R"("Failed")")),
            "EndTrace.status: variant \"Failed\" needs its fields: {\"Failed\":{\"error\":...}}");
  EXPECT_EQ(ErrorOf(Mutate("request_record_event_data_flow", R"(,"to_port":"in")", "")),
            "RecordEvent.event.event_type.DataFlow: missing field \"to_port\"");
  EXPECT_EQ(ErrorOf(Event(R"("event_type":"ActorCreated")", R"("event_type":"DataFlow")")),
            "RecordEvent.event.event_type: variant \"DataFlow\" needs its fields: "
            "{\"DataFlow\":{\"to_actor\":...,\"to_port\":...}}");
  EXPECT_EQ(ErrorOf(Mutate("request_query_traces", R"(,"2025-09-17T22:06:43Z"])", "]")),
            "QueryTraces.query.time_range: expected [start, end] (two RFC 3339 strings), got an "
            "array");
  // Unit variants may also be written {"Ping":null}, as serde accepts.
  EXPECT_EQ(Rewrite(R"({"Ping":null})"), R"("Ping")");
  EXPECT_EQ(
      Rewrite(Event(R"("event_type":"ActorCreated")", R"("event_type":{"ActorCreated":null})")),
      Golden("request_record_event_actor_created"));
}

TEST(RequestErrors, MissingAndDuplicateFields) {
  EXPECT_EQ(ErrorOf(Event(R"("actor_id":"proc_42",)", "")),
            "RecordEvent.event: missing field \"actor_id\"");
  EXPECT_EQ(ErrorOf(R"({"RecordEvent":{"trace_id":"67e55044-10b1-426f-9247-bb6800000001"}})"),
            "RecordEvent: missing field \"event\"");
  EXPECT_EQ(ErrorOf(R"({"Subscribe":{}})"), "Subscribe: missing field \"filters\"");
  EXPECT_EQ(ErrorOf(R"({"GetTrace":{"trace_id":"67e55044-10b1-426f-9247-bb6800000001",)"
                    R"("trace_id":"67e55044-10b1-426f-9247-bb6800000002"}})"),
            "GetTrace: duplicate field \"trace_id\"");
}

TEST(RequestErrors, MalformedJson) {
  EXPECT_EQ(ErrorOf(""), "malformed JSON: the message is empty");
  EXPECT_EQ(ErrorOf("{\"GetFlowVersions\":{\"flow_id\":\"\xff\"}}"),
            "malformed JSON: invalid UTF-8");
  EXPECT_EQ(ErrorOf("{\"GetFlowVersions\":{\"flow_id\":\"\xc3\x28\"}}"),
            "malformed JSON: invalid UTF-8");
  EXPECT_EQ(ErrorOf(R"({"GetFlowVersions":{"flow_id":"f"})"),
            "malformed JSON: The JSON document has an improper structure: missing or superfluous "
            "commas, braces, missing keys, etc.");
  EXPECT_EQ(ErrorOf(R"("Ping" "Ping")"),
            "malformed JSON: The JSON document has an improper structure: missing or superfluous "
            "commas, braces, missing keys, etc.");
  EXPECT_EQ(ErrorOf(R"({"GetFlowVersions":{"flow_id":"f"}}})"),
            "malformed JSON: The JSON document has an improper structure: missing or superfluous "
            "commas, braces, missing keys, etc.");
  EXPECT_EQ(ErrorOf(R"({"GetFlowVersions":{"flow_id":'f'}})"),
            "malformed JSON: The JSON document has an improper structure: missing or superfluous "
            "commas, braces, missing keys, etc.");
}

TEST(RequestErrors, HugeNumbers) {
  EXPECT_EQ(ErrorOf(Mutate("request_start_trace_git_hash", "4294967295", "4294967296")),
            "StartTrace.version.patch: expected an integer 0..4294967295, got 4294967296");
  EXPECT_EQ(ErrorOf(Mutate("request_record_event_message_sent", R"("size_bytes":8)",
                           R"("size_bytes":18446744073709551616)")),
            "malformed JSON: a number is malformed or out of range");
  EXPECT_EQ(ErrorOf(Mutate("request_record_event_message_sent", R"("size_bytes":8)",
                           R"("size_bytes":1e400)")),
            "malformed JSON: a number is malformed or out of range");
  EXPECT_EQ(ErrorOf(Mutate("request_record_event_message_sent", R"("size_bytes":8)",
                           R"("size_bytes":8.5)")),
            "RecordEvent.event.data.message.size_bytes: expected a non-negative integer, got 8.5");
  EXPECT_EQ(ErrorOf(Mutate("request_record_event_message_sent", R"("size_bytes":8)",
                           R"("size_bytes":-8)")),
            "RecordEvent.event.data.message.size_bytes: expected a non-negative integer, got -8");
  EXPECT_EQ(ErrorOf(Mutate("request_record_event_message_sent", R"("cpu_usage_percent":37.2)",
                           R"("cpu_usage_percent":1e39)")),
            "RecordEvent.event.data.performance_metrics.cpu_usage_percent: expected a number in "
            "f32 range, got 1e+39");
  // u64 max is fine; an integer where serde wants f64 is read as a float.
  EXPECT_NE(Rewrite(Mutate("request_record_event_message_sent", R"("size_bytes":8)",
                           R"("size_bytes":18446744073709551615)"))
                .find(R"("size_bytes":18446744073709551615)"),
            std::string::npos);
  EXPECT_NE(
      Rewrite(Mutate("request_record_event_message_sent", R"("throughput_msgs_per_sec":1523.75)",
                     R"("throughput_msgs_per_sec":1500)"))
          .find(R"("throughput_msgs_per_sec":1500.0)"),
      std::string::npos);
}

TEST(RequestErrors, DeepNesting) {
  const std::string deep = std::string(200, '[') + std::string(200, ']');
  EXPECT_EQ(
      ErrorOf(Event(R"("custom_attributes":{})", R"("custom_attributes":{"x":)" + deep + "}")),
      "malformed JSON: nested deeper than 64 levels");
  const std::string ok = std::string(50, '[') + std::string(50, ']');
  EXPECT_NE(Rewrite(Event(R"("custom_attributes":{})", R"("custom_attributes":{"x":)" + ok + "}"))
                .find(ok),
            std::string::npos);
}

TEST(RequestLeniency, UnknownFieldsAreIgnored) {
  std::string json =
      Event(R"("actor_id":"proc_42")", R"("zzz":{"a":[1,{"b":null}]},"actor_id":"proc_42")");
  json = json.substr(0, json.size() - 2) + R"(,"future_field":true}})";
  EXPECT_EQ(Rewrite(json), Golden("request_record_event_actor_created"));
}

TEST(RequestLeniency, MissingOptionFieldsAreNull) {
  std::string json = Event(R"("port":null,)", "");
  const std::string parent = R"("parent_event_id":null,)";
  json.erase(json.find(parent), parent.size());
  EXPECT_EQ(json.find("port"), std::string::npos);
  EXPECT_EQ(Rewrite(json), Golden("request_record_event_actor_created"));
  EXPECT_EQ(Rewrite(R"({"QueryTraces":{"query":{}}})"), Golden("request_query_traces_all_null"));
}

TEST(RequestLeniency, TimesAndIdsAreNormalized) {
  // An offset is converted to UTC; upper-case, simple, braced and URN UUIDs are written canonical.
  EXPECT_EQ(Rewrite(Event(R"("timestamp":"2025-09-17T21:06:43Z")",
                          R"("timestamp":"2025-09-17T23:36:43.000+02:30")")),
            Golden("request_record_event_actor_created"));
  for (const char* id : {"67E55044-10B1-426F-9247-BB6800000001", "67e5504410b1426f9247bb6800000001",
                         "{67e55044-10b1-426f-9247-bb6800000001}",
                         "urn:uuid:67e55044-10b1-426f-9247-bb6800000001"}) {
    EXPECT_EQ(Rewrite(std::string(R"({"GetTrace":{"trace_id":")") + id + "\"}}"),
              Golden("request_get_trace"))
        << id;
  }
  EXPECT_EQ(ErrorOf(Event(R"("timestamp":"2025-09-17T21:06:43Z")",
                          R"("timestamp":"2025-02-29T00:00:00Z")")),
            "RecordEvent.event.timestamp: invalid RFC 3339 time \"2025-02-29T00:00:00Z\": day 29 "
            "is out of range for 2025-02");
}

TEST(ResponseErrors, NameTheVariantAndPath) {
  MessageParser parser;
  auto r = parser.ParseResponse(R"({"Error":{"message":"m","code":"Teapot"}})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "Error.code: expected a known error code, got \"Teapot\"");
  r = parser.ParseResponse(R"("Ping")");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "unknown response variant \"Ping\"; expected one of: TraceStarted, EventRecorded, "
            "EventsRecorded, TraceEnded, TraceData, QueryResults, EventResults, FlowVersions, "
            "Pong, EventNotification, Error, TraceStored, Metrics");
  // The legacy Error has no code.
  r = parser.ParseResponse(R"({"Error":{"message":"m"}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(std::get<ErrorReply>(*r).code, ErrorCode::kInternalError);
}

TEST(ErrorCodes, MapFromStatus) {
  EXPECT_EQ(ErrorCodeFor(core::InvalidArgument("x")), ErrorCode::kInvalidRequest);
  EXPECT_EQ(ErrorCodeFor(core::NotFound("x")), ErrorCode::kNotFound);
  EXPECT_EQ(ErrorCodeFor(core::PermissionDenied("x")), ErrorCode::kUnauthorized);
  EXPECT_EQ(ErrorCodeFor(core::Status(core::ErrorCode::kUnauthenticated, "x")),
            ErrorCode::kUnauthorized);
  EXPECT_EQ(ErrorCodeFor(core::Unavailable("x")), ErrorCode::kStorageError);
  EXPECT_EQ(ErrorCodeFor(core::Internal("x")), ErrorCode::kInternalError);
}

}  // namespace
}  // namespace tracing::protocol
