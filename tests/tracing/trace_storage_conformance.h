// The conformance suite every TraceStorage backend must pass. A test binary includes this header
// and instantiates it with a factory:
//
//   INSTANTIATE_TEST_SUITE_P(Backends, TraceStorageConformance,
//                            testing::Values(TraceStorageFactory{...}), ...);
//
// `reopen` simulates a process restart: it drops the given handle and returns a new one over the
// same backing storage (a memory backend returns the same object and sets persistent = false).
#pragma once

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tracing/storage/trace_storage.h"

namespace tracing {

struct TraceStorageFactory {
  std::string name;
  std::function<std::shared_ptr<TraceStorage>()> create;
  std::function<std::shared_ptr<TraceStorage>(std::shared_ptr<TraceStorage>)> reopen;
  bool persistent = true;
};

inline std::ostream& operator<<(std::ostream& os, const TraceStorageFactory& f) {
  return os << f.name;
}

namespace conformance {

inline StoredTrace Trace(const std::string& id, const std::string& flow, int64_t start,
                         const std::string& status = "Running") {
  StoredTrace t;
  t.trace_id = id;
  t.flow_id = flow;
  t.execution_id = "exec-" + id;
  t.version_json = R"({"major":1,"minor":0,"patch":0,"git_hash":null,"timestamp":"t"})";
  t.start_time_ns = start;
  t.status = status;
  t.status_json = "\"" + status + "\"";
  t.metadata_json = R"({"user_id":"u","tags":{"k":"v é \" \\"}})";
  return t;
}

inline StoredEvent Event(const std::string& trace, const std::string& id, int64_t ts,
                         const std::string& type = "MessageSent",
                         const std::string& actor = "actor-1") {
  StoredEvent e;
  e.trace_id = trace;
  e.event_id = id;
  e.timestamp_ns = ts;
  e.event_type = type;
  e.actor_id = actor;
  e.json = R"({"event_id":")" + id + R"(","actor_id":")" + actor + R"(","data":{"x":"é"}})";
  return e;
}

inline std::vector<std::string> Ids(const std::vector<StoredEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events)
    out.push_back(e.event_id);
  return out;
}

inline std::vector<std::string> Ids(const std::vector<StoredTrace>& traces) {
  std::vector<std::string> out;
  for (const auto& t : traces)
    out.push_back(t.trace_id);
  return out;
}

}  // namespace conformance

class TraceStorageConformance : public testing::TestWithParam<TraceStorageFactory> {
 protected:
  void SetUp() override { storage_ = GetParam().create(); }

