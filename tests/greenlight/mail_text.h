#pragma once
// Reading queued mails in the tests: the MIME text with its quoted-printable
// parts decoded, so a test can look for a link that the encoder may have
// broken across lines.

#include <string>

namespace schedulight::testing {

// mime with soft line breaks ("=" CRLF) removed and "=XX" escapes decoded.
std::string DecodedMime(const std::string& mime);

}  // namespace schedulight::testing
