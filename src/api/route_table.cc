#include "api/route_table.h"

#include <algorithm>

namespace schedulight {
namespace {

std::string EscapeRegex(const std::string& text) {
  static const std::string kSpecial = R"(\^$.|?*+()[]{})";
  std::string escaped;
  for (char c : text) {
    if (kSpecial.find(c) != std::string::npos) escaped += '\\';
    escaped += c;
  }
  return escaped;
}

}  // namespace

void RouteTable::Add(Route route) {
  // "{name}" matches one path segment; everything else literally.
  Compiled compiled;
  std::string pattern;
  std::size_t at = 0;
  while (at < route.path.size()) {
    const std::size_t open = route.path.find('{', at);
    if (open == std::string::npos) {
      pattern += EscapeRegex(route.path.substr(at));
      break;
    }
    const std::size_t close = route.path.find('}', open);
    pattern += EscapeRegex(route.path.substr(at, open - at)) + "([^/]+)";
    compiled.names.push_back(route.path.substr(open + 1, close - open - 1));
    at = close + 1;
  }
  compiled.pattern = std::regex(pattern);
  routes_.push_back(std::move(route));
  compiled_.push_back(std::move(compiled));
}

RouteMatch RouteTable::Match(const std::string& method, const std::string& path) const {
  const std::string wanted = method == "HEAD" ? "GET" : method;
  RouteMatch match;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    std::smatch found;
    if (!std::regex_match(path, found, compiled_[i].pattern)) continue;
    match.path_exists = true;
    match.allowed.push_back(routes_[i].method);
    if (match.route != nullptr || routes_[i].method != wanted) continue;
    match.route = &routes_[i];
    for (std::size_t n = 0; n < compiled_[i].names.size(); ++n) {
      match.params[compiled_[i].names[n]] = found[n + 1].str();
    }
  }
  std::ranges::sort(match.allowed);
  match.allowed.erase(std::ranges::unique(match.allowed).begin(), match.allowed.end());
  return match;
}

}  // namespace schedulight