  TraceStorage::TraceWithEvents Get(const std::string& id) {
    auto got = storage_->GetTrace(id);
    EXPECT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_TRUE(got.ok() && got->has_value()) << id;
    if (!got.ok() || !got->has_value()) return {};
    return **got;
  }
  void Append(std::vector<StoredEvent> events) {
    auto st = storage_->AppendEvents(events);
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  void Put(const StoredTrace& t) {
    auto st = storage_->PutTrace(t);
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  TraceQueryResult Query(const TraceQuery& q) {
    auto r = storage_->QueryTraces(q);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : TraceQueryResult{};
  }
  // All events matching `q`, following the cursor page by page.
  std::vector<StoredEvent> AllEvents(EventQuery q, int* pages = nullptr) {
    std::vector<StoredEvent> out;
    for (int page = 1; page < 10000; ++page) {
      auto r = storage_->QueryEvents(q);
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      if (!r.ok()) break;
      EXPECT_LE(r->events.size(), q.limit);
      out.insert(out.end(), r->events.begin(), r->events.end());
      if (r->next_cursor.empty()) {
        if (pages != nullptr) *pages = page;
        break;
      }
      q.cursor = r->next_cursor;
    }
    return out;
  }

  std::shared_ptr<TraceStorage> storage_;
};

using conformance::Event;
using conformance::Ids;
using conformance::Trace;

TEST_P(TraceStorageConformance, UnknownTraceIsAbsent) {
  auto got = storage_->GetTrace("no-such-trace");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_FALSE(got->has_value());
  EXPECT_TRUE(storage_->Ping().ok());
  EXPECT_FALSE(storage_->Describe().empty());
}

TEST_P(TraceStorageConformance, PutTraceRoundTripsEveryField) {
  StoredTrace t = Trace("t1", "flow-é", 1'700'000'000'123'456'789, "Completed");
  t.end_time_ns = 1'700'000'001'000'000'000;
  t.status_json = "\"Completed\"";
  Put(t);
  auto got = Get("t1");
  EXPECT_EQ(got.trace.trace_id, t.trace_id);
  EXPECT_EQ(got.trace.flow_id, t.flow_id);
  EXPECT_EQ(got.trace.execution_id, t.execution_id);
  EXPECT_EQ(got.trace.version_json, t.version_json);
  EXPECT_EQ(got.trace.start_time_ns, t.start_time_ns);
  EXPECT_EQ(got.trace.end_time_ns, t.end_time_ns);
  EXPECT_EQ(got.trace.status, t.status);
  EXPECT_EQ(got.trace.status_json, t.status_json);
  EXPECT_EQ(got.trace.metadata_json, t.metadata_json);
  EXPECT_EQ(got.trace.event_count, 0u);
  EXPECT_TRUE(got.events.empty());
}

TEST_P(TraceStorageConformance, PutTraceReplacesTheHeaderAndKeepsEvents) {
  Put(Trace("t1", "f", 100));
  Append({Event("t1", "e1", 150)});
  StoredTrace ended = Trace("t1", "f", 100, "Completed");
  ended.end_time_ns = 300;
  Put(ended);
  auto got = Get("t1");
  EXPECT_EQ(got.trace.status, "Completed");
  EXPECT_EQ(got.trace.end_time_ns, std::optional<int64_t>(300));
  EXPECT_EQ(got.trace.event_count, 1u);
  EXPECT_EQ(Ids(got.events), std::vector<std::string>{"e1"});
}

TEST_P(TraceStorageConformance, EventsComeBackByTimestampThenInsertionOrder) {
  Put(Trace("t1", "f", 100));
  Append({Event("t1", "c", 300), Event("t1", "a", 100), Event("t1", "b1", 200)});
  Append({Event("t1", "b2", 200), Event("t1", "d", 400), Event("t1", "b3", 200)});
  auto got = Get("t1");
  EXPECT_EQ(Ids(got.events), (std::vector<std::string>{"a", "b1", "b2", "b3", "c", "d"}));
  EXPECT_EQ(got.trace.event_count, 6u);
  // The JSON comes back byte for byte.
  EXPECT_EQ(got.events[0].json, Event("t1", "a", 100).json);
  EXPECT_EQ(got.events[0].event_type, "MessageSent");
  EXPECT_EQ(got.events[0].actor_id, "actor-1");
  EXPECT_EQ(got.events[0].trace_id, "t1");
  EXPECT_EQ(got.events[0].timestamp_ns, 100);
}

TEST_P(TraceStorageConformance, AppendToAnUnknownTraceCreatesAMinimalRunningTrace) {
  Append({Event("new", "e1", 500), Event("new", "e2", 200), Event("new", "e3", 900)});
  auto got = Get("new");
  EXPECT_EQ(got.trace.status, "Running");
  EXPECT_EQ(got.trace.status_json, "\"Running\"");
  EXPECT_EQ(got.trace.start_time_ns, 200);
  EXPECT_EQ(got.trace.end_time_ns, std::optional<int64_t>(900));
  EXPECT_EQ(got.trace.flow_id, "");
  EXPECT_EQ(got.trace.version_json, "");
  EXPECT_EQ(got.trace.metadata_json, "");
  EXPECT_EQ(got.trace.event_count, 3u);
}

TEST_P(TraceStorageConformance, EmptyBatchIsAccepted) {
  EXPECT_TRUE(storage_->AppendEvents({}).ok());
  EXPECT_EQ(Query({}).total_count, 0u);
}

TEST_P(TraceStorageConformance, DuplicateEventIdsAreStoredOnce) {
  Put(Trace("t1", "f", 100));
  Append({Event("t1", "e1", 100), Event("t1", "e2", 200), Event("t1", "e1", 100)});
  // A retried batch, and a duplicate carrying a later time: neither changes anything.
  Append({Event("t1", "e1", 100), Event("t1", "e2", 999)});
  // The same event id in another trace is another event.
  Append({Event("t2", "e1", 100)});
  auto got = Get("t1");
  EXPECT_EQ(Ids(got.events), (std::vector<std::string>{"e1", "e2"}));
  EXPECT_EQ(got.events[1].timestamp_ns, 200);
  EXPECT_EQ(got.trace.event_count, 2u);
  EXPECT_EQ(got.trace.end_time_ns, std::optional<int64_t>(200));
  EXPECT_EQ(Get("t2").trace.event_count, 1u);
}

TEST_P(TraceStorageConformance, EndTimeIsTheLatestEventTime) {
  Put(Trace("t1", "f", 100));
  Append({Event("t1", "e1", 500)});
  Append({Event("t1", "e2", 300)});
  EXPECT_EQ(Get("t1").trace.end_time_ns, std::optional<int64_t>(500));
  Append({Event("t1", "e3", 800)});
  EXPECT_EQ(Get("t1").trace.end_time_ns, std::optional<int64_t>(800));
}

TEST_P(TraceStorageConformance, ActorFailedMarksARunningTraceFailed) {
  Put(Trace("t1", "f", 100));
  Append({Event("t1", "e1", 110), Event("t1", "e2", 120, "ActorFailed", "proc\"1"),
          Event("t1", "e3", 130, "ActorFailed", "second")});
  auto got = Get("t1");
  EXPECT_EQ(got.trace.status, "Failed");
  EXPECT_EQ(got.trace.status_json, R"({"Failed":{"error":"actor proc\"1 failed"}})");
  // A later failure keeps the first error.
  Append({Event("t1", "e4", 140, "ActorFailed", "third")});
  EXPECT_EQ(Get("t1").trace.status_json, R"({"Failed":{"error":"actor proc\"1 failed"}})");
  // An unknown trace whose first event is a failure is created Failed.
  Append({Event("t9", "x", 5, "ActorFailed", "a")});
  EXPECT_EQ(Get("t9").trace.status, "Failed");
}

