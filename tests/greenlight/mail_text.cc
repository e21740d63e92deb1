#include "mail_text.h"

#include <cctype>

namespace schedulight::testing {

std::string DecodedMime(const std::string& mime) {
  std::string out;
  for (std::size_t i = 0; i < mime.size(); ++i) {
    if (mime[i] != '=') {
      out += mime[i];
    } else if (mime.compare(i + 1, 2, "\r\n") == 0) {
      i += 2;  // soft line break
    } else if (i + 2 < mime.size() && std::isxdigit(static_cast<unsigned char>(mime[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(mime[i + 2]))) {
      out += static_cast<char>(std::stoi(mime.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += mime[i];
    }
  }
  return out;
}

}  // namespace schedulight::testing
