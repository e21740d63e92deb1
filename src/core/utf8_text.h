#pragma once
// Strict UTF-8 checking for the parsers (YAML, CSV): RFC 3629 only, so no
// overlong forms, no UTF-16 surrogates (U+D800..U+DFFF) and nothing above
// U+10FFFF. Hand-written, linear, no allocation: safe on input of any size.

#include <cstddef>
#include <optional>
#include <string_view>

namespace schedulight {

// The byte offset of the first byte that does not start a well-formed UTF-8
// sequence (a truncated sequence is reported at its lead byte); none when
// the whole text is UTF-8.
std::optional<std::size_t> FirstInvalidUtf8(std::string_view text);

inline bool IsUtf8(std::string_view text) { return !FirstInvalidUtf8(text); }

}  // namespace schedulight
