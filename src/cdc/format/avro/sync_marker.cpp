#include "cdc/format/avro/sync_marker.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

namespace cdc::avro {

SyncMarker SyncMarkerFor(std::string_view resume_token_bson) {
  static constexpr std::string_view kDomain = "rigatoni.avro.sync:";
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  const bool ok =
      ctx != nullptr && EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) == 1 &&
      EVP_DigestUpdate(ctx.get(), kDomain.data(), kDomain.size()) == 1 &&
      EVP_DigestUpdate(ctx.get(), resume_token_bson.data(), resume_token_bson.size()) == 1 &&
      EVP_DigestFinal_ex(ctx.get(), digest, &len) == 1;
  // SHA-256 in the default provider fails only when memory runs out: nothing sensible to return.
  if (!ok || len < SyncMarker{}.size()) std::abort();
  SyncMarker marker;
  std::copy_n(digest, marker.size(), marker.begin());
  return marker;
}

}  // namespace cdc::avro
