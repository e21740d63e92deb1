#include "bbb/checksum.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <stdexcept>

namespace schedulight {
namespace {

const EVP_MD* Digest(ChecksumAlgorithm algorithm) {
  switch (algorithm) {
    case ChecksumAlgorithm::kSha1:
      return EVP_sha1();
    case ChecksumAlgorithm::kSha256:
      return EVP_sha256();
    case ChecksumAlgorithm::kSha384:
      return EVP_sha384();
    case ChecksumAlgorithm::kSha512:
      return EVP_sha512();
  }
  return EVP_sha1();
}

char LowerAscii(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

}  // namespace

std::optional<ChecksumAlgorithm> ParseChecksumAlgorithm(std::string_view name) {
  std::string lower(name);
  std::ranges::transform(lower, lower.begin(), LowerAscii);
  if (lower == "sha1") return ChecksumAlgorithm::kSha1;
  if (lower == "sha256") return ChecksumAlgorithm::kSha256;
  if (lower == "sha384") return ChecksumAlgorithm::kSha384;
  if (lower == "sha512") return ChecksumAlgorithm::kSha512;
  return std::nullopt;
}

std::string ToString(ChecksumAlgorithm algorithm) {
  switch (algorithm) {
    case ChecksumAlgorithm::kSha1:
      return "sha1";
    case ChecksumAlgorithm::kSha256:
      return "sha256";
    case ChecksumAlgorithm::kSha384:
      return "sha384";
    case ChecksumAlgorithm::kSha512:
      return "sha512";
  }
  return "sha1";
}

std::optional<ChecksumAlgorithm> ChecksumAlgorithmForLength(std::size_t hex_digits) {
  switch (hex_digits) {
    case 40:
      return ChecksumAlgorithm::kSha1;
    case 64:
      return ChecksumAlgorithm::kSha256;
    case 96:
      return ChecksumAlgorithm::kSha384;
    case 128:
      return ChecksumAlgorithm::kSha512;
    default:
      return std::nullopt;
  }
}

std::string HexDigest(ChecksumAlgorithm algorithm, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  // EVP_Digest is one-shot and allocates nothing we must free.
  if (EVP_Digest(data.data(), data.size(), digest, &length, Digest(algorithm), nullptr) != 1) {
    throw std::runtime_error("OpenSSL digest failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0x0f]);
  }
  return hex;
}

std::string ApiChecksum(ChecksumAlgorithm algorithm, std::string_view call, std::string_view query,
                        std::string_view secret) {
  std::string input;
  input.reserve(call.size() + query.size() + secret.size());
  input.append(call).append(query).append(secret);
  return HexDigest(algorithm, input);
}

bool ChecksumsEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    difference |= static_cast<unsigned char>(LowerAscii(a[i]) ^ LowerAscii(b[i]));
  }
  return difference == 0;
}

}  // namespace schedulight
