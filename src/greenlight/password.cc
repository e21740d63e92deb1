#include "greenlight/password.h"

#include <crypt.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "greenlight/random_text.h"

namespace schedulight {
namespace {

constexpr std::string_view kSymbols = "!#%*+-.=?@_~";

// crypt_data is large (~32 KiB): keep it off the stack, and wipe it after use
// because it held the secret.
struct CryptScratch {
  crypt_data data;
  CryptScratch() { std::memset(&data, 0, sizeof data); }
  ~CryptScratch() { explicit_bzero(&data, sizeof data); }
};

// The secret as bcrypt reads it: a C string of at most 72 bytes.
std::string BcryptSecret(std::string_view password) {
  return std::string(password.substr(0, std::min(password.size(), kBcryptMaxSecretBytes)));
}

}  // namespace

std::expected<std::string, std::string> HashPassword(std::string_view password, int cost) {
  if (cost < 4 || cost > 31) return std::unexpected("bcrypt cost must be 4..31");
  if (password.find('\0') != std::string_view::npos) {
    return std::unexpected("a password must not contain a NUL character");
  }
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  // Random bytes for the salt come from libxcrypt (the OS's CSPRNG).
  if (crypt_gensalt_rn("$2a$", static_cast<unsigned long>(cost), nullptr, 0, salt, sizeof salt) ==
      nullptr) {
    return std::unexpected("could not make a bcrypt salt");
  }
  std::string secret = BcryptSecret(password);
  auto scratch = std::make_unique<CryptScratch>();
  const char* digest = crypt_rn(secret.c_str(), salt, &scratch->data, sizeof scratch->data);
  explicit_bzero(secret.data(), secret.size());
  if (digest == nullptr || std::strncmp(digest, "$2a$", 4) != 0 || std::strlen(digest) != 60) {
    return std::unexpected("bcrypt hashing failed");
  }
  return std::string(digest);
}

std::expected<std::optional<std::string>, std::string> PasswordDigestFor(
    const std::optional<std::string>& password, bool local_account, int cost) {
  if (!password && !local_account) return std::optional<std::string>();
  std::string secret = password ? *password : GeneratePassword();
  auto digest = HashPassword(secret, cost);
  explicit_bzero(secret.data(), secret.size());
  if (!digest) return std::unexpected(digest.error());
  return std::optional<std::string>(std::move(*digest));
}

bool VerifyPassword(std::string_view password, const std::string& digest) {
  if (digest.size() != 60 || digest[0] != '$' || digest[1] != '2') return false;
  if (password.find('\0') != std::string_view::npos) return false;
  std::string secret = BcryptSecret(password);
  auto scratch = std::make_unique<CryptScratch>();
  const char* computed =
      crypt_rn(secret.c_str(), digest.c_str(), &scratch->data, sizeof scratch->data);
  explicit_bzero(secret.data(), secret.size());
  if (computed == nullptr || std::strlen(computed) != digest.size()) return false;
  // Constant-time comparison.
  unsigned char difference = 0;
  for (std::size_t i = 0; i < digest.size(); ++i) {
    difference |= static_cast<unsigned char>(computed[i] ^ digest[i]);
  }
  return difference == 0;
}

std::string GeneratePassword() {
  // One character of each required class, the rest from all of them, in
  // random positions.
  std::string all;
  all.append(kLowerLetters).append(kUpperLetters).append(kDigits).append(kSymbols);
  std::string password = RandomText(kLowerLetters, 1) + RandomText(kUpperLetters, 1) +
                         RandomText(kDigits, 1) + RandomText(kSymbols, 1) + RandomText(all, 20);
  // Fisher-Yates with CSPRNG indices, so the class characters are not always first.
  constexpr std::string_view kIndex = "0123456789abcdefghijklmn";  // 24 distinct values
  for (std::size_t i = password.size() - 1; i > 0; --i) {
    const std::size_t j = kIndex.find(RandomText(kIndex.substr(0, i + 1), 1)[0]);
    std::swap(password[i], password[j]);
  }
  return password;
}

}  // namespace schedulight