TEST_P(TraceStorageConformance, ActorFailedKeepsAnotherFinalStatus) {
  Put(Trace("done", "f", 100, "Completed"));
  Put(Trace("cancelled", "f", 100, "Cancelled"));
  Put(Trace("pending", "f", 100, "Pending"));
  Append({Event("done", "e", 110, "ActorFailed"), Event("cancelled", "e", 110, "ActorFailed"),
          Event("pending", "e", 110, "ActorFailed")});
  EXPECT_EQ(Get("done").trace.status, "Completed");
  EXPECT_EQ(Get("done").trace.status_json, "\"Completed\"");
  EXPECT_EQ(Get("cancelled").trace.status, "Cancelled");
  EXPECT_EQ(Get("pending").trace.status, "Failed");
}

TEST_P(TraceStorageConformance, QueryTracesFiltersAndOrdersNewestFirst) {
  Put(Trace("a", "f1", 100));
  Put(Trace("b", "f1", 300, "Completed"));
  Put(Trace("c", "f2", 200));
  Put(Trace("d", "f1", 400));
  Append({Event("a", "e", 100, "MessageSent", "worker/processor-1"),
          Event("c", "e", 200, "MessageSent", "source")});

  EXPECT_EQ(Ids(Query({}).traces), (std::vector<std::string>{"d", "b", "c", "a"}));
  TraceQuery by_flow;
  by_flow.flow_id = "f1";
  EXPECT_EQ(Ids(Query(by_flow).traces), (std::vector<std::string>{"d", "b", "a"}));
  TraceQuery by_exec;
  by_exec.execution_id = "exec-c";
  EXPECT_EQ(Ids(Query(by_exec).traces), std::vector<std::string>{"c"});
  TraceQuery by_time;
  by_time.from_ns = 200;
  by_time.to_ns = 300;
  EXPECT_EQ(Ids(Query(by_time).traces), (std::vector<std::string>{"b", "c"}));
  TraceQuery by_status;
  by_status.status = "Completed";
  EXPECT_EQ(Ids(Query(by_status).traces), std::vector<std::string>{"b"});
  TraceQuery by_actor;
  by_actor.actor_filter = "processor";
  EXPECT_EQ(Ids(Query(by_actor).traces), std::vector<std::string>{"a"});
  by_actor.actor_filter = "PROCESSOR";  // substring match is case-sensitive
  EXPECT_EQ(Query(by_actor).total_count, 0u);
  TraceQuery combined;
  combined.flow_id = "f1";
  combined.status = "Running";
  combined.to_ns = 200;
  EXPECT_EQ(Ids(Query(combined).traces), std::vector<std::string>{"a"});
  EXPECT_EQ(Query(combined).traces[0].event_count, 1u);
}

