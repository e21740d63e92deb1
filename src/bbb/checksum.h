#pragma once
// The BBB API checksum: a hex digest of callName + queryString + sharedSecret
// (no separators, the query exactly as sent, without the checksum parameter).
// BBB picks the algorithm from the checksum's length, so there is no request
// parameter for it; which one to use is a per-server setting
// (`checksumAlgorithm`, default sha1 because every BBB version accepts it).

#include <optional>
#include <string>
#include <string_view>

namespace schedulight {

enum class ChecksumAlgorithm { kSha1, kSha256, kSha384, kSha512 };

// "sha1", "sha256", "sha384", "sha512" (case-insensitive); nullopt otherwise.
std::optional<ChecksumAlgorithm> ParseChecksumAlgorithm(std::string_view name);
std::string ToString(ChecksumAlgorithm algorithm);

// The algorithm a checksum of this many hex digits was made with, as BBB infers
// it (40 -> sha1, 64 -> sha256, 96 -> sha384, 128 -> sha512).
std::optional<ChecksumAlgorithm> ChecksumAlgorithmForLength(std::size_t hex_digits);

// Lower-case hex digest of data.
std::string HexDigest(ChecksumAlgorithm algorithm, std::string_view data);

// The checksum BBB expects for a call: HexDigest(call + query + secret).
// query is the URL-encoded query string without "checksum=".
std::string ApiChecksum(ChecksumAlgorithm algorithm, std::string_view call, std::string_view query,
                        std::string_view secret);

// Compares two hex checksums in constant time (case-insensitively, as bbb-web 2.5+).
bool ChecksumsEqual(std::string_view a, std::string_view b);

}  // namespace schedulight
