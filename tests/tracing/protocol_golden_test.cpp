// Golden tests: every message shape, as serde writes it (tests/fixtures/tracing/messages), parses
// and re-serializes byte-identically; responses built from typed values match the golden bytes.
#include <gtest/gtest.h>

#include <algorithm>

#include "protocol_fixtures.h"
#include "tracing/protocol/message_parser.h"
#include "tracing/protocol/message_writer.h"

namespace tracing::protocol {
namespace {

using tracing_test::Golden;
using tracing_test::GoldenNames;

class RequestGoldenTest : public testing::TestWithParam<std::string> {};

TEST_P(RequestGoldenTest, ParsesAndRewritesByteIdentically) {
  const std::string json = Golden(GetParam());
  MessageParser parser;
  core::Result<Request> request = parser.ParseRequest(json);
  ASSERT_TRUE(request.ok()) << request.status().ToString();
  std::string out;
  AppendJson(*request, &out);
  EXPECT_EQ(out, json);
  // The writer's output parses back to the same value.
  core::Result<Request> again = parser.ParseRequest(out);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(*again == *request);
}

INSTANTIATE_TEST_SUITE_P(Golden, RequestGoldenTest, testing::ValuesIn(GoldenNames("request_")),
                         [](const auto& info) { return info.param; });

class ResponseGoldenTest : public testing::TestWithParam<std::string> {};

TEST_P(ResponseGoldenTest, ParsesAndRewritesByteIdentically) {
  const std::string json = Golden(GetParam());
  MessageParser parser;
  core::Result<Response> response = parser.ParseResponse(json);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  std::string out;
  AppendJson(*response, &out);
  EXPECT_EQ(out, json);
}

INSTANTIATE_TEST_SUITE_P(Golden, ResponseGoldenTest, testing::ValuesIn(GoldenNames("response_")),
                         [](const auto& info) { return info.param; });

TEST(GoldenFiles, CoverEveryVariant) {
  const auto requests = GoldenNames("request_");
  const auto responses = GoldenNames("response_");
  EXPECT_GE(requests.size(), 30u);
  EXPECT_GE(responses.size(), 25u);
  MessageParser parser;
  std::vector<bool> request_seen(std::variant_size_v<Request>);
  for (const auto& name : requests)
    request_seen[parser.ParseRequest(Golden(name))->index()] = true;
  EXPECT_EQ(std::count(request_seen.begin(), request_seen.end(), false), 0);
  std::vector<bool> response_seen(std::variant_size_v<Response>);
  for (const auto& name : responses) {
    response_seen[parser.ParseResponse(Golden(name))->index()] = true;
  }
  EXPECT_EQ(std::count(response_seen.begin(), response_seen.end(), false), 0);
}

// ---- responses built from typed values --------------------------------------------------------

Uuid Id(uint32_t n) {
  Uuid id = *Uuid::Parse("67e55044-10b1-426f-9247-bb6800000000");
  for (int i = 0; i < 4; ++i)
    id.bytes[15 - i] = static_cast<uint8_t>(n >> (8 * i));
  return id;
}

constexpr int64_t kT0 = 1'758'143'203'000'000'000;  // 2025-09-17T21:06:43Z

FlowVersion VersionGit() {
  return {2, 14, 4294967295u, "a1b2c3d", kT0};
}

FlowVersion Version() {
  return {1, 0, 0, std::nullopt, kT0 + 123'000'000};
}

TraceEvent DataFlowEvent() {
  TraceEvent e;
  e.event_id = Id(0x1000 + 12);
  e.timestamp_ns = kT0 + 6'000'000'000;
  e.event_type = {EventKind::kDataFlow, "sink_1", "in"};
  e.actor_id = "proc_42";
  e.data.port = "out";
  e.data.message = MessageSnapshot{"Object", 1234, "", {}};
  e.data.performance_metrics = {125000, 4096, 37.2f, 3, 1523.75};
  e.causality.parent_event_id = Id(0x1000 + 11);
  e.causality.root_cause_event_id = Id(0x100);
  e.causality.span_id = "span-7f3a";
  return e;
}

FlowTrace EmptyTrace(ExecutionStatus status) {
  FlowTrace t;
  t.trace_id = Id(1);
  t.flow_id = "etl_flow";
  t.execution_id = Id(2);
  t.version = VersionGit();
  t.start_time_ns = kT0;
  t.status = std::move(status);
  t.metadata = {"u-17",
                std::nullopt,
                "production",
                "worker-3",
                4242,
                "ThreadId(7)",
                {{"region", "eu-west-1"}, {"team", "data"}}};
  return t;
}

std::string Write(const Response& r) {
  std::string out;
  AppendJson(r, &out);
  return out;
}

TEST(TypedResponses, MatchGoldenBytes) {
  EXPECT_EQ(Write(Pong{}), Golden("response_pong"));
  EXPECT_EQ(Write(TraceStarted{Id(1)}), Golden("response_trace_started"));
  EXPECT_EQ(Write(TraceStarted{Id(1), "r1"}), Golden("response_trace_started_request_id"));
  EXPECT_EQ(Write(EventRecorded{true, std::nullopt}), Golden("response_event_recorded"));
  EXPECT_EQ(
      Write(EventRecorded{false, "trace 67e55044-10b1-426f-9247-bb6800000001 is unknown", "r-17"}),
      Golden("response_event_recorded_error"));
  EXPECT_EQ(Write(EventsRecorded{true, 3, std::nullopt, "batch-1"}),
            Golden("response_events_recorded"));
  EXPECT_EQ(Write(TraceEnded{Id(1)}), Golden("response_trace_ended"));
  EXPECT_EQ(Write(TraceData{}), Golden("response_trace_data_null"));
  EXPECT_EQ(Write(TraceData{EmptyTrace({StatusKind::kRunning}), "q-9"}),
            Golden("response_trace_data_request_id"));
  EXPECT_EQ(Write(QueryResults{
                {EmptyTrace({StatusKind::kPending}), EmptyTrace({StatusKind::kCancelled})}, 1234}),
            Golden("response_query_results"));
  EXPECT_EQ(Write(QueryResults{}), Golden("response_query_results_empty"));
  EXPECT_EQ(Write(EventResults{}), Golden("response_event_results_last_page"));
  EXPECT_EQ(Write(FlowVersions{{VersionGit(), Version()}}), Golden("response_flow_versions"));
  EXPECT_EQ(Write(EventNotification{Id(1), DataFlowEvent()}),
            Golden("response_event_notification"));
  EXPECT_EQ(Write(TraceStored{Id(1)}), Golden("response_legacy_trace_stored"));
  EXPECT_EQ(Write(Metrics{R"({"active_subscriptions":2,"events_total":18446744073709551615,)"
                          R"("ingest_rate":1e16,"p99_ms":0.00001,"uptime_seconds":3600.0})"}),
            Golden("response_legacy_metrics"));
}

TEST(TypedResponses, EveryErrorCodeMatchesGolden) {
  const std::pair<ErrorCode, std::string> cases[] = {
      {ErrorCode::kNotFound, "not_found"},
      {ErrorCode::kInvalidRequest, "invalid_request"},
      {ErrorCode::kStorageError, "storage_error"},
      {ErrorCode::kSerializationError, "serialization_error"},
      {ErrorCode::kUnauthorized, "unauthorized"},
      {ErrorCode::kInternalError, "internal_error"},
  };
  for (const auto& [code, name] : cases) {
    const std::string message = "example " + name + " message";
    EXPECT_EQ(Write(ErrorReply{message, code}), Golden("response_error_" + name));
    std::string out;
    AppendErrorJson(code, message, std::nullopt, &out);
    EXPECT_EQ(out, Golden("response_error_" + name));
  }
  std::string out;
  AppendErrorJson(ErrorCode::kInvalidRequest,
                  "RecordEvent.event.timestamp: expected an RFC 3339 string, got 42", "r-3", &out);
  EXPECT_EQ(out, Golden("response_error_request_id"));
}

TEST(TypedResponses, ReplyEchoesRequestIdOnlyWhenGiven) {
  MessageParser parser;
  auto with_id = parser.ParseRequest(Golden("request_record_event_request_id"));
  ASSERT_TRUE(with_id.ok());
  const std::optional<std::string>* id = RequestIdOf(*with_id);
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(Write(EventRecorded{true, std::nullopt, *id}),
            R"({"EventRecorded":{"success":true,"error":null,"request_id":"r-17"}})");
  auto without = parser.ParseRequest(Golden("request_record_event_actor_created"));
  ASSERT_TRUE(without.ok());
  EXPECT_EQ(Write(EventRecorded{true, std::nullopt, *RequestIdOf(*without)}),
            Golden("response_event_recorded"));
  EXPECT_EQ(RequestIdOf(Request(Ping{})), nullptr);
}

TEST(TypedValues, StorageViewsMatchTheirPartOfTheGolden) {
  // The storage layer keeps events, versions, statuses and metadata as canonical JSON: each
  // standalone writer produces exactly the bytes embedded in a golden message.
  const std::string golden = Golden("response_event_notification");
  std::string event;
  AppendJson(DataFlowEvent(), &event);
  EXPECT_NE(golden.find(event), std::string::npos) << event;
  std::string version;
  AppendJson(VersionGit(), &version);
  EXPECT_NE(Golden("response_flow_versions").find(version), std::string::npos) << version;
  std::string status;
  AppendJson(ExecutionStatus{StatusKind::kFailed, "actor proc_42 crashed"}, &status);
  EXPECT_EQ(status, R"({"Failed":{"error":"actor proc_42 crashed"}})");
  std::string metadata;
  AppendJson(EmptyTrace({}).metadata, &metadata);
  EXPECT_NE(Golden("response_trace_data").find(metadata), std::string::npos) << metadata;

  MessageParser parser;
  auto parsed_event = parser.ParseTraceEvent(event);
  ASSERT_TRUE(parsed_event.ok()) << parsed_event.status().ToString();
  EXPECT_TRUE(*parsed_event == DataFlowEvent());
  auto parsed_version = parser.ParseFlowVersion(version);
  ASSERT_TRUE(parsed_version.ok());
  EXPECT_TRUE(*parsed_version == VersionGit());
  auto parsed_status = parser.ParseStatus(status);
  ASSERT_TRUE(parsed_status.ok());
  EXPECT_EQ(parsed_status->error, "actor proc_42 crashed");
  auto parsed_metadata = parser.ParseMetadata(metadata);
  ASSERT_TRUE(parsed_metadata.ok());
  EXPECT_TRUE(*parsed_metadata == EmptyTrace({}).metadata);
}

}  // namespace
}  // namespace tracing::protocol
