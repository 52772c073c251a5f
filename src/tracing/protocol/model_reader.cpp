#include "tracing/protocol/model_reader.h"

#include <utility>

#include "core/json_writer.h"

namespace tracing::protocol::json {

namespace {

using core::Status;

// An externally tagged enum value: a bare string (unit variant) or {"Variant": body}. On success
// *name is the variant and *body the object's value (null for a bare string).
Status ReadVariantTag(Element value, const FieldPath& path, std::string_view* name, Element* body,
                      bool* is_unit) {
  if (value.get_string().get(*name) == simdjson::SUCCESS) {
    *is_unit = true;
    return Status::Ok();
  }
  simdjson::dom::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS || object.size() != 1) {
    return TypeError(path, "expected a variant name or an object with exactly one key", value);
  }
  for (simdjson::dom::key_value_pair member : object) {
    *name = member.key;
    *body = member.value;
  }
  *is_unit = false;
  return Status::Ok();
}

std::string UnknownVariant(std::string_view name, std::string_view expected) {
  std::string m = "unknown variant \"";
  core::JsonWriter::AppendEscaped(&m, name);
  m.append("\"; expected one of: ");
  m.append(expected);
  return m;
}

Status ReadMessageSnapshot(Element value, const FieldPath& path, MessageSnapshot* out) {
  static constexpr FieldSpec kFields[] = {
      {"message_type", true}, {"size_bytes", true}, {"checksum", true}, {"serialized_data", false}};
  return ReadFields(value, path, kFields, [&](size_t i, Element v, const FieldPath& p) {
    switch (i) {
      case 0:
        return ReadString(v, p, &out->message_type);
      case 1:
        return ReadU64(v, p, &out->size_bytes);
      case 2:
        return ReadString(v, p, &out->checksum);
      default:
        return ReadBytes(v, p, &out->serialized_data);
    }
  });
}

Status ReadDiffType(Element value, const FieldPath& path, DiffType* out) {
  std::string_view s;
  if (value.get_string().get(s) != simdjson::SUCCESS) {
    return TypeError(path, "expected one of \"Full\", \"Incremental\", \"MemoryOnly\"", value);
  }
  if (s == "Full") {
    *out = DiffType::kFull;
  } else if (s == "Incremental") {
    *out = DiffType::kIncremental;
  } else if (s == "MemoryOnly") {
    *out = DiffType::kMemoryOnly;
  } else {
    return Error(path, UnknownVariant(s, "Full, Incremental, MemoryOnly"));
  }
  return Status::Ok();
}

Status ReadStateDiff(Element value, const FieldPath& path, StateDiff* out) {
  static constexpr FieldSpec kFields[] = {{"before", false}, {"after", true}, {"diff_type", true}};
  return ReadFields(value, path, kFields, [&](size_t i, Element v, const FieldPath& p) {
    switch (i) {
      case 0:
        return ReadOptional(v, p, &out->before, ReadBytes);
      case 1:
        return ReadBytes(v, p, &out->after);
      default:
        return ReadDiffType(v, p, &out->diff_type);
    }
  });
}

Status ReadMetrics(Element value, const FieldPath& path, PerformanceMetrics* out) {
  static constexpr FieldSpec kFields[] = {{"execution_time_ns", false},
                                          {"memory_usage_bytes", false},
                                          {"cpu_usage_percent", false},
                                          {"queue_depth", false},
                                          {"throughput_msgs_per_sec", false}};
  return ReadFields(value, path, kFields, [&](size_t i, Element v, const FieldPath& p) {
    switch (i) {
      case 0:
        return ReadOptional(v, p, &out->execution_time_ns, ReadU64);
      case 1:
        return ReadOptional(v, p, &out->memory_usage_bytes, ReadU64);
      case 2:
        return ReadOptional(v, p, &out->cpu_usage_percent, ReadF32);
      case 3:
        return ReadOptional(v, p, &out->queue_depth, ReadU64);
      default:
        return ReadOptional(v, p, &out->throughput_msgs_per_sec, ReadF64);
    }
  });
}

Status ReadAttributes(Element value, const FieldPath& path, std::vector<JsonMember>* out) {
  simdjson::dom::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS) {
    return TypeError(path, "expected an object", value);
  }
  out->clear();
  for (simdjson::dom::key_value_pair member : object) {
    JsonMember& m = out->emplace_back();
    m.key.assign(member.key);
    CORE_RETURN_IF_ERROR(ReadRawJson(member.value, path.Field(member.key), &m.json));
  }
  return Status::Ok();
}

