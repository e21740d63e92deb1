#include "greenlight/identifiers.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <array>
#include <stdexcept>

#include "greenlight/random_text.h"

namespace schedulight {
namespace {

// a-z and 2-9 without b i l o s 5 8 (Room#uid_chunk / User#name_chunk @v2).
constexpr std::string_view kUnambiguous = "acdefghjkmnpqrtuvwxyz234679";

// ASCII spelling of U+00C0..U+00FF (ActiveSupport's default transliteration).
constexpr std::array<std::string_view, 64> kLatin1 = {
    "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I",  "I",
    "D", "N", "O", "O", "O", "O", "O",  "x", "O", "U", "U", "U", "U", "Y", "Th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// Transliterates to ASCII; characters without a spelling become '?'.
std::string Transliterate(std::string_view text) {
  std::string ascii;
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      ascii.push_back(static_cast<char>(byte));
      ++i;
      continue;
    }
    // Two-byte UTF-8 sequences C3 80..C3 BF are U+00C0..U+00FF.
    if (byte == 0xC3 && i + 1 < text.size()) {
      const auto next = static_cast<unsigned char>(text[i + 1]);
      if (next >= 0x80 && next <= 0xBF) {
        ascii.append(kLatin1[next - 0x80]);
        i += 2;
        continue;
      }
    }
    ascii.push_back('?');
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
  }
  return ascii;
}

}  // namespace

std::string Parameterize(std::string_view text) {
  std::string result;
  bool pending_separator = false;
  for (char c : Transliterate(text)) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (IsWordChar(c) && c != '-') {
      if (pending_separator && !result.empty()) result.push_back('-');
      pending_separator = false;
      result.push_back(c);
    } else {
      pending_separator = true;  // '-' itself and everything else separate words
    }
  }
  return result;
}

std::string NewV2RoomUid(std::string_view owner_name) {
  std::string chunk = Parameterize(owner_name).substr(0, 3);
  chunk += RandomText(kUnambiguous, 3 - chunk.size());
  const std::string random = RandomText(kLowerAlphanumerics, 9);
  return fmt::format("{}-{}-{}-{}", chunk, random.substr(0, 3), random.substr(3, 3),
                     random.substr(6, 3));
}

std::string NewV3FriendlyId() {
  const std::string random = RandomText(kLowerAlphanumerics, 12);
  return fmt::format("{}-{}-{}-{}", random.substr(0, 3), random.substr(3, 3), random.substr(6, 3),
                     random.substr(9, 3));
}

std::string NewMeetingId() { return RandomText(kLowerAlphanumerics, 40); }

std::string NewV2UserUid() { return "gl-" + RandomText(kLowerLetters, 12); }

std::string NewRoomPassword() {
  return RandomText(std::string(kLowerLetters) + std::string(kUpperLetters), 12);
}

std::string NewV3AccessCode() { return RandomText(kLowerAlphanumerics, 6); }

std::string NewSessionToken() {
  const std::string seed =
      RandomText(std::string(kLowerAlphanumerics) + std::string(kUpperLetters), 40);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(seed.data(), seed.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

}  // namespace schedulight
