#include "fail_point.h"

#include <algorithm>
#include <cstring>

#include "bson_values.h"

namespace mongosim {

std::string CodeName(int code) {
  switch (code) {
    case 1:
      return "InternalError";
    case 2:
      return "BadValue";
    case 6:
      return "HostUnreachable";
    case 7:
      return "HostNotFound";
    case 11:
      return "UserNotFound";
    case 13:
      return "Unauthorized";
    case 43:
      return "CursorNotFound";
    case 50:
      return "MaxTimeMSExpired";
    case 89:
      return "NetworkTimeout";
    case 91:
      return "ShutdownInProgress";
    case 112:
      return "WriteConflict";
    case 189:
      return "PrimarySteppedDown";
    case 234:
      return "RetryChangeStream";
    case 262:
      return "ExceededTimeLimit";
    case 280:
      return "ChangeStreamFatalError";
    case 286:
      return "ChangeStreamHistoryLost";
    case 9001:
      return "SocketException";
    case 10107:
      return "NotWritablePrimary";
    case 11000:
      return "DuplicateKey";
    case 11600:
      return "InterruptedAtShutdown";
    case 11602:
      return "InterruptedDueToReplStateChange";
    case 13435:
      return "NotPrimaryNoSecondaryOk";
    case 13436:
      return "NotPrimaryOrSecondary";
    default:
      return "Location" + std::to_string(code);
  }
}

CommandError FailCommandPoint::Configure(const bson_t& command) {
  std::string target = StringField(command, "configureFailPoint");
  if (target != "failCommand")
    return BadValue("mongo-sim supports only the 'failCommand' fail point, not '" + target + "'");
  bson_iter_t mode;
  long long times = -1, skip = 0;
  bool on = true;
  if (!bson_iter_init_find(&mode, &command, "mode"))
    return BadValue("configureFailPoint needs a 'mode'");
  if (BSON_ITER_HOLDS_UTF8(&mode)) {
    std::string m = bson_iter_utf8(&mode, nullptr);
    if (m == "off")
      on = false;
    else if (m != "alwaysOn")
      return BadValue("unknown fail point mode '" + m + "'");
  } else if (BSON_ITER_HOLDS_DOCUMENT(&mode)) {
    bson_t m;
    IterDocument(mode, m);
    times = IntField(m, "times", -1);
    skip = IntField(m, "skip", 0);
    if (times < 0 && skip == 0) return BadValue("mode must be {times: N} or {skip: N}");
    if (times == 0) on = false;
  } else {
    return BadValue("mode must be 'alwaysOn', 'off', {times: N} or {skip: N}");
  }
  bson_t data = BSON_INITIALIZER;
  bool has_data = SubDocument(command, "data", data);
  std::lock_guard lock(mu_);
  on_ = on;
  times_ = times;
  skip_ = skip;
  commands_.clear();
  labels_.clear();
  labels_given_ = false;
  error_code_ = 0;
  close_connection_ = block_connection_ = false;
  block_ms_ = 0;
  app_name_.clear();
  if (!on || !has_data) return Ok();
  bson_t list;
  if (SubDocument(data, "failCommands", list)) {
    bson_iter_t e;
    bson_iter_init(&e, &list);
    while (bson_iter_next(&e))
      if (BSON_ITER_HOLDS_UTF8(&e)) commands_.emplace_back(bson_iter_utf8(&e, nullptr));
  }
  error_code_ = static_cast<int>(IntField(data, "errorCode", 0));
  close_connection_ = BoolField(data, "closeConnection", false);
  block_connection_ = BoolField(data, "blockConnection", false);
  block_ms_ = static_cast<int>(IntField(data, "blockTimeMS", 0));
  app_name_ = StringField(data, "appName");
  if (SubDocument(data, "errorLabels", list)) {
    labels_given_ = true;
    bson_iter_t e;
    bson_iter_init(&e, &list);
    while (bson_iter_next(&e))
      if (BSON_ITER_HOLDS_UTF8(&e)) labels_.emplace_back(bson_iter_utf8(&e, nullptr));
  }
  return Ok();
}

FailAction FailCommandPoint::Check(const std::string& name, const std::string& app_name) {
  FailAction action;
  std::lock_guard lock(mu_);
  if (!on_) return action;
  if (std::find(commands_.begin(), commands_.end(), name) == commands_.end()) return action;
  if (!app_name_.empty() && app_name_ != app_name) return action;
  if (skip_ > 0) {
    --skip_;
    return action;
  }
  if (times_ > 0 && --times_ == 0) on_ = false;
  action.triggered = true;
  action.close_connection = close_connection_;
  action.block_ms = block_connection_ ? block_ms_ : 0;
  if (error_code_ != 0) {
    action.error = Error(error_code_, CodeName(error_code_),
                         "Failing command " + name + " via 'failCommand' failpoint");
    action.error.labels = labels_;
  }
  return action;
}

}  // namespace mongosim
