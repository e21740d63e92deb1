#pragma once
// Bearer-token authentication (RFC 6750) against the tokens of the app config
// (api.tokens, api.token_file). Tokens are compared in constant time: both
// sides are hashed with SHA-256 and the digests compared with CRYPTO_memcmp,
// so neither the content nor the length of a token leaks through timing.
// With no token configured every request passes (allowed on loopback only;
// see api_worker.h).

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace schedulight {

class BearerAuth {
 public:
  explicit BearerAuth(const std::vector<std::string>& tokens);

  bool enabled() const { return !digests_.empty(); }

  // Whether an Authorization header value ("Bearer <token>") carries a
  // configured token. Always true when no token is configured.
  bool Allows(std::string_view authorization) const;

 private:
  using Digest = std::array<unsigned char, 32>;
  static Digest Hash(std::string_view text);
  std::vector<Digest> digests_;
};

}  // namespace schedulight
