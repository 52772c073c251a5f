#include "command_error.h"

namespace mongosim {

void AppendError(bson_t& reply, const CommandError& error) {
  bson_reinit(&reply);
  BSON_APPEND_DOUBLE(&reply, "ok", 0.0);
  BSON_APPEND_UTF8(&reply, "errmsg", error.message.c_str());
  BSON_APPEND_INT32(&reply, "code", error.code);
  BSON_APPEND_UTF8(&reply, "codeName", error.code_name.c_str());
  if (!error.labels.empty()) {
    bson_t labels;
    BSON_APPEND_ARRAY_BEGIN(&reply, "errorLabels", &labels);
    uint32_t i = 0;
    for (const std::string& l : error.labels) {
      std::string key = std::to_string(i++);
      BSON_APPEND_UTF8(&labels, key.c_str(), l.c_str());
    }
    bson_append_array_end(&reply, &labels);
  }
}

}  // namespace mongosim