Status ReadEventData(Element value, const FieldPath& path, TraceEventData* out) {
  static constexpr FieldSpec kFields[] = {{"port", false},
                                          {"message", false},
                                          {"state_diff", false},
                                          {"error", false},
                                          {"performance_metrics", true},
                                          {"custom_attributes", true}};
  return ReadFields(value, path, kFields, [&](size_t i, Element v, const FieldPath& p) {
    switch (i) {
      case 0:
        return ReadOptional(v, p, &out->port, ReadString);
      case 1:
        return ReadOptional(v, p, &out->message, ReadMessageSnapshot);
      case 2:
        return ReadOptional(v, p, &out->state_diff, ReadStateDiff);
      case 3:
        return ReadOptional(v, p, &out->error, ReadString);
      case 4:
        return ReadMetrics(v, p, &out->performance_metrics);
      default:
        return ReadAttributes(v, p, &out->custom_attributes);
    }
  });
}

Status ReadCausality(Element value, const FieldPath& path, CausalityInfo* out) {
  static constexpr FieldSpec kFields[] = {{"parent_event_id", false},
                                          {"root_cause_event_id", true},
                                          {"dependency_chain", true},
                                          {"span_id", true}};
  return ReadFields(value, path, kFields, [&](size_t i, Element v, const FieldPath& p) {
    switch (i) {
      case 0:
        return ReadOptional(v, p, &out->parent_event_id, ReadUuid);
      case 1:
        return ReadUuid(v, p, &out->root_cause_event_id);
      case 2:
        return ReadArray(v, p, &out->dependency_chain, ReadUuid);
      default:
        return ReadString(v, p, &out->span_id);
    }
  });
}

Status ReadTags(Element value, const FieldPath& path,
                std::vector<std::pair<std::string, std::string>>* out) {
  simdjson::dom::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS) {
    return TypeError(path, "expected an object of strings", value);
  }
  out->clear();
  for (simdjson::dom::key_value_pair member : object) {
    auto& tag = out->emplace_back();
    tag.first.assign(member.key);
    CORE_RETURN_IF_ERROR(ReadString(member.value, path.Field(member.key), &tag.second));
  }
  return Status::Ok();
}

Status ReadStringList(Element value, const FieldPath& path, std::vector<std::string>* out) {
  return ReadArray(value, path, out, ReadString);
}

Status ReadEventTypeList(Element value, const FieldPath& path, std::vector<EventType>* out) {
  return ReadArray(value, path, out, ReadEventType);
}

Status ReadStatusList(Element value, const FieldPath& path, std::vector<ExecutionStatus>* out) {
  return ReadArray(value, path, out, ReadStatus);
}

}  // namespace

Status ReadEventType(Element value, const FieldPath& path, EventType* out) {
  std::string_view name;
  Element body;
  bool is_unit = false;
  CORE_RETURN_IF_ERROR(ReadVariantTag(value, path, &name, &body, &is_unit));
  const std::optional<EventKind> kind = EventKindFromName(name);
  if (!kind) return Error(path, UnknownVariant(name, EventKindNames()));
  out->kind = *kind;
  out->to_actor.clear();
  out->to_port.clear();
  if (*kind != EventKind::kDataFlow) {
    if (!is_unit && !body.is_null()) {
      return TypeError(path.Field(name), "expected null (a unit variant)", body);
    }
    return Status::Ok();
  }
  if (is_unit) {
    return Error(path,
                 "variant \"DataFlow\" needs its fields: {\"DataFlow\":{\"to_actor\":...,"
                 "\"to_port\":...}}");
  }
  static constexpr FieldSpec kFields[] = {{"to_actor", true}, {"to_port", true}};
  return ReadFields(body, path.Field(name), kFields, [&](size_t i, Element v, const FieldPath& p) {
    return ReadString(v, p, i == 0 ? &out->to_actor : &out->to_port);
  });
}

