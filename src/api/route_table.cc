#include "api/route_table.h"

#include <algorithm>

namespace schedulight {
namespace {

// "/a/b/c" -> "a", "b", "c"; "//" gives an empty segment, as does a final '/'.
std::vector<std::string_view> SplitPath(std::string_view path) {
  if (path.starts_with('/')) path.remove_prefix(1);
  std::vector<std::string_view> parts;
  for (;;) {
    const std::size_t slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) return parts;
    path.remove_prefix(slash + 1);
  }
}

}  // namespace

void RouteTable::Add(Route route) {
  std::vector<Segment> segments;
  for (std::string_view part : SplitPath(route.path)) {
    if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
      segments.push_back({std::string(part.substr(1, part.size() - 2)), true});
    } else {
      segments.push_back({std::string(part), false});
    }
  }
  routes_.push_back(std::move(route));
  segments_.push_back(std::move(segments));
}

bool RouteTable::MatchSegments(const std::vector<Segment>& segments, std::string_view path,
                               std::map<std::string, std::string>* params) {
  if (path.empty() || path.front() != '/') return false;
  const std::vector<std::string_view> parts = SplitPath(path);
  if (parts.size() != segments.size()) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (segments[i].parameter ? parts[i].empty() : parts[i] != segments[i].text) return false;
  }
  if (params != nullptr) {
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (segments[i].parameter) (*params)[segments[i].text] = std::string(parts[i]);
    }
  }
  return true;
}

RouteMatch RouteTable::Match(const std::string& method, const std::string& path) const {
  const std::string wanted = method == "HEAD" ? "GET" : method;
  RouteMatch match;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    if (!MatchSegments(segments_[i], path, nullptr)) continue;
    match.path_exists = true;
    match.allowed.push_back(routes_[i].method);
    if (match.route != nullptr || routes_[i].method != wanted) continue;
    match.route = &routes_[i];
    MatchSegments(segments_[i], path, &match.params);
  }
  std::ranges::sort(match.allowed);
  match.allowed.erase(std::ranges::unique(match.allowed).begin(), match.allowed.end());
  return match;
}

}  // namespace schedulight