TEST_P(TraceStorageConformance, TotalCountCountsAllMatchesBeyondThePage) {
  for (int i = 0; i < 25; ++i)
    Put(Trace("t" + std::to_string(100 + i), "f", 1000 + i));
  Put(Trace("other", "g", 5000));
  TraceQuery q;
  q.flow_id = "f";
  q.limit = 10;
  q.offset = 20;
  auto r = Query(q);
  EXPECT_EQ(r.total_count, 25u);
  EXPECT_EQ(Ids(r.traces), (std::vector<std::string>{"t104", "t103", "t102", "t101", "t100"}));
  q.offset = 40;
  r = Query(q);
  EXPECT_EQ(r.total_count, 25u);
  EXPECT_TRUE(r.traces.empty());
  q.offset = 0;
  q.limit = 0;
  r = Query(q);
  EXPECT_EQ(r.total_count, 25u);
  EXPECT_TRUE(r.traces.empty());
}

TEST_P(TraceStorageConformance, QueryEventsFilters) {
  Append({Event("t1", "a", 100, "ActorStarted", "x"), Event("t1", "b", 200, "MessageSent", "y"),
          Event("t2", "c", 150, "ActorFailed", "x"), Event("t2", "d", 250, "DataFlow", "y"),
          Event("t3", "e", 50, "MessageSent", "x")});
  EventQuery all;
  EXPECT_EQ(Ids(AllEvents(all)), (std::vector<std::string>{"e", "a", "c", "b", "d"}));
  EventQuery by_trace;
  by_trace.trace_id = "t2";
  EXPECT_EQ(Ids(AllEvents(by_trace)), (std::vector<std::string>{"c", "d"}));
  EventQuery by_actor;
  by_actor.actor_id = "x";
  EXPECT_EQ(Ids(AllEvents(by_actor)), (std::vector<std::string>{"e", "a", "c"}));
  EventQuery by_type;
  by_type.event_types = {"ActorFailed", "DataFlow", "Nope"};
  EXPECT_EQ(Ids(AllEvents(by_type)), (std::vector<std::string>{"c", "d"}));
  EventQuery by_time;
  by_time.from_ns = 100;
  by_time.to_ns = 200;
  EXPECT_EQ(Ids(AllEvents(by_time)), (std::vector<std::string>{"a", "c", "b"}));
  EventQuery none;
  none.trace_id = "missing";
  EXPECT_TRUE(AllEvents(none).empty());
}

TEST_P(TraceStorageConformance, CursorPaginationVisitsEveryEventExactlyOnce) {
  std::vector<StoredEvent> batch;
  std::set<std::string> expected;
  for (int i = 0; i < 103; ++i) {
    // Several traces, repeated timestamps, and arrival out of time order.
    const std::string id = "e" + std::to_string(i);
    batch.push_back(Event("t" + std::to_string(i % 4), id, (i * 37) % 20, "MessageSent",
                          i % 2 == 0 ? "even" : "odd"));
    expected.insert(id);
  }
  Append(std::vector<StoredEvent>(batch.begin(), batch.begin() + 50));
  Append(std::vector<StoredEvent>(batch.begin() + 50, batch.end()));

  EventQuery q;
  q.limit = 7;
  int pages = 0;
  auto events = AllEvents(q, &pages);
  EXPECT_EQ(pages, 15);  // ceil(103 / 7)
  ASSERT_EQ(events.size(), 103u);
  const std::vector<std::string> ids = Ids(events);
  const std::set<std::string> seen(ids.begin(), ids.end());
  EXPECT_EQ(seen.size(), ids.size()) << "an event was returned twice";
  EXPECT_EQ(seen, expected);
  EXPECT_TRUE(std::is_sorted(events.begin(), events.end(), [](const auto& a, const auto& b) {
    return a.timestamp_ns < b.timestamp_ns;
  }));

  // With a filter, and a page size that divides the matches exactly: no empty last page.
  q.actor_id = "even";
  q.limit = 13;  // 52 matches
  events = AllEvents(q, &pages);
  EXPECT_EQ(events.size(), 52u);
  EXPECT_EQ(pages, 4);
  q.trace_id = "t0";
  q.limit = 1;
  EXPECT_EQ(AllEvents(q).size(), 26u);
}

TEST_P(TraceStorageConformance, InvalidCursorIsRejected) {
  EventQuery q;
  q.cursor = "not-a-cursor";
  auto r = storage_->QueryEvents(q);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "invalid event cursor \"not-a-cursor\"");
  q.cursor.clear();
  q.limit = 0;
  r = storage_->QueryEvents(q);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "event query limit must be at least 1");
}