Status ReadStatus(Element value, const FieldPath& path, ExecutionStatus* out) {
  static constexpr std::string_view kExpected = "Pending, Running, Completed, Failed, Cancelled";
  std::string_view name;
  Element body;
  bool is_unit = false;
  CORE_RETURN_IF_ERROR(ReadVariantTag(value, path, &name, &body, &is_unit));
  out->error.clear();
  if (name == "Failed") {
    out->kind = StatusKind::kFailed;
    if (is_unit) {
      return Error(path, "variant \"Failed\" needs its fields: {\"Failed\":{\"error\":...}}");
    }
    static constexpr FieldSpec kFields[] = {{"error", true}};
    return ReadFields(body, path.Field(name), kFields, [&](size_t, Element v, const FieldPath& p) {
      return ReadString(v, p, &out->error);
    });
  }
  if (name == "Pending") {
    out->kind = StatusKind::kPending;
  } else if (name == "Running") {
    out->kind = StatusKind::kRunning;
  } else if (name == "Completed") {
    out->kind = StatusKind::kCompleted;
  } else if (name == "Cancelled") {
    out->kind = StatusKind::kCancelled;
  } else {
    return Error(path, UnknownVariant(name, kExpected));
  }
  if (!is_unit && !body.is_null()) {
    return TypeError(path.Field(name), "expected null (a unit variant)", body);
  }
  return Status::Ok();
}

Status ReadTraceEvent(Element value, const FieldPath& path, TraceEvent* out) {
  static constexpr FieldSpec kFields[] = {{"event_id", true},   {"timestamp", true},
                                          {"event_type", true}, {"actor_id", true},
                                          {"data", true},       {"causality", true}};
  return ReadFields(value, path, kFields, [&](size_t i, Element v, const FieldPath& p) {
    switch (i) {
      case 0:
        return ReadUuid(v, p, &out->event_id);
      case 1:
        return ReadTime(v, p, &out->timestamp_ns);
      case 2:
        return ReadEventType(v, p, &out->event_type);
      case 3:
        return ReadString(v, p, &out->actor_id);
      case 4:
        return ReadEventData(v, p, &out->data);
      default:
        return ReadCausality(v, p, &out->causality);
    }
  });
}

Status ReadFlowVersion(Element value, const FieldPath& path, FlowVersion* out) {
  static constexpr FieldSpec kFields[] = {
      {"major", true}, {"minor", true}, {"patch", true}, {"git_hash", false}, {"timestamp", true}};
  return ReadFields(value, path, kFields, [&](size_t i, Element v, const FieldPath& p) {
    switch (i) {
      case 0:
        return ReadU32(v, p, &out->major);
      case 1:
        return ReadU32(v, p, &out->minor);
      case 2:
        return ReadU32(v, p, &out->patch);
      case 3:
        return ReadOptional(v, p, &out->git_hash, ReadString);
      default:
        return ReadTime(v, p, &out->timestamp_ns);
    }
  });
}

Status ReadMetadata(Element value, const FieldPath& path, TraceMetadata* out) {
  static constexpr FieldSpec kFields[] = {
      {"user_id", false},   {"session_id", false}, {"environment", true}, {"hostname", true},
      {"process_id", true}, {"thread_id", true},   {"tags", true}};
  return ReadFields(value, path, kFields, [&](size_t i, Element v, const FieldPath& p) {
    switch (i) {
      case 0:
        return ReadOptional(v, p, &out->user_id, ReadString);
      case 1:
        return ReadOptional(v, p, &out->session_id, ReadString);
      case 2:
        return ReadString(v, p, &out->environment);
      case 3:
        return ReadString(v, p, &out->hostname);
      case 4:
        return ReadU32(v, p, &out->process_id);
      case 5:
        return ReadString(v, p, &out->thread_id);
      default:
        return ReadTags(v, p, &out->tags);
    }
  });
}

