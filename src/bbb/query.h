#pragma once
// Query strings as BBB expects them: application/x-www-form-urlencoded, UTF-8,
// RFC 3986 unreserved characters (A-Z a-z 0-9 - _ . ~) as they are, space as
// '+', every other byte as %XX with upper-case hex. The checksum is computed
// over exactly the string BuildQuery returns, so values are never hashed in a
// different form than they are sent (the original's bug).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace schedulight {

// Parameters in the order they go on the wire (BBB hashes them in that order).
using QueryParams = std::vector<std::pair<std::string, std::string>>;

std::string FormEncode(std::string_view text);

// "a=1&b=x+y"; empty for no parameters.
std::string BuildQuery(const QueryParams& params);

// Decodes '+' and %XX; a malformed escape is kept as written (as servlet containers do).
std::string FormDecode(std::string_view text);

// Splits "a=1&b=2" into decoded pairs, in order; "a" alone gives ("a", "").
QueryParams ParseQuery(std::string_view query);

}  // namespace schedulight