TEST_P(TraceStorageConformance, FlowVersionsAreDistinctNewestFirst) {
  auto with_version = [](std::string id, std::string flow, int64_t start, std::string v) {
    StoredTrace t = Trace(id, flow, start);
    t.version_json = v;
    return t;
  };
  Put(with_version("a", "f", 100, R"({"major":1})"));
  Put(with_version("b", "f", 200, R"({"major":2})"));
  Put(with_version("c", "f", 300, R"({"major":1})"));
  Put(with_version("d", "f", 250, R"({"major":3})"));
  Put(with_version("e", "g", 900, R"({"major":9})"));
  auto v = storage_->GetFlowVersions("f");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(*v, (std::vector<std::string>{R"({"major":1})", R"({"major":3})", R"({"major":2})"}));
  auto none = storage_->GetFlowVersions("nope");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_P(TraceStorageConformance, RetentionDeletesOnlyOldTracesAndTheirEvents) {
  // More traces than one retention chunk (500).
  std::vector<StoredEvent> batch;
  for (int i = 0; i < 1203; ++i) {
    const std::string id = "old" + std::to_string(i);
    Put(Trace(id, "f", 1000 + i));
    batch.push_back(Event(id, "e", 5000));
  }
  Put(Trace("boundary", "f", 3000));
  Put(Trace("new", "f", 4000));
  batch.push_back(Event("new", "e", 4000));
  Append(batch);

  auto deleted = storage_->DeleteTracesBefore(3000);
  ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  EXPECT_EQ(*deleted, 1203u);
  EXPECT_EQ(Ids(Query({}).traces), (std::vector<std::string>{"new", "boundary"}));
  auto gone = storage_->GetTrace("old7");
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value());
  EXPECT_EQ(AllEvents({}).size(), 1u);
  auto again = storage_->DeleteTracesBefore(3000);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0u);
}

TEST_P(TraceStorageConformance, SizeGrowsWithStoredData) {
  auto before = storage_->SizeBytes();
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  std::vector<StoredEvent> batch;
  for (int i = 0; i < 200; ++i) {
    StoredEvent e = Event("t1", "e" + std::to_string(i), i);
    e.json += std::string(500, ' ');
    batch.push_back(e);
  }
  Append(batch);
  auto after = storage_->SizeBytes();
  ASSERT_TRUE(after.ok());
  EXPECT_GE(*after, *before + 200 * 500);
}

TEST_P(TraceStorageConformance, DataSurvivesAReopen) {
  if (!GetParam().persistent) GTEST_SKIP() << GetParam().name << " keeps nothing across restarts";
  StoredTrace t = Trace("t1", "f", 100);
  Put(t);
  Append({Event("t1", "e1", 100), Event("t1", "e2", 200, "ActorFailed", "a")});
  storage_ = GetParam().reopen(std::move(storage_));
  auto got = Get("t1");
  EXPECT_EQ(got.trace.flow_id, "f");
  EXPECT_EQ(got.trace.status, "Failed");
  EXPECT_EQ(Ids(got.events), (std::vector<std::string>{"e1", "e2"}));
  // Idempotency holds across the restart too.
  Append({Event("t1", "e1", 100)});
  EXPECT_EQ(Get("t1").trace.event_count, 2u);
}

TEST_P(TraceStorageConformance, ConcurrentWritersAndReadersSeeWholeBatches) {
  constexpr int kWriters = 3;
  constexpr int kBatches = 40;
  constexpr int kBatchSize = 10;
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      for (int b = 0; b < kBatches; ++b) {
        std::vector<StoredEvent> batch;
        const std::string trace = "w" + std::to_string(w) + "b" + std::to_string(b);
        for (int i = 0; i < kBatchSize; ++i)
          batch.push_back(Event(trace, std::to_string(i), i));
        EXPECT_TRUE(storage_->AppendEvents(batch).ok());
      }
    });
  }
  std::atomic<bool> done{false};
  std::thread reader([&] {
    while (!done.load()) {
      auto r = storage_->QueryTraces({});
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      for (const auto& t : r->traces)
        EXPECT_EQ(t.event_count, uint64_t{kBatchSize}) << t.trace_id;
    }
  });
  for (auto& t : threads)
    t.join();
  done = true;
  reader.join();
  EXPECT_EQ(Query({}).total_count, uint64_t{kWriters * kBatches});
  EXPECT_EQ(AllEvents({}).size(), size_t{kWriters * kBatches * kBatchSize});
}

}  // namespace tracing