Status ReadFlowTrace(Element value, const FieldPath& path, FlowTrace* out) {
  static constexpr FieldSpec kFields[] = {
      {"trace_id", true}, {"flow_id", true},    {"execution_id", true},
      {"version", true},  {"start_time", true}, {"end_time", false},
      {"status", true},   {"events", true},     {"metadata", true}};
  return ReadFields(value, path, kFields, [&](size_t i, Element v, const FieldPath& p) {
    switch (i) {
      case 0:
        return ReadUuid(v, p, &out->trace_id);
      case 1:
        return ReadString(v, p, &out->flow_id);
      case 2:
        return ReadUuid(v, p, &out->execution_id);
      case 3:
        return ReadFlowVersion(v, p, &out->version);
      case 4:
        return ReadTime(v, p, &out->start_time_ns);
      case 5:
        return ReadOptional(v, p, &out->end_time_ns, ReadTime);
      case 6:
        return ReadStatus(v, p, &out->status);
      case 7:
        return ReadArray(v, p, &out->events, ReadTraceEvent);
      default:
        return ReadMetadata(v, p, &out->metadata);
    }
  });
}

Status ReadTimeRange(Element value, const FieldPath& path, std::pair<int64_t, int64_t>* out) {
  simdjson::dom::array array;
  if (value.get_array().get(array) != simdjson::SUCCESS || array.size() != 2) {
    return TypeError(path, "expected [start, end] (two RFC 3339 strings)", value);
  }
  CORE_RETURN_IF_ERROR(ReadTime(array.at(0).value_unsafe(), path.At(0), &out->first));
  return ReadTime(array.at(1).value_unsafe(), path.At(1), &out->second);
}

Status ReadTraceQuery(Element value, const FieldPath& path, TraceQuery* out) {
  static constexpr FieldSpec kFields[] = {
      {"flow_id", false},      {"execution_id", false}, {"time_range", false}, {"status", false},
      {"actor_filter", false}, {"limit", false},        {"offset", false}};
  return ReadFields(value, path, kFields, [&](size_t i, Element v, const FieldPath& p) {
    switch (i) {
      case 0:
        return ReadOptional(v, p, &out->flow_id, ReadString);
      case 1:
        return ReadOptional(v, p, &out->execution_id, ReadUuid);
      case 2:
        return ReadOptional(v, p, &out->time_range_ns, ReadTimeRange);
      case 3:
        return ReadOptional(v, p, &out->status, ReadStatus);
      case 4:
        return ReadOptional(v, p, &out->actor_filter, ReadString);
      case 5:
        return ReadOptional(v, p, &out->limit, ReadU64);
      default:
        return ReadOptional(v, p, &out->offset, ReadU64);
    }
  });
}

Status ReadEventQuery(Element value, const FieldPath& path, EventQuery* out) {
  static constexpr FieldSpec kFields[] = {{"trace_id", false},    {"actor_id", false},
                                          {"event_types", false}, {"time_range", false},
                                          {"cursor", false},      {"limit", false}};
  return ReadFields(value, path, kFields, [&](size_t i, Element v, const FieldPath& p) {
    switch (i) {
      case 0:
        return ReadOptional(v, p, &out->trace_id, ReadUuid);
      case 1:
        return ReadOptional(v, p, &out->actor_id, ReadString);
      case 2:
        return ReadOptional(v, p, &out->event_types, ReadEventTypeList);
      case 3:
        return ReadOptional(v, p, &out->time_range_ns, ReadTimeRange);
      case 4:
        return ReadOptional(v, p, &out->cursor, ReadString);
      default:
        return ReadOptional(v, p, &out->limit, ReadU64);
    }
  });
}

Status ReadFilters(Element value, const FieldPath& path, SubscriptionFilters* out) {
  static constexpr FieldSpec kFields[] = {
      {"flow_ids", false}, {"actor_ids", false}, {"event_types", false}, {"status_filter", false}};
  return ReadFields(value, path, kFields, [&](size_t i, Element v, const FieldPath& p) {
    switch (i) {
      case 0:
        return ReadOptional(v, p, &out->flow_ids, ReadStringList);
      case 1:
        return ReadOptional(v, p, &out->actor_ids, ReadStringList);
      case 2:
        return ReadOptional(v, p, &out->event_types, ReadEventTypeList);
      default:
        return ReadOptional(v, p, &out->status_filter, ReadStatusList);
    }
  });
}

}  // namespace tracing::protocol::json
