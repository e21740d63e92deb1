#pragma once
// Where a server's API lives and how a signed request URL looks.
//
// Admins write BBB_URL in many ways; all of these mean the same API base
// "https://bbb.example.org/bigbluebutton/api/":
//   https://bbb.example.org                    https://bbb.example.org/
//   https://bbb.example.org/bigbluebutton      https://bbb.example.org/bigbluebutton/
//   https://bbb.example.org/bigbluebutton/api  https://bbb.example.org/bigbluebutton/api/
// Any other path ending in /api (a load balancer such as Scalelite under a
// prefix) is kept as written; any other path gets "/bigbluebutton/api/" added.

#include <expected>
#include <string>
#include <string_view>

#include "bbb/checksum.h"
#include "bbb/query.h"

namespace schedulight {

// The API base, always ending in "/api/". Errors name what is wrong with the
// URL (not http(s), no host, has a query or fragment).
std::expected<std::string, std::string> NormalizeApiBaseUrl(std::string_view bbb_url);

// base + call + "?" + query + "&checksum=" + checksum; the checksum covers
// call + query + secret. With no parameters: base + call + "?checksum=...".
std::string SignedApiUrl(std::string_view api_base, std::string_view call,
                         const QueryParams& params, std::string_view secret,
                         ChecksumAlgorithm algorithm);

}  // namespace schedulight
