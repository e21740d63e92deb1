#include "api/bearer_auth.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>

namespace schedulight {

BearerAuth::BearerAuth(const std::vector<std::string>& tokens) {
  for (const auto& token : tokens) {
    if (!token.empty()) digests_.push_back(Hash(token));
  }
}

BearerAuth::Digest BearerAuth::Hash(std::string_view text) {
  Digest digest{};
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest.data());
  return digest;
}

bool BearerAuth::Allows(std::string_view authorization) const {
  if (!enabled()) return true;
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size()) return false;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {  // the scheme is case-insensitive
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i]) return false;
  }
  std::string_view token = authorization.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  const Digest given = Hash(token);
  bool allowed = false;
  for (const auto& digest : digests_) {  // every token is compared: no early exit
    allowed |= CRYPTO_memcmp(given.data(), digest.data(), digest.size()) == 0;
  }
  return allowed;
}

}  // namespace schedulight
