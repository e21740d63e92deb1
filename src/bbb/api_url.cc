#include "bbb/api_url.h"

#include <algorithm>
#include <cctype>

namespace schedulight {
namespace {

std::string LowerAscii(std::string_view text) {
  std::string lower(text);
  std::ranges::transform(lower, lower.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

}  // namespace

std::expected<std::string, std::string> NormalizeApiBaseUrl(std::string_view bbb_url) {
  std::string url(bbb_url);
  while (!url.empty() && std::isspace(static_cast<unsigned char>(url.back()))) url.pop_back();
  std::size_t start = url.find_first_not_of(" \t");
  url = start == std::string::npos ? "" : url.substr(start);
  const std::string lower = LowerAscii(url);
  std::size_t scheme_end;
  if (lower.starts_with("https://")) {
    scheme_end = 8;
  } else if (lower.starts_with("http://")) {
    scheme_end = 7;
  } else {
    return std::unexpected("BBB_URL '" + url + "' must start with http:// or https://");
  }
  if (url.find_first_of("?#") != std::string::npos) {
    return std::unexpected("BBB_URL '" + url + "' must not contain a query or fragment");
  }
  std::size_t path_start = url.find('/', scheme_end);
  std::string host = url.substr(scheme_end, path_start - scheme_end);
  if (host.empty()) return std::unexpected("BBB_URL '" + url + "' has no host");
  std::string path = path_start == std::string::npos ? "" : url.substr(path_start);
  while (!path.empty() && path.back() == '/') path.pop_back();
  const std::string lower_path = LowerAscii(path);
  if (lower_path.ends_with("/api")) {
    path += "/";
  } else if (lower_path.ends_with("/bigbluebutton")) {
    path += "/api/";
  } else {
    path += "/bigbluebutton/api/";
  }
  return url.substr(0, scheme_end) + host + path;
}

std::string SignedApiUrl(std::string_view api_base, std::string_view call,
                         const QueryParams& params, std::string_view secret,
                         ChecksumAlgorithm algorithm) {
  const std::string query = BuildQuery(params);
  std::string url(api_base);
  url.append(call).push_back('?');
  if (!query.empty()) url.append(query).push_back('&');
  url += "checksum=" + ApiChecksum(algorithm, call, query, secret);
  return url;
}

}  // namespace schedulight
