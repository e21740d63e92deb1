#include "greenlight/random_text.h"

#include <openssl/rand.h>

#include <array>
#include <stdexcept>

namespace schedulight {

std::string RandomText(std::string_view alphabet, std::size_t length) {
  if (alphabet.empty() || alphabet.size() > 256) {
    throw std::invalid_argument("RandomText: alphabet must have 1..256 characters");
  }
  // Rejection sampling: bytes at or above the largest multiple of the alphabet
  // size are dropped, so every character is equally likely.
  const std::size_t limit = 256 - (256 % alphabet.size());
  std::string text;
  text.reserve(length);
  std::array<unsigned char, 64> buffer{};
  while (text.size() < length) {
    if (RAND_bytes(buffer.data(), static_cast<int>(buffer.size())) != 1) {
      throw std::runtime_error("the random number generator failed");
    }
    for (unsigned char byte : buffer) {
      if (byte >= limit) continue;
      text.push_back(alphabet[byte % alphabet.size()]);
      if (text.size() == length) break;
    }
  }
  return text;
}

}  // namespace schedulight
