#pragma once
// Bounded parsing of JSON that comes from outside: API bodies, documents read
// back from the store, parameters a BBB server sends. nlohmann::json parses
// iteratively, but copying, comparing and validating a parsed value recurses
// once per nesting level, so a 200 KB body of `[[[[...` is enough to overflow
// the stack later on. This parser refuses such input while it parses:
//
//  - nesting deeper than max_depth (objects and arrays; the outermost value is
//    level 1) stops the parse as soon as the limit is crossed;
//  - numbers that do not fit a double (1e999999) are errors, never inf;
//  - text that is not UTF-8, and anything else that is not JSON, are errors.
//
// The size of the text is for the caller to bound before calling (the API has
// api.max_body_bytes). Errors are values, never exceptions, and carry the
// byte offset where the problem was found. Safe on arbitrary bytes.

#include <cstddef>
#include <expected>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace schedulight {

// Deep enough for every document scheduLight reads or writes (they nest
// four or five levels), shallow enough for recursion over the value.
inline constexpr int kJsonMaxDepth = 64;
// Documents read back from the store: deeper, so that a document accepted at
// kJsonMaxDepth still loads when scheduLight has embedded it in another one.
inline constexpr int kStoredJsonMaxDepth = 128;

struct JsonInputError {
  std::string message;     // plain words: "nested deeper than 64 levels"
  std::size_t offset = 0;  // 0-based byte offset in the text where it was found
};

// Parses exactly one JSON value (surrounding whitespace allowed).
std::expected<nlohmann::json, JsonInputError> ParseJsonInput(std::string_view text,
                                                             int max_depth = kJsonMaxDepth);

}  // namespace schedulight
