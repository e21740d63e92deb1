#pragma once
// Unguessable random text from OpenSSL's CSPRNG, for everything Greenlight
// generates at random: uids, BBB meeting ids, room passwords, access codes,
// session tokens and generated user passwords.

#include <string>
#include <string_view>

namespace schedulight {

inline constexpr std::string_view kLowerLetters = "abcdefghijklmnopqrstuvwxyz";
inline constexpr std::string_view kUpperLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
inline constexpr std::string_view kDigits = "0123456789";
inline constexpr std::string_view kLowerAlphanumerics = "abcdefghijklmnopqrstuvwxyz0123456789";

// length characters drawn uniformly and independently from alphabet (at most
// 256 characters). Throws std::runtime_error when the CSPRNG fails.
std::string RandomText(std::string_view alphabet, std::size_t length);

}  // namespace schedulight
