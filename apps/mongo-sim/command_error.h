// The error a command answers with: MongoDB's numeric code, its codeName, a message, and labels.
#pragma once

#include <bson/bson.h>

#include <string>
#include <vector>

namespace mongosim {

struct CommandError {
  int code = 0;  // 0: success
  std::string code_name;
  std::string message;
  std::vector<std::string> labels;

  bool ok() const { return code == 0; }
};

inline CommandError Ok() {
  return {};
}
inline CommandError Error(int code, std::string code_name, std::string message) {
  return {code, std::move(code_name), std::move(message), {}};
}

// Common codes, named as MongoDB names them.
inline CommandError BadValue(std::string m) {
  return Error(2, "BadValue", std::move(m));
}
inline CommandError FailedToParse(std::string m) {
  return Error(9, "FailedToParse", std::move(m));
}
inline CommandError TypeMismatch(std::string m) {
  return Error(14, "TypeMismatch", std::move(m));
}
inline CommandError NamespaceNotFound(std::string m) {
  return Error(26, "NamespaceNotFound", std::move(m));
}
inline CommandError CursorNotFound(long long id) {
  return Error(43, "CursorNotFound", "cursor id " + std::to_string(id) + " not found");
}

// Replaces `reply` with {ok: 0, errmsg, code, codeName[, errorLabels]}.
void AppendError(bson_t& reply, const CommandError& error);

}  // namespace mongosim
