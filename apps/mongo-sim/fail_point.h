// The `failCommand` fail point, configured with MongoDB's own test command
// (configureFailPoint: "failCommand"), so the same tests run against a real server.
//
// Thread-safe: commands on every connection consult it.
#pragma once

#include <bson/bson.h>

#include <mutex>
#include <string>
#include <vector>

#include "command_error.h"

namespace mongosim {

// What a command must do because of the fail point.
struct FailAction {
  bool triggered = false;
  bool close_connection = false;
  int block_ms = 0;    // sleep this long first (blockConnection)
  CommandError error;  // answer with this error when error.code != 0
};

class FailCommandPoint {
 public:
  // Applies {configureFailPoint: "failCommand", mode, data}. Returns an error for bad specs.
  CommandError Configure(const bson_t& command);

  // Decides, for one command named `name` from a client with `app_name`, whether it fails. Counts
  // down `times` when it triggers.
  FailAction Check(const std::string& name, const std::string& app_name);

 private:
  std::mutex mu_;
  bool on_ = false;
  long long times_ = -1;  // -1: alwaysOn
  long long skip_ = 0;    // mode {skip: N}
  std::vector<std::string> commands_;
  std::string app_name_;
  int error_code_ = 0;
  bool close_connection_ = false;
  bool block_connection_ = false;
  int block_ms_ = 0;
  std::vector<std::string> labels_;
  bool labels_given_ = false;
};

// MongoDB's codeName for the codes tests inject ("HostUnreachable" for 6, ...); "Location<code>"
// for others.
std::string CodeName(int code);

}  // namespace mongosim
