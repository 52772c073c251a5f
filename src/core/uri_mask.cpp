#include "core/uri_mask.h"

#include <cctype>

namespace core {
namespace {

constexpr std::string_view kMask = "****";

bool NameIsSecret(std::string_view name) {
  std::string lower(name);
  for (char& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("password") != std::string::npos || lower.find("secret") != std::string::npos ||
         lower.find("token") != std::string::npos;
}

// Masks secret-looking parameters in "a=1&password=x#frag" (the text after '?').
void AppendMaskedQuery(std::string* out, std::string_view query) {
  size_t end = query.find('#');
  std::string_view fragment = end == std::string_view::npos ? "" : query.substr(end);
  query = query.substr(0, end);
  bool first = true;
  while (true) {
    size_t amp = query.find('&');
    std::string_view param = query.substr(0, amp);
    if (!first) *out += '&';
    first = false;
    size_t eq = param.find('=');
    if (eq != std::string_view::npos && NameIsSecret(param.substr(0, eq))) {
      *out += param.substr(0, eq + 1);
      *out += kMask;
    } else {
      *out += param;
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  *out += fragment;
}

}  // namespace

std::string MaskSecretsInUri(std::string_view uri) {
  size_t scheme_end = uri.find("://");
  if (scheme_end == std::string_view::npos) return std::string(uri);
  size_t authority_begin = scheme_end + 3;
  size_t authority_end = uri.find_first_of("/?#", authority_begin);
  if (authority_end == std::string_view::npos) authority_end = uri.size();
  std::string_view authority = uri.substr(authority_begin, authority_end - authority_begin);

  std::string out(uri.substr(0, authority_begin));
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    size_t colon = userinfo.find(':');
    if (colon != std::string_view::npos) {
      out += userinfo.substr(0, colon + 1);
      out += kMask;
    } else {
      out += userinfo;
    }
    out += authority.substr(at);
  } else {
    out += authority;
  }
  std::string_view rest = uri.substr(authority_end);
  size_t q = rest.find('?');
  size_t hash = rest.find('#');
  if (q != std::string_view::npos && (hash == std::string_view::npos || q < hash)) {
    out += rest.substr(0, q + 1);
    AppendMaskedQuery(&out, rest.substr(q + 1));
  } else {
    out += rest;
  }
  return out;
}

}  // namespace core
